#include "engine/sqlite/sqlite_handle.h"

#include <fmt/format.h>

#include <cctype>

namespace scry::engine {
namespace {

// How long a read waits for another process's write lock before failing with
// Unavailable. Short, because a busy wait is not interruptible.
constexpr int kBusyTimeoutMs = 500;

Status Configure(sqlite3* db, const std::string& path) {
  struct Setting {
    int option;
    int value;
    const char* name;
  };
  // Extension loading off; defensive mode (no writable_schema, no raw page
  // access); triggers never fire; no registering tokenizers by pointer.
  // The schema stays "trusted": with TRUSTED_SCHEMA off, SQLite 3.40 refuses
  // JSON functions inside views, which real files use, while what it guards
  // against (functions with side effects called from a crafted view) is
  // already refused, because the authorizer checks the functions a view calls
  // like any other.
  const Setting settings[] = {
      {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "ENABLE_LOAD_EXTENSION"},
      {SQLITE_DBCONFIG_DEFENSIVE, 1, "DEFENSIVE"},
      {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, "ENABLE_TRIGGER"},
      {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, "ENABLE_FTS3_TOKENIZER"},
  };
  for (const Setting& setting : settings) {
    int applied = -1;
    if (sqlite3_db_config(db, setting.option, setting.value, &applied) != SQLITE_OK ||
        applied != setting.value) {
      return InternalError(
          fmt::format("SQLite file '{}': cannot set {}={}", path, setting.name, setting.value));
    }
  }
  // The authorizer refuses ATTACH already; a limit of zero makes it impossible.
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return Status::Ok();
}

bool StartsWithFileScheme(std::string_view path) {
  if (path.size() < 5) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (std::tolower(static_cast<unsigned char>(path[i])) != "file"[i]) return false;
  }
  return path[4] == ':';
}

}  // namespace

StatusOr<SqliteHandle> OpenSqliteReadOnly(const std::string& path) {
  // Debian's SQLite is built with SQLITE_USE_URI, which reads a name starting
  // with "file:" as a URI (with options such as mode=rwc). "./" keeps such a
  // relative path a plain file name.
  const std::string name = StartsWithFileScheme(path) ? "./" + path : path;
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(name.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteHandle db(raw);  // Closed on every path below, even when opening failed.
  if (rc != SQLITE_OK) {
    return UnavailableError(fmt::format("cannot open SQLite file '{}': {}", path,
                                        raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  RETURN_IF_ERROR(Configure(db.get(), path));
  return db;
}

Status SqliteError(sqlite3* db, int rc) {
  const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_ERROR:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
    case SQLITE_CONSTRAINT:
      return InvalidArgumentError(message);
    case SQLITE_AUTH:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return PermissionDeniedError(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
      return UnavailableError(message);
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
    case SQLITE_FULL:
      return ResourceExhaustedError(message);
    case SQLITE_INTERRUPT:
      return CancelledError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status(StatusCode::kDataLoss, message);
    default:
      return InternalError(fmt::format("SQLite error {}: {}", rc, message));
  }
}

bool IsSqliteEmptyTail(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ';' || std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      i = text.find('\n', i);
    } else if (text.compare(i, 2, "/*") == 0) {
      // An unterminated block comment runs to the end, as in SQLite.
      const size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? end : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

std::string QuoteSqliteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace scry::engine
