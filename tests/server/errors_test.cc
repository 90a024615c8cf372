#include "server/errors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace scry::server {
namespace {

using nlohmann::json;

TEST(ErrorsTest, EveryStatusCodeHasAnHttpStatusAndGenieCode) {
  struct Case {
    StatusCode code;
    int http;
    const char* genie;
  };
  const Case cases[] = {
      {StatusCode::kInvalidArgument, 400, "INVALID_PARAMETER_VALUE"},
      {StatusCode::kFailedPrecondition, 400, "INVALID_STATE"},
      {StatusCode::kOutOfRange, 400, "INVALID_PARAMETER_VALUE"},
      {StatusCode::kUnauthenticated, 401, "UNAUTHENTICATED"},
      {StatusCode::kPermissionDenied, 403, "PERMISSION_DENIED"},
      {StatusCode::kNotFound, 404, "RESOURCE_DOES_NOT_EXIST"},
      {StatusCode::kAlreadyExists, 409, "RESOURCE_ALREADY_EXISTS"},
      {StatusCode::kAborted, 409, "ABORTED"},
      {StatusCode::kResourceExhausted, 429, "REQUEST_LIMIT_EXCEEDED"},
      {StatusCode::kCancelled, 499, "CANCELLED"},
      {StatusCode::kInternal, 500, "INTERNAL_ERROR"},
      {StatusCode::kUnknown, 500, "INTERNAL_ERROR"},
      {StatusCode::kDataLoss, 500, "DATA_LOSS"},
      {StatusCode::kUnimplemented, 501, "NOT_IMPLEMENTED"},
      {StatusCode::kUnavailable, 503, "TEMPORARILY_UNAVAILABLE"},
      {StatusCode::kDeadlineExceeded, 504, "DEADLINE_EXCEEDED"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(StatusCodeName(c.code));
    EXPECT_EQ(HttpStatusFor(c.code), c.http);
    EXPECT_EQ(GenieErrorCode(c.code), c.genie);
    Response response = ErrorResponse(Status(c.code, "what failed"), ErrorStyle::kGenie, "r1");
    EXPECT_EQ(response.status, c.http);
    EXPECT_EQ(json::parse(response.body),
              json({{"error_code", c.genie}, {"message", "what failed"}}));
    EXPECT_EQ(response.headers.at("Content-Type"), "application/json");
    EXPECT_FALSE(ReasonPhrase(c.http).empty());
  }
}

TEST(ErrorsTest, NativeShapeCarriesTheRequestId) {
  Response response =
      ErrorResponse(NotFoundError("space 's1' not found"), ErrorStyle::kNative, "abc");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(
      json::parse(response.body),
      json(
          {{"error",
            {{"code", "NOT_FOUND"}, {"message", "space 's1' not found"}, {"request_id", "abc"}}}}));
  EXPECT_EQ(response.headers.at("X-Request-Id"), "abc");
}

TEST(ErrorsTest, PermanentFailuresNeverUseTheRetryPhrases) {
  Response permanent = ErrorResponse(
      InvalidArgumentError("Unexpected error. Please try again later or try a faster operation."),
      ErrorStyle::kGenie, "");
  EXPECT_EQ(permanent.body.find("Unexpected error"), std::string::npos) << permanent.body;
  EXPECT_EQ(permanent.body.find("Please try again later"), std::string::npos) << permanent.body;
  Response retryable =
      ErrorResponse(UnavailableError("Please try again later"), ErrorStyle::kGenie, "");
  EXPECT_NE(retryable.body.find("Please try again later"), std::string::npos);
}

TEST(ErrorsTest, RetryAfterAndStyles) {
  Response limited = ErrorResponse(ResourceExhaustedError("slow down"), ErrorStyle::kNative, "", 3);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers.at("Retry-After"), "3");
  EXPECT_EQ(ErrorStyleForPath("/api/2.0/genie/spaces"), ErrorStyle::kGenie);
  EXPECT_EQ(ErrorStyleForPath("/api/v1/spaces"), ErrorStyle::kNative);
  Response too_big = HttpErrorResponse(413, "too big", ErrorStyle::kGenie, "");
  EXPECT_EQ(too_big.status, 413);
  EXPECT_EQ(json::parse(too_big.body)["error_code"], "RESOURCE_EXHAUSTED");
}

TEST(ErrorsTest, InvalidUtf8InMessagesDoesNotThrow) {
  Response response = ErrorResponse(InvalidArgumentError("bad \xff byte"), ErrorStyle::kNative, "");
  EXPECT_EQ(response.status, 400);
  EXPECT_NO_THROW(json::parse(response.body));
}

}  // namespace
}  // namespace scry::server
