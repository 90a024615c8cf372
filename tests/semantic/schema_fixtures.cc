#include "semantic/schema_fixtures.h"

#include <utility>

namespace scry::semantic::testing {

ColumnSchema Col(std::string name, TypeId type, int64_t distinct, std::vector<std::string> values) {
  ColumnSchema column;
  column.name = std::move(name);
  column.type = ColumnType::Of(type);
  column.distinct_count = distinct;
  int64_t count = 1000;
  for (std::string& value : values) column.top_values.push_back({std::move(value), count--});
  return column;
}

ColumnSchema DecimalCol(std::string name, uint8_t precision, uint8_t scale) {
  ColumnSchema column;
  column.name = std::move(name);
  column.type = ColumnType::Decimal(precision, scale);
  return column;
}

TableSchema Table(std::string name, std::vector<ColumnSchema> columns,
                  std::vector<std::string> primary_key, int64_t rows) {
  TableSchema table;
  table.name = std::move(name);
  table.columns = std::move(columns);
  table.primary_key = std::move(primary_key);
  table.row_count = rows;
  return table;
}

void AddForeignKey(TableSchema* table, std::string column, std::string referenced_table,
                   std::string referenced_column) {
  table->foreign_keys.push_back(
      ForeignKey{{std::move(column)}, std::move(referenced_table), {std::move(referenced_column)}});
}

ColumnModel ModelColumn(std::string name, DataType type, ColumnRole role,
                        std::string display_name) {
  ColumnModel column;
  column.name = std::move(name);
  column.display_name = std::move(display_name);
  column.type = type;
  column.role = role;
  return column;
}

MetricModel ModelMetric(std::string name, std::string expression) {
  MetricModel metric;
  metric.name = std::move(name);
  metric.expression = std::move(expression);
  return metric;
}

DatabaseSchema RetailSchema() {
  using T = TypeId;
  TableSchema customers =
      Table("customers",
            {Col("customer_id", T::kInteger), Col("customer_name", T::kText, 1000),
             Col("email", T::kText, 1000), Col("city", T::kText, 3, {"Paris", "Lyon", "Nice"}),
             Col("segment", T::kText, 3, {"Consumer", "Corporate", "Home Office"}),
             Col("is_active", T::kBoolean), Col("signup_date", T::kDate),
             Col("birth_date", T::kDate), Col("age", T::kInteger)},
            {"customer_id"}, 1000);
  TableSchema products = Table(
      "products",
      {Col("product_id", T::kInteger), Col("product_name", T::kText, 500),
       Col("category", T::kText, 3, {"Toys", "Books", "Garden"}), Col("sku", T::kText, 500),
       DecimalCol("unit_price", 10, 2), DecimalCol("cost", 10, 2), Col("launch_date", T::kDate)},
      {"product_id"}, 500);
  TableSchema stores = Table("stores",
                             {Col("store_id", T::kInteger), Col("store_name", T::kText, 20),
                              Col("region", T::kText, 4, {"North", "South", "East", "West"}),
                              Col("opened_year", T::kInteger), Col("floor_area", T::kDouble)},
                             {"store_id"}, 20);
  TableSchema orders = Table(
      "orders",
      {Col("order_id", T::kInteger), Col("customer_id", T::kInteger), Col("store_id", T::kInteger),
       Col("order_date", T::kDate), Col("ship_date", T::kDate),
       Col("channel", T::kText, 2, {"Online", "In store"}), Col("is_gift", T::kText, 2, {"N", "Y"}),
       Col("order_number", T::kText, 5000), DecimalCol("discount", 3, 2)},
      {"order_id"}, 5000);
  AddForeignKey(&orders, "customer_id", "customers", "customer_id");
  AddForeignKey(&orders, "store_id", "stores", "store_id");
  TableSchema items = Table("order_items",
                            {Col("order_id", T::kInteger), Col("line_number", T::kInteger),
                             Col("product_id", T::kInteger), Col("quantity", T::kInteger),
                             DecimalCol("revenue", 12, 2), DecimalCol("discount_amount", 10, 2)},
                            {"order_id", "line_number"}, 20000);
  AddForeignKey(&items, "order_id", "orders", "order_id");
  AddForeignKey(&items, "product_id", "products", "product_id");
  TableSchema targets = Table("sales_targets",
                              {Col("store_id", T::kInteger), Col("year", T::kInteger),
                               Col("quarter", T::kInteger), DecimalCol("target_revenue", 12, 2)},
                              {"store_id", "year", "quarter"}, 80);
  AddForeignKey(&targets, "store_id", "stores", "store_id");
  TableSchema profiles = Table(
      "customer_profiles",
      {Col("customer_id", T::kInteger), Col("loyalty_tier", T::kText, 3, {"Gold", "Silver", ""})},
      {"customer_id"}, 800);
  AddForeignKey(&profiles, "customer_id", "customers", "customer_id");
  return DatabaseSchema{{customers, profiles, items, orders, products, targets, stores}};
}

DatabaseSchema UndeclaredSchema() {
  using T = TypeId;
  return DatabaseSchema{{
      Table("customer",
            {Col("id", T::kInteger), Col("name", T::kText, 100), Col("country", T::kText, 10)},
            {"id"}, 100),
      Table("customer_extra", {Col("customer_id", T::kInteger), Col("notes", T::kText, 50)},
            {"customer_id"}, 50),
      Table("employee",
            {Col("employee_id", T::kInteger), Col("manager_id", T::kInteger),
             Col("full_name", T::kText, 30)},
            {"employee_id"}, 30),
      Table("invoice",
            {Col("id", T::kInteger), Col("customer_id", T::kInteger), Col("invoice_date", T::kDate),
             DecimalCol("total", 10, 2)},
            {"id"}, 400),
      Table("invoice_line",
            {Col("id", T::kInteger), Col("invoice_id", T::kInteger),
             Col("product_code", T::kText, 60), Col("quantity", T::kInteger),
             DecimalCol("unit_price", 10, 2)},
            {"id"}, 2000),
      Table(
          "product",
          {Col("code", T::kText, 60), Col("title", T::kText, 60), Col("supplier_id", T::kInteger)},
          {"code"}, 60),
      Table("supplier", {Col("supplier_id", T::kInteger), Col("company_name", T::kText, 12)}, {},
            12),
  }};
}

DatabaseSchema MixedCaseSchema() {
  using T = TypeId;
  return DatabaseSchema{{
      Table("ORDER_HEADER",
            {Col("ORDER_ID", T::kInteger), Col("SALESPERSONID", T::kInteger),
             Col("ORDERDATE", T::kDate), DecimalCol("TOTALDUE", 12, 2),
             Col("SHIPCOUNTRY", T::kText, 30)},
            {"ORDER_ID"}, 3000),
      Table("SalesPerson",
            {Col("SalesPersonID", T::kInteger), Col("FirstName", T::kText, 17),
             Col("LastName", T::kText, 17), Col("HireDate", T::kDate),
             DecimalCol("SalesYTD", 14, 2), DecimalCol("CommissionPct", 5, 4)},
            {"SalesPersonID"}, 17),
  }};
}

}  // namespace scry::semantic::testing
