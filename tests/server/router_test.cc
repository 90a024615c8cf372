#include "server/router.h"

#include <gtest/gtest.h>

#include <thread>

#include "server/recording_exchange.h"

namespace scry::server {
namespace {

Handler Noop() {
  return [](std::shared_ptr<Exchange>) {};
}

TEST(RouterTest, MatchesNamedParametersAndDecodesThem) {
  Router router;
  ASSERT_TRUE(router.Add("GET", "/spaces/{space_id}/conversations/{id}", Noop()).ok());
  Router::Match match = router.Find("GET", "/spaces/a%2Fb/conversations/42/");
  ASSERT_EQ(match.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(match.pattern, "/spaces/{space_id}/conversations/{id}");
  EXPECT_EQ(match.params.at("space_id"), "a/b");
  EXPECT_EQ(match.params.at("id"), "42");
  EXPECT_EQ(router.Find("GET", "/spaces/x/conversations").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(router.Find("GET", "/spaces/x/conversations/1/more").kind,
            Router::Match::Kind::kNotFound);
}

TEST(RouterTest, RouteOptionsComeWithTheMatch) {
  Router router;
  ASSERT_TRUE(router.Add("GET", "/files/{id}", Noop()).ok());
  ASSERT_TRUE(router.Add("POST", "/files/{id}", Noop(), RouteOptions{.max_body_bytes = 99}).ok());
  EXPECT_EQ(router.Find("POST", "/files/a").options.max_body_bytes, 99u);
  EXPECT_EQ(router.Find("GET", "/files/a").options.max_body_bytes, 0u);
}

TEST(RouterTest, LiteralSegmentsBeatParameters) {
  Router router;
  ASSERT_TRUE(router.Add("GET", "/spaces/{id}", Noop()).ok());
  ASSERT_TRUE(router.Add("GET", "/spaces/list", Noop()).ok());
  EXPECT_EQ(router.Find("GET", "/spaces/list").pattern, "/spaces/list");
  EXPECT_EQ(router.Find("GET", "/spaces/other").pattern, "/spaces/{id}");
}

TEST(RouterTest, WrongMethodListsTheAllowedOnes) {
  Router router;
  ASSERT_TRUE(router.Add("POST", "/items/{id}", Noop()).ok());
  ASSERT_TRUE(router.Add("GET", "/items/{id}", Noop()).ok());
  Router::Match match = router.Find("PUT", "/items/3");
  EXPECT_EQ(match.kind, Router::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, HEAD, POST");
  EXPECT_EQ(router.Find("HEAD", "/items/3").kind, Router::Match::Kind::kFound);
}

TEST(RouterTest, RejectsMalformedAndClashingPatterns) {
  Router router;
  EXPECT_EQ(router.Add("GET", "/a/{", Noop()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router.Add("GET", "/a/{}", Noop()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(router.Add("GET", "/a/{x}/{x}", Noop()).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(router.Add("GET", "/a/{x}", Noop()).ok());
  EXPECT_EQ(router.Add("GET", "/a/{y}", Noop()).code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(router.Add("POST", "/a/{y}", Noop()).ok());
}

TEST(HttpTypesTest, DecodesQueriesAndHeadersIgnoreCase) {
  auto query = ParseQueryString("a=1&b=x+y%20z&&c&bad=%zz&a=2");
  EXPECT_EQ(query.at("a"), "2");
  EXPECT_EQ(query.at("b"), "x y z");
  EXPECT_EQ(query.at("c"), "");
  EXPECT_EQ(query.count("bad"), 0u);
  EXPECT_FALSE(PercentDecode("%4").has_value());
  EXPECT_EQ(PercentDecode("a+b").value(), "a+b");

  Request request;
  request.headers["Content-Type"] = "application/json";
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("missing"), "");
}

TEST(RecordingExchangeTest, CapturesRepliesAndStreamsFromOtherThreads) {
  Request request;
  request.path = "/x";
  auto replied = std::make_shared<testing::RecordingExchange>(request);
  std::thread worker([replied] { replied->Reply(Response::Text(201, "made")); });
  auto response = replied->WaitForReply();
  worker.join();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "made");

  auto streamed = std::make_shared<testing::RecordingExchange>(request);
  auto stream = streamed->Stream(200, {{"Content-Type", "text/csv"}});
  EXPECT_EQ(streamed->Stream(200, {}), nullptr);
  EXPECT_TRUE(stream->Write("a,"));
  EXPECT_TRUE(stream->Write("b"));
  stream.reset();  // Dropping the body closes it.
  response = streamed->WaitForReply();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "a,b");
}

}  // namespace
}  // namespace scry::server
