#include "answer/chart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "answer/number_format.h"
#include "answer_fixtures.h"

namespace scry::answer {
namespace {

using nlohmann::json;
using testing::ChartCase;
using testing::ChartCases;
using testing::TestModel;

Chart ChartFor(const ChartCase& c) {
  const ResultShape shape = DescribeResult(TestModel(), c.query ? &*c.query : nullptr, c.result);
  return ChooseChart(shape, c.result);
}

// True when any object in `spec` has `key`.
bool HasKey(const json& spec, const std::string& key) {
  if (spec.is_object()) {
    if (spec.contains(key)) return true;
    for (const auto& [name, value] : spec.items()) {
      if (HasKey(value, key)) return true;
    }
  } else if (spec.is_array()) {
    for (const json& value : spec) {
      if (HasKey(value, key)) return true;
    }
  }
  return false;
}

class ChartShapeTest : public ::testing::TestWithParam<ChartCase> {};

TEST_P(ChartShapeTest, ChoosesTheExpectedMarkAndEncodings) {
  const ChartCase& c = GetParam();
  const Chart chart = ChartFor(c);
  ASSERT_EQ(chart.kind, c.kind) << chart.spec.dump(2);
  EXPECT_EQ(chart.note, c.note);
  if (c.kind.empty()) {
    EXPECT_TRUE(chart.spec.is_null());
    return;
  }
  const json& view = chart.spec.contains("layer") ? chart.spec["layer"][0] : chart.spec;
  const json& mark = view["mark"];
  EXPECT_EQ(mark.is_string() ? mark.get<std::string>() : mark["type"].get<std::string>(), c.mark);
  for (const auto& [channel, field] : c.encodings) {
    ASSERT_TRUE(view["encoding"].contains(channel)) << channel << "\n" << chart.spec.dump(2);
    EXPECT_EQ(view["encoding"][channel]["field"], field) << channel;
  }
}

TEST_P(ChartShapeTest, NamesItsDataAndFetchesNothing) {
  const Chart chart = ChartFor(GetParam());
  if (chart.kind.empty()) return;
  EXPECT_EQ(chart.spec["data"], json({{"name", kChartDataName}}));
  EXPECT_FALSE(HasKey(chart.spec, "url"));
  EXPECT_FALSE(HasKey(chart.spec, "values"));
  ASSERT_TRUE(chart.spec["description"].is_string());
  EXPECT_FALSE(chart.spec["description"].get<std::string>().empty());
}

INSTANTIATE_TEST_SUITE_P(Shapes, ChartShapeTest, ::testing::ValuesIn(ChartCases()),
                         [](const auto& info) { return info.param.name; });

const ChartCase& Case(const std::string& name) { return testing::CaseNamed(name); }

TEST(ChartTest, CataloguesAtLeastTwentyFiveShapes) { EXPECT_GE(ChartCases().size(), 25u); }

TEST(ChartTest, AxisTitlesAndFormatsComeFromTheModel) {
  const json spec = ChartFor(Case("bars_by_region")).spec;
  EXPECT_EQ(spec["encoding"]["y"]["title"], "Region");
  EXPECT_EQ(spec["encoding"]["x"]["title"], "Revenue");
  // Ticks of a currency axis drop the cents ("40", not "40.00"); the tooltip keeps them.
  EXPECT_EQ(spec["encoding"]["x"]["axis"]["format"], ",.2~f");
  EXPECT_EQ(spec["encoding"]["tooltip"][1]["format"], ",.2f");
  EXPECT_EQ(spec["encoding"]["y"]["sort"], "-x");
  const json millions = ChartFor(Case("bars_of_millions")).spec;
  EXPECT_EQ(millions["encoding"]["x"]["axis"]["format"], ".3~s");  // 2.4M
  EXPECT_EQ(millions["encoding"]["tooltip"][1]["format"], ",.2f");
  const json counts = ChartFor(Case("bars_for_countries_not_a_map")).spec;
  EXPECT_EQ(counts["encoding"]["x"]["axis"]["format"], ",d");
  EXPECT_EQ(counts["encoding"]["x"]["title"], "Number of customers");
  const json rates = ChartFor(Case("bars_long_tail_of_averages")).spec;
  EXPECT_EQ(rates["encoding"]["x"]["axis"]["format"], ".1~%");  // fractions
  EXPECT_EQ(rates["encoding"]["x"]["title"], "Average discount rate");
}

TEST(ChartTest, AxisTicksAreShorterThanTheValues) {
  using semantic::ValueFormat;
  EXPECT_EQ(AxisFormat(ValueFormat::kCurrency, false, 99999.5), ",.2~f");
  EXPECT_EQ(AxisFormat(ValueFormat::kCurrency, false, 100000), ".3~s");
  EXPECT_EQ(AxisFormat(ValueFormat::kCount, false, 250), ",d");
  EXPECT_EQ(AxisFormat(ValueFormat::kCount, false, 4.2e6), ".3~s");
  EXPECT_EQ(AxisFormat(ValueFormat::kPlain, false, 3.5e9), ",.2~f");  // not "3.5G"
  EXPECT_EQ(AxisFormat(ValueFormat::kPercent, true, 0.4), ".1~%");
  EXPECT_EQ(AxisFormat(ValueFormat::kPercent, false, 40), ",.1~f");
  EXPECT_EQ(AxisFormat(ValueFormat::kYear, false, 2024), "d");
}

TEST(ChartTest, DatesAreFormattedByGrain) {
  EXPECT_EQ(ChartFor(Case("line_by_month")).spec["encoding"]["x"]["timeUnit"], "utcyearmonth");
  EXPECT_EQ(ChartFor(Case("bars_two_quarters_per_channel")).spec["encoding"]["x"]["timeUnit"],
            "utcyearquarter");
  const json years = ChartFor(Case("bars_for_few_years")).spec;
  EXPECT_EQ(years["encoding"]["x"]["timeUnit"], "utcyear");
  EXPECT_EQ(years["encoding"]["x"]["type"], "ordinal");
  EXPECT_EQ(ChartFor(Case("line_timestamps_from_sql")).spec["encoding"]["x"]["scale"]["type"],
            "utc");
}

TEST(ChartTest, LongTailOfSumsIsFoldedIntoOther) {
  const json spec = ChartFor(Case("bars_long_tail_folded")).spec;
  const std::string transforms = spec["transform"].dump();
  EXPECT_THAT(transforms, ::testing::HasSubstr("datum.__rank <= 19"));
  EXPECT_THAT(transforms, ::testing::HasSubstr("'Other'"));
  EXPECT_THAT(spec["description"].get<std::string>(),
              ::testing::HasSubstr("the 19 largest, the other 11 added up as Other"));
}

TEST(ChartTest, LongTailOfAveragesKeepsTheHighest) {
  const json spec = ChartFor(Case("bars_long_tail_of_averages")).spec;
  EXPECT_THAT(spec["transform"].dump(), ::testing::HasSubstr("datum.__rank <= 20"));
  EXPECT_THAT(spec["transform"].dump(), ::testing::Not(::testing::HasSubstr("Other")));
}

TEST(ChartTest, KpiShowsItsChangeColouredByDirection) {
  const json spec = ChartFor(Case("kpi_with_comparison")).spec;
  ASSERT_EQ(spec["layer"].size(), 2u);
  EXPECT_EQ(spec["layer"][0]["encoding"]["text"]["field"], "revenue");
  EXPECT_EQ(spec["layer"][1]["encoding"]["text"]["field"], "revenue_change");
  EXPECT_EQ(spec["layer"][1]["encoding"]["text"]["format"], "+,.2f");
  EXPECT_EQ(spec["layer"][1]["encoding"]["color"]["condition"]["test"],
            "datum[\"revenue_change\"] >= 0");
}

TEST(ChartTest, FoldedSeriesAreLabelledWithTitles) {
  const json spec = ChartFor(Case("line_two_measures")).spec;
  EXPECT_THAT(spec["transform"][1]["calculate"].get<std::string>(),
              ::testing::HasSubstr("\"Revenue\""));
  EXPECT_EQ(spec["transform"][0]["fold"], json({"revenue", "quantity"}));
}

TEST(ChartTest, ColoursAreTheColourBlindSafePalette) {
  const json spec = ChartFor(Case("stacked_bars_region_channel")).spec;
  EXPECT_EQ(spec["config"]["range"]["category"][0], "#0072B2");
  EXPECT_EQ(spec["config"]["range"]["category"].size(), 8u);
}

TEST(ChartTest, RunningTotalIsAnAreaWithTheModelsFormat) {
  const json spec = ChartFor(Case("area_running_total_by_month")).spec;
  EXPECT_EQ(spec["mark"]["type"], "area");
  EXPECT_EQ(spec["encoding"]["x"]["timeUnit"], "utcyearmonth");
  EXPECT_EQ(spec["encoding"]["y"]["title"], "Cumulative revenue");
  EXPECT_EQ(spec["encoding"]["y"]["axis"]["format"], ",.2~f");  // currency
  EXPECT_THAT(spec["description"].get<std::string>(),
              ::testing::HasSubstr("Area chart of Cumulative revenue over Month, 12 periods"));
  const json counts = ChartFor(Case("area_running_count_three_quarters")).spec;
  EXPECT_EQ(counts["encoding"]["y"]["title"], "Cumulative number of orders");
  EXPECT_EQ(counts["encoding"]["y"]["axis"]["format"], ",d");
  EXPECT_EQ(counts["encoding"]["x"]["type"], "temporal");
}

TEST(ChartTest, PieHasALegendSharesInTooltipsAndADescription) {
  const json spec = ChartFor(Case("pie_asked_three_channels")).spec;
  EXPECT_EQ(spec["encoding"]["color"]["legend"]["title"], "Channel");
  EXPECT_EQ(spec["encoding"]["color"]["sort"]["order"], "descending");
  const json tooltip = spec["encoding"]["tooltip"];
  ASSERT_EQ(tooltip.size(), 3u);
  EXPECT_EQ(tooltip[1]["format"], ",.2f");
  EXPECT_EQ(tooltip[2]["field"], "__share");
  EXPECT_EQ(tooltip[2]["format"], ".1%");
  EXPECT_THAT(spec["transform"].dump(), ::testing::HasSubstr("joinaggregate"));
  // 120 of 200 is 60.0%.
  EXPECT_EQ(spec["description"],
            "Pie chart of Revenue by Channel, 3 parts; the largest, Online, is 60.0% of the total");
}

TEST(ChartTest, NoRowsNeedNoNote) {
  const ChartCase& none = Case("no_chart_for_no_rows");
  semantic::SemanticQuery query = *none.query;
  for (semantic::ChartPreference wish :
       {semantic::ChartPreference::kPie, semantic::ChartPreference::kLine,
        semantic::ChartPreference::kBar, semantic::ChartPreference::kTable}) {
    query.chart = wish;
    const Chart chart = ChooseChart(DescribeResult(TestModel(), &query, none.result), none.result);
    EXPECT_EQ(chart.kind, "");
    EXPECT_EQ(chart.note, "");
  }
}

TEST(ChartTest, ValuesAreRowsKeyedByColumn) {
  const json values = ChartValues(Case("bars_by_region").result);
  ASSERT_EQ(values.size(), 5u);
  EXPECT_EQ(values[0]["region"], "North");
  EXPECT_EQ(values[0]["revenue"].get<double>(), 50.0);
}

}  // namespace
}  // namespace scry::answer
