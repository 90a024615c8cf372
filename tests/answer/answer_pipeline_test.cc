// The answer composer inside the pipeline, on the demo warehouse: every
// example question gets a summary; charts appear where they apply; every
// suggestion parses and, asked in turn, returns rows.
#include <gtest/gtest.h>

#include "conversation/answer_json.h"
#include "conversation/pipeline.h"
#include "conversation/test_space.h"
#include "nlq/examples.h"

namespace scry::answer {
namespace {

class AnswerPipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto built = testing::BuildTestSpace("answers", 5000);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    space_ = built->release();
  }
  static void TearDownTestSuite() {
    delete space_;
    space_ = nullptr;
  }

  conversation::Answer Ask(const std::string& question) {
    conversation::Pipeline pipeline(space_->model, *space_->parser, *space_->dialect,
                                    *space_->guard, space_->runtime.policy, clock_);
    auto connection = space_->engine->Connect();
    EXPECT_TRUE(connection.ok());
    return pipeline.Ask(question, nullptr, **connection, {});
  }

  // The demo warehouse ends on 2025-11-24.
  FixedClock clock_{CivilDate{2025, 11, 24}};
  // Raw pointer: shared by the suite's tests, deleted in TearDownTestSuite.
  static testing::TestSpace* space_;
};

testing::TestSpace* AnswerPipelineTest::space_ = nullptr;

TEST_F(AnswerPipelineTest, ExampleQuestionsGetSummariesChartsAndSuggestionsThatReturnRows) {
  const std::vector<std::string> questions =
      nlq::SuggestExampleQuestions(space_->model, *space_->parser, clock_, 8);
  ASSERT_GE(questions.size(), 4u);
  size_t charts = 0;
  size_t suggested = 0;
  for (const std::string& question : questions) {
    SCOPED_TRACE(question);
    const conversation::Answer answer = Ask(question);
    ASSERT_TRUE(answer.status.ok()) << answer.status.ToString();
    EXPECT_FALSE(answer.summary.empty());
    charts += answer.chart.kind.empty() ? 0 : 1;
    EXPECT_LE(answer.suggestions.size(), 3u);
    for (const std::string& suggestion : answer.suggestions) {
      SCOPED_TRACE(suggestion);
      ++suggested;
      const conversation::Answer followed = Ask(suggestion);
      ASSERT_EQ(followed.parse.kind, nlq::ParseResult::Kind::kQuery);
      ASSERT_TRUE(followed.status.ok()) << followed.status.ToString();
      EXPECT_GT(followed.result.row_count(), 0u);
    }
  }
  EXPECT_GE(charts, questions.size() / 2);
  EXPECT_GE(suggested, questions.size());
}

TEST_F(AnswerPipelineTest, AnswerJsonCarriesChartSummaryAndSuggestions) {
  const std::vector<std::string> questions =
      nlq::SuggestExampleQuestions(space_->model, *space_->parser, clock_, 8);
  ASSERT_GE(questions.size(), 2u);
  // The second example groups a measure by a dimension: bars.
  const conversation::Answer answer = Ask(questions[1]);
  ASSERT_TRUE(answer.status.ok());
  const nlohmann::json json = conversation::AnswerToJson(questions[1], answer);
  ASSERT_TRUE(json.contains("chart")) << json.dump(2);
  EXPECT_EQ(json["chart"]["data"]["name"], "result");
  EXPECT_EQ(json["summary"], answer.summary);
  EXPECT_EQ(json["suggestions"].size(), answer.suggestions.size());
  EXPECT_TRUE(json["timings_ms"].contains("compose"));
}

TEST_F(AnswerPipelineTest, OwnSqlGetsChartAndSummaryButNoSuggestions) {
  conversation::Pipeline pipeline(space_->model, *space_->parser, *space_->dialect, *space_->guard,
                                  space_->runtime.policy, clock_);
  auto connection = space_->engine->Connect();
  ASSERT_TRUE(connection.ok());
  const conversation::Answer answer =
      pipeline.RunSql("SELECT count(*) AS n FROM orders", **connection, {});
  ASSERT_TRUE(answer.status.ok()) << answer.status.ToString();
  EXPECT_EQ(answer.chart.kind, "kpi");
  EXPECT_EQ(answer.summary.rfind("N is ", 0), 0u) << answer.summary;
  EXPECT_TRUE(answer.suggestions.empty());
}

}  // namespace
}  // namespace scry::answer
