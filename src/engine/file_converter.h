// FileConverter: turns a file a person uploaded (CSV, Parquet or JSON) into a
// columnar file an engine reads as a table, and refuses, saying why, a file
// that is not a table. A conversation's attachments are made this way
// (conversation/attachments.h); each engine that can read such files offers
// one (engine/duckdb/duckdb_file_converter.h).
//
// Thread-safety: Convert() and SourceSql() may be called from many threads at
// once; each conversion uses only its own files.
#pragma once

#include <cstdint>
#include <string>

#include "common/database_schema.h"
#include "common/status_or.h"

namespace scry::engine {

struct ConvertRequest {
  // The uploaded bytes, in a file of a private folder that also holds
  // `output`: the conversion may read and write nothing else.
  std::string input;
  // The name the file was uploaded under: messages name it, and its
  // extension tells the format.
  std::string file_name;
  // "csv", "parquet" or "json"; empty: by the name's extension, else by the
  // content.
  std::string format;
  // The file to write, in the same folder as `input`.
  std::string output;
};

struct ConvertedFile {
  std::string format;  // what the upload was: "csv", "parquet" or "json"
  int64_t row_count = 0;
  // The table's columns with their types, distinct counts and most frequent
  // values (what a semantic model is bootstrapped from); named after the file.
  TableSchema table;
};

class FileConverter {
 public:
  virtual ~FileConverter() = default;

  // Converts `request.input` into `request.output`. InvalidArgument, naming
  // the file and the reason, for an unknown or compressed format, a file that
  // is not a table (binary, empty, ragged, JSON that is not records, no
  // columns or no rows) or too many columns; ResourceExhausted when it does
  // not fit the conversion's memory. Leaves no output when it fails.
  virtual StatusOr<ConvertedFile> Convert(const ConvertRequest& request) const = 0;

  // The FROM source that reads a converted file at `path` on this engine,
  // e.g. "read_parquet('/srv/attachments/c1/a1.parquet')": trusted SQL text
  // for sql::GuardPolicy::virtual_tables.
  virtual std::string SourceSql(const std::string& path) const = 0;
};

}  // namespace scry::engine
