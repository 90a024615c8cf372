#include "auth/sessions.h"

#include <fmt/format.h>

#include <utility>

#include "auth/secrets.h"

namespace scry::auth {
namespace {

constexpr std::string_view kLoginFailed = "incorrect email or password";
constexpr std::string_view kSessionEnded = "the session has ended; sign in again";

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool IsUnsafeMethod(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

std::optional<std::string_view> FindCookie(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const size_t end = cookie_header.find(';');
    const std::string_view pair = TrimSpaces(cookie_header.substr(0, end));
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos && TrimSpaces(pair.substr(0, equals)) == name) {
      return TrimSpaces(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) break;
    cookie_header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

SessionService::SessionService(store::Store& store, const Clock& clock, SessionOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  // A random password nobody knows: hashing it cannot fail short of memory,
  // and an empty hash would only make unknown emails answer faster.
  StatusOr<std::string> dummy = HashPassword(RandomToken(16), options_.password_cost);
  if (dummy.ok()) dummy_hash_ = std::move(dummy).value();
}

int64_t SessionService::NowMs() const { return clock_.NowMs(); }

StatusOr<NewSession> SessionService::Login(std::string_view email, std::string_view password) {
  StatusOr<store::User> user = store_.GetUserByEmail(email);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) return user.status();
    (void)VerifyPassword(password, dummy_hash_);  // same work as a known email
    return UnauthenticatedError(kLoginFailed);
  }
  if (!VerifyPassword(password, user->password_hash) || user->disabled) {
    return UnauthenticatedError(kLoginFailed);
  }
  NewSession created;
  created.cookie_value = RandomToken(32);
  created.csrf_token = RandomToken(32);
  created.session.id_hash = HashSecret(created.cookie_value);
  created.session.user_id = user->id;
  created.session.csrf_token = created.csrf_token;
  created.session.created_ms = NowMs();
  created.session.expires_ms = created.session.created_ms + options_.ttl.count();
  RETURN_IF_ERROR(store_.CreateSession(created.session));
  created.user = std::move(user).value();
  return created;
}

StatusOr<AuthenticatedSession> SessionService::Authenticate(std::string_view cookie_value) {
  if (cookie_value.empty()) return UnauthenticatedError("not signed in");
  const std::string hash = HashSecret(cookie_value);
  StatusOr<store::Session> session = store_.GetSession(hash);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) {
      return UnauthenticatedError(kSessionEnded);
    }
    return session.status();
  }
  if (!ConstantTimeEquals(session->id_hash, hash)) return UnauthenticatedError(kSessionEnded);
  if (NowMs() >= session->expires_ms) {
    (void)store_.DeleteSession(hash);  // best effort; DeleteExpired sweeps the rest
    return UnauthenticatedError(kSessionEnded);
  }
  StatusOr<store::User> user = store_.GetUser(session->user_id);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) return UnauthenticatedError(kSessionEnded);
    return user.status();
  }
  if (user->disabled) return UnauthenticatedError(kSessionEnded);
  return AuthenticatedSession{std::move(user).value(), std::move(session).value()};
}

Status SessionService::CheckCsrf(const store::Session& session, std::string_view header_value) {
  if (header_value.empty()) {
    return PermissionDeniedError(
        fmt::format("refused: the request has no {} header; reload the page", kCsrfHeader));
  }
  if (session.csrf_token.empty() || !ConstantTimeEquals(session.csrf_token, header_value)) {
    return PermissionDeniedError(fmt::format(
        "refused: the {} header does not match this session; reload the page", kCsrfHeader));
  }
  return Status::Ok();
}

Status SessionService::Logout(std::string_view cookie_value) {
  if (cookie_value.empty()) return Status::Ok();
  Status deleted = store_.DeleteSession(HashSecret(cookie_value));
  if (deleted.code() == StatusCode::kNotFound) return Status::Ok();
  return deleted;
}

Status SessionService::DeleteExpired() { return store_.DeleteExpiredSessions(NowMs()); }

std::string SessionService::CookieHeader(std::string_view value, int64_t max_age_seconds,
                                         bool tls) const {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", options_.cookie_name,
                     value, max_age_seconds, tls ? "; Secure" : "");
}

std::string SessionService::SetCookieHeader(std::string_view cookie_value, bool tls) const {
  return CookieHeader(cookie_value,
                      std::chrono::duration_cast<std::chrono::seconds>(options_.ttl).count(), tls);
}

std::string SessionService::ClearCookieHeader(bool tls) const { return CookieHeader("", 0, tls); }

}  // namespace scry::auth
