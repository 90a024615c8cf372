// The answer composer inside the pipeline, on the demo warehouse: every
// example question gets a summary; charts appear where they apply; every
// suggestion parses and, asked in turn, returns rows.
#include <gtest/gtest.h>

#include "answer/number_format.h"
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

  // Every suggestion of `answer` is understood and, asked in turn, returns rows.
  void ExpectSuggestionsReturnRows(const conversation::Answer& answer) {
    for (const std::string& suggestion : answer.suggestions) {
      SCOPED_TRACE(suggestion);
      const conversation::Answer followed = Ask(suggestion);
      ASSERT_EQ(followed.parse.kind, nlq::ParseResult::Kind::kQuery);
      ASSERT_TRUE(followed.status.ok()) << followed.status.ToString();
      EXPECT_GT(followed.result.row_count(), 0u);
    }
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
    suggested += answer.suggestions.size();
    ExpectSuggestionsReturnRows(answer);
  }
  EXPECT_GE(charts, questions.size() / 2);
  EXPECT_GE(suggested, questions.size());
}

// Three suggestions for typical questions, also where a column's name or a
// value is shared by two tables (region, country, "North America"): those are
// named with their table ("store region North America"), else they would only
// get a clarifying question back. Each parses and returns rows.
TEST_F(AnswerPipelineTest, TypicalQuestionsGetThreeSuggestionsThatReturnRows) {
  for (const std::string question :
       {"total revenue", "revenue by month", "revenue by store region",
        "revenue by customer country", "number of orders by store", "revenue by category",
        "revenue by month for Retail", "top 10 customers by revenue",
        "revenue by store region and channel", "average discount by category last quarter"}) {
    SCOPED_TRACE(question);
    const conversation::Answer answer = Ask(question);
    ASSERT_TRUE(answer.status.ok()) << answer.status.ToString();
    EXPECT_EQ(answer.suggestions.size(), 3u) << ::testing::PrintToString(answer.suggestions);
    ExpectSuggestionsReturnRows(answer);
  }
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

TEST_F(AnswerPipelineTest, RunningTotalsAreAreasThatEndOnTheTotal) {
  for (const char* question :
       {"cumulative revenue by month this year", "running total of orders by week this quarter",
        "revenue to date by day this year", "accumulated number of orders by quarter"}) {
    SCOPED_TRACE(question);
    const conversation::Answer answer = Ask(question);
    ASSERT_TRUE(answer.status.ok()) << answer.status.ToString();
    EXPECT_TRUE(answer.parse.interpretation.unused_words.empty());
    ASSERT_EQ(answer.parse.query.select.size(), 2u);
    EXPECT_TRUE(answer.parse.query.select[1].cumulative);
    EXPECT_EQ(answer.chart.kind, "area");
    EXPECT_EQ(answer.chart.spec["mark"]["type"], "area");
    // The summary ends on the last row's running total, as the table shows it.
    const size_t last = answer.result.row_count() - 1;
    const std::string total = GroupThousands(engine::FormatValue(answer.result.column(1), last));
    EXPECT_NE(answer.summary.find(" reached " + total + " in "), std::string::npos)
        << answer.summary;
    EXPECT_FALSE(answer.suggestions.empty());
    ExpectSuggestionsReturnRows(answer);
  }
}

TEST_F(AnswerPipelineTest, PiesWhenAskedAndSmallElseBarsThatSayWhy) {
  for (const char* question :
       {"pie chart of orders by status", "share of revenue by channel as a pie chart",
        "revenue by store region in a donut"}) {
    SCOPED_TRACE(question);
    const conversation::Answer answer = Ask(question);
    ASSERT_TRUE(answer.status.ok()) << answer.status.ToString();
    EXPECT_TRUE(answer.parse.interpretation.unused_words.empty());
    EXPECT_EQ(answer.parse.query.chart, semantic::ChartPreference::kPie);
    EXPECT_EQ(answer.chart.kind, "pie");
    EXPECT_TRUE(answer.chart.note.empty());
    EXPECT_EQ(answer.summary.find("Shown as"), std::string::npos);
    ExpectSuggestionsReturnRows(answer);
  }
  // Eight product categories: bars, and the summary says why.
  const conversation::Answer many = Ask("pie of revenue by product category");
  ASSERT_TRUE(many.status.ok());
  EXPECT_EQ(many.chart.kind, "bar");
  EXPECT_EQ(many.chart.note, "Shown as bars: a pie needs 5 parts or fewer.");
  EXPECT_TRUE(many.summary.ends_with(" Shown as bars: a pie needs 5 parts or fewer."));
  EXPECT_EQ(conversation::AnswerToJson("pie of revenue by product category", many)["chart_note"],
            "Shown as bars: a pie needs 5 parts or fewer.");
  EXPECT_FALSE(conversation::AnswerToJson("pie chart of orders by status",
                                          Ask("pie chart of orders by status"))
                   .contains("chart_note"));
  // Not asked: bars.
  EXPECT_EQ(Ask("orders by status").chart.kind, "bar");
  EXPECT_EQ(Ask("orders by status as a table").chart.kind, "");
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
