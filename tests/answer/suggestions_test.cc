#include "answer/suggestions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "answer_fixtures.h"

namespace scry::answer {
namespace {

using testing::CaseNamed;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::TestModel;

std::vector<std::string> CandidatesFor(const semantic::SemanticQuery& query,
                                       const engine::ResultSet& result) {
  return FollowUpCandidates(TestModel(), query, DescribeResult(TestModel(), &query, result),
                            result);
}

std::vector<std::string> CandidatesFor(const std::string& name) {
  const auto& c = CaseNamed(name);
  return CandidatesFor(*c.query, c.result);
}

TEST(SuggestionsTest, SingleNumberIsBrokenDownAndFollowedOverTime) {
  EXPECT_THAT(CandidatesFor("kpi_total"),
              ElementsAre("total revenue by region", "total revenue by month",
                          "total revenue by channel", "total revenue by segment"));
}

TEST(SuggestionsTest, BreakdownDrillsIntoItsLeader) {
  const auto candidates = CandidatesFor("bars_by_region");
  ASSERT_GE(candidates.size(), 2u);
  EXPECT_EQ(candidates[0], "total revenue for North by channel");
  EXPECT_EQ(candidates[1], "total revenue for North by month");
}

TEST(SuggestionsTest, RunningTotalStaysOneOverAnotherGrainOrSlice) {
  EXPECT_THAT(CandidatesFor("area_running_total_by_month"),
              ElementsAre("cumulative total revenue by quarter", "total revenue by region",
                          "cumulative total revenue for North by month", "total revenue by channel",
                          "total revenue by segment"));
}

TEST(SuggestionsTest, LongListOfNamesOffersTheTopTen) {
  EXPECT_THAT(CandidatesFor("bars_long_tail_folded"),
              Contains("top 10 customers by total revenue"));
  EXPECT_THAT(CandidatesFor("bars_top_named_rows"),
              ::testing::Not(Contains("top 10 customers by total revenue")));
}

TEST(SuggestionsTest, SeriesOverTimeChangesGrainAndSlices) {
  const auto candidates = CandidatesFor("line_by_month");
  ASSERT_GE(candidates.size(), 3u);
  EXPECT_EQ(candidates[0], "total revenue by quarter");
  EXPECT_EQ(candidates[1], "total revenue by region");
  EXPECT_EQ(candidates[2], "total revenue for North by month");
}

TEST(SuggestionsTest, RangeIsKeptAndComparedWithThePreviousPeriod) {
  semantic::SemanticQuery query = *CaseNamed("kpi_total").query;
  query.time_range =
      semantic::TimeRange{{"orders", "order_date"}, {2025, 1, 1}, {2026, 1, 1}, "last year"};
  EXPECT_THAT(CandidatesFor(query, CaseNamed("kpi_total").result),
              Contains("total revenue last year compared with the previous period"));
  EXPECT_THAT(CandidatesFor(query, CaseNamed("kpi_total").result),
              Contains("total revenue by region last year"));
}

TEST(SuggestionsTest, AnotherSliceOfAFilter) {
  semantic::SemanticQuery query = *CaseNamed("kpi_total").query;
  semantic::Predicate online;
  online.lhs = semantic::ValueExpr::Column({"orders", "channel"});
  online.values = {semantic::Literal::Text("Online")};
  query.where.AddConjunct(semantic::Filter::Of(online));
  EXPECT_THAT(CandidatesFor(query, CaseNamed("kpi_total").result),
              Contains("total revenue for Store"));
}

TEST(SuggestionsTest, ListingsGetNone) {
  EXPECT_TRUE(CandidatesFor("no_chart_for_a_listing_of_text").empty());
}

}  // namespace
}  // namespace scry::answer
