// The whole server (`scry::app::ServerApp`, as `scry serve` composes it) on
// 127.0.0.1 with a port the OS picks, on a small demo warehouse, with either
// store: a fresh SQLite file or a fresh PostgreSQL database (a throwaway
// cluster started once per test program; the PostgreSQL cases are skipped
// when PostgreSQL is not installed). Tests talk to it over real HTTP.
//
// Users, one of each kind the permission tests need (all in group
// "analysts", which is granted the space "demo"; the space filters rows by
// the `region` attribute on every table with a `region` column):
//   admin   — role admin, region Europe
//   alice   — role author, region Europe (password kPassword, for sign-in)
//   bob     — role author, region Asia Pacific
//   viewer  — role viewer, region Europe
//   outsider — role author, no group: no access to the space
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/server_app.h"
#include "server/test_client.h"
#include "store/store.h"

namespace scry::testing {

inline constexpr const char* kPassword = "a long enough passphrase";
inline constexpr const char* kSpace = "demo";

// A JSON response: status, headers and the parsed body (null when the body
// is not JSON).
struct ApiResponse {
  int status = 0;
  server::Headers headers;
  std::string body;
  nlohmann::json json;
  std::string Header(std::string_view name) const;
};

// Which store the server runs on.
enum class StoreKind { kSqlite, kPostgres };
std::string StoreKindName(const ::testing::TestParamInfo<StoreKind>& info);

struct ApiServerOptions {
  // Extra `--set` overrides (limits, for instance).
  std::vector<std::string> overrides;
};

class ApiTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // (Re)starts the server with `options` on the same store and warehouse.
  void StartServer(const ApiServerOptions& options = {});
  void StopServer();

  // A request as `user` (a name above, with their Bearer token; "" sends no
  // credentials). `body` is sent as it is.
  ApiResponse Call(std::string_view method, std::string_view target, const std::string& user,
                   const std::string& body = {}, server::Headers headers = {});
  ApiResponse Call(std::string_view method, std::string_view target, const std::string& user,
                   const nlohmann::json& body);

  // A new conversation of `user` in the demo space; its id.
  std::string NewConversation(const std::string& user);
  // Posts `question` (or, with `sql`, an author's SQL) and polls the message
  // until it is final; returns the final message.
  nlohmann::json Ask(const std::string& user, const std::string& conversation,
                     const std::string& question);
  nlohmann::json RunSql(const std::string& user, const std::string& conversation,
                        const std::string& sql);
  // Polls GET message until its status is final.
  nlohmann::json WaitForMessage(const std::string& user, const std::string& conversation,
                                const std::string& message_id);
  // Reads /metrics until `ready` holds for its text; returns the last read.
  // The worker counts a question (questions_total, the stage timings) just
  // after storing its final status, so a read right after the message turned
  // final may come a moment early.
  ApiResponse WaitForMetrics(const std::function<bool(const std::string&)>& ready);

  uint16_t port() const { return app_->port(); }
  store::Store& store() { return app_->store(); }
  app::ServerApp& app() { return *app_; }
  const store::User& user(const std::string& name) { return users_.at(name); }
  const std::string& token(const std::string& name) { return tokens_.at(name); }
  std::unique_ptr<server::testing::TestHttpClient> Client();

 private:
  std::string store_yaml_;
  std::unique_ptr<app::ServerApp> app_;
  std::map<std::string, store::User> users_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<server::testing::TestHttpClient> client_;
};

}  // namespace scry::testing
