#include "engine/duckdb/import_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "engine/duckdb/importer.h"

namespace scry::engine {
namespace import {
namespace {

// DuckDB's reserved keywords, and a few more that other SQL dialects reserve
// (the warehouse may be queried through them).
constexpr std::string_view kReserved[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "between",
    "both",
    "by",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "delete",
    "desc",
    "describe",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "in",
    "initially",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "lambda",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "natural",
    "not",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "pivot",
    "pivot_longer",
    "pivot_wider",
    "placing",
    "primary",
    "qualify",
    "references",
    "returning",
    "right",
    "select",
    "set",
    "show",
    "some",
    "summarize",
    "symmetric",
    "table",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "unpivot",
    "update",
    "user",
    "using",
    "values",
    "variadic",
    "when",
    "where",
    "window",
    "with",
};

// Extensions dropped from a file name to make a table name.
bool IsDataExtension(const std::string& extension) {
  static constexpr std::string_view kExtensions[] = {
      ".csv", ".tsv", ".txt", ".parquet", ".pq", ".json", ".jsonl", ".ndjson", ".gz", ".zst"};
  return std::find(std::begin(kExtensions), std::end(kExtensions), extension) !=
         std::end(kExtensions);
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool HasDataExtension(const std::filesystem::path& name) {
  return IsDataExtension(Lower(name.extension().string()));
}

// Lower case; every run of other characters (spaces, dots, non-ASCII letters)
// becomes one underscore; no underscores at the ends.
std::string Slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

}  // namespace

bool IsReservedWord(std::string_view lower_case_word) {
  return std::find(std::begin(kReserved), std::end(kReserved), lower_case_word) !=
         std::end(kReserved);
}

Status CheckTableName(const std::string& name) {
  if (name.empty()) return InvalidArgumentError("the table name is empty");
  if (name.size() > kMaxTableName) {
    return InvalidArgumentError(
        fmt::format("table name '{}' is longer than {} characters", name, kMaxTableName));
  }
  for (unsigned char c : name) {
    if (!(std::isalnum(c) && c < 0x80) && c != '_') {
      return InvalidArgumentError(
          fmt::format("table name '{}' may only contain letters, digits and underscores", name));
    }
  }
  if (std::isdigit(static_cast<unsigned char>(name[0]))) {
    return InvalidArgumentError(fmt::format("table name '{}' starts with a digit", name));
  }
  if (IsReservedWord(Lower(name))) {
    return InvalidArgumentError(fmt::format(
        "table name '{}' is an SQL keyword; choose another, such as '{}_data'", name, Lower(name)));
  }
  return Status::Ok();
}

}  // namespace import

std::string TableNameForFile(const std::string& path) {
  std::filesystem::path name = std::filesystem::path(path).filename();
  // "sales.csv.gz" loses both extensions; "report.v2" keeps its dot as "_".
  for (int i = 0; i < 2 && import::HasDataExtension(name); ++i) name = name.stem();
  std::string table = import::Slug(name.string());
  if (table.empty()) table = "imported";
  if (std::isdigit(static_cast<unsigned char>(table[0]))) table = "t_" + table;
  if (table.size() > import::kMaxTableName - 5) table.resize(import::kMaxTableName - 5);
  while (table.back() == '_') table.pop_back();
  if (import::IsReservedWord(table)) table += "_data";
  return table;
}

}  // namespace scry::engine
