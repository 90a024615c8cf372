// DuckDbFileConverter: uploads (CSV, Parquet, JSON) to Parquet files that a
// DuckDbEngine opened with their folder among its readable_directories reads
// with read_parquet.
//
// Each conversion runs on a private, short-lived, in-memory DuckDB instance
// that may touch only the folder of the request (read the upload, write the
// output, spill there) and is locked down before it reads anything: external
// access off but for that folder, no extensions, configuration locked. The
// upload is read and checked by the importer (importer.h), so a file that is
// not a table is refused with the same messages as `scry load`; the table's
// statistics are then read from the Parquet file through a locked-down
// DuckDbEngine, as introspection reads a warehouse.
//
// Thread-safe: conversions share nothing.
#pragma once

#include <string>

#include "engine/file_converter.h"

namespace scry::engine {

struct DuckDbConverterOptions {
  // Memory one conversion may use (DuckDB's memory_limit); beyond it the
  // conversion spills into the request's folder.
  std::string memory_limit = "1GB";
  int threads = 1;
  // Wider files are refused.
  int max_columns = 500;
  // Most frequent values kept per text column in the returned schema.
  int max_top_values = 200;
};

class DuckDbFileConverter final : public FileConverter {
 public:
  explicit DuckDbFileConverter(DuckDbConverterOptions options = {});

  StatusOr<ConvertedFile> Convert(const ConvertRequest& request) const override;
  std::string SourceSql(const std::string& path) const override;

 private:
  DuckDbConverterOptions options_;
};

}  // namespace scry::engine
