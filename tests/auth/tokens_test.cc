#include "auth/tokens.h"

#include <gtest/gtest.h>

#include "auth/auth_test_support.h"
#include "auth/secrets.h"

namespace scry::auth {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using testing::AddUser;
using testing::FakeStore;
using testing::ManualClock;

class TokensTest : public ::testing::Test {
 protected:
  FakeStore store_;
  ManualClock clock_;
  TokenService tokens_{store_, clock_};
  store::User ann_ = AddUser(store_, "ann@example.com", store::Role::kAuthor, "");
  store::User bob_ = AddUser(store_, "bob@example.com", store::Role::kViewer, "");

  CreatedToken MustCreate(const store::User& user, std::optional<milliseconds> ttl = {}) {
    StatusOr<CreatedToken> created = tokens_.Create(user, "ci script", ttl);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : CreatedToken{};
  }
};

TEST(BearerSecret, ReadsTheAuthorizationHeader) {
  EXPECT_EQ(BearerSecret("Bearer scry_abc"), "scry_abc");
  EXPECT_EQ(BearerSecret("bearer   scry_abc  "), "scry_abc");
  EXPECT_EQ(BearerSecret("BEARER scry_abc"), "scry_abc");
  EXPECT_EQ(BearerSecret("Basic dXNlcjpwYXNz"), std::nullopt);
  EXPECT_EQ(BearerSecret("Bearer"), std::nullopt);
  EXPECT_EQ(BearerSecret("Bearer    "), std::nullopt);
  EXPECT_EQ(BearerSecret("Bearerscry_abc"), std::nullopt);
  EXPECT_EQ(BearerSecret(""), std::nullopt);
}

TEST_F(TokensTest, CreateShowsTheSecretOnceAndStoresOnlyItsHash) {
  const CreatedToken created = MustCreate(ann_);
  EXPECT_TRUE(created.secret.starts_with("scry_"));
  EXPECT_EQ(created.secret.size(), 48u);
  EXPECT_EQ(created.record.token_hash, HashSecret(created.secret));
  EXPECT_EQ(created.record.prefix, created.secret.substr(0, 12));
  EXPECT_EQ(created.record.user_id, ann_.id);
  EXPECT_EQ(created.record.name, "ci script");
  EXPECT_GT(created.record.id, 0);
  // The default lifetime is 90 days.
  ASSERT_TRUE(created.record.expires_ms.has_value());
  EXPECT_EQ(*created.record.expires_ms - created.record.created_ms, 90LL * 24 * 3600 * 1000);
  StatusOr<std::vector<store::AccessToken>> listed = tokens_.List(ann_.id);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].token_hash.find(created.secret), std::string::npos);
  EXPECT_NE((*listed)[0].token_hash, created.secret);
}

TEST_F(TokensTest, AuthenticateReturnsTheOwner) {
  const CreatedToken created = MustCreate(ann_);
  StatusOr<store::User> user = tokens_.Authenticate(created.secret);
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->id, ann_.id);
  EXPECT_EQ(user->email, "ann@example.com");
}

TEST_F(TokensTest, AuthenticateTouchesLastUsedAtMostOncePerInterval) {
  const CreatedToken created = MustCreate(ann_);
  ASSERT_TRUE(tokens_.Authenticate(created.secret).ok());
  ASSERT_TRUE(tokens_.Authenticate(created.secret).ok());
  EXPECT_EQ(store_.touch_count(), 1);
  clock_.Advance(minutes(2));
  ASSERT_TRUE(tokens_.Authenticate(created.secret).ok());
  EXPECT_EQ(store_.touch_count(), 2);
  StatusOr<std::vector<store::AccessToken>> listed = tokens_.List(ann_.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)[0].last_used_ms,
            std::chrono::duration_cast<milliseconds>(clock_.Now().time_since_epoch()).count());
}

TEST_F(TokensTest, UnknownAndMalformedSecretsAreUnauthenticated) {
  MustCreate(ann_);
  for (const std::string& secret :
       {std::string("scry_") + RandomToken(32), std::string("nope"), std::string(""),
        std::string("scry_") + std::string(43, '!'), std::string("xxxx_") + RandomToken(32)}) {
    StatusOr<store::User> user = tokens_.Authenticate(secret);
    EXPECT_EQ(user.status().code(), StatusCode::kUnauthenticated) << secret;
  }
}

TEST_F(TokensTest, ExpiredTokensAreUnauthenticated) {
  const CreatedToken created = MustCreate(ann_, hours(1));
  clock_.Advance(minutes(59));
  EXPECT_TRUE(tokens_.Authenticate(created.secret).ok());
  clock_.Advance(minutes(1));
  StatusOr<store::User> user = tokens_.Authenticate(created.secret);
  EXPECT_EQ(user.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(user.status().message(), "access token 'ci script' has expired");
}

TEST_F(TokensTest, RevokedTokensAreUnauthenticated) {
  const CreatedToken created = MustCreate(ann_);
  ASSERT_TRUE(tokens_.Revoke(ann_.id, created.record.id).ok());
  StatusOr<store::User> user = tokens_.Authenticate(created.secret);
  EXPECT_EQ(user.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(user.status().message(), "access token 'ci script' was revoked");
}

TEST_F(TokensTest, OnlyTheOwnerRevokes) {
  const CreatedToken created = MustCreate(ann_);
  EXPECT_EQ(tokens_.Revoke(bob_.id, created.record.id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(tokens_.Authenticate(created.secret).ok());
}

TEST_F(TokensTest, DisabledOwnersTokensStopWorking) {
  const CreatedToken created = MustCreate(ann_);
  store::User disabled = ann_;
  disabled.disabled = true;
  ASSERT_TRUE(store_.UpdateUser(disabled).ok());
  EXPECT_EQ(tokens_.Authenticate(created.secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(tokens_.Create(disabled, "x").status().code(), StatusCode::kPermissionDenied);
}

TEST_F(TokensTest, CreateValidatesNameAndLifetime) {
  EXPECT_EQ(tokens_.Create(ann_, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(tokens_.Create(ann_, std::string(101, 'n')).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(tokens_.Create(ann_, "x", milliseconds(0)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(tokens_.Create(ann_, "x", hours(24 * 367)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(tokens_.Create(ann_, "x", hours(24 * 366)).ok());
}

TEST_F(TokensTest, EachUserListsOnlyTheirTokens) {
  MustCreate(ann_);
  MustCreate(ann_);
  MustCreate(bob_);
  EXPECT_EQ(tokens_.List(ann_.id)->size(), 2u);
  EXPECT_EQ(tokens_.List(bob_.id)->size(), 1u);
}

}  // namespace
}  // namespace scry::auth
