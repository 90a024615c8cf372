// Tokens, sessions and grants over the real default store (SqliteStore,
// in memory): what the fake store stands in for in the other tests.
#include <gtest/gtest.h>

#include <memory>

#include "auth/auth_test_support.h"
#include "auth/permissions.h"
#include "auth/secrets.h"
#include "auth/sessions.h"
#include "auth/tokens.h"
#include "store/sqlite/sqlite_store.h"

namespace scry::auth {
namespace {

using std::chrono::hours;
using testing::kGoodPassword;
using testing::ManualClock;

class SqliteStoreAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<std::unique_ptr<store::SqliteStore>> opened = store::SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(opened).value();
    store::User user;
    user.email = "ann@example.com";
    user.role = store::Role::kAuthor;
    user.groups = {"emea"};
    user.password_hash = *HashPassword(kGoodPassword, PasswordCost::Fast());
    StatusOr<store::User> created = store_->CreateUser(user);
    ASSERT_TRUE(created.ok()) << created.status();
    ann_ = *created;
  }

  std::unique_ptr<store::SqliteStore> store_;
  ManualClock clock_;
  store::User ann_;
};

TEST_F(SqliteStoreAuthTest, TokenLifecycle) {
  TokenService tokens(*store_, clock_);
  StatusOr<CreatedToken> created = tokens.Create(ann_, "ci", hours(1));
  ASSERT_TRUE(created.ok()) << created.status();
  StatusOr<store::User> user = tokens.Authenticate(created->secret);
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->email, "ann@example.com");
  StatusOr<std::vector<store::AccessToken>> listed = tokens.List(ann_.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].last_used_ms.has_value());
  EXPECT_EQ((*listed)[0].token_hash, HashSecret(created->secret));
  ASSERT_TRUE(tokens.Revoke(ann_.id, created->record.id).ok());
  EXPECT_EQ(tokens.Authenticate(created->secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(tokens.Revoke(ann_.id + 1, created->record.id).code(), StatusCode::kNotFound);
}

TEST_F(SqliteStoreAuthTest, SessionLifecycle) {
  SessionOptions options;
  options.password_cost = PasswordCost::Fast();
  SessionService sessions(*store_, clock_, options);
  EXPECT_EQ(sessions.Login("nobody@example.com", kGoodPassword).status().code(),
            StatusCode::kUnauthenticated);
  StatusOr<NewSession> login = sessions.Login("Ann@Example.com", kGoodPassword);
  ASSERT_TRUE(login.ok()) << login.status();
  StatusOr<AuthenticatedSession> session = sessions.Authenticate(login->cookie_value);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_TRUE(SessionService::CheckCsrf(session->session, login->csrf_token).ok());
  clock_.Advance(hours(13));
  EXPECT_EQ(sessions.Authenticate(login->cookie_value).status().code(),
            StatusCode::kUnauthenticated);
  login = sessions.Login("ann@example.com", kGoodPassword);
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(sessions.Logout(login->cookie_value).ok());
  EXPECT_EQ(sessions.Authenticate(login->cookie_value).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(SqliteStoreAuthTest, GrantsFromTheStore) {
  store::Space space;
  space.id = "sales";
  space.title = "Sales";
  space.config_json = "{}";
  ASSERT_TRUE(store_->PutSpace(space).ok());
  StatusOr<std::vector<store::Grant>> grants = store_->ListGrants("sales");
  ASSERT_TRUE(grants.ok());
  EXPECT_FALSE(CanUseSpace(ann_, "sales", *grants));
  ASSERT_TRUE(store_->PutGrant({"sales", store::PrincipalKind::kGroup, "emea", 0}).ok());
  grants = store_->ListGrants("sales");
  ASSERT_TRUE(grants.ok());
  EXPECT_TRUE(CanUseSpace(ann_, "sales", *grants));
}

}  // namespace
}  // namespace scry::auth
