// The guard's rules about names: which functions may be called, which table
// functions may appear in FROM, and which tables a GuardPolicy allows.
//
// Functions are judged by name alone (lower case), whatever schema qualifies
// them, because "main.read_csv" and "system.main.read_csv" are the same
// function. Table functions are allow-listed (a short list of generators);
// other functions are deny-listed (by exact name and by prefix), because the
// engine has hundreds of harmless ones and a handful that reach outside the
// data: files, the network, settings, secrets, sequences.
//
// Thread-safe: pure functions; TableAllowList is immutable after construction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/sql_tree_walker.h"

namespace scry::sql {

// Returns why table function `name` may not appear in FROM ("reads files or
// the network"), or nullopt when it may.
std::optional<std::string> WhyTableFunctionIsRefused(std::string_view name);

// Returns why scalar, aggregate or window function `name` may not be called,
// or nullopt when it may.
std::optional<std::string> WhyFunctionIsRefused(std::string_view name);

// Whether a table name can only be a file path or URL read by a replacement
// scan ('data.csv', 's3://bucket/x.parquet'): it holds '.', '/', '\' or ':'.
bool LooksLikeFilePath(std::string_view table);

// Whether `ref` names DuckDB's catalog (information_schema, pg_catalog, the
// system and temp catalogs, duckdb_* and sqlite_* views).
bool IsSystemTable(const TableReference& ref);

// The allow-list of a GuardPolicy, parsed once per check. Entries are
// "table", "schema.table" or "catalog.schema.table", compared
// case-insensitively:
// - "orders" matches an unqualified or schema-qualified orders in any schema
//   but the system ones, never a catalog-qualified name;
// - "main.orders" matches main.orders and an unqualified orders (main is the
//   default schema), never other_schema.orders;
// - "db.main.orders" matches only that three-part name.
class TableAllowList {
 public:
  explicit TableAllowList(const std::vector<std::string>& entries);

  // Returns the matching entry in lower case, or nullptr.
  const std::string* Match(const TableReference& ref) const;

 private:
  struct Entry {
    std::string catalog;
    std::string schema;
    std::string table;
    std::string text;  // the whole entry, lower case
  };
  std::vector<Entry> entries_;
};

// "catalog.schema.table" with empty parts left out, as written.
std::string DisplayName(const TableReference& ref);

}  // namespace scry::sql
