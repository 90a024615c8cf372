// What every API route shares: reading a JSON object body, and turning a
// handler that returns StatusOr<Response> into a Handler that answers
// failures in the API's error shape.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/status_or.h"
#include "server/errors.h"
#include "server/router.h"
#include "store/store.h"

namespace scry::server {

// The body as a JSON object; an empty body counts as {} (Genie clients send
// nothing or {} alike). InvalidArgument for anything else.
StatusOr<nlohmann::json> ReadJsonObject(const Request& request);

// The text field `name` of a JSON body: InvalidArgument "name: required" when
// missing (or "" when not `required`), "name: expected text" when not a string.
StatusOr<std::string> TextField(const nlohmann::json& body, const char* name, bool required = true);

// The whole-number query parameter `name` clamped to [low, high]; `fallback`
// when absent or not a number.
int64_t IntQuery(const Request& request, const char* name, int64_t fallback, int64_t low,
                 int64_t high);

// The feedback `user_id` gave on `message`, if any.
std::optional<store::Feedback> FeedbackOf(store::Store& store, const store::Message& message,
                                          int64_t user_id);

// The feedback `user_id` gave in a conversation, by message id: one store
// read for a whole list of messages.
using FeedbackMap = std::map<std::string, store::Feedback, std::less<>>;
StatusOr<FeedbackMap> FeedbackByMessage(store::Store& store, int64_t user_id,
                                        std::string_view conversation_id);
// The feedback on `message_id` in `feedback`, if any.
std::optional<store::Feedback> FeedbackOf(const FeedbackMap& feedback, std::string_view message_id);

// A user as the API shows it (never the password hash).
nlohmann::json UserJson(const store::User& user);

// ResourceExhausted "too many requests: try again in N seconds": a rate limit
// refused the request. Answered as 429 with Retry-After: N.
Status RateLimitedError(int retry_after_seconds);

// The Retry-After for a failed request: N for a RateLimitedError, 1 for any
// other ResourceExhausted (a full queue), 0 (none) otherwise.
int RetryAfterSeconds(const Status& status);

// The error response to `request` for a non-OK `status`, in `style`, with
// Retry-After when RetryAfterSeconds says so.
Response ApiError(const Status& status, ErrorStyle style, const Request& request);

using RouteBody = std::function<StatusOr<Response>(const Request&)>;

// Answers at once with the body's response, or with its error in `style`
// (with Retry-After when RetryAfterSeconds says so).
Handler Route(ErrorStyle style, RouteBody body);

}  // namespace scry::server
