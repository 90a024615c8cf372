// HttpServer: HTTP/1.1 (and HTTPS) on Boost.Beast with C++20 coroutines.
//
// One io_context runs on `io_threads` threads; each connection is a coroutine
// on its own strand, so thousands of idle keep-alive and SSE connections cost
// no thread each. Handlers run on the I/O thread that read the request and
// may answer later from any thread (see Exchange); slow work belongs on a
// worker pool.
//
// The server owns the transport concerns: keep-alive, limits (header size
// 431, body size 413, read timeouts), request ids (X-Request-Id echoed or
// generated), /healthz, 404/405 with the JSON error body, the last-resort 500
// for a handler that throws, HEAD, metrics and the access log.
//
// Thread-safety: Start, Stop and port may be called from any thread; Stop is
// idempotent and the destructor stops the server.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "server/router.h"

namespace spdlog {
class logger;
}

namespace scry::server {

class MetricsRegistry;

struct TlsOptions {
  std::string certificate_file;  // PEM, the chain.
  std::string private_key_file;  // PEM.
};

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0: the OS picks one; read it back with port().
  int io_threads = 2;
  std::optional<TlsOptions> tls;

  size_t max_header_bytes = 16 * 1024;              // Larger: 431.
  size_t max_body_bytes = 10 * 1024 * 1024;         // Larger: 413.
  std::chrono::milliseconds idle_timeout{60'000};   // Between requests on a keep-alive connection.
  std::chrono::milliseconds read_timeout{30'000};   // For the rest of a request once it started.
  std::chrono::milliseconds write_timeout{60'000};  // For each write to the client.
  size_t max_stream_buffer_bytes = 1024 * 1024;     // ResponseStream::Write blocks above this.

  // Where request counts, latencies and open streams go; may be null.
  MetricsRegistry* metrics = nullptr;
  // The access log and errors; null: spdlog's default logger.
  std::shared_ptr<spdlog::logger> logger;
};

class HttpServer {
 public:
  // `router` must outlive the server and must not change once Start is called.
  HttpServer(HttpServerOptions options, const Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the I/O threads. Returns InvalidArgument for a
  // bad address or unreadable TLS files, Unavailable when the port cannot be
  // bound, FailedPrecondition when already started.
  Status Start();

  // The bound port (useful with port 0); 0 before Start.
  uint16_t port() const;

  // Stops accepting, closes idle connections and open streams, lets requests
  // in flight finish for up to `grace`, then closes everything and joins the
  // threads. Blocks until done, so never call it from a handler or any
  // other code running on an I/O thread.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  class State;  // Asio lives in http_server.cc only.
  std::unique_ptr<State> state_;
};

}  // namespace scry::server
