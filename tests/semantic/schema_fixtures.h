// Hand-built database schemas, shaped like what the engines' introspection
// returns, for the semantic model tests.
#pragma once

#include <string>
#include <vector>

#include "common/database_schema.h"
#include "semantic/model.h"

namespace scry::semantic::testing {

ColumnSchema Col(std::string name, TypeId type, int64_t distinct = -1,
                 std::vector<std::string> values = {});
ColumnSchema DecimalCol(std::string name, uint8_t precision, uint8_t scale);
TableSchema Table(std::string name, std::vector<ColumnSchema> columns,
                  std::vector<std::string> primary_key, int64_t rows = -1);
void AddForeignKey(TableSchema* table, std::string column, std::string referenced_table,
                   std::string referenced_column);

ColumnModel ModelColumn(std::string name, DataType type, ColumnRole role,
                        std::string display_name = "");
MetricModel ModelMetric(std::string name, std::string expression);

// customers, products, stores, orders, order_items, sales_targets and
// customer_profiles, with declared primary and foreign keys.
DatabaseSchema RetailSchema();
// customer, invoice, invoice_line, product, supplier, employee,
// customer_extra: primary keys (not all), no foreign keys.
DatabaseSchema UndeclaredSchema();
// SalesPerson (camelCase) and ORDER_HEADER (capitals).
DatabaseSchema MixedCaseSchema();

}  // namespace scry::semantic::testing
