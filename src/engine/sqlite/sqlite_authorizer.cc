#include "engine/sqlite/sqlite_authorizer.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>

namespace scry::engine {
namespace {

// Functions that reach outside the query: loading code, registering
// tokenizers by pointer, and the file and page helpers of the sqlite3 shell
// (not in the library today; refused in case a build ever registers them).
constexpr std::array<std::string_view, 13> kRefusedFunctions = {
    "load_extension", "fts3_tokenizer", "readfile",           "writefile",        "edit",
    "fsdir",          "zipfile",        "sqlar_compress",     "sqlar_uncompress", "sha3_query",
    "sqlite_dbdata",  "sqlite_dbpage",  "icu_load_collation",
};

// PRAGMAs the engine runs to describe tables; all are read-only.
constexpr std::array<std::string_view, 3> kEnginePragmas = {"table_info", "table_xinfo",
                                                            "foreign_key_list"};

bool IsSchemaTable(std::string_view folded) {
  return folded == "sqlite_master" || folded == "sqlite_schema" || folded == "sqlite_temp_master" ||
         folded == "sqlite_temp_schema";
}

std::string_view OrEmpty(const char* text) { return text == nullptr ? "" : text; }

// What a refused write or DDL action tried to do, for the denial message.
std::string DescribeWrite(int action, std::string_view arg3) {
  switch (action) {
    case SQLITE_INSERT:
      return fmt::format("inserting into table '{}'", arg3);
    case SQLITE_DELETE:
      return fmt::format("deleting from table '{}'", arg3);
    case SQLITE_UPDATE:
      if (IsSchemaTable(SqliteFoldName(arg3))) {
        // Eponymous virtual tables register themselves in the schema first.
        return fmt::format(
            "writing the schema table '{}' (table-valued functions such as json_each and "
            "pragma_table_info are refused for that reason)",
            arg3);
      }
      return fmt::format("updating table '{}'", arg3);
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TEMP_TABLE:
      return fmt::format("CREATE TABLE '{}'", arg3);
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_TEMP_INDEX:
      return fmt::format("CREATE INDEX '{}'", arg3);
    case SQLITE_CREATE_VIEW:
    case SQLITE_CREATE_TEMP_VIEW:
      return fmt::format("CREATE VIEW '{}'", arg3);
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_TEMP_TRIGGER:
      return fmt::format("CREATE TRIGGER '{}'", arg3);
    case SQLITE_CREATE_VTABLE:
      return fmt::format("CREATE VIRTUAL TABLE '{}'", arg3);
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TEMP_TABLE:
      return fmt::format("DROP TABLE '{}'", arg3);
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TEMP_INDEX:
      return fmt::format("DROP INDEX '{}'", arg3);
    case SQLITE_DROP_VIEW:
    case SQLITE_DROP_TEMP_VIEW:
      return fmt::format("DROP VIEW '{}'", arg3);
    case SQLITE_DROP_TRIGGER:
    case SQLITE_DROP_TEMP_TRIGGER:
      return fmt::format("DROP TRIGGER '{}'", arg3);
    case SQLITE_DROP_VTABLE:
      return fmt::format("DROP VIRTUAL TABLE '{}'", arg3);
    case SQLITE_ALTER_TABLE:
      return "ALTER TABLE";
    case SQLITE_ATTACH:
      return "ATTACH";
    case SQLITE_DETACH:
      return "DETACH";
    case SQLITE_TRANSACTION:
      return fmt::format("transaction control ({})", arg3);
    case SQLITE_SAVEPOINT:
      return "SAVEPOINT";
    case SQLITE_ANALYZE:
      return "ANALYZE";
    case SQLITE_REINDEX:
      return "REINDEX";
    default:
      return fmt::format("action {}", action);
  }
}

}  // namespace

std::string SqliteFoldName(std::string_view name) {
  std::string folded(name);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

void SqliteAuthorizer::RestrictTo(std::unordered_set<std::string> permitted_tables,
                                  std::unordered_set<std::string> file_objects) {
  permitted_tables_ = std::move(permitted_tables);
  file_objects_ = std::move(file_objects);
  mode_ = Mode::kUser;
}

void SqliteAuthorizer::BeginStatement() {
  denial_.clear();
  unresolved_reads_.clear();
}

int SqliteAuthorizer::Callback(void* self, int action, const char* arg3, const char* arg4,
                               const char* database, const char* /*trigger_or_view*/) {
  auto* authorizer = static_cast<SqliteAuthorizer*>(self);
  std::string denial = authorizer->Check(action, arg3, arg4, database);
  if (denial.empty()) return SQLITE_OK;
  // The first refusal is the one the statement failed on; keep it.
  if (authorizer->denial_.empty()) authorizer->denial_ = std::move(denial);
  return SQLITE_DENY;
}

std::string SqliteAuthorizer::Check(int action, const char* arg3, const char* arg4,
                                    const char* database) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
      return "";
    case SQLITE_READ:
      return CheckRead(OrEmpty(arg3), arg4, database);
    case SQLITE_FUNCTION: {
      const std::string name = SqliteFoldName(OrEmpty(arg4));
      for (std::string_view refused : kRefusedFunctions) {
        if (name == refused) return fmt::format("function '{}' is not allowed", OrEmpty(arg4));
      }
      return "";
    }
    case SQLITE_PRAGMA:
      return CheckPragma(OrEmpty(arg3));
    default:
      return fmt::format("{} is not allowed: the connection is read-only",
                         DescribeWrite(action, OrEmpty(arg3)));
  }
}

std::string SqliteAuthorizer::CheckRead(std::string_view table, const char* column,
                                        const char* database) {
  // SQLite passes no database name for an unqualified FROM item of which no
  // column is used.
  const std::string_view db = OrEmpty(database);
  if (!db.empty() && SqliteFoldName(db) != "main") {
    return fmt::format("reading table '{}.{}' is not allowed", db, table);
  }
  const std::string folded = SqliteFoldName(table);
  if (mode_ == Mode::kEngine) return "";
  if (IsSchemaTable(folded)) return fmt::format("reading table '{}' is not allowed", table);
  if (permitted_tables_.count(folded) > 0) return "";
  const bool maybe_cte = database == nullptr && column != nullptr && *column == '\0' &&
                         file_objects_.count(folded) == 0 && !folded.starts_with("sqlite_") &&
                         !folded.starts_with("pragma_");
  if (maybe_cte) {
    unresolved_reads_.emplace_back(table);
    return "";
  }
  return fmt::format("reading table '{}' is not allowed", table);
}

std::string SqliteAuthorizer::CheckPragma(std::string_view pragma) const {
  if (mode_ == Mode::kEngine) {
    const std::string folded = SqliteFoldName(pragma);
    for (std::string_view allowed : kEnginePragmas) {
      if (folded == allowed) return "";
    }
  }
  return fmt::format("PRAGMA {} is not allowed", pragma);
}

}  // namespace scry::engine
