// Unit tests of the pieces without a socket: metrics text, SSE framing, the
// rate limiter with a hand-driven clock.
#include <gtest/gtest.h>

#include <thread>

#include "server/metrics.h"
#include "server/rate_limiter.h"
#include "server/sse.h"

namespace scry::server {
namespace {

TEST(MetricsTest, RendersTheTextExpositionFormat) {
  MetricsRegistry registry;
  auto& requests =
      registry.AddCounter("app_requests_total", "Requests.\nSecond line", {"path", "code"});
  requests.WithLabels({"/a\"b\\c\n", "200"}).Increment();
  requests.WithLabels({"/a\"b\\c\n", "200"}).Increment(2);
  registry.AddGauge("app_open", "Open things.").Get().Set(3);
  auto& latency = registry.AddHistogram("app_seconds", "Latency.", {"route"}, {0.1, 1});
  latency.WithLabels({"/x"}).Observe(0.05);
  latency.WithLabels({"/x"}).Observe(0.5);
  latency.WithLabels({"/x"}).Observe(5);

  EXPECT_EQ(registry.Render(),
            "# HELP app_open Open things.\n"
            "# TYPE app_open gauge\n"
            "app_open 3\n"
            "# HELP app_requests_total Requests.\\nSecond line\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{path=\"/a\\\"b\\\\c\\n\",code=\"200\"} 3\n"
            "# HELP app_seconds Latency.\n"
            "# TYPE app_seconds histogram\n"
            "app_seconds_bucket{route=\"/x\",le=\"0.1\"} 1\n"
            "app_seconds_bucket{route=\"/x\",le=\"1\"} 2\n"
            "app_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"
            "app_seconds_sum{route=\"/x\"} 5.55\n"
            "app_seconds_count{route=\"/x\"} 3\n");
}

TEST(MetricsTest, SameNameReturnsTheSameFamilyAndCountsAcrossThreads) {
  MetricsRegistry registry;
  auto& first = registry.AddCounter("hits_total", "Hits.");
  auto& again = registry.AddCounter("hits_total", "Hits.");
  EXPECT_EQ(&first, &again);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) first.Get().Increment();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(first.Get().value(), 4000);
  // Another type under a taken name is detached, never rendered twice.
  registry.AddGauge("hits_total", "Clash.").Get().Set(1);
  EXPECT_EQ(registry.Render().find("Clash"), std::string::npos);
}

TEST(SseTest, FramesEventsCommentsAndRetry) {
  EXPECT_EQ(FormatSseEvent("message", "hello", "7"), "event: message\nid: 7\ndata: hello\n\n");
  EXPECT_EQ(FormatSseEvent("", "a\nb\r\nc"), "data: a\ndata: b\ndata: c\n\n");
  EXPECT_EQ(FormatSseEvent("bad\nname", ""), "event: bad name\ndata: \n\n");
  EXPECT_EQ(FormatSseComment("keep-alive"), ": keep-alive\n\n");
  EXPECT_EQ(FormatSseRetry(std::chrono::milliseconds(3000)), "retry: 3000\n\n");
  EXPECT_EQ(SseHeaders().at("content-type"), "text/event-stream; charset=utf-8");
}

class ManualClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return now_; }
  void Advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'700'000'000)};
};

TEST(RateLimiterTest, AllowsTheBurstThenRefillsAtTheRate) {
  ManualClock clock;
  RateLimiter limiter(clock, /*rate_per_second=*/1.0, /*burst=*/3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("alice").allowed);
  RateDecision refused = limiter.Acquire("alice");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_TRUE(limiter.Acquire("bob").allowed);  // Keys are independent.

  clock.Advance(std::chrono::milliseconds(500));
  EXPECT_FALSE(limiter.Acquire("alice").allowed);
  clock.Advance(std::chrono::milliseconds(500));
  EXPECT_TRUE(limiter.Acquire("alice").allowed);
  EXPECT_FALSE(limiter.Acquire("alice").allowed);

  clock.Advance(std::chrono::hours(1));  // Refills only up to the burst.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Acquire("alice").allowed);
  EXPECT_FALSE(limiter.Acquire("alice").allowed);
}

TEST(RateLimiterTest, RetryAfterCoversTheWholeWait) {
  ManualClock clock;
  RateLimiter limiter(clock, /*rate_per_second=*/0.1, /*burst=*/1);
  EXPECT_TRUE(limiter.Acquire("k").allowed);
  EXPECT_EQ(limiter.Acquire("k").retry_after_seconds, 10);
  clock.Advance(std::chrono::milliseconds(2500));
  EXPECT_EQ(limiter.Acquire("k").retry_after_seconds, 8);  // 7.5 s rounded up.
  EXPECT_EQ(limiter.Acquire("k", /*cost=*/5).retry_after_seconds, 48);
}

TEST(RateLimiterTest, ForgetsIdleKeys) {
  ManualClock clock;
  RateLimiter limiter(clock, 10.0, 2);
  for (int i = 0; i < 2000; ++i) (void)limiter.Acquire("key" + std::to_string(i));
  EXPECT_GT(limiter.tracked_keys(), 0u);
  clock.Advance(std::chrono::seconds(10));
  for (int i = 0; i < 1100; ++i) (void)limiter.Acquire("fresh");
  EXPECT_LT(limiter.tracked_keys(), 10u);
}

}  // namespace
}  // namespace scry::server
