// Router: maps a method and a path to a handler.
//
// Patterns are paths whose segments are literals or named parameters:
//   /api/2.0/genie/spaces/{space_id}/conversations/{conversation_id}
// A parameter matches one non-empty segment; its value is percent-decoded
// into Request::path_params. Where several patterns match, the one with a
// literal in the first differing segment wins (/spaces/list beats
// /spaces/{id}). A trailing slash does not matter. HEAD is served by the GET
// handler when no HEAD route exists (the server drops the body).
//
// Thread-safety: register every route before the server starts; afterwards
// the router is only read, from any number of threads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "server/http_types.h"

namespace scry::server {

// A handler answers through the exchange, now or later from any thread. It
// runs on an I/O thread: anything slow (a query, a model call) belongs on a
// worker pool, taking the shared_ptr along.
using Handler = std::function<void(std::shared_ptr<Exchange>)>;

// Wraps a synchronous function for handlers that answer at once.
Handler Sync(std::function<Response(const Request&)> function);

// What a route asks of the server beyond the defaults.
struct RouteOptions {
  // The largest request body this route takes, when it is not the server's
  // max_body_bytes (uploads); 0: the server's.
  size_t max_body_bytes = 0;
};

class Router {
 public:
  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    const Handler* handler = nullptr;  // kFound: owned by the router.
    std::string pattern;               // kFound: the route's pattern.
    std::map<std::string, std::string> params;
    std::string allow;     // kMethodNotAllowed: "GET, HEAD, POST".
    RouteOptions options;  // kFound: the route's.
  };

  // Registers `handler` for `method` and `pattern`. Returns InvalidArgument
  // for a malformed pattern ("{" without "}", an empty name, a repeated
  // name) and AlreadyExists when the same method and pattern shape exist.
  Status Add(std::string_view method, std::string_view pattern, Handler handler,
             RouteOptions options = {});

  // Called for GET and HEAD requests that match no route (the web UI's
  // static files); without it they get 404.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }
  const Handler* fallback() const { return fallback_ ? &fallback_ : nullptr; }

  // Finds the route for `method` and `path` (the raw, still encoded path).
  Match Find(std::string_view method, std::string_view path) const;

  struct RouteInfo {
    std::string method;
    std::string pattern;
  };
  // Every registered route, in registration order (for the API document and
  // its tests).
  std::vector<RouteInfo> Routes() const;

 private:
  struct Segment {
    bool is_param = false;
    std::string text;  // The literal, or the parameter's name.
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    RouteOptions options;
  };

  // True when `route` matches `segments`; fills `params`.
  static bool Matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::map<std::string, std::string>* params);
  // True when `a` is more specific than `b` (literal before parameter).
  static bool MoreSpecific(const Route& a, const Route& b);

  std::vector<Route> routes_;
  Handler fallback_;
};

// Splits a path into its non-empty segments.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace scry::server
