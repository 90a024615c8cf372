#include "app/server_app.h"

#include <fmt/format.h>

#include <filesystem>

#include "app/server_spaces.h"
#include "auth/permissions.h"
#include "auth/row_filters.h"
#include "auth/sessions.h"
#include "auth/tokens.h"
#include "conversation/attachments.h"
#include "conversation/guide.h"
#include "conversation/service.h"
#include "conversation/trusted_questions.h"
#include "engine/duckdb/duckdb_file_converter.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/rate_limiter.h"
#include "server/router.h"
#include "server/routes/admin_routes.h"
#include "server/routes/attachment_routes.h"
#include "server/routes/authenticator.h"
#include "server/routes/genie_routes.h"
#include "server/routes/guide_routes.h"
#include "server/routes/native_routes.h"
#include "server/routes/openapi_route.h"
#include "server/routes/trusted_routes.h"
#include "server/static_files.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace scry::app {
namespace {

// Spaces by grants in the store; row filters from the space's configuration
// bound to the user's attributes.
class ConfiguredAccess final : public conversation::AccessPolicy {
 public:
  ConfiguredAccess(store::Store& store, const ServerSpaces& spaces)
      : store_(store), spaces_(spaces) {}

  Status CheckSpace(const store::User& user,
                    const conversation::SpaceRuntime& space) const override {
    ASSIGN_OR_RETURN(std::vector<store::Grant> grants, store_.ListGrants(space.id));
    return auth::CheckSpaceAccess(user, space.id, grants);
  }

  StatusOr<sql::GuardPolicy> PolicyFor(const store::User& user,
                                       const conversation::SpaceRuntime& space) const override {
    sql::GuardPolicy policy = space.policy;
    const SpaceConfig* config = spaces_.ConfigOf(space.id);
    if (config == nullptr || config->row_filters.empty()) return policy;
    std::vector<auth::RowFilterRule> rules;
    for (const RowFilterRule& rule : config->row_filters) {
      rules.push_back({rule.attribute, rule.column, rule.table, false});
    }
    DatabaseSchema catalog;
    for (const semantic::TableModel& table : space.model->tables) {
      TableSchema schema;
      schema.name = table.name;
      for (const semantic::ColumnModel& column : table.columns) {
        ColumnSchema described;
        described.name = column.name;
        schema.columns.push_back(std::move(described));
      }
      catalog.tables.push_back(std::move(schema));
    }
    ASSIGN_OR_RETURN(policy.row_filters, auth::BuildRowFilters(rules, user.attributes, catalog));
    return policy;
  }

 private:
  store::Store& store_;
  const ServerSpaces& spaces_;
};

// The conversation service's reports as Prometheus metrics.
class ServiceMetrics final : public conversation::ServiceObserver {
 public:
  explicit ServiceMetrics(server::MetricsRegistry& registry)
      : questions_(registry.AddCounter(
            "scry_questions_total",
            "Questions and authors' SQL answered, by outcome (completed, clarification, "
            "not_understood, failed, cancelled).",
            {"outcome"})),
        stages_(registry.AddHistogram("scry_question_stage_seconds",
                                      "Time a question spent in each stage.", {"stage"})),
        running_(registry.AddGauge("scry_queries_running", "Queries running in the engine.").Get()),
        store_errors_(registry.AddCounter("scry_store_errors_total",
                                          "Store operations that failed while answering.",
                                          {"operation"})),
        engine_errors_(registry.AddCounter(
            "scry_engine_errors_total", "Queries the engine failed, by status code.", {"code"})) {}

  void QueryStarted() override { running_.Increment(); }
  void QueryFinished() override { running_.Decrement(); }
  void QuestionFinished(std::string_view outcome,
                        const conversation::QuestionTimings& timings) override {
    questions_.WithLabels({std::string(outcome)}).Increment();
    const std::pair<const char*, double> stages[] = {
        {"queue", timings.queue_ms},     {"understand", timings.understand_ms},
        {"compile", timings.compile_ms}, {"guard", timings.guard_ms},
        {"run", timings.run_ms},         {"store", timings.store_ms},
        {"total", timings.total_ms}};
    for (const auto& [stage, ms] : stages) stages_.WithLabels({stage}).Observe(ms / 1000.0);
  }
  void StoreError(std::string_view operation) override {
    store_errors_.WithLabels({std::string(operation)}).Increment();
  }
  void EngineError(std::string_view code) override {
    engine_errors_.WithLabels({std::string(code)}).Increment();
  }

 private:
  server::MetricFamily<server::Counter>& questions_;
  server::MetricFamily<server::Histogram>& stages_;
  server::Gauge& running_;
  server::MetricFamily<server::Counter>& store_errors_;
  server::MetricFamily<server::Counter>& engine_errors_;
};

}  // namespace

struct ServerApp::Parts {
  ServerConfig config;
  // The real time: when conversations, messages, feedback and usage
  // happened, when tokens and sessions expire, rate limits.
  SystemClock clock;
  // The date questions are read against ("last month"): `today` in
  // scry.yaml when set (a demo warehouse that ends on another day), else
  // the real date.
  std::unique_ptr<FixedClock> today;
  const Clock& questions_clock() const {
    return today != nullptr ? static_cast<const Clock&>(*today) : clock;
  }
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ServerSpaces> spaces;
  std::unique_ptr<ConfiguredAccess> access;
  std::unique_ptr<auth::TokenService> tokens;
  std::unique_ptr<auth::SessionService> sessions;
  std::unique_ptr<server::RateLimiter> limiter;
  std::unique_ptr<server::RateLimiter> login_limiter;
  std::unique_ptr<server::TokenOrSessionAuthenticator> authenticator;
  server::MetricsRegistry metrics;
  std::unique_ptr<ServiceMetrics> service_metrics;
  std::unique_ptr<engine::DuckDbFileConverter> converter;
  std::unique_ptr<conversation::AttachmentService> attachments;
  std::unique_ptr<conversation::TrustedQuestionService> trusted;
  std::unique_ptr<conversation::ConversationService> service;
  // Before the downloads pool, whose tasks build guides: destroyed after it.
  std::unique_ptr<conversation::GuideService> guides;
  std::unique_ptr<conversation::WorkerPool> downloads;
  std::unique_ptr<conversation::WorkerPool> uploads;
  server::Router router;
  std::unique_ptr<server::HttpServer> http;
};

StatusOr<std::unique_ptr<store::Store>> OpenConfiguredStore(const ServerConfig& config) {
  if (config.store_kind == "postgres") {
    ASSIGN_OR_RETURN(auto store, store::PostgresStore::Open(config.store_conninfo));
    return std::unique_ptr<store::Store>(std::move(store));
  }
  std::string path = config.store_path;
  if (path.empty()) path = (std::filesystem::path(DefaultDataFolder(config)) / "scry.db").string();
  std::error_code ec;
  if (std::filesystem::path(path).has_parent_path()) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  }
  ASSIGN_OR_RETURN(auto store, store::SqliteStore::Open(path));
  return std::unique_ptr<store::Store>(std::move(store));
}

// The attachments' folder, created, as a canonical path: the engines that read
// it and the service that writes it must name it alike.
StatusOr<std::string> AttachmentsDirectory(const ServerConfig& config) {
  namespace fs = std::filesystem;
  const fs::path folder = config.attachments.directory.empty()
                              ? fs::path(DefaultDataFolder(config)) / "attachments"
                              : fs::path(config.attachments.directory);
  std::error_code ec;
  fs::create_directories(folder, ec);
  const fs::path canonical = ec ? fs::path() : fs::canonical(folder, ec);
  if (ec) {
    return InvalidArgumentError(
        fmt::format("attachments.directory: cannot use '{}': {}", folder.string(), ec.message()));
  }
  return canonical.string();
}

StatusOr<std::unique_ptr<ServerApp>> ServerApp::Open(const ServerConfig& config) {
  auto parts = std::make_unique<Parts>();
  parts->config = config;
  if (!config.today.empty()) {
    const std::optional<CivilDate> today = ParseIsoDate(config.today);
    if (!today) {
      return InvalidArgumentError(
          fmt::format("today: '{}' is not a date of the form YYYY-MM-DD", config.today));
    }
    parts->today = std::make_unique<FixedClock>(*today);
  }
  ASSIGN_OR_RETURN(parts->store, OpenConfiguredStore(config));
  ASSIGN_OR_RETURN(const std::string attachments_directory, AttachmentsDirectory(config));
  ASSIGN_OR_RETURN(parts->spaces, ServerSpaces::Open(config.spaces, parts->questions_clock(),
                                                     attachments_directory));
  for (const conversation::SpaceRuntime* runtime : parts->spaces->List()) {
    store::Space space;
    space.id = runtime->id;
    space.title = runtime->title;
    space.description = runtime->description;
    RETURN_IF_ERROR(parts->store->PutSpace(space));
  }
  parts->access = std::make_unique<ConfiguredAccess>(*parts->store, *parts->spaces);
  parts->tokens = std::make_unique<auth::TokenService>(*parts->store, parts->clock);
  parts->sessions = std::make_unique<auth::SessionService>(*parts->store, parts->clock);
  parts->limiter = std::make_unique<server::RateLimiter>(
      parts->clock, config.limits.requests_per_second, config.limits.request_burst);
  // Sign-in: a burst of 10 attempts, then one every 6 seconds per address.
  parts->login_limiter = std::make_unique<server::RateLimiter>(parts->clock, 1.0 / 6, 10);
  parts->authenticator = std::make_unique<server::TokenOrSessionAuthenticator>(
      *parts->tokens, *parts->sessions, parts->limiter.get());
  parts->service_metrics = std::make_unique<ServiceMetrics>(parts->metrics);
  parts->converter = std::make_unique<engine::DuckDbFileConverter>();
  conversation::AttachmentOptions attachments;
  attachments.directory = attachments_directory;
  attachments.max_upload_bytes = config.limits.max_upload_bytes;
  attachments.max_per_conversation = config.attachments.max_per_conversation;
  ASSIGN_OR_RETURN(parts->attachments, conversation::AttachmentService::Create(
                                           *parts->store, *parts->spaces, *parts->access,
                                           *parts->converter, parts->clock, attachments));
  parts->trusted = std::make_unique<conversation::TrustedQuestionService>(
      *parts->store, *parts->spaces, *parts->access, parts->clock);
  conversation::ServiceOptions service;
  service.workers = config.limits.workers;
  service.max_queued = static_cast<size_t>(config.limits.max_queued_questions);
  service.stored_rows = config.limits.stored_rows;
  service.answer_rows = config.limits.answer_rows;
  service.observer = parts->service_metrics.get();
  service.attachments = parts->attachments.get();
  service.trusted = parts->trusted.get();
  service.questions_clock = &parts->questions_clock();
  service.execute.timeout =
      std::chrono::milliseconds(static_cast<int64_t>(config.limits.query_timeout_seconds * 1000));
  parts->service = std::make_unique<conversation::ConversationService>(
      *parts->store, *parts->spaces, *parts->access, parts->clock, service);
  RETURN_IF_ERROR(parts->service->RecoverUnfinished().status());
  parts->guides =
      std::make_unique<conversation::GuideService>(*parts->access, parts->questions_clock());
  parts->downloads = std::make_unique<conversation::WorkerPool>(
      config.limits.download_workers, static_cast<size_t>(config.limits.download_workers) * 4);
  parts->uploads = std::make_unique<conversation::WorkerPool>(
      config.attachments.workers, static_cast<size_t>(config.attachments.workers) * 4);

  server::ApiContext context;
  context.store = parts->store.get();
  context.service = parts->service.get();
  context.spaces = parts->spaces.get();
  context.access = parts->access.get();
  context.auth = parts->authenticator.get();
  context.tokens = parts->tokens.get();
  context.sessions = parts->sessions.get();
  context.clock = &parts->clock;
  context.downloads = parts->downloads.get();
  context.login_limiter = parts->login_limiter.get();
  context.attachments = parts->attachments.get();
  context.uploads = parts->uploads.get();
  context.guides = parts->guides.get();
  context.trusted = parts->trusted.get();
  RETURN_IF_ERROR(server::AddNativeRoutes(context, &parts->router));
  RETURN_IF_ERROR(server::AddOpenApiRoute(&parts->router));
  RETURN_IF_ERROR(server::AddAdminRoutes(context, &parts->router));
  RETURN_IF_ERROR(server::AddAttachmentRoutes(context, &parts->router));
  RETURN_IF_ERROR(server::AddGuideRoutes(context, &parts->router));
  RETURN_IF_ERROR(server::AddTrustedRoutes(context, &parts->router));
  RETURN_IF_ERROR(server::AddGenieRoutes(context, &parts->router));
  RETURN_IF_ERROR(server::AddMetricsRoute(parts->router, parts->metrics));
  store::Store* store = parts->store.get();
  RETURN_IF_ERROR(parts->router.Add("GET", "/readyz", server::Sync([store](const server::Request&) {
                                      StatusOr<int> version = store->SchemaVersion();
                                      if (!version.ok())
                                        return server::Response::Text(503, "store unavailable\n");
                                      return server::Response::Text(200, "ready\n");
                                    })));
  if (!config.web_root.empty()) {
    ASSIGN_OR_RETURN(server::StaticFiles files,
                     server::StaticFiles::Open(config.web_root, {"/api/"}));
    parts->router.SetFallback(files.AsHandler());
  }
  server::HttpServerOptions options;
  options.address = config.listen_host;
  options.port = static_cast<uint16_t>(config.listen_port);
  options.io_threads = config.limits.io_threads;
  options.max_body_bytes = static_cast<size_t>(config.limits.max_body_bytes);
  options.metrics = &parts->metrics;
  if (!config.tls_certificate.empty()) {
    options.tls = server::TlsOptions{config.tls_certificate, config.tls_key};
  }
  parts->http = std::make_unique<server::HttpServer>(options, parts->router);
  return std::unique_ptr<ServerApp>(new ServerApp(std::move(parts)));
}

ServerApp::ServerApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

ServerApp::~ServerApp() { Stop(); }

Status ServerApp::Start() { return parts_->http->Start(); }

uint16_t ServerApp::port() const { return parts_->http->port(); }

void ServerApp::Stop() {
  if (parts_ == nullptr) return;
  parts_->http->Stop(std::chrono::milliseconds(
      static_cast<int64_t>(parts_->config.limits.shutdown_grace_seconds * 1000)));
  parts_->downloads->Shutdown();
  parts_->uploads->Shutdown();
  parts_->service->Shutdown();
}

store::Store& ServerApp::store() { return *parts_->store; }

const server::Router& ServerApp::router() const { return parts_->router; }

}  // namespace scry::app
