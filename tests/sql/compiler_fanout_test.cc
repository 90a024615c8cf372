// Fan-out safety: a join from the "one" side of a relationship to its "many"
// side repeats rows, and a sum, average or count over the repeated side must
// not grow with it. Each case runs the compiled SQL on both engines and
// compares it with hand-written correct SQL, and shows that the naive join
// would have given a different (inflated) answer on this data.
#include <gtest/gtest.h>

#include "sql/compiler_test_support.h"

namespace scry::sql::testing {
namespace {

// Expects the compiled query and the correct reference SQL to agree on both
// engines, and the naive SQL to disagree (so the case really tests something).
void ExpectCorrectNotNaive(const SemanticQuery& query, const std::string& correct,
                           const std::string& naive) {
  for (const char* dialect : {"duckdb", "sqlite"}) {
    SCOPED_TRACE(dialect);
    StatusOr<Rows> rows = CompileAndRun(query, dialect);
    ASSERT_TRUE(rows.ok()) << rows.status();
    const Rows expected = Reference(dialect, correct);
    EXPECT_EQ(Sorted(*rows), Sorted(expected));
    EXPECT_NE(Sorted(Reference(dialect, naive)), Sorted(expected)) << "the naive join agrees";
  }
}

SemanticQuery CompletedOrders(SemanticQuery query) {
  query.where.AddConjunct(Eq("orders", "status", Text("completed")));
  return query;
}

TEST(CompilerFanOut, AverageOverCustomersFilteredByTheirOrders) {
  SemanticQuery query;
  query.select = {Item(AvgOf("customers", "age"))};
  query = CompletedOrders(query);
  ExpectCorrectNotNaive(
      query,
      "SELECT avg(age) FROM customers WHERE customer_id IN "
      "(SELECT customer_id FROM orders WHERE status = 'completed')",
      "SELECT avg(c.age) FROM customers c JOIN orders o ON o.customer_id = c.customer_id "
      "WHERE o.status = 'completed'");
  ExpectRows(query, {{"36.25"}});
}

TEST(CompilerFanOut, SumOverCustomersFilteredByATimeRangeOnOrders) {
  SemanticQuery query;
  query.select = {Item(SumOf("customers", "age"))};
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2025, 1, 1});
  ExpectCorrectNotNaive(
      query,
      "SELECT sum(age) FROM customers WHERE customer_id IN (SELECT customer_id FROM orders "
      "WHERE order_date >= '2024-01-01' AND order_date < '2025-01-01')",
      "SELECT sum(c.age) FROM customers c JOIN orders o ON o.customer_id = c.customer_id "
      "WHERE o.order_date >= '2024-01-01' AND o.order_date < '2025-01-01'");
  ExpectRows(query, {{"145"}});
}

TEST(CompilerFanOut, SumOverCustomersGroupedByOrderStatus) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "status")), Item(SumOf("customers", "age"))};
  ExpectCorrectNotNaive(
      query,
      "SELECT status, sum(age) FROM (SELECT DISTINCT c.customer_id, c.age, o.status "
      "FROM customers c JOIN orders o ON o.customer_id = c.customer_id) GROUP BY status",
      "SELECT o.status, sum(c.age) FROM customers c JOIN orders o "
      "ON o.customer_id = c.customer_id GROUP BY o.status");
  ExpectRows(query, {{"cancelled", "50"}, {"completed", "145"}, {"returned", "40"}});
}

TEST(CompilerFanOut, AverageOverCustomersGroupedByYearOfOrder) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_date", TimeGrain::kYear)),
                  Item(AvgOf("customers", "age"))};
  query.order_by = {{Column("orders", "order_date", TimeGrain::kYear), false}};
  // 2023: Bob and Alice; 2024: Alice (twice), Bob (twice), Carla (twice), Dan (twice).
  ExpectRows(query, {{"2023-01-01", "35"}, {"2024-01-01", "36.25"}});
}

TEST(CompilerFanOut, CountOfCustomersGroupedByOrderStatus) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "status")), Item(CountRows("customers"))};
  ExpectCorrectNotNaive(
      query,
      "SELECT o.status, count(DISTINCT c.customer_id) FROM customers c JOIN orders o "
      "ON o.customer_id = c.customer_id GROUP BY o.status",
      "SELECT o.status, count(*) FROM customers c JOIN orders o "
      "ON o.customer_id = c.customer_id GROUP BY o.status");
}

TEST(CompilerFanOut, CountOfOrdersByProductCategory) {
  SemanticQuery query;
  query.select = {Item(Column("products", "category")), Item(CountRows("orders"))};
  ExpectCorrectNotNaive(
      query,
      "SELECT p.category, count(DISTINCT o.order_id) FROM orders o JOIN order_items i "
      "ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id "
      "GROUP BY p.category",
      "SELECT p.category, count(*) FROM orders o JOIN order_items i ON i.order_id = o.order_id "
      "JOIN products p ON p.product_id = i.product_id GROUP BY p.category");
  ExpectRows(query, {{"Furniture", "3"}, {"Grocery", "4"}, {"Home", "4"}, {"Office", "3"}});
}

TEST(CompilerFanOut, CountOfAColumnOverRepeatedRows) {
  SemanticQuery query;
  query.select = {Item(Column("products", "category")),
                  Item(Agg(Aggregation::kCount, "orders", "payment_method"))};
  query.where = Eq("products", "category", Text("Home"));
  // Orders 101, 104, 106 and 109 hold a lamp; 109 has no payment method.
  ExpectRows(query, {{"Home", "3"}});
}

TEST(CompilerFanOut, ShippingOfOrdersByProductCategory) {
  SemanticQuery query;
  query.select = {Item(Column("products", "category")), Item(SumOf("orders", "shipping"))};
  ExpectCorrectNotNaive(
      query,
      "SELECT category, sum(shipping) FROM (SELECT DISTINCT o.order_id, p.category, o.shipping "
      "FROM orders o JOIN order_items i ON i.order_id = o.order_id "
      "JOIN products p ON p.product_id = i.product_id) GROUP BY category",
      "SELECT p.category, sum(o.shipping) FROM orders o JOIN order_items i "
      "ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id "
      "GROUP BY p.category");
  ExpectRows(query, {{"Furniture", "35"}, {"Grocery", "10"}, {"Home", "25"}, {"Office", "25"}});
}

TEST(CompilerFanOut, DeduplicatedShapeKeepsHavingAndOrder) {
  SemanticQuery query;
  query.select = {Item(Column("products", "category")), Item(SumOf("orders", "shipping"))};
  query.having = Is(SumOf("orders", "shipping"), CompareOp::kGe, {Int(25)});
  query.order_by = {{SumOf("orders", "shipping"), true}, {Column("products", "category"), false}};
  ExpectRows(query, {{"Furniture", "35"}, {"Home", "25"}, {"Office", "25"}});
}

TEST(CompilerFanOut, RevenueOfCustomersStartsAtTheSubjectWithoutInflating) {
  SemanticQuery query;
  query.subject_table = "customers";
  query.select = {Item(Column("customers", "region")), Item(SumOf("order_items", "revenue"))};
  ExpectRows(query, {{"Americas", "365"}, {"Asia", "160"}, {"Europe", "747.5"}});
}

TEST(CompilerFanOut, ListingFilteredByTheManySideShowsEachRowOnce) {
  SemanticQuery query;
  query.subject_table = "customers";
  query.select = {Item(Column("customers", "customer_name"))};
  query = CompletedOrders(query);
  ExpectRows(query, {{"Alice Martin"}, {"Bob Schulz"}, {"Carla Diaz"}, {"Dan Ito"}});
}

TEST(CompilerFanOut, ListingTheManySideKeepsEveryRow) {
  SemanticQuery query;
  query.subject_table = "customers";
  query.select = {Item(Column("customers", "customer_name")), Item(Column("orders", "order_id"))};
  query.where = Eq("customers", "region", Text("Asia"));
  ExpectRows(query, {{"Dan Ito", "106"}, {"Dan Ito", "109"}});
}

TEST(CompilerFanOut, ForwardJoinsNeedNothingSpecial) {
  SemanticQuery query;
  query.select = {Item(Column("products", "category")), Item(SumOf("order_items", "revenue")),
                  Item(Agg(Aggregation::kCountDistinct, "orders", "customer_id"))};
  query.where = Eq("customers", "region", Text("Europe"));
  ExpectRows(query, {{"Furniture", "450", "2"},
                     {"Grocery", "142.5", "2"},
                     {"Home", "80", "1"},
                     {"Office", "75", "2"}});
}

TEST(CompilerFanOut, CompositeKeySemiJoinUsesExists) {
  SemanticQuery query;
  query.select = {Item(SumOf("order_items", "revenue"))};
  query.where = Eq("shipments", "carrier", Text("DHL"));
  ExpectCorrectNotNaive(
      query,
      "SELECT sum(revenue) FROM order_items i WHERE EXISTS (SELECT 1 FROM shipments s "
      "WHERE s.order_id = i.order_id AND s.line_number = i.line_number AND s.carrier = 'DHL')",
      "SELECT sum(i.revenue) FROM order_items i JOIN shipments s ON s.order_id = i.order_id "
      "AND s.line_number = i.line_number WHERE s.carrier = 'DHL'");
  ExpectRows(query, {{"350"}});
}

TEST(CompilerFanOut, DeduplicatedShapeKeepsFiltersAndTimeRange) {
  SemanticQuery query;
  query.select = {Item(Column("products", "category")), Item(SumOf("orders", "shipping"))};
  query.where = Eq("customers", "region", Text("Europe"));
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2025, 1, 1});
  // Europe's 2024 orders: 101 (5: Home, Office), 102 (0: Grocery), 103 (10: Furniture),
  // 110 (0: Grocery).
  ExpectRows(query, {{"Furniture", "10"}, {"Grocery", "0"}, {"Home", "5"}, {"Office", "5"}});
}

TEST(CompilerFanOut, SumsOverTwoTablesThatRepeatEachOtherFail) {
  SemanticQuery query;
  query.select = {Item(Column("customers", "region")), Item(SumOf("orders", "shipping")),
                  Item(SumOf("order_items", "revenue"))};
  StatusOr<CompiledSql> compiled = CompileFor(query, "duckdb");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.status().code(), StatusCode::kUnimplemented) << compiled.status();
  EXPECT_NE(compiled.status().message().find("orders"), std::string_view::npos);
}

TEST(CompilerFanOut, MinMaxAndDistinctIgnoreRepeats) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "status")),
                  Item(Agg(Aggregation::kMax, "customers", "age")),
                  Item(Agg(Aggregation::kCountDistinct, "customers", "city"))};
  StatusOr<CompiledSql> compiled = CompileFor(query, "duckdb");
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_EQ(compiled->sql.find("DISTINCT customers.customer_id"), std::string::npos)
      << compiled->sql;
  ExpectRows(query, {{"cancelled", "50", "1"}, {"completed", "50", "4"}, {"returned", "40", "1"}});
}

}  // namespace
}  // namespace scry::sql::testing
