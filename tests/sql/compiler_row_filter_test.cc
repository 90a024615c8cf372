// Compiled SQL under row filters: the compiler's text passes the guard, which
// rewrites every read of a filtered table; the rewritten text runs on both
// engines (DuckDB and SQLite) and returns only the allowed rows.
#include <gtest/gtest.h>

#include "sql/compiler_test_support.h"
#include "sql/row_filter_rewriter.h"

namespace scry::sql::testing {
namespace {

const RowFilterMap kEuropeStores = {{"stores", R"("region" = 'Europe')"}};
const RowFilterMap kEuropeCustomers = {{"customers", R"("region" = 'Europe')"}};

StatusOr<Rows> CompileFilterAndRun(const SemanticQuery& query, std::string_view dialect,
                                   const RowFilterMap& filters) {
  ASSIGN_OR_RETURN(CompiledSql compiled, CompileFor(query, dialect));
  Warehouse& warehouse = Warehouse::Get();
  GuardPolicy policy = warehouse.Policy();
  policy.row_filters = filters;
  StatusOr<CheckedSql> checked = warehouse.guard().Check(compiled.sql, policy);
  if (!checked.ok()) return checked.status().WithContext("guard on " + compiled.sql);
  EXPECT_FALSE(checked->filtered_tables.empty()) << compiled.sql;
  StatusOr<Rows> rows = warehouse.Query(dialect, checked->sql);
  if (!rows.ok()) return rows.status().WithContext(checked->sql);
  return rows;
}

void ExpectFilteredRows(const SemanticQuery& query, const RowFilterMap& filters,
                        const Rows& expected) {
  for (const char* dialect : {"duckdb", "sqlite"}) {
    SCOPED_TRACE(dialect);
    StatusOr<Rows> rows = CompileFilterAndRun(query, dialect, filters);
    ASSERT_TRUE(rows.ok()) << rows.status();
    EXPECT_EQ(Sorted(*rows), Sorted(expected));
  }
}

TEST(CompilerRowFilter, RevenueByStoreRegionSeesOneRegion) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue"))};
  // Unfiltered: Americas 720, Europe 552.5.
  ExpectFilteredRows(query, kEuropeStores, {{"Europe", "552.5"}});
}

TEST(CompilerRowFilter, ConditionOnAFilteredTable) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders"))};
  query.where = Eq("stores", "channel", Text("Retail"));
  // Unfiltered: 7 orders in the two retail stores; Paris Central alone has 4.
  ExpectFilteredRows(query, kEuropeStores, {{"4"}});
}

TEST(CompilerRowFilter, ListingOfAFilteredTable) {
  SemanticQuery query;
  query.subject_table = "customers";
  query.select = {Item(Column("customers", "customer_name"))};
  ExpectFilteredRows(query, kEuropeCustomers, {{"Alice Martin"}, {"Bob Schulz"}});
}

TEST(CompilerRowFilter, NoRowsWhenTheUserHasNoValue) {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue"))};
  ExpectFilteredRows(query, {{"stores", "false"}}, {});
}

}  // namespace
}  // namespace scry::sql::testing
