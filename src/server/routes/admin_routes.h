// The administration API (/api/v1/admin, admins only): users, the grants of
// spaces, and the usage summary behind the usage dashboard.
//
//   GET    /api/v1/admin/users                      → {users}
//   POST   /api/v1/admin/users                      {email, role, display_name?, password?,
//                                                    attributes?, groups?} → 201 user
//   PATCH  /api/v1/admin/users/{user_id}            {role?, display_name?, password?,
//                                                    attributes?, groups?, disabled?} → user
//   GET    /api/v1/admin/spaces/{space_id}/grants   → {grants: [{kind, principal, created_ms}]}
//   POST   /api/v1/admin/spaces/{space_id}/grants   {kind: user|group, principal} → 201 grant
//   DELETE /api/v1/admin/spaces/{space_id}/grants/{kind}/{principal}
//   GET    /api/v1/admin/usage                      ?days=30&space_id → usage summary
//
// The last enabled admin cannot be demoted or disabled, so the server always
// has someone who can administer it.
#pragma once

#include "common/status.h"
#include "server/router.h"
#include "server/routes/api_context.h"

namespace scry::server {

Status AddAdminRoutes(const ApiContext& context, Router* router);

}  // namespace scry::server
