// SqliteIntrospector: describes the tables and views of a SQLite file for
// SqliteEngine::Introspect().
//
// Everything is read through SQL on a connection whose authorizer is in its
// engine mode (sqlite_schema, PRAGMA table_xinfo and foreign_key_list, and
// aggregates over the tables); that connection is never given to a user.
// Column types are the types a `SELECT *` of the table yields (sqlite_types.h),
// so the schema agrees with the results questions get.
//
// One use per object, from one thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/engine.h"

namespace scry::engine {

class SqliteIntrospector {
 public:
  // `connection` must outlive this object. `allowed_tables` is the engine's
  // allow-list (empty: every table).
  SqliteIntrospector(Connection* connection, const std::vector<std::string>& allowed_tables,
                     const IntrospectOptions& options);

  // Fails when the catalog cannot be read. Views whose columns cannot be read
  // (they refer to something missing) are left out; failed counts stay -1.
  StatusOr<DatabaseSchema> Run();

 private:
  struct CatalogEntry {
    std::string name;
    bool is_view = false;
  };

  Status ReadCatalog();
  bool Wanted(const std::string& table) const;
  StatusOr<TableSchema> Describe(const CatalogEntry& entry);
  Status ReadColumns(TableSchema* table);
  StatusOr<ResultSet> ReadTableInfo(const std::string& table);
  std::map<std::string, ColumnType> SampleTypes(const std::string& table);
  StatusOr<std::vector<std::string>> PrimaryKey(const std::string& table);
  Status ReadForeignKeys(TableSchema* table);
  void CountRows(TableSchema* table);
  void ReadValueStats(const std::string& table, ColumnSchema* column);
  StatusOr<ResultSet> Query(const std::string& sql);

  Connection* const connection_;
  const IntrospectOptions& options_;
  std::vector<std::string> allowed_;    // folded; empty: all
  std::vector<std::string> requested_;  // folded; empty: all
  std::vector<CatalogEntry> catalog_;
  std::map<std::string, std::string> real_names_;  // folded name -> name as created
};

}  // namespace scry::engine
