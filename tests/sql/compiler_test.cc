// The compiler's SQL text, pinned per dialect. Errors are in
// compiler_errors_test.cc; the same shapes run on both engines in
// compiler_exec_test.cc and compiler_fanout_test.cc.
//
// Layout: a top-level statement puts each clause on its own line; subqueries
// and derived tables are one line. Columns are qualified with their table
// when a SELECT reads more than one table, bare otherwise; tables are not
// aliased.
#include <gtest/gtest.h>

#include "sql/compiler_test_support.h"
#include "sql/output_names.h"
#include "sql/period.h"

namespace scry::sql::testing {
namespace {

using semantic::PeriodComparison;

SemanticQuery RevenueByStoreRegionLastQuarter() {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue"))};
  query.time_range = Range("orders", "order_date", {2025, 7, 1}, {2025, 10, 1});
  return query;
}

// --- the conversation ----------------------------------------------------

TEST(CompilerSql, RevenueByRegionLastQuarter) {
  const SemanticQuery query = RevenueByStoreRegionLastQuarter();
  ExpectSql(query, "duckdb",
            "SELECT stores.region, sum(order_items.revenue) AS revenue\n"
            "FROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id\n"
            "JOIN stores ON stores.store_id = orders.store_id\n"
            "WHERE orders.order_date >= DATE '2025-07-01' AND orders.order_date < DATE "
            "'2025-10-01'\n"
            "GROUP BY stores.region");
  ExpectSql(query, "sqlite",
            "SELECT stores.region, sum(order_items.revenue) AS revenue\n"
            "FROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id\n"
            "JOIN stores ON stores.store_id = orders.store_id\n"
            "WHERE orders.order_date >= '2025-07-01' AND orders.order_date < '2025-10-01'\n"
            "GROUP BY stores.region");
}

TEST(CompilerSql, OnlyOnline) {
  SemanticQuery query = RevenueByStoreRegionLastQuarter();
  query.where = Eq("stores", "channel", Text("Online"));
  ExpectSql(query, "duckdb",
            "SELECT stores.region, sum(order_items.revenue) AS revenue\n"
            "FROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id\n"
            "JOIN stores ON stores.store_id = orders.store_id\n"
            "WHERE orders.order_date >= DATE '2025-07-01' AND orders.order_date < DATE "
            "'2025-10-01' AND stores.channel = 'Online'\n"
            "GROUP BY stores.region");
}

TEST(CompilerSql, ByMonthInstead) {
  SemanticQuery query = RevenueByStoreRegionLastQuarter();
  query.where = Eq("stores", "channel", Text("Online"));
  query.select[0] = Item(Column("orders", "order_date", TimeGrain::kMonth));
  query.order_by = {{Column("orders", "order_date", TimeGrain::kMonth), false}};
  ExpectSql(query, "duckdb",
            "SELECT date_trunc('month', orders.order_date)::DATE AS month, "
            "sum(order_items.revenue) AS revenue\n"
            "FROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id\n"
            "JOIN stores ON stores.store_id = orders.store_id\n"
            "WHERE orders.order_date >= DATE '2025-07-01' AND orders.order_date < DATE "
            "'2025-10-01' AND stores.channel = 'Online'\n"
            "GROUP BY date_trunc('month', orders.order_date)::DATE\n"
            "ORDER BY month");
  ExpectSql(query, "sqlite",
            "SELECT strftime('%Y-%m-%d', orders.order_date, 'start of month') AS month, "
            "sum(order_items.revenue) AS revenue\n"
            "FROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id\n"
            "JOIN stores ON stores.store_id = orders.store_id\n"
            "WHERE orders.order_date >= '2025-07-01' AND orders.order_date < '2025-10-01' AND "
            "stores.channel = 'Online'\n"
            "GROUP BY strftime('%Y-%m-%d', orders.order_date, 'start of month')\n"
            "ORDER BY month");
}

// --- single tables, listings, limits ------------------------------------------------

TEST(CompilerSql, OneTableNeedsNoQualifiers) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders"))};
  ExpectSql(query, "duckdb", "SELECT count(*) AS count\nFROM orders");
}

TEST(CompilerSql, ListingGetsTheDefaultLimit) {
  SemanticQuery query;
  query.select = {Item(Column("customers", "customer_name")), Item(Column("customers", "email"))};
  query.order_by = {{Column("customers", "customer_name"), true}};
  CompileOptions options;
  options.default_limit = 50;
  ExpectSql(query, "sqlite",
            "SELECT customer_name, email\nFROM customers\nORDER BY customer_name DESC\nLIMIT 50",
            options);
  query.limit = 5;
  ExpectSql(query, "sqlite",
            "SELECT customer_name, email\nFROM customers\nORDER BY customer_name DESC\nLIMIT 5",
            options);
}

TEST(CompilerSql, AggregatesGetNoDefaultLimit) {
  SemanticQuery query;
  query.select = {Item(Column("customers", "region")), Item(CountRows("customers"))};
  CompileOptions options;
  options.default_limit = 50;
  ExpectSql(query, "duckdb", "SELECT region, count(*) AS count\nFROM customers\nGROUP BY region",
            options);
}

TEST(CompilerSql, DistinctAndAllColumns) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "channel"))};
  query.distinct = true;
  ExpectSql(query, "duckdb", "SELECT DISTINCT channel\nFROM stores");
  SemanticQuery all;
  all.select = {Item(ValueExpr::AllColumns("stores")), Item(Column("orders", "order_id"))};
  ExpectSql(all, "duckdb",
            "SELECT stores.*, orders.order_id\nFROM stores\n"
            "JOIN orders ON orders.store_id = stores.store_id");
}

// --- filters ---------------------------------------------------------------------

TEST(CompilerSql, FilterOperatorsAndParentheses) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_id"))};
  query.where = Filter::And(
      {Filter::Or({Eq("orders", "status", Text("returned")),
                   Filter::And({Eq("orders", "payment_method", Text("card")),
                                Is(Column("orders", "shipping"), CompareOp::kGe, {Int(10)})})}),
       Is(Column("orders", "order_id"), CompareOp::kBetween, {Int(100), Int(200)}, true),
       Is(Column("orders", "store_id"), CompareOp::kIn, {Int(1), Int(2)}, true),
       Is(Column("orders", "customer_id"), CompareOp::kIn, {Int(3)}),
       Is(Column("orders", "payment_method"), CompareOp::kIsNull, {}, true),
       Is(Column("orders", "shipping"), CompareOp::kLt, {Literal::Number(2.5, "2.50")}, true)});
  ExpectSql(query, "duckdb",
            "SELECT order_id\nFROM orders\n"
            "WHERE (status = 'returned' OR (payment_method = 'card' AND shipping >= 10)) AND "
            "order_id NOT BETWEEN 100 AND 200 AND store_id NOT IN (1, 2) AND customer_id = 3 "
            "AND payment_method IS NOT NULL AND shipping >= 2.50");
}

TEST(CompilerSql, DateAndBooleanLiteralsFollowTheDialect) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders"))};
  query.where =
      Filter::And({Is(Column("orders", "order_date"), CompareOp::kGe, {Day(2024, 2, 29)}),
                   Is(Column("orders", "order_id"), CompareOp::kNe, {Literal::Boolean(true)})});
  ExpectSql(query, "duckdb",
            "SELECT count(*) AS count\nFROM orders\n"
            "WHERE order_date >= DATE '2024-02-29' AND order_id <> true");
  ExpectSql(query, "sqlite",
            "SELECT count(*) AS count\nFROM orders\n"
            "WHERE order_date >= '2024-02-29' AND order_id <> 1");
}

TEST(CompilerSql, TextMatches) {
  SemanticQuery query;
  query.select = {Item(Column("products", "product_name"))};
  query.where =
      Filter::And({Is(Column("products", "product_name"), CompareOp::kContains, {Text("50%")}),
                   Is(Column("products", "brand"), CompareOp::kStartsWith, {Text("bean_")}, true),
                   Is(Column("products", "product_id"), CompareOp::kEndsWith, {Int(7)})});
  ExpectSql(query, "duckdb",
            "SELECT product_name\nFROM products\n"
            "WHERE product_name ILIKE '%50\\%%' ESCAPE '\\' AND "
            "NOT (brand ILIKE 'bean\\_%' ESCAPE '\\') AND "
            "CAST(product_id AS VARCHAR) ILIKE '%7'");
  ExpectSql(query, "sqlite",
            "SELECT product_name\nFROM products\n"
            "WHERE product_name LIKE '%50\\%%' ESCAPE '\\' AND "
            "NOT (brand LIKE 'bean\\_%' ESCAPE '\\') AND CAST(product_id AS TEXT) LIKE '%7'");
}

TEST(CompilerSql, SubqueriesAreOneLineWithoutNames) {
  SemanticQuery average;
  average.select = {Item(AvgOf("products", "list_price"))};
  SemanticQuery query;
  query.select = {Item(Column("products", "product_name"))};
  query.where = InSubquery(Column("products", "list_price"), average, CompareOp::kGt);
  ExpectSql(query, "duckdb",
            "SELECT product_name\nFROM products\n"
            "WHERE list_price > (SELECT avg(list_price) FROM products)");
}

TEST(CompilerSql, NotInSubqueryExcludesNulls) {
  SemanticQuery ordering;
  ordering.select = {Item(Column("orders", "customer_id"))};
  SemanticQuery query;
  query.select = {Item(Column("customers", "customer_name"))};
  query.where = InSubquery(Column("customers", "customer_id"), ordering, CompareOp::kIn, true);
  ExpectSql(query, "sqlite",
            "SELECT customer_name\nFROM customers\n"
            "WHERE customer_id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT "
            "NULL)");
}

TEST(CompilerSql, HavingAndOrderByAlias) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "store_name")), Item(CountRows("orders"), "orders")};
  query.having = Is(CountRows("orders"), CompareOp::kGt, {Int(3)});
  query.order_by = {{CountRows("orders"), true}, {Column("stores", "store_name"), false}};
  query.limit = 10;
  ExpectSql(query, "duckdb",
            "SELECT stores.store_name, count(*) AS orders\n"
            "FROM orders\n"
            "JOIN stores ON stores.store_id = orders.store_id\n"
            "GROUP BY stores.store_name\n"
            "HAVING count(*) > 3\n"
            "ORDER BY orders DESC, stores.store_name\n"
            "LIMIT 10");
}

TEST(CompilerSql, AggregateConditionsInWhereMoveToHaving) {
  SemanticQuery query;
  query.select = {Item(Column("customers", "region")), Item(AvgOf("customers", "age"))};
  query.where = Filter::And({Eq("customers", "segment", Text("Consumer")),
                             Is(AvgOf("customers", "age"), CompareOp::kGt, {Int(30)})});
  ExpectSql(query, "duckdb",
            "SELECT region, avg(age) AS avg_age\nFROM customers\nWHERE segment = 'Consumer'\n"
            "GROUP BY region\nHAVING avg(age) > 30");
}

TEST(CompilerSql, ExplicitGroupsAreGroupedButNotSelected) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders"))};
  query.group_by = {Column("orders", "status")};
  ExpectSql(query, "duckdb", "SELECT count(*) AS count\nFROM orders\nGROUP BY status");
}

// --- fan-out shapes ----------------------------------------------------------------

TEST(CompilerSql, SemiJoinForAFilterOnTheManySide) {
  SemanticQuery query;
  query.select = {Item(AvgOf("customers", "age"))};
  query.where = Eq("orders", "status", Text("completed"));
  ExpectSql(query, "duckdb",
            "SELECT avg(age) AS avg_age\nFROM customers\n"
            "WHERE customer_id IN (SELECT customer_id FROM orders WHERE status = 'completed')");
}

TEST(CompilerSql, SemiJoinThatJoinsInside) {
  SemanticQuery query;
  query.subject_table = "customers";
  query.select = {Item(Column("customers", "customer_name"))};
  query.where = Eq("products", "category", Text("Furniture"));
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2025, 1, 1});
  ExpectSql(query, "duckdb",
            "SELECT customer_name\nFROM customers\n"
            "WHERE customer_id IN (SELECT orders.customer_id FROM orders "
            "JOIN order_items ON order_items.order_id = orders.order_id "
            "JOIN products ON products.product_id = order_items.product_id "
            "WHERE orders.order_date >= DATE '2024-01-01' AND orders.order_date < DATE "
            "'2025-01-01' AND products.category = 'Furniture')");
}

TEST(CompilerSql, DistinctKeyCountsForRepeatedRows) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "status")), Item(CountRows("customers")),
                  Item(Agg(Aggregation::kCount, "customers", "email"))};
  ExpectSql(query, "duckdb",
            "SELECT orders.status, count(DISTINCT customers.customer_id) AS count, "
            "count(DISTINCT CASE WHEN customers.email IS NOT NULL THEN customers.customer_id END) "
            "AS count_email\n"
            "FROM customers\n"
            "JOIN orders ON orders.customer_id = customers.customer_id\n"
            "GROUP BY orders.status");
}

TEST(CompilerSql, DeduplicatedRowsForSumsOverTheOneSide) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_date", TimeGrain::kYear)),
                  Item(Column("orders", "status")), Item(AvgOf("customers", "age"))};
  ExpectSql(query, "sqlite",
            "SELECT year, status, avg(age) AS avg_age\n"
            "FROM (SELECT DISTINCT customers.customer_id, strftime('%Y-%m-%d', orders.order_date, "
            "'start of year') AS year, orders.status, customers.age FROM customers "
            "JOIN orders ON orders.customer_id = customers.customer_id) AS customers\n"
            "GROUP BY year, status");
}

TEST(CompilerSql, CompositeKeysUseExists) {
  SemanticQuery query;
  query.select = {Item(SumOf("order_items", "revenue"))};
  query.where = Eq("shipments", "carrier", Text("DHL"));
  ExpectSql(query, "duckdb",
            "SELECT sum(revenue) AS revenue\nFROM order_items\n"
            "WHERE EXISTS (SELECT 1 FROM shipments WHERE shipments.order_id = "
            "order_items.order_id AND shipments.line_number = order_items.line_number AND "
            "shipments.carrier = 'DHL')");
}

// --- metrics and comparisons ------------------------------------------------------

TEST(CompilerSql, MetricsExpandWithSafeDivision) {
  SemanticQuery query;
  query.select = {Item(ValueExpr::Metric("average_order_value"))};
  ExpectSql(query, "duckdb",
            "SELECT sum(order_items.revenue) / count(DISTINCT orders.order_id) AS "
            "average_order_value\nFROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id");
  ExpectSql(query, "sqlite",
            "SELECT sum(order_items.revenue) * 1.0 / count(DISTINCT orders.order_id) AS "
            "average_order_value\nFROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id");
  SemanticQuery share;
  share.select = {Item(ValueExpr::Metric("COMPLETED_SHARE"))};
  ExpectSql(share, "duckdb",
            "SELECT sum(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) * 100.0 / count(*) "
            "AS completed_share\nFROM orders");
}

TEST(CompilerSql, PreviousPeriodAsConditionalAggregation) {
  SemanticQuery query;
  query.select = {Item(SumOf("order_items", "revenue"))};
  query.time_range = Range("orders", "order_date", {2024, 4, 1}, {2024, 7, 1});
  query.comparison = PeriodComparison{PeriodComparison::Kind::kPreviousPeriod};
  const std::string current =
      "orders.order_date >= '2024-04-01' AND orders.order_date < '2024-07-01'";
  const std::string previous =
      "orders.order_date >= '2024-01-01' AND orders.order_date < '2024-04-01'";
  ExpectSql(query, "sqlite",
            "SELECT sum(CASE WHEN " + current + " THEN order_items.revenue END) AS revenue, " +
                "sum(CASE WHEN " + previous +
                " THEN order_items.revenue END) AS revenue_previous, " + "sum(CASE WHEN " +
                current + " THEN order_items.revenue END) - sum(CASE WHEN " + previous +
                " THEN order_items.revenue END) AS revenue_change\n" + "FROM order_items\n" +
                "JOIN orders ON orders.order_id = order_items.order_id\n" +
                "WHERE orders.order_date >= '2024-01-01' AND orders.order_date < '2024-07-01'");
}

// "cumulative revenue by month": a window over the grouped rows, in period order.
TEST(CompilerSql, RunningTotalIsAWindowOverThePeriods) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_date", TimeGrain::kMonth)),
                  SelectItem{SumOf("order_items", "revenue"), "", true}};
  query.order_by = {{Column("orders", "order_date", TimeGrain::kMonth), false}};
  ExpectSql(query, "duckdb",
            "SELECT date_trunc('month', orders.order_date)::DATE AS month, "
            "sum(sum(order_items.revenue)) OVER (ORDER BY date_trunc('month', "
            "orders.order_date)::DATE) AS cumulative_revenue\n"
            "FROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id\n"
            "GROUP BY date_trunc('month', orders.order_date)::DATE\n"
            "ORDER BY month");
  ExpectSql(query, "sqlite",
            "SELECT strftime('%Y-%m-%d', orders.order_date, 'start of month') AS month, "
            "sum(sum(order_items.revenue)) OVER (ORDER BY strftime('%Y-%m-%d', "
            "orders.order_date, 'start of month')) AS cumulative_revenue\n"
            "FROM order_items\n"
            "JOIN orders ON orders.order_id = order_items.order_id\n"
            "GROUP BY strftime('%Y-%m-%d', orders.order_date, 'start of month')\n"
            "ORDER BY month");
  // Another group: one running total per region.
  query.select.insert(query.select.begin() + 1, Item(Column("stores", "region")));
  query.select[2] = SelectItem{CountRows("orders"), "", true};
  ExpectSql(query, "duckdb",
            "SELECT date_trunc('month', orders.order_date)::DATE AS month, stores.region, "
            "sum(count(*)) OVER (PARTITION BY stores.region ORDER BY date_trunc('month', "
            "orders.order_date)::DATE) AS cumulative_count\n"
            "FROM orders\n"
            "JOIN stores ON stores.store_id = orders.store_id\n"
            "GROUP BY date_trunc('month', orders.order_date)::DATE, stores.region\n"
            "ORDER BY month");
}

TEST(CompilerSql, ComparisonOfDisjointRangesUsesOr) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders"))};
  query.time_range = Range("orders", "order_date", {2024, 3, 1}, {2024, 4, 1});
  query.comparison = PeriodComparison{PeriodComparison::Kind::kPreviousYear};
  StatusOr<CompiledSql> compiled = CompileFor(query, "duckdb");
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_NE(compiled->sql.find(
                "WHERE (order_date >= DATE '2024-03-01' AND order_date < DATE '2024-04-01') OR "
                "(order_date >= DATE '2023-03-01' AND order_date < DATE '2023-04-01')"),
            std::string::npos)
      << compiled->sql;
  EXPECT_NE(compiled->sql.find("count(CASE WHEN order_date >= DATE '2024-03-01' AND order_date < "
                               "DATE '2024-04-01' THEN 1 END) AS count"),
            std::string::npos)
      << compiled->sql;
}

// --- set operations --------------------------------------------------------------

TEST(CompilerSql, SetOperations) {
  SemanticQuery lhs;
  lhs.select = {Item(Column("customers", "customer_name"))};
  lhs.where = Eq("customers", "region", Text("Europe"));
  SemanticQuery rhs = lhs;
  rhs.where = Eq("customers", "segment", Text("Consumer"));
  lhs.set_operation = semantic::SetOperation{semantic::SetOp::kExcept, rhs};
  lhs.order_by = {{Column("customers", "customer_name"), false}};
  ExpectSql(lhs, "sqlite",
            "SELECT customer_name\nFROM customers\nWHERE region = 'Europe'\n"
            "EXCEPT\n"
            "SELECT customer_name\nFROM customers\nWHERE segment = 'Consumer'\n"
            "ORDER BY customer_name");
  rhs.limit = 2;
  lhs.set_operation = semantic::SetOperation{semantic::SetOp::kIntersect, rhs};
  lhs.order_by.clear();
  ExpectSql(lhs, "duckdb",
            "SELECT customer_name\nFROM customers\nWHERE region = 'Europe'\n"
            "INTERSECT\n"
            "SELECT * FROM (SELECT customer_name FROM customers WHERE segment = 'Consumer' LIMIT "
            "2) AS rhs");
}

// --- names ---------------------------------------------------------------------------

TEST(CompilerSql, AwkwardIdentifiersAreQuoted) {
  SemanticQuery query;
  query.select = {Item(Column("Client", "group")), Item(SumOf("order", "Total Amount")),
                  Item(Column("order", "placed", TimeGrain::kYear))};
  ExpectSql(query, "sqlite",
            "SELECT \"Client\".\"group\", sum(\"order\".\"Total Amount\") AS \"Total Amount\", "
            "strftime('%Y-%m-%d', \"order\".placed, 'start of year') AS year\n"
            "FROM \"order\"\n"
            "JOIN \"Client\" ON \"Client\".\"ClientID\" = \"order\".\"Client\"\n"
            "GROUP BY \"Client\".\"group\", strftime('%Y-%m-%d', \"order\".placed, 'start of "
            "year')");
}

TEST(CompilerSql, NamesAreSpelledAsTheModelSpellsThem) {
  SemanticQuery query;
  query.select = {Item(Column("CUSTOMERS", "Customer_Name"))};
  ExpectSql(query, "duckdb", "SELECT customer_name\nFROM customers");
}

TEST(CompilerSql, TablesReadAreReported) {
  SemanticQuery ordering;
  ordering.select = {Item(Column("orders", "customer_id"))};
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue"))};
  query.where = Filter::And({InSubquery(Column("orders", "customer_id"), ordering),
                             Eq("shipments", "carrier", Text("DHL"))});
  StatusOr<CompiledSql> compiled = CompileFor(query, "duckdb");
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_EQ(compiled->tables,
            (std::vector<std::string>{"order_items", "orders", "stores", "shipments"}));
}

TEST(OutputNames, Rules) {
  const std::vector<OutputName> names = OutputNames({
      Item(Column("stores", "region")),
      Item(Column("customers", "region")),
      Item(Column("orders", "status")),
      Item(Column("orders", "order_date", TimeGrain::kMonth)),
      Item(Column("customers", "signup_date", TimeGrain::kMonth)),
      Item(SumOf("order_items", "revenue")),
      Item(SumOf("order_items", "revenue")),
      Item(AvgOf("customers", "age")),
      Item(Agg(Aggregation::kCountDistinct, "orders", "customer_id")),
      Item(Agg(Aggregation::kCount, "orders", "customer_id", true)),
      Item(Agg(Aggregation::kSum, "orders", "shipping", true)),
      Item(CountRows("orders")),
      Item(CountRows("customers")),
      Item(ValueExpr::Metric("margin")),
      Item(Column("orders", "order_id"), "Order"),
      Item(ValueExpr::AllColumns("stores")),
  });
  std::vector<std::string> spelled;
  for (const OutputName& name : names) spelled.push_back(name.name + (name.alias ? "*" : ""));
  EXPECT_EQ(spelled,
            (std::vector<std::string>{"stores_region*", "customers_region*", "status", "month*",
                                      "signup_date_month*", "revenue*", "sum_revenue*", "avg_age*",
                                      "count_distinct_customer_id*",
                                      "count_distinct_customer_id_2*", "sum_distinct_shipping*",
                                      "count*", "count_customers*", "margin*", "Order*", ""}));
}

// --- periods ----------------------------------------------------------------------

TEST(Period, PreviousPeriodOfWholeMonthsIsCalendarMonths) {
  using Kind = PeriodComparison::Kind;
  EXPECT_EQ(PreviousRange({{2024, 3, 1}, {2024, 4, 1}}, Kind::kPreviousPeriod),
            (DateRange{{2024, 2, 1}, {2024, 3, 1}}));
  EXPECT_EQ(PreviousRange({{2024, 1, 1}, {2024, 4, 1}}, Kind::kPreviousPeriod),
            (DateRange{{2023, 10, 1}, {2024, 1, 1}}));
  EXPECT_EQ(PreviousRange({{2024, 1, 1}, {2025, 1, 1}}, Kind::kPreviousPeriod),
            (DateRange{{2023, 1, 1}, {2024, 1, 1}}));
}

TEST(Period, PreviousPeriodOfDaysIsTheSameNumberOfDays) {
  using Kind = PeriodComparison::Kind;
  EXPECT_EQ(PreviousRange({{2024, 3, 10}, {2024, 3, 17}}, Kind::kPreviousPeriod),
            (DateRange{{2024, 3, 3}, {2024, 3, 10}}));
  EXPECT_EQ(PreviousRange({{2024, 3, 1}, {2024, 3, 15}}, Kind::kPreviousPeriod),
            (DateRange{{2024, 2, 16}, {2024, 3, 1}}));
}

TEST(Period, PreviousYearClampsLeapDays) {
  using Kind = PeriodComparison::Kind;
  EXPECT_EQ(PreviousRange({{2024, 2, 29}, {2024, 3, 1}}, Kind::kPreviousYear),
            (DateRange{{2023, 2, 28}, {2023, 3, 1}}));
  EXPECT_EQ(AddMonths({2024, 1, 31}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(AddMonths({2024, 1, 15}, -13), (CivilDate{2022, 12, 15}));
}

}  // namespace
}  // namespace scry::sql::testing
