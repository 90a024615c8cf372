#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "semantic/bootstrap.h"
#include "semantic/identifier_words.h"
#include "semantic/schema_fixtures.h"

namespace scry::semantic {
namespace {

using ::testing::ElementsAre;

struct DisplayCase {
  const char* identifier;
  const char* display;
};

class DisplayNameTest : public ::testing::TestWithParam<DisplayCase> {};

TEST_P(DisplayNameTest, ReadsAsWords) {
  EXPECT_EQ(DisplayNameFor(GetParam().identifier), GetParam().display);
}

INSTANTIATE_TEST_SUITE_P(
    Identifiers, DisplayNameTest,
    ::testing::Values(
        DisplayCase{"order_items", "Order items"},
        DisplayCase{"SongReleaseYear", "Song release year"},
        DisplayCase{"CUSTOMER_NAME", "Customer name"}, DisplayCase{"customer_id", "Customer ID"},
        DisplayCase{"customerID", "Customer ID"}, DisplayCase{"HTTPServer", "HTTP server"},
        DisplayCase{"address_line1", "Address line 1"}, DisplayCase{"Q1_sales", "Q1 sales"},
        DisplayCase{"2nd_place", "2nd place"}, DisplayCase{"GNP", "GNP"}, DisplayCase{"AGE", "Age"},
        DisplayCase{"orderdate", "Order date"}, DisplayCase{"ORDERDATE", "Order date"},
        DisplayCase{"paid", "Paid"}, DisplayCase{"valid", "Valid"},
        DisplayCase{"website_url", "Website URL"}, DisplayCase{"unit-price", "Unit price"},
        DisplayCase{"year2020", "Year 2020"}, DisplayCase{"", ""}));

TEST(IdentifierWordsTest, SplitsEveryStyle) {
  EXPECT_THAT(IdentifierWords("SalesPersonID"), ElementsAre("sales", "person", "id"));
  EXPECT_THAT(IdentifierWords("sales_person_id"), ElementsAre("sales", "person", "id"));
  EXPECT_THAT(IdentifierWords("SALES PERSON ID"), ElementsAre("sales", "person", "id"));
  EXPECT_THAT(IdentifierWords("customerid"), ElementsAre("customer", "id"));
  EXPECT_THAT(IdentifierWords("surname"), ElementsAre("surname"));
  EXPECT_EQ(Squeeze("Customer_ID"), "customerid");
}

TEST(MixedCaseBootstrapTest, CamelCaseAndCapitals) {
  StatusOr<Model> model = BootstrapModel(testing::MixedCaseSchema(), BootstrapOptions{});
  ASSERT_TRUE(model.ok()) << model.status();
  const TableModel* person = model->FindTable("SalesPerson");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->display_name, "Sales person");
  EXPECT_EQ(person->FindColumn("SalesPersonID")->display_name, "Sales person ID");
  EXPECT_EQ(person->FindColumn("FirstName")->role, ColumnRole::kName);
  EXPECT_EQ(person->name_column, "FirstName");
  EXPECT_EQ(person->time_column, "HireDate");
  EXPECT_EQ(person->FindColumn("SalesYTD")->format, ValueFormat::kCurrency);
  EXPECT_EQ(person->FindColumn("SalesYTD")->display_name, "Sales YTD");
  EXPECT_EQ(person->FindColumn("CommissionPct")->format, ValueFormat::kPercent);
  EXPECT_EQ(person->FindColumn("CommissionPct")->default_aggregation, Aggregation::kAvg);

  const TableModel* header = model->FindTable("order_header");
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->display_name, "Order header");
  EXPECT_EQ(header->FindColumn("ORDERDATE")->display_name, "Order date");
  EXPECT_EQ(header->FindColumn("ORDER_ID")->display_name, "Order ID");
  EXPECT_EQ(header->FindColumn("SALESPERSONID")->role, ColumnRole::kIdentifier);
  EXPECT_EQ(header->time_column, "ORDERDATE");
  EXPECT_EQ(header->FindColumn("TOTALDUE")->role, ColumnRole::kMeasure);
  EXPECT_EQ(header->FindColumn("TOTALDUE")->default_aggregation, Aggregation::kSum);

  ASSERT_EQ(model->joins.size(), 1u);
  const JoinModel& join = model->joins[0];
  EXPECT_EQ(join.from_table, "ORDER_HEADER");
  EXPECT_THAT(join.from_columns, ElementsAre("SALESPERSONID"));
  EXPECT_EQ(join.to_table, "SalesPerson");
  EXPECT_THAT(join.to_columns, ElementsAre("SalesPersonID"));
  EXPECT_EQ(join.source, JoinSource::kInferred);
}

}  // namespace
}  // namespace scry::semantic
