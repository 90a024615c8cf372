// Result shapes for running totals (an area) and for charts the question
// asked for: a pie when it suits (one category, one measure that adds up, 2
// to 5 parts, none negative), else the usual chart and a note saying why;
// bars or a line over time; a table.
#include <fmt/format.h>

#include "answer_fixtures.h"

namespace scry::answer::testing {
namespace {

using semantic::ChartPreference;
using semantic::TimeGrain;
using Rows = std::vector<std::vector<std::string>>;

// Twelve months of 2024 with `value(i)`.
Rows Months(size_t count, const std::function<std::string(int)>& value) {
  Rows rows;
  for (size_t i = 0; i < count; ++i) {
    rows.push_back({fmt::format("2024-{:02}-01", i + 1), value(static_cast<int>(i))});
  }
  return rows;
}

}  // namespace

void AddPresentationCases(std::vector<ChartCase>* cases) {
  const auto month = Col("orders", "order_date", TimeGrain::kMonth);
  const auto channel = Col("orders", "channel");
  const auto revenue = Sum("orders", "revenue");
  const Rows by_channel = {{"Online", "120.00"}, {"Store", "60.00"}, {"Phone", "20.00"}};

  // Running totals: an area over the periods, also for a few of them.
  cases->push_back(
      {"area_running_total_by_month",
       Query({month, Running(revenue)}),
       MakeResult({{"month", Date()}, {"cumulative_revenue", Money()}},
                  Months(12, [](int i) { return fmt::format("{}.00", (i + 1) * 100); })),
       "area",
       "area",
       {{"x", "month"}, {"y", "cumulative_revenue"}}});
  cases->push_back(
      {"area_running_count_three_quarters",
       Query({Col("orders", "order_date", TimeGrain::kQuarter), Running(CountRows("orders"))}),
       MakeResult({{"quarter", Date()}, {"cumulative_count", Integer()}},
                  {{"2024-01-01", "4"}, {"2024-04-01", "9"}, {"2024-07-01", "11"}}),
       "area",
       "area",
       {{"x", "quarter"}, {"y", "cumulative_count"}}});
  {
    Rows rows;  // four months, three channels, each channel's total rising
    for (int m = 0; m < 4; ++m) {
      for (int c = 0; c < 3; ++c) {
        rows.push_back({fmt::format("2024-{:02}-01", m + 1), by_channel[c][0],
                        fmt::format("{}.00", (m + 1) * (c + 1) * 10)});
      }
    }
    cases->push_back(
        {"area_running_totals_stacked_per_channel",
         Query({month, channel, Running(revenue)}),
         MakeResult({{"month", Date()}, {"channel", Text()}, {"cumulative_revenue", Money()}},
                    rows),
         "area",
         "area",
         {{"x", "month"}, {"y", "cumulative_revenue"}, {"color", "channel"}}});
  }
  // A line asked for over a running total: a line.
  cases->push_back({"line_asked_for_a_running_total",
                    Asking(ChartPreference::kLine, Query({month, Running(revenue)})),
                    MakeResult({{"month", Date()}, {"cumulative_revenue", Money()}},
                               Months(6, [](int i) { return fmt::format("{}.00", i * 5); })),
                    "line",
                    "line",
                    {{"x", "month"}, {"y", "cumulative_revenue"}}});

  // Pies: only asked for, one category, a measure that adds up, 2 to 5 parts.
  cases->push_back({"pie_asked_three_channels",
                    Asking(ChartPreference::kPie, Query({channel, revenue})),
                    MakeResult({{"channel", Text()}, {"revenue", Money()}}, by_channel),
                    "pie",
                    "arc",
                    {{"theta", "revenue"}, {"color", "channel"}}});
  cases->push_back(
      {"pie_asked_five_regions_of_counts",
       Asking(ChartPreference::kPie, Query({Col("orders", "region"), CountRows("orders")})),
       MakeResult(
           {{"region", Text()}, {"count", Integer()}},
           {{"North", "10"}, {"South", "0"}, {"East", "7"}, {"West", "3"}, {"Central", "1"}}),
       "pie",
       "arc",
       {{"theta", "count"}, {"color", "region"}}});
  cases->push_back({"pie_not_asked_is_bars",
                    Query({channel, revenue}),
                    MakeResult({{"channel", Text()}, {"revenue", Money()}}, by_channel),
                    "bar",
                    "bar",
                    {{"y", "channel"}, {"x", "revenue"}}});
  cases->push_back(
      {"pie_refused_six_parts",
       Asking(ChartPreference::kPie, Query({Col("customers", "country"), CountRows("customers")})),
       MakeResult({{"country", Text()}, {"count", Integer()}}, {{"Land 1", "6"},
                                                                {"Land 2", "5"},
                                                                {"Land 3", "4"},
                                                                {"Land 4", "3"},
                                                                {"Land 5", "2"},
                                                                {"Land 6", "1"}}),
       "bar",
       "bar",
       {{"y", "country"}, {"x", "count"}},
       "Shown as bars: a pie needs 5 parts or fewer."});
  cases->push_back({"pie_refused_negative_value",
                    Asking(ChartPreference::kPie, Query({channel, revenue})),
                    MakeResult({{"channel", Text()}, {"revenue", Money()}},
                               {{"Online", "120.00"}, {"Store", "-15.00"}, {"Phone", "20.00"}}),
                    "bar",
                    "bar",
                    {{"y", "channel"}, {"x", "revenue"}},
                    "Shown as bars: a pie cannot show negative or missing values."});
  cases->push_back({"pie_refused_averages",
                    Asking(ChartPreference::kPie, Query({channel, Avg("orders", "discount_rate")})),
                    MakeResult({{"channel", Text()}, {"avg_discount_rate", Double()}},
                               {{"Online", "0.1"}, {"Store", "0.2"}, {"Phone", "0.05"}}),
                    "bar",
                    "bar",
                    {{"y", "channel"}, {"x", "avg_discount_rate"}},
                    "Shown as bars: a pie needs parts that add up to a whole."});
  cases->push_back({"pie_refused_over_time",
                    Asking(ChartPreference::kPie, Query({month, revenue})),
                    MakeResult({{"month", Date()}, {"revenue", Money()}},
                               Months(4, [](int i) { return fmt::format("{}.00", 10 + i); })),
                    "line",
                    "line",
                    {{"x", "month"}, {"y", "revenue"}},
                    "Shown as a line chart: a pie shows one measure split by one category."});

  // Other wishes: bars or a line over time, a table, and a line with no time.
  cases->push_back({"bars_asked_over_twelve_months",
                    Asking(ChartPreference::kBar, Query({month, revenue})),
                    MakeResult({{"month", Date()}, {"revenue", Money()}},
                               Months(12, [](int i) { return fmt::format("{}.00", 50 + i); })),
                    "bar",
                    "bar",
                    {{"x", "month"}, {"y", "revenue"}}});
  cases->push_back(
      {"line_asked_over_three_years",
       Asking(ChartPreference::kLine,
              Query({Col("orders", "order_date", TimeGrain::kYear), revenue})),
       MakeResult({{"year", Date()}, {"revenue", Money()}},
                  {{"2022-01-01", "10.00"}, {"2023-01-01", "12.00"}, {"2024-01-01", "15.00"}}),
       "line",
       "line",
       {{"x", "year"}, {"y", "revenue"}}});
  cases->push_back({"line_refused_without_time",
                    Asking(ChartPreference::kLine, Query({channel, revenue})),
                    MakeResult({{"channel", Text()}, {"revenue", Money()}}, by_channel),
                    "bar",
                    "bar",
                    {{"y", "channel"}, {"x", "revenue"}},
                    "Shown as bars: a line chart needs a time dimension."});
  cases->push_back({"table_asked",
                    Asking(ChartPreference::kTable, Query({channel, revenue})),
                    MakeResult({{"channel", Text()}, {"revenue", Money()}}, by_channel),
                    "",
                    "",
                    {}});
}

}  // namespace scry::answer::testing
