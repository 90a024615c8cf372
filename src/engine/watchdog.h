// Watchdog: runs a callback when a deadline passes, on one background thread
// shared by all the connections of an engine. Engines use it to interrupt a
// statement that outlives its time limit.
//
// Thread-safe. Callbacks run on the watchdog's thread and must be quick (they
// typically set a flag and call the engine's interrupt function).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace scry::engine {

class Watchdog {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  Watchdog();
  ~Watchdog();  // Stops the thread; pending callbacks never run.
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Schedules `on_expire` for `deadline`. Returns an id for Disarm().
  uint64_t Arm(TimePoint deadline, std::function<void()> on_expire);

  // Cancels a scheduled callback. When Disarm returns, the callback has either
  // finished or will never run. Unknown ids are ignored.
  void Disarm(uint64_t id);

  // Disarms on destruction; the usual way to bound a statement.
  class Scoped {
   public:
    Scoped() = default;
    Scoped(Watchdog* watchdog, uint64_t id) : watchdog_(watchdog), id_(id) {}
    Scoped(Scoped&& other) noexcept { *this = std::move(other); }
    Scoped& operator=(Scoped&& other) noexcept;
    ~Scoped() { Reset(); }
    void Reset();

   private:
    Watchdog* watchdog_ = nullptr;
    uint64_t id_ = 0;
  };
  Scoped ArmScoped(TimePoint deadline, std::function<void()> on_expire) {
    return Scoped(this, Arm(deadline, std::move(on_expire)));
  }

 private:
  void Run();

  struct Entry {
    TimePoint deadline;
    std::function<void()> on_expire;
  };

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, Entry> entries_;  // GUARDED_BY(mu_)
  uint64_t next_id_ = 1;               // GUARDED_BY(mu_)
  uint64_t firing_id_ = 0;             // GUARDED_BY(mu_): callback running now, or 0
  bool stop_ = false;                  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace scry::engine
