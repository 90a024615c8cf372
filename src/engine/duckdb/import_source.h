// Internal to the importer: one file to import, checked on disk and with its
// format settled, and the SQL that reads it. Not part of the engine's API.
#pragma once

#include <string>
#include <string_view>

#include "common/status_or.h"
#include "engine/duckdb/importer.h"

namespace scry::engine::import {

struct ImportSource {
  std::string path;                      // absolute, as DuckDB will open it
  std::string display;                   // as the user gave it, for messages
  FileFormat format = FileFormat::kCsv;  // never kAuto
  bool compressed = false;               // .gz or .zst: content checks are left to DuckDB
  std::string head;  // the first 64 KiB when not compressed, for checks on the first lines
};

// Checks that `path` is a readable, non-empty regular file and settles its
// format: `requested` when given, else by extension (.csv/.tsv/.txt,
// .parquet/.pq, .json/.jsonl/.ndjson, optionally followed by .gz or .zst),
// else by content. Refuses binary content in a text format.
// `display` names the file in messages, and its extension is the one read
// (an upload kept under another name); empty: `path`.
// NotFound: no such file. InvalidArgument: a directory, an empty or binary
// file, a format that cannot be told. PermissionDenied: unreadable.
StatusOr<ImportSource> ResolveSource(const std::string& path, FileFormat requested,
                                     const std::string& display = "");

// The format the extension of file name `name` names (kAuto when it has none
// or names no format), and in `compressed` whether it ends in .gz or .zst
// (the extension before that one is read then). `extension` gets the
// extension read, lower case, with its dot ("" when none).
FileFormat FormatOfFileName(std::string_view name, bool* compressed, std::string* extension);

// A table function call reading `source`, e.g. read_csv('/data/a.csv'). With
// `full_sample`, types are detected from the whole file instead of its first
// rows (slower; for files whose later rows do not fit the sample's types).
std::string ReaderSql(const ImportSource& source, bool full_sample);

// sniff_csv('...') for `source`: the dialect DuckDB detects, with SkipRows
// (leading lines it would not read) and Delimiter.
std::string SniffCsvSql(const ImportSource& source);

// "CSV", "Parquet", "JSON".
std::string_view FormatName(FileFormat format);

// `text` as an SQL string literal: single quotes doubled.
std::string SqlLiteral(std::string_view text);
// `name` as a quoted SQL identifier: double quotes doubled.
std::string QuoteIdentifier(std::string_view name);

}  // namespace scry::engine::import
