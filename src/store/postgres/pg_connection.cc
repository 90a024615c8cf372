#include "store/postgres/pg_connection.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace scry::store::pg {
namespace {

// libpq's messages end with a newline; ours do not.
std::string Trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

Status StatusFromSqlState(std::string_view state, std::string message) {
  if (state == "23505") return AlreadyExistsError(message);
  if (state == "23503") return NotFoundError(message);
  if (state.substr(0, 2) == "22") return InvalidArgumentError(message);
  if (state == "40001" || state == "40P01") return Status(StatusCode::kAborted, message);
  if (state == "57014") return DeadlineExceededError(message);  // statement_timeout
  if (state.substr(0, 2) == "08" || state.substr(0, 3) == "57P") {
    return UnavailableError(message);
  }
  return InternalError(message);
}

// Turns a failed result (or none at all) into a Status. A connection that
// broke during the call is Unavailable whatever the server said last.
Status ErrorFrom(PGconn* conn, const PGresult* result, std::string_view what) {
  std::string message =
      std::string(what) + ": " + Trimmed(result ? PQresultErrorMessage(result) : nullptr);
  if (!result || message.size() == what.size() + 2) {
    message = std::string(what) + ": " + Trimmed(PQerrorMessage(conn));
  }
  if (IsBroken(conn)) return UnavailableError(message);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  return StatusFromSqlState(state ? state : "", std::move(message));
}

bool Succeeded(const PGresult* result) {
  if (!result) return false;
  ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

int64_t Result::affected() const {
  const char* text = PQcmdTuples(result_.get());
  return text && *text ? std::strtoll(text, nullptr, 10) : 0;
}

std::string Result::Text(int row, int col) const {
  return std::string(PQgetvalue(result_.get(), row, col),
                     static_cast<size_t>(PQgetlength(result_.get(), row, col)));
}

int64_t Result::Int(int row, int col) const {
  return std::strtoll(PQgetvalue(result_.get(), row, col), nullptr, 10);
}

std::optional<int64_t> Result::OptionalInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

double Result::Double(int row, int col) const {
  return std::strtod(PQgetvalue(result_.get(), row, col), nullptr);
}

bool Result::Bool(int row, int col) const { return PQgetvalue(result_.get(), row, col)[0] == 't'; }

// The shortest text that reads back as the same double, so values round-trip.
Param::Param(double number) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), number);
  value_ = std::string(buffer, ec == std::errc() ? end : buffer);
}

Param::Param(std::optional<int64_t> number) {
  if (number) value_ = std::to_string(*number);
}

StatusOr<Result> Exec(PGconn* conn, std::string_view what, const std::string& sql,
                      const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& param : params) values.push_back(param.data());
  PGresult* raw = PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, /*resultFormat=*/0);
  Result result(raw);  // owns `raw` from here on
  if (!Succeeded(raw)) return ErrorFrom(conn, raw, what);
  return result;
}

Status ExecScript(PGconn* conn, std::string_view what, const char* sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn, sql), &PQclear);
  if (Succeeded(result.get())) return Status::Ok();
  return ErrorFrom(conn, result.get(), what);
}

Status Transaction(PGconn* conn, std::string_view what, const std::function<Status()>& body) {
  RETURN_IF_ERROR(ExecScript(conn, what, "BEGIN"));
  Status status = body();
  if (!status.ok()) {
    // A failed rollback leaves the connection in a transaction; the pool
    // discards such connections, so the error of the body is what matters.
    (void)ExecScript(conn, what, "ROLLBACK");
    return status;
  }
  return ExecScript(conn, what, "COMMIT");
}

bool IsBroken(PGconn* conn) { return conn == nullptr || PQstatus(conn) != CONNECTION_OK; }

}  // namespace scry::store::pg
