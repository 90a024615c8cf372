#include "nlq/examples.h"

#include <gtest/gtest.h>

#include "conversation/pipeline.h"
#include "conversation/test_space.h"

namespace scry::nlq {
namespace {

const FixedClock kToday(CivilDate{2025, 11, 24});

TEST(ExampleQuestionsTest, EveryExampleOfTheDemoSpaceIsAnsweredWithRows) {
  StatusOr<std::unique_ptr<testing::TestSpace>> space = testing::BuildTestSpace("demo", 5000);
  ASSERT_TRUE(space.ok()) << space.status();
  const std::vector<std::string> examples =
      SuggestExampleQuestions((*space)->model, *(*space)->parser, kToday, 8);
  ASSERT_GE(examples.size(), 6u);
  std::set<std::string> distinct(examples.begin(), examples.end());
  EXPECT_EQ(distinct.size(), examples.size());
  const conversation::SpaceRuntime& runtime = (*space)->runtime;
  conversation::Pipeline pipeline(*runtime.model, *runtime.parser, *runtime.dialect, *runtime.guard,
                                  runtime.policy, kToday);
  StatusOr<std::unique_ptr<engine::Connection>> connection = runtime.engine->Connect();
  ASSERT_TRUE(connection.ok()) << connection.status();
  for (const std::string& question : examples) {
    const conversation::Answer answer = pipeline.Ask(question, nullptr, **connection, {});
    EXPECT_EQ(answer.parse.kind, ParseResult::Kind::kQuery) << question;
    EXPECT_TRUE(answer.status.ok()) << question << ": " << answer.status;
    EXPECT_GT(answer.result.row_count(), 0u) << question;
  }
  EXPECT_EQ(SuggestExampleQuestions((*space)->model, *(*space)->parser, kToday, 3).size(), 3u);
}

TEST(ExampleQuestionsTest, ComeFromTheModelsOwnWords) {
  semantic::Model model;
  semantic::TableModel table;
  table.name = "shipments";
  table.display_name = "Shipments";
  table.row_count = 1000;
  semantic::ColumnModel weight;
  weight.name = "weight_kg";
  weight.display_name = "Weight";
  weight.type = semantic::DataType::kNumber;
  weight.role = semantic::ColumnRole::kMeasure;
  weight.default_aggregation = semantic::Aggregation::kSum;
  semantic::ColumnModel carrier;
  carrier.name = "carrier";
  carrier.display_name = "Carrier";
  carrier.type = semantic::DataType::kText;
  carrier.role = semantic::ColumnRole::kDimension;
  carrier.values = {"Northwind", "Southline", "Eastway"};
  carrier.distinct_count = 3;
  table.columns = {weight, carrier};
  model.tables.push_back(table);
  const Parser parser(model);
  const std::vector<std::string> examples = SuggestExampleQuestions(model, parser, kToday);
  ASSERT_FALSE(examples.empty());
  EXPECT_EQ(examples.front(), "Total weight");
  EXPECT_NE(std::find(examples.begin(), examples.end(), "Weight by carrier"), examples.end());
  for (const std::string& question : examples) {
    EXPECT_EQ(question.find("month"), std::string::npos) << "no time column: " << question;
  }
}

TEST(ExampleQuestionsTest, NothingToMeasureGivesNone) {
  semantic::Model model;
  const Parser parser(model);
  EXPECT_TRUE(SuggestExampleQuestions(model, parser, kToday).empty());
}

}  // namespace
}  // namespace scry::nlq
