// Opening the warehouse a command works on: a DuckDB file (the default) or a
// user's SQLite file, told apart by the file's first bytes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/engine.h"

namespace scry::app {

// The path used when --warehouse is not given: $SCRY_WAREHOUSE, else
// scry-data/warehouse.duckdb under the working directory.
std::string DefaultWarehousePath();

struct EngineLimits {
  std::string memory_limit;  // DuckDB only; empty keeps the default
  int threads = 0;           // DuckDB only; 0 = one per core
  // DuckDB only: folders statements may read besides the warehouse (the
  // conversations' attachments); see DuckDbOptions::readable_directories.
  std::vector<std::string> readable_directories;
};

// Opens the warehouse read-only for questions and analysts' SQL. Fails with
// NotFound (and a hint on how to create one) when the file does not exist.
StatusOr<std::unique_ptr<engine::Engine>> OpenWarehouse(const std::string& path,
                                                        const EngineLimits& limits = {});

// True when the file at `path` starts with SQLite's header.
bool IsSqliteFile(const std::string& path);

}  // namespace scry::app
