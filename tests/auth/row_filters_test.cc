#include "auth/row_filters.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace scry::auth {
namespace {

TableSchema Table(std::string name, std::vector<std::string> columns) {
  TableSchema table;
  table.name = std::move(name);
  for (std::string& column : columns) {
    ColumnSchema schema;
    schema.name = std::move(column);
    table.columns.push_back(std::move(schema));
  }
  return table;
}

DatabaseSchema Catalog() {
  DatabaseSchema catalog;
  catalog.tables = {Table("customers", {"customer_id", "name", "Region"}),
                    Table("orders", {"order_id", "customer_id", "region", "team"}),
                    Table("products", {"product_id", "name"}),
                    Table("Team \"Odd\" Table", {"team \"x\""})};
  return catalog;
}

const std::vector<RowFilterRule> kRegionRule = {{"region", "region", "", false}};

TEST(RowFilterRules, ParsesFromASpaceConfig) {
  StatusOr<std::vector<RowFilterRule>> rules = ParseRowFilterRules(R"({
      "model": "sales.yaml",
      "row_filters": [
        {"attribute": "region", "column": "region"},
        {"attribute": "teams", "table": "orders", "column": "team", "list": true}
      ]})");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(*rules, (std::vector<RowFilterRule>{{"region", "region", "", false},
                                                {"teams", "team", "orders", true}}));
}

TEST(RowFilterRules, NoRulesWhenAbsent) {
  for (const char* config : {"", "  ", "{}", R"({"model": "x"})", R"({"row_filters": null})",
                             R"({"row_filters": []})"}) {
    StatusOr<std::vector<RowFilterRule>> rules = ParseRowFilterRules(config);
    ASSERT_TRUE(rules.ok()) << config << ": " << rules.status();
    EXPECT_TRUE(rules->empty()) << config;
  }
}

TEST(RowFilterRules, RefusesMalformedRules) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1]", "the space's configuration is not a JSON object"},
      {"{", "the space's configuration is not a JSON object"},
      {R"({"row_filters": {}})", "row_filters must be an array of rules"},
      {R"({"row_filters": ["region"]})", "row_filters[0]: a rule must be a JSON object"},
      {R"({"row_filters": [{"column": "region"}]})", "row_filters[0]: 'attribute' is required"},
      {R"({"row_filters": [{"attribute": "region", "column": ""}]})",
       "row_filters[0]: 'column' is required"},
      {R"({"row_filters": [{"attribute": "r", "column": "r"}, {"attribute": "r", "colum": "r"}]})",
       "row_filters[1]: unknown key 'colum' (known: attribute, column, table, list)"},
      {R"({"row_filters": [{"attribute": 1, "column": "r"}]})",
       "row_filters[0]: 'attribute' must be a string"},
      {R"({"row_filters": [{"attribute": "r", "column": "r", "list": "yes"}]})",
       "row_filters[0]: 'list' must be true or false"},
  };
  for (const auto& [config, message] : cases) {
    StatusOr<std::vector<RowFilterRule>> rules = ParseRowFilterRules(config);
    EXPECT_EQ(rules.status().code(), StatusCode::kInvalidArgument) << config;
    EXPECT_EQ(rules.status().message(), message) << config;
  }
}

TEST(RowFilterRules, RoundTripAndKeepOtherKeys) {
  const std::vector<RowFilterRule> rules = {{"region", "region", "", false},
                                            {"teams", "team", "orders", true}};
  EXPECT_EQ(RowFilterRulesToJson(rules),
            R"([{"attribute":"region","column":"region"},)"
            R"({"attribute":"teams","column":"team","list":true,"table":"orders"}])");
  StatusOr<std::string> config = SetRowFilterRules(R"({"model": "sales.yaml"})", rules);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(nlohmann::json::parse(*config)["model"], "sales.yaml");
  EXPECT_EQ(*ParseRowFilterRules(*config), rules);
  EXPECT_TRUE(SetRowFilterRules("", rules).ok());
  EXPECT_EQ(SetRowFilterRules("[]", rules).status().code(), StatusCode::kInvalidArgument);
}

TEST(RowFilters, EveryTableWithTheColumnIsFiltered) {
  StatusOr<RowFilters> filters = BuildRowFilters(kRegionRule, {{"region", "Europe"}}, Catalog());
  ASSERT_TRUE(filters.ok()) << filters.status();
  // Spelled as the catalog spells the column; products has no region.
  EXPECT_EQ(*filters, (RowFilters{{"customers", R"("Region" = 'Europe')"},
                                  {"orders", R"("region" = 'Europe')"}}));
}

TEST(RowFilters, AMissingAttributeHidesEveryRow) {
  for (const std::map<std::string, std::string>& attributes :
       std::vector<std::map<std::string, std::string>>{
           {}, {{"region", ""}}, {{"region", "   "}}, {{"Region", "Europe"}}}) {
    StatusOr<RowFilters> filters = BuildRowFilters(kRegionRule, attributes, Catalog());
    ASSERT_TRUE(filters.ok());
    EXPECT_EQ(*filters, (RowFilters{{"customers", "false"}, {"orders", "false"}}));
  }
}

TEST(RowFilters, ValuesAreEscapedLiterals) {
  StatusOr<RowFilters> filters =
      BuildRowFilters(kRegionRule, {{"region", "O'Brien' OR '1'='1"}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_EQ(filters->at("orders"), R"("region" = 'O''Brien'' OR ''1''=''1')");
  filters = BuildRowFilters(kRegionRule, {{"region", "back\\slash; --"}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_EQ(filters->at("orders"), R"("region" = 'back\slash; --')");
}

TEST(RowFilters, ControlCharactersInValuesAreRefused) {
  EXPECT_EQ(BuildRowFilters(kRegionRule, {{"region", std::string("Eu\0rope", 7)}}, Catalog())
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildRowFilters(kRegionRule, {{"region", "Europe\n"}}, Catalog()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(RowFilters, ListValues) {
  const std::vector<RowFilterRule> rules = {{"regions", "region", "", true}};
  StatusOr<RowFilters> filters =
      BuildRowFilters(rules, {{"regions", "Europe, Asia ,,Americas"}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_EQ(filters->at("orders"), R"("region" IN ('Europe', 'Asia', 'Americas'))");
  filters = BuildRowFilters(rules, {{"regions", " , "}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_EQ(filters->at("orders"), "false");
  // Without "list", a comma is part of the value.
  filters = BuildRowFilters(kRegionRule, {{"region", "Washington, D.C."}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_EQ(filters->at("orders"), R"("region" = 'Washington, D.C.')");
}

TEST(RowFilters, RulesForOneTableAndSeveralRulesCombine) {
  const std::vector<RowFilterRule> rules = {{"region", "region", "", false},
                                            {"team", "TEAM", "Orders", false}};
  StatusOr<RowFilters> filters =
      BuildRowFilters(rules, {{"region", "Europe"}, {"team", "7"}}, Catalog());
  ASSERT_TRUE(filters.ok()) << filters.status();
  EXPECT_EQ(*filters, (RowFilters{{"customers", R"("Region" = 'Europe')"},
                                  {"orders", R"(("region" = 'Europe') AND ("team" = '7'))"}}));
}

TEST(RowFilters, QuotedIdentifiers) {
  const std::vector<RowFilterRule> rules = {{"team", "team \"x\"", "", false}};
  StatusOr<RowFilters> filters = BuildRowFilters(rules, {{"team", "a"}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_EQ(*filters, (RowFilters{{"team \"odd\" table", R"("team ""x""" = 'a')"}}));
}

TEST(RowFilters, ANamedTableMustHaveTheColumn) {
  const std::vector<RowFilterRule> rules = {{"region", "region", "products", false}};
  StatusOr<RowFilters> filters = BuildRowFilters(rules, {{"region", "Europe"}}, Catalog());
  EXPECT_EQ(filters.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(filters.status().message(),
            "row filter on 'region': table 'products' has no column 'region'");
}

TEST(RowFilters, ANamedTableMissingFromTheCatalogHidesEverything) {
  const std::vector<RowFilterRule> rules = {{"region", "region", "Returns", false}};
  StatusOr<RowFilters> filters = BuildRowFilters(rules, {{"region", "Europe"}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_EQ(*filters, (RowFilters{{"returns", "false"}}));
}

TEST(RowFilters, NoRulesNoFilters) {
  StatusOr<RowFilters> filters = BuildRowFilters({}, {{"region", "Europe"}}, Catalog());
  ASSERT_TRUE(filters.ok());
  EXPECT_TRUE(filters->empty());
}

TEST(RowFilters, Quoting) {
  EXPECT_EQ(QuoteSqlIdentifier("a\"b"), R"("a""b")");
  EXPECT_EQ(QuoteSqlString("it's"), "'it''s'");
  EXPECT_EQ(QuoteSqlString(""), "''");
}

}  // namespace
}  // namespace scry::auth
