#include "engine/watchdog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace scry::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Generous bound for "soon": only a broken watchdog takes this long.
constexpr auto kPatience = std::chrono::seconds(10);

// A one-shot signal between threads. Tests declare their signals before the
// Watchdog, so that its thread has stopped before they are destroyed.
class Signal {
 public:
  void Notify() {
    std::lock_guard<std::mutex> lock(mu_);
    set_ = true;
    cv_.notify_all();
  }
  // Returns false when `timeout` passed first.
  bool WaitFor(steady_clock::duration timeout = kPatience) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return set_; });
  }
  bool IsSet() {
    std::lock_guard<std::mutex> lock(mu_);
    return set_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

// Arms a callback that keeps the watchdog's thread busy until `release` is
// notified, and returns once it runs: until then nothing else can fire,
// however slowly the test's own thread gets to its next step.
void Hold(Watchdog& watchdog, Signal& busy, Signal& release) {
  watchdog.Arm(steady_clock::now(), [&busy, &release] {
    busy.Notify();
    release.WaitFor();
  });
  ASSERT_TRUE(busy.WaitFor());
}

TEST(WatchdogTest, FiresAtTheDeadline) {
  Signal fired;
  const auto deadline = steady_clock::now() + milliseconds(20);
  steady_clock::time_point fired_at;
  Watchdog watchdog;
  watchdog.Arm(deadline, [&] {
    fired_at = steady_clock::now();
    fired.Notify();
  });
  ASSERT_TRUE(fired.WaitFor());
  EXPECT_GE(fired_at, deadline);
}

TEST(WatchdogTest, PastDeadlineFiresRightAway) {
  Signal fired;
  Watchdog watchdog;
  watchdog.Arm(steady_clock::now() - std::chrono::hours(1), [&] { fired.Notify(); });
  EXPECT_TRUE(fired.WaitFor());
}

TEST(WatchdogTest, DisarmPreventsTheCallback) {
  std::atomic<bool> disarmed_fired{false};
  Signal busy;
  Signal release;
  Signal later;
  Watchdog watchdog;
  // Held, so the entry cannot come due and fire before Disarm even when this
  // thread is descheduled past its deadline.
  ASSERT_NO_FATAL_FAILURE(Hold(watchdog, busy, release));
  const uint64_t id =
      watchdog.Arm(steady_clock::now() + milliseconds(30), [&] { disarmed_fired = true; });
  watchdog.Disarm(id);
  // A later deadline firing proves the earlier one had its chance.
  watchdog.Arm(steady_clock::now() + milliseconds(60), [&] { later.Notify(); });
  release.Notify();
  ASSERT_TRUE(later.WaitFor());
  EXPECT_FALSE(disarmed_fired);
}

TEST(WatchdogTest, DisarmWaitsForARunningCallback) {
  Signal started;
  Signal release;
  std::atomic<bool> finished{false};
  Watchdog watchdog;
  const uint64_t id = watchdog.Arm(steady_clock::now(), [&] {
    started.Notify();
    release.WaitFor();
    finished = true;
  });
  ASSERT_TRUE(started.WaitFor());
  std::atomic<bool> disarm_returned{false};
  bool finished_when_disarm_returned = false;
  std::thread disarmer([&] {
    watchdog.Disarm(id);
    finished_when_disarm_returned = finished;
    disarm_returned = true;
  });
  // Give a broken Disarm the chance to return early; a correct one cannot.
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_FALSE(disarm_returned);
  release.Notify();
  disarmer.join();
  EXPECT_TRUE(finished_when_disarm_returned);
}

TEST(WatchdogTest, EarliestDeadlineFiresFirst) {
  Signal blocking_started;
  Signal release;
  std::mutex mu;
  std::vector<char> order;  // GUARDED_BY(mu)
  Signal both;
  Watchdog watchdog;
  // Hold the watchdog's thread so that both later entries are armed before
  // either can fire.
  ASSERT_NO_FATAL_FAILURE(Hold(watchdog, blocking_started, release));
  const auto base = steady_clock::now();
  watchdog.Arm(base - milliseconds(1), [&] {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back('b');
    if (order.size() == 2) both.Notify();
  });
  watchdog.Arm(base - milliseconds(2), [&] {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back('a');
    if (order.size() == 2) both.Notify();
  });
  release.Notify();
  ASSERT_TRUE(both.WaitFor());
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(order, (std::vector<char>{'a', 'b'}));
}

TEST(WatchdogTest, ScopedDisarmsWhenDestroyed) {
  std::atomic<bool> scoped_fired{false};
  Signal busy;
  Signal release;
  Signal later;
  Watchdog watchdog;
  ASSERT_NO_FATAL_FAILURE(Hold(watchdog, busy, release));  // As in DisarmPreventsTheCallback.
  {
    Watchdog::Scoped scoped =
        watchdog.ArmScoped(steady_clock::now() + milliseconds(30), [&] { scoped_fired = true; });
    Watchdog::Scoped moved = std::move(scoped);
    scoped.Reset();  // moved-from: nothing to disarm
  }
  watchdog.Arm(steady_clock::now() + milliseconds(60), [&] { later.Notify(); });
  release.Notify();
  ASSERT_TRUE(later.WaitFor());
  EXPECT_FALSE(scoped_fired);
}

TEST(WatchdogTest, ScopedMoveAssignmentDisarmsTheOldEntry) {
  std::atomic<bool> first_fired{false};
  Signal busy;
  Signal release;
  Signal second;
  Watchdog watchdog;
  ASSERT_NO_FATAL_FAILURE(Hold(watchdog, busy, release));  // As in DisarmPreventsTheCallback.
  Watchdog::Scoped scoped =
      watchdog.ArmScoped(steady_clock::now() + milliseconds(30), [&] { first_fired = true; });
  scoped = watchdog.ArmScoped(steady_clock::now() + milliseconds(60), [&] { second.Notify(); });
  release.Notify();
  ASSERT_TRUE(second.WaitFor());
  EXPECT_FALSE(first_fired);
}

TEST(WatchdogTest, UnknownIdIsIgnored) {
  Signal fired;
  Watchdog watchdog;
  watchdog.Disarm(12345);
  const uint64_t id = watchdog.Arm(steady_clock::now(), [&] { fired.Notify(); });
  ASSERT_TRUE(fired.WaitFor());
  watchdog.Disarm(id);  // already fired: nothing left to do
}

TEST(WatchdogTest, DestructionDropsPendingCallbacks) {
  std::atomic<bool> fired{false};
  const auto start = steady_clock::now();
  {
    Watchdog watchdog;
    watchdog.Arm(steady_clock::now() + std::chrono::hours(1), [&] { fired = true; });
  }
  EXPECT_FALSE(fired);
  EXPECT_LT(steady_clock::now() - start, kPatience);
}

}  // namespace
}  // namespace scry::engine
