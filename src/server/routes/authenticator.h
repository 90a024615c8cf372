// The Authenticator the server uses: a Bearer personal access token (scripts,
// Genie clients), or the browser's session cookie with the CSRF header
// (X-CSRF-Token) on every unsafe method.
#pragma once

#include "auth/sessions.h"
#include "auth/tokens.h"
#include "server/routes/api_context.h"

namespace scry::server {

inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

class TokenOrSessionAuthenticator final : public Authenticator {
 public:
  // Both services must outlive the authenticator.
  TokenOrSessionAuthenticator(auth::TokenService& tokens, auth::SessionService& sessions)
      : tokens_(tokens), sessions_(sessions) {}

  StatusOr<Caller> Authenticate(const Request& request) const override;

 private:
  auth::TokenService& tokens_;
  auth::SessionService& sessions_;
};

}  // namespace scry::server
