// How SQLite's dynamically typed values become scry's typed columns.
//
// SQLite stores each value with its own storage class (integer, real, text,
// blob, null) whatever the column's declared type says. A ResultStream needs
// one ColumnType per column before its first chunk is handed out, and every
// later chunk must keep it. The rule (see sqlite_types.cc for the details):
//
//   1. The type is decided once, from the declared type of the column (when
//      the column comes straight from a table) and the values of the first
//      chunk. The candidates are tried in order and the first one that holds
//      every sampled value exactly wins; text holds anything, so one always does.
//   2. Later values are converted to that type when this is exact (1.0 into
//      an integer column, 3 into a double column). A later value that cannot be
//      represented exactly fails the stream with InvalidArgument naming the
//      column, the row and the fix (a CAST in the SQL): a result is never
//      silently changed.
//
// Plain functions and values; thread-compatible.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/column.h"

namespace scry::engine {

// SQLite's storage classes.
enum class SqliteStorage : uint8_t { kNull, kInteger, kReal, kText, kBlob };

// One value as SQLite hands it over. `bytes` (text or blob) points into memory
// owned by the statement or by a SqliteOwnedValue.
struct SqliteValue {
  SqliteStorage storage = SqliteStorage::kNull;
  int64_t integer = 0;
  double real = 0;
  std::string_view bytes;

  // The value of column `column` of the row `stmt` stands on; valid until the
  // next sqlite3_step() or sqlite3_reset() of `stmt`.
  static SqliteValue FromStatement(sqlite3_stmt* stmt, int column);
};

// A SqliteValue that owns its bytes, for rows buffered while deciding types.
struct SqliteOwnedValue {
  SqliteStorage storage = SqliteStorage::kNull;
  int64_t integer = 0;
  double real = 0;
  std::string bytes;

  static SqliteOwnedValue Copy(const SqliteValue& value);
  SqliteValue view() const { return SqliteValue{storage, integer, real, bytes}; }
};

// Appends `value` to `column` in the representation its type calls for. Returns
// false, appending nothing, when the value cannot be represented exactly.
bool AppendSqliteValue(const SqliteValue& value, Column* column);

// The type the declaration alone suggests ("BIGINT" -> integer, "DECIMAL(10,2)"
// -> decimal with scale 2, ...), or kOther when it says nothing useful
// ("NUMERIC", "", no declaration at all).
ColumnType DeclaredSqliteType(std::string_view declared);

// Decides the type of a result column from its declared type (null for
// expressions) and the sampled values, and returns the sample converted to
// that type.
Column DecideSqliteColumn(const char* declared, const std::vector<SqliteOwnedValue>& sample);

// The storage class name as SQLite's typeof() spells it.
std::string_view SqliteStorageName(SqliteStorage storage);

}  // namespace scry::engine
