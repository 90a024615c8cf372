// SqliteAuthorizer: the read-only lock SQLite itself enforces on a connection.
//
// Installed with sqlite3_set_authorizer on every handle the engine opens.
// SQLite consults it while compiling a statement (and while running the
// internal statements some commands issue), so a refused action fails
// sqlite3_prepare_v2 or sqlite3_step with SQLITE_AUTH before anything happens.
//
// It allows SELECT, recursive CTEs, ordinary functions and reads of permitted
// tables, and refuses everything else: writes, DDL, ATTACH/DETACH,
// transactions, savepoints, ANALYZE, REINDEX, VACUUM, virtual tables that are
// not user tables (json_each, pragma_*, dbstat, ...) and functions with side
// effects (load_extension, fts3_tokenizer, ...).
//
// Two modes. kEngine, for statements the engine writes itself (introspection):
// may read every table including sqlite_schema and run the few PRAGMAs that
// describe tables. kUser, for every statement given to Execute(): may read
// only the permitted tables, never the schema table, no PRAGMA at all.
// A mode is a property of the handle, switched only from kEngine to kUser while
// the connection is being set up, before any user statement can run on it, so
// no user statement ever sees the engine's privileges.
//
// Reads inside a view are checked like direct reads: SQLite names the view
// responsible for a read, but a CTE can take any name, including a permitted
// view's, so that name cannot be trusted. Permitting a view therefore needs
// the tables it reads permitted too.
//
// One read is ambiguous: a FROM item none of whose columns are used
// (`SELECT count(*) FROM x`) is reported as a read of column "" of `x`, and
// `x` may be a CTE, whose body is checked on its own. Such a read of a name
// that is no table or view of the file (as listed when the connection was set
// up) is let through and remembered in unresolved_reads(); the caller checks
// after compiling that none of them names a table after all (one created
// since), see SqliteStream::Prepare.
//
// Not thread-safe: used by the thread running the handle's statement.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace scry::engine {

class SqliteAuthorizer {
 public:
  enum class Mode { kEngine, kUser };

  // Starts in kEngine mode.
  SqliteAuthorizer() = default;

  // Switches to kUser mode for good. `permitted_tables`: the tables and views
  // statements may read; `file_objects`: every table and view of the file.
  // Both hold names folded with SqliteFoldName().
  void RestrictTo(std::unordered_set<std::string> permitted_tables,
                  std::unordered_set<std::string> file_objects);

  // The callback sqlite3_set_authorizer takes; `self` is a SqliteAuthorizer.
  static int Callback(void* self, int action, const char* arg3, const char* arg4,
                      const char* database, const char* trigger_or_view);

  // Forgets what the previous statement left behind; call before compiling.
  void BeginStatement();

  // Why the first refused action of the statement was refused ("reading
  // table 'x' is not allowed"), or empty.
  const std::string& denial() const { return denial_; }

  // Names read without columns that may be CTEs (see above), as written.
  const std::vector<std::string>& unresolved_reads() const { return unresolved_reads_; }

 private:
  // Returns an empty string when the action is allowed, else why not.
  std::string Check(int action, const char* arg3, const char* arg4, const char* database);
  std::string CheckRead(std::string_view table, const char* column, const char* database);
  std::string CheckPragma(std::string_view pragma) const;

  Mode mode_ = Mode::kEngine;
  std::unordered_set<std::string> permitted_tables_;
  std::unordered_set<std::string> file_objects_;
  std::string denial_;
  std::vector<std::string> unresolved_reads_;
};

// ASCII lower case: SQLite compares identifiers case-insensitively in ASCII only.
std::string SqliteFoldName(std::string_view name);

}  // namespace scry::engine
