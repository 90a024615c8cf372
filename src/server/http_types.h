// The plain HTTP vocabulary of the server: Request, Response, ResponseStream and
// Exchange. Nothing here includes Boost: routes, the API and tests use these
// types without paying for Beast/Asio in their translation units.
//
// Thread-safety: Request and Response are value types (one user at a time).
// Exchange and ResponseStream are thread-safe: a handler may complete an
// exchange, or write to a stream, from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace scry::server {

// Orders header names ignoring ASCII case, as HTTP requires.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

// Header fields by name, case-insensitively. A name appears at most once; a
// repeated request header is joined with ", " (RFC 9110 §5.3).
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;  // "GET", "POST", ... as sent (upper case by convention).
  // The path part of the target, as sent (still percent-encoded, so "%2F"
  // inside a segment stays distinguishable from "/"); never empty.
  std::string path;
  std::string target;                              // The raw request target, query included.
  std::map<std::string, std::string> query;        // Decoded; the last value wins.
  std::map<std::string, std::string> path_params;  // Decoded; filled by the router.
  std::string route;                               // The matched pattern, "" when none.
  Headers headers;
  std::string body;
  std::string remote_address;  // "ip:port" of the peer.
  std::string request_id;      // Echoed from X-Request-Id or generated.
  bool tls = false;

  // The header's value, or "" when absent.
  std::string_view Header(std::string_view name) const;
  // The query parameter, or nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
  // The named path parameter, or "" when the route has no such parameter.
  std::string_view PathParam(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // A response with a body and its Content-Type.
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  // `json` must already be serialized JSON.
  static Response Json(int status, std::string json);
};

// The body of a streamed response (chunked transfer encoding): Server-Sent
// Events, CSV downloads. Write and Close may be called from any thread.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;

  // Queues `chunk` for the client. Returns false once the client has gone
  // away, the server is shutting the stream down, or Close was called; the
  // producer should then stop. Blocks while more than the server's buffer
  // limit is queued (a slow client slows the producer instead of growing
  // memory), so do not write large bodies from an I/O thread.
  virtual bool Write(std::string_view chunk) = 0;
  // Ends the body (the last chunk is sent after everything queued).
  // Idempotent.
  virtual void Close() = 0;
  // False once Write would return false.
  virtual bool IsOpen() const = 0;
  // Runs `callback` once when the client goes away or the server closes the
  // stream (not when the producer calls Close), at once if that already
  // happened. It runs on an I/O thread: it must not block.
  virtual void OnClientGone(std::function<void()> callback) = 0;
};

struct StreamOptions {
  // When positive, `heartbeat_chunk` is sent after this long without data, so
  // proxies keep the connection and a vanished client is noticed.
  std::chrono::milliseconds heartbeat_interval{0};
  std::string heartbeat_chunk;
};

// One request and the means to answer it. The router hands handlers a
// shared_ptr so they can keep it and answer later from another thread (a
// question runs on a worker pool); the connection waits until then.
//
// Exactly one of Reply or Stream must be called, once. If the last reference
// is dropped without either, the server answers 500 and logs a bug.
class Exchange {
 public:
  virtual ~Exchange() = default;

  virtual const Request& request() const = 0;
  // Sends `response`. A second answer is ignored (and logged as a bug).
  virtual void Reply(Response response) = 0;
  // Starts a streamed response with `status` and `headers` (a Content-Type
  // at least) and returns its body. Returns nullptr if the exchange was
  // already answered.
  virtual std::shared_ptr<ResponseStream> Stream(int status, Headers headers,
                                                 StreamOptions options = {}) = 0;
  // True once Reply or Stream has been called.
  virtual bool answered() const = 0;
};

// Percent-decodes `text` ('+' stays '+' unless `plus_is_space`). Returns
// nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = false);
// Parses "a=1&b=x%20y" (form encoding, '+' is a space). Malformed pairs are
// skipped.
std::map<std::string, std::string> ParseQueryString(std::string_view query);

}  // namespace scry::server
