// The native API (/api/v1) over HTTP against the whole server, on both
// stores: every endpoint, every error status, who may see and do what.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>

#include "api/api_fixture.h"
#include "auth/tokens.h"
#include "common/clock.h"
#include "server/router.h"

namespace scry::testing {
namespace {

using nlohmann::json;

// A route pattern with its parameters filled in.
std::string Fill(std::string pattern, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (size_t at = pattern.find(key); at != std::string::npos; at = pattern.find(key)) {
      pattern.replace(at, key.size(), value);
    }
  }
  return pattern;
}

// The rows of a message's stored answer.
json RowsOf(const json& message) { return message["answer"].value("rows", json::array()); }

// The distinct values of column `index` over `rows`.
std::set<std::string> ColumnValues(const json& rows, size_t index) {
  std::set<std::string> values;
  for (const json& row : rows) {
    const json& cell = row[index];
    values.insert(cell.is_string() ? cell.get<std::string>() : cell.dump());
  }
  return values;
}

// The index of column `name` in a stored answer or result page.
size_t ColumnIndex(const json& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].value("name", "") == name) return i;
  }
  ADD_FAILURE() << "no column " << name << " in " << columns.dump();
  return 0;
}

class NativeApiTest : public ApiTest {};

TEST_P(NativeApiTest, EveryApiRouteRefusesRequestsWithoutValidCredentials) {
  // A revoked and an expired token of alice's.
  const FixedClock earlier(CivilDate{2025, 1, 1});
  auth::TokenService old_tokens(store(), earlier);
  StatusOr<auth::CreatedToken> expired =
      old_tokens.Create(user("alice"), "expired", std::chrono::hours(24));
  ASSERT_TRUE(expired.ok()) << expired.status();
  const SystemClock now;
  auth::TokenService tokens(store(), now);
  StatusOr<auth::CreatedToken> revoked = tokens.Create(user("alice"), "revoked");
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  ASSERT_TRUE(tokens.Revoke(user("alice").id, revoked->record.id).ok());

  const std::vector<std::string> credentials = {
      "",                                     // none
      "Bearer scry_not_a_real_token_at_all",  // unknown
      "Bearer " + expired->secret,
      "Bearer " + revoked->secret,
      "Basic YWxpY2U6cGFzc3dvcmQ=",  // another scheme
  };
  const std::string conversation = NewConversation("alice");
  int checked = 0;
  for (const server::Router::RouteInfo& route : app().router().Routes()) {
    // Sign-in itself and the public documents need no credentials.
    if (!route.pattern.starts_with("/api/") || route.pattern == "/api/v1/login" ||
        route.pattern.ends_with("openapi.json")) {
      continue;
    }
    const std::string target = Fill(route.pattern, {{"id", conversation},
                                                    {"conversation_id", conversation},
                                                    {"space_id", kSpace},
                                                    {"message_id", "m1"},
                                                    {"attachment_id", "a1"},
                                                    {"token_id", "1"},
                                                    {"user_id", "1"},
                                                    {"kind", "user"},
                                                    {"principal", "1"},
                                                    {"trusted_id", "t1"}});
    for (const std::string& credential : credentials) {
      server::Headers headers;
      if (!credential.empty()) headers["Authorization"] = credential;
      ApiResponse response = Call(route.method, target, "", std::string("{}"), headers);
      EXPECT_EQ(response.status, 401)
          << route.method << " " << target << " with '" << credential << "': " << response.body;
      const bool genie = route.pattern.starts_with("/api/2.0/");
      if (genie) {
        EXPECT_EQ(response.json.value("error_code", ""), "UNAUTHENTICATED") << response.body;
      } else {
        EXPECT_EQ(response.json["error"].value("code", ""), "UNAUTHENTICATED") << response.body;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST_P(NativeApiTest, BrowserSessionNeedsItsCsrfTokenOnUnsafeRequests) {
  ApiResponse wrong = Call("POST", "/api/v1/login", "",
                           json{{"email", "alice@example.com"}, {"password", "wrong password!"}});
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  EXPECT_EQ(wrong.Header("Set-Cookie"), "");

  ApiResponse login = Call("POST", "/api/v1/login", "",
                           json{{"email", "alice@example.com"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.Header("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "no TLS here: " << set_cookie;
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = login.json.value("csrf_token", "");
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(login.json["user"].value("email", ""), "alice@example.com");
  EXPECT_FALSE(login.json["user"].contains("password_hash"));

  // Safe requests ride on the cookie alone.
  ApiResponse me = Call("GET", "/api/v1/me", "", std::string(), {{"Cookie", cookie}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json.value("csrf_token", ""), csrf);

  // Unsafe ones need the CSRF header, and the right one.
  const std::string body = json{{"space_id", kSpace}}.dump();
  EXPECT_EQ(Call("POST", "/api/v1/conversations", "", body, {{"Cookie", cookie}}).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/conversations", "", body,
                 {{"Cookie", cookie}, {"X-CSRF-Token", "not-the-token"}})
                .status,
            403);
  ApiResponse created =
      Call("POST", "/api/v1/conversations", "", body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(created.status, 201) << created.body;
  // What the refused attempts tried was not done.
  ApiResponse list = Call("GET", "/api/v1/conversations", "alice");
  EXPECT_EQ(list.json["conversations"].size(), 1u) << list.body;

  ApiResponse logout = Call("POST", "/api/v1/logout", "", std::string(),
                            {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(logout.status, 200) << logout.body;
  EXPECT_NE(logout.Header("Set-Cookie").find("Max-Age=0"), std::string::npos)
      << logout.Header("Set-Cookie");
  EXPECT_EQ(Call("GET", "/api/v1/me", "", std::string(), {{"Cookie", cookie}}).status, 401);
}

TEST_P(NativeApiTest, MalformedJsonIsRefusedAndChangesNothing) {
  const std::string conversation = NewConversation("alice");
  const json answered = Ask("alice", conversation, "number of orders");
  const std::string message = answered.value("id", "");
  const std::string base = "/api/v1/conversations/" + conversation;
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/api/v1/login"},
      {"POST", "/api/v1/tokens"},
      {"POST", "/api/v1/conversations"},
      {"PATCH", base},
      {"POST", base + "/messages"},
      {"POST", base + "/sql"},
      {"PUT", base + "/messages/" + message + "/feedback"},
      {"POST", "/api/v1/admin/users"},
      {"PATCH", fmt::format("/api/v1/admin/users/{}", user("bob").id)},
      {"POST", "/api/v1/admin/spaces/demo/grants"},
      {"POST", "/api/v1/spaces/demo/trusted-questions"},
      {"PATCH", "/api/v1/spaces/demo/trusted-questions/t1"},
      {"POST", "/api/2.0/genie/spaces/demo/start-conversation"},
      {"POST", "/api/2.0/genie/spaces/demo/conversations/" + conversation + "/messages"},
  };
  const std::vector<std::string> bodies = {"{not json", "[1, 2]", "\"text\"", "{\"a\": 1,}",
                                           std::string("{\"q\":\"\xff\xfe\"}")};
  for (const auto& [method, target] : routes) {
    for (const std::string& body : bodies) {
      ApiResponse response = Call(method, target, "admin", body);
      // The admin does not own alice's conversation: 404 is as good a refusal
      // as 400 there; anything else must be a 400 naming the body.
      if (target.find(conversation) != std::string::npos && response.status == 404) continue;
      EXPECT_EQ(response.status, 400)
          << method << " " << target << " " << body << ": " << response.body;
    }
    for (const std::string& body : bodies) {
      ApiResponse response = Call(method, target, "alice", body);
      EXPECT_TRUE(response.status == 400 || response.status == 403)
          << method << " " << target << " " << body << ": " << response.body;
    }
  }
  // Nothing changed: one conversation with one message, the same title, no
  // tokens made, no users added.
  ApiResponse got = Call("GET", base, "alice");
  EXPECT_EQ(got.json["messages"].size(), 1u);
  EXPECT_EQ(got.json.value("title", ""), "Number of orders");
  EXPECT_EQ(Call("GET", "/api/v1/conversations", "alice").json["conversations"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/tokens", "alice").json["tokens"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/admin/users", "admin").json["users"].size(), 5u);
}

TEST_P(NativeApiTest, OversizedBodiesAre413AndChangeNothing) {
  const std::string conversation = NewConversation("alice");
  const std::string huge = json{{"question", std::string(100'000, 'x')}}.dump();
  ApiResponse response =
      Call("POST", "/api/v1/conversations/" + conversation + "/messages", "alice", huge);
  EXPECT_EQ(response.status, 413) << response.body;
  EXPECT_EQ(Call("GET", "/api/v1/conversations/" + conversation, "alice").json["messages"].size(),
            0u);
  // Under the body limit but over the question limit: a 400 that says so.
  const std::string long_question = json{{"question", std::string(20'000, 'x')}}.dump();
  response =
      Call("POST", "/api/v1/conversations/" + conversation + "/messages", "alice", long_question);
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_NE(response.json["error"].value("message", "").find("limit"), std::string::npos);
}

TEST_P(NativeApiTest, ConversationLifecycleCreateAskReadRenameSearchPageDelete) {
  const std::string first = NewConversation("alice");
  ApiResponse created = Call("GET", "/api/v1/conversations/" + first, "alice");
  ASSERT_EQ(created.status, 200);
  EXPECT_EQ(created.json.value("title", ""), "New conversation");
  EXPECT_EQ(created.json.value("space_id", ""), kSpace);

  const json answer = Ask("alice", first, "revenue by store region");
  ASSERT_EQ(answer.value("status", ""), "completed") << answer.dump();
  EXPECT_EQ(answer["answer"].value("kind", ""), "query");
  EXPECT_FALSE(answer["answer"].value("sql", "").empty());
  EXPECT_FALSE(RowsOf(answer).empty());
  EXPECT_TRUE(answer["answer"].contains("interpretation"));
  EXPECT_TRUE(answer["answer"].contains("timings_ms"));

  // Named after the first question; rename; the new title sticks.
  ApiResponse got = Call("GET", "/api/v1/conversations/" + first, "alice");
  EXPECT_EQ(got.json.value("title", ""), "Revenue by store region");
  ASSERT_EQ(got.json["messages"].size(), 1u);
  EXPECT_EQ(got.json["messages"][0]["answer"], answer["answer"]);
  ApiResponse renamed =
      Call("PATCH", "/api/v1/conversations/" + first, "alice", json{{"title", "Regions Q4"}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Call("PATCH", "/api/v1/conversations/" + first, "alice", json{{"title", "  "}}).status,
            400);
  EXPECT_EQ(Call("PATCH", "/api/v1/conversations/" + first, "alice", json{{"title", 7}}).status,
            400);
  EXPECT_EQ(Call("GET", "/api/v1/conversations/" + first, "alice").json.value("title", ""),
            "Regions Q4");

  // Two more conversations; search by title and by question text; paging.
  const std::string second = NewConversation("alice");
  Ask("alice", second, "number of customers by segment");
  const std::string third = NewConversation("alice");
  ApiResponse by_title = Call("GET", "/api/v1/conversations?q=regions", "alice");
  ASSERT_EQ(by_title.json["conversations"].size(), 1u) << by_title.body;
  EXPECT_EQ(by_title.json["conversations"][0].value("id", ""), first);
  ApiResponse by_question = Call("GET", "/api/v1/conversations?q=SEGMENT", "alice");
  ASSERT_EQ(by_question.json["conversations"].size(), 1u) << by_question.body;
  EXPECT_EQ(by_question.json["conversations"][0].value("id", ""), second);
  std::set<std::string> seen;
  std::string page_token;
  int pages = 0;
  do {
    ApiResponse page = Call("GET",
                            "/api/v1/conversations?page_size=2" +
                                (page_token.empty() ? "" : "&page_token=" + page_token),
                            "alice");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_LE(page.json["conversations"].size(), 2u);
    for (const json& item : page.json["conversations"]) seen.insert(item.value("id", ""));
    page_token = page.json.value("next_page_token", "");
    ++pages;
  } while (!page_token.empty() && pages < 10);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, (std::set<std::string>{first, second, third}));
  EXPECT_EQ(Call("GET", "/api/v1/conversations?page_token=garbage", "alice").status, 400);

  // Delete: gone from reads and lists, and a second delete is 404.
  EXPECT_EQ(Call("DELETE", "/api/v1/conversations/" + first, "alice").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/conversations/" + first, "alice").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/conversations/" + first, "alice").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/conversations", "alice").json["conversations"].size(), 2u);
}

TEST_P(NativeApiTest, ReopeningAConversationNeverRunsAQuery) {
  const std::string conversation = NewConversation("alice");
  const json first = Ask("alice", conversation, "revenue by month last year");
  const json second = Ask("alice", conversation, "only online");
  ASSERT_EQ(second.value("status", ""), "completed") << second.dump();
  auto runs = [](const std::string& metrics) {
    std::smatch match;
    const std::regex count(R"(scry_question_stage_seconds_count\{stage="run"\} (\d+))");
    return std::regex_search(metrics, match, count) ? std::stoi(match[1]) : -1;
  };
  const int before =
      runs(WaitForMetrics([&](const std::string& text) { return runs(text) >= 2; }).body);
  EXPECT_EQ(before, 2);
  for (int i = 0; i < 5; ++i) {
    ApiResponse got = Call("GET", "/api/v1/conversations/" + conversation, "alice");
    ASSERT_EQ(got.status, 200);
    ASSERT_EQ(got.json["messages"].size(), 2u);
    EXPECT_EQ(got.json["messages"][1]["answer"], second["answer"]);
    ApiResponse page =
        Call("GET",
             fmt::format("/api/v1/conversations/{}/messages/{}/result", conversation, first["id"]),
             "alice");
    EXPECT_EQ(page.status, 200);
  }
  EXPECT_EQ(runs(Call("GET", "/metrics", "").body), before);
}

TEST_P(NativeApiTest, StoredResultPagesAndFullCsvDownload) {
  const std::string conversation = NewConversation("alice");
  const json message = Ask("alice", conversation, "revenue by day");
  ASSERT_EQ(message.value("status", ""), "completed") << message.dump();
  const std::string base =
      fmt::format("/api/v1/conversations/{}/messages/{}", conversation, message["id"]);
  ApiResponse first = Call("GET", base + "/result?offset=0&limit=50", "alice");
  ASSERT_EQ(first.status, 200) << first.body;
  const int64_t total = first.json.value("total_rows", 0);
  ASSERT_GT(total, 100) << "the question should return many rows";
  EXPECT_EQ(first.json["rows"].size(), 50u);
  ApiResponse second = Call("GET", base + "/result?offset=50&limit=50", "alice");
  EXPECT_EQ(second.json.value("offset", -1), 50);
  EXPECT_NE(first.json["rows"][0], second.json["rows"][0]);
  ApiResponse past_end = Call("GET", fmt::format("{}/result?offset={}", base, total + 10), "alice");
  EXPECT_EQ(past_end.status, 200);
  EXPECT_TRUE(past_end.json["rows"].empty());

  ApiResponse csv = Call("GET", base + "/result.csv", "alice");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.Header("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.Header("Content-Disposition").find("attachment"), std::string::npos);
  const int64_t lines = std::count(csv.body.begin(), csv.body.end(), '\n');
  EXPECT_EQ(lines, total + 1) << "a header line and every row, not only the stored ones";

  // A failed answer has no result to page or download.
  const json failed = RunSql("alice", conversation, "select no_such_column from orders");
  ASSERT_EQ(failed.value("status", ""), "failed");
  const std::string failed_base =
      fmt::format("/api/v1/conversations/{}/messages/{}", conversation, failed["id"]);
  EXPECT_EQ(Call("GET", failed_base + "/result", "alice").status, 404);
  EXPECT_EQ(Call("GET", failed_base + "/result.csv", "alice").status, 400);
}

TEST_P(NativeApiTest, FeedbackIsStoredAndValidated) {
  const std::string conversation = NewConversation("alice");
  const json message = Ask("alice", conversation, "number of orders");
  const std::string target =
      fmt::format("/api/v1/conversations/{}/messages/{}/feedback", conversation, message["id"]);
  EXPECT_EQ(Call("PUT", target, "alice", json{{"rating", "sideways"}}).status, 400);
  EXPECT_EQ(Call("PUT", target, "alice", json{{"comment", "no rating"}}).status, 400);
  EXPECT_EQ(
      Call("PUT", target, "alice", json{{"rating", "up"}, {"comment", std::string(5000, 'c')}})
          .status,
      400);
  ApiResponse put =
      Call("PUT", target, "alice", json{{"rating", "down"}, {"comment", "wrong year"}});
  ASSERT_EQ(put.status, 200) << put.body;
  ApiResponse got =
      Call("GET", fmt::format("/api/v1/conversations/{}/messages/{}", conversation, message["id"]),
           "alice");
  EXPECT_EQ(got.json["feedback"].value("rating", ""), "down");
  EXPECT_EQ(got.json["feedback"].value("comment", ""), "wrong year");
  // Changed later, it is replaced, not added.
  ASSERT_EQ(Call("PUT", target, "alice", json{{"rating", "up"}}).status, 200);
  ApiResponse usage = Call("GET", "/api/v1/admin/usage", "admin");
  EXPECT_EQ(usage.json["feedback"].value("up", 0), 1) << usage.body;
  EXPECT_EQ(usage.json["feedback"].value("down", 0), 1) << usage.body;
  StatusOr<store::Feedback> stored = store().GetFeedback(message.value("id", ""), user("alice").id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->rating, store::Rating::kUp);
}

TEST_P(NativeApiTest, EventStreamShowsTheStagesAndTheAnswer) {
  const std::string conversation = NewConversation("alice");
  ApiResponse posted = Call("POST", "/api/v1/conversations/" + conversation + "/messages", "alice",
                            json{{"question", "revenue by channel"}});
  ASSERT_EQ(posted.status, 202) << posted.body;
  EXPECT_EQ(posted.json.value("status", ""), "submitted");
  auto client = Client();
  StatusOr<server::testing::HttpResponse> head =
      client->StartStream("GET",
                          fmt::format("/api/v1/conversations/{}/messages/{}/events", conversation,
                                      posted.json["id"].get<std::string>()),
                          {}, {{"Authorization", "Bearer " + token("alice")}});
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 200);
  EXPECT_NE(head->Header("Content-Type").find("text/event-stream"), std::string::npos);
  std::vector<std::string> statuses;
  json answer;
  for (int i = 0; i < 20; ++i) {
    StatusOr<server::testing::SseEvent> event = client->ReadSseEvent();
    if (!event.ok()) break;  // the stream ended
    if (event->event == "status") {
      statuses.push_back(json::parse(event->data).value("status", ""));
    } else if (event->event == "answer") {
      answer = json::parse(event->data);
    }
  }
  ASSERT_FALSE(statuses.empty());
  EXPECT_EQ(statuses.back(), "completed");
  EXPECT_EQ(answer.value("status", ""), "completed");
  EXPECT_FALSE(answer["answer"].value("sql", "").empty());

  // A finished message's stream gives its final status and answer at once.
  auto again = Client();
  ASSERT_TRUE(again
                  ->StartStream("GET",
                                fmt::format("/api/v1/conversations/{}/messages/{}/events",
                                            conversation, posted.json["id"].get<std::string>()),
                                {}, {{"Authorization", "Bearer " + token("alice")}})
                  .ok());
  StatusOr<server::testing::SseEvent> status = again->ReadSseEvent();
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(json::parse(status->data).value("status", ""), "completed");
  StatusOr<server::testing::SseEvent> final_answer = again->ReadSseEvent();
  ASSERT_TRUE(final_answer.ok()) << final_answer.status();
  EXPECT_EQ(final_answer->event, "answer");
}

TEST_P(NativeApiTest, AClarificationIsAnsweredByTheNumberOfAChoice) {
  const std::string conversation = NewConversation("alice");
  const json asked = Ask("alice", conversation, "revenue by region");
  ASSERT_EQ(asked["answer"].value("kind", ""), "clarification") << asked.dump();
  const json choices = asked["answer"]["clarification"]["choices"];
  ASSERT_GE(choices.size(), 2u);
  const std::string messages = "/api/v1/conversations/" + conversation + "/messages";
  ApiResponse posted = Call("POST", messages, "alice", json{{"choice", 1}});
  ASSERT_EQ(posted.status, 202) << posted.body;
  EXPECT_EQ(posted.json.value("question", ""), choices[1].value("label", ""));
  const json chosen = WaitForMessage("alice", conversation, posted.json.value("id", ""));
  EXPECT_EQ(chosen.value("status", ""), "completed") << chosen.dump();
  EXPECT_EQ(chosen["answer"].value("kind", ""), "query");
  EXPECT_FALSE(RowsOf(chosen).empty());
  // A choice that does not exist, or is not a number, changes nothing.
  EXPECT_EQ(Call("POST", messages, "alice", json{{"choice", 9}}).status, 400);
  EXPECT_EQ(Call("POST", messages, "alice", json{{"choice", "one"}}).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/conversations/" + conversation, "alice").json["messages"].size(),
            2u);
}

TEST_P(NativeApiTest, CancellingAFinishedMessageChangesNothing) {
  const std::string conversation = NewConversation("alice");
  const json message = Ask("alice", conversation, "number of orders");
  const std::string base =
      fmt::format("/api/v1/conversations/{}/messages/{}", conversation, message["id"]);
  EXPECT_EQ(Call("POST", base + "/cancel", "alice").status, 202);
  EXPECT_EQ(Call("GET", base, "alice").json.value("status", ""), "completed");
  EXPECT_EQ(Call("POST", fmt::format("/api/v1/conversations/{}/messages/nope/cancel", conversation),
                 "alice")
                .status,
            404);
}

TEST_P(NativeApiTest, TwoUsersNeverSeeEachOthersConversations) {
  const std::string conversation = NewConversation("alice");
  const json message = Ask("alice", conversation, "revenue by store region");
  const std::string m = message.value("id", "");
  const std::string c = "/api/v1/conversations/" + conversation;
  const std::string g = "/api/2.0/genie/spaces/demo/conversations/" + conversation;
  const std::vector<std::pair<std::string, std::string>> attempts = {
      {"GET", c},
      {"PATCH", c},
      {"DELETE", c},
      {"POST", c + "/messages"},
      {"POST", c + "/sql"},
      {"GET", c + "/messages/" + m},
      {"POST", c + "/messages/" + m + "/cancel"},
      {"GET", c + "/messages/" + m + "/events"},
      {"GET", c + "/messages/" + m + "/result"},
      {"GET", c + "/messages/" + m + "/result.csv"},
      {"PUT", c + "/messages/" + m + "/feedback"},
      {"GET", c + "/attachments"},
      {"POST", c + "/attachments?name=t.csv"},
      {"GET", g + "/messages"},
      {"POST", g + "/messages"},
      {"GET", g + "/messages/" + m},
      {"DELETE", g + "/messages/" + m},
      {"GET", g + "/messages/" + m + "/query-result"},
      {"GET", g + "/messages/" + m + "/attachments/" + m + "-q/query-result"},
      {"POST", g + "/messages/" + m + "/attachments/" + m + "-q/execute-query"},
      {"POST", g + "/messages/" + m + "/feedback"},
      {"DELETE", g},
  };
  const std::map<std::string, std::string> bodies = {{"PATCH", json{{"title", "mine now"}}.dump()},
                                                     {"PUT", json{{"rating", "down"}}.dump()},
                                                     {"POST", json{{"question", "revenue"},
                                                                   {"content", "revenue"},
                                                                   {"sql", "select 1"},
                                                                   {"rating", "NEGATIVE"}}
                                                                  .dump()}};
  for (const std::string who : {"bob", "admin", "viewer"}) {
    for (const auto& [method, target] : attempts) {
      const auto body = bodies.find(method);
      ApiResponse response =
          Call(method, target, who, body == bodies.end() ? std::string("{}") : body->second);
      EXPECT_EQ(response.status, 404)
          << who << " " << method << " " << target << ": " << response.body;
      EXPECT_EQ(response.body.find("Europe"), std::string::npos);
    }
    EXPECT_TRUE(Call("GET", "/api/v1/conversations", who).json["conversations"].empty());
    EXPECT_TRUE(Call("GET", "/api/v1/conversations?q=region", who).json["conversations"].empty());
    EXPECT_TRUE(Call("GET", "/api/2.0/genie/spaces/demo/conversations?include_all=true", who)
                    .json.value("conversations", json::array())
                    .empty());
  }
  // Alice's conversation is as she left it.
  ApiResponse mine = Call("GET", c, "alice");
  EXPECT_EQ(mine.json.value("title", ""), "Revenue by store region");
  EXPECT_EQ(mine.json["messages"].size(), 1u);
  EXPECT_FALSE(mine.json["messages"][0].contains("feedback"));
}

TEST_P(NativeApiTest, RowFiltersHoldOnEveryPath) {
  // Questions.
  const std::string alice = NewConversation("alice");
  const json europe = Ask("alice", alice, "revenue by store region");
  ASSERT_EQ(europe.value("status", ""), "completed") << europe.dump();
  const size_t region = ColumnIndex(europe["answer"]["columns"], "region");
  EXPECT_EQ(ColumnValues(RowsOf(europe), region), std::set<std::string>{"Europe"});
  const std::string bob = NewConversation("bob");
  const json asia = Ask("bob", bob, "revenue by store region");
  EXPECT_EQ(ColumnValues(RowsOf(asia), ColumnIndex(asia["answer"]["columns"], "region")),
            std::set<std::string>{"Asia Pacific"});

  // An author's own SQL, including attempts to look past the filter.
  for (const std::string& sql :
       {std::string("select distinct region from stores"),
        std::string("select distinct region from stores where region <> 'Europe'"),
        std::string("with s as (select * from stores) select distinct region from s"),
        std::string("select distinct c.region from customers c join orders o using "
                    "(customer_id)")}) {
    const json run = RunSql("alice", alice, sql);
    ASSERT_EQ(run.value("status", ""), "completed") << sql << ": " << run.dump();
    for (const std::string& value : ColumnValues(RowsOf(run), 0)) {
      EXPECT_EQ(value, "Europe") << sql;
    }
  }

  // The CSV download of the answer.
  ApiResponse csv = Call(
      "GET", fmt::format("/api/v1/conversations/{}/messages/{}/result.csv", alice, europe["id"]),
      "alice");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("Europe"), std::string::npos);
  EXPECT_EQ(csv.body.find("Asia Pacific"), std::string::npos);
  EXPECT_EQ(csv.body.find("Latin America"), std::string::npos);

  // The Genie API's query result.
  ApiResponse started = Call("POST", "/api/2.0/genie/spaces/demo/start-conversation", "bob",
                             json{{"content", "revenue by store region"}});
  ASSERT_EQ(started.status, 200) << started.body;
  const std::string conversation = started.json.value("conversation_id", "");
  const std::string message_id = started.json.value("message_id", "");
  WaitForMessage("bob", conversation, message_id);
  ApiResponse result =
      Call("GET",
           fmt::format("/api/2.0/genie/spaces/demo/conversations/{}/messages/{}/attachments/{}-q/"
                       "query-result",
                       conversation, message_id, message_id),
           "bob");
  ASSERT_EQ(result.status, 200) << result.body;
  const std::string data = result.json["statement_response"]["result"]["data_array"].dump();
  EXPECT_NE(data.find("Asia Pacific"), std::string::npos) << data;
  EXPECT_EQ(data.find("Europe"), std::string::npos) << data;

  // A changed attribute applies at once, to stored answers' downloads too.
  store::User changed = user("alice");
  changed.attributes["region"] = "Latin America";
  ASSERT_TRUE(store().UpdateUser(changed).ok());
  ApiResponse again = Call(
      "GET", fmt::format("/api/v1/conversations/{}/messages/{}/result.csv", alice, europe["id"]),
      "alice");
  EXPECT_EQ(again.body.find("Europe"), std::string::npos) << again.body;
  EXPECT_NE(again.body.find("Latin America"), std::string::npos) << again.body;
}

TEST_P(NativeApiTest, ViewersOnlyAskAndAuthorsDoNotAdminister) {
  const std::string conversation = NewConversation("viewer");
  const json answer = Ask("viewer", conversation, "number of orders");
  EXPECT_EQ(answer.value("status", ""), "completed");
  ApiResponse sql = Call("POST", "/api/v1/conversations/" + conversation + "/sql", "viewer",
                         json{{"sql", "select 1"}});
  EXPECT_EQ(sql.status, 403) << sql.body;
  EXPECT_EQ(sql.json["error"].value("code", ""), "PERMISSION_DENIED");
  EXPECT_EQ(Call("GET", "/api/v1/conversations/" + conversation, "viewer").json["messages"].size(),
            1u)
      << "the refused SQL left no message";

  const std::vector<std::pair<std::string, std::string>> admin_routes = {
      {"GET", "/api/v1/admin/users"},
      {"POST", "/api/v1/admin/users"},
      {"PATCH", fmt::format("/api/v1/admin/users/{}", user("viewer").id)},
      {"GET", "/api/v1/admin/spaces/demo/grants"},
      {"POST", "/api/v1/admin/spaces/demo/grants"},
      {"DELETE", "/api/v1/admin/spaces/demo/grants/group/analysts"},
      {"GET", "/api/v1/admin/usage"},
  };
  const std::string promote = json{
      {"role", "admin"},
      {"email", "x@example.com"},
      {"kind", "user"},
      {"principal",
       "x@example.com"}}.dump();
  for (const std::string who : {"viewer", "alice"}) {
    for (const auto& [method, target] : admin_routes) {
      ApiResponse response = Call(method, target, who, promote);
      EXPECT_EQ(response.status, 403)
          << who << " " << method << " " << target << ": " << response.body;
    }
  }
  EXPECT_EQ(store().GetUser(user("viewer").id)->role, store::Role::kViewer);
  EXPECT_EQ(store().ListGrants(kSpace)->size(), 1u);
  for (const auto& [method, target] : admin_routes) {
    if (method != "GET") continue;
    EXPECT_EQ(Call(method, target, "admin").status, 200) << target;
  }
}

TEST_P(NativeApiTest, UsersWithoutAGrantCannotUseTheSpace) {
  EXPECT_TRUE(Call("GET", "/api/v1/spaces", "outsider").json["spaces"].empty());
  EXPECT_EQ(Call("GET", "/api/v1/spaces/demo/catalog", "outsider").status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/conversations", "outsider", json{{"space_id", kSpace}}).status,
            403);
  ApiResponse genie = Call("POST", "/api/2.0/genie/spaces/demo/start-conversation", "outsider",
                           json{{"content", "number of orders"}});
  EXPECT_EQ(genie.status, 403) << genie.body;
  EXPECT_EQ(genie.json.value("error_code", ""), "PERMISSION_DENIED");
  EXPECT_TRUE(Call("GET", "/api/v1/conversations", "outsider").json["conversations"].empty());

  // A grant lets them in; taking it back shuts them out again, also from the
  // conversation they started meanwhile.
  ApiResponse granted = Call("POST", "/api/v1/admin/spaces/demo/grants", "admin",
                             json{{"kind", "user"}, {"principal", "outsider@example.com"}});
  ASSERT_EQ(granted.status, 201) << granted.body;
  const std::string principal = granted.json.value("principal", "");
  EXPECT_EQ(principal, std::to_string(user("outsider").id));
  ASSERT_EQ(Call("GET", "/api/v1/spaces", "outsider").json["spaces"].size(), 1u);
  const std::string conversation = NewConversation("outsider");
  EXPECT_EQ(Ask("outsider", conversation, "number of orders").value("status", ""), "completed");
  EXPECT_EQ(Call("GET", "/api/v1/admin/spaces/demo/grants", "admin").json["grants"].size(), 2u);
  EXPECT_EQ(Call("DELETE", "/api/v1/admin/spaces/demo/grants/user/" + principal, "admin").status,
            200);
  EXPECT_EQ(Call("DELETE", "/api/v1/admin/spaces/demo/grants/user/" + principal, "admin").status,
            404);
  EXPECT_EQ(Call("POST", "/api/v1/conversations/" + conversation + "/messages", "outsider",
                 json{{"question", "number of orders"}})
                .status,
            403);
}

TEST_P(NativeApiTest, AdminsManageUsers) {
  ApiResponse created = Call("POST", "/api/v1/admin/users", "admin",
                             json{{"email", "dana@example.com"},
                                  {"role", "author"},
                                  {"password", "another long passphrase"},
                                  {"attributes", {{"region", "Europe"}}},
                                  {"groups", {"analysts"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(created.json.contains("password_hash"));
  const int64_t dana = created.json.value("id", 0);
  // She can sign in with the password she was given.
  EXPECT_EQ(Call("POST", "/api/v1/login", "",
                 json{{"email", "dana@example.com"}, {"password", "another long passphrase"}})
                .status,
            200);

  EXPECT_EQ(Call("POST", "/api/v1/admin/users", "admin",
                 json{{"email", "dana@example.com"}, {"role", "viewer"}})
                .status,
            409);
  EXPECT_EQ(Call("POST", "/api/v1/admin/users", "admin",
                 json{{"email", "eve@example.com"}, {"role", "overlord"}})
                .status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/admin/users", "admin", json{{"role", "viewer"}}).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/admin/users", "admin",
                 json{{"email", "eve@example.com"}, {"role", "viewer"}, {"password", "short"}})
                .status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/admin/users", "admin",
                 json{{"email", "eve@example.com"}, {"role", "viewer"}, {"attributes", {1, 2}}})
                .status,
            400);
  EXPECT_FALSE(store().GetUserByEmail("eve@example.com").ok()) << "refused users are not made";

  const std::string target = fmt::format("/api/v1/admin/users/{}", dana);
  ApiResponse patched =
      Call("PATCH", target, "admin",
           json{{"role", "viewer"}, {"attributes", {{"region", "Asia Pacific"}}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json.value("role", ""), "viewer");
  EXPECT_EQ(patched.json["attributes"].value("region", ""), "Asia Pacific");
  EXPECT_EQ(Call("PATCH", target, "admin", json{{"email", "new@example.com"}}).status, 400);
  EXPECT_EQ(Call("PATCH", "/api/v1/admin/users/999999", "admin", json{{"role", "admin"}}).status,
            404);
  EXPECT_EQ(Call("PATCH", "/api/v1/admin/users/abc", "admin", json{{"role", "admin"}}).status, 404);

  // Disabled, her tokens and sessions stop working.
  ApiResponse disabled = Call("PATCH", target, "admin", json{{"disabled", true}});
  EXPECT_EQ(disabled.status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/login", "",
                 json{{"email", "dana@example.com"}, {"password", "another long passphrase"}})
                .status,
            401);

  // The last admin cannot demote or disable themselves away.
  const std::string self = fmt::format("/api/v1/admin/users/{}", user("admin").id);
  ApiResponse demote = Call("PATCH", self, "admin", json{{"role", "author"}});
  EXPECT_EQ(demote.status, 400) << demote.body;
  EXPECT_EQ(Call("PATCH", self, "admin", json{{"disabled", true}}).status, 400);
  EXPECT_EQ(store().GetUser(user("admin").id)->role, store::Role::kAdmin);
  ApiResponse users = Call("GET", "/api/v1/admin/users", "admin");
  EXPECT_EQ(users.json["users"].size(), 6u);
}

TEST_P(NativeApiTest, PersonalAccessTokens) {
  ApiResponse created =
      Call("POST", "/api/v1/tokens", "alice", json{{"name", "ci script"}, {"ttl_days", 30}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.json.value("token", "");
  ASSERT_TRUE(secret.starts_with("scry_")) << secret;
  EXPECT_EQ(created.Header("Cache-Control"), "no-store");
  const int64_t id = created.json.value("id", 0);
  server::Headers with_new = {{"Authorization", "Bearer " + secret}};
  EXPECT_EQ(Call("GET", "/api/v1/me", "", std::string(), with_new).json["user"].value("email", ""),
            "alice@example.com");
  // Listed without the secret.
  ApiResponse list = Call("GET", "/api/v1/tokens", "alice");
  ASSERT_EQ(list.json["tokens"].size(), 2u);
  EXPECT_EQ(list.body.find(secret), std::string::npos);

  EXPECT_EQ(Call("POST", "/api/v1/tokens", "alice", json{{"name", "x"}, {"ttl_days", -1}}).status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/tokens", "alice", json{{"name", "x"}, {"ttl_days", 9999}}).status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/tokens", "alice", json::object()).status, 400);
  // Someone else's token cannot be revoked by id.
  EXPECT_EQ(Call("DELETE", fmt::format("/api/v1/tokens/{}", id), "bob").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", std::string(), with_new).status, 200);
  EXPECT_EQ(Call("DELETE", fmt::format("/api/v1/tokens/{}", id), "alice").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", std::string(), with_new).status, 401);
}

TEST_P(NativeApiTest, SpacesAndTheirCatalog) {
  ApiResponse spaces = Call("GET", "/api/v1/spaces", "viewer");
  ASSERT_EQ(spaces.json["spaces"].size(), 1u) << spaces.body;
  EXPECT_EQ(spaces.json["spaces"][0].value("id", ""), kSpace);
  ApiResponse catalog = Call("GET", "/api/v1/spaces/demo/catalog", "viewer");
  ASSERT_EQ(catalog.status, 200) << catalog.body;
  std::set<std::string> tables;
  bool has_samples = false;
  for (const json& table : catalog.json["tables"]) {
    tables.insert(table.value("name", ""));
    for (const json& column : table["columns"]) {
      EXPECT_TRUE(column.contains("role"));
      has_samples = has_samples || !column["sample_values"].empty();
    }
  }
  EXPECT_TRUE(tables.count("orders") && tables.count("stores")) << catalog.body;
  EXPECT_TRUE(has_samples);
  EXPECT_FALSE(catalog.json["metrics"].empty());
  EXPECT_FALSE(catalog.json["example_questions"].empty());
  EXPECT_EQ(Call("GET", "/api/v1/spaces/nope/catalog", "viewer").status, 404);
}

TEST_P(NativeApiTest, BadQuestionsGetClearAnswersAndChangeNothing) {
  const std::string conversation = NewConversation("alice");
  const std::string messages = "/api/v1/conversations/" + conversation + "/messages";
  EXPECT_EQ(Call("POST", messages, "alice", json{{"question", "   "}}).status, 400);
  EXPECT_EQ(Call("POST", messages, "alice", json{{"question", 42}}).status, 400);
  EXPECT_EQ(Call("POST", messages, "alice", json::object()).status, 400);
  EXPECT_EQ(Call("POST", messages, "alice", json{{"choice", 3}}).status, 400)
      << "no clarification to choose from";
  EXPECT_EQ(
      Call("POST", "/api/v1/conversations/" + conversation + "/sql", "alice", json{{"sql", ""}})
          .status,
      400);
  EXPECT_EQ(Call("GET", "/api/v1/conversations/" + conversation, "alice").json["messages"].size(),
            0u);

  // Unreadable questions are answered, with hints, not failed.
  const json gibberish = Ask("alice", conversation, "zxqv blorp");
  EXPECT_EQ(gibberish.value("status", ""), "completed");
  EXPECT_EQ(gibberish["answer"].value("kind", ""), "not_understood");

  // SQL that writes is refused by the guard, and the data is untouched.
  const json count_before = RunSql("alice", conversation, "select count(*) from stores");
  for (const std::string& sql :
       {std::string("delete from stores"), std::string("drop table stores"),
        std::string("update stores set region = 'x'"), std::string("select 1; delete from stores"),
        std::string("copy stores to '/tmp/stolen.csv'"),
        std::string("select * from read_csv('/etc/passwd')")}) {
    const json refused = RunSql("alice", conversation, sql);
    EXPECT_EQ(refused.value("status", ""), "failed") << sql;
    EXPECT_EQ(refused["error"].value("code", ""), "PERMISSION_DENIED") << sql << refused.dump();
  }
  const json count_after = RunSql("alice", conversation, "select count(*) from stores");
  EXPECT_EQ(RowsOf(count_before), RowsOf(count_after));
}

TEST_P(NativeApiTest, UnknownRoutesAndMethods) {
  ApiResponse missing = Call("GET", "/api/v1/nothing-here", "alice");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json["error"].value("code", ""), "NOT_FOUND");
  ApiResponse wrong = Call("PUT", "/api/v1/spaces", "alice");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_NE(wrong.Header("Allow").find("GET"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/conversations/nope", "alice").status, 404);
}

TEST_P(NativeApiTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(Call("GET", "/healthz", "").status, 200);
  EXPECT_EQ(Call("GET", "/readyz", "").status, 200);
  const std::string conversation = NewConversation("alice");
  Ask("alice", conversation, "number of orders");
  RunSql("alice", conversation, "select nothing_here from orders");
  const std::vector<std::string> expected_lines = {
      "scry_questions_total{outcome=\"completed\"} 1",
      "scry_questions_total{outcome=\"failed\"} 1",
      "scry_engine_errors_total{code=\"INVALID_ARGUMENT\"} 1",
      "scry_queries_running 0",
      "scry_question_stage_seconds_bucket{stage=\"understand\"",
      "scry_http_requests_total{method=\"POST\"",
      "scry_http_request_duration_seconds_bucket",
      "scry_http_open_streams"};
  const ApiResponse metrics = WaitForMetrics([&](const std::string& text) {
    return std::all_of(expected_lines.begin(), expected_lines.end(), [&](const std::string& line) {
      return text.find(line) != std::string::npos;
    });
  });
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.Header("Content-Type").find("text/plain"), std::string::npos);
  for (const std::string& expected : expected_lines) {
    EXPECT_NE(metrics.body.find(expected), std::string::npos) << expected;
  }
}

TEST_P(NativeApiTest, RateLimitAnswers429WithRetryAfter) {
  StartServer({.overrides = {"limits.request_burst=3", "limits.requests_per_second=0.01"}});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Call("GET", "/api/v1/me", "alice").status, 200);
  ApiResponse limited = Call("GET", "/api/v1/me", "alice");
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_GE(std::stoi(limited.Header("Retry-After").empty() ? "0" : limited.Header("Retry-After")),
            1);
  EXPECT_EQ(limited.json["error"].value("code", ""), "RESOURCE_EXHAUSTED");
  ApiResponse genie = Call("GET", "/api/2.0/genie/spaces", "alice");
  EXPECT_EQ(genie.status, 429);
  EXPECT_EQ(genie.json.value("error_code", ""), "REQUEST_LIMIT_EXCEEDED");
  EXPECT_FALSE(genie.Header("Retry-After").empty());
  // Each user has a bucket of their own.
  EXPECT_EQ(Call("GET", "/api/v1/me", "bob").status, 200);
}

TEST_P(NativeApiTest, StoppingTheServerFinishesTheQuestionsInFlight) {
  const std::string conversation = NewConversation("alice");
  std::vector<std::string> ids;
  for (const char* question : {"revenue by month", "revenue by product category",
                               "number of orders by channel", "average order value by segment"}) {
    ApiResponse posted = Call("POST", "/api/v1/conversations/" + conversation + "/messages",
                              "alice", json{{"question", question}});
    ASSERT_EQ(posted.status, 202) << posted.body;
    ids.push_back(posted.json.value("id", ""));
  }
  StopServer();
  StartServer();
  for (const std::string& id : ids) {
    ApiResponse got =
        Call("GET", fmt::format("/api/v1/conversations/{}/messages/{}", conversation, id), "alice");
    EXPECT_EQ(got.json.value("status", ""), "completed") << got.body;
  }
}

TEST_P(NativeApiTest, TodayFixesTheDateQuestionsMeanNotTheTimeThingsHappen) {
  // The fixture's scry.yaml says `today: 2025-11-24`: "last month" is October
  // 2025, while the conversation, its message and a new token carry the real
  // time, so they sort, group by day and expire as they should.
  const int64_t before = SystemClock().NowMs();
  const std::string conversation = NewConversation("alice");
  const json answer = Ask("alice", conversation, "revenue last month");
  ASSERT_EQ(answer.value("status", ""), "completed") << answer.dump();
  const std::string sql = answer["answer"].value("sql", "");
  EXPECT_NE(sql.find("'2025-10-01'"), std::string::npos) << sql;
  EXPECT_NE(sql.find("'2025-11-01'"), std::string::npos) << sql;
  ApiResponse token = Call("POST", "/api/v1/tokens", "alice", json{{"name", "laptop"}});
  ASSERT_EQ(token.status, 201) << token.body;
  const int64_t after = SystemClock().NowMs();

  ApiResponse got = Call("GET", "/api/v1/conversations/" + conversation, "alice");
  ASSERT_EQ(got.status, 200) << got.body;
  ASSERT_EQ(got.json["messages"].size(), 1u) << got.body;
  const json& message = got.json["messages"][0];
  for (const int64_t ms :
       {got.json.value("created_ms", int64_t{0}), got.json.value("updated_ms", int64_t{0}),
        message.value("created_ms", int64_t{0}), message.value("updated_ms", int64_t{0}),
        token.json.value("created_ms", int64_t{0})}) {
    EXPECT_GE(ms, before) << got.body << token.body;
    EXPECT_LE(ms, after) << got.body << token.body;
  }
  EXPECT_GT(token.json.value("expires_ms", int64_t{0}), after) << token.body;
}

INSTANTIATE_TEST_SUITE_P(Stores, NativeApiTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         StoreKindName);

}  // namespace
}  // namespace scry::testing
