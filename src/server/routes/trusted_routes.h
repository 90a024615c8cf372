// Trusted questions of a space (/api/v1, see conversation/trusted_questions.h):
//
//   GET    /api/v1/spaces/{space_id}/trusted-questions
//          → {"trusted_questions": [TrustedQuestion]}           anyone with access
//   POST   /api/v1/spaces/{space_id}/trusted-questions
//          {question, sql} | {conversation_id, message_id} → 201 TrustedQuestion
//   GET    /api/v1/spaces/{space_id}/trusted-questions/{trusted_id}
//          → TrustedQuestion                                     anyone with access
//   PATCH  /api/v1/spaces/{space_id}/trusted-questions/{trusted_id}
//          {question?, sql?} → 200 TrustedQuestion
//   DELETE /api/v1/spaces/{space_id}/trusted-questions/{trusted_id} → 204
//
// TrustedQuestion: {id, space_id, question, sql, parameters: [{name, kind,
// value}], created_by, created_ms, updated_ms, as_of_ms, use_count,
// last_used_ms}. Writing needs an author or an admin (403 for viewers); SQL
// the guard refuses under the author's own policy is 400 with the guard's
// reason and nothing is stored; a question a trusted question already
// answers is 409; an unknown trusted question is 404.
#pragma once

#include "common/status.h"
#include "server/router.h"
#include "server/routes/api_context.h"

namespace scry::server {

// InvalidArgument when `context` has no trusted question service.
Status AddTrustedRoutes(const ApiContext& context, Router* router);

}  // namespace scry::server
