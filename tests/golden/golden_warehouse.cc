#include "golden/golden_warehouse.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "engine/duckdb/demo_data.h"
#include "engine/duckdb/duckdb_engine.h"
#include "engine/duckdb/duckdb_writer.h"
#include "engine/sqlite/sqlite_engine.h"
#include "semantic/bootstrap.h"

namespace scry::golden {
namespace {

constexpr int64_t kRows = 20'000;
constexpr CivilDate kEndDate{2025, 11, 24};

std::string SqliteType(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kInteger:
    case TypeId::kHugeInteger:
    case TypeId::kBoolean:
      return "INTEGER";
    case TypeId::kDecimal:
    case TypeId::kDouble:
      return "REAL";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return "TIMESTAMP";
    default:
      return "TEXT";
  }
}

Status Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    Status status = InternalError(fmt::format("sqlite: {}: {}", error, sql));
    sqlite3_free(error);
    return status;
  }
  return Status::Ok();
}

Status CopyTable(engine::DuckDbWriter& source, sqlite3* target, const TableSchema& table) {
  std::string create = fmt::format("CREATE TABLE {} (", table.name);
  for (size_t c = 0; c < table.columns.size(); ++c) {
    create += fmt::format("{}{} {}", c ? ", " : "", table.columns[c].name,
                          SqliteType(table.columns[c].type));
  }
  RETURN_IF_ERROR(Exec(target, create + ")"));
  ASSIGN_OR_RETURN(engine::ResultSet rows,
                   source.Query(fmt::format("SELECT * FROM {}", table.name)));
  std::string insert = fmt::format("INSERT INTO {} VALUES (", table.name);
  for (size_t c = 0; c < table.columns.size(); ++c) insert += c ? ", ?" : "?";
  insert += ")";
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(target, insert.c_str(), -1, &statement, nullptr);
  for (size_t r = 0; r < rows.row_count(); ++r) {
    for (size_t c = 0; c < rows.column_count(); ++c) {
      const engine::Column& column = rows.column(c);
      const int index = static_cast<int>(c + 1);
      if (column.IsNull(r)) {
        sqlite3_bind_null(statement, index);
      } else if (column.type().id == TypeId::kInteger) {
        sqlite3_bind_int64(statement, index, column.Int64At(r));
      } else if (IsNumeric(column.type().id)) {
        sqlite3_bind_double(statement, index, column.NumberAt(r));
      } else {
        const std::string text = engine::FormatValue(column, r);
        sqlite3_bind_text(statement, index, text.c_str(), -1, SQLITE_TRANSIENT);
      }
    }
    sqlite3_step(statement);
    sqlite3_reset(statement);
  }
  sqlite3_finalize(statement);
  return Status::Ok();
}

Status CopyToSqlite(engine::DuckDbWriter& source, const DatabaseSchema& schema,
                    const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return InternalError("cannot create " + path);
  }
  Status status = Exec(db, "BEGIN");
  for (const TableSchema& table : schema.tables) {
    if (status.ok()) status = CopyTable(source, db, table);
  }
  if (status.ok()) status = Exec(db, "COMMIT");
  sqlite3_close(db);
  return status;
}

}  // namespace

StatusOr<std::unique_ptr<GoldenWarehouse>> BuildGoldenWarehouse(const std::string& parent) {
  auto warehouse = std::make_unique<GoldenWarehouse>();
  warehouse->directory = parent + "/scry_golden_" + std::to_string(::getpid());
  std::filesystem::remove_all(warehouse->directory);
  std::filesystem::create_directories(warehouse->directory);
  const std::string duckdb_path = warehouse->directory + "/demo.duckdb";
  const std::string sqlite_path = warehouse->directory + "/demo.sqlite";
  {
    ASSIGN_OR_RETURN(auto writer, engine::DuckDbWriter::Open(duckdb_path));
    engine::DemoOptions demo;
    demo.rows = kRows;
    demo.end_date = kEndDate;
    demo.seed = 7;
    RETURN_IF_ERROR(engine::GenerateDemoWarehouse(*writer, demo));
  }
  engine::DuckDbOptions options;
  options.path = duckdb_path;
  ASSIGN_OR_RETURN(auto duckdb, engine::DuckDbEngine::Open(options));
  engine::IntrospectOptions introspect;
  introspect.max_top_values = 1000;
  ASSIGN_OR_RETURN(DatabaseSchema schema, duckdb->Introspect(introspect));
  semantic::BootstrapOptions bootstrap;
  bootstrap.model_name = "demo";
  ASSIGN_OR_RETURN(warehouse->model, semantic::BootstrapModel(schema, bootstrap));
  // The DuckDB engine holds the file read-only; the copy reads through a
  // writer of its own after the engine is closed.
  duckdb.reset();
  {
    ASSIGN_OR_RETURN(auto writer, engine::DuckDbWriter::Open(duckdb_path));
    RETURN_IF_ERROR(CopyToSqlite(*writer, schema, sqlite_path));
  }
  ASSIGN_OR_RETURN(auto reopened, engine::DuckDbEngine::Open(options));
  warehouse->duckdb = std::move(reopened);
  ASSIGN_OR_RETURN(auto sqlite, engine::SqliteEngine::Open(engine::SqliteOptions{sqlite_path, {}}));
  warehouse->sqlite = std::move(sqlite);
  return warehouse;
}

}  // namespace scry::golden
