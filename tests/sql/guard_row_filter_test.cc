// Row filters in the guard: hostile SQL that tries to read a filtered table
// around its filter, each checked by the guard and then run on a real DuckDB
// database, which must return only the allowed rows (or the guard refuses).
//
// The data: 6 orders (3 in Europe: ids 10, 11, 14 worth 170) and 4 customers
// (2 in Europe: Ann and Dora). The filters keep Europe's rows of both; products
// has no filter. A leak shows up as a count of 6, a sum of 275, or another
// region's name.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/column.h"
#include "engine/duckdb/duckdb_engine.h"
#include "sql/guard.h"
#include "sql/guard_test_support.h"

namespace scry::sql {
namespace {

using guard_testing::CaseName;
using guard_testing::SharedGuard;

constexpr const char* kEurope = R"("region" = 'Europe')";

std::vector<std::string> DatasetSql() {
  return {
      "CREATE TABLE customers (customer_id INTEGER, name VARCHAR, region VARCHAR)",
      "INSERT INTO customers VALUES (1, 'Ann', 'Europe'), (2, 'Bob', 'Americas'), "
      "(3, 'Chen', 'Asia'), (4, 'Dora', 'Europe')",
      "CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, region VARCHAR, amount "
      "INTEGER)",
      "INSERT INTO orders VALUES (10, 1, 'Europe', 100), (11, 1, 'Europe', 50), "
      "(12, 2, 'Americas', 70), (13, 3, 'Asia', 30), (14, 4, 'Europe', 20), "
      "(15, 2, 'Americas', 5)",
      "CREATE TABLE products (product_id INTEGER, name VARCHAR)",
      "INSERT INTO products VALUES (1, 'Widget'), (2, 'Gadget')",
      R"(CREATE TABLE "order lines" (order_id INTEGER, region VARCHAR))",
      R"(INSERT INTO "order lines" VALUES (10, 'Europe'), (12, 'Americas'))",
  };
}

GuardPolicy EuropePolicy() {
  GuardPolicy policy;
  policy.allowed_tables = {"customers", "orders", "products", "order lines", "memory.main.orders"};
  policy.row_filters = {{"orders", kEurope}, {"customers", kEurope}, {"order lines", kEurope}};
  return policy;
}

class RowFilterDatabase {
 public:
  static RowFilterDatabase& Get() {
    static RowFilterDatabase* database = new RowFilterDatabase();  // lives for the binary
    return *database;
  }

  // Runs `sql` and returns its rows, each row's cells joined with '|'.
  StatusOr<std::vector<std::string>> Rows(const std::string& sql) {
    ASSIGN_OR_RETURN(engine::ResultSet result, connection_->Query(sql));
    std::vector<std::string> rows;
    for (size_t r = 0; r < result.row_count(); ++r) {
      std::string row;
      for (size_t c = 0; c < result.column_count(); ++c) {
        if (c > 0) row += '|';
        row += result.column(c).IsNull(r) ? "NULL" : engine::FormatValue(result.column(c), r);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  RowFilterDatabase() {
    engine::DuckDbOptions options;
    options.threads = 1;
    options.setup_sql = DatasetSql();
    auto engine = engine::DuckDbEngine::Open(options);
    if (!engine.ok()) {
      ADD_FAILURE() << engine.status();
      std::abort();
    }
    engine_ = std::move(engine).value();
    auto connection = engine_->Connect();
    if (!connection.ok()) std::abort();
    connection_ = std::move(connection).value();
  }

  std::unique_ptr<engine::DuckDbEngine> engine_;
  std::unique_ptr<engine::Connection> connection_;
};

// Checks `sql` under `policy` and runs what the guard returns.
StatusOr<std::vector<std::string>> CheckAndRun(const std::string& sql,
                                               const GuardPolicy& policy = EuropePolicy()) {
  ASSIGN_OR_RETURN(CheckedSql checked, SharedGuard().Check(sql, policy));
  StatusOr<std::vector<std::string>> rows = RowFilterDatabase::Get().Rows(checked.sql);
  if (!rows.ok()) return rows.status().WithContext(checked.sql);
  return rows;
}

struct FilterCase {
  const char* name;
  const char* sql;
  std::vector<std::string> expected;  // rows in order, cells joined with '|'
};

class RowFilterEscapeTest : public ::testing::TestWithParam<FilterCase> {};

TEST_P(RowFilterEscapeTest, OnlyAllowedRowsComeBack) {
  const FilterCase& c = GetParam();
  StatusOr<std::vector<std::string>> rows = CheckAndRun(c.sql);
  ASSERT_TRUE(rows.ok()) << rows.status() << "\n" << c.sql;
  EXPECT_EQ(*rows, c.expected) << c.sql;
}

INSTANTIATE_TEST_SUITE_P(
    Guard, RowFilterEscapeTest,
    ::testing::Values(
        FilterCase{"plain", "SELECT count(*), sum(amount) FROM orders", {"3|170"}},
        FilterCase{"star_rows",
                   "SELECT * FROM orders ORDER BY order_id",
                   {"10|1|Europe|100", "11|1|Europe|50", "14|4|Europe|20"}},
        FilterCase{"alias", "SELECT count(*) FROM orders o", {"3"}},
        FilterCase{"as_alias", "SELECT count(*) FROM orders AS o", {"3"}},
        FilterCase{"column_aliases", "SELECT sum(a) FROM orders AS o(id, c, r, a)", {"170"}},
        FilterCase{
            "alias_named_like_other_table", "SELECT count(*) FROM orders AS customers", {"3"}},
        FilterCase{"schema_qualified", "SELECT count(*) FROM main.orders", {"3"}},
        FilterCase{"catalog_qualified", "SELECT count(*) FROM memory.main.orders", {"3"}},
        FilterCase{"quoted_mixed_case", R"(SELECT count(*) FROM "Orders")", {"3"}},
        FilterCase{"quoted_upper_qualified", R"(SELECT count(*) FROM "main"."ORDERS")", {"3"}},
        FilterCase{"upper_case_bare", "SELECT count(*) FROM ORDERS", {"3"}},
        FilterCase{"comment_inside_name", "SELECT count(*) FROM main /* x */ . orders", {"3"}},
        FilterCase{"quoted_name_with_space", R"(SELECT count(*) FROM "order lines")", {"1"}},
        FilterCase{"table_qualified_columns",
                   "SELECT orders.region, count(*) FROM orders GROUP BY orders.region",
                   {"Europe|3"}},
        FilterCase{"join_both_filtered",
                   "SELECT c.name, o.order_id FROM customers c JOIN orders o "
                   "ON o.customer_id = c.customer_id ORDER BY o.order_id",
                   {"Ann|10", "Ann|11", "Dora|14"}},
        FilterCase{"comma_join_unfiltered", "SELECT count(*) FROM orders, products", {"6"}},
        FilterCase{"natural_join", "SELECT count(*) FROM orders NATURAL JOIN customers", {"3"}},
        FilterCase{
            "using_join", "SELECT count(*) FROM orders JOIN customers USING (customer_id)", {"3"}},
        FilterCase{"left_join_from_unfiltered",
                   "SELECT count(o.order_id) FROM products p LEFT JOIN orders o ON true",
                   {"6"}},
        FilterCase{
            "positional_join", "SELECT count(*) FROM orders POSITIONAL JOIN products", {"3"}},
        FilterCase{"scalar_subquery_in_select", "SELECT (SELECT count(*) FROM orders)", {"3"}},
        FilterCase{"in_subquery",
                   "SELECT count(*) FROM range(20) r(i) WHERE i IN (SELECT order_id FROM orders)",
                   {"3"}},
        FilterCase{"exists_subquery",
                   "SELECT count(*) FROM range(20) r(i) "
                   "WHERE EXISTS (SELECT 1 FROM orders WHERE order_id = i)",
                   {"3"}},
        FilterCase{"any_subquery",
                   "SELECT count(*) FROM range(20) r(i) WHERE i = ANY(SELECT order_id FROM orders)",
                   {"3"}},
        FilterCase{"having_subquery",
                   "SELECT 1 FROM products GROUP BY 1 HAVING (SELECT count(*) FROM orders) > 3",
                   {}},
        FilterCase{"subquery_in_join_condition",
                   "SELECT count(*) FROM products p JOIN range(10) r(i) "
                   "ON i < (SELECT count(*) FROM orders)",
                   {"6"}},
        FilterCase{"subquery_in_order_by",
                   "SELECT name FROM products ORDER BY (SELECT sum(amount) FROM orders) + "
                   "product_id LIMIT 1",
                   {"Widget"}},
        FilterCase{"correlated_exists",
                   "SELECT count(*) FROM customers c WHERE EXISTS "
                   "(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)",
                   {"2"}},
        FilterCase{"lateral",
                   "SELECT count(*) FROM customers c, LATERAL "
                   "(SELECT * FROM orders o WHERE o.customer_id = c.customer_id)",
                   {"3"}},
        FilterCase{"nested_derived_tables",
                   "SELECT count(*) FROM (SELECT * FROM (SELECT * FROM orders) a) b",
                   {"3"}},
        FilterCase{"cte", "WITH x AS (SELECT * FROM orders) SELECT count(*) FROM x", {"3"}},
        FilterCase{"cte_shadowing_reads_qualified",
                   "WITH orders AS (SELECT * FROM main.orders) SELECT count(*) FROM orders",
                   {"3"}},
        FilterCase{"cte_shadowing_reads_itself",
                   "WITH orders AS (SELECT * FROM orders) SELECT count(*) FROM orders",
                   {"3"}},
        FilterCase{"cte_sharing_name_is_not_a_table",
                   "WITH orders AS (SELECT 42 AS region) SELECT region FROM orders",
                   {"42"}},
        FilterCase{"cte_materialized",
                   "WITH x AS MATERIALIZED (SELECT * FROM orders) SELECT count(*) FROM x",
                   {"3"}},
        FilterCase{"cte_nested_in_subquery",
                   "SELECT (WITH y AS (SELECT amount FROM orders) SELECT sum(amount) FROM y)",
                   {"170"}},
        FilterCase{"recursive_cte",
                   "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                   "WHERE n < (SELECT count(*) FROM orders)) SELECT max(n) FROM r",
                   {"3"}},
        FilterCase{"recursive_cte_shadowing_the_table",
                   "WITH RECURSIVE orders AS (SELECT * FROM orders UNION ALL "
                   "SELECT * FROM orders WHERE false) SELECT count(*) FROM orders",
                   {"3"}},
        FilterCase{"recursive_branch_reads_the_table_qualified",
                   "WITH RECURSIVE orders AS (SELECT order_id FROM orders UNION "
                   "SELECT m.order_id FROM orders o JOIN main.orders m ON m.order_id > o.order_id) "
                   "SELECT count(*) FROM orders",
                   {"3"}},
        FilterCase{
            "union", "SELECT region FROM orders UNION SELECT region FROM customers", {"Europe"}},
        FilterCase{"union_all_qualified_and_bare",
                   "SELECT count(*) FROM (SELECT order_id FROM orders "
                   "UNION ALL SELECT order_id FROM main.orders)",
                   {"6"}},
        FilterCase{"except",
                   "SELECT count(*) FROM (SELECT i FROM range(20) r(i) "
                   "EXCEPT SELECT order_id FROM orders)",
                   {"17"}},
        FilterCase{"intersect",
                   "SELECT count(*) FROM (SELECT i FROM range(20) r(i) "
                   "INTERSECT SELECT order_id FROM orders)",
                   {"3"}},
        FilterCase{"unnest_of_subquery",
                   "SELECT count(*) FROM unnest((SELECT list(order_id) FROM orders))",
                   {"3"}},
        FilterCase{"subquery_as_function_argument",
                   "SELECT list_sort((SELECT list(order_id) FROM orders))::VARCHAR",
                   {"[10, 11, 14]"}},
        FilterCase{
            "values_list", "SELECT n FROM (VALUES ((SELECT count(*) FROM orders))) v(n)", {"3"}},
        FilterCase{"self_join",
                   "SELECT count(*) FROM orders a JOIN orders b ON a.order_id = b.order_id",
                   {"3"}},
        FilterCase{"qualify_subquery",
                   "SELECT name FROM products QUALIFY row_number() OVER (ORDER BY product_id) "
                   "< (SELECT count(*) FROM orders) - 1",
                   {"Widget"}},
        FilterCase{"window", "SELECT count(*) OVER () FROM orders LIMIT 1", {"3"}},
        FilterCase{"from_first", "FROM orders SELECT count(*)", {"3"}},
        FilterCase{"unpivot",
                   "SELECT count(*) FROM orders UNPIVOT (v FOR k IN (amount, order_id))",
                   {"6"}},
        FilterCase{"string_literals_that_name_tables",
                   "SELECT 'FROM orders' AS s, $$orders$$ AS t, count(*) FROM orders "
                   "WHERE region <> 'main.orders'",
                   {"FROM orders|orders|3"}},
        FilterCase{"comments_that_name_tables",
                   "SELECT count(*) /* FROM orders */ FROM -- orders\n orders -- main.orders",
                   {"3"}},
        FilterCase{"multibyte_text_before_the_table",
                   "SELECT 'é€✓' AS s, count(*) FROM orders",
                   {"é€✓|3"}},
        FilterCase{"trailing_semicolon", "SELECT count(*) FROM orders;", {"3"}},
        FilterCase{"unfiltered_table_untouched", "SELECT count(*) FROM products", {"2"}}),
    CaseName<FilterCase>);

TEST(GuardRowFilter, ReportsTheFilteredTables) {
  StatusOr<CheckedSql> checked = SharedGuard().Check(
      "SELECT * FROM orders o JOIN main.customers c USING (customer_id), products", EuropePolicy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->filtered_tables, (std::vector<std::string>{"customers", "orders"}));
  EXPECT_EQ(checked->tables, (std::vector<std::string>{"customers", "orders", "products"}));
}

TEST(GuardRowFilter, RewritesOnlyTheTableNames) {
  StatusOr<CheckedSql> checked =
      SharedGuard().Check("SELECT o.amount FROM main.orders o WHERE o.amount > 1", EuropePolicy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->sql,
            R"(SELECT o.amount FROM (SELECT * FROM "main"."orders" WHERE ("region" = 'Europe')) o )"
            R"(WHERE o.amount > 1)");
  checked = SharedGuard().Check("SELECT * FROM orders", EuropePolicy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->sql,
            R"(SELECT * FROM (SELECT * FROM "orders" WHERE ("region" = 'Europe')) AS "orders")");
}

TEST(GuardRowFilter, TextWithoutFilteredTablesIsUnchanged) {
  const std::string sql = "SELECT name FROM products  WHERE product_id = 1";
  StatusOr<CheckedSql> checked = SharedGuard().Check(sql, EuropePolicy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->sql, sql);
  EXPECT_TRUE(checked->filtered_tables.empty());
}

TEST(GuardRowFilter, FalseHidesEveryRow) {
  GuardPolicy policy = EuropePolicy();
  policy.row_filters["orders"] = "false";
  StatusOr<std::vector<std::string>> rows =
      CheckAndRun("SELECT count(*) FROM orders o JOIN customers USING (customer_id)", policy);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"0"}));
}

TEST(GuardRowFilter, SeveralValues) {
  GuardPolicy policy = EuropePolicy();
  policy.row_filters["orders"] = R"("region" IN ('Asia', 'Americas'))";
  StatusOr<std::vector<std::string>> rows =
      CheckAndRun("SELECT order_id FROM orders ORDER BY 1", policy);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"12", "13", "15"}));
}

TEST(GuardRowFilter, FilterKeysCompareCaseInsensitively) {
  GuardPolicy policy = EuropePolicy();
  policy.row_filters = {{"ORDERS", kEurope}};
  StatusOr<std::vector<std::string>> rows = CheckAndRun("SELECT count(*) FROM orders", policy);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"3"}));
}

TEST(GuardRowFilter, StillRefusesWhatTheGuardRefuses) {
  const GuardPolicy policy = EuropePolicy();
  for (const char* sql : {
           "SELECT * FROM query_table('orders')",
           "SELECT * FROM query('SELECT * FROM orders')",
           "SELECT * FROM orders; SELECT * FROM orders",
           "DELETE FROM orders WHERE region <> 'Europe'",
           "SELECT * FROM read_csv('orders.csv')",
           "SELECT * FROM secrets",
           // The TABLE shorthand cannot take a subquery: refused, never unfiltered.
           "SELECT count(*) FROM (TABLE orders)",
           // A string naming a table (a replacement scan) is not a name the
           // rewrite can replace: refused.
           "SELECT count(*) FROM 'orders'",
       }) {
    StatusOr<CheckedSql> checked = SharedGuard().Check(sql, policy);
    EXPECT_FALSE(checked.ok()) << sql << "\n -> " << (checked.ok() ? checked->sql : "");
    if (!checked.ok()) {
      EXPECT_EQ(checked.status().code(), StatusCode::kPermissionDenied) << checked.status();
    }
  }
}

TEST(GuardRowFilter, TimeTravelOnAFilteredTableNeverRunsUnfiltered) {
  StatusOr<CheckedSql> checked =
      SharedGuard().Check("SELECT count(*) FROM orders AT (VERSION => 1)", EuropePolicy());
  if (checked.ok()) {
    EXPECT_NE(checked->sql.find("WHERE (\"region\" = 'Europe')"), std::string::npos);
  } else {
    EXPECT_EQ(checked.status().code(), StatusCode::kPermissionDenied) << checked.status();
  }
}

TEST(GuardRowFilter, RefusesAnEmptyOrNulPredicate) {
  GuardPolicy policy = EuropePolicy();
  policy.row_filters["orders"] = "";
  EXPECT_EQ(SharedGuard().Check("SELECT 1 FROM orders", policy).status().code(),
            StatusCode::kInvalidArgument);
  policy.row_filters["orders"] = std::string("\"region\" = 'Eu\0rope'", 20);
  EXPECT_EQ(SharedGuard().Check("SELECT 1 FROM orders", policy).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(GuardRowFilter, APredicateThatReadsTheTableAgainIsRefused) {
  // A predicate is trusted text, but the check after the rewrite still finds
  // a read of a filtered table outside a wrapper and refuses.
  GuardPolicy policy = EuropePolicy();
  policy.row_filters["orders"] = "order_id IN (SELECT order_id FROM orders)";
  StatusOr<CheckedSql> checked = SharedGuard().Check("SELECT 1 FROM orders", policy);
  ASSERT_FALSE(checked.ok()) << checked->sql;
  EXPECT_EQ(checked.status().code(), StatusCode::kPermissionDenied);
}

TEST(GuardRowFilter, QuotedLiteralsInPredicatesStayLiterals) {
  GuardPolicy policy = EuropePolicy();
  policy.row_filters["orders"] = R"("region" = 'Europe'' OR ''1''=''1')";
  StatusOr<std::vector<std::string>> rows = CheckAndRun("SELECT count(*) FROM orders", policy);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (std::vector<std::string>{"0"}));
}

}  // namespace
}  // namespace scry::sql
