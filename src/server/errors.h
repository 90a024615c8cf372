// The one place that turns a scry::Status into an HTTP status and error body.
//
// Two body shapes exist because two kinds of clients call us:
//   native (/api/v1, the web UI):
//     {"error": {"code": "NOT_FOUND", "message": "...", "request_id": "..."}}
//   Genie-compatible (/api/2.0/...), what databricks-sdk clients parse:
//     {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}
// Stateless functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "server/http_types.h"

namespace scry::server {

enum class ErrorStyle { kNative, kGenie };

// kGenie for paths under /api/2.0/, kNative for everything else.
ErrorStyle ErrorStyleForPath(std::string_view path);

// The HTTP status for `code`: InvalidArgument 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, AlreadyExists/Aborted 409,
// ResourceExhausted 429, Cancelled 499, Unimplemented 501, Unavailable 503,
// DeadlineExceeded 504, the rest 500 (OK is 200).
int HttpStatusFor(StatusCode code);

// The Databricks error_code for `code` ("RESOURCE_DOES_NOT_EXIST", ...).
std::string_view GenieErrorCode(StatusCode code);

// The HTTP reason phrase for `status` ("Not Found"), "" when unknown.
std::string_view ReasonPhrase(int status);

// The error response for a non-OK `status`: HTTP status, JSON body in `style`,
// and a Retry-After header when `retry_after_seconds` > 0. Messages of
// permanent failures never contain the phrases databricks-sdk treats as
// retryable ("Unexpected error", "Please try again later"): they are reworded,
// or the client would retry a hopeless call for five minutes.
Response ErrorResponse(const Status& status, ErrorStyle style, std::string_view request_id,
                       int retry_after_seconds = 0);

// The same for a bare HTTP status the transport produces itself (413, 431,
// 405 ...), with the status code that best describes it.
Response HttpErrorResponse(int http_status, std::string_view message, ErrorStyle style,
                           std::string_view request_id);

}  // namespace scry::server
