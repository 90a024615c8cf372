#include "conversation/service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "conversation/test_space.h"
#include "store/sqlite/sqlite_store.h"

namespace scry::conversation {
namespace {

using nlohmann::json;
using store::MessageStatus;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Lets every user use the space, and can hold PolicyFor() closed so tests
// control when a question proceeds (cancel while queued, a full queue).
class GateAccess final : public AccessPolicy {
 public:
  Status CheckSpace(const store::User& user, const SpaceRuntime&) const override {
    if (user.attributes.count("banned")) return PermissionDeniedError("banned from the space");
    return Status::Ok();
  }
  StatusOr<sql::GuardPolicy> PolicyFor(const store::User&,
                                       const SpaceRuntime& space) const override {
    std::unique_lock<std::mutex> lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
    return space.policy;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = false;
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  // Waits until `count` questions have reached the gate.
  void AwaitEntered(int count) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return entered_ >= count; });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable int entered_ = 0;
  bool open_ = true;
};

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto space = testing::BuildTestSpace("demo", 5000);
    ASSERT_TRUE(space.ok()) << space.status();
    space_ = std::move(space).value().release();
  }
  static void TearDownTestSuite() { delete space_; }

  void SetUp() override {
    auto opened = store::SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(opened).value();
    directory_ = std::make_unique<testing::TestSpaceDirectory>(
        std::vector<const SpaceRuntime*>{&space_->runtime});
    alice_ = AddUser("alice@example.com");
    bob_ = AddUser("bob@example.com");
  }

  void StartService(ServiceOptions options = {}) {
    service_ = std::make_unique<ConversationService>(*store_, *directory_, access_, clock_,
                                                     std::move(options));
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

  store::Message AskAndWait(const store::User& user, const std::string& conversation,
                            PostRequest request) {
    StatusOr<store::Message> posted = service_->Post(user, conversation, request);
    EXPECT_TRUE(posted.ok()) << posted.status();
    if (!posted.ok()) return {};
    EXPECT_EQ(posted->status, MessageStatus::kSubmitted);
    StatusOr<store::Message> done = service_->WaitForFinal(user, conversation, posted->id, 60s);
    EXPECT_TRUE(done.ok()) << done.status();
    return done.ok() ? *done : store::Message{};
  }

  store::Message AskAndWait(const store::User& user, const std::string& conversation,
                            const std::string& question) {
    return AskAndWait(user, conversation, PostRequest::Question(question));
  }

  std::string NewConversation(const store::User& user, const std::string& question = "") {
    StatusOr<store::Conversation> conversation =
        service_->StartConversation(user, "demo", question);
    EXPECT_TRUE(conversation.ok()) << conversation.status();
    return conversation.ok() ? conversation->id : "";
  }

  static json Answer(const store::Message& message) { return json::parse(message.answer_json); }

  static inline testing::TestSpace* space_ = nullptr;
  FixedClock clock_{CivilDate{2025, 11, 24}};
  GateAccess access_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<testing::TestSpaceDirectory> directory_;
  std::unique_ptr<ConversationService> service_;
  store::User alice_;
  store::User bob_;
};

TEST_F(ServiceTest, AQuestionIsAnsweredAndStoredWhole) {
  StartService();
  const std::string conversation = NewConversation(alice_, "revenue by store region");
  std::vector<MessageStatus> seen;
  std::mutex seen_mutex;
  // Held at the gate until subscribed, so every step is seen.
  access_.Close();
  StatusOr<store::Message> posted =
      service_->Post(alice_, conversation, PostRequest::Question("revenue by store region"));
  ASSERT_TRUE(posted.ok()) << posted.status();
  const int64_t handle = service_->Subscribe(posted->id, [&](const MessageEvent& event) {
    std::lock_guard<std::mutex> lock(seen_mutex);
    seen.push_back(event.status);
  });
  access_.Open();
  StatusOr<store::Message> done = service_->WaitForFinal(alice_, conversation, posted->id, 60s);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status, MessageStatus::kCompleted);
  EXPECT_EQ(done->seq, 1);
  const json answer = Answer(*done);
  EXPECT_EQ(answer["kind"], "query");
  EXPECT_THAT(answer["sql"].get<std::string>(), HasSubstr("stores.region"));
  EXPECT_THAT(answer["interpretation"]["restatement"].get<std::string>(),
              HasSubstr("store region"));
  EXPECT_EQ(answer["rows"].size(), 4u);
  EXPECT_EQ(answer["rows_stored"], 4);
  EXPECT_TRUE(answer.contains("timings_ms"));

  StatusOr<store::StoredResult> result = store_->GetResult(done->id);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stored_rows, 4);
  EXPECT_EQ(result->total_rows, 4);
  EXPECT_EQ(json::parse(result->rows_json).size(), 4u);

  StatusOr<store::Conversation> stored = store_->GetConversation(alice_.id, conversation);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->title, "Revenue by store region");

  // The message reads final as soon as the answer is stored; the worker then
  // adds the usage event and publishes the final event. Wait for that event,
  // however slowly the worker gets there.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(seen_mutex);
      if (!seen.empty() && store::IsFinal(seen.back())) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  service_->Unsubscribe(handle);
  {
    std::lock_guard<std::mutex> lock(seen_mutex);
    EXPECT_EQ(seen,
              (std::vector<MessageStatus>{MessageStatus::kUnderstanding, MessageStatus::kRunning,
                                          MessageStatus::kCompleted}));
  }

  // The usage event records the outcome and the engine's time.
  StatusOr<std::vector<store::UsageEvent>> usage = store_->ListUsageEvents({});
  ASSERT_TRUE(usage.ok());
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].outcome, "completed");
  EXPECT_EQ((*usage)[0].message_id, done->id);
}

TEST_F(ServiceTest, TheIssueConversationNarrowsAndRegroupsThroughStoredContext) {
  StartService();
  const std::string conversation = NewConversation(alice_);
  const store::Message first = AskAndWait(alice_, conversation, "revenue by region last quarter");
  ASSERT_EQ(first.status, MessageStatus::kCompleted);
  const json clarification = Answer(first);
  ASSERT_EQ(clarification["kind"], "clarification");
  ASSERT_GE(clarification["clarification"]["choices"].size(), 2u);
  int store_choice = -1;
  const json& choices = clarification["clarification"]["choices"];
  for (size_t i = 0; i < choices.size(); ++i) {
    if (choices[i]["label"].get<std::string>().find("Store") != std::string::npos) {
      store_choice = static_cast<int>(i);
    }
  }
  ASSERT_GE(store_choice, 0) << clarification.dump(2);

  const store::Message chosen = AskAndWait(alice_, conversation, PostRequest::Choice(store_choice));
  ASSERT_EQ(chosen.status, MessageStatus::kCompleted) << chosen.answer_json;
  EXPECT_EQ(chosen.question, choices[store_choice]["label"].get<std::string>());
  EXPECT_THAT(Answer(chosen)["sql"].get<std::string>(), HasSubstr("stores.region"));

  const store::Message online = AskAndWait(alice_, conversation, "only online");
  ASSERT_EQ(online.status, MessageStatus::kCompleted) << online.answer_json;
  const json narrowed = Answer(online);
  EXPECT_TRUE(narrowed["interpretation"]["follow_up"].get<bool>());
  EXPECT_THAT(narrowed["sql"].get<std::string>(), HasSubstr("'Online'"));
  EXPECT_THAT(narrowed["sql"].get<std::string>(), HasSubstr("stores.region"));

  const store::Message monthly = AskAndWait(alice_, conversation, "by month instead");
  ASSERT_EQ(monthly.status, MessageStatus::kCompleted) << monthly.answer_json;
  const std::string sql = Answer(monthly)["sql"].get<std::string>();
  EXPECT_THAT(sql, HasSubstr("'Online'"));
  EXPECT_THAT(sql, HasSubstr("month"));
  EXPECT_EQ(monthly.seq, 4);
}

TEST_F(ServiceTest, NonsenseIsAnAnswerThatSaysWhatCanBeAsked) {
  StartService();
  const std::string conversation = NewConversation(alice_);
  const store::Message message = AskAndWait(alice_, conversation, "xyzzy plugh frobnicate");
  EXPECT_EQ(message.status, MessageStatus::kCompleted);
  const json answer = Answer(message);
  EXPECT_EQ(answer["kind"], "not_understood");
  EXPECT_FALSE(answer["hints"].empty());
  EXPECT_FALSE(answer.contains("sql"));
  EXPECT_FALSE(store_->GetResult(message.id).ok());
}

TEST_F(ServiceTest, BadPostsChangeNothing) {
  StartService();
  const std::string conversation = NewConversation(alice_);
  EXPECT_EQ(service_->Post(alice_, conversation, PostRequest::Question("   ")).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Post(alice_, conversation, PostRequest::Question(std::string(5000, 'a')))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Post(alice_, "no-such-conversation", PostRequest::Question("revenue"))
                .status()
                .code(),
            StatusCode::kNotFound);
  StatusOr<std::vector<store::Message>> messages = store_->ListMessages(alice_.id, conversation);
  ASSERT_TRUE(messages.ok());
  EXPECT_TRUE(messages->empty());
  // A choice with no clarification before it is refused, plainly.
  StatusOr<store::Message> choice = service_->Post(alice_, conversation, PostRequest::Choice(0));
  EXPECT_EQ(choice.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(choice.status().message()), HasSubstr("no clarification choice"));
  messages = store_->ListMessages(alice_.id, conversation);
  ASSERT_TRUE(messages.ok());
  EXPECT_TRUE(messages->empty());
}

TEST_F(ServiceTest, AnotherUsersConversationIsNotFoundEverywhere) {
  StartService();
  const std::string conversation = NewConversation(alice_);
  const store::Message message = AskAndWait(alice_, conversation, "number of orders");
  ASSERT_EQ(message.status, MessageStatus::kCompleted);
  EXPECT_EQ(
      service_->Post(bob_, conversation, PostRequest::Question("number of orders")).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(service_->Cancel(bob_, conversation, message.id).code(), StatusCode::kNotFound);
  EXPECT_EQ(service_->WaitForFinal(bob_, conversation, message.id, 1s).status().code(),
            StatusCode::kNotFound);
  const Status streamed = service_->StreamResult(
      bob_, conversation, message.id,
      [](const std::vector<engine::ColumnInfo>&, const engine::Chunk&) { return true; });
  EXPECT_EQ(streamed.code(), StatusCode::kNotFound);
  // A user the access policy refuses cannot start a conversation.
  store::User banned = AddUser("carol@example.com");
  banned.attributes["banned"] = "yes";
  EXPECT_EQ(service_->StartConversation(banned, "demo", "").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->StartConversation(alice_, "nope", "").status().code(), StatusCode::kNotFound);
}

TEST_F(ServiceTest, CancelStopsAQuestionWaitingOrRunning) {
  ServiceOptions options;
  options.workers = 1;
  StartService(options);
  const std::string conversation = NewConversation(alice_);
  access_.Close();
  StatusOr<store::Message> first =
      service_->Post(alice_, conversation, PostRequest::Question("number of orders"));
  ASSERT_TRUE(first.ok());
  access_.AwaitEntered(1);  // the first is inside the worker, held at the gate
  StatusOr<store::Message> second =
      service_->Post(alice_, conversation, PostRequest::Question("number of customers"));
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(service_->Cancel(alice_, conversation, second->id).ok());
  EXPECT_TRUE(service_->Cancel(alice_, conversation, first->id).ok());
  access_.Open();
  StatusOr<store::Message> first_done =
      service_->WaitForFinal(alice_, conversation, first->id, 60s);
  StatusOr<store::Message> second_done =
      service_->WaitForFinal(alice_, conversation, second->id, 60s);
  ASSERT_TRUE(first_done.ok() && second_done.ok());
  EXPECT_EQ(first_done->status, MessageStatus::kCancelled);
  EXPECT_EQ(second_done->status, MessageStatus::kCancelled);
  // Cancelling a final message is a no-op.
  EXPECT_TRUE(service_->Cancel(alice_, conversation, first->id).ok());
  // The conversation goes on.
  const store::Message third = AskAndWait(alice_, conversation, "number of orders");
  EXPECT_EQ(third.status, MessageStatus::kCompleted);
}

TEST_F(ServiceTest, AFullQueueRefusesAndRecordsTheRefusal) {
  ServiceOptions options;
  options.workers = 1;
  options.max_queued = 1;
  StartService(options);
  const std::string conversation = NewConversation(alice_);
  access_.Close();
  StatusOr<store::Message> running =
      service_->Post(alice_, conversation, PostRequest::Question("orders"));
  ASSERT_TRUE(running.ok());
  access_.AwaitEntered(1);
  StatusOr<store::Message> queued =
      service_->Post(alice_, conversation, PostRequest::Question("customers"));
  ASSERT_TRUE(queued.ok());
  StatusOr<store::Message> refused =
      service_->Post(alice_, conversation, PostRequest::Question("products"));
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceExhausted);
  access_.Open();
  ASSERT_TRUE(service_->WaitForFinal(alice_, conversation, queued->id, 60s).ok());
  StatusOr<std::vector<store::Message>> messages = store_->ListMessages(alice_.id, conversation);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ((*messages)[2].status, MessageStatus::kFailed);
  EXPECT_EQ((*messages)[2].error_code, "RESOURCE_EXHAUSTED");
}

TEST_F(ServiceTest, UnfinishedMessagesFromACrashAreFailedOnStart) {
  store::Conversation conversation;
  conversation.id = NewId();
  conversation.space_id = "demo";
  conversation.user_id = alice_.id;
  conversation.title = "Before the crash";
  ASSERT_TRUE(store_->CreateConversation(conversation).ok());
  store::Message message;
  message.id = NewId();
  message.conversation_id = conversation.id;
  message.user_id = alice_.id;
  message.question = "number of orders";
  ASSERT_TRUE(store_->AddMessage(message).ok());
  ASSERT_TRUE(store_->SetMessageStatus(message.id, MessageStatus::kRunning, 1).ok());
  StartService();
  StatusOr<int> recovered = service_->RecoverUnfinished();
  ASSERT_TRUE(recovered.ok()) << recovered.status();
  EXPECT_EQ(*recovered, 1);
  StatusOr<store::Message> after = store_->GetMessage(alice_.id, conversation.id, message.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, MessageStatus::kFailed);
  EXPECT_THAT(after->error_message, HasSubstr("ask it again"));
}

TEST_F(ServiceTest, TheFullResultStreamsPastTheStoredRows) {
  ServiceOptions options;
  options.stored_rows = 5;
  options.answer_rows = 2;
  StartService(options);
  const std::string conversation = NewConversation(alice_);
  const store::Message message = AskAndWait(alice_, conversation, "revenue by product");
  ASSERT_EQ(message.status, MessageStatus::kCompleted) << message.answer_json;
  const json answer = Answer(message);
  EXPECT_EQ(answer["rows"].size(), 2u);
  EXPECT_EQ(answer["rows_stored"], 5);
  StatusOr<store::StoredResult> stored = store_->GetResult(message.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->stored_rows, 5);
  EXPECT_GT(stored->total_rows, 5);
  int64_t streamed = 0;
  ASSERT_TRUE(service_
                  ->StreamResult(alice_, conversation, message.id,
                                 [&](const std::vector<engine::ColumnInfo>& columns,
                                     const engine::Chunk& chunk) {
                                   EXPECT_EQ(columns.size(), answer["columns"].size());
                                   streamed += static_cast<int64_t>(chunk.row_count());
                                   return true;
                                 })
                  .ok());
  EXPECT_EQ(streamed, stored->total_rows);
}

TEST_F(ServiceTest, AResultTooLargeToCountIsStoredWithAnUnknownTotal) {
  ServiceOptions options;
  options.stored_rows = 5;
  options.count_limit = 10;
  StartService(options);
  const std::string conversation = NewConversation(alice_);
  const store::Message message = AskAndWait(alice_, conversation, "revenue by product");
  ASSERT_EQ(message.status, MessageStatus::kCompleted) << message.answer_json;
  const json answer = Answer(message);
  EXPECT_TRUE(answer["total_rows"].is_null()) << message.answer_json;
  EXPECT_TRUE(answer.value("truncated", false));
  StatusOr<store::StoredResult> stored = store_->GetResult(message.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->stored_rows, 5);
  EXPECT_EQ(stored->total_rows, -1);
  // The next question is answered as usual.
  EXPECT_EQ(AskAndWait(alice_, conversation, "number of orders").status, MessageStatus::kCompleted);
}

TEST_F(ServiceTest, ManyQuestionsAtOnceAllFinish) {
  ServiceOptions options;
  options.workers = 2;
  StartService(options);
  std::vector<std::pair<std::string, std::string>> posted;
  for (int i = 0; i < 20; ++i) {
    const std::string conversation = NewConversation(i % 2 ? alice_ : bob_);
    StatusOr<store::Message> message = service_->Post(i % 2 ? alice_ : bob_, conversation,
                                                      PostRequest::Question("revenue by channel"));
    ASSERT_TRUE(message.ok());
    posted.emplace_back(conversation, message->id);
  }
  for (size_t i = 0; i < posted.size(); ++i) {
    StatusOr<store::Message> done =
        service_->WaitForFinal(i % 2 ? alice_ : bob_, posted[i].first, posted[i].second, 60s);
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->status, MessageStatus::kCompleted);
  }
}

TEST(TitleTest, TitlesAreShortAndTidy) {
  EXPECT_EQ(TitleFromQuestion("  revenue by region last quarter?  "),
            "Revenue by region last quarter");
  EXPECT_EQ(TitleFromQuestion(""), "New conversation");
  EXPECT_EQ(TitleFromQuestion("what\nis\t\tthe revenue"), "What is the revenue");
  const std::string title = TitleFromQuestion(
      "show me the total revenue for every product category in every region for each month of "
      "the last two years");
  EXPECT_LE(title.size(), 64u);
  EXPECT_THAT(title, ::testing::EndsWith("…"));
  EXPECT_EQ(NewId().size(), 32u);
  EXPECT_NE(NewId(), NewId());
}

}  // namespace
}  // namespace scry::conversation
