#include "eval/spider_schema.h"

#include <gtest/gtest.h>

namespace scry::eval {
namespace {

SpiderSchema Shop() {
  SpiderSchema spider;
  spider.db_id = "shop";
  spider.table_names = {"customer", "order line"};
  spider.table_names_original = {"Customer", "Order_Line"};
  spider.column_names = {
      {-1, "*"}, {0, "customer id"}, {0, "Name"}, {1, "line id"}, {1, "customer id"}};
  spider.column_names_original = {
      {-1, "*"}, {0, "CustomerID"}, {0, "Name"}, {1, "LineID"}, {1, "Customer_ID"}};
  spider.primary_keys = {1, 3};
  spider.foreign_keys = {{4, 1}};
  return spider;
}

ColumnSchema Column(const std::string& name) {
  ColumnSchema column;
  column.name = name;
  return column;
}

// The file spells names its own way; tables.json is matched case-insensitively.
DatabaseSchema ShopFile() {
  DatabaseSchema schema;
  TableSchema customer;
  customer.name = "customer";
  customer.columns = {Column("customerid"), Column("name")};
  TableSchema line;
  line.name = "order_line";
  line.columns = {Column("lineid"), Column("customer_id")};
  schema.tables = {customer, line};
  return schema;
}

TEST(SpiderSchemaTest, AnnotatesTablesAndColumnsWithNaturalNames) {
  const semantic::SchemaAnnotations annotations = AnnotationsFromSpider(Shop());
  const std::map<std::string, std::string> expected = {
      {"Customer", "customer"},
      {"Order_Line", "order line"},
      {"Customer.CustomerID", "customer id"},
      {"Order_Line.LineID", "line id"},
      {"Order_Line.Customer_ID", "customer id"},
  };
  // "Name" only repeats the original name; "*" is not a column.
  EXPECT_EQ(annotations.display_names, expected);
  EXPECT_TRUE(annotations.descriptions.empty());
}

TEST(SpiderSchemaTest, MergesUndeclaredKeysInTheFilesSpelling) {
  DatabaseSchema schema = ShopFile();
  EXPECT_EQ(MergeSpiderKeys(Shop(), &schema), 3);
  EXPECT_EQ(schema.tables[0].primary_key, (std::vector<std::string>{"customerid"}));
  EXPECT_EQ(schema.tables[1].primary_key, (std::vector<std::string>{"lineid"}));
  ASSERT_EQ(schema.tables[1].foreign_keys.size(), 1u);
  const ForeignKey& key = schema.tables[1].foreign_keys[0];
  EXPECT_EQ(key.columns, (std::vector<std::string>{"customer_id"}));
  EXPECT_EQ(key.referenced_table, "customer");
  EXPECT_EQ(key.referenced_columns, (std::vector<std::string>{"customerid"}));
}

TEST(SpiderSchemaTest, KeepsKeysTheFileDeclares) {
  DatabaseSchema schema = ShopFile();
  schema.tables[0].primary_key = {"name"};
  schema.tables[1].foreign_keys = {ForeignKey{{"customer_id"}, "customer", {"name"}}};
  EXPECT_EQ(MergeSpiderKeys(Shop(), &schema), 1);  // only order_line's primary key
  EXPECT_EQ(schema.tables[0].primary_key, (std::vector<std::string>{"name"}));
  ASSERT_EQ(schema.tables[1].foreign_keys.size(), 1u);
  EXPECT_EQ(schema.tables[1].foreign_keys[0].referenced_columns,
            (std::vector<std::string>{"name"}));
}

TEST(SpiderSchemaTest, CompositePrimaryKeysStayTogether) {
  SpiderSchema spider = Shop();
  spider.primary_keys = {3, 4};
  DatabaseSchema schema = ShopFile();
  MergeSpiderKeys(spider, &schema);
  EXPECT_EQ(schema.tables[1].primary_key, (std::vector<std::string>{"lineid", "customer_id"}));
}

TEST(SpiderSchemaTest, SkipsKeysOnTablesTheFileLacks) {
  DatabaseSchema schema = ShopFile();
  schema.tables.pop_back();
  EXPECT_EQ(MergeSpiderKeys(Shop(), &schema), 1);
  EXPECT_TRUE(schema.tables[0].foreign_keys.empty());
}

}  // namespace
}  // namespace scry::eval
