// Trusted questions over HTTP against the whole server, on both stores:
// marking an answered question, listing, answering paraphrases with another
// value, near-misses, who may write, editing, deleting, refused SQL, and row
// filters on trusted answers.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "api/api_fixture.h"

namespace scry::testing {
namespace {

using nlohmann::json;

class TrustedApiTest : public ApiTest {
 protected:
  static constexpr const char* kList = "/api/v1/spaces/demo/trusted-questions";

  std::string One(const std::string& id) { return std::string(kList) + "/" + id; }
  json List(const std::string& who) { return Call("GET", kList, who).json["trusted_questions"]; }
};

// Every value of the first column of an answer's rows.
std::set<std::string> FirstColumn(const json& answer) {
  std::set<std::string> values;
  for (const json& row : answer.value("rows", json::array())) {
    values.insert(row[0].is_string() ? row[0].get<std::string>() : row[0].dump());
  }
  return values;
}

TEST_P(TrustedApiTest, MarkAnAnsweredQuestionAndAnswerItsParaphrases) {
  // Alice (author, Europe) asks, then trusts the answer.
  const std::string alice = NewConversation("alice");
  const json asked = Ask("alice", alice, "revenue by channel in Europe");
  ASSERT_EQ(asked.value("status", ""), "completed") << asked.dump();
  const std::string sql = asked["answer"].value("sql", "");
  ASSERT_NE(sql.find("'Europe'"), std::string::npos) << sql;

  ApiResponse marked =
      Call("POST", kList, "alice", json{{"conversation_id", alice}, {"message_id", asked["id"]}});
  ASSERT_EQ(marked.status, 201) << marked.body;
  const std::string id = marked.json.value("id", "");
  EXPECT_EQ(marked.json.value("question", ""), "revenue by channel in Europe");
  EXPECT_EQ(marked.json.value("sql", ""), sql);
  EXPECT_EQ(marked.json.value("space_id", ""), "demo");
  EXPECT_EQ(marked.json.value("created_by", 0), user("alice").id);
  EXPECT_EQ(marked.json.value("use_count", -1), 0);
  ASSERT_EQ(marked.json["parameters"].size(), 1u) << marked.body;
  EXPECT_EQ(marked.json["parameters"][0],
            (json{{"name", "region"}, {"kind", "value"}, {"value", "Europe"}}));

  // Anyone with access lists it.
  const json listed = List("viewer");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].value("id", ""), id);
  ApiResponse one = Call("GET", One(id), "viewer");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json, marked.json);
  EXPECT_EQ(Call("GET", One("nope"), "viewer").status, 404);
  EXPECT_EQ(Call("GET", kList, "outsider").status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/spaces/nope/trusted-questions", "alice").status, 404);

  // Bob (Asia Pacific) asks it in other words, for his region: the trusted
  // SQL answers with his value, labelled.
  const std::string bob = NewConversation("bob");
  const json paraphrase = Ask("bob", bob, "What was the revenue per channel in Asia Pacific?");
  ASSERT_EQ(paraphrase.value("status", ""), "completed") << paraphrase.dump();
  const json& answer = paraphrase["answer"];
  EXPECT_EQ(answer.value("kind", ""), "query");
  EXPECT_EQ(answer["trusted"], (json{{"id", id}, {"question", "revenue by channel in Europe"}}));
  std::string expected = sql;
  expected.replace(expected.find("'Europe'"), 8, "'Asia Pacific'");
  EXPECT_EQ(answer.value("sql", ""), expected);
  EXPECT_FALSE(answer["rows"].empty()) << answer.dump();
  EXPECT_TRUE(answer.contains("columns"));
  EXPECT_TRUE(answer.contains("total_rows"));
  EXPECT_TRUE(answer.contains("summary")) << answer.dump();
  // The trusted SQL is what the parser's reading of the question compiles
  // to, so the answer is described from that reading: suggestions too.
  ASSERT_TRUE(answer.contains("suggestions")) << answer.dump();
  EXPECT_FALSE(answer["suggestions"].empty()) << answer.dump();

  // A follow-up reads on from it.
  const json follow = Ask("bob", bob, "what about Latin America");
  EXPECT_EQ(follow.value("status", ""), "completed") << follow.dump();
  EXPECT_EQ(follow["answer"].value("kind", ""), "query") << follow.dump();
  EXPECT_TRUE(follow["answer"]["interpretation"].value("follow_up", false)) << follow.dump();
  EXPECT_NE(follow["answer"].value("sql", "").find("Latin America"), std::string::npos);

  // A near-miss (another measure) goes to the parser, unlabelled.
  const json near = Ask("bob", bob, "cost by channel in Asia Pacific");
  ASSERT_EQ(near.value("status", ""), "completed") << near.dump();
  EXPECT_FALSE(near["answer"].contains("trusted")) << near.dump();

  // Its uses are counted.
  EXPECT_GE(List("alice")[0].value("use_count", 0), 1);
}

TEST_P(TrustedApiTest, RowFiltersStillApplyToTrustedAnswers) {
  ApiResponse created =
      Call("POST", kList, "alice",
           json{{"question", "stores by channel in Europe"},
                {"sql",
                 "SELECT region, channel, count(*) AS stores FROM stores WHERE region = 'Europe' "
                 "GROUP BY region, channel ORDER BY channel"}});
  ASSERT_EQ(created.status, 201) << created.body;
  // Bob may only see Asia Pacific: asking for Europe finds nothing, and
  // asking for his own region finds only it.
  const std::string bob = NewConversation("bob");
  const json europe = Ask("bob", bob, "stores by channel in Europe");
  ASSERT_EQ(europe.value("status", ""), "completed") << europe.dump();
  EXPECT_TRUE(europe["answer"].contains("trusted")) << europe.dump();
  EXPECT_TRUE(europe["answer"]["rows"].empty()) << europe.dump();
  const json asia = Ask("bob", bob, "stores by channel in Asia Pacific");
  EXPECT_TRUE(asia["answer"].contains("trusted")) << asia.dump();
  EXPECT_EQ(FirstColumn(asia["answer"]), std::set<std::string>{"Asia Pacific"}) << asia.dump();
  // SQL of the author's own, not the parser's: described from its columns,
  // with no suggestions drawn from a reading it may not follow.
  EXPECT_TRUE(asia["answer"].value("suggestions", json::array()).empty()) << asia.dump();
  EXPECT_FALSE(asia["answer"].value("summary", "").empty()) << asia.dump();
}

TEST_P(TrustedApiTest, OnlyAuthorsWriteAndBadInputChangesNothing) {
  const json written = {{"question", "how many orders in 2024"},
                        {"sql",
                         "SELECT count(*) AS orders FROM orders WHERE order_date >= DATE "
                         "'2024-01-01' AND order_date < DATE '2025-01-01'"}};
  // Viewers may not write.
  ApiResponse viewer = Call("POST", kList, "viewer", written);
  EXPECT_EQ(viewer.status, 403) << viewer.body;
  EXPECT_EQ(viewer.json["error"].value("code", ""), "PERMISSION_DENIED");
  EXPECT_TRUE(List("alice").empty());

  // SQL the guard refuses: 400 with its reason, nothing stored.
  for (const std::string& sql :
       {std::string("DELETE FROM orders"), std::string("SELECT * FROM secrets"),
        std::string("SELECT 1; DROP TABLE orders")}) {
    ApiResponse refused =
        Call("POST", kList, "alice", json{{"question", "how many orders"}, {"sql", sql}});
    EXPECT_EQ(refused.status, 400) << sql << ": " << refused.body;
    EXPECT_NE(refused.json["error"].value("message", "").find("sql: "), std::string::npos)
        << refused.body;
  }
  // No text, no SQL, both kinds of body at once, an unanswered message.
  EXPECT_EQ(Call("POST", kList, "alice", json{{"question", "  "}, {"sql", "SELECT 1"}}).status,
            400);
  EXPECT_EQ(Call("POST", kList, "alice", json{{"question", "how many orders"}}).status, 400);
  EXPECT_EQ(Call("POST", kList, "alice",
                 json{{"question", "x"},
                      {"sql", "SELECT 1"},
                      {"conversation_id", "c"},
                      {"message_id", "m"}})
                .status,
            400);
  const std::string conversation = NewConversation("alice");
  EXPECT_EQ(
      Call("POST", kList, "alice", json{{"conversation_id", conversation}, {"message_id", "nope"}})
          .status,
      404);
  EXPECT_EQ(
      Call("POST", kList, "bob", json{{"conversation_id", conversation}, {"message_id", "nope"}})
          .status,
      404)
      << "another user's conversation";
  EXPECT_TRUE(List("alice").empty());

  // Written, then the same question again is a conflict.
  ApiResponse created = Call("POST", kList, "alice", written);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json.value("id", "");
  EXPECT_EQ(created.json["parameters"][0].value("kind", ""), "year");
  EXPECT_EQ(Call("POST", kList, "bob",
                 json{{"question", "number of orders in 2023"}, {"sql", "SELECT 1"}})
                .status,
            409);

  // Viewers may not edit or delete; unknown ids are 404.
  EXPECT_EQ(Call("PATCH", One(id), "viewer", json{{"question", "orders in 2024"}}).status, 403);
  EXPECT_EQ(Call("DELETE", One(id), "viewer").status, 403);
  EXPECT_EQ(Call("PATCH", One("nope"), "alice", json{{"question", "orders"}}).status, 404);
  EXPECT_EQ(Call("DELETE", One("nope"), "alice").status, 404);
  EXPECT_EQ(Call("PATCH", One(id), "alice", json::object()).status, 400);
  EXPECT_EQ(Call("PATCH", One(id), "alice", json{{"sql", "DROP TABLE orders"}}).status, 400);
  EXPECT_EQ(List("alice")[0].value("sql", ""), written["sql"]);

  // Edited: the new words are matched.
  ApiResponse edited =
      Call("PATCH", One(id), "bob", json{{"question", "count of orders placed in 2024"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json.value("question", ""), "count of orders placed in 2024");
  EXPECT_EQ(edited.json.value("sql", ""), written["sql"]);
  const std::string bob = NewConversation("bob");
  const json answered = Ask("bob", bob, "count of orders placed in 2023");
  EXPECT_EQ(answered["answer"]["trusted"].value("id", ""), id) << answered.dump();
  EXPECT_NE(answered["answer"].value("sql", "").find("'2023-01-01'"), std::string::npos);

  // Deleted: questions go to the parser again.
  EXPECT_EQ(Call("DELETE", One(id), "alice").status, 204);
  EXPECT_TRUE(List("alice").empty());
  EXPECT_EQ(Call("DELETE", One(id), "alice").status, 404);
  const json again = Ask("bob", bob, "count of orders placed in 2023");
  EXPECT_FALSE(again["answer"].contains("trusted")) << again.dump();
}

INSTANTIATE_TEST_SUITE_P(Stores, TrustedApiTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         StoreKindName);

}  // namespace
}  // namespace scry::testing
