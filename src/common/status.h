// Status: the outcome of an operation that can fail in an expected way.
//
// A Status is either OK or carries a code and a message that says what failed
// and on what ("table 'orders': no such column 'x'"). Expected failures (bad
// input, a cancelled query, a missing file) travel as values; exceptions never
// cross a component boundary. Status is a value type: copyable, movable, and
// safe to use from any thread as long as each object is used by one at a time.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace scry {

// The codes follow the canonical set most RPC systems use, so that the single
// place that maps them to HTTP statuses stays obvious.
enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

// Returns the code's name, e.g. "INVALID_ARGUMENT".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status; costs no allocation.
  Status() = default;
  Status(StatusCode code, std::string_view message);

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status Ok() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  // The message without the code; empty when OK.
  std::string_view message() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

  // "OK" or "INVALID_ARGUMENT: message".
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code() == b.code() && a.message() == b.message();
  }

 private:
  struct Rep {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<Rep> rep_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

Status CancelledError(std::string_view message);
Status InvalidArgumentError(std::string_view message);
Status DeadlineExceededError(std::string_view message);
Status NotFoundError(std::string_view message);
Status AlreadyExistsError(std::string_view message);
Status PermissionDeniedError(std::string_view message);
Status ResourceExhaustedError(std::string_view message);
Status FailedPreconditionError(std::string_view message);
Status OutOfRangeError(std::string_view message);
Status UnimplementedError(std::string_view message);
Status InternalError(std::string_view message);
Status UnavailableError(std::string_view message);
Status UnauthenticatedError(std::string_view message);

}  // namespace scry

#define SCRY_STATUS_CONCAT_INNER(a, b) a##b
#define SCRY_STATUS_CONCAT(a, b) SCRY_STATUS_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                    \
  do {                                           \
    ::scry::Status scry_status_ = (expr);        \
    if (!scry_status_.ok()) return scry_status_; \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, StatusOrExpr())`: declares or assigns `lhs` from the
// value, or returns the error from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr) \
  SCRY_ASSIGN_OR_RETURN_IMPL(SCRY_STATUS_CONCAT(scry_status_or_, __LINE__), lhs, expr)
#define SCRY_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return std::move(tmp).status();   \
  lhs = std::move(tmp).value()
