// Crash safety (issue 4): the real scry server is killed with SIGKILL while
// several clients post questions as fast as they can through the native API
// and the Genie API, then restarted on the same store. Every question that
// was acknowledged with a 2xx must be there for its owner and final (the ones
// cut off mid-answer failed by recovery, none left submitted or running), the
// store must be intact and consistent, and new questions must still be
// answered. Run once over SQLite and once over PostgreSQL (a throwaway
// cluster; skipped when PostgreSQL is not installed).
//
// Nothing here waits for time to pass: the kill comes once enough questions
// were acknowledged, and every wait polls for a condition under a generous
// deadline that only stops a hang.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crash/scry_process.h"
#include "server/test_client.h"
#include "store/pg_cluster.h"

namespace scry::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using server::Headers;
using server::testing::HttpResponse;
using server::testing::TempDir;
using server::testing::TestHttpClient;
using Steady = std::chrono::steady_clock;

constexpr char kSpace[] = "sales";
constexpr char kPgDatabase[] = "scry";
constexpr int kClientThreads = 6;
constexpr int kQuestionsPerConversation = 4;
// The server is killed once this many questions were acknowledged.
constexpr size_t kAcknowledgedBeforeKill = 300;
// Bounds that only stop a hang; no step is expected to come near them.
constexpr std::chrono::seconds kServerReady{60};
constexpr std::chrono::seconds kLoadDeadline{60};
constexpr std::chrono::seconds kAnswerDeadline{60};
constexpr std::chrono::seconds kStopDeadline{30};
constexpr std::chrono::milliseconds kPoll{20};

// Questions the demo warehouse answers (tests/golden), fast and slower ones.
const std::vector<std::string>& Questions() {
  static const std::vector<std::string> questions = {
      "total revenue",
      "revenue by month",
      "how many customers are there",
      "top 10 customers by revenue",
      "revenue by category last year",
      "number of orders by channel",
      "average discount",
      "how many orders were returned",
  };
  return questions;
}

enum class Api { kNative, kGenie };

struct Account {
  std::string email;
  std::string token;
};

struct Acknowledged {
  int user = 0;
  Api api = Api::kNative;
  std::string conversation_id;
  std::string message_id;
  std::string question;
};

// What the client threads share.
struct Load {
  std::mutex mu;
  std::vector<Acknowledged> acknowledged;  // GUARDED_BY(mu)
  std::vector<std::string> unexpected;     // GUARDED_BY(mu)
  std::atomic<size_t> acknowledged_count{0};
  std::atomic<int> refused{0};       // 429 or 503: not acknowledged, allowed
  std::atomic<int> cut_off{0};       // transport errors once the kill began
  std::atomic<int> running{0};       // client threads still posting
  std::atomic<bool> killing{false};  // set just before SIGKILL
  std::atomic<bool> stop{false};     // set when the test gives up early

  void Unexpected(std::string what) {
    std::lock_guard<std::mutex> lock(mu);
    unexpected.push_back(std::move(what));
  }
  void Acknowledge(Acknowledged ack) {
    std::lock_guard<std::mutex> lock(mu);
    acknowledged.push_back(std::move(ack));
    ++acknowledged_count;
  }
};

Headers Bearer(const Account& account) { return {{"Authorization", "Bearer " + account.token}}; }

bool IsFinalStatus(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

// One client thread: conversations of a few questions each, native or Genie,
// posted back to back until the server dies (or the test stops it).
class LoadClient {
 public:
  LoadClient(int index, uint16_t port, const std::vector<Account>& accounts, Load& load)
      : index_(index),
        user_(index % static_cast<int>(accounts.size())),
        account_(accounts[user_]),
        client_("127.0.0.1", port),
        load_(load) {}

  void Run() {
    for (int k = 0; !load_.stop; ++k) {
      const Api api = (index_ + k) % 3 == 0 ? Api::kGenie : Api::kNative;
      std::string conversation_id;
      for (int q = 0; q < kQuestionsPerConversation && !load_.stop; ++q) {
        const std::string& question = Questions()[(index_ * 7 + k * 3 + q) % Questions().size()];
        if (!Ask(api, question, &conversation_id)) return;
      }
    }
  }

 private:
  enum class Outcome { kAcknowledged, kRefused, kStop };

  // Posts `question`, first starting a conversation when `conversation_id`
  // is empty (in the same call for Genie). False when the thread must stop.
  bool Ask(Api api, const std::string& question, std::string* conversation_id) {
    if (api == Api::kNative && conversation_id->empty()) {
      json body;
      const Outcome started =
          Post("/api/v1/conversations", {{"space_id", kSpace}, {"title", "crash"}}, 201, &body);
      if (started != Outcome::kAcknowledged) return started != Outcome::kStop;
      *conversation_id = body.value("id", "");
    }
    json body;
    Outcome outcome;
    if (api == Api::kNative) {
      outcome = Post("/api/v1/conversations/" + *conversation_id + "/messages",
                     {{"question", question}}, 202, &body);
    } else if (conversation_id->empty()) {
      outcome = Post(std::string("/api/2.0/genie/spaces/") + kSpace + "/start-conversation",
                     {{"content", question}}, 200, &body);
      if (outcome == Outcome::kAcknowledged) *conversation_id = body.value("conversation_id", "");
    } else {
      outcome = Post(std::string("/api/2.0/genie/spaces/") + kSpace + "/conversations/" +
                         *conversation_id + "/messages",
                     {{"content", question}}, 200, &body);
    }
    if (outcome != Outcome::kAcknowledged) return outcome != Outcome::kStop;
    const std::string message_id =
        api == Api::kNative ? body.value("id", "") : body.value("message_id", "");
    if (conversation_id->empty() || message_id.empty()) {
      load_.Unexpected("2xx without ids: " + body.dump());
      return false;
    }
    load_.Acknowledge({user_, api, *conversation_id, message_id, question});
    return true;
  }

  // Only a 2xx read whole counts as acknowledged. A transport error is
  // expected once the kill began, a bug before.
  Outcome Post(const std::string& target, const json& request, int expected, json* body) {
    StatusOr<HttpResponse> response = client_.Post(target, request.dump(), Bearer(account_));
    if (!response.ok()) {
      client_.Disconnect();
      if (load_.killing) {
        ++load_.cut_off;
      } else {
        load_.Unexpected("POST " + target + " before the kill: " + response.status().ToString());
      }
      return Outcome::kStop;
    }
    if (response->status == 429 || response->status == 503) {
      ++load_.refused;
      return Outcome::kRefused;
    }
    if (response->status != expected) {
      load_.Unexpected("POST " + target + ": " + std::to_string(response->status) + " " +
                       response->body);
      return Outcome::kStop;
    }
    *body = json::parse(response->body, nullptr, false);
    if (body->is_discarded()) {
      load_.Unexpected("POST " + target + ": not JSON: " + response->body);
      return Outcome::kStop;
    }
    return Outcome::kAcknowledged;
  }

  int index_;
  int user_;
  const Account& account_;
  TestHttpClient client_;
  Load& load_;
};

// Starts the client threads; the destructor stops and joins them, so no
// thread outlives a failed assertion.
class LoadThreads {
 public:
  LoadThreads(uint16_t port, const std::vector<Account>& accounts, Load& load) : load_(load) {
    load_.running = kClientThreads;
    for (int i = 0; i < kClientThreads; ++i) {
      threads_.emplace_back([this, i, port, &accounts] {
        LoadClient(i, port, accounts, load_).Run();
        --load_.running;
      });
    }
  }
  // Stops the clients when the test gave up early.
  ~LoadThreads() { StopAndJoin(); }

  void Join() {
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  void StopAndJoin() {
    load_.stop = true;
    Join();
  }

 private:
  Load& load_;
  std::vector<std::thread> threads_;
};

StatusOr<std::vector<std::string>> QuerySqlite(const fs::path& path, const std::string& sql) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  if (opened != SQLITE_OK) {
    return InternalError("open " + path.string() + ": " + sqlite3_errmsg(db.get()));
  }
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw_statement, nullptr) != SQLITE_OK) {
    return InternalError(sql + ": " + sqlite3_errmsg(db.get()));
  }
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw_statement,
                                                                       &sqlite3_finalize);
  std::vector<std::string> rows;
  int step;
  while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement.get(), 0);
    rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  if (step != SQLITE_DONE) return InternalError(sql + ": " + sqlite3_errmsg(db.get()));
  return rows;
}

// Copies a SQLite store as a killed server left it (the database and its
// write-ahead log), so it can be checked without touching the original.
fs::path SnapshotSqlite(const fs::path& store, const fs::path& into) {
  fs::create_directories(into);
  for (const char* suffix : {"", "-wal"}) {
    const fs::path from = store.string() + suffix;
    if (fs::exists(from)) {
      fs::copy_file(from, into / (store.filename().string() + suffix),
                    fs::copy_options::overwrite_existing);
    }
  }
  return into / store.filename();
}

class CrashTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    const fs::path warehouse = dir_->path() / "w.duckdb";
    RunOk({"demo-data", "--rows", "20000", "--end-date", "2025-11-24", "--seed", "7", "--warehouse",
           warehouse.string()});
    if (HasFailure()) return;
    std::string store;
    if (GetParam() == "postgres") {
      StatusOr<std::unique_ptr<PgCluster>> cluster = PgCluster::Start();
      if (cluster.status().code() == StatusCode::kNotFound) {
        GTEST_SKIP() << "PostgreSQL is not installed: " << cluster.status();
      }
      ASSERT_TRUE(cluster.ok()) << cluster.status();
      cluster_ = std::move(*cluster);
      ASSERT_TRUE(cluster_->CreateDatabase(kPgDatabase).ok());
      store = "{kind: postgres, conninfo: " + json(cluster_->ConnInfo(kPgDatabase)).dump() + "}";
    } else {
      store_path_ = dir_->path() / "store" / "scry.db";
      store = "{kind: sqlite, path: " + json(store_path_.string()).dump() + "}";
    }
    config_ = dir_->path() / "scry.yaml";
    std::ofstream(config_) << "listen: 127.0.0.1:0\n"
                           << "today: 2025-11-24\n"
                           << "store: " << store << "\n"
                           << "spaces:\n"
                           << "  - id: " << kSpace << "\n"
                           << "    title: Demo sales\n"
                           << "    warehouse: " << json(warehouse.string()).dump()
                           << "\n"
                           // Deep queue, no rate limit: as many questions in
                           // flight at the kill as the clients can post.
                           << "limits: {workers: 2, max_queued_questions: 100000, "
                              "requests_per_second: 1000000, request_burst: 1000000}\n";
    // An admin, who may use every space, and a viewer granted this one.
    for (const auto& [email, role] :
         {std::pair{"alice@example.com", "admin"}, std::pair{"bob@example.com", "viewer"}}) {
      RunOk({"user", "add", email, "--role", role, "--config", config_.string()});
      if (HasFailure()) return;
      const ScryRun token = RunOk({"token", "create", email, "--config", config_.string()});
      if (HasFailure()) return;
      accounts_.push_back({email, token.out.substr(0, token.out.find('\n'))});
      ASSERT_FALSE(accounts_.back().token.empty());
    }
    RunOk({"grant", "add", kSpace, "--user", "bob@example.com", "--config", config_.string()});
  }

  ScryRun RunOk(const std::vector<std::string>& args) {
    StatusOr<ScryRun> run = RunScry(args, dir_->path());
    EXPECT_TRUE(run.ok()) << run.status();
    if (!run.ok()) return {};
    EXPECT_EQ(run->exit_code, 0) << "scry " << args[0] << ":\n" << run->out << run->err;
    return *run;
  }

  StatusOr<std::unique_ptr<ScryServer>> StartServer(const std::string& name) {
    return ScryServer::Start(config_, dir_->path(), name, kServerReady);
  }

  // Runs `sql` on the store (after the server stopped); the first column of
  // each row.
  StatusOr<std::vector<std::string>> QueryStore(const std::string& sql) {
    if (cluster_) return cluster_->Query(kPgDatabase, sql);
    return QuerySqlite(store_path_, sql);
  }

  // The single value `sql` returns, or a description of what went wrong.
  std::string StoreValue(const std::string& sql) {
    StatusOr<std::vector<std::string>> rows = QueryStore(sql);
    if (!rows.ok()) return rows.status().ToString();
    if (rows->size() != 1) return "expected one row from " + sql;
    return rows->front();
  }

  // The message, once final, through the native API for `account`; its last
  // state when it is still not final at the deadline.
  StatusOr<json> WaitForFinal(TestHttpClient& client, const Account& account,
                              const std::string& conversation_id, const std::string& message_id) {
    const auto deadline = Steady::now() + kAnswerDeadline;
    for (;;) {
      StatusOr<HttpResponse> response = client.Get(
          "/api/v1/conversations/" + conversation_id + "/messages/" + message_id, Bearer(account));
      if (!response.ok()) return response.status();
      if (response->status != 200) {
        return InternalError("GET message " + message_id + ": " + std::to_string(response->status) +
                             " " + response->body);
      }
      json message = json::parse(response->body, nullptr, false);
      if (message.is_discarded()) return InternalError("not JSON: " + response->body);
      if (IsFinalStatus(message.value("status", "")) || Steady::now() >= deadline) return message;
      std::this_thread::sleep_for(kPoll);
    }
  }

  // Asks `question` in a new native conversation and waits for the answer.
  void ExpectNewQuestionAnswered(TestHttpClient& client, const Account& account,
                                 const std::string& question) {
    StatusOr<HttpResponse> created =
        client.Post("/api/v1/conversations", json{{"space_id", kSpace}}.dump(), Bearer(account));
    ASSERT_TRUE(created.ok()) << created.status();
    ASSERT_EQ(created->status, 201) << created->body;
    const std::string conversation_id = json::parse(created->body).value("id", "");
    ExpectFollowUpAnswered(client, account, conversation_id, question);
  }

  void ExpectFollowUpAnswered(TestHttpClient& client, const Account& account,
                              const std::string& conversation_id, const std::string& question) {
    StatusOr<HttpResponse> posted =
        client.Post("/api/v1/conversations/" + conversation_id + "/messages",
                    json{{"question", question}}.dump(), Bearer(account));
    ASSERT_TRUE(posted.ok()) << posted.status();
    ASSERT_EQ(posted->status, 202) << posted->body;
    StatusOr<json> answered =
        WaitForFinal(client, account, conversation_id, json::parse(posted->body).value("id", ""));
    ASSERT_TRUE(answered.ok()) << answered.status();
    EXPECT_EQ(answered->value("status", ""), "completed") << answered->dump();
  }

  // Posts from kClientThreads threads until kAcknowledgedBeforeKill
  // questions were acknowledged, then kills `server` with SIGKILL and waits
  // for the clients to see it gone.
  void LoadAndKill(ScryServer& server, Load& load) {
    LoadThreads threads(server.port(), accounts_, load);
    const auto deadline = Steady::now() + kLoadDeadline;
    while (load.acknowledged_count < kAcknowledgedBeforeKill && load.running > 0 &&
           Steady::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (load.acknowledged_count < kAcknowledgedBeforeKill) {
      threads.StopAndJoin();
      FAIL() << "only " << load.acknowledged_count << " questions acknowledged before the "
             << "clients stopped or the deadline passed; first unexpected reply: "
             << (load.unexpected.empty() ? "none" : load.unexpected.front()) << "\n"
             << server.Output();
    }
    load.killing = true;
    const pid_t pid = server.pid();
    server.Kill();
    threads.Join();
    std::cout << "killed scry (pid " << pid << ") after " << load.acknowledged_count
              << " acknowledged questions; " << load.cut_off << " requests cut off, "
              << load.refused << " refused\n";
  }

  // The SQLite store as the kill left it (a copy) is a sound database.
  void ExpectKilledSqliteStoreIntact() {
    const fs::path snapshot = SnapshotSqlite(store_path_, dir_->path() / "snapshot");
    StatusOr<std::vector<std::string>> check = QuerySqlite(snapshot, "PRAGMA integrity_check");
    ASSERT_TRUE(check.ok()) << check.status();
    EXPECT_EQ(*check, std::vector<std::string>{"ok"});
  }

  // Every acknowledged message is there for its owner, with its question,
  // and final; those asked through Genie read as final there too.
  void ExpectAllAcknowledgedFinal(TestHttpClient& client,
                                  const std::vector<Acknowledged>& acknowledged) {
    std::map<std::string, int> statuses;
    int recovered = 0;
    int missing = 0;
    for (const Acknowledged& ack : acknowledged) {
      const Account& owner = accounts_[ack.user];
      StatusOr<json> message = WaitForFinal(client, owner, ack.conversation_id, ack.message_id);
      if (!message.ok()) {
        // Counted, not stopped at: a loss is reported with its extent.
        if (++missing <= 10) {
          ADD_FAILURE() << "acknowledged message " << ack.message_id << " (conversation "
                        << ack.conversation_id
                        << ") is missing after the restart: " << message.status();
        }
        continue;
      }
      const std::string status = message->value("status", "");
      EXPECT_TRUE(IsFinalStatus(status)) << ack.message_id << " is still " << status;
      EXPECT_EQ(message->value("question", ""), ack.question);
      EXPECT_EQ(message->value("conversation_id", ""), ack.conversation_id);
      ++statuses[status];
      if (message->contains("error") && (*message)["error"].value("code", "") == "UNAVAILABLE") {
        ++recovered;
      }
      if (ack.api == Api::kGenie) ExpectFinalInGenie(client, ack);
    }
    std::cout << "after the restart: ";
    for (const auto& [status, count] : statuses) std::cout << count << " " << status << ", ";
    std::cout << recovered << " of them failed by recovery\n";
    ASSERT_EQ(missing, 0) << "of " << acknowledged.size() << " acknowledged questions";
  }

  void ExpectFinalInGenie(TestHttpClient& client, const Acknowledged& ack) {
    StatusOr<HttpResponse> response =
        client.Get(std::string("/api/2.0/genie/spaces/") + kSpace + "/conversations/" +
                       ack.conversation_id + "/messages/" + ack.message_id,
                   Bearer(accounts_[ack.user]));
    ASSERT_TRUE(response.ok()) << response.status();
    ASSERT_EQ(response->status, 200) << response->body;
    const std::string status = json::parse(response->body).value("status", "");
    EXPECT_TRUE(status == "COMPLETED" || status == "FAILED") << response->body;
  }

  // Each conversation numbers its messages 1..n, the acknowledged ones among
  // them; another user sees none of them.
  void ExpectConversationsWhole(TestHttpClient& client,
                                const std::vector<Acknowledged>& acknowledged) {
    std::map<std::string, std::pair<int, std::set<std::string>>> by_conversation;
    for (const Acknowledged& ack : acknowledged) {
      auto& [user, ids] = by_conversation[ack.conversation_id];
      user = ack.user;
      ids.insert(ack.message_id);
    }
    for (const auto& [conversation_id, owned] : by_conversation) {
      const auto& [user, ids] = owned;
      StatusOr<HttpResponse> response =
          client.Get("/api/v1/conversations/" + conversation_id, Bearer(accounts_[user]));
      ASSERT_TRUE(response.ok()) << response.status();
      ASSERT_EQ(response->status, 200) << response->body;
      std::set<std::string> listed;
      int64_t expected_seq = 1;
      const json conversation = json::parse(response->body);
      for (const json& message : conversation["messages"]) {
        EXPECT_EQ(message.value("seq", int64_t{0}), expected_seq++) << conversation_id;
        listed.insert(message.value("id", ""));
      }
      for (const std::string& id : ids) EXPECT_TRUE(listed.count(id)) << id;
    }
    const Acknowledged& some = acknowledged.front();
    StatusOr<HttpResponse> foreign =
        client.Get("/api/v1/conversations/" + some.conversation_id + "/messages/" + some.message_id,
                   Bearer(accounts_[1 - some.user]));
    ASSERT_TRUE(foreign.ok()) << foreign.status();
    EXPECT_EQ(foreign->status, 404) << foreign->body;
  }

  // New questions are answered: in an old conversation, a new one, and one
  // started through Genie.
  void ExpectNewQuestionsAnswered(TestHttpClient& client, const Acknowledged& old) {
    ExpectFollowUpAnswered(client, accounts_[old.user], old.conversation_id, "total revenue");
    ExpectNewQuestionAnswered(client, accounts_[0], "revenue by month");
    StatusOr<HttpResponse> started =
        client.Post(std::string("/api/2.0/genie/spaces/") + kSpace + "/start-conversation",
                    json{{"content", "how many customers are there"}}.dump(), Bearer(accounts_[1]));
    ASSERT_TRUE(started.ok()) << started.status();
    ASSERT_EQ(started->status, 200) << started->body;
    const json body = json::parse(started->body);
    StatusOr<json> answered = WaitForFinal(client, accounts_[1], body.value("conversation_id", ""),
                                           body.value("message_id", ""));
    ASSERT_TRUE(answered.ok()) << answered.status();
    EXPECT_EQ(answered->value("status", ""), "completed") << answered->dump();
  }

  struct Counts {
    int64_t conversations = 0;
    int64_t messages = 0;
  };

  // Every user's conversations and their message counts, as the API lists
  // them.
  void CountThroughApi(TestHttpClient& client, Counts* counts) {
    for (const Account& account : accounts_) {
      std::string page_token;
      do {
        StatusOr<HttpResponse> page = client.Get(
            "/api/v1/conversations?page_size=1000&page_token=" + page_token, Bearer(account));
        ASSERT_TRUE(page.ok()) << page.status();
        ASSERT_EQ(page->status, 200) << page->body;
        const json body = json::parse(page->body);
        for (const json& conversation : body["conversations"]) {
          ++counts->conversations;
          counts->messages += conversation.value("message_count", int64_t{0});
        }
        page_token = body.value("next_page_token", "");
      } while (!page_token.empty());
    }
  }

  // The store itself, read directly once the server stopped: intact, no
  // message left unfinished, counts as the API listed them, each
  // conversation's seq counter equal to its message count.
  void ExpectStoreConsistent(const Counts& api) {
    if (!cluster_) {
      EXPECT_EQ(StoreValue("PRAGMA integrity_check"), "ok");
      StatusOr<std::vector<std::string>> dangling = QueryStore("PRAGMA foreign_key_check");
      ASSERT_TRUE(dangling.ok()) << dangling.status();
      EXPECT_TRUE(dangling->empty()) << dangling->size() << " rows break a foreign key";
    }
    EXPECT_EQ(StoreValue("SELECT count(*) FROM conversations"), std::to_string(api.conversations));
    EXPECT_EQ(StoreValue("SELECT count(*) FROM messages"), std::to_string(api.messages));
    EXPECT_EQ(StoreValue("SELECT count(*) FROM messages "
                         "WHERE status NOT IN ('completed', 'failed', 'cancelled')"),
              "0");
    const std::string counter = cluster_ ? "next_seq" : "last_seq";
    EXPECT_EQ(StoreValue("SELECT count(*) FROM conversations c WHERE c." + counter +
                         " <> (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)"),
              "0");
    EXPECT_EQ(StoreValue("SELECT count(*) FROM messages m WHERE NOT EXISTS "
                         "(SELECT 1 FROM conversations c WHERE c.id = m.conversation_id)"),
              "0");
  }

  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<PgCluster> cluster_;  // PostgreSQL only
  fs::path store_path_;                 // SQLite only
  fs::path config_;
  std::vector<Account> accounts_;
};

TEST_P(CrashTest, AcknowledgedQuestionsSurviveSigkill) {
  // 1. Questions from several clients, then SIGKILL while they are answered.
  StatusOr<std::unique_ptr<ScryServer>> first = StartServer("first");
  ASSERT_TRUE(first.ok()) << first.status();
  Load load;
  LoadAndKill(**first, load);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(load.unexpected.empty())
      << load.unexpected.size() << " unexpected replies, first: " << load.unexpected.front();
  if (!cluster_) ExpectKilledSqliteStoreIntact();

  // 2. Restart on the same store and read everything back through the API.
  StatusOr<std::unique_ptr<ScryServer>> second = StartServer("second");
  ASSERT_TRUE(second.ok()) << second.status();
  TestHttpClient client("127.0.0.1", (*second)->port());
  ExpectAllAcknowledgedFinal(client, load.acknowledged);
  if (HasFatalFailure()) return;
  ExpectConversationsWhole(client, load.acknowledged);
  ExpectNewQuestionsAnswered(client, load.acknowledged.front());
  Counts api;
  CountThroughApi(client, &api);
  if (HasFatalFailure()) return;
  EXPECT_GE(api.messages, static_cast<int64_t>(load.acknowledged.size()) + 3);

  // 3. A clean stop, then the store itself.
  client.Disconnect();
  StatusOr<int> stopped = (*second)->Stop(kStopDeadline);
  ASSERT_TRUE(stopped.ok()) << stopped.status();
  EXPECT_EQ(*stopped, 0) << (*second)->Output();
  ExpectStoreConsistent(api);
}

INSTANTIATE_TEST_SUITE_P(Stores, CrashTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace scry::testing
