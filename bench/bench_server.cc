#include "bench/bench_server.h"

#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "auth/tokens.h"
#include "bench/bench_util.h"
#include "common/clock.h"

namespace scry::bench {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// The client waits this long for any read: an answer may queue behind others.
constexpr std::chrono::milliseconds kReadTimeout{120'000};

server::testing::TestClientOptions ClientOptions() {
  server::testing::TestClientOptions options;
  options.timeout = kReadTimeout;
  return options;
}

app::ServerConfig ConfigFor(const BenchServerOptions& options) {
  app::ServerConfig config;
  config.source = "bench";
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.store_kind = "sqlite";
  config.store_path = options.folder + "/scry.db";
  config.today = options.today;
  app::SpaceConfig space;
  space.id = std::string(kBenchSpace);
  space.title = "Demo sales";
  space.description = "Orders, products, customers and stores";
  space.warehouse = options.warehouse;
  config.spaces.push_back(std::move(space));
  config.limits.workers = options.workers;
  // The benchmarks measure the server, not the per-user request limit.
  config.limits.requests_per_second = 1e6;
  config.limits.request_burst = 1e6;
  return config;
}

// A viewer granted the bench space, with a token, as `scry user add`,
// an admin's grant and `scry token create` would make them.
StatusOr<BenchUser> AddUser(store::Store& store, const Clock& clock, int index) {
  store::User user;
  user.email = fmt::format("bench{}@example.com", index);
  user.display_name = fmt::format("Bench user {}", index);
  user.role = store::Role::kViewer;
  user.created_ms = clock.NowMs();
  BenchUser out;
  ASSIGN_OR_RETURN(out.user, store.CreateUser(user));
  store::Grant grant;
  grant.space_id = std::string(kBenchSpace);
  grant.kind = store::PrincipalKind::kUser;
  grant.principal = std::to_string(out.user.id);
  grant.created_ms = clock.NowMs();
  RETURN_IF_ERROR(store.PutGrant(grant));
  auth::TokenService tokens(store, clock);
  ASSIGN_OR_RETURN(auth::CreatedToken created, tokens.Create(out.user, "bench"));
  out.token = std::move(created.secret);
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<BenchServer>> BenchServer::Start(const BenchServerOptions& options) {
  std::unique_ptr<BenchServer> server(new BenchServer());
  server->config_ = ConfigFor(options);
  // The access log is written as a deployed server writes it, to a file
  // (so its cost is measured), not over the benchmark's report.
  try {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "bench_server",
        std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.folder + "/server.log", true)));
  } catch (const spdlog::spdlog_ex& e) {
    return UnavailableError(fmt::format("server log in {}: {}", options.folder, e.what()));
  }
  ASSIGN_OR_RETURN(server->app_, app::ServerApp::Open(server->config_));
  RETURN_IF_ERROR(server->app_->Start());
  // Tokens are stamped with the real time, as the server checks them
  // (`today` fixes only the date its questions are read against).
  const SystemClock clock;
  for (int i = 0; i < options.users; ++i) {
    ASSIGN_OR_RETURN(BenchUser user, AddUser(server->store(), clock, i + 1));
    server->users_.push_back(std::move(user));
  }
  return server;
}

BenchServer::~BenchServer() {
  if (app_ != nullptr) app_->Stop();
}

ApiClient::ApiClient(uint16_t port, std::string token)
    : api_("127.0.0.1", port, ClientOptions()), events_("127.0.0.1", port, ClientOptions()) {
  auth_["Authorization"] = "Bearer " + token;
}

StatusOr<server::testing::HttpResponse> ApiClient::Send(std::string_view method,
                                                        std::string_view target, const json& body) {
  ++requests_;
  if (body.is_null()) return api_.Send(method, target, "", auth_);
  server::Headers headers = auth_;
  headers["Content-Type"] = "application/json";
  return api_.Send(method, target, body.dump(), headers);
}

StatusOr<json> ApiClient::Call(std::string_view method, std::string_view target, const json& body) {
  ASSIGN_OR_RETURN(server::testing::HttpResponse response, Send(method, target, body));
  if (response.status < 200 || response.status > 299) {
    return Status(StatusCode::kUnknown, fmt::format("{} {}: HTTP {}: {}", method, target,
                                                    response.status, response.body.substr(0, 300)));
  }
  json parsed = json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) {
    return Status(StatusCode::kDataLoss,
                  fmt::format("{} {}: the reply is not JSON", method, target));
  }
  return parsed;
}

StatusOr<std::string> ApiClient::StartConversation() {
  ASSIGN_OR_RETURN(json created,
                   Call("POST", "/api/v1/conversations", {{"space_id", kBenchSpace}}));
  if (!created.contains("id") || !created["id"].is_string()) {
    return Status(StatusCode::kDataLoss, "POST /api/v1/conversations: no id in the reply");
  }
  return created["id"].get<std::string>();
}

StatusOr<Asked> ApiClient::Ask(std::string_view conversation_id, std::string_view question) {
  const std::string conversation = fmt::format("/api/v1/conversations/{}", conversation_id);
  const auto sent = SteadyClock::now();
  ASSIGN_OR_RETURN(json posted, Call("POST", conversation + "/messages", {{"question", question}}));
  const auto accepted = SteadyClock::now();
  if (!posted.contains("id") || !posted["id"].is_string()) {
    return Status(StatusCode::kDataLoss, "POST messages: no id in the reply");
  }
  const std::string events =
      fmt::format("{}/messages/{}/events", conversation, posted["id"].get<std::string>());
  SteadyClock::time_point answered;
  ASSIGN_OR_RETURN(Asked asked, FollowEvents(events, accepted, &answered));
  asked.waited_ms = MillisecondsBetween(sent, answered);
  return asked;
}

StatusOr<Asked> ApiClient::FollowEvents(const std::string& target, SteadyClock::time_point accepted,
                                        SteadyClock::time_point* answered) {
  ++requests_;
  // Connection: close ends every stream, so each one starts on a fresh connection.
  events_.Disconnect();
  ASSIGN_OR_RETURN(server::testing::HttpResponse head,
                   events_.StartStream("GET", target, "", auth_));
  if (head.status != 200) {
    return Status(StatusCode::kUnknown, fmt::format("GET {}: HTTP {}", target, head.status));
  }
  Asked asked;
  bool waiting = false;  // the first status said "submitted": no worker had it yet
  bool first = true;
  for (;;) {
    StatusOr<server::testing::SseEvent> event = events_.ReadSseEvent();
    if (!event.ok()) {
      return event.status().WithContext(fmt::format("GET {}: no answer event", target));
    }
    const auto now = SteadyClock::now();
    if (event->event == "answer") {
      *answered = now;
      asked.message = json::parse(event->data, nullptr, false);
      if (asked.message.is_discarded())
        return Status(StatusCode::kDataLoss, "the answer event is not JSON");
      break;
    }
    if (event->event != "status") continue;
    const bool submitted = event->data.find("\"submitted\"") != std::string::npos;
    if (first) {
      waiting = submitted;
      first = false;
    } else if (waiting && !submitted) {
      asked.started_ms = MillisecondsBetween(accepted, now);
      waiting = false;
    }
  }
  events_.Disconnect();
  return asked;
}

}  // namespace scry::bench
