// The Authenticator the server uses: a Bearer personal access token (scripts,
// Genie clients), or the browser's session cookie with the CSRF header
// (X-CSRF-Token) on every unsafe method. With a RateLimiter, each user's
// requests are counted in a token bucket of their own, and one over the limit
// fails with RateLimitedError (429 with Retry-After).
#pragma once

#include "auth/sessions.h"
#include "auth/tokens.h"
#include "server/rate_limiter.h"
#include "server/routes/api_context.h"

namespace scry::server {

inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

class TokenOrSessionAuthenticator final : public Authenticator {
 public:
  // Both services, and `limiter` when given, must outlive the authenticator.
  TokenOrSessionAuthenticator(auth::TokenService& tokens, auth::SessionService& sessions,
                              RateLimiter* limiter = nullptr)
      : tokens_(tokens), sessions_(sessions), limiter_(limiter) {}

  StatusOr<Caller> Authenticate(const Request& request) const override;

 private:
  StatusOr<Caller> Identify(const Request& request) const;

  auth::TokenService& tokens_;
  auth::SessionService& sessions_;
  RateLimiter* limiter_;
};

}  // namespace scry::server
