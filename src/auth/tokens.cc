#include "auth/tokens.h"

#include <fmt/format.h>

#include <utility>

#include "auth/secrets.h"

namespace scry::auth {
namespace {

// Secrets are the prefix and 43 base64url characters (32 random bytes).
constexpr size_t kSecretLength = kTokenSecretPrefix.size() + 43;
// Characters of the secret kept for lists ("scry_AbC1234").
constexpr size_t kListedPrefixLength = kTokenSecretPrefix.size() + 7;
constexpr size_t kMaxNameLength = 100;

bool IsBase64Url(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool IsWellFormed(std::string_view secret) {
  if (secret.size() != kSecretLength || !secret.starts_with(kTokenSecretPrefix)) return false;
  for (char c : secret.substr(kTokenSecretPrefix.size())) {
    if (!IsBase64Url(c)) return false;
  }
  return true;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? char(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

Status Unauthenticated(std::string_view why) {
  return UnauthenticatedError(fmt::format("access token {}", why));
}

}  // namespace

std::optional<std::string_view> BearerSecret(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() ||
      !EqualsIgnoringAsciiCase(authorization.substr(0, kScheme.size()), kScheme) ||
      authorization[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  std::string_view secret = authorization.substr(kScheme.size());
  while (!secret.empty() && secret.front() == ' ') secret.remove_prefix(1);
  while (!secret.empty() && secret.back() == ' ') secret.remove_suffix(1);
  if (secret.empty()) return std::nullopt;
  return secret;
}

TokenService::TokenService(store::Store& store, const Clock& clock, TokenOptions options)
    : store_(store), clock_(clock), options_(options) {}

int64_t TokenService::NowMs() const { return clock_.NowMs(); }

StatusOr<CreatedToken> TokenService::Create(const store::User& user, std::string_view name,
                                            std::optional<std::chrono::milliseconds> ttl) {
  if (name.empty() || name.size() > kMaxNameLength) {
    return InvalidArgumentError(
        fmt::format("a token needs a name of 1 to {} characters", kMaxNameLength));
  }
  const std::chrono::milliseconds lifetime = ttl.value_or(options_.default_ttl);
  if (lifetime.count() <= 0 || lifetime > options_.max_ttl) {
    return InvalidArgumentError(
        fmt::format("a token's lifetime must be between 1 ms and {} days",
                    std::chrono::duration_cast<std::chrono::hours>(options_.max_ttl).count() / 24));
  }
  if (user.disabled) {
    return PermissionDeniedError(fmt::format("user '{}' is disabled", user.email));
  }
  RETURN_IF_ERROR(InitSodium());
  CreatedToken created;
  created.secret = std::string(kTokenSecretPrefix) + RandomToken(32);
  store::AccessToken record;
  record.user_id = user.id;
  record.name = std::string(name);
  record.token_hash = HashSecret(created.secret);
  record.prefix = created.secret.substr(0, kListedPrefixLength);
  record.created_ms = NowMs();
  record.expires_ms = record.created_ms + lifetime.count();
  ASSIGN_OR_RETURN(created.record, store_.CreateToken(record));
  return created;
}

StatusOr<std::vector<store::AccessToken>> TokenService::List(int64_t user_id) {
  return store_.ListTokens(user_id);
}

Status TokenService::Revoke(int64_t user_id, int64_t token_id) {
  return store_.RevokeToken(user_id, token_id, NowMs());
}

StatusOr<store::User> TokenService::Authenticate(std::string_view secret) {
  if (!IsWellFormed(secret)) return Unauthenticated("is malformed");
  const std::string hash = HashSecret(secret);
  StatusOr<store::AccessToken> token = store_.GetTokenByHash(hash);
  if (!token.ok()) {
    if (token.status().code() == StatusCode::kNotFound) return Unauthenticated("is not known");
    return token.status();
  }
  // The lookup found it by hash; compare again in constant time so a store
  // that matched loosely (collation, prefix) cannot let another secret in.
  if (!ConstantTimeEquals(token->token_hash, hash)) return Unauthenticated("is not known");
  const int64_t now = NowMs();
  if (token->revoked_ms) return Unauthenticated(fmt::format("'{}' was revoked", token->name));
  if (token->expires_ms && now >= *token->expires_ms) {
    return Unauthenticated(fmt::format("'{}' has expired", token->name));
  }
  StatusOr<store::User> user = store_.GetUser(token->user_id);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) return Unauthenticated("has no owner");
    return user.status();
  }
  if (user->disabled) return Unauthenticated("belongs to a disabled user");
  if (!token->last_used_ms || now - *token->last_used_ms >= options_.touch_interval.count()) {
    // Best effort: a failed bookkeeping write must not refuse a valid token.
    (void)store_.TouchToken(token->id, now);
  }
  return user;
}

}  // namespace scry::auth
