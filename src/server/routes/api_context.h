// What the API routes work with: the store, the conversation service, the
// spaces, and who is asking. Composed in app/; every member outlives the
// server. Routes hold no state of their own.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "auth/sessions.h"
#include "auth/tokens.h"
#include "common/clock.h"
#include "common/status_or.h"
#include "conversation/guide.h"
#include "conversation/service.h"
#include "conversation/trusted_questions.h"
#include "conversation/worker_pool.h"
#include "server/http_types.h"
#include "server/rate_limiter.h"
#include "store/store.h"

namespace scry::server {

// The user behind a request, with how they proved it.
struct Caller {
  store::User user;
  bool via_session = false;  // a browser session cookie (unsafe methods need CSRF)
  std::string csrf_token;    // the session's, when via_session
};

// Resolves the caller of a request: a Bearer token, or a session cookie with
// its CSRF header on unsafe methods. Unauthenticated when neither holds,
// PermissionDenied for a missing or wrong CSRF token.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual StatusOr<Caller> Authenticate(const Request& request) const = 0;
};

struct ApiContext {
  store::Store* store = nullptr;
  conversation::ConversationService* service = nullptr;
  const conversation::SpaceDirectory* spaces = nullptr;
  const conversation::AccessPolicy* access = nullptr;
  const Authenticator* auth = nullptr;
  auth::TokenService* tokens = nullptr;
  auth::SessionService* sessions = nullptr;
  const Clock* clock = nullptr;
  // Runs CSV downloads (each as long as its query) off the I/O threads; a
  // full queue answers 429.
  conversation::WorkerPool* downloads = nullptr;
  // Limits sign-in attempts per client address (optional).
  RateLimiter* login_limiter = nullptr;
  // Conversations' attachments, and the pool that converts uploads off the
  // I/O threads (a full queue answers 429). Both are needed by
  // AddAttachmentRoutes.
  conversation::AttachmentService* attachments = nullptr;
  conversation::WorkerPool* uploads = nullptr;
  // The spaces' "How to ask" guides (built on the downloads pool); needed by
  // AddGuideRoutes.
  conversation::GuideService* guides = nullptr;
  // The spaces' trusted questions; needed by AddTrustedRoutes.
  conversation::TrustedQuestionService* trusted = nullptr;
};

}  // namespace scry::server
