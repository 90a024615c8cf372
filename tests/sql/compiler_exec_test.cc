// Compiled SQL executed on both engines (DuckDB and SQLite) against the small
// retail dataset of compiler_test_support.h; every statement also passes the
// guard. Expected numbers were worked out by hand from the dataset.
#include <gtest/gtest.h>

#include "sql/compiler_test_support.h"

namespace scry::sql::testing {
namespace {

// "revenue by store region", the first question of the conversation.
SemanticQuery RevenueByStoreRegion() {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue"))};
  return query;
}

SemanticQuery RevenueByGrain(TimeGrain grain) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_date", grain)),
                  Item(SumOf("order_items", "revenue"))};
  query.order_by = {{Column("orders", "order_date", grain), false}};
  return query;
}

SemanticQuery CountOrdersWhere(Filter filter) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders"))};
  query.where = std::move(filter);
  return query;
}

SemanticQuery ProductsWhere(Filter filter) {
  SemanticQuery query;
  query.select = {Item(Column("products", "product_name"))};
  query.where = std::move(filter);
  return query;
}

SemanticQuery CustomerNames() {
  SemanticQuery query;
  query.subject_table = "customers";
  query.select = {Item(Column("customers", "customer_name"))};
  return query;
}

TEST(CompilerExec, RevenueByStoreRegion) {
  ExpectRows(RevenueByStoreRegion(), {{"Americas", "720"}, {"Europe", "552.5"}});
}

TEST(CompilerExec, RevenueByRegionLastQuarter) {
  SemanticQuery query = RevenueByStoreRegion();
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  ExpectRows(query, {{"Americas", "340"}, {"Europe", "295"}});
}

TEST(CompilerExec, OnlyOnline) {
  SemanticQuery query = RevenueByStoreRegion();
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  query.where = Eq("stores", "channel", Text("Online"));
  ExpectRows(query, {{"Europe", "200"}});
}

TEST(CompilerExec, ByMonthInstead) {
  SemanticQuery query = RevenueByGrain(TimeGrain::kMonth);
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  query.where = Eq("stores", "channel", Text("Online"));
  ExpectRows(query, {{"2024-02-01", "200"}});
}

TEST(CompilerExec, TimeRangeFromTheAnchorsTimeColumn) {
  SemanticQuery query;
  query.select = {Item(SumOf("order_items", "revenue"))};
  query.time_range = semantic::TimeRange{{}, {2024, 4, 1}, {2024, 7, 1}, "Q2 2024"};
  ExpectRows(query, {{"225"}});
}

TEST(CompilerExec, MonthlyRevenue) {
  SemanticQuery query = RevenueByGrain(TimeGrain::kMonth);
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2025, 1, 1});
  ExpectRows(query, {{"2024-01-01", "95"},
                     {"2024-02-01", "200"},
                     {"2024-03-01", "340"},
                     {"2024-04-01", "25"},
                     {"2024-05-01", "120"},
                     {"2024-06-01", "80"},
                     {"2024-12-01", "40"}});
}

TEST(CompilerExec, QuarterlyRevenue) {
  ExpectRows(RevenueByGrain(TimeGrain::kQuarter), {{"2023-01-01", "72.5"},
                                                   {"2023-04-01", "300"},
                                                   {"2024-01-01", "635"},
                                                   {"2024-04-01", "225"},
                                                   {"2024-10-01", "40"}});
}

TEST(CompilerExec, WeeklyRevenueStartsOnMonday) {
  SemanticQuery query = RevenueByGrain(TimeGrain::kWeek);
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2025, 1, 1});
  ExpectRows(query, {{"2024-01-15", "95"},
                     {"2024-01-29", "50"},
                     {"2024-02-19", "150"},
                     {"2024-03-25", "340"},
                     {"2024-04-01", "25"},
                     {"2024-05-06", "120"},
                     {"2024-06-24", "80"},
                     {"2024-12-30", "40"}});
}

TEST(CompilerExec, YearlyRevenue) {
  ExpectRows(RevenueByGrain(TimeGrain::kYear), {{"2023-01-01", "372.5"}, {"2024-01-01", "900"}});
}

TEST(CompilerExec, RunningTotals) {
  SemanticQuery query = RevenueByGrain(TimeGrain::kMonth);
  query.select[1].cumulative = true;
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2025, 1, 1});
  ExpectRows(query, {{"2024-01-01", "95"},
                     {"2024-02-01", "295"},
                     {"2024-03-01", "635"},
                     {"2024-04-01", "660"},
                     {"2024-05-01", "780"},
                     {"2024-06-01", "860"},
                     {"2024-12-01", "900"}});
  SemanticQuery orders;
  orders.select = {Item(Column("orders", "order_date", TimeGrain::kQuarter)),
                   SelectItem{CountRows("orders"), "", true}};
  orders.order_by = {{Column("orders", "order_date", TimeGrain::kQuarter), false}};
  ExpectRows(orders, {{"2022-10-01", "1"},
                      {"2023-01-01", "2"},
                      {"2023-04-01", "3"},
                      {"2024-01-01", "7"},
                      {"2024-04-01", "10"},
                      {"2024-10-01", "11"}});
  // Per region, each its own running total; a metric that adds up.
  SemanticQuery regions;
  regions.select = {Item(Column("stores", "region")),
                    Item(Column("orders", "order_date", TimeGrain::kYear)),
                    SelectItem{ValueExpr::Metric("total_revenue"), "", true}};
  regions.order_by = {{Column("stores", "region"), false},
                      {Column("orders", "order_date", TimeGrain::kYear), false}};
  ExpectRows(regions, {{"Americas", "2023-01-01", "300"},
                       {"Americas", "2024-01-01", "720"},
                       {"Europe", "2023-01-01", "72.5"},
                       {"Europe", "2024-01-01", "552.5"}});
}

TEST(CompilerExec, DailyOrderCounts) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_date", TimeGrain::kDay)), Item(CountRows("orders"))};
  query.time_range = Range("orders", "order_date", {2024, 2, 1}, {2024, 3, 1});
  ExpectRows(query, {{"2024-02-03", "1"}, {"2024-02-20", "1"}});
}

TEST(CompilerExec, CountByStatus) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "status")), Item(CountRows("orders"))};
  ExpectRows(query, {{"cancelled", "1"}, {"completed", "9"}, {"returned", "1"}});
}

TEST(CompilerExec, AggregatesOfEveryKind) {
  SemanticQuery query;
  query.select = {Item(Agg(Aggregation::kCountDistinct, "orders", "customer_id")),
                  Item(Agg(Aggregation::kMin, "orders", "order_date")),
                  Item(Agg(Aggregation::kMax, "orders", "order_date")),
                  Item(Agg(Aggregation::kCount, "orders", "payment_method"))};
  ExpectRows(query, {{"4", "2022-12-01", "2024-12-30", "10"}});
}

TEST(CompilerExec, AverageListPrice) {
  SemanticQuery query;
  query.select = {Item(AvgOf("products", "list_price"))};
  ExpectRows(query, {{"51.375"}});
}

TEST(CompilerExec, InListAndItsNegation) {
  const Filter in =
      Is(Column("orders", "status"), CompareOp::kIn, {Text("returned"), Text("cancelled")});
  ExpectRows(CountOrdersWhere(in), {{"2"}});
  const Filter not_in =
      Is(Column("orders", "status"), CompareOp::kIn, {Text("returned"), Text("cancelled")}, true);
  ExpectRows(CountOrdersWhere(not_in), {{"9"}});
}

TEST(CompilerExec, BetweenDatesIsInclusive) {
  const Filter between =
      Is(Column("orders", "order_date"), CompareOp::kBetween, {Day(2024, 2, 1), Day(2024, 3, 31)});
  ExpectRows(CountOrdersWhere(between), {{"3"}});
}

TEST(CompilerExec, NullChecks) {
  ExpectRows(CountOrdersWhere(Is(Column("orders", "payment_method"), CompareOp::kIsNull, {})),
             {{"1"}});
  ExpectRows(CountOrdersWhere(Is(Column("orders", "payment_method"), CompareOp::kIsNull, {}, true)),
             {{"10"}});
  ExpectRows(CountOrdersWhere(Eq("orders", "customer_id", Literal::Null())), {{"1"}});
}

TEST(CompilerExec, NegatedComparisons) {
  ExpectRows(
      CountOrdersWhere(Is(Column("orders", "status"), CompareOp::kEq, {Text("completed")}, true)),
      {{"2"}});
  SemanticQuery items;
  items.select = {Item(CountRows("order_items"))};
  items.where = Is(Column("order_items", "revenue"), CompareOp::kGt, {Int(100)});
  ExpectRows(items, {{"5"}});
  items.where = Is(Column("order_items", "revenue"), CompareOp::kGt, {Int(100)}, true);
  ExpectRows(items, {{"10"}});
  items.where =
      Is(Column("order_items", "unit_price"), CompareOp::kLe, {Literal::Number(12.5, "12.50")});
  ExpectRows(items, {{"7"}});
}

TEST(CompilerExec, OrAndNesting) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_id"))};
  query.where = Filter::Or(
      {Eq("orders", "status", Text("returned")), Eq("orders", "payment_method", Text("paypal"))});
  query.order_by = {{Column("orders", "order_id"), false}};
  ExpectRows(query, {{"102"}, {"103"}});
  query.where = Filter::And({Filter::Or({Eq("orders", "status", Text("returned")),
                                         Eq("orders", "status", Text("cancelled"))}),
                             Is(Column("orders", "shipping"), CompareOp::kGt, {Int(5)})});
  ExpectRows(query, {{"103"}});
}

TEST(CompilerExec, ContainsEscapesPercent) {
  ExpectRows(
      ProductsWhere(Is(Column("products", "product_name"), CompareOp::kContains, {Text("50%")})),
      {{"Coffee 50% Arabica"}});
}

TEST(CompilerExec, StartsWithEscapesUnderscore) {
  SemanticQuery query =
      ProductsWhere(Is(Column("products", "brand"), CompareOp::kStartsWith, {Text("bean_")}));
  ExpectRows(query, {{"Coffee 50% Arabica"}});
}

TEST(CompilerExec, TextMatchesIgnoreCase) {
  ExpectRows(ProductsWhere(
                 Is(Column("products", "product_name"), CompareOp::kEndsWith, {Text("ARABICA")})),
             {{"Coffee 50% Arabica"}});
  ExpectRows(
      ProductsWhere(Is(Column("products", "product_name"), CompareOp::kContains, {Text("lamp")})),
      {{"Desk Lamp 500W"}});
  ExpectRows(ProductsWhere(
                 Is(Column("products", "product_name"), CompareOp::kContains, {Text("o")}, true)),
             {{"Desk Lamp 500W"}});
}

TEST(CompilerExec, TextMatchOnANumberCastsIt) {
  ExpectRows(CountOrdersWhere(Is(Column("orders", "order_id"), CompareOp::kContains, {Int(10)})),
             {{"10"}});
}

TEST(CompilerExec, QuotesInValuesAreEscaped) {
  SemanticQuery query = CustomerNames();
  query.where = Eq("customers", "customer_name", Text("O'Neil"));
  ExpectRows(query, {});
}

TEST(CompilerExec, AboveAverageSubquery) {
  SemanticQuery average;
  average.select = {Item(AvgOf("products", "list_price"))};
  SemanticQuery query =
      ProductsWhere(InSubquery(Column("products", "list_price"), average, CompareOp::kGt));
  ExpectRows(query, {{"Office Chair"}});
}

TEST(CompilerExec, NotInSubqueryIgnoresNulls) {
  // Order 111 has no customer: a plain NOT IN would match no customer at all.
  SemanticQuery ordering;
  ordering.select = {Item(Column("orders", "customer_id"))};
  SemanticQuery query = CustomerNames();
  query.where = InSubquery(Column("customers", "customer_id"), ordering, CompareOp::kIn, true);
  ExpectRows(query, {{"Eve Stone"}});
}

TEST(CompilerExec, InSubqueryThatJoins) {
  SemanticQuery furniture;
  furniture.subject_table = "orders";
  furniture.select = {Item(Column("orders", "customer_id"))};
  furniture.where = Eq("products", "category", Text("Furniture"));
  SemanticQuery query = CustomerNames();
  query.where = InSubquery(Column("customers", "customer_id"), furniture);
  ExpectRows(query, {{"Alice Martin"}, {"Bob Schulz"}, {"Carla Diaz"}});
}

TEST(CompilerExec, HavingOnCount) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "store_name"))};
  query.group_by = {Column("stores", "store_name")};
  query.subject_table = "orders";
  query.having = Is(CountRows("orders"), CompareOp::kGt, {Int(3)});
  ExpectRows(query, {{"Online EU"}, {"Paris Central"}});
}

TEST(CompilerExec, HavingOnSum) {
  SemanticQuery query;
  query.select = {Item(Column("customers", "customer_name")),
                  Item(SumOf("order_items", "revenue"))};
  query.having = Is(SumOf("order_items", "revenue"), CompareOp::kGt, {Int(300)});
  ExpectRows(query, {{"Alice Martin", "445"}, {"Bob Schulz", "302.5"}, {"Carla Diaz", "365"}});
}

TEST(CompilerExec, AggregateInWhereMovesToHaving) {
  SemanticQuery query;
  query.select = {Item(Column("customers", "customer_name"))};
  query.group_by = {Column("customers", "customer_name")};
  query.where = Filter::And({Eq("customers", "region", Text("Europe")),
                             Is(SumOf("order_items", "revenue"), CompareOp::kGt, {Int(400)})});
  ExpectRows(query, {{"Alice Martin"}});
}

TEST(CompilerExec, TopProductsByRevenue) {
  SemanticQuery query;
  query.select = {Item(Column("products", "product_name")), Item(SumOf("order_items", "revenue"))};
  query.order_by = {{SumOf("order_items", "revenue"), true}};
  query.limit = 2;
  ExpectRows(query, {{"Office Chair", "720"}, {"Desk Lamp 500W", "280"}});
}

TEST(CompilerExec, OrderByAnAggregateNotSelected) {
  SemanticQuery query;
  query.select = {Item(Column("products", "product_name"))};
  query.group_by = {Column("products", "product_name")};
  query.order_by = {{SumOf("order_items", "revenue"), false}};
  ExpectRows(query, {{"Notebook"}, {"Coffee 50% Arabica"}, {"Desk Lamp 500W"}, {"Office Chair"}});
}

TEST(CompilerExec, DefaultLimitAppliesToListings) {
  SemanticQuery query = CustomerNames();
  query.order_by = {{Column("customers", "customer_name"), false}};
  CompileOptions options;
  options.default_limit = 3;
  ExpectRows(query, {{"Alice Martin"}, {"Bob Schulz"}, {"Carla Diaz"}}, options);
  SemanticQuery counts;
  counts.select = {Item(Column("customers", "region")), Item(CountRows("customers"))};
  counts.order_by = {{Column("customers", "region"), false}};
  options.default_limit = 1;
  ExpectRows(counts, {{"Americas", "2"}, {"Asia", "1"}, {"Europe", "2"}}, options);
}

TEST(CompilerExec, Distinct) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region"))};
  query.distinct = true;
  ExpectRows(query, {{"Americas"}, {"Europe"}});
}

TEST(CompilerExec, AllColumns) {
  SemanticQuery query;
  query.select = {Item(ValueExpr::AllColumns("stores"))};
  query.where = Eq("stores", "store_id", Int(3));
  ExpectRows(query, {{"3", "Boston Mall", "Retail", "USA", "Americas", "Boston", "2019-05-01"}});
}

TEST(CompilerExec, Metrics) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")), Item(ValueExpr::Metric("total_revenue")),
                  Item(ValueExpr::Metric("average_order_value")),
                  Item(ValueExpr::Metric("revenue_per_unit"))};
  // revenue_per_unit is 720 / 23 and 552.5 / 39: SQLite would truncate an
  // integer division to 31.
  ExpectRows(query,
             {{"Americas", "720", "240", "31.3043"}, {"Europe", "552.5", "78.9286", "14.1667"}});
}

TEST(CompilerExec, MetricWithCaseAndCountStar) {
  SemanticQuery share;
  share.select = {Item(ValueExpr::Metric("completed_share"))};
  ExpectRows(share, {{"81.8182"}});
  SemanticQuery margin;
  margin.select = {Item(ValueExpr::Metric("margin"))};
  ExpectRows(margin, {{"657.5"}});
}

TEST(CompilerExec, PreviousPeriodComparison) {
  SemanticQuery query;
  query.select = {Item(SumOf("order_items", "revenue"))};
  query.time_range = Range("orders", "order_date", {2024, 4, 1}, {2024, 7, 1});
  query.comparison = semantic::PeriodComparison{semantic::PeriodComparison::Kind::kPreviousPeriod};
  ExpectRows(query, {{"225", "635", "-410"}});
}

TEST(CompilerExec, PreviousYearComparisonByRegion) {
  SemanticQuery query = RevenueByStoreRegion();
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  query.comparison = semantic::PeriodComparison{semantic::PeriodComparison::Kind::kPreviousYear};
  ExpectRows(query, {{"Americas", "340", "NULL", "NULL"}, {"Europe", "295", "72.5", "222.5"}});
}

TEST(CompilerExec, ComparisonOfCountsAndMetrics) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders")), Item(ValueExpr::Metric("average_order_value"))};
  query.time_range = Range("orders", "order_date", {2024, 4, 1}, {2024, 7, 1});
  query.comparison = semantic::PeriodComparison{semantic::PeriodComparison::Kind::kPreviousPeriod};
  // count(*) reads order items here (the metric's finest table), so it counts
  // distinct orders: 3 against 4.
  ExpectRows(query, {{"3", "4", "-1", "75", "158.75", "-83.75"}});
}

TEST(CompilerExec, IntersectOfTwoYears) {
  SemanticQuery in_2023 = CustomerNames();
  in_2023.time_range = Range("orders", "order_date", {2023, 1, 1}, {2024, 1, 1});
  SemanticQuery in_2024 = CustomerNames();
  in_2024.time_range = Range("orders", "order_date", {2024, 1, 1}, {2025, 1, 1});
  in_2023.set_operation = semantic::SetOperation{semantic::SetOp::kIntersect, in_2024};
  ExpectRows(in_2023, {{"Alice Martin"}, {"Bob Schulz"}});
}

TEST(CompilerExec, ExceptThoseWithOrders) {
  SemanticQuery with_orders;
  with_orders.select = {Item(Column("customers", "customer_name"))};
  with_orders.where = Is(Column("orders", "order_id"), CompareOp::kIsNull, {}, true);
  with_orders.subject_table = "customers";
  SemanticQuery query = CustomerNames();
  query.set_operation = semantic::SetOperation{semantic::SetOp::kExcept, with_orders};
  ExpectRows(query, {{"Eve Stone"}});
}

TEST(CompilerExec, UnionOrderedByName) {
  SemanticQuery americas = CustomerNames();
  americas.where = Eq("customers", "region", Text("Americas"));
  SemanticQuery cancelled = CustomerNames();
  cancelled.where = Eq("orders", "status", Text("cancelled"));
  americas.set_operation = semantic::SetOperation{semantic::SetOp::kUnion, cancelled};
  americas.order_by = {{Column("customers", "customer_name"), true}};
  ExpectRows(americas, {{"Eve Stone"}, {"Dan Ito"}, {"Carla Diaz"}});
}

TEST(CompilerExec, SetOperationWithALimitedRightSide) {
  SemanticQuery europe = CustomerNames();
  europe.where = Eq("customers", "region", Text("Europe"));
  SemanticQuery first_american = CustomerNames();
  first_american.where = Eq("customers", "region", Text("Americas"));
  first_american.order_by = {{Column("customers", "customer_name"), false}};
  first_american.limit = 1;
  europe.set_operation = semantic::SetOperation{semantic::SetOp::kUnion, first_american};
  ExpectRows(europe, {{"Alice Martin"}, {"Bob Schulz"}, {"Carla Diaz"}});
}

TEST(CompilerExec, AwkwardIdentifiers) {
  SemanticQuery query;
  query.select = {Item(Column("Client", "group")), Item(SumOf("order", "Total Amount"))};
  ExpectRows(query, {{"A", "15"}, {"B", "7"}});
  SemanticQuery monthly;
  monthly.select = {Item(Column("order", "placed", TimeGrain::kMonth)),
                    Item(SumOf("order", "Total Amount"))};
  monthly.time_range = Range("order", "placed", {2024, 2, 1}, {2024, 3, 1});
  ExpectRows(monthly, {{"2024-02-01", "11.5"}});
}

TEST(CompilerExec, ResultColumnNamesMatchInBothEngines) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")),
                  Item(Column("customers", "region")),
                  Item(Column("orders", "order_date", TimeGrain::kMonth)),
                  Item(SumOf("order_items", "revenue")),
                  Item(CountRows("order_items")),
                  Item(Agg(Aggregation::kCountDistinct, "orders", "customer_id")),
                  Item(SumOf("order_items", "cost"), "Total Cost")};
  for (const char* dialect : {"duckdb", "sqlite"}) {
    SCOPED_TRACE(dialect);
    StatusOr<CompiledSql> compiled = CompileFor(query, dialect);
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    StatusOr<std::vector<std::string>> names = Warehouse::Get().ColumnNames(dialect, compiled->sql);
    ASSERT_TRUE(names.ok()) << names.status();
    EXPECT_EQ(*names,
              (std::vector<std::string>{"stores_region", "customers_region", "month", "revenue",
                                        "count", "count_distinct_customer_id", "Total Cost"}));
  }
}

}  // namespace
}  // namespace scry::sql::testing
