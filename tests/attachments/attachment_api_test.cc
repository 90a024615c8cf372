// The attachments API over HTTP: the native routes and the attachment routes
// on a real server (127.0.0.1, a port the OS picks) over the demo warehouse,
// an in-memory SQLite store and the real converter. Upload, list, ask about
// the upload, download the answer, delete; a refused file leaves nothing;
// another user gets 404 everywhere.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "auth/sessions.h"
#include "auth/tokens.h"
#include "conversation/attachments.h"
#include "conversation/test_space.h"
#include "engine/duckdb/duckdb_file_converter.h"
#include "server/routes/attachment_routes.h"
#include "server/routes/authenticator.h"
#include "server/routes/native_routes.h"
#include "server/server_fixture.h"
#include "store/sqlite/sqlite_store.h"

namespace scry::server::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

constexpr std::string_view kTargets = "region,target\nNorth,100\nNorth,50\nSouth,200\nEast,70\n";
constexpr size_t kServerBodyLimit = 1024;
constexpr int64_t kUploadLimit = 64 * 1024;

class OpenAccess final : public conversation::AccessPolicy {
 public:
  Status CheckSpace(const store::User&, const conversation::SpaceRuntime&) const override {
    return Status::Ok();
  }
  StatusOr<sql::GuardPolicy> PolicyFor(const store::User&,
                                       const conversation::SpaceRuntime& space) const override {
    return space.policy;
  }
};

struct Reply {
  int status = 0;
  json body;
  std::string text;
};

class AttachmentApiTest : public ServerTest {
 protected:
  static void SetUpTestSuite() {
    folder_ = new scry::testing::AttachmentsFolder("scry_attachment_api");
    auto space = scry::testing::BuildTestSpace("demo", 2000, folder_->path());
    ASSERT_TRUE(space.ok()) << space.status();
    space_ = std::move(space).value().release();
  }
  static void TearDownTestSuite() {
    delete space_;
    delete folder_;
  }

  void SetUp() override {
    auto opened = store::SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(opened).value();
    directory_ = std::make_unique<scry::testing::TestSpaceDirectory>(
        std::vector<const conversation::SpaceRuntime*>{&space_->runtime});
    tokens_ = std::make_unique<auth::TokenService>(*store_, clock_);
    sessions_ = std::make_unique<auth::SessionService>(*store_, clock_);
    authenticator_ = std::make_unique<TokenOrSessionAuthenticator>(*tokens_, *sessions_);
    conversation::AttachmentOptions options;
    options.directory = folder_->path();
    options.max_upload_bytes = kUploadLimit;
    auto attachments = conversation::AttachmentService::Create(*store_, *directory_, access_,
                                                               converter_, clock_, options);
    ASSERT_TRUE(attachments.ok()) << attachments.status();
    attachments_ = std::move(attachments).value();
    conversation::ServiceOptions service_options;
    service_options.attachments = attachments_.get();
    service_ = std::make_unique<conversation::ConversationService>(*store_, *directory_, access_,
                                                                   clock_, service_options);
    downloads_ = std::make_unique<conversation::WorkerPool>(1, 8);
    uploads_ = std::make_unique<conversation::WorkerPool>(1, 8);
    ApiContext context;
    context.store = store_.get();
    context.service = service_.get();
    context.spaces = directory_.get();
    context.access = &access_;
    context.auth = authenticator_.get();
    context.tokens = tokens_.get();
    context.sessions = sessions_.get();
    context.clock = &clock_;
    context.downloads = downloads_.get();
    context.attachments = attachments_.get();
    context.uploads = uploads_.get();
    ASSERT_TRUE(AddNativeRoutes(context, &router_).ok());
    ASSERT_TRUE(AddAttachmentRoutes(context, &router_).ok());
    HttpServerOptions server_options;
    server_options.max_body_bytes = kServerBodyLimit;
    StartServer(server_options);
    alice_ = AddUser("alice@example.com");
    bob_ = AddUser("bob@example.com");
  }

  void TearDown() override {
    ServerTest::TearDown();
    uploads_->Shutdown();
    downloads_->Shutdown();
    service_->Shutdown();
    folder_->Clear();
  }

  // A user with a personal access token; returns the Authorization header.
  Headers AddUser(const std::string& email) {
    store::User user;
    user.email = email;
    user.display_name = email;
    user.role = store::Role::kAuthor;
    StatusOr<store::User> created = store_->CreateUser(user);
    EXPECT_TRUE(created.ok()) << created.status();
    StatusOr<auth::CreatedToken> token = tokens_->Create(*created, "test", std::nullopt);
    EXPECT_TRUE(token.ok()) << token.status();
    return {{"Authorization", "Bearer " + token->secret}};
  }

  Reply Call(std::string_view method, const std::string& target, const Headers& headers,
             std::string_view body = {}) {
    StatusOr<HttpResponse> response = Client()->Send(method, target, body, headers);
    EXPECT_TRUE(response.ok()) << response.status();
    Reply reply;
    if (!response.ok()) return reply;
    reply.status = response->status;
    reply.text = response->body;
    reply.body = json::parse(response->body, nullptr, false);
    return reply;
  }

  Reply UploadFile(const Headers& user, const std::string& conversation, const std::string& name,
                   std::string_view bytes, Headers extra = {}) {
    Headers headers = user;
    headers["Content-Type"] = "text/csv";
    for (const auto& [key, value] : extra) headers[key] = value;
    return Call("POST", "/api/v1/conversations/" + conversation + "/attachments?name=" + name,
                headers, bytes);
  }

  std::string NewConversation(const Headers& user) {
    Reply reply = Call("POST", "/api/v1/conversations", user, R"({"space_id": "demo"})");
    EXPECT_EQ(reply.status, 201) << reply.text;
    return reply.body.value("id", "");
  }

  // Posts to `path` (messages or sql) and polls the message until final.
  json AskAndWait(const Headers& user, const std::string& conversation, const std::string& path,
                  const json& body) {
    const std::string base = "/api/v1/conversations/" + conversation;
    Reply posted = Call("POST", base + "/" + path, user, body.dump());
    EXPECT_EQ(posted.status, 202) << posted.text;
    const std::string id = posted.body.value("id", "");
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      Reply message = Call("GET", base + "/messages/" + id, user);
      const std::string status = message.body.value("status", "");
      if (status == "completed" || status == "failed" || status == "cancelled") {
        return message.body;
      }
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "message " << id << " was not answered";
    return json();
  }

  static std::vector<std::string> Files() { return folder_->Files(); }

  static inline scry::testing::AttachmentsFolder* folder_ = nullptr;
  static inline scry::testing::TestSpace* space_ = nullptr;
  FixedClock clock_{CivilDate{2025, 11, 24}};
  OpenAccess access_;
  engine::DuckDbFileConverter converter_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<scry::testing::TestSpaceDirectory> directory_;
  std::unique_ptr<auth::TokenService> tokens_;
  std::unique_ptr<auth::SessionService> sessions_;
  std::unique_ptr<TokenOrSessionAuthenticator> authenticator_;
  std::unique_ptr<conversation::AttachmentService> attachments_;
  std::unique_ptr<conversation::ConversationService> service_;
  std::unique_ptr<conversation::WorkerPool> downloads_;
  std::unique_ptr<conversation::WorkerPool> uploads_;
  Headers alice_;
  Headers bob_;
};

TEST_F(AttachmentApiTest, UploadListAskAndDownload) {
  const std::string conversation = NewConversation(alice_);
  const std::string base = "/api/v1/conversations/" + conversation + "/attachments";
  Reply uploaded = UploadFile(alice_, conversation, "targets.csv", kTargets);
  ASSERT_EQ(uploaded.status, 201) << uploaded.text;
  const json& attachment = uploaded.body;
  EXPECT_EQ(attachment["conversation_id"], conversation);
  EXPECT_EQ(attachment["file_name"], "targets.csv");
  EXPECT_EQ(attachment["table_name"], "targets");
  EXPECT_EQ(attachment["format"], "csv");
  EXPECT_EQ(attachment["size_bytes"], kTargets.size());
  EXPECT_EQ(attachment["row_count"], 4);
  EXPECT_EQ(attachment["columns"], json::parse(R"([{"name": "region", "type": "text"},
                                                   {"name": "target", "type": "integer"}])"));
  EXPECT_TRUE(attachment["created_ms"].is_number_integer());
  EXPECT_FALSE(attachment.contains("storage_path"));

  Reply listed = Call("GET", base, alice_);
  ASSERT_EQ(listed.status, 200) << listed.text;
  ASSERT_EQ(listed.body["attachments"].size(), 1u);
  EXPECT_EQ(listed.body["attachments"][0], attachment);

  const json answer =
      AskAndWait(alice_, conversation, "messages", {{"question", "total target by region"}});
  ASSERT_EQ(answer["status"], "completed") << answer.dump();
  EXPECT_EQ(answer["answer"]["kind"], "query");
  EXPECT_EQ(answer["answer"]["rows"].size(), 3u) << answer.dump();

  Reply csv = Call("GET",
                   "/api/v1/conversations/" + conversation + "/messages/" +
                       answer["id"].get<std::string>() + "/result.csv",
                   alice_);
  ASSERT_EQ(csv.status, 200) << csv.text;
  EXPECT_THAT(csv.text, HasSubstr("150,North"));
  EXPECT_THAT(csv.text, HasSubstr("70,East"));

  const json own = AskAndWait(alice_, conversation, "sql",
                              {{"sql", "SELECT sum(target) AS total FROM targets"}});
  ASSERT_EQ(own["status"], "completed") << own.dump();
  EXPECT_EQ(own["answer"]["rows"][0][0], 420);
}

TEST_F(AttachmentApiTest, UploadsHaveTheirOwnBodyLimit) {
  const std::string conversation = NewConversation(alice_);
  // Over the server's limit for other requests, under the upload limit.
  std::string big = "n,label\n";
  while (big.size() < 4 * kServerBodyLimit) big += std::to_string(big.size()) + ",row\n";
  Reply uploaded = UploadFile(alice_, conversation, "big.csv", big);
  EXPECT_EQ(uploaded.status, 201) << uploaded.text;
  Reply too_big = UploadFile(alice_, conversation, "huge.csv", std::string(kUploadLimit + 1, 'x'));
  EXPECT_EQ(too_big.status, 413) << too_big.text;
  Reply json_body = Call("POST", "/api/v1/conversations", alice_, std::string(2048, ' '));
  EXPECT_EQ(json_body.status, 413);
}

TEST_F(AttachmentApiTest, ARefusedFileLeavesNothingBehind) {
  const std::string conversation = NewConversation(alice_);
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  Reply refused = UploadFile(alice_, conversation, "photo.png", png);
  EXPECT_EQ(refused.status, 400) << refused.text;
  EXPECT_EQ(refused.body["error"]["code"], "INVALID_ARGUMENT");
  EXPECT_THAT(refused.body["error"]["message"].get<std::string>(), HasSubstr("'photo.png'"));
  Reply binary = UploadFile(alice_, conversation, "photo.csv", png);
  EXPECT_EQ(binary.status, 400);
  EXPECT_THAT(binary.body["error"]["message"].get<std::string>(), HasSubstr("binary"));
  Reply scalar = UploadFile(alice_, conversation, "n.json", "42");
  EXPECT_EQ(scalar.status, 400);
  Reply nameless =
      Call("POST", "/api/v1/conversations/" + conversation + "/attachments", alice_, kTargets);
  EXPECT_EQ(nameless.status, 400);
  EXPECT_THAT(nameless.body["error"]["message"].get<std::string>(), HasSubstr("name"));
  Reply form = UploadFile(alice_, conversation, "targets.csv", kTargets,
                          {{"Content-Type", "multipart/form-data; boundary=x"}});
  EXPECT_EQ(form.status, 400);
  EXPECT_THAT(form.body["error"]["message"].get<std::string>(), HasSubstr("multipart"));
  Reply format =
      Call("POST",
           "/api/v1/conversations/" + conversation + "/attachments?name=targets.csv&format=excel",
           alice_, kTargets);
  EXPECT_EQ(format.status, 400);

  Reply listed = Call("GET", "/api/v1/conversations/" + conversation + "/attachments", alice_);
  EXPECT_THAT(listed.body["attachments"], IsEmpty());
  EXPECT_THAT(Files(), IsEmpty());
}

TEST_F(AttachmentApiTest, AnotherUserGets404Everywhere) {
  const std::string conversation = NewConversation(alice_);
  const std::string base = "/api/v1/conversations/" + conversation;
  Reply uploaded = UploadFile(alice_, conversation, "targets.csv", kTargets);
  ASSERT_EQ(uploaded.status, 201);
  const std::string id = uploaded.body["id"];

  EXPECT_EQ(UploadFile(bob_, conversation, "x.csv", kTargets).status, 404);
  EXPECT_EQ(Call("GET", base + "/attachments", bob_).status, 404);
  EXPECT_EQ(Call("DELETE", base + "/attachments/" + id, bob_).status, 404);
  EXPECT_EQ(Call("POST", base + "/messages", bob_, R"({"question": "total target"})").status, 404);
  EXPECT_EQ(Call("POST", base + "/sql", bob_, R"({"sql": "SELECT * FROM targets"})").status, 404);
  EXPECT_EQ(UploadFile({}, conversation, "x.csv", kTargets).status, 401);
  EXPECT_EQ(Call("GET", base + "/attachments", {}).status, 401);

  // In Bob's own conversation the table does not exist and the file is out
  // of reach.
  const std::string mine = NewConversation(bob_);
  for (const std::string& sql :
       {std::string("SELECT * FROM targets"), "SELECT * FROM read_parquet('" + folder_->path() +
                                                  "/" + conversation + "/" + id + ".parquet')"}) {
    const json refused = AskAndWait(bob_, mine, "sql", {{"sql", sql}});
    EXPECT_EQ(refused["status"], "failed") << sql;
    EXPECT_EQ(refused["error"]["code"], "PERMISSION_DENIED") << sql;
  }
  // Nothing of Alice's changed.
  EXPECT_EQ(Call("GET", base + "/attachments", alice_).body["attachments"].size(), 1u);
}

TEST_F(AttachmentApiTest, DeletingAnAttachmentAndTheConversation) {
  const std::string conversation = NewConversation(alice_);
  const std::string base = "/api/v1/conversations/" + conversation;
  Reply first = UploadFile(alice_, conversation, "targets.csv", kTargets);
  Reply second = UploadFile(alice_, conversation, "targets.csv", kTargets);
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(second.body["table_name"], "targets_2");
  EXPECT_EQ(Files().size(), 2u);

  const std::string id = first.body["id"];
  EXPECT_EQ(Call("DELETE", base + "/attachments/" + id, alice_).status, 200);
  EXPECT_EQ(Call("DELETE", base + "/attachments/" + id, alice_).status, 404);
  EXPECT_EQ(Call("GET", base + "/attachments", alice_).body["attachments"].size(), 1u);
  EXPECT_EQ(Files().size(), 1u);

  EXPECT_EQ(Call("DELETE", base, alice_).status, 200);
  EXPECT_THAT(Files(), IsEmpty());
  EXPECT_FALSE(fs::exists(fs::path(folder_->path()) / conversation));
  EXPECT_EQ(Call("GET", base + "/attachments", alice_).status, 404);
}

}  // namespace
}  // namespace scry::server::testing
