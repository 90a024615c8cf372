#include "answer/summary.h"

#include <gtest/gtest.h>

#include "answer_fixtures.h"

namespace scry::answer {
namespace {

using testing::CaseNamed;
using testing::MakeResult;
using testing::Money;
using testing::TestModel;

std::string SummaryOf(const std::optional<semantic::SemanticQuery>& query,
                      const engine::ResultSet& result) {
  const semantic::SemanticQuery* q = query ? &*query : nullptr;
  return Summarize(DescribeResult(TestModel(), q, result), q, result, TestModel());
}

std::string SummaryOf(const std::string& name) {
  const auto& c = CaseNamed(name);
  return SummaryOf(c.query, c.result);
}

// Each expected sentence below is worked out by hand from the case's rows
// (answer_fixtures.cc): the values as the table shows them, totals and shares
// computed from them.

TEST(SummaryTest, SingleNumber) { EXPECT_EQ(SummaryOf("kpi_total"), "Revenue is 1,234,567.50."); }

TEST(SummaryTest, SingleNumberAndItsRise) {
  // 1200.00 against 1000.00: +200.00 is 20.0% of 1000.00.
  EXPECT_EQ(SummaryOf("kpi_with_comparison"),
            "Revenue is 1,200.00, up 20.0% from 1,000.00 (+200.00).");
}

TEST(SummaryTest, SingleNumberAndItsFall) {
  semantic::SemanticQuery query = testing::Query({testing::Sum("orders", "revenue")});
  query.comparison = semantic::PeriodComparison{};
  const auto result =
      MakeResult({{"revenue", Money()}, {"revenue_previous", Money()}, {"revenue_change", Money()}},
                 {{"800.00", "1000.00", "-200.00"}});
  EXPECT_EQ(SummaryOf(query, result), "Revenue is 800.00, down 20.0% from 1,000.00 (-200.00).");
}

TEST(SummaryTest, RunningTotalSaysWhereItEnded) {
  // The last row, 2024-12: 1,200.00; the first, 2024-01: 100.00.
  EXPECT_EQ(SummaryOf("area_running_total_by_month"),
            "Cumulative revenue reached 1,200.00 in 2024-12, from 100.00 in 2024-01, over 12 "
            "periods.");
  EXPECT_EQ(
      SummaryOf("area_running_count_three_quarters"),
      "Cumulative number of orders reached 11 in Q3 2024, from 4 in Q1 2024, over 3 periods.");
}

TEST(SummaryTest, ChartNotDrawnAsAskedSaysWhy) {
  // 120 + 60 + 20 = 200; Online 120 is 60.0%.
  EXPECT_EQ(SummaryOf("pie_asked_three_channels"),
            "Online has the highest revenue: 120.00, 60.0% of the total of 200.00 across 3 "
            "channels. Phone has the lowest: 20.00.");
  const std::string six = SummaryOf("pie_refused_six_parts");
  EXPECT_TRUE(six.ends_with(" Shown as bars: a pie needs 5 parts or fewer.")) << six;
  EXPECT_TRUE(SummaryOf("line_refused_without_time")
                  .ends_with(" Shown as bars: a line chart needs a time dimension."));
  EXPECT_EQ(SummaryOf("pie_not_asked_is_bars").find("Shown as"), std::string::npos);
}

TEST(SummaryTest, CountOfRows) { EXPECT_EQ(SummaryOf("kpi_count"), "Number of orders is 842."); }

TEST(SummaryTest, TimeRangeAndFiltersInWords) {
  semantic::SemanticQuery query = testing::Query({testing::Sum("orders", "revenue")});
  query.time_range =
      semantic::TimeRange{{"orders", "order_date"}, {2025, 1, 1}, {2026, 1, 1}, "last year"};
  semantic::Predicate online;
  online.lhs = semantic::ValueExpr::Column({"orders", "channel"});
  online.values = {semantic::Literal::Text("Online")};
  query.where.AddConjunct(semantic::Filter::Of(online));
  EXPECT_EQ(SummaryOf(query, CaseNamed("kpi_total").result),
            "Revenue (last year, channel Online) is 1,234,567.50.");
  query.time_range->phrase.clear();
  EXPECT_EQ(SummaryOf(query, CaseNamed("kpi_total").result),
            "Revenue (2025-01-01 to 2025-12-31, channel Online) is 1,234,567.50.");
}

TEST(SummaryTest, ChangeOverTimeWithHighLowAndTotal) {
  // Months 2024-01..12 with 100 + 7i: from 100.00 to 177.00 is +77.0%; the
  // total is 12 * 100 + 7 * 66 = 1,662.00.
  EXPECT_EQ(SummaryOf("line_by_month"),
            "Revenue went from 100.00 in 2024-01 to 177.00 in 2024-12, up 77.0%. The highest was "
            "177.00 in 2024-12 and the lowest 100.00 in 2024-01; 12 periods total 1,662.00.");
}

TEST(SummaryTest, FewYears) {
  // 10.00 → 15.00 is +50.0%; 10 + 12 + 15 = 37.00.
  EXPECT_EQ(SummaryOf("bars_for_few_years"),
            "Revenue went from 10.00 in 2022 to 15.00 in 2024, up 50.0%. The highest was 15.00 "
            "in 2024 and the lowest 10.00 in 2022; 3 periods total 37.00.");
}

TEST(SummaryTest, LeaderAndItsShare) {
  // 50 + 47 + 44 + 41 + 38 = 220; 50 / 220 = 22.7%.
  EXPECT_EQ(SummaryOf("bars_by_region"),
            "North has the highest revenue: 50.00, 22.7% of the total of 220.00 across 5 "
            "regions. Central has the lowest: 38.00.");
}

TEST(SummaryTest, LeaderOfAveragesHasNoShare) {
  EXPECT_EQ(SummaryOf("bars_long_tail_of_averages"),
            "Country 29 has the highest average discount rate: 0.29, of 30 countries. Country 0 "
            "has the lowest: 0.");
}

TEST(SummaryTest, LeaderOfTheLatestPeriod) {
  // 2024-06 holds rows 15..17: Online 15, Store 16, Phone 17.
  EXPECT_EQ(SummaryOf("line_per_channel"),
            "In 2024-06, Phone had the highest revenue: 17.00, of 3 channels over 6 periods.");
}

TEST(SummaryTest, HighestPairOfTwoCategories) {
  EXPECT_EQ(SummaryOf("stacked_bars_region_channel"),
            "The highest revenue is 15.00, for Central and Phone, of 15 combinations.");
}

TEST(SummaryTest, EqualValuesHaveNoLeader) {
  EXPECT_EQ(SummaryOf("grouped_bars_two_amounts"), "All 5 regions have revenue 20.00.");
  EXPECT_EQ(SummaryOf("line_two_measures"),
            "Revenue went from 10.00 in 2024-01 to 10.00 in 2024-06, unchanged.");
}

TEST(SummaryTest, RowCounts) {
  EXPECT_EQ(SummaryOf("no_chart_when_truncated"), "The first 2 of 5,000 rows are shown.");
  EXPECT_EQ(SummaryOf("no_chart_for_no_rows"), "No rows match.");
  EXPECT_EQ(SummaryOf("no_chart_for_a_listing_of_text"), "2 rows.");
}

TEST(SummaryTest, EveryShapeGetsASentence) {
  for (const auto& c : testing::ChartCases()) {
    const std::string summary = SummaryOf(c.query, c.result);
    EXPECT_FALSE(summary.empty()) << c.name;
    EXPECT_EQ(summary.back(), '.') << c.name << ": " << summary;
  }
}

}  // namespace
}  // namespace scry::answer
