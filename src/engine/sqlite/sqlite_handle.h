// Small pieces shared by the SQLite backend: owning handles, opening a file
// read-only with the engine's locks, and mapping SQLite's result codes to
// Status. Plain functions; thread-compatible.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status_or.h"

namespace scry::engine {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// Opens `path` with SQLITE_OPEN_READONLY (never as a URI), extension loading
// off, defensive mode on, no triggers, no attached databases. Reads nothing yet, so a file that is
// not a database opens fine here. Fails with Unavailable when SQLite cannot open the file.
StatusOr<SqliteHandle> OpenSqliteReadOnly(const std::string& path);

// The Status for result code `rc` of an operation on `db` (null: no handle),
// with SQLite's message: InvalidArgument for SQL errors, PermissionDenied for
// refused access, Unavailable for locks, ResourceExhausted for memory and
// size limits, DataLoss for a damaged file, Internal otherwise.
Status SqliteError(sqlite3* db, int rc);

// True when `text` holds nothing but white space, semicolons and comments:
// what may follow the one statement of an Execute().
bool IsSqliteEmptyTail(std::string_view text);

// `name` as a double-quoted SQL identifier.
std::string QuoteSqliteIdentifier(std::string_view name);

}  // namespace scry::engine
