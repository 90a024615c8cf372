// Browser sessions: a login with email and password gives a random cookie
// value (the store keeps only its hash) and a CSRF token the page sends back
// in a header on every unsafe request (POST, PUT, PATCH, DELETE).
//
// The cookie is HttpOnly (scripts cannot read it), SameSite=Strict (other
// sites cannot make the browser send it), Path=/, Secure when the server
// speaks TLS, with a Max-Age equal to the session's lifetime. Sessions expire
// at a fixed time after login; Logout deletes the session.
//
// Login never says whether an email exists: an unknown email, a wrong
// password, an account without a password and a disabled account all get the
// same message, and an unknown email still costs one Argon2id verification.
//
// Thread-safe: SessionService holds only references to thread-safe objects
// and an immutable dummy hash.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "auth/password.h"
#include "common/clock.h"
#include "common/status_or.h"
#include "store/store.h"

namespace scry::auth {

// The header the page sends the CSRF token in.
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct SessionOptions {
  std::chrono::milliseconds ttl = std::chrono::hours(12);
  std::string cookie_name = "scry_session";
  // The cost of the dummy verification for unknown emails; match the cost
  // passwords are hashed with so both paths take as long.
  PasswordCost password_cost = PasswordCost::Interactive();
};

struct NewSession {
  std::string cookie_value;  // goes into Set-Cookie; never stored
  std::string csrf_token;    // given to the page (login reply body)
  store::Session session;    // as stored
  store::User user;
};

struct AuthenticatedSession {
  store::User user;
  store::Session session;  // its csrf_token is what CheckCsrf compares with
};

// Whether an HTTP method may change state and so needs a CSRF token: every
// method but GET, HEAD and OPTIONS (compared case-sensitively, as HTTP does).
bool IsUnsafeMethod(std::string_view method);

// Returns the value of cookie `name` in a Cookie header ("a=1; b=2"), or
// nullopt when absent.
std::optional<std::string_view> FindCookie(std::string_view cookie_header, std::string_view name);

class SessionService {
 public:
  SessionService(store::Store& store, const Clock& clock, SessionOptions options = {});

  // Starts a session. Unauthenticated ("incorrect email or password") for an
  // unknown email, a wrong password, an account without a password or a
  // disabled account; the store's error when it fails.
  StatusOr<NewSession> Login(std::string_view email, std::string_view password);

  // Returns the session's user. Unauthenticated when the value is unknown,
  // the session expired (it is deleted) or its user is disabled or gone.
  StatusOr<AuthenticatedSession> Authenticate(std::string_view cookie_value);

  // OK when `header_value` (the X-CSRF-Token header) equals the session's
  // token, compared in constant time; PermissionDenied when missing or wrong.
  static Status CheckCsrf(const store::Session& session, std::string_view header_value);

  // Ends the session; OK also when it was already gone.
  Status Logout(std::string_view cookie_value);

  // Removes expired sessions from the store (call now and then).
  Status DeleteExpired();

  // The Set-Cookie header value for a new session, and the one that clears it.
  std::string SetCookieHeader(std::string_view cookie_value, bool tls) const;
  std::string ClearCookieHeader(bool tls) const;

  const std::string& cookie_name() const { return options_.cookie_name; }

 private:
  int64_t NowMs() const;
  std::string CookieHeader(std::string_view value, int64_t max_age_seconds, bool tls) const;

  store::Store& store_;
  const Clock& clock_;
  SessionOptions options_;
  std::string dummy_hash_;  // verified against for unknown emails
};

}  // namespace scry::auth
