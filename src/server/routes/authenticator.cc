#include "server/routes/authenticator.h"

#include "server/routes/route_util.h"

namespace scry::server {

StatusOr<Caller> TokenOrSessionAuthenticator::Authenticate(const Request& request) const {
  ASSIGN_OR_RETURN(Caller caller, Identify(request));
  if (limiter_ != nullptr) {
    const RateDecision decision = limiter_->Acquire("user:" + std::to_string(caller.user.id));
    if (!decision.allowed) return RateLimitedError(decision.retry_after_seconds);
  }
  return caller;
}

StatusOr<Caller> TokenOrSessionAuthenticator::Identify(const Request& request) const {
  Caller caller;
  const std::string_view authorization = request.Header("Authorization");
  if (!authorization.empty()) {
    const std::optional<std::string_view> secret = auth::BearerSecret(authorization);
    if (!secret) {
      return UnauthenticatedError("Authorization: expected 'Bearer <token>'");
    }
    ASSIGN_OR_RETURN(caller.user, tokens_.Authenticate(*secret));
    return caller;
  }
  const std::optional<std::string_view> cookie =
      auth::FindCookie(request.Header("Cookie"), sessions_.cookie_name());
  if (!cookie) {
    return UnauthenticatedError("sign in, or send a personal access token as 'Bearer <token>'");
  }
  ASSIGN_OR_RETURN(auth::AuthenticatedSession session, sessions_.Authenticate(*cookie));
  // A cookie rides along with any request a page makes; an unsafe one must
  // also prove it came from our page.
  if (auth::IsUnsafeMethod(request.method)) {
    RETURN_IF_ERROR(auth::SessionService::CheckCsrf(session.session, request.Header(kCsrfHeader)));
  }
  caller.user = std::move(session.user);
  caller.via_session = true;
  caller.csrf_token = session.session.csrf_token;
  return caller;
}

}  // namespace scry::server
