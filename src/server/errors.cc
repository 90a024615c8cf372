#include "server/errors.h"

#include <nlohmann/json.hpp>
#include <string>

namespace scry::server {
namespace {

// Replaces every `phrase` in `text` with `replacement`.
void ReplaceAll(std::string& text, std::string_view phrase, std::string_view replacement) {
  for (size_t at = text.find(phrase); at != std::string::npos;
       at = text.find(phrase, at + replacement.size())) {
    text.replace(at, phrase.size(), replacement);
  }
}

// databricks-sdk retries any error whose message holds these phrases; only
// 429 and 503 are meant to be retried.
std::string SafeMessage(std::string_view message, int http_status) {
  std::string text(message);
  if (http_status == 429 || http_status == 503) return text;
  ReplaceAll(text, "Unexpected error", "Error");
  ReplaceAll(text, "Please try again later", "Please check the request");
  return text;
}

std::string ErrorBody(int http_status, std::string_view native_code, std::string_view genie_code,
                      std::string_view message, ErrorStyle style, std::string_view request_id) {
  std::string text = SafeMessage(message, http_status);
  nlohmann::json body;
  if (style == ErrorStyle::kGenie) {
    body["error_code"] = genie_code;
    body["message"] = text;
  } else {
    nlohmann::json error = {{"code", native_code}, {"message", text}};
    if (!request_id.empty()) error["request_id"] = request_id;
    body["error"] = std::move(error);
  }
  // Replace invalid UTF-8 instead of throwing: messages may quote user input.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response MakeErrorResponse(int http_status, std::string body, std::string_view request_id) {
  Response response = Response::Json(http_status, std::move(body));
  if (!request_id.empty()) response.headers["X-Request-Id"] = std::string(request_id);
  return response;
}

struct StatusPhrase {
  int status;
  std::string_view phrase;
};

constexpr StatusPhrase kReasonPhrases[] = {
    {100, "Continue"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {206, "Partial Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {411, "Length Required"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {499, "Client Closed Request"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

}  // namespace

ErrorStyle ErrorStyleForPath(std::string_view path) {
  return path.starts_with("/api/2.0/") ? ErrorStyle::kGenie : ErrorStyle::kNative;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kCancelled:
      return 499;
    case StatusCode::kInvalidArgument:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kOutOfRange:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kAborted:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnimplemented:
      return 501;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    case StatusCode::kUnknown:
    case StatusCode::kInternal:
    case StatusCode::kDataLoss:
      return 500;
  }
  return 500;
}

std::string_view GenieErrorCode(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kCancelled:
      return "CANCELLED";
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return "INVALID_PARAMETER_VALUE";
    case StatusCode::kFailedPrecondition:
      return "INVALID_STATE";
    case StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    case StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case StatusCode::kNotFound:
      return "RESOURCE_DOES_NOT_EXIST";
    case StatusCode::kAlreadyExists:
      return "RESOURCE_ALREADY_EXISTS";
    case StatusCode::kAborted:
      return "ABORTED";
    case StatusCode::kResourceExhausted:
      return "REQUEST_LIMIT_EXCEEDED";
    case StatusCode::kUnimplemented:
      return "NOT_IMPLEMENTED";
    case StatusCode::kUnavailable:
      return "TEMPORARILY_UNAVAILABLE";
    case StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case StatusCode::kDataLoss:
      return "DATA_LOSS";
    case StatusCode::kUnknown:
    case StatusCode::kInternal:
      return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

std::string_view ReasonPhrase(int status) {
  for (const StatusPhrase& entry : kReasonPhrases) {
    if (entry.status == status) return entry.phrase;
  }
  return "";
}

Response ErrorResponse(const Status& status, ErrorStyle style, std::string_view request_id,
                       int retry_after_seconds) {
  StatusCode code = status.ok() ? StatusCode::kInternal : status.code();
  std::string_view message = status.ok() ? "error reported with an OK status" : status.message();
  int http_status = HttpStatusFor(code);
  Response response = MakeErrorResponse(http_status,
                                        ErrorBody(http_status, StatusCodeName(code),
                                                  GenieErrorCode(code), message, style, request_id),
                                        request_id);
  if (retry_after_seconds > 0)
    response.headers["Retry-After"] = std::to_string(retry_after_seconds);
  return response;
}

Response HttpErrorResponse(int http_status, std::string_view message, ErrorStyle style,
                           std::string_view request_id) {
  std::string_view native = "INTERNAL";
  std::string_view genie = "INTERNAL_ERROR";
  switch (http_status) {
    case 400:
      native = "INVALID_ARGUMENT", genie = "INVALID_PARAMETER_VALUE";
      break;
    case 404:
      native = "NOT_FOUND", genie = "ENDPOINT_NOT_FOUND";
      break;
    case 405:
      native = genie = "METHOD_NOT_ALLOWED";
      break;
    case 413:
    case 431:
      native = genie = "RESOURCE_EXHAUSTED";
      break;
    case 503:
      native = "UNAVAILABLE", genie = "TEMPORARILY_UNAVAILABLE";
      break;
    default:
      break;
  }
  return MakeErrorResponse(
      http_status, ErrorBody(http_status, native, genie, message, style, request_id), request_id);
}

}  // namespace scry::server
