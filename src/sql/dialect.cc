#include "sql/dialect.h"

#include "sql/dialect_duckdb.h"
#include "sql/dialect_sqlite.h"

namespace scry::sql {

std::unique_ptr<Dialect> MakeDialect(std::string_view name) {
  if (name == "duckdb") return std::make_unique<DuckDbDialect>();
  if (name == "sqlite") return std::make_unique<SqliteDialect>();
  return nullptr;
}

}  // namespace scry::sql
