// The real server for the HTTP benchmarks, and a client that talks to it.
//
// BenchServer is scry::app::ServerApp exactly as `scry serve` composes it:
// listening on 127.0.0.1 on a port the OS picks, its SQLite store in a folder
// the caller gives, one space "demo" over a DuckDB warehouse, the clock fixed
// to a given day. It adds users allowed to use the space (a user grant each),
// each with an access token, as an admin would with `scry user add` and
// `scry token create`. It makes the access log spdlog's default logger.
//
// ApiClient is one user's blocking client of the native API over loopback
// with real sockets: one keep-alive connection for requests, and one more per
// event stream (the server closes a stream's connection when it ends).
//
// Thread-safety: BenchServer may be used from many threads (the store is
// thread-safe); an ApiClient belongs to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/server_app.h"
#include "app/server_config.h"
#include "common/status_or.h"
#include "server/test_client.h"
#include "store/store.h"

namespace scry::bench {

inline constexpr std::string_view kBenchSpace = "demo";

struct BenchUser {
  store::User user;
  std::string token;  // the secret, sent as "Authorization: Bearer <token>"
};

struct BenchServerOptions {
  std::string warehouse;  // a DuckDB file
  std::string today;      // YYYY-MM-DD: the day "last year" is read against
  std::string folder;     // the store (scry.db) and the access log (server.log) go here
  int users = 1;
  int workers = 2;  // question workers (the server's default)
};

class BenchServer {
 public:
  // Opens the server (bootstrapping the space's model from the warehouse),
  // starts listening and creates the users. Fails with the first error.
  static StatusOr<std::unique_ptr<BenchServer>> Start(const BenchServerOptions& options);
  ~BenchServer();

  uint16_t port() const { return app_->port(); }
  store::Store& store() { return app_->store(); }
  const std::vector<BenchUser>& users() const { return users_; }
  const app::ServerConfig& config() const { return config_; }

 private:
  BenchServer() = default;

  app::ServerConfig config_;
  std::unique_ptr<app::ServerApp> app_;
  std::vector<BenchUser> users_;
};

// A question asked and answered, as the client saw it.
struct Asked {
  nlohmann::json message;  // the final message, as the event stream sent it
  double waited_ms = 0;    // from sending the question to reading the answer event
  // From the question's 202 to the first event after "submitted": waiting
  // for a worker, then the worker's first steps (reading the history,
  // storing the first stage). 0 when that event came before the event
  // stream opened.
  double started_ms = 0;
};

class ApiClient {
 public:
  ApiClient(uint16_t port, std::string token);

  // Sends a request (a JSON body when `body` is not null). Returns the
  // response for any status; Unavailable or DeadlineExceeded when the
  // connection fails.
  StatusOr<server::testing::HttpResponse> Send(std::string_view method, std::string_view target,
                                               const nlohmann::json& body = nullptr);

  // Send() that also requires a 2xx status and a JSON body, which it returns.
  // Otherwise an error naming the request, the status and the reply.
  StatusOr<nlohmann::json> Call(std::string_view method, std::string_view target,
                                const nlohmann::json& body = nullptr);

  // A new conversation in the bench space; returns its id.
  StatusOr<std::string> StartConversation();

  // Posts `question` and follows the message's event stream to its answer.
  // Fails when a request fails or the stream ends without an answer; a
  // failed question is an answer (check its status).
  StatusOr<Asked> Ask(std::string_view conversation_id, std::string_view question);

  // HTTP requests sent so far (an event stream counts as one).
  int64_t requests() const { return requests_; }

 private:
  // Reads the event stream at `target` (the events of a message whose 202
  // was read at `accepted`) up to the answer; `*answered` is when the answer
  // event had been read.
  StatusOr<Asked> FollowEvents(const std::string& target,
                               std::chrono::steady_clock::time_point accepted,
                               std::chrono::steady_clock::time_point* answered);

  server::Headers auth_;
  server::testing::TestHttpClient api_;
  server::testing::TestHttpClient events_;
  int64_t requests_ = 0;
};

}  // namespace scry::bench
