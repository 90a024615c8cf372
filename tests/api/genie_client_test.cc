// A client written for the Databricks Genie Conversation API, talking to
// scry with only the host and the token changed: it sends what the Databricks
// SDK sends (Bearer token, Accept and Content-Type JSON, the SDK's
// User-Agent, `{}` bodies), reads responses the way the SDK's dataclasses do
// (ids by key, enums exact and upper case, unknown fields ignored) and polls
// the way its `*_and_wait` helpers poll (GET at once, then again after 1, 2,
// 3 … units until COMPLETED or FAILED; the unit is a second in the SDK and
// shortened here, which changes nothing the server sees but the spacing).
// Facts from ../shared/reference/genie-conversation-api.md.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "api/api_fixture.h"

namespace scry::testing {
namespace {

using nlohmann::json;

// The SDK's errors: error_code first, then the HTTP status.
struct GenieError {
  int status = 0;
  std::string error_code;
  std::string message;
};

class GenieClient {
 public:
  GenieClient(uint16_t port, std::string token)
      : http_("127.0.0.1", port), token_(std::move(token)) {}

  // The discovery probe every client sends when it is built: no credentials.
  int Probe() {
    StatusOr<server::testing::HttpResponse> response =
        http_.Get("/.well-known/databricks-config", {{"Accept", "application/json"}});
    return response.ok() ? response->status : -1;
  }

  StatusOr<json> Do(std::string_view method, const std::string& path, const json& body = nullptr) {
    server::Headers headers = {{"Authorization", "Bearer " + token_},
                               {"Accept", "application/json"},
                               {"User-Agent", "databricks-sdk-py/0.133.0 python/3.11 auth/pat"}};
    std::string payload;
    if (method != "GET" && method != "DELETE") {
      headers["Content-Type"] = "application/json";
      payload = body.is_null() ? "{}" : body.dump();
    }
    StatusOr<server::testing::HttpResponse> response =
        http_.Send(method, "/api/2.0/genie" + path, payload, headers);
    if (!response.ok()) return response.status();
    last_status_ = response->status;
    json parsed =
        response->body.empty() ? json::object() : json::parse(response->body, nullptr, false);
    if (response->status / 100 != 2) {
      last_error_ = {response->status, parsed.is_object() ? parsed.value("error_code", "") : "",
                     parsed.is_object() ? parsed.value("message", "") : response->body};
      return InternalError(
          fmt::format("{} {}: {}", response->status, last_error_.error_code, last_error_.message));
    }
    if (!parsed.is_object()) return InternalError("a 2xx body that is not a JSON object");
    return parsed;
  }

  // start_conversation_and_wait / create_message_and_wait: POST, then poll.
  StatusOr<json> StartConversationAndWait(const std::string& space, const std::string& content) {
    StatusOr<json> started =
        Do("POST", fmt::format("/spaces/{}/start-conversation", space), {{"content", content}});
    if (!started.ok()) return started.status();
    // The SDK reads both ids by key: a missing one is a KeyError.
    if (!started->contains("conversation_id") || !started->contains("message_id")) {
      return InternalError("start-conversation: no conversation_id or message_id");
    }
    return Wait(space, (*started)["conversation_id"], (*started)["message_id"]);
  }

  StatusOr<json> CreateMessageAndWait(const std::string& space, const std::string& conversation,
                                      const std::string& content) {
    StatusOr<json> created =
        Do("POST", fmt::format("/spaces/{}/conversations/{}/messages", space, conversation),
           {{"content", content}});
    if (!created.ok()) return created.status();
    if (!created->contains("message_id")) return InternalError("create-message: no message_id");
    return Wait(space, conversation, (*created)["message_id"]);
  }

  StatusOr<json> GetMessage(const std::string& space, const std::string& conversation,
                            const std::string& message) {
    return Do("GET",
              fmt::format("/spaces/{}/conversations/{}/messages/{}", space, conversation, message));
  }

  int polls() const { return polls_; }
  int last_status() const { return last_status_; }
  const GenieError& last_error() const { return last_error_; }

 private:
  StatusOr<json> Wait(const std::string& space, const std::string& conversation,
                      const std::string& message) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    for (int attempt = 1;; ++attempt) {
      StatusOr<json> got = GetMessage(space, conversation, message);
      ++polls_;
      if (!got.ok()) return got.status();
      const std::string status = got->value("status", "");
      if (status == "COMPLETED") return got;
      if (status == "FAILED") {
        return FailedPreconditionError("OperationFailed: " +
                                       got->value("error", json::object()).dump());
      }
      // CANCELLED, unknown and missing statuses are not terminal to the SDK.
      if (std::chrono::steady_clock::now() > deadline) return DeadlineExceededError("timed out");
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * std::min(attempt, 10)));
    }
  }

  server::testing::TestHttpClient http_;
  std::string token_;
  int polls_ = 0;
  int last_status_ = 0;
  GenieError last_error_;
};

const std::set<std::string> kMessageStatuses = {
    "SUBMITTED",         "FETCHING_METADATA",   "FILTERING_CONTEXT", "ASKING_AI",
    "PENDING_WAREHOUSE", "EXECUTING_QUERY",     "COMPLETED",         "FAILED",
    "CANCELLED",         "QUERY_RESULT_EXPIRED"};

// The query attachment of a finished message (genie_room.py: a `query` with
// non-empty `query` and an `attachment_id`).
json QueryAttachment(const json& message) {
  for (const json& attachment : message.value("attachments", json::array())) {
    if (attachment.contains("query") && !attachment["query"].value("query", "").empty() &&
        attachment.contains("attachment_id")) {
      return attachment;
    }
  }
  return nullptr;
}

class GenieClientTest : public ApiTest {};

TEST_P(GenieClientTest, AGenieClientWorksByChangingOnlyHostAndToken) {
  GenieClient client(port(), token("alice"));
  EXPECT_EQ(client.Probe(), 404);

  // The space, as the app reads it at page load.
  StatusOr<json> space = client.Do("GET", "/spaces/demo");
  ASSERT_TRUE(space.ok()) << space.status();
  EXPECT_EQ(space->value("space_id", ""), kSpace);
  EXPECT_FALSE(space->value("title", "").empty());
  ASSERT_TRUE((*space)["create_time"].is_string()) << "RFC 3339, not a number";
  EXPECT_TRUE((*space)["create_time"].get<std::string>().ends_with("Z"));
  StatusOr<json> spaces = client.Do("GET", "/spaces");
  ASSERT_TRUE(spaces.ok()) << spaces.status();
  EXPECT_EQ((*spaces)["spaces"].size(), 1u);

  // Start a conversation and wait.
  StatusOr<json> first = client.StartConversationAndWait(kSpace, "revenue by store region");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_GE(client.polls(), 1);
  const std::string conversation = first->value("conversation_id", "");
  const std::string message = first->value("message_id", "");
  EXPECT_EQ(first->value("id", ""), message);
  EXPECT_EQ(first->value("space_id", ""), kSpace);
  EXPECT_EQ(first->value("content", ""), "revenue by store region");
  EXPECT_TRUE(kMessageStatuses.count(first->value("status", "")));
  EXPECT_TRUE((*first)["created_timestamp"].is_number_integer());
  EXPECT_TRUE((*first)["last_updated_timestamp"].is_number_integer());
  EXPECT_TRUE(!first->contains("error") || (*first)["error"].is_null())
      << "genie_room.py shows any present error as a failure";
  const json attachment = QueryAttachment(*first);
  ASSERT_FALSE(attachment.is_null()) << first->dump();
  EXPECT_NE(attachment["query"].value("query", "").find("region"), std::string::npos);
  EXPECT_FALSE(attachment["query"].value("description", "").empty());
  EXPECT_GT(attachment["query"]["query_result_metadata"].value("row_count", 0), 0);

  // Its query result, in the statement-response shape.
  const std::string attachment_id = attachment["attachment_id"];
  StatusOr<json> result = client.Do(
      "GET", fmt::format("/spaces/demo/conversations/{}/messages/{}/attachments/{}/query-result",
                         conversation, message, attachment_id));
  ASSERT_TRUE(result.ok()) << result.status();
  const json& statement = (*result)["statement_response"];
  EXPECT_EQ(statement["status"].value("state", ""), "SUCCEEDED");
  const json& columns = statement["manifest"]["schema"]["columns"];
  ASSERT_EQ(statement["manifest"]["schema"].value("column_count", 0),
            static_cast<int>(columns.size()));
  std::set<std::string> type_names = {
      "BOOLEAN",          "BYTE",     "SHORT",  "INT",    "LONG",   "FLOAT",
      "DOUBLE",           "DECIMAL",  "STRING", "CHAR",   "BINARY", "DATE",
      "TIMESTAMP",        "INTERVAL", "ARRAY",  "STRUCT", "MAP",    "NULL",
      "USER_DEFINED_TYPE"};
  for (size_t i = 0; i < columns.size(); ++i) {
    EXPECT_EQ(columns[i].value("position", -1), static_cast<int>(i));
    EXPECT_TRUE(type_names.count(columns[i].value("type_name", ""))) << columns[i].dump();
  }
  EXPECT_EQ(statement["manifest"].value("format", ""), "JSON_ARRAY");
  const json& rows = statement["result"]["data_array"];
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(statement["manifest"].value("total_row_count", 0), static_cast<int>(rows.size()));
  for (const json& row : rows) {
    ASSERT_EQ(row.size(), columns.size());
    for (const json& cell : row) EXPECT_TRUE(cell.is_string() || cell.is_null()) << cell;
  }
  // The deprecated paths answer the same.
  StatusOr<json> deprecated = client.Do(
      "GET",
      fmt::format("/spaces/demo/conversations/{}/messages/{}/query-result", conversation, message));
  ASSERT_TRUE(deprecated.ok()) << deprecated.status();
  EXPECT_EQ((*deprecated)["statement_response"]["result"]["data_array"], rows);
  StatusOr<json> executed = client.Do(
      "POST", fmt::format("/spaces/demo/conversations/{}/messages/{}/attachments/{}/execute-query",
                          conversation, message, attachment_id));
  ASSERT_TRUE(executed.ok()) << executed.status();
  EXPECT_EQ((*executed)["statement_response"]["result"]["data_array"], rows);

  // A follow-up narrows the same question.
  StatusOr<json> follow_up = client.CreateMessageAndWait(kSpace, conversation, "only online");
  ASSERT_TRUE(follow_up.ok()) << follow_up.status();
  const json narrowed = QueryAttachment(*follow_up);
  ASSERT_FALSE(narrowed.is_null()) << follow_up->dump();
  const std::string narrowed_sql = narrowed["query"].value("query", "");
  EXPECT_NE(narrowed_sql.find("region"), std::string::npos) << narrowed_sql;
  EXPECT_NE(narrowed_sql.find("Online"), std::string::npos) << narrowed_sql;

  // Feedback, as the thumbs send it.
  StatusOr<json> feedback = client.Do(
      "POST",
      fmt::format("/spaces/demo/conversations/{}/messages/{}/feedback", conversation, message),
      {{"rating", "POSITIVE"}});
  ASSERT_TRUE(feedback.ok()) << feedback.status();
  StatusOr<json> rated = client.GetMessage(kSpace, conversation, message);
  EXPECT_EQ((*rated)["feedback"].value("rating", ""), "POSITIVE");

  // Lists: conversations (the client follows no page token by itself) and
  // messages.
  StatusOr<json> conversations = client.Do("GET", "/spaces/demo/conversations?page_size=10");
  ASSERT_TRUE(conversations.ok()) << conversations.status();
  ASSERT_EQ((*conversations)["conversations"].size(), 1u);
  EXPECT_EQ((*conversations)["conversations"][0].value("conversation_id", ""), conversation);
  EXPECT_FALSE((*conversations)["conversations"][0].value("title", "").empty());
  StatusOr<json> messages =
      client.Do("GET", fmt::format("/spaces/demo/conversations/{}/messages", conversation));
  ASSERT_TRUE(messages.ok()) << messages.status();
  EXPECT_EQ((*messages)["messages"].size(), 2u);

  // Delete; afterwards the conversation is gone, in the words app code looks for.
  ASSERT_TRUE(client.Do("DELETE", "/spaces/demo/conversations/" + conversation).ok());
  EXPECT_FALSE(client.GetMessage(kSpace, conversation, message).ok());
  EXPECT_EQ(client.last_error().status, 404);
  EXPECT_EQ(client.last_error().error_code, "RESOURCE_DOES_NOT_EXIST");
  EXPECT_NE(client.last_error().message.find("Conversation not found"), std::string::npos);
}

TEST_P(GenieClientTest, EveryRunEndsCompletedOrFailedSoTheSdkStopsPolling) {
  GenieClient client(port(), token("alice"));
  // Not understood: answered (with text), not left hanging.
  StatusOr<json> unreadable = client.StartConversationAndWait(kSpace, "zxqv blorp");
  if (unreadable.ok()) {
    bool has_text = false;
    for (const json& attachment : (*unreadable)["attachments"]) {
      has_text = has_text || !attachment.value("text", json::object()).value("content", "").empty();
    }
    EXPECT_TRUE(has_text) << unreadable->dump();
  } else {
    EXPECT_NE(unreadable.status().message().find("OperationFailed"), std::string::npos)
        << unreadable.status();
  }
  // A clarification comes back as a follow-up question the app can show.
  StatusOr<json> clarify = client.StartConversationAndWait(kSpace, "revenue by region");
  ASSERT_TRUE(clarify.ok()) << clarify.status();
  bool follow_up = false;
  for (const json& attachment : (*clarify)["attachments"]) {
    const json text = attachment.value("text", json::object());
    follow_up = follow_up || text.value("purpose", "") == "FOLLOW_UP_QUESTION";
  }
  EXPECT_TRUE(follow_up) << clarify->dump();
}

TEST_P(GenieClientTest, ErrorsHaveTheShapeAndStatusTheSdkExpects) {
  GenieClient client(port(), token("alice"));
  EXPECT_FALSE(client.Do("GET", "/spaces/nope").ok());
  EXPECT_EQ(client.last_error().status, 404);
  EXPECT_EQ(client.last_error().error_code, "RESOURCE_DOES_NOT_EXIST");
  EXPECT_FALSE(client.Do("POST", "/spaces/demo/start-conversation", json::object()).ok());
  EXPECT_EQ(client.last_error().status, 400);
  EXPECT_EQ(client.last_error().error_code, "INVALID_PARAMETER_VALUE");
  EXPECT_FALSE(client.Do("GET", "/spaces/demo/conversations/nope/messages/nope").ok());
  EXPECT_EQ(client.last_error().status, 404);
  EXPECT_NE(client.last_error().message.find("Conversation not found"), std::string::npos);
  for (const GenieError& error : {client.last_error()}) {
    EXPECT_EQ(error.message.find("Unexpected error"), std::string::npos);
    EXPECT_EQ(error.message.find("Please try again later"), std::string::npos);
  }

  GenieClient stranger(port(), "scry_not_a_token");
  EXPECT_FALSE(stranger.Do("GET", "/spaces/demo").ok());
  EXPECT_EQ(stranger.last_error().status, 401);
  GenieClient outsider(port(), token("outsider"));
  EXPECT_FALSE(outsider.Do("POST", "/spaces/demo/start-conversation", {{"content", "x"}}).ok());
  EXPECT_EQ(outsider.last_error().status, 403);
  EXPECT_EQ(outsider.last_error().error_code, "PERMISSION_DENIED");

  // Another user's conversation does not exist for them.
  StatusOr<json> mine = client.StartConversationAndWait(kSpace, "number of orders");
  ASSERT_TRUE(mine.ok()) << mine.status();
  GenieClient bob(port(), token("bob"));
  EXPECT_FALSE(
      bob.GetMessage(kSpace, mine->value("conversation_id", ""), mine->value("message_id", ""))
          .ok());
  EXPECT_EQ(bob.last_error().status, 404);
  EXPECT_FALSE(
      bob.Do("DELETE", "/spaces/demo/conversations/" + mine->value("conversation_id", "")).ok());
  EXPECT_TRUE(
      client.GetMessage(kSpace, mine->value("conversation_id", ""), mine->value("message_id", ""))
          .ok());
}

TEST_P(GenieClientTest, WorksOverHttpsWithAClientThatTrustsTheCertificate) {
  server::testing::TempDir dir;
  StatusOr<server::testing::TlsFiles> tls = server::testing::MakeSelfSignedCertificate(dir.path());
  ASSERT_TRUE(tls.ok()) << tls.status();
  StartServer({.overrides = {"tls.certificate=" + tls->certificate_file,
                             "tls.key=" + tls->private_key_file}});
  server::testing::TestClientOptions options;
  options.tls = true;
  options.ca_file = tls->certificate_file;
  server::testing::TestHttpClient https("127.0.0.1", port(), options);
  StatusOr<server::testing::HttpResponse> started = https.Post(
      "/api/2.0/genie/spaces/demo/start-conversation", json{{"content", "number of orders"}}.dump(),
      {{"Authorization", "Bearer " + token("alice")}});
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_EQ(started->status, 200) << started->body;
  server::testing::TestHttpClient plain("127.0.0.1", port());
  EXPECT_FALSE(plain.Get("/healthz").ok() && plain.Get("/healthz")->status == 200)
      << "plain HTTP is not served on the TLS port";
}

INSTANTIATE_TEST_SUITE_P(Stores, GenieClientTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         StoreKindName);

}  // namespace
}  // namespace scry::testing
