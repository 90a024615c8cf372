#include "engine/engine.h"

#include <algorithm>

namespace scry::engine {

StatusOr<ResultSet> Connection::Query(std::string_view sql, const ExecuteOptions& execute,
                                      const CollectOptions& collect) {
  ASSIGN_OR_RETURN(std::unique_ptr<ResultStream> stream, Execute(sql, execute));
  return Collect(*stream, collect);
}

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

}  // namespace scry::engine
