// Personal access tokens: secrets a user creates for scripts and API clients
// and sends as "Authorization: Bearer scry_...".
//
// The secret is shown once, when it is created; the store keeps only its hash
// (secrets.h) and a short prefix for lists. A token has an expiry and can be
// revoked; a token whose owner is disabled stops working.
//
// Thread-safe: TokenService holds only references to thread-safe objects
// (Store and Clock are thread-safe by contract).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status_or.h"
#include "store/store.h"

namespace scry::auth {

// Every secret starts with this, so leaked ones are easy to scan for.
inline constexpr std::string_view kTokenSecretPrefix = "scry_";

// Returns the secret in an Authorization header value ("Bearer <secret>",
// scheme case-insensitive), or nullopt when it holds none.
std::optional<std::string_view> BearerSecret(std::string_view authorization);

struct TokenOptions {
  std::chrono::milliseconds default_ttl = std::chrono::hours(24 * 90);
  std::chrono::milliseconds max_ttl = std::chrono::hours(24 * 366);
  // last_used_ms is written at most this often per token, so a busy script
  // does not turn every request into a store write.
  std::chrono::milliseconds touch_interval = std::chrono::minutes(1);
};

struct CreatedToken {
  std::string secret;         // shown to the user once, never stored
  store::AccessToken record;  // as stored (token_hash, prefix, expiry)
};

class TokenService {
 public:
  TokenService(store::Store& store, const Clock& clock, TokenOptions options = {});

  // Creates a token for `user` named `name`, valid for `ttl` (the default when
  // nullopt). InvalidArgument for an empty or overlong name or a ttl that is
  // not positive or exceeds max_ttl; PermissionDenied for a disabled user;
  // the store's error otherwise.
  StatusOr<CreatedToken> Create(const store::User& user, std::string_view name,
                                std::optional<std::chrono::milliseconds> ttl = std::nullopt);

  // The user's tokens (revoked and expired included), as stored.
  StatusOr<std::vector<store::AccessToken>> List(int64_t user_id);

  // Revokes the user's token. NotFound when it is not theirs or does not exist.
  Status Revoke(int64_t user_id, int64_t token_id);

  // Returns the owner of `secret`. Unauthenticated when the secret is
  // malformed or unknown, revoked, expired, or its owner is disabled or gone;
  // Unavailable/Internal when the store fails.
  StatusOr<store::User> Authenticate(std::string_view secret);

 private:
  int64_t NowMs() const;

  store::Store& store_;
  const Clock& clock_;
  TokenOptions options_;
};

}  // namespace scry::auth
