// Thin RAII helpers over the libpq C API: an owned result, a list of text
// parameters, and Exec/Transaction functions that turn every libpq failure
// into a Status with the SQLSTATE mapped to our codes.
//
// Every statement that carries a value goes through PQexecParams with the
// value as a separate parameter, so user text never becomes SQL. Parameters
// and results use the text format: PostgreSQL infers each parameter's type
// from the statement (casts like `$1::bigint` make it explicit).
//
// Not thread-safe: a PGconn is used by one thread at a time (the pool hands
// each caller its own connection).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/status_or.h"

namespace scry::store::pg {

// An owned PGresult of a successful statement.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result, &PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  // Rows changed by INSERT/UPDATE/DELETE.
  int64_t affected() const;
  bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string Text(int row, int col) const;
  int64_t Int(int row, int col) const;
  std::optional<int64_t> OptionalInt(int row, int col) const;
  double Double(int row, int col) const;
  bool Bool(int row, int col) const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

// One text-format parameter; nullopt is SQL NULL.
class Param {
 public:
  Param(std::string_view text) : value_(std::string(text)) {}  // NOLINT
  Param(const std::string& text) : value_(text) {}             // NOLINT
  Param(const char* text) : value_(std::string(text)) {}       // NOLINT
  Param(int64_t number) : value_(std::to_string(number)) {}    // NOLINT
  Param(int number) : value_(std::to_string(number)) {}        // NOLINT
  Param(double number);                                        // NOLINT
  Param(bool flag) : value_(flag ? "true" : "false") {}        // NOLINT
  Param(std::optional<int64_t> number);                        // NOLINT
  Param(std::nullopt_t) {}                                     // NOLINT

  const char* data() const { return value_ ? value_->c_str() : nullptr; }

 private:
  std::optional<std::string> value_;
};

// Runs one parameterized statement. Maps failures:
//   23505 unique_violation           -> AlreadyExists
//   23503 foreign_key_violation      -> NotFound (the referenced row is missing)
//   22xxx data exceptions            -> InvalidArgument
//   40001 / 40P01 (serialization)    -> Aborted
//   57014 (statement_timeout)        -> DeadlineExceeded
//   08xxx, 57P0x, a lost connection  -> Unavailable
//   anything else                    -> Internal
// `what` names the operation for the message ("create user").
StatusOr<Result> Exec(PGconn* conn, std::string_view what, const std::string& sql,
                      const std::vector<Param>& params = {});

// Runs statements without parameters (BEGIN, COMMIT, migration scripts); the
// text may hold several statements. Never pass user text here.
Status ExecScript(PGconn* conn, std::string_view what, const char* sql);

// Runs `body` between BEGIN and COMMIT; rolls back when it fails. A failed
// COMMIT is returned as is (a lost connection there is Unavailable: the
// outcome is unknown to the caller, as with any database).
Status Transaction(PGconn* conn, std::string_view what, const std::function<Status()>& body);

// True when the connection can no longer be used and must be replaced.
bool IsBroken(PGconn* conn);

}  // namespace scry::store::pg
