// DatabaseSchema: what an engine knows about a database (tables, columns and
// their types, keys, row counts, frequent values). Engines produce it by
// introspection; the semantic model is bootstrapped from it. Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/data_type.h"

namespace scry {

// What an engine knows about one column.
struct ColumnSchema {
  std::string name;
  ColumnType type;
  bool nullable = true;
  // For text columns, when IntrospectOptions asked for values: the number of
  // distinct values (-1 when not computed) and the most frequent ones, most
  // frequent first, at most the introspection cap of them.
  int64_t distinct_count = -1;
  struct ValueCount {
    std::string value;
    int64_t count = 0;
  };
  std::vector<ValueCount> top_values;
};

struct ForeignKey {
  std::vector<std::string> columns;
  std::string referenced_table;
  std::vector<std::string> referenced_columns;
};

struct TableSchema {
  std::string name;
  std::vector<ColumnSchema> columns;
  std::vector<std::string> primary_key;  // empty when none is declared
  std::vector<ForeignKey> foreign_keys;
  int64_t row_count = -1;  // -1 when unknown
  bool is_view = false;

  const ColumnSchema* FindColumn(std::string_view name) const;
};

struct DatabaseSchema {
  std::vector<TableSchema> tables;  // sorted by name
  const TableSchema* FindTable(std::string_view name) const;
};

}  // namespace scry
