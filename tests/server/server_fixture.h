// A running HttpServer on 127.0.0.1, port 0, for tests: register routes on
// router(), call StartServer(), talk to it with Client(). The server stops
// when the fixture ends.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/http_server.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/test_client.h"

namespace scry::server::testing {

class ServerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) server_->Stop(std::chrono::seconds(5));
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(workers_mu_);
      workers.swap(workers_);
    }
    for (std::thread& worker : workers) worker.join();
  }

  // Runs `work` on a thread of its own (a stand-in for the worker pool);
  // joined when the test ends, after the server stopped.
  // Handlers call it from I/O threads.
  void RunOnWorker(std::function<void()> work) {
    std::lock_guard lock(workers_mu_);
    workers_.emplace_back(std::move(work));
  }

  // Starts the server; options.metrics defaults to metrics().
  void StartServer(HttpServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    if (!options.metrics) options.metrics = &metrics_;
    server_ = std::make_unique<HttpServer>(std::move(options), router_);
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
    ASSERT_NE(server_->port(), 0);
  }

  std::unique_ptr<TestHttpClient> Client(TestClientOptions options = {}) {
    return std::make_unique<TestHttpClient>("127.0.0.1", server_->port(), std::move(options));
  }

  void AddRoute(std::string_view method, std::string_view pattern, Handler handler) {
    Status added = router_.Add(method, pattern, std::move(handler));
    ASSERT_TRUE(added.ok()) << added;
  }

  Router router_;
  MetricsRegistry metrics_;
  std::unique_ptr<HttpServer> server_;
  std::mutex workers_mu_;
  std::vector<std::thread> workers_;  // GUARDED_BY(workers_mu_)
};

}  // namespace scry::server::testing
