#include "sql/guard_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scry::sql {
namespace {

TableReference Ref(std::string catalog, std::string schema, std::string table) {
  TableReference ref;
  ref.catalog = std::move(catalog);
  ref.schema = std::move(schema);
  ref.table = std::move(table);
  return ref;
}

std::string MatchOf(const TableAllowList& list, const TableReference& ref) {
  const std::string* entry = list.Match(ref);
  return entry == nullptr ? "<none>" : *entry;
}

TEST(TableAllowListTest, BareEntryMatchesAnyUserSchema) {
  const TableAllowList list({"Orders"});
  EXPECT_EQ(MatchOf(list, Ref("", "", "orders")), "orders");
  EXPECT_EQ(MatchOf(list, Ref("", "", "ORDERS")), "orders");
  EXPECT_EQ(MatchOf(list, Ref("", "main", "orders")), "orders");
  EXPECT_EQ(MatchOf(list, Ref("", "sales", "orders")), "orders");
  EXPECT_EQ(MatchOf(list, Ref("", "information_schema", "orders")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("", "pg_catalog", "orders")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("", "system", "orders")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("db", "main", "orders")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("", "", "orders2")), "<none>");
}

TEST(TableAllowListTest, QualifiedEntryMatchesItsSchemaAndTheDefault) {
  const TableAllowList list({"main.orders", "sales.targets"});
  EXPECT_EQ(MatchOf(list, Ref("", "main", "orders")), "main.orders");
  EXPECT_EQ(MatchOf(list, Ref("", "", "orders")), "main.orders");
  EXPECT_EQ(MatchOf(list, Ref("", "other", "orders")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("", "sales", "targets")), "sales.targets");
  // An unqualified name resolves through the search path, i.e. main.
  EXPECT_EQ(MatchOf(list, Ref("", "", "targets")), "<none>");
}

TEST(TableAllowListTest, CatalogEntryNeedsTheCatalog) {
  const TableAllowList list({"shop.main.orders", "\"Quoted\".x"});
  EXPECT_EQ(MatchOf(list, Ref("SHOP", "MAIN", "orders")), "shop.main.orders");
  EXPECT_EQ(MatchOf(list, Ref("", "main", "orders")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("", "", "orders")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("", "quoted", "x")), "\"quoted\".x");
}

TEST(TableAllowListTest, MalformedEntriesMatchNothing) {
  const TableAllowList list({"", "a..b", "a.b.c.d", "."});
  EXPECT_EQ(MatchOf(list, Ref("", "", "")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("", "a", "b")), "<none>");
  EXPECT_EQ(MatchOf(list, Ref("b", "c", "d")), "<none>");
}

TEST(GuardRulesTest, TableFunctions) {
  EXPECT_FALSE(WhyTableFunctionIsRefused("range").has_value());
  EXPECT_FALSE(WhyTableFunctionIsRefused("Generate_Series").has_value());
  EXPECT_FALSE(WhyTableFunctionIsRefused("unnest").has_value());
  EXPECT_EQ(WhyTableFunctionIsRefused("read_csv"), "reads files or the network");
  EXPECT_EQ(WhyTableFunctionIsRefused("READ_PARQUET"), "reads files or the network");
  EXPECT_EQ(WhyTableFunctionIsRefused("duckdb_tables"), "reads the catalog, settings or secrets");
  EXPECT_NE(WhyTableFunctionIsRefused("repeat_row")->find("not one of"), std::string::npos);
}

TEST(GuardRulesTest, ScalarFunctions) {
  EXPECT_FALSE(WhyFunctionIsRefused("sum").has_value());
  EXPECT_FALSE(WhyFunctionIsRefused("date_trunc").has_value());
  EXPECT_FALSE(WhyFunctionIsRefused("regexp_matches").has_value());
  EXPECT_TRUE(WhyFunctionIsRefused("getenv").has_value());
  EXPECT_TRUE(WhyFunctionIsRefused("NextVal").has_value());
  EXPECT_TRUE(WhyFunctionIsRefused("read_text").has_value());
  EXPECT_TRUE(WhyFunctionIsRefused("postgres_query").has_value());
}

TEST(GuardRulesTest, FilePathsAndSystemTables) {
  EXPECT_TRUE(LooksLikeFilePath("data.csv"));
  EXPECT_TRUE(LooksLikeFilePath("s3://b/k"));
  EXPECT_TRUE(LooksLikeFilePath("C:\\x"));
  EXPECT_TRUE(LooksLikeFilePath("~user"));
  EXPECT_FALSE(LooksLikeFilePath("order_items"));
  EXPECT_TRUE(IsSystemTable(Ref("", "information_schema", "tables")));
  EXPECT_TRUE(IsSystemTable(Ref("system", "main", "x")));
  EXPECT_TRUE(IsSystemTable(Ref("", "", "sqlite_master")));
  EXPECT_TRUE(IsSystemTable(Ref("", "", "duckdb_settings")));
  EXPECT_FALSE(IsSystemTable(Ref("", "main", "orders")));
  EXPECT_EQ(DisplayName(Ref("", "main", "orders")), "main.orders");
  EXPECT_EQ(DisplayName(Ref("db", "main", "orders")), "db.main.orders");
}

}  // namespace
}  // namespace scry::sql
