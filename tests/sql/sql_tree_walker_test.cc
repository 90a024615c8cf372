#include "sql/sql_tree_walker.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace scry::sql {
namespace {

using Json = nlohmann::json;

Json Table(const std::string& name, const std::string& schema = "") {
  return {
      {"type", "BASE_TABLE"}, {"catalog_name", ""}, {"schema_name", schema}, {"table_name", name}};
}

Json Select(Json from, Json ctes = Json::array()) {
  return {{"type", "SELECT_NODE"}, {"cte_map", {{"map", ctes}}}, {"from_table", from}};
}

Json Cte(const std::string& name, Json body) {
  return {{"key", name}, {"value", {{"query", {{"node", body}}}}}};
}

std::vector<std::string> TableNames(const Json& node) {
  StatusOr<SqlTreeFacts> facts = WalkSqlTree({{"node", node}});
  EXPECT_TRUE(facts.ok()) << facts.status();
  std::vector<std::string> names;
  if (facts.ok()) {
    for (const TableReference& t : facts->tables) names.push_back(t.schema + "|" + t.table);
  }
  return names;
}

TEST(SqlTreeWalkerTest, CteShadowsOnlyUnqualifiedNames) {
  const Json ctes = Json::array({Cte("S", Select(Table("orders")))});
  EXPECT_EQ(TableNames(Select(Table("s"), ctes)), (std::vector<std::string>{"|orders"}));
  EXPECT_EQ(TableNames(Select(Table("s", "main"), ctes)),
            (std::vector<std::string>{"|orders", "main|s"}));
}

TEST(SqlTreeWalkerTest, RecordsLocationAndAlias) {
  Json aliased = Table("orders");
  aliased["query_location"] = 14;
  aliased["alias"] = "o";
  Json bare = Table("stores");
  bare["query_location"] = std::numeric_limits<uint64_t>::max();  // DuckDB's "none"
  const Json join = {{"type", "JOIN"}, {"left", aliased}, {"right", bare}};
  StatusOr<SqlTreeFacts> facts = WalkSqlTree({{"node", Select(join)}});
  ASSERT_TRUE(facts.ok()) << facts.status();
  ASSERT_EQ(facts->tables.size(), 2u);
  EXPECT_EQ(facts->tables[0].location, 14u);
  EXPECT_TRUE(facts->tables[0].aliased);
  EXPECT_EQ(facts->tables[1].location, std::nullopt);
  EXPECT_FALSE(facts->tables[1].aliased);
}

TEST(SqlTreeWalkerTest, CteBodySeesEarlierCtesOnly) {
  const Json ctes = Json::array({Cte("a", Select(Table("b"))), Cte("b", Select(Table("a")))});
  EXPECT_EQ(TableNames(Select(Table("b"), ctes)), (std::vector<std::string>{"|b"}));
}

TEST(SqlTreeWalkerTest, RecursiveNameVisibleOnlyInTheRecursiveBranch) {
  const Json recursive = {{"type", "RECURSIVE_CTE_NODE"},
                          {"cte_map", {{"map", Json::array()}}},
                          {"cte_name", "r"},
                          {"left", Select(Table("r"))},
                          {"right", Select(Table("r"))}};
  const Json ctes = Json::array({Cte("r", recursive)});
  EXPECT_EQ(TableNames(Select(Table("r"), ctes)), (std::vector<std::string>{"|r"}));
}

TEST(SqlTreeWalkerTest, CteNodeQuerySeesEarlierChildSeesItself) {
  const Json ctes = Json::array({Cte("a", Select(Table("t1"))), Cte("m", Select(Table("a")))});
  const Json node = {{"type", "CTE_NODE"},
                     {"cte_map", {{"map", ctes}}},
                     {"cte_name", "m"},
                     {"query", Select(Table("m"))},
                     {"child", Select(Table("m"))}};
  // The body of m reading "m" is the table m; the child reading m is the CTE.
  EXPECT_EQ(TableNames(node), (std::vector<std::string>{"|t1", "|m"}));
}

TEST(SqlTreeWalkerTest, RecordsFunctionsAndTableFunctions) {
  const Json call = {
      {"class", "FUNCTION"},
      {"function_name", "read_csv"},
      {"schema", ""},
      {"children", Json::array({{{"class", "FUNCTION"}, {"function_name", "getenv"}}})}};
  const Json from = {{"type", "TABLE_FUNCTION"}, {"function", call}};
  StatusOr<SqlTreeFacts> facts = WalkSqlTree({{"node", Select(from)}});
  ASSERT_TRUE(facts.ok());
  ASSERT_EQ(facts->table_functions.size(), 1u);
  EXPECT_EQ(facts->table_functions[0].name, "read_csv");
  EXPECT_FALSE(facts->table_functions[0].location);
  ASSERT_EQ(facts->functions.size(), 1u);
  EXPECT_EQ(facts->functions[0].name, "getenv");
}

TEST(SqlTreeWalkerTest, RecordsTheLocationOfTableFunctions) {
  Json call = {{"class", "FUNCTION"}, {"function_name", "read_parquet"}, {"query_location", 29}};
  Json from = {{"type", "TABLE_FUNCTION"}, {"function", call}, {"query_location", 29}};
  StatusOr<SqlTreeFacts> facts = WalkSqlTree({{"node", Select(from)}});
  ASSERT_TRUE(facts.ok());
  ASSERT_EQ(facts->table_functions.size(), 1u);
  EXPECT_EQ(facts->table_functions[0].location, 29u);
  // Without one on the reference, the function's own is taken.
  from.erase("query_location");
  facts = WalkSqlTree({{"node", Select(from)}});
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts->table_functions[0].location, 29u);
}

TEST(SqlTreeWalkerTest, UnknownShapesAreUnsupported) {
  const Json show = {{"type", "SHOW_REF"}, {"table_name", "secrets"}};
  const Json other_node = {{"type", "STATEMENT_NODE"}};
  const Json odd_from = {{"type", "TABLE_FUNCTION"}, {"function", {{"class", "CONSTANT"}}}};
  for (const Json& node : {Select(show), other_node, Select(odd_from), Select({{"type", "CTE"}})}) {
    StatusOr<SqlTreeFacts> facts = WalkSqlTree({{"node", node}});
    ASSERT_TRUE(facts.ok());
    EXPECT_FALSE(facts->unsupported.empty()) << node.dump();
  }
}

TEST(SqlTreeWalkerTest, StatementWithoutAQueryIsUnsupported) {
  for (const Json& statement : {Json::object(), Json{{"node", {{"type", "BASE_TABLE"}}}},
                                Json{{"other", Select(Table("orders"))}}}) {
    StatusOr<SqlTreeFacts> facts = WalkSqlTree(statement);
    ASSERT_TRUE(facts.ok());
    EXPECT_FALSE(facts->unsupported.empty()) << statement.dump();
  }
}

TEST(SqlTreeWalkerTest, CteMapOfUnexpectedShapeNamesNothing) {
  Json node = Select(Table("s"));
  node["cte_map"] = {{"map", {{"key", "s"}}}, {"extra", Select(Table("hidden"))}};
  EXPECT_EQ(TableNames(node), (std::vector<std::string>{"|hidden", "|s"}));
  node["cte_map"] = {{"map", Json::array({Cte("s", Select(Table("t")))})},
                     {"extra", Select(Table("hidden"))}};
  EXPECT_EQ(TableNames(node), (std::vector<std::string>{"|hidden", "|t"}));
}

TEST(SqlTreeWalkerTest, DeepTreesAreRefused) {
  Json deep = Table("orders");
  for (int i = 0; i < kMaxTreeDepth; ++i) deep = Json::array({deep});
  StatusOr<SqlTreeFacts> facts = WalkSqlTree({{"node", Select(deep)}});
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace scry::sql
