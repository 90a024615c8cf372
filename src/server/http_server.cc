// The only translation unit with Beast and Asio in it (about 18 s to compile):
// the accept loop, the connection coroutine (plain and TLS) and shutdown.
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without it.

// clang-format off: the line above must stay first.
#include "server/http_server.h"
// clang-format on

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "server/errors.h"
#include "server/exchange_core.h"
#include "server/metrics.h"

namespace scry::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

auto Redirect(boost::system::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

// A client-supplied id is echoed only when it is short and plain, so it is
// safe to log and to put back in a header.
bool IsUsableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == ':';
    if (!plain) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", random(), random());
}

// How long a refused request's remaining bytes are drained before closing.
constexpr std::chrono::seconds kLinger{1};

std::string StatusClass(int status) { return std::to_string(status / 100) + "xx"; }

// What every session needs from the server, without knowing the stream type.
struct ServerContext {
  HttpServerOptions options;
  const Router* router = nullptr;
  std::shared_ptr<spdlog::logger> logger;
  MetricFamily<Counter>* requests = nullptr;
  MetricFamily<Histogram>* latency = nullptr;
  Gauge* open_streams = nullptr;
  Gauge* open_connections = nullptr;
};

// What one finished exchange reports to the access log and metrics.
struct ExchangeRecord {
  std::string method;
  std::string path;
  std::string route;
  std::string request_id;
  int status = 0;
  size_t bytes = 0;
  Clock::time_point started = Clock::now();
};

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Asks the session to end: `force` closes it now, otherwise it finishes
  // the request in flight. Thread-safe (posts to the session's strand).
  virtual void RequestStop(bool force) = 0;
};

// Keeps count of live sessions so Stop can wait for them.
class SessionRegistry {
 public:
  // Returns false when the server is stopping (the session should stop too).
  bool Add(uint64_t id, std::weak_ptr<SessionBase> session) {
    std::lock_guard lock(mu_);
    sessions_[id] = std::move(session);
    return !stopping_;
  }
  void Remove(uint64_t id) {
    std::lock_guard lock(mu_);
    sessions_.erase(id);
    if (sessions_.empty()) empty_.notify_all();
  }
  // Marks the server stopping and asks every session to stop.
  void StopAll(bool force) {
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      for (auto& [id, weak] : sessions_) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
      }
    }
    for (auto& session : live) session->RequestStop(force);
  }
  // True when every session ended before `deadline`.
  bool WaitEmpty(Clock::time_point deadline) {
    std::unique_lock lock(mu_);
    return empty_.wait_until(lock, deadline, [&] { return sessions_.empty(); });
  }
  bool stopping() const {
    std::lock_guard lock(mu_);
    return stopping_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable empty_;
  std::map<uint64_t, std::weak_ptr<SessionBase>> sessions_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                                    // GUARDED_BY(mu_)
};

template <typename Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(Stream stream, const ServerContext& context, SessionRegistry& registry, uint64_t id)
      : stream_(std::move(stream)),
        wait_timer_(stream_.get_executor()),
        context_(context),
        registry_(registry),
        id_(id) {
    boost::system::error_code ec;
    auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string() + ":" + std::to_string(peer.port());
    if (context_.open_connections) context_.open_connections->Increment();
  }

  ~Session() override {
    DetachExchange();
    if (context_.open_connections) context_.open_connections->Decrement();
    registry_.Remove(id_);
  }

  void Start() {
    if (!registry_.Add(id_, this->weak_from_this())) stop_requested_ = true;
    asio::co_spawn(stream_.get_executor(), Run(),
                   [self = this->shared_from_this()](std::exception_ptr error) {
                     if (error) self->LogCoroutineException(error);
                   });
  }

  void RequestStop(bool force) override {
    asio::post(stream_.get_executor(),
               [self = this->shared_from_this(), force] { self->OnStop(force); });
  }

 private:
  enum class Phase { kIdle, kReading, kHandling, kStreaming, kWriting };

  void LogCoroutineException(std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      context_.logger->error("bug: connection from {} ended by an exception: {}", remote_,
                             e.what());
    } catch (...) {
      context_.logger->error("bug: connection from {} ended by an unknown exception", remote_);
    }
  }

  // Runs on the strand.
  void OnStop(bool force) {
    stop_requested_ = true;
    if (phase_ == Phase::kStreaming || force) {
      if (exchange_) exchange_->MarkClientGone();
      wait_timer_.cancel();
    }
    if (phase_ == Phase::kIdle || (force && phase_ != Phase::kStreaming)) {
      beast::get_lowest_layer(stream_).close();
    }
    if (force) force_stopped_ = true;
  }

  void DetachExchange() {
    if (!exchange_) return;
    exchange_->MarkClientGone();
    exchange_->SetWaker(nullptr);
    exchange_.reset();
  }

  asio::awaitable<void> Run() {
    auto self = this->shared_from_this();
    boost::system::error_code ec;
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(context_.options.read_timeout);
      co_await stream_.async_handshake(asio::ssl::stream_base::server, Redirect(ec));
      if (ec) co_return;  // Scanners and wrong protocols: not worth a log line each.
    }
    bool keep_alive = true;
    while (keep_alive && !stop_requested_) {
      keep_alive = co_await HandleOne();
    }
    co_await CloseConnection();
  }

  // Reads one request and answers it. Returns whether to read another.
  asio::awaitable<bool> HandleOne() {
    boost::system::error_code ec;
    phase_ = Phase::kIdle;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(context_.options.max_header_bytes));
    // The body's limit depends on the route, known once the header is read;
    // until then the largest, so that a Content-Length over the server's
    // limit does not fail the header of a route that allows more. (Beast
    // 1.74 takes boost::none as a limit of 0 in that check.)
    body_limit_ = context_.options.max_body_bytes;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    beast::get_lowest_layer(stream_).expires_after(context_.options.idle_timeout);
    co_await http::async_read_header(stream_, buffer_, parser, Redirect(ec));
    if (ec) co_return co_await RejectUnreadable(ec, "");
    phase_ = Phase::kReading;
    ExchangeRecord record;
    auto& head = parser.get();
    body_limit_ = BodyLimitFor(head.method_string(), head.target());
    parser.body_limit(body_limit_);
    if (auto length = parser.content_length(); length && *length > body_limit_) {
      co_return co_await RejectUnreadable(http::error::body_limit, std::string(head.target()));
    }
    if (beast::iequals(head[http::field::expect], "100-continue")) {
      http::response<http::empty_body> proceed{http::status::continue_, head.version()};
      beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
      co_await http::async_write(stream_, proceed, Redirect(ec));
      if (ec) co_return false;
    }
    beast::get_lowest_layer(stream_).expires_after(context_.options.read_timeout);
    co_await http::async_read(stream_, buffer_, parser, Redirect(ec));
    if (ec) co_return co_await RejectUnreadable(ec, std::string(head.target()));
    http::request<http::string_body> message = parser.release();
    bool keep_alive = message.keep_alive() && !stop_requested_ && !registry_.stopping();
    co_return co_await Dispatch(std::move(message), keep_alive, std::move(record));
  }

  // The body limit of the route `target` goes to: its own (uploads), else
  // the server's.
  size_t BodyLimitFor(beast::string_view method, beast::string_view target) const {
    const size_t query = target.find('?');
    const std::string_view path(target.data(),
                                query == beast::string_view::npos ? target.size() : query);
    const Router::Match match =
        context_.router->Find(std::string_view(method.data(), method.size()), path);
    if (match.kind == Router::Match::Kind::kFound && match.options.max_body_bytes > 0) {
      return match.options.max_body_bytes;
    }
    return context_.options.max_body_bytes;
  }

  // Answers a request that could not be read, when an answer makes sense.
  asio::awaitable<bool> RejectUnreadable(boost::system::error_code ec, std::string target) {
    int status = 0;
    std::string message;
    if (ec == http::error::header_limit) {
      status = 431;
      message =
          fmt::format("request header larger than {} bytes", context_.options.max_header_bytes);
    } else if (ec == http::error::body_limit) {
      status = 413;
      message = fmt::format("request body larger than {} bytes", body_limit_);
    } else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
      status = 400;
      message = "malformed HTTP request: " + ec.message();
    }
    if (status == 0) co_return false;  // Closed, timed out or reset: nobody to answer.
    linger_ = true;
    ExchangeRecord record;
    record.method = "-";
    record.path = target.substr(0, target.find('?'));
    record.route = "unreadable";
    record.request_id = NewRequestId();
    Response response =
        HttpErrorResponse(status, message, ErrorStyleForPath(record.path), record.request_id);
    co_await WriteResponse(std::move(response), 11, /*keep_alive=*/false, false, record);
    co_return false;
  }

  Request ToRequest(http::request<http::string_body>& message) {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    size_t question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) {
      request.query = ParseQueryString(std::string_view(request.target).substr(question + 1));
    }
    for (const auto& field : message) {
      auto [it, inserted] =
          request.headers.emplace(std::string(field.name_string()), std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
    }
    request.body = std::move(message.body());
    request.remote_address = remote_;
    request.tls = kTls;
    std::string_view given_id = request.Header("X-Request-Id");
    request.request_id = IsUsableRequestId(given_id) ? std::string(given_id) : NewRequestId();
    return request;
  }

  asio::awaitable<bool> Dispatch(http::request<http::string_body> message, bool keep_alive,
                                 ExchangeRecord record) {
    unsigned version = message.version();
    Request request = ToRequest(message);
    record.method = request.method;
    record.path = request.path;
    record.request_id = request.request_id;
    bool head_only = request.method == "HEAD";
    ErrorStyle style = ErrorStyleForPath(request.path);
    if (!request.path.starts_with("/")) {
      record.route = "unreadable";
      Response response = HttpErrorResponse(400, "the request target must be an absolute path",
                                            style, request.request_id);
      co_await WriteResponse(std::move(response), version, false, head_only, record);
      co_return false;
    }
    if ((request.method == "GET" || head_only) && request.path == "/healthz") {
      record.route = "/healthz";
      co_return co_await WriteResponse(Response::Json(200, R"({"status":"ok"})"), version,
                                       keep_alive, head_only, record);
    }
    const Router& router = *context_.router;
    Router::Match match = router.Find(request.method, request.path);
    const Handler* handler = nullptr;
    if (match.kind == Router::Match::Kind::kFound) {
      handler = match.handler;
      record.route = match.pattern;
      request.route = std::move(match.pattern);
      request.path_params = std::move(match.params);
    } else if ((request.method == "GET" || head_only) && router.fallback()) {
      handler = router.fallback();
      record.route = "fallback";
    } else if (match.kind == Router::Match::Kind::kMethodNotAllowed) {
      record.route = "unmatched";
      Response response = HttpErrorResponse(
          405, request.method + " is not allowed on " + request.path, style, request.request_id);
      response.headers["Allow"] = match.allow;
      co_return co_await WriteResponse(std::move(response), version, keep_alive, head_only, record);
    } else {
      record.route = "unmatched";
      Response response =
          HttpErrorResponse(404, "no such endpoint: " + request.method + " " + request.path, style,
                            request.request_id);
      co_return co_await WriteResponse(std::move(response), version, keep_alive, head_only, record);
    }
    co_return co_await RunHandler(*handler, std::move(request), version, keep_alive, head_only,
                                  std::move(record));
  }

  asio::awaitable<bool> RunHandler(const Handler& handler, Request request, unsigned version,
                                   bool keep_alive, bool head_only, ExchangeRecord record) {
    exchange_ = std::make_shared<ExchangeCore>(context_.options.max_stream_buffer_bytes);
    std::weak_ptr<Session> weak = this->shared_from_this();
    exchange_->SetWaker([weak, executor = stream_.get_executor()] {
      asio::post(executor, [weak] {
        if (auto self = weak.lock()) self->wait_timer_.cancel();
      });
    });
    phase_ = Phase::kHandling;
    {
      ErrorStyle style = ErrorStyleForPath(request.path);
      auto exchange = std::make_shared<ServerExchange>(std::move(request), exchange_);
      try {
        handler(exchange);
      } catch (const std::exception& e) {
        ReplyAfterException(e.what(), style, record);
      } catch (...) {
        ReplyAfterException("an exception that is not a std::exception", style, record);
      }
    }
    boost::system::error_code ec;
    while (exchange_->phase() == ExchangeCore::Phase::kPending && !force_stopped_) {
      wait_timer_.expires_at(asio::steady_timer::time_point::max());
      co_await wait_timer_.async_wait(Redirect(ec));
    }
    bool again = false;
    switch (exchange_->phase()) {
      case ExchangeCore::Phase::kPending:  // Forced to stop before the handler answered.
        break;
      case ExchangeCore::Phase::kReplied:
        again = co_await WriteResponse(exchange_->TakeReply(), version,
                                       keep_alive && !stop_requested_, head_only, record);
        break;
      case ExchangeCore::Phase::kStreaming:
        co_await WriteStream(version, head_only, record);
        break;
    }
    DetachExchange();
    co_return again;
  }

  // The last-resort handler: reaching it is a bug in a handler.
  void ReplyAfterException(std::string_view what, ErrorStyle style, const ExchangeRecord& record) {
    context_.logger->error("bug: handler for {} {} threw: {} (request id {})", record.method,
                           record.path, what, record.request_id);
    exchange_->SetReply(ErrorResponse(
        InternalError("internal error while handling the request; request id " + record.request_id),
        style, record.request_id));
  }

  template <typename Body>
  void SetHead(http::response<Body>& response, int status, const Headers& headers,
               const std::string& request_id) {
    response.result(static_cast<unsigned>(status));
    if (std::string_view reason = ReasonPhrase(status); !reason.empty()) {
      response.reason(beast::string_view(reason.data(), reason.size()));
    }
    for (const auto& [name, value] : headers) response.set(name, value);
    response.set(http::field::server, "scry");
    response.set("X-Request-Id", request_id);
  }

  asio::awaitable<bool> WriteResponse(Response response, unsigned version, bool keep_alive,
                                      bool head_only, ExchangeRecord& record) {
    phase_ = Phase::kWriting;
    http::response<http::string_body> message;
    message.version(version);
    SetHead(message, response.status, response.headers, record.request_id);
    message.keep_alive(keep_alive);
    bool bodiless = response.status == 204 || response.status == 304 || response.status < 200;
    if (!bodiless) {
      message.content_length(response.body.size());
      if (!head_only) message.body() = std::move(response.body);
    }
    record.status = response.status;
    record.bytes = message.body().size();
    boost::system::error_code ec;
    beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
    co_await http::async_write(stream_, message, Redirect(ec));
    Record(record, ec ? "client gone" : "");
    co_return !ec && keep_alive;
  }

  asio::awaitable<void> WriteStream(unsigned version, bool head_only, ExchangeRecord& record) {
    http::response<http::empty_body> message;
    message.version(version);
    SetHead(message, exchange_->stream_status(), exchange_->stream_headers(), record.request_id);
    // One stream per connection: the hang-up watcher below owns the read side.
    message.keep_alive(false);
    if (!head_only) message.chunked(true);
    record.status = exchange_->stream_status();
    http::response_serializer<http::empty_body> serializer{message};
    boost::system::error_code ec;
    beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
    co_await http::async_write_header(stream_, serializer, Redirect(ec));
    if (ec || head_only) {
      exchange_->MarkClientGone();
      Record(record, ec ? "client gone" : "");
      co_return;
    }
    phase_ = Phase::kStreaming;
    if (context_.open_streams) context_.open_streams->Increment();
    asio::co_spawn(stream_.get_executor(), WatchHangUp(exchange_), asio::detached);
    std::string_view ended = co_await PumpStream(record);
    if (context_.open_streams) context_.open_streams->Decrement();
    Record(record, ended);
  }

  // Copies the producer's chunks to the client until either side ends.
  // Returns how it ended, for the log ("" when the producer closed it).
  asio::awaitable<std::string_view> PumpStream(ExchangeRecord& record) {
    StreamOptions options = exchange_->stream_options();
    boost::system::error_code ec;
    std::string pending;
    while (true) {
      bool finished = exchange_->TakeChunks(&pending);
      if (!pending.empty() || finished) {
        record.bytes += pending.size();
        beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
        if (finished) {
          co_await asio::async_write(stream_, http::make_chunk_last(), Redirect(ec));
          co_return "";
        }
        co_await asio::async_write(stream_, http::make_chunk(asio::buffer(pending)), Redirect(ec));
        if (ec) break;
        continue;
      }
      if (!exchange_->IsOpen()) {
        if (!stop_requested_) co_return "client gone";
        beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
        co_await asio::async_write(stream_, http::make_chunk_last(), Redirect(ec));
        co_return "server stopping";
      }
      bool heartbeat = options.heartbeat_interval.count() > 0 && !options.heartbeat_chunk.empty();
      if (heartbeat) {
        wait_timer_.expires_after(options.heartbeat_interval);
      } else {
        wait_timer_.expires_at(asio::steady_timer::time_point::max());
      }
      co_await wait_timer_.async_wait(Redirect(ec));
      if (!ec && heartbeat && exchange_->IsOpen()) {
        beast::get_lowest_layer(stream_).expires_after(context_.options.write_timeout);
        co_await asio::async_write(stream_, http::make_chunk(asio::buffer(options.heartbeat_chunk)),
                                   Redirect(ec));
        if (ec) break;
      }
    }
    exchange_->MarkClientGone();
    co_return "client gone";
  }

  // While a stream is open nothing else is read, so a read that ends means
  // the client hung up (or sent something it should not have).
  asio::awaitable<void> WatchHangUp(std::shared_ptr<ExchangeCore> exchange) {
    auto self = this->shared_from_this();
    char scratch[512];
    boost::system::error_code ec;
    while (!ec) {
      // Without this the read would inherit the last write's timeout.
      beast::get_lowest_layer(stream_).expires_never();
      co_await stream_.async_read_some(asio::buffer(scratch), Redirect(ec));
    }
    exchange->MarkClientGone();
    wait_timer_.cancel();
  }

  void Record(const ExchangeRecord& record, std::string_view note) {
    double seconds = std::chrono::duration<double>(Clock::now() - record.started).count();
    if (context_.requests) {
      context_.requests->WithLabels({record.method, record.route, StatusClass(record.status)})
          .Increment();
    }
    if (context_.latency) {
      context_.latency->WithLabels({record.route, StatusClass(record.status)}).Observe(seconds);
    }
    context_.logger->info(
        "http method={} path={} route={} status={} duration_ms={:.1f} bytes={} request_id={} "
        "remote={}{}{}",
        record.method, record.path, record.route, record.status, seconds * 1000.0, record.bytes,
        record.request_id, remote_, note.empty() ? "" : " note=", note);
  }

  asio::awaitable<void> CloseConnection() {
    auto& lowest = beast::get_lowest_layer(stream_);
    boost::system::error_code ec;
    // Half-close first so the client reads everything sent before the EOF.
    lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (linger_ && !ec) {
      // The client may still be sending a request we refused (a body over
      // the limit). Closing with unread data sends a reset, which can destroy
      // our answer before the client reads it; drain for a moment instead.
      char scratch[4096];
      lowest.expires_after(kLinger);
      while (!ec) co_await lowest.async_read_some(asio::buffer(scratch), Redirect(ec));
    }
    lowest.close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  // Wakes the coroutine when a handler answers or a stream has data;
  // expires for stream heartbeats.
  asio::steady_timer wait_timer_;
  const ServerContext& context_;
  SessionRegistry& registry_;
  const uint64_t id_;
  std::string remote_;
  // The rest is touched only on the session's strand.
  Phase phase_ = Phase::kIdle;
  bool stop_requested_ = false;
  bool force_stopped_ = false;
  bool linger_ = false;    // Unread request bytes may follow: drain them before closing.
  size_t body_limit_ = 0;  // Of the request being read: its route's, else the server's.
  std::shared_ptr<ExchangeCore> exchange_;  // The request being answered, if any.
};

}  // namespace

class HttpServer::State {
 public:
  State(HttpServerOptions options, const Router& router) {
    context_.options = std::move(options);
    context_.router = &router;
    context_.logger = context_.options.logger ? context_.options.logger : spdlog::default_logger();
    if (MetricsRegistry* metrics = context_.options.metrics) {
      context_.requests = &metrics->AddCounter("scry_http_requests_total",
                                               "HTTP requests answered, by route and status class.",
                                               {"method", "route", "status"});
      context_.latency = &metrics->AddHistogram(
          "scry_http_request_duration_seconds",
          "Time from reading a request to the end of its answer.", {"route", "status"});
      context_.open_streams =
          &metrics->AddGauge("scry_http_open_streams", "Streamed responses in progress.").Get();
      context_.open_connections =
          &metrics->AddGauge("scry_http_open_connections", "Open client connections.").Get();
    }
  }

  Status Start() {
    std::lock_guard lock(mu_);
    if (started_) return FailedPreconditionError("the HTTP server was already started");
    const HttpServerOptions& options = context_.options;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options.address, ec);
    if (ec)
      return InvalidArgumentError("listen address '" + options.address + "': " + ec.message());
    if (options.tls) RETURN_IF_ERROR(LoadTls(*options.tls));
    tcp::endpoint endpoint(address, options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      acceptor_.close();
      return UnavailableError(
          fmt::format("cannot listen on {}:{}: {}", options.address, options.port, ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    started_ = true;
    asio::co_spawn(acceptor_.get_executor(), Accept(), asio::detached);
    int threads = std::max(1, options.io_threads);
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
    context_.logger->info("http listening on {}:{}{}", options.address, port_.load(),
                          options.tls ? " (TLS)" : "");
    return Status::Ok();
  }

  void Stop(std::chrono::milliseconds grace) {
    std::lock_guard lock(mu_);
    if (!started_ || stopped_) return;
    stopped_ = true;
    asio::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ec;
      acceptor_.close(ec);
    });
    registry_.StopAll(/*force=*/false);
    if (!registry_.WaitEmpty(Clock::now() + grace)) {
      context_.logger->warn("http: requests still running after {} ms; closing them",
                            grace.count());
      registry_.StopAll(/*force=*/true);
      registry_.WaitEmpty(Clock::now() + std::chrono::seconds(5));
    }
    ioc_.stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    context_.logger->info("http stopped");
  }

  uint16_t port() const { return port_.load(); }

 private:
  Status LoadTls(const TlsOptions& tls) {
    ssl_.emplace(asio::ssl::context::tls_server);
    boost::system::error_code ec;
    ssl_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                          asio::ssl::context::no_tlsv1_1,
                      ec);
    ssl_->use_certificate_chain_file(tls.certificate_file, ec);
    if (ec)
      return InvalidArgumentError("TLS certificate '" + tls.certificate_file +
                                  "': " + ec.message());
    ssl_->use_private_key_file(tls.private_key_file, asio::ssl::context::pem, ec);
    if (ec)
      return InvalidArgumentError("TLS private key '" + tls.private_key_file +
                                  "': " + ec.message());
    // No session tickets: a ticket written after the handshake would be one
    // more writer racing a stream's chunks.
    SSL_CTX_set_num_tickets(ssl_->native_handle(), 0);
    return Status::Ok();
  }

  asio::awaitable<void> Accept() {
    boost::system::error_code ec;
    while (acceptor_.is_open()) {
      tcp::socket socket(asio::make_strand(ioc_));
      co_await acceptor_.async_accept(socket, Redirect(ec));
      if (ec) {
        if (!acceptor_.is_open() || ec == asio::error::operation_aborted) co_return;
        // Out of file descriptors and the like: back off instead of spinning.
        context_.logger->warn("http accept failed: {}", ec.message());
        asio::steady_timer pause(ioc_, std::chrono::milliseconds(100));
        co_await pause.async_wait(Redirect(ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      uint64_t id = next_session_id_++;
      beast::tcp_stream stream(std::move(socket));
      if (ssl_) {
        using TlsStream = beast::ssl_stream<beast::tcp_stream>;
        std::make_shared<Session<TlsStream>>(TlsStream(std::move(stream), *ssl_), context_,
                                             registry_, id)
            ->Start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(std::move(stream), context_, registry_, id)
            ->Start();
      }
    }
  }

  std::mutex mu_;  // Serializes Start and Stop.
  bool started_ = false;
  bool stopped_ = false;
  ServerContext context_;
  SessionRegistry registry_;
  std::optional<asio::ssl::context> ssl_;
  std::atomic<uint16_t> port_{0};
  uint64_t next_session_id_ = 0;  // Only the accept coroutine touches it.
  std::vector<std::thread> threads_;
  // Declared last so it is destroyed first: sessions still queued in it
  // unregister from registry_ and use context_ while being destroyed.
  asio::io_context ioc_;
  tcp::acceptor acceptor_{asio::make_strand(ioc_)};  // A strand: Stop closes it from outside.
};

HttpServer::HttpServer(HttpServerOptions options, const Router& router)
    : state_(std::make_unique<State>(std::move(options), router)) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() { return state_->Start(); }

uint16_t HttpServer::port() const { return state_->port(); }

void HttpServer::Stop(std::chrono::milliseconds grace) { state_->Stop(grace); }

}  // namespace scry::server
