#include "auth/permissions.h"

#include <gtest/gtest.h>

namespace scry::auth {
namespace {

using store::Role;

store::User UserWith(Role role, int64_t id = 7, std::vector<std::string> groups = {}) {
  store::User user;
  user.id = id;
  user.email = "user@example.com";
  user.role = role;
  user.groups = std::move(groups);
  return user;
}

store::Grant UserGrant(std::string space, int64_t user_id) {
  return {std::move(space), store::PrincipalKind::kUser, std::to_string(user_id), 0};
}

store::Grant GroupGrant(std::string space, std::string group) {
  return {std::move(space), store::PrincipalKind::kGroup, std::move(group), 0};
}

TEST(Permissions, RolesAndActions) {
  const std::vector<Action> everyone = {Action::kAskQuestions, Action::kManageOwnTokens};
  const std::vector<Action> authors = {Action::kRunOwnSql, Action::kManageTrusted};
  const std::vector<Action> admins = {Action::kManageUsers, Action::kManageSpaces,
                                      Action::kManageGrants, Action::kViewUsage};
  for (Action action : everyone) {
    for (Role role : {Role::kViewer, Role::kAuthor, Role::kAdmin}) {
      EXPECT_TRUE(Authorize(UserWith(role), action).ok());
    }
  }
  for (Action action : authors) {
    EXPECT_FALSE(Authorize(UserWith(Role::kViewer), action).ok());
    EXPECT_TRUE(Authorize(UserWith(Role::kAuthor), action).ok());
    EXPECT_TRUE(Authorize(UserWith(Role::kAdmin), action).ok());
  }
  for (Action action : admins) {
    EXPECT_FALSE(Authorize(UserWith(Role::kViewer), action).ok());
    EXPECT_FALSE(Authorize(UserWith(Role::kAuthor), action).ok());
    EXPECT_TRUE(Authorize(UserWith(Role::kAdmin), action).ok());
  }
}

TEST(Permissions, RefusalsSayWhatIsNeeded) {
  Status status = Authorize(UserWith(Role::kViewer), Action::kRunOwnSql);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(),
            "refused: to run your own SQL you need the author role or higher; your role is viewer");
  status = Authorize(UserWith(Role::kAuthor), Action::kManageGrants);
  EXPECT_EQ(status.message(),
            "refused: to grant access to spaces you need the admin role or higher; your role is "
            "author");
}

TEST(Permissions, DisabledUsersMayDoNothing) {
  store::User admin = UserWith(Role::kAdmin);
  admin.disabled = true;
  const Status status = Authorize(admin, Action::kAskQuestions);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(), "refused: the account 'user@example.com' is disabled");
  EXPECT_FALSE(CanUseSpace(admin, "sales", {}));
  EXPECT_EQ(CheckSpaceAccess(admin, "sales", {}).code(), StatusCode::kPermissionDenied);
}

TEST(Permissions, RoleOrder) {
  EXPECT_TRUE(RoleAtLeast(Role::kAdmin, Role::kAuthor));
  EXPECT_TRUE(RoleAtLeast(Role::kAuthor, Role::kAuthor));
  EXPECT_FALSE(RoleAtLeast(Role::kViewer, Role::kAuthor));
  EXPECT_EQ(MinimumRole(Action::kRunOwnSql), Role::kAuthor);
}

TEST(Permissions, AdminsUseEverySpace) {
  EXPECT_TRUE(CanUseSpace(UserWith(Role::kAdmin), "sales", {}));
}

TEST(Permissions, UserGrants) {
  const std::vector<store::Grant> grants = {UserGrant("sales", 7), UserGrant("hr", 8)};
  EXPECT_TRUE(CanUseSpace(UserWith(Role::kViewer, 7), "sales", grants));
  EXPECT_FALSE(CanUseSpace(UserWith(Role::kViewer, 7), "hr", grants));
  EXPECT_FALSE(CanUseSpace(UserWith(Role::kViewer, 77), "sales", grants));
}

TEST(Permissions, GroupGrants) {
  const std::vector<store::Grant> grants = {GroupGrant("sales", "emea"),
                                            GroupGrant("finance", "cfo")};
  EXPECT_TRUE(CanUseSpace(UserWith(Role::kViewer, 7, {"staff", "emea"}), "sales", grants));
  EXPECT_FALSE(CanUseSpace(UserWith(Role::kViewer, 7, {"staff", "emea"}), "finance", grants));
  EXPECT_FALSE(CanUseSpace(UserWith(Role::kViewer, 7, {"EMEA"}), "sales", grants));
  EXPECT_FALSE(CanUseSpace(UserWith(Role::kAuthor, 7), "sales", grants));
  // A group named like the user's id is not a user grant.
  EXPECT_FALSE(CanUseSpace(UserWith(Role::kViewer, 7), "x", {GroupGrant("x", "7")}));
}

TEST(Permissions, CheckSpaceAccessExplains) {
  const Status status = CheckSpaceAccess(UserWith(Role::kViewer), "sales", {});
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(),
            "refused: you have no access to space 'sales'; an admin can grant it to you or to one "
            "of your groups");
  EXPECT_TRUE(CheckSpaceAccess(UserWith(Role::kViewer, 7), "sales", {UserGrant("sales", 7)}).ok());
}

}  // namespace
}  // namespace scry::auth
