#include "server/routes/route_util.h"

#include <utility>

namespace scry::server {

StatusOr<nlohmann::json> ReadJsonObject(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("the request body is not a JSON object");
  }
  return body;
}

Handler Route(ErrorStyle style, RouteBody body) {
  return Sync([style, body = std::move(body)](const Request& request) {
    StatusOr<Response> response = body(request);
    if (!response.ok()) return ErrorResponse(response.status(), style, request.request_id);
    return std::move(response).value();
  });
}

}  // namespace scry::server
