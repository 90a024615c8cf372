// The warehouse golden tests run against: the demo retail warehouse, small
// and fixed (seed, size and end date), in DuckDB and copied into SQLite, with
// the semantic model bootstrapped from it exactly as `scry` does.
#pragma once

#include <memory>
#include <string>

#include "common/status_or.h"
#include "engine/engine.h"
#include "semantic/model.h"

namespace scry::golden {

struct GoldenWarehouse {
  std::string directory;
  std::unique_ptr<engine::Engine> duckdb;
  std::unique_ptr<engine::Engine> sqlite;
  semantic::Model model;
};

// Generates the warehouse in a new directory under `parent`.
StatusOr<std::unique_ptr<GoldenWarehouse>> BuildGoldenWarehouse(const std::string& parent);

}  // namespace scry::golden
