// SqliteDb: one connection of the SQLite store, with its prepared statements
// cached for the connection's life, and Statement, a borrowed cached statement
// that binds parameters, steps and reads columns, and resets itself when it
// goes out of scope.
//
// Every value reaches SQL as a bound parameter; the only SQL text these
// classes run is the store's own constants.
//
// Thread-compatible: a connection (and its statements) is used by one thread
// at a time; SqliteStore hands each one out under a lock.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/status_or.h"

namespace scry::store::sqlite {

// The Status for result code `rc` of an operation on `db` (null: none),
// prefixed with `what` when not empty ("preparing a statement"): AlreadyExists for a UNIQUE or
// PRIMARY KEY conflict, NotFound for a FOREIGN KEY to a missing row,
// InvalidArgument for other constraints, Unavailable for locks, DataLoss for a
// damaged file, ResourceExhausted for a full disk or memory, Internal otherwise.
Status SqliteStoreError(sqlite3* db, int rc, std::string_view what);

class Statement {
 public:
  // `owned` says whether the statement is finalized (a one-off) or only reset
  // (a cached one) when this object goes.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool owned);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. A failed bind is reported by the
  // next Step().
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::optional<int64_t>& value);

  // Binds the arguments to ?1, ?2, ... in order.
  template <typename... Args>
  Statement& BindAll(const Args&... args) {
    int index = 1;
    (Bind(index++, args), ...);
    return *this;
  }

  // Returns true when a row is ready, false when the statement is done.
  StatusOr<bool> Step();
  // Steps to the end, for statements that return no rows.
  Status Run();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool owned_;
  int bind_rc_ = SQLITE_OK;  // The first failed bind, reported by Step().
};

class SqliteDb {
 public:
  // Opens (creating when `create`) the database at `path` for reading and
  // writing, with extended result codes, foreign keys on and the busy
  // timeout set. ":memory:" is a private in-memory database.
  static StatusOr<std::unique_ptr<SqliteDb>> Open(const std::string& path, bool create,
                                                  int busy_timeout_ms);
  ~SqliteDb();

  // The cached statement for `sql`, prepared on first use. When the cached
  // one is still being stepped (a nested use), a one-off copy is prepared.
  StatusOr<Statement> Prepare(const std::string& sql);

  // Runs SQL text that may hold several statements and binds nothing: the
  // store's own pragmas and migrations only.
  Status Exec(const char* sql, std::string_view what);

  // True while a transaction is open on this connection.
  bool InTransaction() const;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalizer>> cache_;
};

// Steps `select` (bound by the caller) to the end, reading each row with
// `read` (a function of `const Statement&` returning StatusOr<T>).
template <typename T, typename ReadRow>
StatusOr<std::vector<T>> ReadAll(Statement& select, ReadRow read) {
  std::vector<T> rows;
  while (true) {
    ASSIGN_OR_RETURN(const bool has_row, select.Step());
    if (!has_row) return rows;
    ASSIGN_OR_RETURN(T row, read(select));
    rows.push_back(std::move(row));
  }
}

// Steps `select` once and reads its row; NotFound ("not found", for the
// caller's context to name the thing) when there is none.
template <typename T, typename ReadRow>
StatusOr<T> ReadOne(Statement& select, ReadRow read) {
  ASSIGN_OR_RETURN(const bool has_row, select.Step());
  if (!has_row) return NotFoundError("not found");
  return read(select);
}

// NotFound unless the last INSERT, UPDATE or DELETE on `db` changed a row.
Status ChangedOne(SqliteDb& db);

}  // namespace scry::store::sqlite
