// The "How to ask" guide over HTTP against the whole server, on both stores:
// what it lists, that its examples really answer with rows, that its date
// ranges are the caller's (row filters apply), the Markdown download, and
// who may read it.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "api/api_fixture.h"

namespace scry::testing {
namespace {

using nlohmann::json;

class GuideApiTest : public ApiTest {};

constexpr const char* kGuide = "/api/v1/spaces/demo/guide";

// The guide's entry for `name` in `list` (by its "name"), or null.
json Entry(const json& list, const std::string& name) {
  for (const json& item : list) {
    if (item.value("name", "") == name) return item;
  }
  return nullptr;
}

// The only row of a one-row answer, as text cells.
std::vector<std::string> OnlyRow(const json& message) {
  std::vector<std::string> cells;
  const json rows = message["answer"].value("rows", json::array());
  if (rows.size() != 1) return cells;
  for (const json& cell : rows[0]) cells.push_back(cell.is_string() ? cell.get<std::string>() : "");
  return cells;
}

TEST_P(GuideApiTest, ListsMeasuresDimensionsTimeAndExamplesThatAnswer) {
  ApiResponse guide = Call("GET", kGuide, "alice");
  ASSERT_EQ(guide.status, 200) << guide.body;
  const json& g = guide.json;
  EXPECT_EQ(g.value("space_id", ""), kSpace);
  EXPECT_FALSE(g.value("intro", "").empty());

  std::set<std::string> measures;
  for (const json& m : g["measures"]) measures.insert(m.value("display_name", ""));
  EXPECT_TRUE(measures.count("Revenue")) << g["measures"].dump();
  EXPECT_TRUE(measures.count("Number of orders")) << g["measures"].dump();

  const json channel = Entry(g["dimensions"], "stores.channel");
  ASSERT_TRUE(channel.is_object()) << g["dimensions"].dump();
  EXPECT_EQ(channel.value("role", ""), "dimension");
  // Stores are filtered by region for alice: no samples read from every row.
  EXPECT_TRUE(channel["sample_values"].empty()) << channel.dump();
  const json status = Entry(g["dimensions"], "orders.status");
  ASSERT_TRUE(status.is_object());
  EXPECT_FALSE(status["sample_values"].empty()) << status.dump();

  const json order_date = Entry(g["time"], "orders.order_date");
  ASSERT_TRUE(order_date.is_object()) << g["time"].dump();
  EXPECT_TRUE(order_date["from"].is_string() && order_date["to"].is_string()) << order_date.dump();
  EXPECT_LE(order_date["from"].get<std::string>(), order_date["to"].get<std::string>());
  EXPECT_EQ(order_date["grains"].size(), 5u);
  const std::set<std::string> phrases = g["time_phrases"];
  EXPECT_TRUE(phrases.count("last month")) << g["time_phrases"].dump();

  // Every example is answered with rows, read as the guide says.
  ASSERT_GE(g["examples"].size(), 3u) << g["examples"].dump();
  const std::string conversation = NewConversation("alice");
  for (const json& example : g["examples"]) {
    const std::string question = example.value("question", "");
    const json asked = Ask("alice", conversation, question);
    ASSERT_EQ(asked.value("status", ""), "completed") << question << ": " << asked.dump();
    EXPECT_EQ(asked["answer"].value("kind", ""), "query") << question;
    EXPECT_FALSE(asked["answer"].value("rows", json::array()).empty()) << question;
  }
  EXPECT_FALSE(g["tips"].empty());
}

TEST_P(GuideApiTest, DateRangesAreTheCallersUnderTheirRowFilters) {
  const std::string sql = "select min(signup_date), max(signup_date) from customers";
  for (const std::string& user : std::vector<std::string>{"alice", "bob"}) {
    ApiResponse guide = Call("GET", kGuide, user);
    ASSERT_EQ(guide.status, 200) << guide.body;
    const json signup = Entry(guide.json["time"], "customers.signup_date");
    ASSERT_TRUE(signup.is_object()) << guide.json["time"].dump();
    // What the same user's own SQL sees (the guard applies their filter).
    const json run = RunSql(user, NewConversation(user), sql);
    ASSERT_EQ(run.value("status", ""), "completed") << run.dump();
    const std::vector<std::string> row = OnlyRow(run);
    ASSERT_EQ(row.size(), 2u) << run.dump();
    EXPECT_EQ(signup.value("from", ""), row[0].substr(0, 10)) << user;
    EXPECT_EQ(signup.value("to", ""), row[1].substr(0, 10)) << user;
  }
}

TEST_P(GuideApiTest, MarkdownDownload) {
  ApiResponse json_guide = Call("GET", kGuide, "viewer");
  ASSERT_EQ(json_guide.status, 200) << json_guide.body;
  ApiResponse md = Call("GET", std::string(kGuide) + ".md", "viewer");
  ASSERT_EQ(md.status, 200) << md.body;
  EXPECT_EQ(md.Header("Content-Type"), "text/markdown; charset=utf-8");
  EXPECT_EQ(md.Header("Content-Disposition"), "attachment; filename=\"demo-how-to-ask.md\"");
  EXPECT_EQ(md.body.rfind("# How to ask: ", 0), 0u) << md.body;
  for (const char* heading : {"## What you can measure", "## By what", "## Over which time ranges",
                              "## Questions that work here", "## Tips"}) {
    EXPECT_NE(md.body.find(heading), std::string::npos) << heading;
  }
  for (const json& example : json_guide.json["examples"]) {
    EXPECT_NE(md.body.find(example.value("question", "")), std::string::npos)
        << example.dump() << "\n"
        << md.body;
  }
}

TEST_P(GuideApiTest, OnlyForPeopleWhoMayUseTheSpace) {
  for (const std::string& target : {std::string(kGuide), std::string(kGuide) + ".md"}) {
    EXPECT_EQ(Call("GET", target, "").status, 401) << target;
    ApiResponse outsider = Call("GET", target, "outsider");
    EXPECT_EQ(outsider.status, 403) << target << ": " << outsider.body;
    EXPECT_EQ(outsider.json["error"].value("code", ""), "PERMISSION_DENIED") << outsider.body;
  }
  EXPECT_EQ(Call("GET", "/api/v1/spaces/nope/guide", "alice").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/spaces/nope/guide.md", "alice").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Stores, GuideApiTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         StoreKindName);

}  // namespace
}  // namespace scry::testing
