// SqliteStore: the conformance suite on a file and in memory, and what only a
// SQLite file has: reopening, schema versions, readers beside the writer and
// surviving a killed process.
#include "store/sqlite/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "store/sqlite/sqlite_migrations.h"
#include "store/store_conformance.h"

namespace scry::store {
namespace {

namespace fs = std::filesystem;
using conformance::StoreConformanceTest;
using ::testing::HasSubstr;

// One directory for every store file of this process, removed at exit.
class TempDirEnvironment : public ::testing::Environment {
 public:
  static fs::path Dir() {
    static const fs::path dir =
        fs::path(::testing::TempDir()) / ("scry_store_test_" + std::to_string(::getpid()));
    return dir;
  }
  void SetUp() override { fs::create_directories(Dir()); }
  void TearDown() override { fs::remove_all(Dir()); }
};
::testing::Environment* const temp_dir_environment =
    ::testing::AddGlobalTestEnvironment(new TempDirEnvironment);  // gtest takes ownership.

std::unique_ptr<Store> OpenFreshFileStore() {
  static std::atomic<int> counter{0};
  const fs::path path = TempDirEnvironment::Dir() / ("store_" + std::to_string(++counter) + ".db");
  StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path.string());
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

std::unique_ptr<Store> OpenMemoryStore() {
  StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(":memory:");
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
                         ::testing::Values(conformance::StoreFactory{"file", OpenFreshFileStore},
                                           conformance::StoreFactory{"memory", OpenMemoryStore}),
                         conformance::StoreFactoryName);

// Runs `sql` on the file with a connection of its own and returns the first
// column of the first row as text ("" when there is none).
std::string RawQuery(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  const int rc = sqlite3_step(stmt);
  EXPECT_TRUE(rc == SQLITE_ROW || rc == SQLITE_DONE) << sqlite3_errmsg(db);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = TempDirEnvironment::Dir() / info->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "store.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<SqliteStore> Open(SqliteStoreOptions options = {}) {
    StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path_.string(), options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // A user with one conversation "c1"; returns the user's id.
  static int64_t AddOwner(Store& store) {
    User user;
    user.email = "ann@example.com";
    StatusOr<User> created = store.CreateUser(user);
    EXPECT_TRUE(created.ok()) << created.status();
    EXPECT_TRUE(store.CreateConversation({"c1", "sales", created->id, "t", 1000, 1000, 0}).ok());
    return created->id;
  }

  static Message Question(int64_t user_id, const std::string& id) {
    Message message;
    message.id = id;
    message.conversation_id = "c1";
    message.user_id = user_id;
    message.question = "question " + id;
    message.created_ms = 2000;
    message.updated_ms = 2000;
    return message;
  }

  fs::path dir_;
  fs::path path_;
};

TEST_F(SqliteStoreTest, ReopeningKeepsEverythingAndRunsNoMigrationTwice) {
  int64_t user_id = 0;
  {
    std::unique_ptr<SqliteStore> store = Open();
    ASSERT_NE(store, nullptr);
    user_id = AddOwner(*store);
    ASSERT_TRUE(store->AddMessage(Question(user_id, "m1")).ok());
  }
  EXPECT_EQ(RawQuery(path_, "PRAGMA journal_mode"), "wal");
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->SchemaVersion(), sqlite::LatestSqliteSchemaVersion());
  EXPECT_EQ(RawQuery(path_, "SELECT count(*) FROM schema_version"),
            std::to_string(sqlite::LatestSqliteSchemaVersion()));
  StatusOr<std::vector<Message>> messages = store->ListMessages(user_id, "c1");
  ASSERT_TRUE(messages.ok()) << messages.status();
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].question, "question m1");
  EXPECT_EQ(store->GetUserByEmail("ann@example.com")->id, user_id);
  EXPECT_EQ(store->AddMessage(Question(user_id, "m2"))->seq, 2);
}

TEST_F(SqliteStoreTest, AStoreOfSchemaOneGainsTrustedQuestionsAndKeepsItsData) {
  int64_t user_id;
  {
    std::unique_ptr<SqliteStore> store = Open();
    ASSERT_NE(store, nullptr);
    user_id = AddOwner(*store);
    ASSERT_TRUE(store->AddMessage(Question(user_id, "m1")).ok());
  }
  // Back to the first schema, as a store written before trusted questions.
  RawQuery(path_, "DROP TABLE trusted_questions");
  RawQuery(path_, "DELETE FROM schema_version WHERE version >= 2");
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->SchemaVersion(), sqlite::LatestSqliteSchemaVersion());
  EXPECT_EQ(store->ListMessages(user_id, "c1")->size(), 1u);
  TrustedQuestion trusted;
  trusted.id = "t1";
  trusted.space_id = "sales";
  trusted.question = "how many orders";
  trusted.sql = "SELECT count(*) FROM orders";
  ASSERT_TRUE(store->CreateTrustedQuestion(trusted).ok());
  EXPECT_EQ(store->ListTrustedQuestions("sales")->size(), 1u);
}

TEST_F(SqliteStoreTest, AStoreFromANewerSchemaIsRefused) {
  ASSERT_NE(Open(), nullptr);
  const int future = sqlite::LatestSqliteSchemaVersion() + 1;
  RawQuery(path_, "INSERT INTO schema_version (version, description) VALUES (" +
                      std::to_string(future) + ", 'from the future')");
  StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path_.string());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(store.status().message()), HasSubstr(std::to_string(future)));
}

TEST_F(SqliteStoreTest, AFileThatIsNotADatabaseIsRefused) {
  std::ofstream(path_) << "this is not a SQLite database, just a text file of some length\n";
  StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path_.string());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDataLoss) << store.status();
  EXPECT_EQ(SqliteStore::Open("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SqliteStore::Open((dir_ / "missing" / "store.db").string()).status().code(),
            StatusCode::kUnavailable);
}

TEST_F(SqliteStoreTest, TwoStoresOpenOneNewFileAtOnceAndShareIt) {
  // As two processes would (each SqliteStore has connections of its own):
  // the schema is created once, and writes of both wait for each other.
  std::unique_ptr<SqliteStore> stores[2];
  {
    std::thread first([&] { stores[0] = Open(); });
    std::thread second([&] { stores[1] = Open(); });
    first.join();
    second.join();
  }
  ASSERT_NE(stores[0], nullptr);
  ASSERT_NE(stores[1], nullptr);
  EXPECT_EQ(RawQuery(path_, "SELECT count(*) FROM schema_version"),
            std::to_string(sqlite::LatestSqliteSchemaVersion()));
  const int64_t user_id = AddOwner(*stores[0]);
  std::vector<std::thread> writers;
  writers.reserve(2);
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 30; ++i) {
        StatusOr<Message> added = stores[w]->AddMessage(
            Question(user_id, conformance::Numbered(conformance::Numbered("w", w) + "-", i)));
        EXPECT_TRUE(added.ok()) << added.status();
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(stores[1]->ListMessages(user_id, "c1")->size(), 60u);
  EXPECT_EQ(stores[0]->GetConversation(user_id, "c1")->message_count, 60);
}

TEST_F(SqliteStoreTest, ReadersSeeWholeCommitsWhileTheWriterWrites) {
  // Fewer readers than reading threads: the pool makes them take turns.
  SqliteStoreOptions options;
  options.reader_connections = 2;
  options.synchronous = SqliteSync::kNormal;
  std::unique_ptr<SqliteStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  const int64_t user_id = AddOwner(*store);
  constexpr int kMessages = 150;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < kMessages; ++i) {
      EXPECT_TRUE(store->AddMessage(Question(user_id, conformance::Numbered("m", i))).ok());
    }
    done = true;
  });
  std::vector<std::thread> readers;
  readers.reserve(3);
  std::atomic<int> reads{0};
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      size_t last = 0;
      // At least a few reads each, however fast the writer is.
      for (int round = 0; !done || round < 5; ++round) {
        StatusOr<std::vector<Message>> messages = store->ListMessages(user_id, "c1");
        ASSERT_TRUE(messages.ok()) << messages.status();
        // A snapshot: seqs 1..n with no gap, never fewer than seen before.
        for (size_t i = 0; i < messages->size(); ++i) {
          ASSERT_EQ((*messages)[i].seq, static_cast<int64_t>(i) + 1);
        }
        EXPECT_GE(messages->size(), last);
        last = messages->size();
        StatusOr<Conversation> conversation = store->GetConversation(user_id, "c1");
        ASSERT_TRUE(conversation.ok());
        EXPECT_GE(conversation->message_count, static_cast<int64_t>(last));
        ++reads;
      }
    });
  }
  writer.join();
  for (std::thread& reader : readers) reader.join();
  EXPECT_GE(reads.load(), 15);
  EXPECT_EQ(store->ListMessages(user_id, "c1")->size(), static_cast<size_t>(kMessages));
}

TEST_F(SqliteStoreTest, ReadsAConversationOfAThousandMessages) {
  SqliteStoreOptions options;
  options.synchronous = SqliteSync::kNormal;  // A thousand fsyncs would only slow the test.
  std::unique_ptr<SqliteStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  const int64_t user_id = AddOwner(*store);
  const std::string answer(2000, 'x');
  for (int i = 0; i < 1000; ++i) {
    StatusOr<Message> added = store->AddMessage(Question(user_id, conformance::Numbered("m", i)));
    ASSERT_TRUE(added.ok()) << added.status();
    Message finished = *added;
    finished.status = MessageStatus::kCompleted;
    finished.answer_json = "{\"summary\":\"" + answer + "\"}";
    ASSERT_TRUE(store->FinishMessage(finished, nullptr).ok());
  }
  for (int round = 0; round < 3; ++round) {
    StatusOr<std::vector<Message>> messages = store->ListMessages(user_id, "c1");
    ASSERT_TRUE(messages.ok()) << messages.status();
    ASSERT_EQ(messages->size(), 1000u);
    EXPECT_EQ(messages->front().id, "m0");
    EXPECT_EQ(messages->back().seq, 1000);
    EXPECT_EQ(messages->back().answer_json.size(), answer.size() + 14);
  }
}

// The child's half of the crash test: adds messages until it is killed,
// writing each index to `ack_fd` after AddMessage returned OK.
[[noreturn]] void WriteUntilKilled(const std::string& path, int64_t user_id, int ack_fd) {
  StatusOr<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path);
  if (!store.ok()) _exit(2);
  for (int32_t i = 0;; ++i) {
    Message message;
    message.id = "m" + std::to_string(i);
    message.conversation_id = "c1";
    message.user_id = user_id;
    message.question = "question " + std::to_string(i);
    message.created_ms = 2000 + i;
    message.updated_ms = message.created_ms;
    if (!(*store)->AddMessage(message).ok()) _exit(3);
    if (write(ack_fd, &i, sizeof(i)) != static_cast<ssize_t>(sizeof(i))) _exit(4);
  }
}

TEST_F(SqliteStoreTest, EveryAcknowledgedWriteSurvivesSigkill) {
  int64_t user_id = 0;
  {
    std::unique_ptr<SqliteStore> store = Open();
    ASSERT_NE(store, nullptr);
    user_id = AddOwner(*store);
  }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    WriteUntilKilled(path_.string(), user_id, fds[1]);
  }
  close(fds[1]);
  // Kill the child in the middle of its stream, once it has acknowledged some.
  std::set<int32_t> acknowledged;
  int32_t index = 0;
  while (acknowledged.size() < 40 && read(fds[0], &index, sizeof(index)) == sizeof(index)) {
    acknowledged.insert(index);
  }
  ASSERT_EQ(acknowledged.size(), 40u) << "the child stopped early";
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL);
  // Acknowledgements written before the kill are still in the pipe.
  while (read(fds[0], &index, sizeof(index)) == sizeof(index)) acknowledged.insert(index);
  close(fds[0]);

  EXPECT_EQ(RawQuery(path_, "PRAGMA integrity_check"), "ok");
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  StatusOr<std::vector<Message>> messages = store->ListMessages(user_id, "c1");
  ASSERT_TRUE(messages.ok()) << messages.status();
  std::set<std::string> stored;
  for (const Message& message : *messages) stored.insert(message.id);
  for (int32_t i : acknowledged) EXPECT_EQ(stored.count(conformance::Numbered("m", i)), 1u) << i;
  // Nothing half-written: at most the one in flight beyond the acknowledged.
  EXPECT_LE(stored.size(), acknowledged.size() + 1);
  for (size_t i = 0; i < messages->size(); ++i) {
    EXPECT_EQ((*messages)[i].seq, static_cast<int64_t>(i) + 1);
  }
  EXPECT_EQ(RawQuery(path_, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace scry::store
