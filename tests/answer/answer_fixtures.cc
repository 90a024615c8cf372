#include "answer_fixtures.h"

#include <fmt/format.h>

#include <stdexcept>

#include "common/clock.h"
#include "engine/column.h"

namespace scry::answer::testing {
namespace {

using semantic::Aggregation;
using semantic::ColumnModel;
using semantic::ColumnRole;
using semantic::DataType;
using semantic::TimeGrain;
using semantic::ValueExpr;
using semantic::ValueFormat;

ColumnModel Column(std::string name, std::string display, DataType type, ColumnRole role,
                   ValueFormat format = ValueFormat::kPlain,
                   Aggregation aggregation = Aggregation::kNone) {
  ColumnModel column;
  column.name = std::move(name);
  column.display_name = std::move(display);
  column.type = type;
  column.role = role;
  column.format = format;
  column.default_aggregation = aggregation;
  return column;
}

semantic::Model BuildModel() {
  semantic::Model model;
  model.name = "shop";
  semantic::TableModel orders;
  orders.name = "orders";
  orders.display_name = "Orders";
  orders.time_column = "order_date";
  orders.columns = {
      Column("order_id", "Order id", DataType::kInteger, ColumnRole::kIdentifier,
             ValueFormat::kIdentifier),
      Column("order_date", "Order date", DataType::kDate, ColumnRole::kTime),
      Column("region", "Region", DataType::kText, ColumnRole::kDimension),
      Column("channel", "Channel", DataType::kText, ColumnRole::kDimension),
      Column("revenue", "Revenue", DataType::kNumber, ColumnRole::kMeasure, ValueFormat::kCurrency,
             Aggregation::kSum),
      Column("cost", "Cost", DataType::kNumber, ColumnRole::kMeasure, ValueFormat::kCurrency,
             Aggregation::kSum),
      Column("quantity", "Quantity", DataType::kInteger, ColumnRole::kMeasure, ValueFormat::kPlain,
             Aggregation::kSum),
      Column("discount_rate", "Discount rate", DataType::kNumber, ColumnRole::kMeasure,
             ValueFormat::kPercent, Aggregation::kAvg),
  };
  semantic::TableModel customers;
  customers.name = "customers";
  customers.display_name = "Customers";
  customers.name_column = "customer_name";
  customers.columns = {
      Column("customer_id", "Customer id", DataType::kInteger, ColumnRole::kIdentifier),
      Column("customer_name", "Customer", DataType::kText, ColumnRole::kName),
      Column("country", "Country", DataType::kText, ColumnRole::kDimension),
      Column("segment", "Segment", DataType::kText, ColumnRole::kDimension),
      Column("signup_year", "Signup year", DataType::kInteger, ColumnRole::kDimension,
             ValueFormat::kYear),
  };
  orders.columns[2].values = {"North", "South", "East", "West", "Central"};
  orders.columns[3].values = {"Online", "Store", "Phone"};
  customers.columns[3].values = {"Consumer", "Corporate"};
  model.tables = {orders, customers};
  return model;
}

void Append(engine::Column& column, const std::string& text) {
  if (text == "NULL") {
    column.AppendNull();
    return;
  }
  switch (column.type().id) {
    case TypeId::kInteger:
      column.AppendInt64(std::stoll(text));
      return;
    case TypeId::kDouble:
      column.AppendDouble(std::stod(text));
      return;
    case TypeId::kDecimal: {
      std::string digits = text;
      const size_t point = digits.find('.');
      size_t decimals = 0;
      if (point != std::string::npos) {
        decimals = digits.size() - point - 1;
        digits.erase(point, 1);
      }
      while (decimals < column.type().scale) digits += '0', ++decimals;
      column.AppendInt128(std::stoll(digits));
      return;
    }
    case TypeId::kDate:
      column.AppendInt64(DaysFromCivil(*ParseIsoDate(text)));
      return;
    case TypeId::kTimestamp:
      column.AppendInt64(DaysFromCivil(*ParseIsoDate(text.substr(0, 10))) * 86'400'000'000LL);
      return;
    default:
      column.AppendText(text);
      return;
  }
}

std::string Month(int i) { return fmt::format("2024-{:02}-01", i + 1); }

std::vector<std::vector<std::string>> Series(size_t count, auto make) {
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < count; ++i) rows.push_back(make(static_cast<int>(i)));
  return rows;
}

std::vector<ChartCase> BuildCases();

}  // namespace

const semantic::Model& TestModel() {
  static const semantic::Model model = BuildModel();
  return model;
}

ColumnType Text() { return ColumnType::Of(TypeId::kText, "VARCHAR"); }
ColumnType Integer() { return ColumnType::Of(TypeId::kInteger, "BIGINT"); }
ColumnType Double() { return ColumnType::Of(TypeId::kDouble, "DOUBLE"); }
ColumnType Money() { return ColumnType::Decimal(12, 2, "DECIMAL(12,2)"); }
ColumnType Date() { return ColumnType::Of(TypeId::kDate, "DATE"); }
ColumnType Timestamp() { return ColumnType::Of(TypeId::kTimestamp, "TIMESTAMP"); }

engine::ResultSet MakeResult(std::vector<TestColumn> columns,
                             const std::vector<std::vector<std::string>>& rows) {
  std::vector<engine::ColumnInfo> infos;
  engine::Chunk chunk;
  for (const TestColumn& column : columns) {
    infos.push_back({column.name, column.type});
    chunk.columns.emplace_back(column.type);
  }
  for (const auto& row : rows) {
    if (row.size() != columns.size()) throw std::logic_error("row width");
    for (size_t i = 0; i < row.size(); ++i) Append(chunk.columns[i], row[i]);
  }
  engine::ResultSet result(std::move(infos));
  result.AppendRows(chunk, 0, chunk.row_count());
  result.set_total_rows(static_cast<int64_t>(rows.size()));
  return result;
}

semantic::SelectItem Col(const std::string& table, const std::string& column, TimeGrain grain) {
  return {ValueExpr::Column({table, column}, grain), ""};
}
semantic::SelectItem Sum(const std::string& table, const std::string& column) {
  return {ValueExpr::Aggregate(Aggregation::kSum, {table, column}), ""};
}
semantic::SelectItem Avg(const std::string& table, const std::string& column) {
  return {ValueExpr::Aggregate(Aggregation::kAvg, {table, column}), ""};
}
semantic::SelectItem CountRows(const std::string& table) {
  return {ValueExpr::CountRows(table), ""};
}
semantic::SemanticQuery Query(std::vector<semantic::SelectItem> select) {
  semantic::SemanticQuery query;
  query.subject_table = "orders";
  for (const auto& item : select) {
    if (!item.value.IsAggregate()) query.group_by.push_back(item.value);
  }
  query.select = std::move(select);
  return query;
}

semantic::SelectItem Running(semantic::SelectItem item) {
  item.cumulative = true;
  return item;
}
semantic::SemanticQuery Asking(semantic::ChartPreference chart, semantic::SemanticQuery query) {
  query.chart = chart;
  return query;
}

const std::vector<ChartCase>& ChartCases() {
  static const std::vector<ChartCase> cases = BuildCases();
  return cases;
}

const ChartCase& CaseNamed(const std::string& name) {
  for (const ChartCase& c : ChartCases()) {
    if (c.name == name) return c;
  }
  throw std::logic_error("no chart case " + name);
}

namespace {

const char* kRegions[] = {"North", "South", "East", "West", "Central"};
const char* kChannels[] = {"Online", "Store", "Phone"};

std::vector<ChartCase> BuildCases() {
  std::vector<ChartCase> cases;
  const auto month = Col("orders", "order_date", TimeGrain::kMonth);
  const auto region = Col("orders", "region");
  const auto channel = Col("orders", "channel");

  cases.push_back({"kpi_total",
                   Query({Sum("orders", "revenue")}),
                   MakeResult({{"revenue", Money()}}, {{"1234567.50"}}),
                   "kpi",
                   "text",
                   {{"text", "revenue"}}});
  cases.push_back({"kpi_count",
                   Query({CountRows("orders")}),
                   MakeResult({{"count", Integer()}}, {{"842"}}),
                   "kpi",
                   "text",
                   {{"text", "count"}}});
  {
    semantic::SemanticQuery compared = Query({Sum("orders", "revenue")});
    compared.comparison = semantic::PeriodComparison{};
    cases.push_back(
        {"kpi_with_comparison",
         compared,
         MakeResult(
             {{"revenue", Money()}, {"revenue_previous", Money()}, {"revenue_change", Money()}},
             {{"1200.00", "1000.00", "200.00"}}),
         "kpi",
         "text",
         {}});
  }
  cases.push_back({"kpi_from_sql",
                   std::nullopt,
                   MakeResult({{"total", Double()}}, {{"42.5"}}),
                   "kpi",
                   "text",
                   {{"text", "total"}}});
  cases.push_back(
      {"line_by_month",
       Query({month, Sum("orders", "revenue")}),
       MakeResult({{"month", Date()}, {"revenue", Money()}},
                  Series(12,
                         [](int i) {
                           return std::vector<std::string>{Month(i), std::to_string(100 + i * 7)};
                         })),
       "line",
       "line",
       {{"x", "month"}, {"y", "revenue"}}});
  cases.push_back(
      {"bars_for_few_years",
       Query({Col("orders", "order_date", TimeGrain::kYear), Sum("orders", "revenue")}),
       MakeResult({{"year", Date()}, {"revenue", Money()}},
                  {{"2022-01-01", "10.00"}, {"2023-01-01", "12.00"}, {"2024-01-01", "15.00"}}),
       "bar",
       "bar",
       {{"x", "year"}, {"y", "revenue"}}});
  cases.push_back(
      {"line_two_measures",
       Query({month, Sum("orders", "revenue"), Sum("orders", "quantity")}),
       MakeResult({{"month", Date()}, {"revenue", Money()}, {"quantity", Integer()}},
                  Series(6,
                         [](int i) {
                           return std::vector<std::string>{Month(i), "10.00", std::to_string(i)};
                         })),
       "line",
       "line",
       {{"x", "month"}, {"y", "__value"}, {"color", "__series"}}});
  cases.push_back(
      {"line_per_channel",
       Query({month, channel, Sum("orders", "revenue")}),
       MakeResult(
           {{"month", Date()}, {"channel", Text()}, {"revenue", Money()}},
           Series(
               18,
               [](int i) {
                 return std::vector<std::string>{Month(i / 3), kChannels[i % 3], std::to_string(i)};
               })),
       "line",
       "line",
       {{"x", "month"}, {"y", "revenue"}, {"color", "channel"}}});
  cases.push_back(
      {"bars_two_quarters_per_channel",
       Query({Col("orders", "order_date", TimeGrain::kQuarter), channel, Sum("orders", "revenue")}),
       MakeResult({{"quarter", Date()}, {"channel", Text()}, {"revenue", Money()}},
                  Series(6,
                         [](int i) {
                           return std::vector<std::string>{i < 3 ? "2024-01-01" : "2024-04-01",
                                                           kChannels[i % 3], "5.00"};
                         })),
       "bar",
       "bar",
       {{"x", "quarter"}, {"y", "revenue"}, {"color", "channel"}, {"xOffset", "channel"}}});
  cases.push_back({"line_timestamps_from_sql",
                   std::nullopt,
                   MakeResult({{"hour", Timestamp()}, {"load", Double()}},
                              Series(10,
                                     [](int i) {
                                       return std::vector<std::string>{
                                           fmt::format("2024-01-{:02}", i + 1),
                                           std::to_string(i * 1.5)};
                                     })),
                   "line",
                   "line",
                   {{"x", "hour"}, {"y", "load"}}});
  cases.push_back(
      {"bars_by_region",
       Query({region, Sum("orders", "revenue")}),
       MakeResult({{"region", Text()}, {"revenue", Money()}},
                  Series(5,
                         [](int i) {
                           return std::vector<std::string>{kRegions[i], std::to_string(50 - i * 3)};
                         })),
       "bar",
       "bar",
       {{"y", "region"}, {"x", "revenue"}}});
  // Amounts in millions: the axis abbreviates its ticks ("2.4M").
  cases.push_back({"bars_of_millions",
                   Query({region, Sum("orders", "revenue")}),
                   MakeResult({{"region", Text()}, {"revenue", Money()}},
                              Series(4,
                                     [](int i) {
                                       return std::vector<std::string>{
                                           kRegions[i],
                                           std::to_string(2400000 - i * 500000) + ".25"};
                                     })),
                   "bar",
                   "bar",
                   {{"y", "region"}, {"x", "revenue"}}});
  cases.push_back({"bars_long_tail_folded",
                   Query({Col("customers", "customer_name"), Sum("orders", "revenue")}),
                   MakeResult({{"customer_name", Text()}, {"revenue", Money()}},
                              Series(30,
                                     [](int i) {
                                       return std::vector<std::string>{
                                           fmt::format("Customer {}", i), std::to_string(300 - i)};
                                     })),
                   "bar",
                   "bar",
                   {{"y", "__category"}, {"x", "revenue"}}});
  cases.push_back({"bars_long_tail_of_averages",
                   Query({Col("customers", "country"), Avg("orders", "discount_rate")}),
                   MakeResult({{"country", Text()}, {"avg_discount_rate", Double()}},
                              Series(30,
                                     [](int i) {
                                       return std::vector<std::string>{fmt::format("Country {}", i),
                                                                       std::to_string(0.01 * i)};
                                     })),
                   "bar",
                   "bar",
                   {{"y", "country"}, {"x", "avg_discount_rate"}}});
  cases.push_back({"bars_top_named_rows",
                   Query({Col("customers", "customer_name"), Sum("orders", "revenue")}),
                   MakeResult({{"customer_name", Text()}, {"revenue", Money()}},
                              Series(10,
                                     [](int i) {
                                       return std::vector<std::string>{
                                           fmt::format("Customer {}", i), std::to_string(90 - i)};
                                     })),
                   "bar",
                   "bar",
                   {{"y", "customer_name"}, {"x", "revenue"}}});
  cases.push_back(
      {"bars_for_countries_not_a_map",
       Query({Col("customers", "country"), CountRows("customers")}),
       MakeResult(
           {{"country", Text()}, {"count", Integer()}},
           Series(
               8,
               [](int i) {
                 return std::vector<std::string>{fmt::format("Land {}", i), std::to_string(10 + i)};
               })),
       "bar",
       "bar",
       {{"y", "country"}, {"x", "count"}}});
  cases.push_back(
      {"grouped_bars_two_amounts",
       Query({region, Sum("orders", "revenue"), Sum("orders", "cost")}),
       MakeResult({{"region", Text()}, {"revenue", Money()}, {"cost", Money()}},
                  Series(5,
                         [](int i) {
                           return std::vector<std::string>{kRegions[i], "20.00", "12.50"};
                         })),
       "grouped_bar",
       "bar",
       {{"y", "region"}, {"x", "__value"}, {"yOffset", "__series"}}});
  cases.push_back(
      {"scatter_amount_against_quantity",
       Query({region, Sum("orders", "revenue"), Sum("orders", "quantity")}),
       MakeResult(
           {{"region", Text()}, {"revenue", Money()}, {"quantity", Integer()}},
           Series(5,
                  [](int i) {
                    return std::vector<std::string>{kRegions[i], "20.00", std::to_string(i * 4)};
                  })),
       "scatter",
       "point",
       {{"x", "revenue"}, {"y", "quantity"}}});
  cases.push_back(
      {"scatter_listing_from_sql",
       std::nullopt,
       MakeResult(
           {{"price", Double()}, {"units", Integer()}},
           Series(
               50,
               [](int i) {
                 return std::vector<std::string>{std::to_string(i * 0.5), std::to_string(100 - i)};
               })),
       "scatter",
       "point",
       {{"x", "price"}, {"y", "units"}}});
  cases.push_back({"stacked_bars_region_channel",
                   Query({region, channel, Sum("orders", "revenue")}),
                   MakeResult({{"region", Text()}, {"channel", Text()}, {"revenue", Money()}},
                              Series(15,
                                     [](int i) {
                                       return std::vector<std::string>{kRegions[i / 3],
                                                                       kChannels[i % 3],
                                                                       std::to_string(i + 1)};
                                     })),
                   "stacked_bar",
                   "bar",
                   {{"y", "region"}, {"x", "revenue"}, {"color", "channel"}}});
  cases.push_back(
      {"grouped_bars_of_averages",
       Query({region, channel, Avg("orders", "discount_rate")}),
       MakeResult(
           {{"region", Text()}, {"channel", Text()}, {"avg_discount_rate", Double()}},
           Series(15,
                  [](int i) {
                    return std::vector<std::string>{kRegions[i / 3], kChannels[i % 3], "0.1"};
                  })),
       "grouped_bar",
       "bar",
       {{"y", "region"}, {"color", "channel"}, {"yOffset", "channel"}}});
  cases.push_back(
      {"heatmap_two_wide_dimensions",
       Query({Col("customers", "country"), Col("customers", "segment"), CountRows("customers")}),
       MakeResult({{"country", Text()}, {"segment", Text()}, {"count", Integer()}},
                  Series(360,
                         [](int i) {
                           return std::vector<std::string>{fmt::format("Land {}", i / 12),
                                                           fmt::format("Segment {}", i % 12),
                                                           std::to_string(i % 17)};
                         })),
       "heatmap",
       "rect",
       {{"y", "country"}, {"x", "segment"}, {"color", "count"}}});
  cases.push_back(
      {"no_chart_two_dimensions_too_wide",
       Query({Col("customers", "country"), Col("customers", "segment"), CountRows("customers")}),
       MakeResult({{"country", Text()}, {"segment", Text()}, {"count", Integer()}},
                  Series(800,
                         [](int i) {
                           return std::vector<std::string>{fmt::format("Land {}", i / 10),
                                                           fmt::format("Segment {}", i % 10), "1"};
                         })),
       "",
       "",
       {}});
  {
    engine::ResultSet truncated = MakeResult({{"region", Text()}, {"revenue", Money()}},
                                             {{"North", "1.00"}, {"South", "2.00"}});
    truncated.set_truncated(true);
    truncated.set_total_rows(5000);
    cases.push_back({"no_chart_when_truncated",
                     Query({region, Sum("orders", "revenue")}),
                     std::move(truncated),
                     "",
                     "",
                     {}});
  }
  cases.push_back(
      {"no_chart_past_the_row_cap",
       Query({Col("orders", "order_date", TimeGrain::kDay), Sum("orders", "revenue")}),
       MakeResult(
           {{"day", Date()}, {"revenue", Money()}},
           Series(
               1500,
               [](int i) {
                 return std::vector<std::string>{FormatIsoDate(CivilFromDays(19000 + i)), "1.00"};
               })),
       "",
       "",
       {}});
  cases.push_back({"no_chart_for_no_rows",
                   Query({region, Sum("orders", "revenue")}),
                   MakeResult({{"region", Text()}, {"revenue", Money()}}, {}),
                   "",
                   "",
                   {}});
  cases.push_back({"no_chart_for_a_listing_of_text",
                   Query({Col("customers", "customer_name"), Col("customers", "country")}),
                   MakeResult({{"customer_name", Text()}, {"country", Text()}},
                              {{"Ann", "Land 1"}, {"Bo", "Land 2"}}),
                   "",
                   "",
                   {}});
  cases.push_back(
      {"no_chart_for_three_numbers_in_one_row",
       Query({Sum("orders", "revenue"), Sum("orders", "cost"), Sum("orders", "quantity")}),
       MakeResult({{"revenue", Money()}, {"cost", Money()}, {"quantity", Integer()}},
                  {{"10.00", "5.00", "3"}}),
       "",
       "",
       {}});
  cases.push_back(
      {"line_over_integer_years",
       Query({Col("customers", "signup_year"), CountRows("customers")}),
       MakeResult(
           {{"signup_year", Integer()}, {"count", Integer()}},
           Series(
               6,
               [](int i) {
                 return std::vector<std::string>{std::to_string(2019 + i), std::to_string(40 + i)};
               })),
       "line",
       "line",
       {{"x", "signup_year"}, {"y", "count"}}});
  cases.push_back({"bars_field_name_with_a_dot",
                   std::nullopt,
                   MakeResult({{"t.region", Text()}, {"total", Double()}},
                              {{"North", "1.5"}, {"South", "2.5"}}),
                   "bar",
                   "bar",
                   {{"y", "t\\.region"}, {"x", "total"}}});
  cases.push_back(
      {"no_chart_for_dated_listing",
       Query({Col("orders", "order_date"), Col("orders", "revenue")}),
       MakeResult({{"order_date", Date()}, {"revenue", Money()}},
                  {{"2024-01-01", "1.00"}, {"2024-01-01", "2.00"}, {"2024-01-02", "3.00"}}),
       "",
       "",
       {}});
  cases.push_back(
      {"bars_with_comparison_columns",
       [] {
         semantic::SemanticQuery query = Query({Col("orders", "region"), Sum("orders", "revenue")});
         query.comparison = semantic::PeriodComparison{};
         return query;
       }(),
       MakeResult({{"region", Text()},
                   {"revenue", Money()},
                   {"revenue_previous", Money()},
                   {"revenue_change", Money()}},
                  {{"North", "3.00", "2.00", "1.00"}, {"South", "1.00", "2.00", "-1.00"}}),
       "bar",
       "bar",
       {{"y", "region"}, {"x", "revenue"}}});
  AddPresentationCases(&cases);
  return cases;
}

}  // namespace
}  // namespace scry::answer::testing
