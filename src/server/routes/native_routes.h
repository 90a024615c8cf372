// The native API (/api/v1, JSON): what the browser UI and scripts use.
//
//   POST   /api/v1/login                 {email, password} → {user, csrf_token} + session cookie
//   POST   /api/v1/logout
//   GET    /api/v1/me                    → {user, csrf_token?}
//   GET    /api/v1/tokens                POST {name, ttl_days?} → {token (shown once), ...}
//   DELETE /api/v1/tokens/{token_id}
//   GET    /api/v1/spaces                GET /api/v1/spaces/{space_id}/catalog
//   POST   /api/v1/conversations         {space_id, title?} → 201 conversation
//   GET    /api/v1/conversations         ?space_id&q&page_size&page_token
//   GET    /api/v1/conversations/{id}    → conversation with every message and stored answer
//   PATCH  /api/v1/conversations/{id}    {title}        DELETE /api/v1/conversations/{id}
//   POST   /api/v1/conversations/{id}/messages              {question, choice?} → 202 message
//   POST   /api/v1/conversations/{id}/sql                   {sql} → 202 message (authors)
//   GET    /api/v1/conversations/{id}/messages/{mid}
//   POST   /api/v1/conversations/{id}/messages/{mid}/cancel
//   GET    /api/v1/conversations/{id}/messages/{mid}/events  Server-Sent Events: status…, answer
//   GET    /api/v1/conversations/{id}/messages/{mid}/result  ?offset&limit: stored rows
//   GET    /api/v1/conversations/{id}/messages/{mid}/result.csv  the full result, streamed
//   PUT    /api/v1/conversations/{id}/messages/{mid}/feedback    {rating: up|down|none, comment?}
//
// Administration is in admin_routes.h. Requests of a signed-in user count
// against their rate limit (the Authenticator's); sign-in attempts against
// the calling address's.
// Errors: {"error": {"code", "message", "request_id"}} with the status from
// server/errors.h. Reading a conversation never runs a query.
#pragma once

#include "common/status.h"
#include "server/router.h"
#include "server/routes/api_context.h"

namespace scry::server {

Status AddNativeRoutes(const ApiContext& context, Router* router);

}  // namespace scry::server
