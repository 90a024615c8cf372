#include "app/warehouse.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/duckdb/duckdb_engine.h"
#include "engine/sqlite/sqlite_engine.h"

namespace scry::app {

std::string DefaultWarehousePath() {
  if (const char* env = std::getenv("SCRY_WAREHOUSE"); env != nullptr && *env != '\0') return env;
  return "scry-data/warehouse.duckdb";
}

bool IsSqliteFile(const std::string& path) {
  static constexpr char kMagic[] = "SQLite format 3";  // followed by a NUL byte
  std::ifstream file(path, std::ios::binary);
  char header[sizeof(kMagic)] = {};
  if (!file.read(header, sizeof(header))) return false;
  return std::equal(header, header + sizeof(kMagic), kMagic);
}

StatusOr<std::unique_ptr<engine::Engine>> OpenWarehouse(const std::string& path,
                                                        const EngineLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFoundError(fmt::format(
        "warehouse '{}' does not exist; create it with `scry demo-data` or `scry import FILE`, "
        "or pass --warehouse PATH",
        path));
  }
  if (IsSqliteFile(path)) {
    ASSIGN_OR_RETURN(auto sqlite, engine::SqliteEngine::Open(engine::SqliteOptions{path, {}}));
    return std::unique_ptr<engine::Engine>(std::move(sqlite));
  }
  engine::DuckDbOptions options;
  options.path = path;
  options.memory_limit = limits.memory_limit;
  options.threads = limits.threads;
  options.readable_directories = limits.readable_directories;
  ASSIGN_OR_RETURN(auto duckdb, engine::DuckDbEngine::Open(options));
  return std::unique_ptr<engine::Engine>(std::move(duckdb));
}

}  // namespace scry::app
