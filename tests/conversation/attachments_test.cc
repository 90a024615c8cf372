// Attachments in conversations: an uploaded file becomes a table the
// conversation (and only it) can ask about, write SQL over and download
// answers of; a file that is not a table is refused and leaves nothing.
#include "conversation/attachments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "conversation/test_space.h"
#include "engine/column.h"
#include "engine/duckdb/duckdb_file_converter.h"
#include "store/sqlite/sqlite_store.h"

namespace scry::conversation {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using store::MessageStatus;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

constexpr std::string_view kTargets = "region,target\nNorth,100\nNorth,50\nSouth,200\nEast,70\n";

// Every user may use the space; `filters` are row filters of every user.
class OpenAccess final : public AccessPolicy {
 public:
  Status CheckSpace(const store::User&, const SpaceRuntime&) const override { return Status::Ok(); }
  StatusOr<sql::GuardPolicy> PolicyFor(const store::User&,
                                       const SpaceRuntime& space) const override {
    sql::GuardPolicy policy = space.policy;
    policy.row_filters = filters;
    return policy;
  }
  std::map<std::string, std::string> filters;
};

class AttachmentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new testing::AttachmentsFolder("scry_attachments");
    auto space = testing::BuildTestSpace("demo", 3000, folder_->path());
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
    directory_ = std::make_unique<testing::TestSpaceDirectory>(
        std::vector<const SpaceRuntime*>{&space_->runtime});
    alice_ = AddUser("alice@example.com");
    bob_ = AddUser("bob@example.com");
    Start();
  }

  void TearDown() override {
    service_.reset();
    attachments_.reset();
    folder_->Clear();  // each test starts from an empty folder
  }

  void Start(AttachmentOptions options = {}) {
    service_.reset();
    options.directory = folder_->path();
    auto created = AttachmentService::Create(*store_, *directory_, access_, converter_, clock_,
                                             std::move(options));
    ASSERT_TRUE(created.ok()) << created.status();
    attachments_ = std::move(created).value();
    ServiceOptions service_options;
    service_options.attachments = attachments_.get();
    service_ = std::make_unique<ConversationService>(*store_, *directory_, access_, clock_,
                                                     service_options);
  }

  store::User AddUser(const std::string& email) {
    store::User user;
    user.email = email;
    user.display_name = email;
    user.role = store::Role::kAuthor;
    StatusOr<store::User> created = store_->CreateUser(user);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : user;
  }

  std::string NewConversation(const store::User& user) {
    StatusOr<store::Conversation> conversation = service_->StartConversation(user, "demo", "");
    EXPECT_TRUE(conversation.ok()) << conversation.status();
    return conversation.ok() ? conversation->id : "";
  }

  StatusOr<store::Attachment> Upload(const store::User& user, const std::string& conversation,
                                     const std::string& name, std::string_view bytes) {
    return attachments_->Upload(user, conversation, UploadRequest{name, "", bytes});
  }

  store::Message AskAndWait(const store::User& user, const std::string& conversation,
                            const PostRequest& request) {
    StatusOr<store::Message> posted = service_->Post(user, conversation, request);
    EXPECT_TRUE(posted.ok()) << posted.status();
    if (!posted.ok()) return {};
    StatusOr<store::Message> done = service_->WaitForFinal(user, conversation, posted->id, 60s);
    EXPECT_TRUE(done.ok()) << done.status();
    return done.ok() ? *done : store::Message{};
  }

  // The answer's rows, cells joined with '|'.
  static std::vector<std::string> Rows(const store::Message& message) {
    const json answer = json::parse(message.answer_json);
    std::vector<std::string> rows;
    for (const json& row : answer.value("rows", json::array())) {
      std::string text;
      for (const json& cell : row) {
        if (!text.empty()) text += '|';
        text += cell.is_string() ? cell.get<std::string>() : cell.dump();
      }
      rows.push_back(text);
    }
    return rows;
  }

  static std::vector<std::string> Files() { return folder_->Files(); }

  static inline testing::AttachmentsFolder* folder_ = nullptr;
  static inline testing::TestSpace* space_ = nullptr;
  FixedClock clock_{CivilDate{2025, 11, 24}};
  OpenAccess access_;
  engine::DuckDbFileConverter converter_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<testing::TestSpaceDirectory> directory_;
  std::unique_ptr<AttachmentService> attachments_;
  std::unique_ptr<ConversationService> service_;
  store::User alice_;
  store::User bob_;
};

TEST_F(AttachmentsTest, AnUploadedCsvIsATableOfTheConversation) {
  const std::string conversation = NewConversation(alice_);
  StatusOr<store::Attachment> uploaded = Upload(alice_, conversation, "targets.csv", kTargets);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_EQ(uploaded->table_name, "targets");
  EXPECT_EQ(uploaded->format, "csv");
  EXPECT_EQ(uploaded->row_count, 4);
  EXPECT_EQ(uploaded->size_bytes, static_cast<int64_t>(kTargets.size()));
  EXPECT_EQ(uploaded->storage_path,
            folder_->path() + "/" + conversation + "/" + uploaded->id + ".parquet");
  EXPECT_THAT(Files(), ElementsAre(uploaded->storage_path));
  const json columns = json::parse(uploaded->columns_json);
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_EQ(columns[0]["name"], "region");
  EXPECT_EQ(columns[1]["type"], "integer");

  StatusOr<std::vector<store::Attachment>> listed = attachments_->List(alice_, conversation);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, uploaded->id);
  StatusOr<std::vector<store::UsageEvent>> usage = store_->ListUsageEvents({});
  ASSERT_TRUE(usage.ok());
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].kind, "upload");
}

TEST_F(AttachmentsTest, AQuestionAboutTheUploadGetsItsNumbers) {
  const std::string conversation = NewConversation(alice_);
  ASSERT_TRUE(Upload(alice_, conversation, "targets.csv", kTargets).ok());
  const store::Message answer =
      AskAndWait(alice_, conversation, PostRequest::Question("total target by region"));
  ASSERT_EQ(answer.status, MessageStatus::kCompleted) << answer.answer_json;
  const json parsed = json::parse(answer.answer_json);
  ASSERT_EQ(parsed["kind"], "query") << answer.answer_json;
  EXPECT_THAT(parsed["sql"].get<std::string>(), HasSubstr("targets"));
  std::vector<std::string> rows = Rows(answer);
  std::sort(rows.begin(), rows.end());
  EXPECT_THAT(rows, ElementsAre("150|North", "200|South", "70|East"));

  // A follow-up keeps reading the attachment.
  const store::Message follow_up =
      AskAndWait(alice_, conversation, PostRequest::Question("only North"));
  ASSERT_EQ(follow_up.status, MessageStatus::kCompleted) << follow_up.answer_json;
  EXPECT_THAT(Rows(follow_up), ElementsAre("150|North")) << follow_up.answer_json;
}

TEST_F(AttachmentsTest, AuthorsReferenceItInTheirSqlBesideTheWarehouse) {
  const std::string conversation = NewConversation(alice_);
  ASSERT_TRUE(Upload(alice_, conversation, "targets.csv", kTargets).ok());
  const store::Message own = AskAndWait(
      alice_, conversation,
      PostRequest::Sql("SELECT sum(t.target) AS total, (SELECT count(*) FROM stores) > 0 AS "
                       "has_stores FROM targets t"));
  ASSERT_EQ(own.status, MessageStatus::kCompleted) << own.answer_json;
  EXPECT_THAT(Rows(own), ElementsAre("420|true"));
}

TEST_F(AttachmentsTest, RowFiltersHoldInAJoinWithAnAttachment) {
  access_.filters = {{"stores", R"("channel" = 'Online')"}};
  const std::string conversation = NewConversation(alice_);
  ASSERT_TRUE(
      Upload(alice_, conversation, "channels.csv", "channel,goal\nOnline,1\nRetail,2\n").ok());
  const store::Message joined =
      AskAndWait(alice_, conversation,
                 PostRequest::Sql("SELECT DISTINCT s.channel, c.goal FROM stores s JOIN channels c "
                                  "ON c.channel = s.channel ORDER BY 1"));
  ASSERT_EQ(joined.status, MessageStatus::kCompleted) << joined.answer_json;
  EXPECT_THAT(Rows(joined), ElementsAre("Online|1"));
  access_.filters.clear();
}

TEST_F(AttachmentsTest, TheCsvDownloadOfAnAnswerReadsTheAttachment) {
  const std::string conversation = NewConversation(alice_);
  ASSERT_TRUE(Upload(alice_, conversation, "targets.csv", kTargets).ok());
  const store::Message answer =
      AskAndWait(alice_, conversation, PostRequest::Sql("SELECT region, target FROM targets"));
  ASSERT_EQ(answer.status, MessageStatus::kCompleted) << answer.answer_json;
  int64_t rows = 0;
  int64_t total = 0;
  Status streamed = service_->StreamResult(
      alice_, conversation, answer.id,
      [&](const std::vector<engine::ColumnInfo>&, const engine::Chunk& chunk) {
        for (size_t row = 0; row < chunk.row_count(); ++row) {
          ++rows;
          total += chunk.columns[1].Int64At(row);
        }
        return true;
      });
  ASSERT_TRUE(streamed.ok()) << streamed;
  EXPECT_EQ(rows, 4);
  EXPECT_EQ(total, 420);
}

TEST_F(AttachmentsTest, NoOtherUserOrConversationReachesIt) {
  const std::string mine = NewConversation(alice_);
  StatusOr<store::Attachment> uploaded = Upload(alice_, mine, "targets.csv", kTargets);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  // Another user: the conversation does not exist for them.
  EXPECT_EQ(Upload(bob_, mine, "x.csv", kTargets).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(attachments_->List(bob_, mine).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(attachments_->Delete(bob_, mine, uploaded->id).code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->Post(bob_, mine, PostRequest::Question("total target")).status().code(),
            StatusCode::kNotFound);
  // Another conversation, even the same user's, and another user's own
  // conversation: the table is unknown, the file out of reach.
  for (const store::User& user : {alice_, bob_}) {
    const std::string other = NewConversation(user);
    for (const std::string& sql :
         {std::string("SELECT * FROM targets"),
          "SELECT * FROM read_parquet('" + uploaded->storage_path + "')",
          "SELECT * FROM '" + uploaded->storage_path + "'",
          "SELECT * FROM read_parquet('" + folder_->path() + "/*/*.parquet')"}) {
      const store::Message refused = AskAndWait(user, other, PostRequest::Sql(sql));
      EXPECT_EQ(refused.status, MessageStatus::kFailed) << sql << "\n" << refused.answer_json;
      EXPECT_EQ(refused.error_code, "PERMISSION_DENIED") << sql;
    }
    const store::Message question =
        AskAndWait(user, other, PostRequest::Question("total target by region"));
    // Understood, if at all, over the warehouse: never the attachment's rows.
    EXPECT_THAT(question.answer_json, ::testing::Not(HasSubstr("\"North\"")));
    EXPECT_THAT(question.answer_json, ::testing::Not(HasSubstr("FROM targets")));
  }
  // In its own conversation the path stays refused too: only the name works.
  const store::Message direct =
      AskAndWait(alice_, mine,
                 PostRequest::Sql("SELECT * FROM read_parquet('" + uploaded->storage_path + "')"));
  EXPECT_EQ(direct.error_code, "PERMISSION_DENIED");
}

TEST_F(AttachmentsTest, FilesThatAreNotTablesAreRefusedAndLeaveNothing) {
  const std::string conversation = NewConversation(alice_);
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"photo.png", png},          {"photo.csv", png},
      {"empty.csv", ""},           {"answer.json", "42"},
      {"data.csv.gz", "a,b\n1,2"}, {"header.csv", "a,b\n"},
      {"../../etc/passwd", "x"},   {"", "a\n1\n"},
  };
  for (const auto& [name, bytes] : refused) {
    StatusOr<store::Attachment> uploaded = Upload(alice_, conversation, name, bytes);
    EXPECT_EQ(uploaded.status().code(), StatusCode::kInvalidArgument) << name;
  }
  EXPECT_THAT(*attachments_->List(alice_, conversation), IsEmpty());
  EXPECT_THAT(Files(), IsEmpty());
  EXPECT_FALSE(fs::exists(fs::path(folder_->path()) / conversation));
}

TEST_F(AttachmentsTest, OversizedUploadsAreRefused) {
  AttachmentOptions options;
  options.max_upload_bytes = 32;
  Start(options);
  const std::string conversation = NewConversation(alice_);
  StatusOr<store::Attachment> uploaded =
      Upload(alice_, conversation, "targets.csv", std::string(kTargets) + std::string(64, '\n'));
  EXPECT_EQ(uploaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(uploaded.status().message(), HasSubstr("limited to 32 bytes"));
  EXPECT_THAT(Files(), IsEmpty());
}

TEST_F(AttachmentsTest, TableNamesNeverClash) {
  const std::string conversation = NewConversation(alice_);
  StatusOr<store::Attachment> orders = Upload(alice_, conversation, "orders.csv", kTargets);
  ASSERT_TRUE(orders.ok()) << orders.status();
  EXPECT_EQ(orders->table_name, "orders_2");  // the space has orders
  StatusOr<store::Attachment> first = Upload(alice_, conversation, "Targets.csv", kTargets);
  StatusOr<store::Attachment> second = Upload(alice_, conversation, "targets.csv", kTargets);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->table_name, "targets");
  EXPECT_EQ(second->table_name, "targets_2");
  // The space's orders are still the warehouse's.
  const store::Message count =
      AskAndWait(alice_, conversation, PostRequest::Sql("SELECT count(*) > 4 FROM orders"));
  EXPECT_THAT(Rows(count), ElementsAre("true"));
}

TEST_F(AttachmentsTest, JsonAndParquetUploadsAreTablesToo) {
  const std::string conversation = NewConversation(alice_);
  StatusOr<store::Attachment> json_upload =
      Upload(alice_, conversation, "cities.json",
             R"([{"city": "Oslo", "people": 700000}, {"city": "Lima", "people": 10000000}])");
  ASSERT_TRUE(json_upload.ok()) << json_upload.status();
  EXPECT_EQ(json_upload->format, "json");
  // The converted file uploaded again, as Parquet.
  std::ifstream in(json_upload->storage_path, std::ios::binary);
  const std::string parquet((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  StatusOr<store::Attachment> parquet_upload =
      Upload(alice_, conversation, "cities.parquet", parquet);
  ASSERT_TRUE(parquet_upload.ok()) << parquet_upload.status();
  EXPECT_EQ(parquet_upload->format, "parquet");
  EXPECT_EQ(parquet_upload->table_name, "cities_2");
  const store::Message both = AskAndWait(
      alice_, conversation,
      PostRequest::Sql("SELECT count(*) FROM cities JOIN cities_2 USING (city, people)"));
  EXPECT_THAT(Rows(both), ElementsAre("2")) << both.answer_json;
}

TEST_F(AttachmentsTest, UploadsAtOnceGetDistinctNames) {
  const std::string conversation = NewConversation(alice_);
  std::vector<std::thread> threads;
  std::vector<StatusOr<store::Attachment>> results(4, InternalError("not run"));
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back(
        [&, i] { results[i] = Upload(alice_, conversation, "targets.csv", kTargets); });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> names;
  for (const StatusOr<store::Attachment>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    names.insert(result->table_name);
  }
  EXPECT_EQ(names, (std::set<std::string>{"targets", "targets_2", "targets_3", "targets_4"}));
  EXPECT_EQ(Files().size(), 4u);
}

TEST_F(AttachmentsTest, ATooFullConversationRefusesMore) {
  AttachmentOptions options;
  options.max_per_conversation = 1;
  Start(options);
  const std::string conversation = NewConversation(alice_);
  ASSERT_TRUE(Upload(alice_, conversation, "targets.csv", kTargets).ok());
  EXPECT_EQ(Upload(alice_, conversation, "more.csv", kTargets).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Files().size(), 1u);
}

TEST_F(AttachmentsTest, DeletingRemovesTheTableAndTheFile) {
  const std::string conversation = NewConversation(alice_);
  StatusOr<store::Attachment> uploaded = Upload(alice_, conversation, "targets.csv", kTargets);
  ASSERT_TRUE(uploaded.ok());
  ASSERT_TRUE(attachments_->Delete(alice_, conversation, uploaded->id).ok());
  EXPECT_THAT(Files(), IsEmpty());
  EXPECT_EQ(attachments_->Delete(alice_, conversation, uploaded->id).code(), StatusCode::kNotFound);
  const store::Message gone =
      AskAndWait(alice_, conversation, PostRequest::Sql("SELECT * FROM targets"));
  EXPECT_EQ(gone.error_code, "PERMISSION_DENIED");
}

TEST_F(AttachmentsTest, DeletingTheConversationRemovesItsFiles) {
  const std::string conversation = NewConversation(alice_);
  const std::string kept = NewConversation(alice_);
  ASSERT_TRUE(Upload(alice_, conversation, "targets.csv", kTargets).ok());
  ASSERT_TRUE(Upload(alice_, kept, "targets.csv", kTargets).ok());
  EXPECT_EQ(service_->DeleteConversation(bob_, conversation).code(), StatusCode::kNotFound);
  ASSERT_TRUE(service_->DeleteConversation(alice_, conversation).ok());
  EXPECT_FALSE(fs::exists(fs::path(folder_->path()) / conversation));
  EXPECT_EQ(Files().size(), 1u);
  EXPECT_EQ(attachments_->List(alice_, conversation).status().code(), StatusCode::kNotFound);
}

TEST_F(AttachmentsTest, ASpaceWhoseEngineCannotReadThemRefusesUploads) {
  SpaceRuntime closed = space_->runtime;
  closed.id = "closed";
  closed.attachments = false;
  directory_ = std::make_unique<testing::TestSpaceDirectory>(
      std::vector<const SpaceRuntime*>{&space_->runtime, &closed});
  Start();
  StatusOr<store::Conversation> conversation = service_->StartConversation(alice_, "closed", "");
  ASSERT_TRUE(conversation.ok());
  EXPECT_EQ(Upload(alice_, conversation->id, "targets.csv", kTargets).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace scry::conversation
