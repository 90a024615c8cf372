#include "semantic/bootstrap.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "semantic/model_check.h"
#include "semantic/schema_fixtures.h"

namespace scry::semantic {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::RetailSchema;
using testing::UndeclaredSchema;

class RetailBootstrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BootstrapOptions options;
    options.model_name = "retail";
    StatusOr<Model> model = BootstrapModel(RetailSchema(), options);
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = *std::move(model);
  }

  const ColumnModel& Column(std::string_view table, std::string_view column) {
    const ColumnModel* found = model_.FindColumn(table, column);
    EXPECT_NE(found, nullptr) << table << "." << column;
    static const ColumnModel kMissing;
    return found == nullptr ? kMissing : *found;
  }
  const TableModel& Table(std::string_view table) {
    const TableModel* found = model_.FindTable(table);
    EXPECT_NE(found, nullptr) << table;
    static const TableModel kMissing;
    return found == nullptr ? kMissing : *found;
  }
  const JoinModel* Join(std::string_view from, std::string_view to) {
    for (const JoinModel& join : model_.joins) {
      if (join.from_table == from && join.to_table == to) return &join;
    }
    return nullptr;
  }

  Model model_;
};

TEST_F(RetailBootstrapTest, KeysAreIdentifiers) {
  EXPECT_EQ(Column("customers", "customer_id").role, ColumnRole::kIdentifier);
  EXPECT_TRUE(Column("customers", "customer_id").primary_key);
  EXPECT_EQ(Column("customers", "customer_id").format, ValueFormat::kIdentifier);
  EXPECT_EQ(Column("orders", "customer_id").role, ColumnRole::kIdentifier);
  EXPECT_FALSE(Column("orders", "customer_id").primary_key);
  EXPECT_EQ(Column("products", "sku").role, ColumnRole::kIdentifier);
  EXPECT_EQ(Column("orders", "order_number").role, ColumnRole::kIdentifier);
  EXPECT_EQ(Column("order_items", "line_number").role, ColumnRole::kIdentifier);
  EXPECT_EQ(Column("customers", "customer_id").default_aggregation, Aggregation::kNone);
}

TEST_F(RetailBootstrapTest, TypesFollowTheEngine) {
  EXPECT_EQ(Column("customers", "customer_id").type, DataType::kInteger);
  EXPECT_EQ(Column("order_items", "revenue").type, DataType::kNumber);
  EXPECT_EQ(Column("stores", "floor_area").type, DataType::kNumber);
  EXPECT_EQ(Column("customers", "customer_name").type, DataType::kText);
  EXPECT_EQ(Column("customers", "is_active").type, DataType::kBoolean);
  EXPECT_EQ(Column("orders", "order_date").type, DataType::kDate);
}

TEST_F(RetailBootstrapTest, RolesOfDescriptiveColumns) {
  EXPECT_EQ(Column("customers", "customer_name").role, ColumnRole::kName);
  EXPECT_EQ(Column("customers", "email").role, ColumnRole::kText);
  EXPECT_EQ(Column("customers", "city").role, ColumnRole::kDimension);
  EXPECT_EQ(Column("customers", "is_active").role, ColumnRole::kFlag);
  EXPECT_EQ(Column("orders", "is_gift").role, ColumnRole::kFlag);
  // Two values, but not yes/no: a category.
  EXPECT_EQ(Column("orders", "channel").role, ColumnRole::kDimension);
  EXPECT_EQ(Column("orders", "order_date").role, ColumnRole::kTime);
  EXPECT_EQ(Column("stores", "region").role, ColumnRole::kDimension);
}

TEST_F(RetailBootstrapTest, YearsAndQuartersAreDimensions) {
  EXPECT_EQ(Column("sales_targets", "year").role, ColumnRole::kDimension);
  EXPECT_EQ(Column("sales_targets", "year").format, ValueFormat::kYear);
  EXPECT_EQ(Column("stores", "opened_year").format, ValueFormat::kYear);
  EXPECT_EQ(Column("sales_targets", "quarter").role, ColumnRole::kDimension);
  EXPECT_EQ(Column("sales_targets", "year").default_aggregation, Aggregation::kNone);
}

TEST_F(RetailBootstrapTest, MeasuresAggregateByMeaning) {
  const ColumnModel& revenue = Column("order_items", "revenue");
  EXPECT_EQ(revenue.role, ColumnRole::kMeasure);
  EXPECT_EQ(revenue.default_aggregation, Aggregation::kSum);
  EXPECT_EQ(revenue.format, ValueFormat::kCurrency);
  const ColumnModel& quantity = Column("order_items", "quantity");
  EXPECT_EQ(quantity.default_aggregation, Aggregation::kSum);
  EXPECT_EQ(quantity.format, ValueFormat::kCount);
  const ColumnModel& price = Column("products", "unit_price");
  EXPECT_EQ(price.default_aggregation, Aggregation::kAvg);
  EXPECT_EQ(price.format, ValueFormat::kCurrency);
  EXPECT_EQ(Column("customers", "age").default_aggregation, Aggregation::kAvg);
  EXPECT_EQ(Column("customers", "age").format, ValueFormat::kPlain);
  EXPECT_EQ(Column("sales_targets", "target_revenue").default_aggregation, Aggregation::kSum);
  EXPECT_EQ(Column("products", "cost").format, ValueFormat::kCurrency);
}

TEST_F(RetailBootstrapTest, DiscountIsARateOrAnAmount) {
  // DECIMAL(3,2) holds fractions; DECIMAL(10,2) named "amount" holds money.
  EXPECT_EQ(Column("orders", "discount").format, ValueFormat::kPercent);
  EXPECT_EQ(Column("orders", "discount").default_aggregation, Aggregation::kAvg);
  EXPECT_EQ(Column("order_items", "discount_amount").format, ValueFormat::kCurrency);
  EXPECT_EQ(Column("order_items", "discount_amount").default_aggregation, Aggregation::kSum);
}

TEST_F(RetailBootstrapTest, DictionariesOfSmallTextColumns) {
  EXPECT_THAT(Column("stores", "region").values, ElementsAre("North", "South", "East", "West"));
  EXPECT_THAT(Column("orders", "channel").values, ElementsAre("Online", "In store"));
  EXPECT_EQ(Column("customers", "customer_name").distinct_count, 1000);
  EXPECT_THAT(Column("customers", "email").values, IsEmpty());
  EXPECT_THAT(Column("order_items", "revenue").values, IsEmpty());
}

TEST_F(RetailBootstrapTest, DictionaryCapFollowsTheOption) {
  BootstrapOptions options;
  options.max_dictionary_values = 3;
  StatusOr<Model> model = BootstrapModel(RetailSchema(), options);
  ASSERT_TRUE(model.ok());
  EXPECT_THAT(model->FindColumn("stores", "region")->values, IsEmpty());
  EXPECT_EQ(model->FindColumn("products", "category")->values.size(), 3u);
}

TEST_F(RetailBootstrapTest, DeclaredJoinsAreManyToOne) {
  ASSERT_NE(Join("orders", "customers"), nullptr);
  EXPECT_THAT(Join("orders", "customers")->from_columns, ElementsAre("customer_id"));
  EXPECT_THAT(Join("orders", "customers")->to_columns, ElementsAre("customer_id"));
  EXPECT_EQ(Join("orders", "customers")->source, JoinSource::kDeclared);
  EXPECT_FALSE(Join("orders", "customers")->one_to_one);
  ASSERT_NE(Join("order_items", "orders"), nullptr);
  ASSERT_NE(Join("order_items", "products"), nullptr);
  ASSERT_NE(Join("sales_targets", "stores"), nullptr);
  ASSERT_NE(Join("customer_profiles", "customers"), nullptr);
  EXPECT_TRUE(Join("customer_profiles", "customers")->one_to_one);
  // Nothing inferred on top of the declared keys.
  EXPECT_EQ(model_.joins.size(), 6u);
}

TEST_F(RetailBootstrapTest, NameAndTimeColumns) {
  EXPECT_EQ(Table("customers").name_column, "customer_name");
  EXPECT_EQ(Table("products").name_column, "product_name");
  EXPECT_EQ(Table("stores").name_column, "store_name");
  // A birth date never places a customer in time.
  EXPECT_EQ(Table("customers").time_column, "signup_date");
  EXPECT_EQ(Table("orders").time_column, "order_date");
  EXPECT_EQ(Table("products").time_column, "launch_date");
  // Through the join to the order, not to the product's launch.
  EXPECT_EQ(Table("order_items").time_column, "orders.order_date");
  EXPECT_EQ(Table("sales_targets").time_column, "");
  // A customer is a thing, not an event: its dates describe it, not its profile.
  EXPECT_EQ(Table("customer_profiles").time_column, "");
}

TEST_F(RetailBootstrapTest, DisplayNamesAndSynonyms) {
  EXPECT_EQ(Table("order_items").display_name, "Order items");
  EXPECT_EQ(Column("orders", "order_date").display_name, "Order date");
  EXPECT_EQ(Column("customers", "customer_id").display_name, "Customer ID");
  EXPECT_THAT(Table("customers").synonyms, Contains("customer"));
  EXPECT_THAT(Table("customers").synonyms, Contains("clients"));
  EXPECT_THAT(Table("order_items").synonyms, Contains("order item"));
  EXPECT_THAT(Column("customers", "city").synonyms, Contains("town"));
  EXPECT_THAT(Column("order_items", "revenue").synonyms, Contains("sales"));
  EXPECT_THAT(Column("order_items", "quantity").synonyms, Contains("units"));
}

TEST_F(RetailBootstrapTest, OneMetricPerMeasure) {
  const MetricModel* revenue = model_.FindMetric("revenue");
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(revenue->expression, "sum(order_items.revenue)");
  EXPECT_EQ(revenue->format, ValueFormat::kCurrency);
  EXPECT_THAT(revenue->tables, ElementsAre("order_items"));
  const MetricModel* price = model_.FindMetric("average_unit_price");
  ASSERT_NE(price, nullptr);
  EXPECT_EQ(price->expression, "avg(products.unit_price)");
  EXPECT_EQ(price->display_name, "Average unit price");
  EXPECT_NE(model_.FindMetric("target_revenue"), nullptr);
  EXPECT_NE(model_.FindMetric("quantity"), nullptr);
  EXPECT_EQ(model_.FindMetric("customer_id"), nullptr);
  int measures = 0;
  for (const TableModel& table : model_.tables) {
    for (const ColumnModel& column : table.columns) measures += column.role == ColumnRole::kMeasure;
  }
  EXPECT_EQ(model_.metrics.size(), static_cast<size_t>(measures));
}

TEST_F(RetailBootstrapTest, ABootstrappedModelPassesItsCheck) {
  for (const ModelIssue& issue : CheckModel(model_, RetailSchema())) {
    EXPECT_NE(issue.severity, ModelIssue::Severity::kError) << issue.where << ": " << issue.message;
  }
}

TEST(BootstrapTest, EmptySchemaIsAnError) {
  StatusOr<Model> model = BootstrapModel(DatabaseSchema{}, BootstrapOptions{});
  EXPECT_EQ(model.status().code(), StatusCode::kInvalidArgument);
}

TEST(BootstrapTest, AnnotationsOverrideNames) {
  BootstrapOptions options;
  options.annotations.display_names["ORDERS"] = "Purchases";
  options.annotations.display_names["orders.order_date"] = "Day of purchase";
  options.annotations.descriptions["orders.channel"] = "Where the order was placed";
  StatusOr<Model> model = BootstrapModel(RetailSchema(), options);
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->FindTable("orders")->display_name, "Purchases");
  EXPECT_EQ(model->FindColumn("orders", "order_date")->display_name, "Day of purchase");
  EXPECT_EQ(model->FindColumn("orders", "channel")->description, "Where the order was placed");
}

const JoinModel* FindJoin(const Model& model, std::string_view from, std::string_view column) {
  for (const JoinModel& join : model.joins) {
    if (join.from_table == from &&
        join.from_columns == std::vector<std::string>{std::string(column)}) {
      return &join;
    }
  }
  return nullptr;
}

TEST(BootstrapTest, InfersJoinsFromNamesWhenNoneAreDeclared) {
  StatusOr<Model> model = BootstrapModel(UndeclaredSchema(), BootstrapOptions{});
  ASSERT_TRUE(model.ok());
  const JoinModel* invoice = FindJoin(*model, "invoice", "customer_id");
  ASSERT_NE(invoice, nullptr);
  EXPECT_EQ(invoice->to_table, "customer");
  EXPECT_THAT(invoice->to_columns, ElementsAre("id"));
  EXPECT_EQ(invoice->source, JoinSource::kInferred);
  ASSERT_NE(FindJoin(*model, "invoice_line", "invoice_id"), nullptr);
  EXPECT_EQ(FindJoin(*model, "invoice_line", "invoice_id")->to_table, "invoice");
  // Text keys, and a key found by name in a table without a primary key.
  ASSERT_NE(FindJoin(*model, "invoice_line", "product_code"), nullptr);
  EXPECT_THAT(FindJoin(*model, "invoice_line", "product_code")->to_columns, ElementsAre("code"));
  ASSERT_NE(FindJoin(*model, "product", "supplier_id"), nullptr);
  EXPECT_THAT(FindJoin(*model, "product", "supplier_id")->to_columns, ElementsAre("supplier_id"));
  // A table that extends another: one to one.
  const JoinModel* extra = FindJoin(*model, "customer_extra", "customer_id");
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->to_table, "customer");
  EXPECT_TRUE(extra->one_to_one);
  // manager_id names no table; a table's own key never joins itself.
  EXPECT_EQ(FindJoin(*model, "employee", "manager_id"), nullptr);
  EXPECT_EQ(FindJoin(*model, "employee", "employee_id"), nullptr);
  EXPECT_EQ(FindJoin(*model, "customer", "id"), nullptr);
  EXPECT_EQ(model->joins.size(), 5u);
  EXPECT_EQ(model->FindTable("invoice_line")->time_column, "invoice.invoice_date");
  EXPECT_EQ(model->FindColumn("invoice_line", "product_code")->role, ColumnRole::kIdentifier);
}

TEST(BootstrapTest, InferenceCanBeSwitchedOff) {
  BootstrapOptions options;
  options.infer_joins = false;
  StatusOr<Model> model = BootstrapModel(UndeclaredSchema(), options);
  ASSERT_TRUE(model.ok());
  EXPECT_THAT(model->joins, IsEmpty());
}

TEST(BootstrapTest, NameColumnFromTheMostDistinctText) {
  using testing::Col;
  DatabaseSchema schema{
      {testing::Table("continents",
                      {Col("cont_id", TypeId::kInteger), Col("label", TypeId::kText, 5),
                       Col("hemisphere", TypeId::kText, 2, {"North", "South"})},
                      {"cont_id"}, 5)}};
  StatusOr<Model> model = BootstrapModel(schema, BootstrapOptions{});
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->tables[0].name_column, "label");
  EXPECT_EQ(model->FindColumn("continents", "hemisphere")->role, ColumnRole::kDimension);
}

TEST(BootstrapTest, ValuesDecideUntypedColumns) {
  using testing::Col;
  DatabaseSchema schema{{testing::Table(
      "events",
      {Col("event_id", TypeId::kInteger),
       Col("happened", TypeId::kText, 3, {"2024-01-02", "2024-03-04", "2024-05-06"}),
       Col("score", TypeId::kOther, 3, {"1.5", "2", "3.25"})},
      {"event_id"}, 300)}};
  StatusOr<Model> model = BootstrapModel(schema, BootstrapOptions{});
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->FindColumn("events", "happened")->role, ColumnRole::kTime);
  EXPECT_EQ(model->FindColumn("events", "happened")->type, DataType::kText);
  EXPECT_EQ(model->tables[0].time_column, "happened");
  EXPECT_EQ(model->FindColumn("events", "score")->role, ColumnRole::kMeasure);
  EXPECT_EQ(model->FindColumn("events", "score")->type, DataType::kOther);
}

TEST(BootstrapTest, RunningTotalColumnsAreNotAddedUp) {
  using testing::Col;
  DatabaseSchema schema{{testing::Table(
      "daily_sales",
      {Col("day_id", TypeId::kInteger), Col("sales", TypeId::kDouble),
       Col("cumulative_sales", TypeId::kDouble), Col("total_sales", TypeId::kDouble)},
      {"day_id"}, 300)}};
  StatusOr<Model> model = BootstrapModel(schema, BootstrapOptions{});
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->FindColumn("daily_sales", "sales")->default_aggregation, Aggregation::kSum);
  EXPECT_EQ(model->FindColumn("daily_sales", "total_sales")->default_aggregation,
            Aggregation::kSum);
  // A running total already adds the rows before it: its latest, highest value is the total.
  EXPECT_EQ(model->FindColumn("daily_sales", "cumulative_sales")->default_aggregation,
            Aggregation::kMax);
}

}  // namespace
}  // namespace scry::semantic
