#include "common/database_schema.h"

namespace scry {

const ColumnSchema* TableSchema::FindColumn(std::string_view column_name) const {
  for (const ColumnSchema& column : columns) {
    if (column.name == column_name) return &column;
  }
  return nullptr;
}

const TableSchema* DatabaseSchema::FindTable(std::string_view table_name) const {
  for (const TableSchema& table : tables) {
    if (table.name == table_name) return &table;
  }
  return nullptr;
}

}  // namespace scry
