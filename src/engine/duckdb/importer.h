// Import of users' files (CSV, Parquet, JSON) into the warehouse as tables.
//
// The engine detects column types. Every import is all or nothing: a file that
// is not a table, a table name that is not allowed, or (with append) a file
// whose columns do not match the existing table fails with a clear message and
// leaves the warehouse exactly as it was.
#pragma once

#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/duckdb/duckdb_writer.h"
#include "engine/result_set.h"

namespace scry::engine {

enum class FileFormat { kAuto, kCsv, kParquet, kJson };

struct ImportOptions {
  // Target table. Empty: derived from the first file's name ("Sales 2024.csv"
  // → "sales_2024").
  std::string table;
  // Add rows to an existing table instead of creating a new one.
  bool append = false;
  // Replace an existing table (without append). Off: an existing table is an error.
  bool replace = false;
  FileFormat format = FileFormat::kAuto;  // kAuto: by extension, then by content
  // How messages name each file, and whose extension tells its format (an
  // upload kept under a name of the server's); empty: the paths.
  std::vector<std::string> display_names;
};

struct ImportReport {
  std::string table;
  FileFormat format = FileFormat::kCsv;  // of the (first) file, as settled
  bool created = false;                  // false when rows were appended or a table replaced
  int64_t rows_imported = 0;
  int64_t table_rows = 0;  // rows in the table afterwards
  std::vector<ColumnInfo> columns;
};

// Imports `files` (all of the same shape) into one table. Fails with NotFound
// for a missing file, InvalidArgument for a file that is not a table or does
// not match, AlreadyExists for an existing table without append or replace.
StatusOr<ImportReport> ImportFiles(DuckDbWriter& writer, const std::vector<std::string>& files,
                                   const ImportOptions& options);

// The table name derived from a file name: lower case, letters, digits and
// underscores, not starting with a digit.
std::string TableNameForFile(const std::string& path);

}  // namespace scry::engine
