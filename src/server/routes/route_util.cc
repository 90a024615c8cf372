#include "server/routes/route_util.h"

#include <fmt/format.h>

#include <algorithm>
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

StatusOr<std::string> TextField(const nlohmann::json& body, const char* name, bool required) {
  if (!body.contains(name)) {
    if (required) return InvalidArgumentError(fmt::format("{}: required", name));
    return std::string();
  }
  if (!body[name].is_string()) return InvalidArgumentError(fmt::format("{}: expected text", name));
  return body[name].get<std::string>();
}

int64_t IntQuery(const Request& request, const char* name, int64_t fallback, int64_t low,
                 int64_t high) {
  const std::optional<std::string> text = request.Query(name);
  if (!text) return fallback;
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return fallback;
  return std::clamp<int64_t>(value, low, high);
}

std::optional<store::Feedback> FeedbackOf(store::Store& store, const store::Message& message,
                                          int64_t user_id) {
  StatusOr<store::Feedback> feedback = store.GetFeedback(message.id, user_id);
  if (!feedback.ok()) return std::nullopt;
  return *feedback;
}

StatusOr<FeedbackMap> FeedbackByMessage(store::Store& store, int64_t user_id,
                                        std::string_view conversation_id) {
  ASSIGN_OR_RETURN(std::vector<store::Feedback> list, store.ListFeedback(user_id, conversation_id));
  FeedbackMap by_message;
  for (store::Feedback& feedback : list)
    by_message.emplace(feedback.message_id, std::move(feedback));
  return by_message;
}

std::optional<store::Feedback> FeedbackOf(const FeedbackMap& feedback,
                                          std::string_view message_id) {
  const auto found = feedback.find(message_id);
  if (found == feedback.end()) return std::nullopt;
  return found->second;
}

nlohmann::json UserJson(const store::User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"display_name", user.display_name},
          {"role", store::RoleName(user.role)},
          {"attributes", user.attributes},
          {"groups", user.groups},
          {"disabled", user.disabled},
          {"created_ms", user.created_ms}};
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
