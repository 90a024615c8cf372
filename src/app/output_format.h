// How the CLI prints results: an aligned text table for people, CSV and JSON
// for programs. CSV and JSON are written chunk by chunk, so exporting a large
// result never holds it in memory.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/result_set.h"

namespace scry::app {

enum class OutputFormat { kTable, kCsv, kJson };

// Parses "table", "csv" or "json".
bool ParseOutputFormat(const std::string& text, OutputFormat* format);

struct TableStyle {
  // Wider values are cut and end with "…".
  size_t max_column_width = 48;
  std::string null_text = "NULL";
  // Shown in the footer when not negative.
  double elapsed_seconds = -1;
};

// Writes `result` as an aligned table: a header, a rule, one line per row
// (numbers right-aligned), and a footer with the row count (and the total when
// the result was truncated).
void WriteTable(const engine::ResultSet& result, std::ostream& out, const TableStyle& style = {});

// Quotes a CSV field when it needs it (RFC 4180).
std::string CsvField(const std::string& value);

// Streams every row of `stream` as CSV (a header line, then rows) or as the
// JSON object of engine/result_json.h. Returns the number of rows written.
StatusOr<int64_t> StreamCsv(engine::ResultStream& stream, std::ostream& out);
StatusOr<int64_t> StreamJson(engine::ResultStream& stream, std::ostream& out);

// Number of display columns a UTF-8 string takes (one per code point).
size_t DisplayWidth(const std::string& text);

}  // namespace scry::app
