// Conformance: users, tokens, sessions, spaces, grants and usage events.
#include <gmock/gmock.h>

#include "store/store_conformance.h"

namespace scry::store::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<int64_t> TokenIds(const std::vector<AccessToken>& tokens) {
  std::vector<int64_t> ids;
  ids.reserve(tokens.size());
  for (const AccessToken& token : tokens) ids.push_back(token.id);
  return ids;
}

AccessToken MakeToken(int64_t user_id, const std::string& hash) {
  AccessToken token;
  token.user_id = user_id;
  token.name = "token " + hash;
  token.token_hash = hash;
  token.prefix = hash.substr(0, 4);
  token.created_ms = 500;
  return token;
}

TEST_P(StoreConformanceTest, SchemaVersionIsPositive) {
  StatusOr<int> version = store().SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_GE(*version, 1);
}

TEST_P(StoreConformanceTest, CreateUserAssignsIdAndKeepsEveryField) {
  User user;
  user.email = "ann@example.com";
  user.display_name = "Ann Lee";
  user.role = Role::kAdmin;
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  user.attributes = {{"region", "Europe"}, {"team", "it's \"ops\""}};
  user.groups = {"analysts", "finance"};
  user.disabled = true;
  user.created_ms = 1234;
  StatusOr<User> created = store().CreateUser(user);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_GT(created->id, 0);

  StatusOr<User> read = store().GetUser(created->id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id, created->id);
  EXPECT_EQ(read->email, "ann@example.com");
  EXPECT_EQ(read->display_name, "Ann Lee");
  EXPECT_EQ(read->role, Role::kAdmin);
  EXPECT_EQ(read->password_hash, user.password_hash);
  EXPECT_EQ(read->attributes, user.attributes);
  EXPECT_EQ(read->groups, user.groups);
  EXPECT_TRUE(read->disabled);
  EXPECT_EQ(read->created_ms, 1234);
}

TEST_P(StoreConformanceTest, EmailsAreStoredLowerCaseAndUniqueWhateverTheirCase) {
  User ann = AddUser("Ann@Example.COM");
  EXPECT_EQ(ann.email, "ann@example.com");
  StatusOr<User> found = store().GetUserByEmail("ANN@example.com");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, ann.id);
  EXPECT_EQ(found->email, "ann@example.com");

  User again;
  again.email = "ann@EXAMPLE.com";
  EXPECT_EQ(store().CreateUser(again).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*store().CountUsers(), 1);
}

TEST_P(StoreConformanceTest, MissingUsersAreNotFound) {
  EXPECT_EQ(store().GetUser(424242).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetUserByEmail("nobody@example.com").status().code(), StatusCode::kNotFound);
  User ghost;
  ghost.id = 424242;
  ghost.email = "ghost@example.com";
  EXPECT_EQ(store().UpdateUser(ghost).code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, ListUsersInIdOrderAndCountThem) {
  EXPECT_EQ(*store().CountUsers(), 0);
  EXPECT_THAT(*store().ListUsers(), IsEmpty());
  const User a = AddUser("a@example.com");
  const User b = AddUser("b@example.com");
  const User c = AddUser("c@example.com");
  StatusOr<std::vector<User>> users = store().ListUsers();
  ASSERT_TRUE(users.ok()) << users.status();
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].id, a.id);
  EXPECT_EQ((*users)[1].id, b.id);
  EXPECT_EQ((*users)[2].id, c.id);
  EXPECT_LT(a.id, b.id);
  EXPECT_EQ(*store().CountUsers(), 3);
}

TEST_P(StoreConformanceTest, UpdateUserReplacesEverythingButIdAndCreation) {
  User user = AddUser("old@example.com");
  AddUser("taken@example.com");
  User changed = user;
  changed.email = "New@Example.com";
  changed.display_name = "New Name";
  changed.role = Role::kAuthor;
  changed.password_hash = "hash2";
  changed.attributes = {{"region", "Asia"}};
  changed.groups = {"g1"};
  changed.disabled = true;
  changed.created_ms = 999999;
  ASSERT_TRUE(store().UpdateUser(changed).ok());
  StatusOr<User> read = store().GetUser(user.id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->email, "new@example.com");
  EXPECT_EQ(read->display_name, "New Name");
  EXPECT_EQ(read->role, Role::kAuthor);
  EXPECT_EQ(read->password_hash, "hash2");
  EXPECT_EQ(read->attributes, changed.attributes);
  EXPECT_EQ(read->groups, changed.groups);
  EXPECT_TRUE(read->disabled);
  EXPECT_EQ(read->created_ms, user.created_ms);
  EXPECT_EQ(store().GetUserByEmail("old@example.com").status().code(), StatusCode::kNotFound);

  changed.email = "TAKEN@example.com";
  EXPECT_EQ(store().UpdateUser(changed).code(), StatusCode::kAlreadyExists);
}

TEST_P(StoreConformanceTest, TokensAreFoundByHashAndListedPerUser) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  AccessToken first = MakeToken(ann.id, "aaaa1111");
  first.expires_ms = 9000;
  StatusOr<AccessToken> a1 = store().CreateToken(first);
  ASSERT_TRUE(a1.ok()) << a1.status();
  EXPECT_GT(a1->id, 0);
  StatusOr<AccessToken> a2 = store().CreateToken(MakeToken(ann.id, "aaaa2222"));
  StatusOr<AccessToken> b1 = store().CreateToken(MakeToken(bob.id, "bbbb1111"));
  ASSERT_TRUE(a2.ok() && b1.ok());

  StatusOr<AccessToken> found = store().GetTokenByHash("aaaa1111");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->id, a1->id);
  EXPECT_EQ(found->user_id, ann.id);
  EXPECT_EQ(found->name, "token aaaa1111");
  EXPECT_EQ(found->prefix, "aaaa");
  EXPECT_EQ(found->created_ms, 500);
  EXPECT_EQ(found->expires_ms, std::optional<int64_t>(9000));
  EXPECT_EQ(found->revoked_ms, std::nullopt);
  EXPECT_EQ(found->last_used_ms, std::nullopt);

  EXPECT_THAT(TokenIds(*store().ListTokens(ann.id)), ElementsAre(a1->id, a2->id));
  EXPECT_THAT(TokenIds(*store().ListTokens(bob.id)), ElementsAre(b1->id));
  EXPECT_THAT(*store().ListTokens(424242), IsEmpty());
  EXPECT_EQ(store().GetTokenByHash("cccc").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, TokenErrors) {
  const User ann = AddUser("ann@example.com");
  ASSERT_TRUE(store().CreateToken(MakeToken(ann.id, "same")).ok());
  EXPECT_EQ(store().CreateToken(MakeToken(ann.id, "same")).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store().CreateToken(MakeToken(424242, "orphan")).status().code(),
            StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, OnlyTheOwnerRevokesATokenAndTheFirstRevocationStays) {
  const User ann = AddUser("ann@example.com");
  const User bob = AddUser("bob@example.com");
  StatusOr<AccessToken> token = store().CreateToken(MakeToken(ann.id, "h1"));
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(store().RevokeToken(bob.id, token->id, 700).code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetTokenByHash("h1")->revoked_ms, std::nullopt);
  EXPECT_EQ(store().RevokeToken(ann.id, token->id + 1000, 700).code(), StatusCode::kNotFound);

  ASSERT_TRUE(store().RevokeToken(ann.id, token->id, 700).ok());
  EXPECT_EQ(store().GetTokenByHash("h1")->revoked_ms, std::optional<int64_t>(700));
  EXPECT_TRUE(store().RevokeToken(ann.id, token->id, 800).ok());
  EXPECT_EQ(store().GetTokenByHash("h1")->revoked_ms, std::optional<int64_t>(700));
}

TEST_P(StoreConformanceTest, TouchTokenRecordsLastUse) {
  const User ann = AddUser("ann@example.com");
  StatusOr<AccessToken> token = store().CreateToken(MakeToken(ann.id, "h1"));
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(store().TouchToken(token->id, 600).ok());
  EXPECT_EQ(store().GetTokenByHash("h1")->last_used_ms, std::optional<int64_t>(600));
  ASSERT_TRUE(store().TouchToken(token->id, 650).ok());
  EXPECT_EQ(store().GetTokenByHash("h1")->last_used_ms, std::optional<int64_t>(650));
  EXPECT_EQ(store().TouchToken(token->id + 1000, 700).code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, SessionsAreCreatedReadAndDeleted) {
  const User ann = AddUser("ann@example.com");
  const Session session{"sess-hash", ann.id, "csrf-1", 100, 5000};
  ASSERT_TRUE(store().CreateSession(session).ok());
  StatusOr<Session> read = store().GetSession("sess-hash");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id_hash, "sess-hash");
  EXPECT_EQ(read->user_id, ann.id);
  EXPECT_EQ(read->csrf_token, "csrf-1");
  EXPECT_EQ(read->created_ms, 100);
  EXPECT_EQ(read->expires_ms, 5000);

  EXPECT_EQ(store().CreateSession(session).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store().CreateSession({"orphan", 424242, "c", 100, 5000}).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store().DeleteSession("sess-hash").ok());
  EXPECT_EQ(store().GetSession("sess-hash").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteSession("sess-hash").code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, DeleteExpiredSessionsKeepsLiveOnes) {
  const User ann = AddUser("ann@example.com");
  ASSERT_TRUE(store().CreateSession({"old", ann.id, "c1", 100, 1000}).ok());
  ASSERT_TRUE(store().CreateSession({"older", ann.id, "c2", 100, 500}).ok());
  ASSERT_TRUE(store().CreateSession({"live", ann.id, "c3", 100, 9000}).ok());
  ASSERT_TRUE(store().DeleteExpiredSessions(2000).ok());
  EXPECT_EQ(store().GetSession("old").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetSession("older").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store().GetSession("live").ok());
  EXPECT_TRUE(store().DeleteExpiredSessions(2000).ok());  // Nothing left to delete is fine.
}

TEST_P(StoreConformanceTest, PutSpaceCreatesThenReplaces) {
  EXPECT_EQ(store().GetSpace("sales").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(
      store().PutSpace({"sales", "Sales", "orders", R"({"tables":["orders"]})", 10, 10}).ok());
  ASSERT_TRUE(store().PutSpace({"hr", "HR", "", "{}", 20, 20}).ok());
  ASSERT_TRUE(
      store().PutSpace({"sales", "Sales v2", "all orders", R"({"tables":[]})", 10, 30}).ok());
  StatusOr<Space> sales = store().GetSpace("sales");
  ASSERT_TRUE(sales.ok()) << sales.status();
  EXPECT_EQ(sales->title, "Sales v2");
  EXPECT_EQ(sales->description, "all orders");
  EXPECT_EQ(sales->config_json, R"({"tables":[]})");
  EXPECT_EQ(sales->updated_ms, 30);
  StatusOr<std::vector<Space>> spaces = store().ListSpaces();
  ASSERT_TRUE(spaces.ok());
  ASSERT_EQ(spaces->size(), 2u);
  EXPECT_EQ((*spaces)[0].id, "hr");
  EXPECT_EQ((*spaces)[1].id, "sales");
}

TEST_P(StoreConformanceTest, GrantsArePutOnceListedPerSpaceAndDeleted) {
  ASSERT_TRUE(store().PutSpace({"sales", "Sales", "", "{}", 10, 10}).ok());
  ASSERT_TRUE(store().PutSpace({"hr", "HR", "", "{}", 10, 10}).ok());
  const Grant to_user{"sales", PrincipalKind::kUser, "7", 100};
  const Grant to_group{"sales", PrincipalKind::kGroup, "analysts", 100};
  const Grant other_space{"hr", PrincipalKind::kGroup, "analysts", 100};
  ASSERT_TRUE(store().PutGrant(to_user).ok());
  ASSERT_TRUE(store().PutGrant(to_group).ok());
  ASSERT_TRUE(store().PutGrant(other_space).ok());
  ASSERT_TRUE(store().PutGrant(to_user).ok());  // Granting again is no error and no duplicate.

  StatusOr<std::vector<Grant>> grants = store().ListGrants("sales");
  ASSERT_TRUE(grants.ok()) << grants.status();
  ASSERT_EQ(grants->size(), 2u);
  int users = 0;
  for (const Grant& grant : *grants) {
    EXPECT_EQ(grant.space_id, "sales");
    if (grant.kind == PrincipalKind::kUser) {
      ++users;
      EXPECT_EQ(grant.principal, "7");
    } else {
      EXPECT_EQ(grant.principal, "analysts");
    }
  }
  EXPECT_EQ(users, 1);

  // A user and a group of the same name are different principals.
  EXPECT_EQ(store().DeleteGrant({"sales", PrincipalKind::kGroup, "7", 0}).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store().DeleteGrant(to_user).ok());
  EXPECT_EQ(store().ListGrants("sales")->size(), 1u);
  EXPECT_EQ(store().DeleteGrant(to_user).code(), StatusCode::kNotFound);
  EXPECT_EQ(store().ListGrants("hr")->size(), 1u);
  EXPECT_THAT(*store().ListGrants("nowhere"), IsEmpty());
}

UsageEvent Event(int64_t time_ms, const std::string& space_id, const std::string& kind) {
  UsageEvent event;
  event.time_ms = time_ms;
  event.user_id = 3;
  event.space_id = space_id;
  event.conversation_id = "c1";
  event.message_id = "m1";
  event.kind = kind;
  event.outcome = "completed";
  event.question = "how many orders";
  event.latency_ms = 12.5;
  event.engine_ms = 3.25;
  return event;
}

std::vector<int64_t> Times(const std::vector<UsageEvent>& events) {
  std::vector<int64_t> times;
  times.reserve(events.size());
  for (const UsageEvent& event : events) times.push_back(event.time_ms);
  return times;
}

TEST_P(StoreConformanceTest, UsageEventsAreFilteredByTimeAndSpace) {
  ASSERT_TRUE(store().AddUsageEvent(Event(300, "sales", "question")).ok());
  ASSERT_TRUE(store().AddUsageEvent(Event(100, "sales", "question")).ok());
  ASSERT_TRUE(store().AddUsageEvent(Event(200, "hr", "download")).ok());
  ASSERT_TRUE(store().AddUsageEvent(Event(400, "hr", "feedback")).ok());

  StatusOr<std::vector<UsageEvent>> all = store().ListUsageEvents({0, 0, ""});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(Times(*all), ElementsAre(100, 200, 300, 400));
  const UsageEvent& first = (*all)[0];
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(first.user_id, 3);
  EXPECT_EQ(first.space_id, "sales");
  EXPECT_EQ(first.conversation_id, "c1");
  EXPECT_EQ(first.message_id, "m1");
  EXPECT_EQ(first.kind, "question");
  EXPECT_EQ(first.outcome, "completed");
  EXPECT_EQ(first.question, "how many orders");
  EXPECT_DOUBLE_EQ(first.latency_ms, 12.5);
  EXPECT_DOUBLE_EQ(first.engine_ms, 3.25);

  EXPECT_THAT(Times(*store().ListUsageEvents({200, 0, ""})), ElementsAre(200, 300, 400));
  EXPECT_THAT(Times(*store().ListUsageEvents({200, 400, ""})), ElementsAre(200, 300));
  EXPECT_THAT(Times(*store().ListUsageEvents({0, 0, "hr"})), ElementsAre(200, 400));
  EXPECT_THAT(Times(*store().ListUsageEvents({0, 300, "sales"})), ElementsAre(100));
  EXPECT_THAT(*store().ListUsageEvents({500, 0, ""}), IsEmpty());
}

}  // namespace
}  // namespace scry::store::conformance
