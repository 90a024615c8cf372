// The CLI's subcommands as plain functions: options in, text out, a Status
// back. cli.cc parses arguments into these option structs; tests call the
// functions directly.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "app/output_format.h"
#include "common/clock.h"
#include "common/status.h"

namespace scry::app {

struct SqlCommandOptions {
  std::string warehouse;
  std::string sql;
  OutputFormat format = OutputFormat::kTable;
  // Rows printed by the table format; CSV and JSON print every row.
  int64_t max_rows = 1000;
  double timeout_seconds = 60;
};

// Runs an analyst's SELECT through the guard on the read-only warehouse.
Status RunSql(const SqlCommandOptions& options, std::ostream& out);

// Lists the tables with row and column counts.
Status RunTables(const std::string& warehouse, std::ostream& out);

// Describes one table: columns, types, keys, distinct counts, frequent values.
Status RunDescribe(const std::string& warehouse, const std::string& table, std::ostream& out);

struct ImportCommandOptions {
  std::string warehouse;
  std::vector<std::string> files;
  std::string table;
  std::string format = "auto";  // auto, csv, parquet, json
  bool append = false;
  bool replace = false;
};

Status RunImport(const ImportCommandOptions& options, std::ostream& out);

struct DemoCommandOptions {
  std::string warehouse;
  int64_t rows = 10'000'000;
  std::string end_date;  // YYYY-MM-DD; empty = today by `clock`
  uint64_t seed = 42;
};

Status RunDemoData(const DemoCommandOptions& options, const Clock& clock, std::ostream& out);

}  // namespace scry::app
