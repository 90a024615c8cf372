#include "store/sqlite/sqlite_db.h"

#include <fmt/format.h>

namespace scry::store::sqlite {
namespace {

// Debian's SQLite treats a name starting with "file:" as a URI (with options
// such as mode=memory); "./" keeps such a relative path a plain file name.
std::string PlainFileName(const std::string& path) {
  if (path.size() >= 5 && sqlite3_strnicmp(path.c_str(), "file:", 5) == 0) return "./" + path;
  return path;
}

}  // namespace

Status SqliteStoreError(sqlite3* db, int rc, std::string_view what) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string message = what.empty() ? detail : fmt::format("{}: {}", what, detail);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return AlreadyExistsError(message);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return NotFoundError(message);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return InvalidArgumentError(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
      return UnavailableError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status(StatusCode::kDataLoss, message);
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return ResourceExhaustedError(message);
    default:
      return InternalError(fmt::format("{} (SQLite error {})", message, rc));
  }
}

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, bool owned)
    : db_(db), stmt_(stmt), owned_(owned) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), owned_(other.owned_), bind_rc_(other.bind_rc_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
  } else {
    // Resetting ends the statement's read of the database, so a cached
    // statement never holds a snapshot open between calls.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT copies: the view may not outlive this call.
  const int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  if (value.has_value()) return Bind(index, *value);
  const int rc = sqlite3_bind_null(stmt_, index);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

StatusOr<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteStoreError(db_, bind_rc_, "");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStoreError(db_, rc, "");
}

Status Statement::Run() {
  while (true) {
    ASSIGN_OR_RETURN(const bool row, Step());
    if (!row) return Status::Ok();
  }
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return std::string();
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, bool create,
                                                   int busy_timeout_ms) {
  // NOMUTEX: SqliteStore serializes the use of each connection itself.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const std::string name = path == ":memory:" ? path : PlainFileName(path);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));  // Closes `raw` on every path.
  if (rc != SQLITE_OK) {
    return UnavailableError(fmt::format("cannot open store '{}': {}", path,
                                        raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  int applied = 0;
  if (sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &applied) != SQLITE_OK ||
      applied != 1) {
    return InternalError(fmt::format("store '{}': cannot turn foreign keys on", path));
  }
  // The store runs only its own SQL: no extensions, no schema tricks.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  return db;
}

SqliteDb::~SqliteDb() {
  cache_.clear();  // Statements first: a connection with live statements does not close.
  sqlite3_close_v2(db_);
}

StatusOr<Statement> SqliteDb::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && sqlite3_stmt_busy(it->second.get()) == 0) {
    return Statement(db_, it->second.get(), /*owned=*/false);
  }
  sqlite3_stmt* stmt = nullptr;
  // PERSISTENT: a hint that the statement lives long, so SQLite does not take
  // its memory from the lookaside pool meant for short-lived objects.
  const unsigned flags = it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0;
  const int rc =
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteStoreError(db_, rc, "preparing a statement");
  }
  if (it != cache_.end()) return Statement(db_, stmt, /*owned=*/true);
  cache_.emplace(sql, std::unique_ptr<sqlite3_stmt, Finalizer>(stmt));
  return Statement(db_, stmt, /*owned=*/false);
}

Status SqliteDb::Exec(const char* sql, std::string_view what) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  sqlite3_free(error);  // The same text sqlite3_errmsg() gives.
  if (rc != SQLITE_OK) return SqliteStoreError(db_, rc, what);
  return Status::Ok();
}

bool SqliteDb::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Status ChangedOne(SqliteDb& db) {
  return sqlite3_changes(db.handle()) > 0 ? Status::Ok() : NotFoundError("not found");
}

}  // namespace scry::store::sqlite
