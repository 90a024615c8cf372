#include "sql/guard_rules.h"

#include <algorithm>
#include <array>

#include "sql/sql_text.h"

namespace scry::sql {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Generators of values that read nothing but their arguments.
constexpr std::array<std::string_view, 5> kAllowedTableFunctions = {
    "range", "generate_series", "unnest", "json_each", "json_tree"};

constexpr std::string_view kFiles = "reads files or the network";
constexpr std::string_view kSqlText = "runs SQL given as text, which the guard cannot check";
constexpr std::string_view kCatalog = "reads the catalog, settings or secrets";
constexpr std::string_view kState = "changes the state of the server";

struct NameRule {
  std::string_view name;
  bool is_prefix;
  std::string_view why;
};

// Names (or prefixes) of functions that reach outside the data a question
// may read. Prefixes cover whole families, including those of extensions
// that are not loaded here (sqlite_, postgres_, iceberg_, ...), so loading
// one later does not open a hole.
constexpr std::array<NameRule, 46> kDeniedFunctions = {{
    {"read_", true, kFiles},
    {"parquet_", true, kFiles},
    {"sqlite_", true, kFiles},
    {"postgres_", true, kFiles},
    {"mysql_", true, kFiles},
    {"iceberg_", true, kFiles},
    {"delta_", true, kFiles},
    {"ducklake_", true, kFiles},
    {"http_", true, kFiles},
    {"st_read", true, kFiles},
    {"arrow_scan", true, kFiles},
    {"scan_", true, kFiles},
    {"glob", false, kFiles},
    {"sniff_csv", false, kFiles},
    {"load_aws_credentials", false, kFiles},
    {"query", false, kSqlText},
    {"query_table", false, kSqlText},
    {"json_execute_serialized_sql", false, kSqlText},
    {"json_serialize_plan", false, kSqlText},
    {"histogram_values", false, kSqlText},
    {"sql_auto_complete", false, kSqlText},
    {"check_peg_parser", false, kSqlText},
    {"duckdb_", true, kCatalog},
    {"pragma_", true, kCatalog},
    {"which_secret", false, kCatalog},
    {"current_setting", false, kCatalog},
    {"current_schemas", false, kCatalog},
    {"in_search_path", false, kCatalog},
    {"getenv", false, "reads the server's environment"},
    {"getvariable", false, kCatalog},
    {"pg_get_", true, kCatalog},
    {"obj_description", false, kCatalog},
    {"col_description", false, kCatalog},
    {"shobj_description", false, kCatalog},
    {"nextval", false, "advances a sequence, which changes the database"},
    {"setval", false, "sets a sequence, which changes the database"},
    {"currval", false, "reads a sequence's state"},
    {"setseed", false, kState},
    {"write_log", false, kState},
    {"enable_logging", false, kState},
    {"disable_logging", false, kState},
    {"truncate_duckdb_logs", false, kState},
    {"checkpoint", false, kState},
    {"force_checkpoint", false, kState},
    {"create_secret", false, kCatalog},
    {"test_", true, "is a test function of the engine"},
}};

std::optional<std::string> FindDenyRule(std::string_view lower_name) {
  for (const NameRule& rule : kDeniedFunctions) {
    const bool hit = rule.is_prefix ? StartsWith(lower_name, rule.name) : lower_name == rule.name;
    if (hit) return std::string(rule.why);
  }
  return std::nullopt;
}

bool IsSystemName(std::string_view lower) {
  return lower == "information_schema" || lower == "pg_catalog" || lower == "system" ||
         lower == "temp";
}

std::vector<std::string> SplitEntry(std::string_view entry) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (true) {
    const size_t dot = entry.find('.', begin);
    std::string part =
        AsciiLower(entry.substr(begin, dot == std::string_view::npos ? dot : dot - begin));
    // Entries may quote a part ("Orders"); names compare case-insensitively anyway.
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      part = part.substr(1, part.size() - 2);
    }
    parts.push_back(std::move(part));
    if (dot == std::string_view::npos) return parts;
    begin = dot + 1;
  }
}

}  // namespace

std::optional<std::string> WhyTableFunctionIsRefused(std::string_view name) {
  const std::string lower = AsciiLower(name);
  if (std::find(kAllowedTableFunctions.begin(), kAllowedTableFunctions.end(), lower) !=
      kAllowedTableFunctions.end()) {
    return std::nullopt;
  }
  if (std::optional<std::string> why = FindDenyRule(lower)) return why;
  return std::string(
      "is not one of the table functions allowed in FROM (range, generate_series, "
      "unnest, json_each, json_tree)");
}

std::optional<std::string> WhyFunctionIsRefused(std::string_view name) {
  return FindDenyRule(AsciiLower(name));
}

bool LooksLikeFilePath(std::string_view table) {
  return table.find_first_of("./\\:") != std::string_view::npos ||
         (!table.empty() && table.front() == '~');
}

bool IsSystemTable(const TableReference& ref) {
  const std::string table = AsciiLower(ref.table);
  return IsSystemName(AsciiLower(ref.catalog)) || IsSystemName(AsciiLower(ref.schema)) ||
         StartsWith(table, "duckdb_") || StartsWith(table, "sqlite_") ||
         StartsWith(table, "pragma_") || StartsWith(table, "pg_");
}

TableAllowList::TableAllowList(const std::vector<std::string>& entries) {
  for (const std::string& text : entries) {
    std::vector<std::string> parts = SplitEntry(text);
    const bool valid = parts.size() <= 3 && std::none_of(parts.begin(), parts.end(),
                                                         [](const auto& p) { return p.empty(); });
    if (!valid) continue;  // Matches nothing, which is the safe reading.
    Entry entry;
    entry.table = parts.back();
    if (parts.size() >= 2) entry.schema = parts[parts.size() - 2];
    if (parts.size() == 3) entry.catalog = parts[0];
    entry.text = AsciiLower(text);
    entries_.push_back(std::move(entry));
  }
}

const std::string* TableAllowList::Match(const TableReference& ref) const {
  const std::string catalog = AsciiLower(ref.catalog);
  const std::string schema = AsciiLower(ref.schema);
  const std::string table = AsciiLower(ref.table);
  for (const Entry& entry : entries_) {
    if (entry.table != table) continue;
    // The default catalog's name is not known here: a catalog-qualified
    // reference matches only an entry that names the same catalog.
    if (catalog != entry.catalog) continue;
    const bool schema_ok =
        entry.schema.empty() ? !IsSystemName(schema)
                             : schema == entry.schema || (schema.empty() && entry.catalog.empty() &&
                                                          entry.schema == "main");
    if (schema_ok) return &entry.text;
  }
  return nullptr;
}

std::string DisplayName(const TableReference& ref) {
  std::string name;
  for (const std::string* part : {&ref.catalog, &ref.schema, &ref.table}) {
    if (part->empty()) continue;
    if (!name.empty()) name += '.';
    name += *part;
  }
  return name;
}

}  // namespace scry::sql
