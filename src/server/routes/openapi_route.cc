#include "server/routes/openapi_route.h"

#include <fmt/format.h>

#include <functional>
#include <string>

namespace scry::server {
namespace {

// The document changes only with the binary: its hash is a validator as
// good as any.
const std::string& DocumentETag() {
  static const std::string etag =
      fmt::format("\"{:016x}\"", std::hash<std::string_view>{}(OpenApiDocument()));
  return etag;
}

}  // namespace

Status AddOpenApiRoute(Router* router) {
  return router->Add(
      "GET", "/api/v1/openapi.json", Sync([](const Request& request) {
        Response response;
        response.headers["Cache-Control"] = "public, max-age=300";
        response.headers["ETag"] = DocumentETag();
        // A list of tags, weak or strong, or "*".
        const std::string_view if_none_match = request.Header("If-None-Match");
        if (if_none_match.find(DocumentETag()) != std::string_view::npos || if_none_match == "*") {
          response.status = 304;
          return response;
        }
        response.headers["Content-Type"] = "application/json";
        response.headers["X-Content-Type-Options"] = "nosniff";
        response.body = std::string(OpenApiDocument());
        return response;
      }));
}

}  // namespace scry::server
