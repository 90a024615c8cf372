#include "api/api_fixture.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "app/server_config.h"
#include "auth/password.h"
#include "auth/tokens.h"
#include "common/clock.h"
#include "engine/duckdb/demo_data.h"
#include "engine/duckdb/duckdb_writer.h"
#include "store/pg_cluster.h"

namespace scry::testing {
namespace {

using nlohmann::json;

// What every test of the program shares: the warehouse (read only) and,
// once a PostgreSQL case runs, the cluster. Removed at exit.
struct Shared {
  server::testing::TempDir dir;
  std::string warehouse;
  Status warehouse_status;
  std::unique_ptr<PgCluster> cluster;
  Status cluster_status = UnavailableError("not started");
  bool cluster_tried = false;
  int databases = 0;
  std::mutex mu;
};

Shared& GetShared() {
  static Shared* shared = [] {
    auto* s = new Shared;
    s->warehouse = (s->dir.path() / "demo.duckdb").string();
    StatusOr<std::unique_ptr<engine::DuckDbWriter>> writer =
        engine::DuckDbWriter::Open(s->warehouse);
    if (!writer.ok()) {
      s->warehouse_status = writer.status();
    } else {
      engine::DemoOptions demo;
      demo.rows = 20'000;
      demo.end_date = CivilDate{2025, 11, 24};
      demo.seed = 7;
      s->warehouse_status = engine::GenerateDemoWarehouse(**writer, demo);
    }
    return s;
  }();
  return *shared;
}

// Cleans up the cluster (a child process) when the program ends.
struct ClusterReaper {
  ~ClusterReaper() { GetShared().cluster.reset(); }
} reaper;

bool IsFinal(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

}  // namespace

std::string ApiResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return value;
    }
  }
  return "";
}

std::string StoreKindName(const ::testing::TestParamInfo<StoreKind>& info) {
  return info.param == StoreKind::kSqlite ? "Sqlite" : "Postgres";
}

void ApiTest::SetUp() {
  Shared& shared = GetShared();
  ASSERT_TRUE(shared.warehouse_status.ok()) << shared.warehouse_status;
  static std::atomic<int> counter{0};
  const int n = counter++;
  if (GetParam() == StoreKind::kPostgres) {
    std::lock_guard lock(shared.mu);
    if (!shared.cluster_tried) {
      shared.cluster_tried = true;
      StatusOr<std::unique_ptr<PgCluster>> cluster = PgCluster::Start();
      shared.cluster_status = cluster.status();
      if (cluster.ok()) shared.cluster = std::move(cluster).value();
    }
    if (shared.cluster_status.code() == StatusCode::kNotFound) {
      GTEST_SKIP() << "PostgreSQL is not installed: " << shared.cluster_status;
    }
    ASSERT_TRUE(shared.cluster_status.ok()) << shared.cluster_status;
    const std::string database = fmt::format("api_{}_{}", ::getpid(), shared.databases++);
    Status created = shared.cluster->CreateDatabase(database);
    ASSERT_TRUE(created.ok()) << created;
    store_yaml_ = fmt::format("store: {{kind: postgres, conninfo: \"{}\"}}",
                              shared.cluster->ConnInfo(database));
  } else {
    store_yaml_ = fmt::format("store: {{kind: sqlite, path: \"{}\"}}",
                              (shared.dir.path() / fmt::format("store_{}.db", n)).string());
  }
  StartServer();
  if (HasFatalFailure()) return;

  // The users and their tokens, made the way `scry user add` and `scry token
  // create` make them.
  struct Spec {
    const char* name;
    store::Role role;
    const char* region;
    bool in_group;
  };
  const Spec specs[] = {{"admin", store::Role::kAdmin, "Europe", true},
                        {"alice", store::Role::kAuthor, "Europe", true},
                        {"bob", store::Role::kAuthor, "Asia Pacific", true},
                        {"viewer", store::Role::kViewer, "Europe", true},
                        {"outsider", store::Role::kAuthor, "Europe", false}};
  // The real time, as the server's tokens use (`today` fixes only the date
  // questions are read against).
  const SystemClock clock;
  auth::TokenService tokens(store(), clock);
  for (const Spec& spec : specs) {
    store::User user;
    user.email = fmt::format("{}@example.com", spec.name);
    user.display_name = spec.name;
    user.role = spec.role;
    user.attributes["region"] = spec.region;
    if (spec.in_group) user.groups.push_back("analysts");
    StatusOr<std::string> hash = auth::HashPassword(kPassword, auth::PasswordCost::Fast());
    ASSERT_TRUE(hash.ok()) << hash.status();
    user.password_hash = *hash;
    StatusOr<store::User> created = store().CreateUser(user);
    ASSERT_TRUE(created.ok()) << created.status();
    users_[spec.name] = *created;
    StatusOr<auth::CreatedToken> token = tokens.Create(*created, "tests");
    ASSERT_TRUE(token.ok()) << token.status();
    tokens_[spec.name] = token->secret;
  }
  store::Grant grant;
  grant.space_id = kSpace;
  grant.kind = store::PrincipalKind::kGroup;
  grant.principal = "analysts";
  Status granted = store().PutGrant(grant);
  ASSERT_TRUE(granted.ok()) << granted;
}

void ApiTest::TearDown() { StopServer(); }

void ApiTest::StartServer(const ApiServerOptions& options) {
  StopServer();
  const std::string yaml = fmt::format(
      "listen: 127.0.0.1:0\n"
      "today: 2025-11-24\n"
      "{}\n"
      "spaces:\n"
      "  - id: {}\n"
      "    title: Demo sales\n"
      "    warehouse: \"{}\"\n"
      "    row_filters: [{{attribute: region, column: region}}]\n"
      "limits: {{shutdown_grace_seconds: 5, max_body_bytes: 65536, request_burst: 100000}}\n",
      store_yaml_, kSpace, GetShared().warehouse);
  StatusOr<app::ServerConfig> config = app::ParseServerConfig(yaml, "test", options.overrides);
  ASSERT_TRUE(config.ok()) << config.status();
  StatusOr<std::unique_ptr<app::ServerApp>> opened = app::ServerApp::Open(*config);
  ASSERT_TRUE(opened.ok()) << opened.status();
  app_ = std::move(opened).value();
  Status started = app_->Start();
  ASSERT_TRUE(started.ok()) << started;
  client_ = Client();
}

void ApiTest::StopServer() {
  client_.reset();
  if (app_) app_->Stop();
  app_.reset();
}

std::unique_ptr<server::testing::TestHttpClient> ApiTest::Client() {
  return std::make_unique<server::testing::TestHttpClient>("127.0.0.1", app_->port());
}

ApiResponse ApiTest::Call(std::string_view method, std::string_view target, const std::string& user,
                          const std::string& body, server::Headers headers) {
  if (!user.empty()) headers["Authorization"] = "Bearer " + tokens_.at(user);
  ApiResponse out;
  StatusOr<server::testing::HttpResponse> response = client_->Send(method, target, body, headers);
  if (!response.ok()) {
    ADD_FAILURE() << method << " " << target << ": " << response.status();
    return out;
  }
  out.status = response->status;
  out.headers = response->headers;
  out.body = response->body;
  out.json = json::parse(out.body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

ApiResponse ApiTest::Call(std::string_view method, std::string_view target, const std::string& user,
                          const json& body) {
  return Call(method, target, user, body.dump());
}

std::string ApiTest::NewConversation(const std::string& user) {
  ApiResponse created = Call("POST", "/api/v1/conversations", user, json{{"space_id", kSpace}});
  EXPECT_EQ(created.status, 201) << created.body;
  return created.json.is_object() ? created.json.value("id", "") : "";
}

json ApiTest::WaitForMessage(const std::string& user, const std::string& conversation,
                             const std::string& message_id) {
  const std::string target =
      fmt::format("/api/v1/conversations/{}/messages/{}", conversation, message_id);
  // Generous: the machines are shared; nothing here depends on speed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    ApiResponse got = Call("GET", target, user);
    if (got.status != 200) {
      ADD_FAILURE() << "GET " << target << ": " << got.status << " " << got.body;
      return nullptr;
    }
    if (IsFinal(got.json.value("status", ""))) return got.json;
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "message " << message_id << " is not final: " << got.body;
      return got.json;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ApiResponse ApiTest::WaitForMetrics(const std::function<bool(const std::string&)>& ready) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    ApiResponse metrics = Call("GET", "/metrics", "");
    if ((metrics.status == 200 && ready(metrics.body)) ||
        std::chrono::steady_clock::now() > deadline) {
      return metrics;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

json ApiTest::Ask(const std::string& user, const std::string& conversation,
                  const std::string& question) {
  ApiResponse posted = Call("POST", fmt::format("/api/v1/conversations/{}/messages", conversation),
                            user, json{{"question", question}});
  EXPECT_EQ(posted.status, 202) << posted.body;
  if (posted.status != 202) return nullptr;
  return WaitForMessage(user, conversation, posted.json.value("id", ""));
}

json ApiTest::RunSql(const std::string& user, const std::string& conversation,
                     const std::string& sql) {
  ApiResponse posted = Call("POST", fmt::format("/api/v1/conversations/{}/sql", conversation), user,
                            json{{"sql", sql}});
  EXPECT_EQ(posted.status, 202) << posted.body;
  if (posted.status != 202) return nullptr;
  return WaitForMessage(user, conversation, posted.json.value("id", ""));
}

}  // namespace scry::testing
