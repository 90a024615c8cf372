#include "server/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <nlohmann/json.hpp>

#include "server/errors.h"
#include "server/server_fixture.h"
#include "server/sse.h"

namespace scry::server::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kPatience = seconds(15);  // Generous: the machine is shared.

Response EchoRequest(const Request& request) {
  json body = {{"method", request.method}, {"path", request.path},
               {"route", request.route},   {"params", request.path_params},
               {"query", request.query},   {"body", request.body},
               {"tls", request.tls}};
  return Response::Json(200, body.dump());
}

class HttpServerTest : public ServerTest {};

TEST_F(HttpServerTest, RoutesWithDecodedNamedParametersAndQuery) {
  AddRoute("GET", "/api/2.0/genie/spaces/{space_id}/conversations/{conversation_id}",
           Sync(EchoRequest));
  StartServer();
  auto client = Client();
  auto response = client->Get("/api/2.0/genie/spaces/s%201/conversations/c7?x=1&y=a+b%21");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  json body = json::parse(response->body);
  EXPECT_EQ(body["params"]["space_id"], "s 1");
  EXPECT_EQ(body["params"]["conversation_id"], "c7");
  EXPECT_EQ(body["query"]["x"], "1");
  EXPECT_EQ(body["query"]["y"], "a b!");
  EXPECT_EQ(body["route"], "/api/2.0/genie/spaces/{space_id}/conversations/{conversation_id}");
  EXPECT_EQ(body["tls"], false);
}

TEST_F(HttpServerTest, UnknownPathIs404InTheStyleOfItsApi) {
  StartServer();
  auto client = Client();
  auto native = client->Get("/api/v1/nothing-here");
  ASSERT_TRUE(native.ok()) << native.status();
  EXPECT_EQ(native->status, 404);
  json body = json::parse(native->body);
  EXPECT_EQ(body["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(body["error"]["request_id"], native->Header("X-Request-Id"));

  auto genie = client->Get("/api/2.0/genie/nothing-here");
  ASSERT_TRUE(genie.ok()) << genie.status();
  EXPECT_EQ(genie->status, 404);
  EXPECT_TRUE(json::parse(genie->body).contains("error_code"));
  EXPECT_EQ(client->connections_opened(), 1);  // Errors keep the connection.
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllow) {
  AddRoute("GET", "/api/v1/spaces", Sync(EchoRequest));
  AddRoute("DELETE", "/api/v1/spaces", Sync(EchoRequest));
  StartServer();
  auto response = Client()->Post("/api/v1/spaces", "{}");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->Header("Allow"), "DELETE, GET, HEAD");
  EXPECT_EQ(json::parse(response->body)["error"]["code"], "METHOD_NOT_ALLOWED");
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  AddRoute("POST", "/echo", Sync(EchoRequest));
  StartServer();
  auto client = Client();
  for (int i = 0; i < 5; ++i) {
    std::string payload = R"({"n":)" + std::to_string(i) + "}";
    auto response = client->Post("/echo", payload);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(json::parse(response->body)["body"], payload);
  }
  EXPECT_EQ(client->connections_opened(), 1);
}

TEST_F(HttpServerTest, HeadIsServedByGetWithoutBody) {
  AddRoute("GET", "/thing",
           Sync([](const Request&) { return Response::Text(200, "twelve bytes"); }));
  StartServer();
  auto client = Client();
  auto response = client->Send("HEAD", "/thing", {}, {});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Content-Length"), "12");
  EXPECT_EQ(response->body, "");
  auto after = client->Get("/thing");  // The connection is still in step.
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->body, "twelve bytes");
}

TEST_F(HttpServerTest, HealthzAndRequestIds) {
  StartServer();
  auto client = Client();
  auto echoed = client->Get("/healthz", {{"X-Request-Id", "abc-123"}});
  ASSERT_TRUE(echoed.ok()) << echoed.status();
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(echoed->Header("X-Request-Id"), "abc-123");
  auto generated = client->Get("/healthz", {{"X-Request-Id", "bad id\twith spaces"}});
  ASSERT_TRUE(generated.ok()) << generated.status();
  EXPECT_EQ(generated->Header("X-Request-Id").size(), 32u);
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413) {
  AddRoute("POST", "/echo", Sync(EchoRequest));
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  auto client = Client();
  auto response = client->Post("/echo", std::string(64 * 1024, 'x'));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(json::parse(response->body)["error"]["code"], "RESOURCE_EXHAUSTED");

  // A chunked body has no Content-Length to check up front.
  auto chunked = Client()->SendRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
      std::string(0x800, 'y') + "\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked.ok()) << chunked.status();
  EXPECT_EQ(chunked->status, 413);

  auto small = Client()->Post("/echo", std::string(1000, 'x'));
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_EQ(small->status, 200);
}

TEST_F(HttpServerTest, RouteWithItsOwnBodyLimit) {
  AddRoute("POST", "/echo", Sync(EchoRequest));
  Status added = router_.Add("POST", "/upload/{name}", Sync(EchoRequest),
                             RouteOptions{.max_body_bytes = 16 * 1024});
  ASSERT_TRUE(added.ok()) << added;
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  // The upload route takes more than the server's limit, up to its own.
  auto upload = Client()->Post("/upload/a.csv?name=a.csv", std::string(8 * 1024, 'x'));
  ASSERT_TRUE(upload.ok()) << upload.status();
  EXPECT_EQ(upload->status, 200);
  auto too_big = Client()->Post("/upload/a.csv", std::string(17 * 1024, 'x'));
  ASSERT_TRUE(too_big.ok()) << too_big.status();
  EXPECT_EQ(too_big->status, 413);
  EXPECT_THAT(json::parse(too_big->body)["error"]["message"].get<std::string>(),
              ::testing::HasSubstr("16384"));
  auto chunked = Client()->SendRaw(
      "POST /upload/b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4400\r\n" +
      std::string(0x4400, 'y') + "\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked.ok()) << chunked.status();
  EXPECT_EQ(chunked->status, 413);
  // Other routes keep the server's limit.
  auto echo = Client()->Post("/echo", std::string(8 * 1024, 'x'));
  ASSERT_TRUE(echo.ok()) << echo.status();
  EXPECT_EQ(echo->status, 413);
}

TEST_F(HttpServerTest, MalformedRequestsGet400Or431AndTheServerLivesOn) {
  HttpServerOptions options;
  options.max_header_bytes = 4096;
  StartServer(options);
  auto garbage = Client()->SendRaw("THIS IS NOT HTTP\r\n\r\n");
  ASSERT_TRUE(garbage.ok()) << garbage.status();
  EXPECT_EQ(garbage->status, 400);

  auto relative = Client()->SendRaw("GET relative/path HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(relative.ok()) << relative.status();
  EXPECT_EQ(relative->status, 400);

  auto huge = Client()->Get("/healthz", {{"X-Big", std::string(16 * 1024, 'h')}});
  ASSERT_TRUE(huge.ok()) << huge.status();
  EXPECT_EQ(huge->status, 431);

  auto healthy = Client()->Get("/healthz");
  ASSERT_TRUE(healthy.ok()) << healthy.status();
  EXPECT_EQ(healthy->status, 200);
}

TEST_F(HttpServerTest, SlowClientsAreDisconnected) {
  AddRoute("POST", "/echo", Sync(EchoRequest));
  HttpServerOptions options;
  options.idle_timeout = milliseconds(200);
  options.read_timeout = milliseconds(200);
  StartServer(options);
  // The client waits far longer (kPatience) than the server does.
  auto silent = Client()->SendRaw("");
  EXPECT_EQ(silent.status().code(), StatusCode::kUnavailable) << silent.status();
  auto half_header = Client()->SendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  EXPECT_EQ(half_header.status().code(), StatusCode::kUnavailable) << half_header.status();
  auto half_body =
      Client()->SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"");
  EXPECT_EQ(half_body.status().code(), StatusCode::kUnavailable) << half_body.status();
}

TEST_F(HttpServerTest, HandlerRepliesLaterFromAnotherThreadWithoutBlockingOthers) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> slow_arrived;
  AddRoute("GET", "/slow", [&](std::shared_ptr<Exchange> exchange) {
    slow_arrived.set_value();
    RunOnWorker([exchange, released] {
      released.wait_for(kPatience);
      exchange->Reply(Response::Text(200, "finally"));
    });
  });
  HttpServerOptions options;
  options.io_threads = 1;  // The one I/O thread must stay free while the handler waits.
  StartServer(options);
  auto slow = std::async(std::launch::async, [&] { return Client()->Get("/slow"); });
  // The slow request is waiting on its handler before the quick one is sent,
  // however late the thread above gets to send it.
  ASSERT_EQ(slow_arrived.get_future().wait_for(kPatience), std::future_status::ready);
  auto quick = Client()->Get("/healthz");
  ASSERT_TRUE(quick.ok()) << quick.status();
  EXPECT_EQ(quick->status, 200);
  EXPECT_EQ(slow.wait_for(milliseconds(100)), std::future_status::timeout);
  release.set_value();
  ASSERT_EQ(slow.wait_for(kPatience), std::future_status::ready);
  auto response = slow.get();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "finally");
}

TEST_F(HttpServerTest, StreamedResponseIsChunked) {
  AddRoute("GET", "/download.csv", [&](std::shared_ptr<Exchange> exchange) {
    auto stream = exchange->Stream(200, {{"Content-Type", "text/csv"}});
    RunOnWorker([stream] {
      stream->Write("a,b\n");
      for (int i = 0; i < 100; ++i)
        stream->Write(std::to_string(i) + "," + std::to_string(i * i) + "\n");
      stream->Close();
    });
  });
  StartServer();
  auto client = Client();
  auto response = client->Get("/download.csv");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(response->Header("Content-Type"), "text/csv");
  EXPECT_TRUE(response->body.starts_with("a,b\n0,0\n1,1\n2,4\n"));
  EXPECT_TRUE(response->body.ends_with("99,9801\n"));
}

TEST_F(HttpServerTest, DroppingTheStreamEndsTheBody) {
  AddRoute("GET", "/once", [](std::shared_ptr<Exchange> exchange) {
    auto stream = exchange->Stream(200, {{"Content-Type", "text/plain"}});
    stream->Write("only this");
  });  // Both references go here.
  StartServer();
  auto response = Client()->Get("/once");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "only this");
}

TEST_F(HttpServerTest, SseEventsFlowAndShutdownClosesTheStream) {
  AddRoute("GET", "/events", [&](std::shared_ptr<Exchange> exchange) {
    SseWriter writer = StartSse(*exchange, milliseconds(50));
    writer.Send("status", "EXECUTING_QUERY", "1");
    writer.Send("answer", "line one\nline two", "2");
    // Keep the stream open on purpose: only shutdown ends it.
    RunOnWorker([writer] {
      while (writer.IsOpen()) std::this_thread::sleep_for(milliseconds(5));
    });
  });
  StartServer();
  auto client = Client();
  auto head = client->StartStream("GET", "/events");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->Header("Content-Type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(head->Header("Cache-Control"), "no-cache");
  auto first = client->ReadSseEvent();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->event, "status");
  EXPECT_EQ(first->id, "1");
  EXPECT_EQ(first->data, "EXECUTING_QUERY");
  auto second = client->ReadSseEvent();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->data, "line one\nline two");
  auto heartbeat = client->ReadSseEvent();  // Nothing to say: a comment keeps it alive.
  ASSERT_TRUE(heartbeat.ok()) << heartbeat.status();
  ASSERT_EQ(heartbeat->comments.size(), 1u);
  EXPECT_EQ(heartbeat->comments[0], "keep-alive");

  auto started = std::chrono::steady_clock::now();
  server_->Stop(seconds(30));
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(10));  // Not the grace period.
  while (true) {
    auto event = client->ReadSseEvent();
    if (event.ok()) continue;  // Heartbeats sent before the stop.
    EXPECT_EQ(event.status().code(), StatusCode::kOutOfRange) << event.status();
    break;
  }
}

TEST_F(HttpServerTest, ClientDisconnectMidStreamMakesWriteReturnFalse) {
  std::promise<int> writes_before_false;
  std::promise<void> gone_callback;
  AddRoute("GET", "/forever", [&](std::shared_ptr<Exchange> exchange) {
    auto stream = exchange->Stream(200, {{"Content-Type", "text/plain"}});
    stream->OnClientGone([&] { gone_callback.set_value(); });
    RunOnWorker([stream, &writes_before_false] {
      int writes = 0;
      auto deadline = std::chrono::steady_clock::now() + kPatience;
      while (stream->Write("tick\n") && std::chrono::steady_clock::now() < deadline) {
        ++writes;
        std::this_thread::sleep_for(milliseconds(5));
      }
      writes_before_false.set_value(writes);
    });
  });
  StartServer();
  auto client = Client();
  auto head = client->StartStream("GET", "/forever");
  ASSERT_TRUE(head.ok()) << head.status();
  auto chunk = client->ReadStreamChunk();
  ASSERT_TRUE(chunk.ok()) << chunk.status();
  client->Disconnect();
  auto result = writes_before_false.get_future();
  ASSERT_EQ(result.wait_for(kPatience), std::future_status::ready);
  EXPECT_GT(result.get(), 0);
  EXPECT_EQ(gone_callback.get_future().wait_for(kPatience), std::future_status::ready);
}

TEST_F(HttpServerTest, GracefulShutdownFinishesTheRequestInFlight) {
  std::promise<void> handler_started;
  AddRoute("POST", "/question", [&](std::shared_ptr<Exchange> exchange) {
    handler_started.set_value();
    RunOnWorker([exchange] {
      std::this_thread::sleep_for(milliseconds(300));
      exchange->Reply(Response::Json(200, R"({"answer":42})"));
    });
  });
  StartServer();
  auto in_flight =
      std::async(std::launch::async, [&] { return Client()->Post("/question", "{}"); });
  ASSERT_EQ(handler_started.get_future().wait_for(kPatience), std::future_status::ready);
  server_->Stop(seconds(30));
  auto response = in_flight.get();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"answer":42})");
  EXPECT_FALSE(Client()->Get("/healthz").ok());  // No longer accepting.
}

TEST_F(HttpServerTest, ShutdownGivesUpOnHandlersAfterTheGracePeriod) {
  std::promise<void> handler_started;
  std::shared_ptr<Exchange> kept;
  AddRoute("GET", "/never", [&](std::shared_ptr<Exchange> exchange) {
    kept = exchange;  // Never answered while the server runs.
    handler_started.set_value();
  });
  StartServer();
  auto in_flight = std::async(std::launch::async, [&] { return Client()->Get("/never"); });
  ASSERT_EQ(handler_started.get_future().wait_for(kPatience), std::future_status::ready);
  server_->Stop(milliseconds(200));
  EXPECT_FALSE(in_flight.get().ok());
  kept->Reply(Response::Text(200, "too late"));  // Harmless after the server is gone.
  server_.reset();
  kept.reset();
}

TEST_F(HttpServerTest, HandlerExceptionIs500WithTheRequestId) {
  AddRoute("GET", "/api/v1/broken", [](std::shared_ptr<Exchange>) -> void {
    throw std::runtime_error("Unexpected error in a handler");
  });
  AddRoute("GET", "/api/2.0/genie/broken",
           [](std::shared_ptr<Exchange>) -> void { throw std::logic_error("oops"); });
  StartServer();
  auto client = Client();
  auto native = client->Get("/api/v1/broken", {{"X-Request-Id", "req-77"}});
  ASSERT_TRUE(native.ok()) << native.status();
  EXPECT_EQ(native->status, 500);
  json body = json::parse(native->body);
  EXPECT_EQ(body["error"]["code"], "INTERNAL");
  EXPECT_EQ(body["error"]["request_id"], "req-77");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("req-77"), std::string::npos);

  auto genie = client->Get("/api/2.0/genie/broken");
  ASSERT_TRUE(genie.ok()) << genie.status();
  EXPECT_EQ(genie->status, 500);
  EXPECT_EQ(json::parse(genie->body)["error_code"], "INTERNAL_ERROR");
  EXPECT_EQ(genie->body.find("Unexpected error"), std::string::npos);
  EXPECT_EQ(client->connections_opened(), 1);
}

TEST_F(HttpServerTest, DroppedExchangeIs500) {
  AddRoute("GET", "/forgetful", [](std::shared_ptr<Exchange>) {});
  StartServer();
  auto response = Client()->Get("/forgetful");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 500);
}

TEST_F(HttpServerTest, StatusErrorsMapToHttpWithRetryAfter) {
  AddRoute("GET", "/api/2.0/genie/spaces/{id}", Sync([](const Request& request) {
             if (request.PathParam("id") == "busy") {
               return ErrorResponse(ResourceExhaustedError("too many questions"),
                                    ErrorStyle::kGenie, request.request_id, 7);
             }
             return ErrorResponse(NotFoundError("Conversation not found"), ErrorStyle::kGenie,
                                  request.request_id);
           }));
  StartServer();
  auto client = Client();
  auto busy = client->Get("/api/2.0/genie/spaces/busy");
  ASSERT_TRUE(busy.ok()) << busy.status();
  EXPECT_EQ(busy->status, 429);
  EXPECT_EQ(busy->Header("Retry-After"), "7");
  EXPECT_EQ(json::parse(busy->body)["error_code"], "REQUEST_LIMIT_EXCEEDED");
  auto missing = client->Get("/api/2.0/genie/spaces/x");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body), json({{"error_code", "RESOURCE_DOES_NOT_EXIST"},
                                              {"message", "Conversation not found"}}));
}

TEST_F(HttpServerTest, MetricsCountRequestsByRouteAndStatusClass) {
  AddRoute("GET", "/hello/{name}", Sync([](const Request&) { return Response::Text(200, "hi"); }));
  ASSERT_TRUE(AddMetricsRoute(router_, metrics_).ok());
  StartServer();
  auto client = Client();
  ASSERT_TRUE(client->Get("/hello/a").ok());
  ASSERT_TRUE(client->Get("/hello/b").ok());
  ASSERT_TRUE(client->Get("/missing").ok());
  auto response = client->Get("/metrics");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = response->body;
  EXPECT_NE(text.find("# TYPE scry_http_requests_total counter\n"), std::string::npos) << text;
  EXPECT_NE(
      text.find(R"(scry_http_requests_total{method="GET",route="/hello/{name}",status="2xx"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(scry_http_requests_total{method="GET",route="unmatched",status="4xx"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          R"(scry_http_request_duration_seconds_bucket{route="/hello/{name}",status="2xx",le="+Inf"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("scry_http_open_streams 0\n"), std::string::npos) << text;
}

TEST_F(HttpServerTest, TlsWithASelfSignedCertificate) {
  TempDir dir;
  auto files = MakeSelfSignedCertificate(dir.path());
  ASSERT_TRUE(files.ok()) << files.status();
  AddRoute("GET", "/echo", Sync(EchoRequest));
  AddRoute("GET", "/stream", [&](std::shared_ptr<Exchange> exchange) {
    auto stream = exchange->Stream(200, {{"Content-Type", "text/plain"}});
    RunOnWorker([stream] {
      for (int i = 0; i < 50; ++i) stream->Write("chunk " + std::to_string(i) + "\n");
    });
  });
  HttpServerOptions options;
  options.tls = TlsOptions{files->certificate_file, files->private_key_file};
  StartServer(options);

  TestClientOptions tls;
  tls.tls = true;
  tls.ca_file = files->certificate_file;
  auto client = Client(tls);
  for (int i = 0; i < 3; ++i) {
    auto response = client->Get("/echo?i=" + std::to_string(i));
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(json::parse(response->body)["tls"], true);
  }
  EXPECT_EQ(client->connections_opened(), 1);
  auto streamed = client->Get("/stream");
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  EXPECT_TRUE(streamed->body.ends_with("chunk 49\n"));

  auto plain = Client()->Get("/echo");  // Plain HTTP on the TLS port gets nowhere.
  EXPECT_FALSE(plain.ok() && plain->status == 200);
}

TEST_F(HttpServerTest, StartFailsClearlyOnBadTlsFilesAndBusyPorts) {
  HttpServerOptions options;
  options.tls = TlsOptions{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
  HttpServer bad_tls(options, router_);
  EXPECT_EQ(bad_tls.Start().code(), StatusCode::kInvalidArgument);

  StartServer();
  HttpServerOptions same_port;
  same_port.port = server_->port();
  HttpServer second(same_port, router_);
  EXPECT_EQ(second.Start().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace scry::server::testing
