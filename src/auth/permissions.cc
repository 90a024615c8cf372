#include "auth/permissions.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace scry::auth {
namespace {

int Rank(store::Role role) {
  switch (role) {
    case store::Role::kViewer:
      return 0;
    case store::Role::kAuthor:
      return 1;
    case store::Role::kAdmin:
      return 2;
  }
  return 0;
}

Status Disabled(const store::User& user) {
  return PermissionDeniedError(fmt::format("refused: the account '{}' is disabled", user.email));
}

bool GrantMatches(const store::User& user, const store::Grant& grant) {
  if (grant.kind == store::PrincipalKind::kUser) return grant.principal == std::to_string(user.id);
  return std::find(user.groups.begin(), user.groups.end(), grant.principal) != user.groups.end();
}

}  // namespace

std::string_view ActionDescription(Action action) {
  switch (action) {
    case Action::kAskQuestions:
      return "ask questions";
    case Action::kManageOwnTokens:
      return "manage your access tokens";
    case Action::kRunOwnSql:
      return "run your own SQL";
    case Action::kManageTrusted:
      return "manage trusted questions";
    case Action::kManageUsers:
      return "manage users";
    case Action::kManageSpaces:
      return "manage spaces";
    case Action::kManageGrants:
      return "grant access to spaces";
    case Action::kViewUsage:
      return "view usage";
  }
  return "do this";
}

store::Role MinimumRole(Action action) {
  switch (action) {
    case Action::kAskQuestions:
    case Action::kManageOwnTokens:
      return store::Role::kViewer;
    case Action::kRunOwnSql:
    case Action::kManageTrusted:
      return store::Role::kAuthor;
    case Action::kManageUsers:
    case Action::kManageSpaces:
    case Action::kManageGrants:
    case Action::kViewUsage:
      return store::Role::kAdmin;
  }
  return store::Role::kAdmin;  // unknown actions need the most
}

bool RoleAtLeast(store::Role role, store::Role minimum) { return Rank(role) >= Rank(minimum); }

Status Authorize(const store::User& user, Action action) {
  if (user.disabled) return Disabled(user);
  const store::Role needed = MinimumRole(action);
  if (RoleAtLeast(user.role, needed)) return Status::Ok();
  return PermissionDeniedError(
      fmt::format("refused: to {} you need the {} role or higher; your role is {}",
                  ActionDescription(action), store::RoleName(needed), store::RoleName(user.role)));
}

bool CanUseSpace(const store::User& user, std::string_view space_id,
                 const std::vector<store::Grant>& grants) {
  if (user.disabled) return false;
  if (user.role == store::Role::kAdmin) return true;
  return std::any_of(grants.begin(), grants.end(), [&](const store::Grant& grant) {
    return grant.space_id == space_id && GrantMatches(user, grant);
  });
}

Status CheckSpaceAccess(const store::User& user, std::string_view space_id,
                        const std::vector<store::Grant>& grants) {
  if (user.disabled) return Disabled(user);
  if (CanUseSpace(user, space_id, grants)) return Status::Ok();
  return PermissionDeniedError(fmt::format(
      "refused: you have no access to space '{}'; an admin can grant it to you or to one of your "
      "groups",
      space_id));
}

}  // namespace scry::auth
