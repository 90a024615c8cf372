// PostgresStore: the Store conformance suite against a throwaway PostgreSQL
// server, plus what only a shared database server has: concurrent openers,
// concurrent writers, lost connections and crashes.
//
// One server serves the whole test program (a global test environment);
// every store gets a database of its own, so tests are independent.
#include "store/postgres/postgres_store.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/pg_cluster.h"
#include "store/postgres/migrations.h"
#include "store/store_conformance.h"

namespace scry::store {
namespace {

using scry::testing::PgCluster;

constexpr const char* kNotInstalled =
    "PostgreSQL is not installed here (scripts/setup.sh installs it)";

// Starts the server before the first test and stops it after the last.
class PgEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    StatusOr<std::unique_ptr<PgCluster>> cluster = PgCluster::Start();
    if (cluster.ok()) {
      cluster_ = std::move(cluster).value();
    } else {
      status_ = cluster.status();
    }
  }
  void TearDown() override { cluster_.reset(); }

  static PgEnvironment* Get() { return instance_; }
  PgCluster* cluster() { return cluster_.get(); }
  const Status& status() const { return status_; }

  // A new empty database: t_1, t_2, ...
  std::string NewDatabase() {
    std::string name = "t_" + std::to_string(++databases_);
    Status status = cluster_->CreateDatabase(name);
    EXPECT_TRUE(status.ok()) << status;
    return name;
  }

  static PgEnvironment* instance_;

 private:
  std::unique_ptr<PgCluster> cluster_;
  Status status_;
  int databases_ = 0;
};

PgEnvironment* PgEnvironment::instance_ = static_cast<PgEnvironment*>(
    ::testing::AddGlobalTestEnvironment(new PgEnvironment));  // gtest owns it

// The conformance suite's factory: a migrated store on a fresh database, or
// null (the test is skipped) when PostgreSQL is not installed.
std::unique_ptr<Store> MakeEmptyStore() {
  PgEnvironment* env = PgEnvironment::Get();
  if (env->cluster() == nullptr) {
    if (env->status().code() != StatusCode::kNotFound) {
      ADD_FAILURE() << "the PostgreSQL test server did not start: " << env->status();
    }
    return nullptr;
  }
  StatusOr<std::unique_ptr<PostgresStore>> store =
      PostgresStore::Open(env->cluster()->ConnInfo(env->NewDatabase()));
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return nullptr;
  return std::move(store).value();
}

using conformance::StoreConformanceTest;
INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest,
                         ::testing::Values(conformance::StoreFactory{"postgres", &MakeEmptyStore,
                                                                     kNotInstalled}),
                         conformance::StoreFactoryName);

// --- PostgreSQL-specific behaviour ------------------------------------------

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = PgEnvironment::Get();
    if (env_->cluster() == nullptr) {
      if (env_->status().code() == StatusCode::kNotFound) GTEST_SKIP() << kNotInstalled;
      FAIL() << "the PostgreSQL test server did not start: " << env_->status();
    }
    database_ = env_->NewDatabase();
  }

  PgCluster& cluster() { return *env_->cluster(); }
  std::string conninfo() { return cluster().ConnInfo(database_); }

  std::unique_ptr<PostgresStore> Open(PostgresStoreOptions options = {}) {
    StatusOr<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(conninfo(), options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // The first column of `sql`'s rows, run in this test's database.
  std::vector<std::string> Query(const std::string& sql) {
    StatusOr<std::vector<std::string>> rows = cluster().Query(database_, sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *rows : std::vector<std::string>{};
  }

  // Waits until the server has no backend of this test's database that
  // matches `condition` (SQL over pg_stat_activity), or until one does when
  // `present`. Polls: the server does these things asynchronously.
  bool WaitForBackends(const std::string& condition, bool present) {
    std::string sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database_ +
                      "' AND pid <> pg_backend_pid() AND " + condition;
    for (int i = 0; i < 2000; ++i) {
      StatusOr<std::vector<std::string>> rows = cluster().Query("postgres", sql);
      if (rows.ok() && ((*rows)[0] != "0") == present) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  int64_t AddUser(Store& store, const std::string& email) {
    User user;
    user.email = email;
    user.created_ms = 1;
    StatusOr<User> created = store.CreateUser(user);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->id : 0;
  }

  void AddConversation(Store& store, int64_t user_id, const std::string& id) {
    Conversation conversation;
    conversation.id = id;
    conversation.space_id = "sales";
    conversation.user_id = user_id;
    conversation.title = "conversation " + id;
    conversation.created_ms = 10;
    conversation.updated_ms = 10;
    ASSERT_TRUE(store.CreateConversation(conversation).ok());
  }

  static Message Question(int64_t user_id, const std::string& conversation_id,
                          const std::string& id) {
    Message message;
    message.id = id;
    message.conversation_id = conversation_id;
    message.user_id = user_id;
    message.question = "question " + id;
    message.created_ms = 20;
    message.updated_ms = 20;
    return message;
  }

  PgEnvironment* env_ = nullptr;
  std::string database_;
};

TEST_F(PostgresStoreTest, ConcurrentOpensApplyMigrationsOnce) {
  constexpr int kServers = 4;
  std::vector<std::unique_ptr<PostgresStore>> stores(kServers);
  std::vector<Status> opened(kServers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kServers; ++i) {
    threads.emplace_back([&, i] {
      StatusOr<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(conninfo());
      opened[i] = store.status();
      if (store.ok()) stores[i] = std::move(store).value();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kServers; ++i) {
    ASSERT_TRUE(opened[i].ok()) << opened[i];
    EXPECT_EQ(*stores[i]->SchemaVersion(), pg::LatestSchemaVersion());
  }
  EXPECT_EQ(Query("SELECT count(*) FROM schema_version"),
            std::vector<std::string>{std::to_string(pg::LatestSchemaVersion())});
}

TEST_F(PostgresStoreTest, AStoreOfSchemaOneGainsTrustedQuestionsAndKeepsItsData) {
  int64_t user_id;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    user_id = AddUser(*store, "ann@example.com");
    AddConversation(*store, user_id, "c1");
    ASSERT_TRUE(store->AddMessage(Question(user_id, "c1", "m1")).ok());
  }
  // Back to the first schema, as a store written before trusted questions.
  Query("DROP TABLE trusted_questions");
  Query("DELETE FROM schema_version WHERE version >= 2");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->SchemaVersion(), pg::LatestSchemaVersion());
  EXPECT_EQ(store->ListMessages(user_id, "c1")->size(), 1u);
  TrustedQuestion trusted;
  trusted.id = "t1";
  trusted.space_id = "sales";
  trusted.question = "how many orders";
  trusted.sql = "SELECT count(*) FROM orders";
  ASSERT_TRUE(store->CreateTrustedQuestion(trusted).ok());
  EXPECT_EQ(store->ListTrustedQuestions("sales")->size(), 1u);
}

TEST_F(PostgresStoreTest, ReopeningKeepsDataAndSchema) {
  int64_t user_id;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    user_id = AddUser(*store, "ann@example.com");
    AddConversation(*store, user_id, "c1");
    ASSERT_TRUE(store->AddMessage(Question(user_id, "c1", "m1")).ok());
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->SchemaVersion(), pg::LatestSchemaVersion());
  EXPECT_EQ(store->GetUserByEmail("ann@example.com")->id, user_id);
  StatusOr<std::vector<Message>> messages = store->ListMessages(user_id, "c1");
  ASSERT_TRUE(messages.ok()) << messages.status();
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].question, "question m1");
  EXPECT_EQ(Query("SELECT count(*) FROM schema_version"),
            std::vector<std::string>{std::to_string(pg::LatestSchemaVersion())});
}

TEST_F(PostgresStoreTest, RefusesASchemaNewerThanItKnows) {
  ASSERT_NE(Open(), nullptr);
  int future = pg::LatestSchemaVersion() + 1;
  Query("INSERT INTO schema_version (version, description) VALUES (" + std::to_string(future) +
        ", 'from a newer scry')");
  StatusOr<std::unique_ptr<PostgresStore>> store = PostgresStore::Open(conninfo());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find(std::to_string(future)), std::string_view::npos)
      << store.status();
}

TEST_F(PostgresStoreTest, UnreachableServerIsUnavailable) {
  StatusOr<std::unique_ptr<PostgresStore>> store =
      PostgresStore::Open(cluster().ConnInfo("no_such_database"));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status();
}

TEST_F(PostgresStoreTest, IdleConnectionKilledByTheServerIsReplaced) {
  auto store = Open({.pool_size = 1});
  ASSERT_NE(store, nullptr);
  int64_t user_id = AddUser(*store, "ann@example.com");
  Query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database_ +
        "' AND pid <> pg_backend_pid()");
  ASSERT_TRUE(WaitForBackends("true", /*present=*/false));
  // The pool notices the closed connection before lending it.
  StatusOr<User> user = store->GetUser(user_id);
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->email, "ann@example.com");
}

TEST_F(PostgresStoreTest, ConnectionKilledDuringACallFailsThatCallOnly) {
  auto store = Open({.pool_size = 1});
  ASSERT_NE(store, nullptr);
  int64_t user_id = AddUser(*store, "ann@example.com");
  AddConversation(*store, user_id, "c1");

  // Another session locks the conversation, so AddMessage waits inside its
  // transaction; then its backend is terminated under it.
  std::unique_ptr<PGconn, decltype(&PQfinish)> locker(PQconnectdb(conninfo().c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(locker.get()), CONNECTION_OK);
  PQclear(PQexec(locker.get(), "BEGIN"));
  PQclear(PQexec(locker.get(), "SELECT * FROM conversations WHERE id = 'c1' FOR UPDATE"));
  StatusOr<Message> added = InternalError("not run");
  std::thread writer([&] { added = store->AddMessage(Question(user_id, "c1", "m1")); });
  ASSERT_TRUE(WaitForBackends("wait_event_type = 'Lock'", /*present=*/true));
  Query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database_ +
        "' AND wait_event_type = 'Lock'");
  writer.join();
  PQclear(PQexec(locker.get(), "ROLLBACK"));

  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), StatusCode::kUnavailable) << added.status();
  // The broken connection was replaced: the next calls work.
  StatusOr<Message> retried = store->AddMessage(Question(user_id, "c1", "m1"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->seq, 1);
}

TEST_F(PostgresStoreTest, StatementStuckBehindALockTimesOut) {
  auto store = Open({.pool_size = 1, .statement_timeout = std::chrono::milliseconds(200)});
  ASSERT_NE(store, nullptr);
  int64_t user_id = AddUser(*store, "ann@example.com");
  AddConversation(*store, user_id, "c1");
  std::unique_ptr<PGconn, decltype(&PQfinish)> locker(PQconnectdb(conninfo().c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(locker.get()), CONNECTION_OK);
  PQclear(PQexec(locker.get(), "BEGIN"));
  PQclear(PQexec(locker.get(), "SELECT * FROM conversations WHERE id = 'c1' FOR UPDATE"));

  StatusOr<Message> blocked = store->AddMessage(Question(user_id, "c1", "m1"));
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), StatusCode::kDeadlineExceeded) << blocked.status();

  PQclear(PQexec(locker.get(), "ROLLBACK"));
  StatusOr<Message> added = store->AddMessage(Question(user_id, "c1", "m1"));
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->seq, 1);  // the timed-out call consumed nothing
}

TEST_F(PostgresStoreTest, ConcurrentWritersGetDistinctConsecutiveSeqs) {
  // Two "app servers" with a pool of 3 each, 6 threads, one conversation.
  auto first = Open({.pool_size = 3});
  auto second = Open({.pool_size = 3});
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  int64_t user_id = AddUser(*first, "ann@example.com");
  AddConversation(*first, user_id, "c1");

  constexpr int kThreads = 6;
  constexpr int kPerThread = 20;
  std::vector<std::vector<int64_t>> seqs(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? *first : *second;
      for (int i = 0; i < kPerThread; ++i) {
        // Built by appending: GCC 12 warns falsely (-Wrestrict) on "m" + to_string().
        std::string id = "m";
        id.append(std::to_string(t)).append("_").append(std::to_string(i));
        StatusOr<Message> added = store.AddMessage(Question(user_id, "c1", id));
        if (added.ok()) {
          seqs[t].push_back(added->seq);
        } else {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  std::set<int64_t> all;
  for (const auto& list : seqs) all.insert(list.begin(), list.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kPerThread);
  StatusOr<Conversation> conversation = second->GetConversation(user_id, "c1");
  ASSERT_TRUE(conversation.ok());
  EXPECT_EQ(conversation->message_count, kThreads * kPerThread);
}

TEST_F(PostgresStoreTest, TextIsNeverSql) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  int64_t user_id = AddUser(*store, "o'brien@example.com");
  std::string title = "'); DROP TABLE users; -- \\ $1 %_";
  Conversation conversation;
  conversation.id = "c'1";
  conversation.space_id = "sales";
  conversation.user_id = user_id;
  conversation.title = title;
  ASSERT_TRUE(store->CreateConversation(conversation).ok());
  EXPECT_EQ(store->GetConversation(user_id, "c'1")->title, title);
  EXPECT_EQ(store->GetUserByEmail("O'Brien@example.com")->id, user_id);
  ConversationQuery query;
  query.user_id = user_id;
  query.search = "\\ $1 %_";
  StatusOr<Page<Conversation>> page = store->ListConversations(query);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->items.size(), 1u);
  query.search = "\\ $1 %x";
  EXPECT_TRUE(store->ListConversations(query)->items.empty());
}

TEST_F(PostgresStoreTest, SearchFoldsCaseBeyondAscii) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  int64_t user_id = AddUser(*store, "ann@example.com");
  AddConversation(*store, user_id, "c1");
  ASSERT_TRUE(store->AddMessage(Question(user_id, "c1", "m1")).ok());
  ASSERT_TRUE(store->RenameConversation(user_id, "c1", "Umsätze in ÖSTERREICH", 30).ok());
  ConversationQuery query;
  query.user_id = user_id;
  query.search = "österreich";
  EXPECT_EQ(store->ListConversations(query)->items.size(), 1u);
}

TEST_F(PostgresStoreTest, PageTokenOfAnotherListingIsInvalid) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  int64_t user_id = AddUser(*store, "ann@example.com");
  AddConversation(*store, user_id, "c1");
  AddConversation(*store, user_id, "c2");
  ConversationQuery query;
  query.user_id = user_id;
  query.page_size = 1;
  StatusOr<Page<Conversation>> page = store->ListConversations(query);
  ASSERT_TRUE(page.ok());
  ASSERT_FALSE(page->next_page_token.empty());
  ConversationQuery other = query;
  other.space_id = "marketing";
  other.page_token = page->next_page_token;
  EXPECT_EQ(store->ListConversations(other).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->ListMessagesPage(user_id, "c1", 10, page->next_page_token).status().code(),
            StatusCode::kInvalidArgument);
}

// A child process (one app server) adds messages and reports each one the
// store acknowledged; it is SIGKILLed mid-stream, then the database server
// itself is stopped without a checkpoint and restarted (WAL replay). Every
// acknowledged message must be there.
TEST_F(PostgresStoreTest, AcknowledgedWritesSurviveKilledClientAndServerCrash) {
  int64_t user_id;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    user_id = AddUser(*store, "ann@example.com");
    AddConversation(*store, user_id, "c1");
  }
  int acks[2];
  ASSERT_EQ(pipe(acks), 0);
  std::string conninfo_text = conninfo();
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(acks[0]);
    auto store = PostgresStore::Open(conninfo_text);
    if (!store.ok()) _exit(2);
    for (int i = 0;; ++i) {
      Message message = Question(user_id, "c1", "m" + std::to_string(i));
      if (!(*store)->AddMessage(message).ok()) _exit(3);
      message.status = MessageStatus::kCompleted;
      message.answer_json = "{\"n\":" + std::to_string(i) + "}";
      StoredResult result;
      result.rows_json = "[[" + std::to_string(i) + "]]";
      result.stored_rows = 1;
      if (!(*store)->FinishMessage(message, &result).ok()) _exit(4);
      std::string line = message.id + "\n";
      if (write(acks[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
    }
  }
  close(acks[1]);
  FILE* in = fdopen(acks[0], "r");
  ASSERT_NE(in, nullptr);
  std::vector<std::string> acknowledged;
  char line[64];
  while (acknowledged.size() < 25 && std::fgets(line, sizeof(line), in) != nullptr) {
    acknowledged.emplace_back(line, std::strlen(line) - 1);
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the writer exited early with " << WEXITSTATUS(status);
  // Acknowledgements written just before the kill are still in the pipe.
  while (std::fgets(line, sizeof(line), in) != nullptr) {
    acknowledged.emplace_back(line, std::strlen(line) - 1);
  }
  std::fclose(in);
  ASSERT_GE(acknowledged.size(), 25u);

  Status restarted = cluster().CrashAndRestart();
  ASSERT_TRUE(restarted.ok()) << restarted << "\n" << cluster().ServerLog();
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (const std::string& id : acknowledged) {
    StatusOr<Message> message = store->GetMessage(user_id, "c1", id);
    ASSERT_TRUE(message.ok()) << id << ": " << message.status();
    EXPECT_EQ(message->status, MessageStatus::kCompleted) << id;
    EXPECT_TRUE(store->GetResult(id).ok()) << id;
  }
}

}  // namespace
}  // namespace scry::store
