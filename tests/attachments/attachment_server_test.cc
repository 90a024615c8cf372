// Attachments through the whole server as `scry serve` composes it (ServerApp,
// api_fixture.h), on SQLite and PostgreSQL: the warehouse reads the
// attachments' folder, the space's row filters (by the user's region) still
// hold when a question or an author's SQL reads an attachment beside the
// warehouse, and another user reaches nothing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "api/api_fixture.h"

namespace scry::testing {
namespace {

using nlohmann::json;

class AttachmentServerTest : public ApiTest {
 protected:
  ApiResponse Upload(const std::string& user, const std::string& conversation,
                     const std::string& name, const std::string& bytes) {
    return Call("POST",
                fmt::format("/api/v1/conversations/{}/attachments?name={}", conversation, name),
                user, bytes, {{"Content-Type", "text/csv"}});
  }
};

// Every region of the demo warehouse with a goal: a user of Europe must see
// only Europe's customers beside them.
constexpr const char* kGoals =
    "region,goal\nEurope,10\nAsia Pacific,20\nNorth America,30\nLatin America,40\n";

TEST_P(AttachmentServerTest, UploadAskAndRowFiltersHold) {
  const std::string conversation = NewConversation("alice");
  ApiResponse uploaded = Upload("alice", conversation, "goals.csv", kGoals);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(uploaded.json["table_name"], "goals");
  EXPECT_EQ(uploaded.json["row_count"], 4);

  // The attachment alone: all of it, it is Alice's own data.
  const json own = RunSql("alice", conversation, "SELECT sum(goal) FROM goals");
  ASSERT_EQ(own["status"], "completed") << own.dump();
  EXPECT_EQ(own["answer"]["rows"][0][0], 100);

  // Beside the warehouse: customers stay filtered to Alice's region.
  const json joined = RunSql(
      "alice", conversation,
      "SELECT DISTINCT c.region, g.goal FROM customers c JOIN goals g ON g.region = c.region");
  ASSERT_EQ(joined["status"], "completed") << joined.dump();
  ASSERT_EQ(joined["answer"]["rows"].size(), 1u) << joined.dump();
  EXPECT_EQ(joined["answer"]["rows"][0][0], "Europe");

  const json asked = Ask("alice", conversation, "total goal by region");
  ASSERT_EQ(asked["status"], "completed") << asked.dump();
  EXPECT_EQ(asked["answer"]["kind"], "query") << asked.dump();
  EXPECT_EQ(asked["answer"]["rows"].size(), 4u) << asked.dump();
}

TEST_P(AttachmentServerTest, AnotherUserReachesNothing) {
  const std::string conversation = NewConversation("alice");
  ApiResponse uploaded = Upload("alice", conversation, "goals.csv", kGoals);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string base = "/api/v1/conversations/" + conversation + "/attachments";
  EXPECT_EQ(Upload("bob", conversation, "x.csv", kGoals).status, 404);
  EXPECT_EQ(Call("GET", base, "bob").status, 404);
  EXPECT_EQ(Call("DELETE", base + "/" + uploaded.json["id"].get<std::string>(), "bob").status, 404);
  EXPECT_EQ(Upload("outsider", conversation, "x.csv", kGoals).status, 404);
  const std::string bobs = NewConversation("bob");
  const json refused = RunSql("bob", bobs, "SELECT * FROM goals");
  EXPECT_EQ(refused["status"], "failed") << refused.dump();
  EXPECT_EQ(Call("GET", base, "alice").json["attachments"].size(), 1u);
}

TEST_P(AttachmentServerTest, ARefusedFileIsA400AndLeavesNoRecord) {
  const std::string conversation = NewConversation("alice");
  ApiResponse refused =
      Upload("alice", conversation, "photo.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json["error"]["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(Call("GET", "/api/v1/conversations/" + conversation + "/attachments", "alice")
                .json["attachments"]
                .size(),
            0u);
}

INSTANTIATE_TEST_SUITE_P(Stores, AttachmentServerTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         StoreKindName);

}  // namespace
}  // namespace scry::testing
