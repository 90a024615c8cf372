#include "server/routes/route_util.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>

namespace scry::server {
namespace {

constexpr std::string_view kRateLimitedPrefix = "too many requests: try again in ";

}  // namespace

Status RateLimitedError(int retry_after_seconds) {
  return ResourceExhaustedError(
      fmt::format("{}{} seconds", kRateLimitedPrefix, std::max(1, retry_after_seconds)));
}

int RetryAfterSeconds(const Status& status) {
  if (status.code() != StatusCode::kResourceExhausted) return 0;
  const std::string_view message = status.message();
  int seconds = 1;
  if (message.starts_with(kRateLimitedPrefix)) {
    const std::string_view rest = message.substr(kRateLimitedPrefix.size());
    std::from_chars(rest.data(), rest.data() + rest.size(), seconds);
  }
  return std::max(1, seconds);
}

StatusOr<nlohmann::json> ReadJsonObject(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("the request body is not a JSON object");
  }
  return body;
}

Response ApiError(const Status& status, ErrorStyle style, const Request& request) {
  return ErrorResponse(status, style, request.request_id, RetryAfterSeconds(status));
}

Handler Route(ErrorStyle style, RouteBody body) {
  return Sync([style, body = std::move(body)](const Request& request) {
    StatusOr<Response> response = body(request);
    if (!response.ok()) return ApiError(response.status(), style, request);
    return std::move(response).value();
  });
}

}  // namespace scry::server
