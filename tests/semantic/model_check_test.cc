#include "semantic/model_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "semantic/bootstrap.h"
#include "semantic/schema_fixtures.h"

namespace scry::semantic {
namespace {

using ::testing::HasSubstr;
using Severity = ModelIssue::Severity;

class ModelCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<Model> model = BootstrapModel(testing::RetailSchema(), BootstrapOptions{});
    ASSERT_TRUE(model.ok());
    model_ = *std::move(model);
  }

  TableModel& Table(std::string_view name) {
    return *const_cast<TableModel*>(model_.FindTable(name));
  }
  ColumnModel& Column(std::string_view table, std::string_view column) {
    return *const_cast<ColumnModel*>(model_.FindColumn(table, column));
  }

  // The issues of `severity` whose place and message contain the two texts.
  int Count(Severity severity, std::string_view where, std::string_view message) {
    int count = 0;
    for (const ModelIssue& issue : CheckModel(model_, schema_)) {
      count += issue.severity == severity && issue.where.find(where) != std::string::npos &&
               issue.message.find(message) != std::string::npos;
    }
    return count;
  }
  std::string All() {
    std::string text;
    for (const ModelIssue& issue : CheckModel(model_, schema_)) {
      text += (issue.severity == Severity::kError ? "error " : "warning ") + issue.where + ": " +
              issue.message + "\n";
    }
    return text;
  }

  Model model_;
  DatabaseSchema schema_ = testing::RetailSchema();
};

TEST_F(ModelCheckTest, CleanModelHasNoErrors) {
  EXPECT_EQ(Count(Severity::kError, "", ""), 0) << All();
}

TEST_F(ModelCheckTest, UnknownTableAndColumn) {
  Table("stores").name = "shops";
  Column("orders", "channel").name = "sales_channel";
  EXPECT_EQ(Count(Severity::kError, "table 'shops'", "unknown table"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "column 'sales_channel'", "unknown column"), 1) << All();
}

TEST_F(ModelCheckTest, TypeDisagreementWithTheDatabaseIsAWarning) {
  Column("orders", "channel").type = DataType::kInteger;
  EXPECT_EQ(Count(Severity::kWarning, "column 'channel'", "database holds text"), 1) << All();
}

TEST_F(ModelCheckTest, DuplicateNames) {
  const TableModel table = model_.tables[0];
  model_.tables.push_back(table);
  const ColumnModel column = Column("orders", "channel");
  Table("orders").columns.push_back(column);
  const MetricModel metric = model_.metrics[0];
  model_.metrics.push_back(metric);
  EXPECT_EQ(Count(Severity::kError, "table 'customer", "more than once"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "column 'channel'", "more than once"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "metric", "more than once"), 1) << All();
}

TEST_F(ModelCheckTest, RolesThatDoNotFitTheType) {
  Column("orders", "channel").role = ColumnRole::kMeasure;
  Column("customers", "customer_name").default_aggregation = Aggregation::kSum;
  Column("orders", "store_id").default_aggregation = Aggregation::kSum;
  Column("order_items", "quantity").role = ColumnRole::kTime;
  EXPECT_EQ(Count(Severity::kError, "column 'channel'", "must be numeric"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "column 'customer_name'", "needs numbers"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "column 'store_id'", "never added up"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "column 'quantity'", "must hold dates"), 1) << All();
}

TEST_F(ModelCheckTest, NameAndTimeColumns) {
  Table("customers").name_column = "nickname";
  Table("orders").time_column = "shipped_on";
  Table("products").time_column = "unit_price";
  Table("order_items").time_column = "orders.nothing";
  Table("sales_targets").time_column = "customers.signup_date";
  EXPECT_EQ(Count(Severity::kError, "customers' name_column", "unknown column 'nickname'"), 1)
      << All();
  EXPECT_EQ(Count(Severity::kError, "orders' time_column", "unknown column"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "products' time_column", "does not hold dates"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "order_items' time_column", "orders.nothing"), 1) << All();
  // Connected only through stores ← orders → customers: a chain, so fine.
  EXPECT_EQ(Count(Severity::kError, "sales_targets' time_column", ""), 0) << All();
  model_.joins.erase(model_.joins.begin(), model_.joins.end());
  EXPECT_EQ(Count(Severity::kError, "sales_targets' time_column", "no join"), 1) << All();
}

TEST_F(ModelCheckTest, Metrics) {
  model_.metrics.push_back(testing::ModelMetric("bad", "sum(revenue"));
  model_.metrics.push_back(testing::ModelMetric("ghost", "sum(order_items.profit)"));
  model_.metrics.push_back(testing::ModelMetric("plain", "order_items.revenue * 2"));
  model_.metrics.push_back(testing::ModelMetric("empty", ""));
  EXPECT_EQ(Count(Severity::kError, "metric 'bad'", "bad expression: at position"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "metric 'ghost'", "unknown column order_items.profit"), 1)
      << All();
  EXPECT_EQ(Count(Severity::kError, "metric 'plain'", "must aggregate"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "metric 'empty'", "empty"), 1) << All();
}

TEST_F(ModelCheckTest, MetricOverUnconnectedTables) {
  model_.joins.clear();
  model_.metrics.push_back(
      testing::ModelMetric("aov", "sum(order_items.revenue) / count(DISTINCT orders.order_id)"));
  EXPECT_EQ(Count(Severity::kError, "metric 'aov'", "no join connects"), 1) << All();
}

TEST_F(ModelCheckTest, BrokenJoins) {
  model_.joins.push_back({"orders", {"nope"}, "stores", {"store_id"}});
  model_.joins.push_back({"orders", {"channel"}, "stores", {"store_id"}});
  model_.joins.push_back({"orders", {"store_id"}, "warehouses", {"id"}});
  model_.joins.push_back({"orders", {"store_id", "order_id"}, "stores", {"store_id"}});
  model_.joins.push_back({"orders", {"order_id"}, "orders", {"order_id"}});
  EXPECT_EQ(Count(Severity::kError, "orders.nope", "unknown column orders.nope"), 1) << All();
  // SQLite compares them anyway; other engines refuse.
  EXPECT_EQ(Count(Severity::kWarning, "orders.channel", "compares text with integer"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "warehouses", "unknown table"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "orders.(store_id, order_id)", "same number"), 1) << All();
  EXPECT_EQ(Count(Severity::kError, "orders.order_id → orders.order_id", "to themselves"), 1)
      << All();
}

TEST_F(ModelCheckTest, DuplicateJoinInEitherDirection) {
  model_.joins.push_back({"customers", {"customer_id"}, "orders", {"customer_id"}});
  EXPECT_EQ(Count(Severity::kError, "join customers.customer_id", "written twice"), 1) << All();
  // ... and written backwards, it does not land on orders' key.
  EXPECT_EQ(Count(Severity::kWarning, "join customers.customer_id", "primary key"), 0) << All();
}

TEST_F(ModelCheckTest, JoinToAColumnThatIsNotTheKey) {
  model_.joins.push_back({"stores", {"region"}, "customers", {"city"}});
  EXPECT_EQ(Count(Severity::kWarning, "stores.region", "not the primary key"), 1) << All();
}

TEST_F(ModelCheckTest, DiamondIsAWarningNamingBothChains) {
  // Stores and customers both in a region table: an order reaches it twice.
  TableModel regions;
  regions.name = "regions";
  regions.columns.push_back(testing::ModelColumn("region", DataType::kText, ColumnRole::kName));
  regions.primary_key = {"region"};
  model_.tables.push_back(regions);
  Column("customers", "city").name = "region";
  model_.joins.push_back({"stores", {"region"}, "regions", {"region"}});
  model_.joins.push_back({"customers", {"region"}, "regions", {"region"}});
  EXPECT_EQ(Count(Severity::kWarning, "joins from 'orders' to 'regions'",
                  "orders.customer_id → customers.region → regions; "
                  "orders.store_id → stores.region → regions"),
            1)
      << All();
  // Reported once, not again from order_items.
  EXPECT_EQ(Count(Severity::kWarning, "joins from 'order_items' to 'regions'", ""), 0) << All();
  EXPECT_EQ(Count(Severity::kError, "join", ""), 0) << All();
}

TEST_F(ModelCheckTest, DirectedCycleIsAWarning) {
  schema_ = DatabaseSchema{};
  Table("stores").columns.push_back(
      testing::ModelColumn("top_customer_id", DataType::kInteger, ColumnRole::kIdentifier));
  Table("customers")
      .columns.push_back(
          testing::ModelColumn("home_store_id", DataType::kInteger, ColumnRole::kIdentifier));
  model_.joins.push_back({"stores", {"top_customer_id"}, "customers", {"customer_id"}});
  model_.joins.push_back({"customers", {"home_store_id"}, "stores", {"store_id"}});
  EXPECT_EQ(Count(Severity::kWarning, "join cycle", "refers to the next"), 1) << All();
}

TEST_F(ModelCheckTest, SelfJoinIsNoCycle) {
  schema_ = DatabaseSchema{};
  Table("customers")
      .columns.push_back(
          testing::ModelColumn("referred_by", DataType::kInteger, ColumnRole::kIdentifier));
  model_.joins.push_back({"customers", {"referred_by"}, "customers", {"customer_id"}});
  EXPECT_EQ(Count(Severity::kWarning, "cycle", ""), 0) << All();
  EXPECT_EQ(Count(Severity::kError, "", ""), 0) << All();
}

TEST_F(ModelCheckTest, Examples) {
  model_.examples.push_back({"How many orders?", ""});
  EXPECT_EQ(Count(Severity::kError, "example 1", "both"), 1) << All();
}

TEST_F(ModelCheckTest, WithoutADatabaseOnlyTheModelIsChecked) {
  schema_ = DatabaseSchema{};
  Table("stores").name = "shops";
  EXPECT_EQ(Count(Severity::kError, "table 'shops'", "unknown table"), 0) << All();
  // Joins still name the table it was: that is the model's own problem.
  EXPECT_EQ(Count(Severity::kError, "join orders.store_id", "unknown table 'stores'"), 1) << All();
}

}  // namespace
}  // namespace scry::semantic
