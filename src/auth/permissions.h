// Permissions: what each role may do, and who may use a space.
//
// Roles are ordered viewer < author < admin; each action needs a minimum
// role. Viewers ask questions; authors may also run their own SQL (which
// still goes through the guard with the user's row filters); admins also
// manage users, spaces, grants and read usage. A disabled user may do nothing.
//
// A space is used by admins, by users granted it by id, and by members of a
// group granted it. Every refusal is PermissionDenied with a message that
// says what was refused and what would allow it.
//
// Thread-safe: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace scry::auth {

enum class Action {
  kAskQuestions,     // ask in a space, read one's conversations, download results
  kManageOwnTokens,  // create, list and revoke one's access tokens
  kRunOwnSql,        // run SQL one wrote (through the guard)
  kManageTrusted,    // mark, edit and delete a space's trusted questions
  kManageUsers,      // create, edit and disable users
  kManageSpaces,     // create and edit spaces and their row filters
  kManageGrants,     // grant and revoke spaces
  kViewUsage,        // read everyone's usage events
};

// A short description for messages, e.g. "run your own SQL".
std::string_view ActionDescription(Action action);

// The least role that may perform `action`.
store::Role MinimumRole(Action action);

// Whether `role` is at least `minimum` (viewer < author < admin).
bool RoleAtLeast(store::Role role, store::Role minimum);

// OK when `user` may perform `action`; PermissionDenied naming the action and
// the role it needs, or saying the account is disabled.
Status Authorize(const store::User& user, Action action);

// Whether `user` may use space `space_id` under `grants` (the space's grants;
// others are ignored): admins always, others through a user grant (principal
// is their id in decimal) or a group grant naming one of their groups
// (compared exactly). Disabled users never.
bool CanUseSpace(const store::User& user, std::string_view space_id,
                 const std::vector<store::Grant>& grants);

// CanUseSpace as a Status: PermissionDenied "no access to space 'x'" when not.
Status CheckSpaceAccess(const store::User& user, std::string_view space_id,
                        const std::vector<store::Grant>& grants);

}  // namespace scry::auth
