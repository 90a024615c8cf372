#include "engine/watchdog.h"

namespace scry::engine {

Watchdog::Watchdog() : thread_([this] { Run(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

uint64_t Watchdog::Arm(TimePoint deadline, std::function<void()> on_expire) {
  uint64_t id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = next_id_++;
    entries_.emplace(id, Entry{deadline, std::move(on_expire)});
  }
  cv_.notify_all();
  return id;
}

void Watchdog::Disarm(uint64_t id) {
  std::unique_lock<std::mutex> lock(mu_);
  entries_.erase(id);
  cv_.wait(lock, [&] { return firing_id_ != id; });
}

Watchdog::Scoped& Watchdog::Scoped::operator=(Scoped&& other) noexcept {
  if (this != &other) {
    Reset();
    watchdog_ = other.watchdog_;
    id_ = other.id_;
    other.watchdog_ = nullptr;
  }
  return *this;
}

void Watchdog::Scoped::Reset() {
  if (watchdog_ != nullptr) watchdog_->Disarm(id_);
  watchdog_ = nullptr;
}

void Watchdog::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    // Few entries are ever armed at once (one per running statement), so a
    // linear scan for the earliest is cheaper than keeping a second index.
    auto earliest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (earliest == entries_.end() || it->second.deadline < earliest->second.deadline) {
        earliest = it;
      }
    }
    if (earliest == entries_.end()) {
      cv_.wait(lock);
      continue;
    }
    // Copied: Disarm() may erase the entry while this thread waits.
    const TimePoint deadline = earliest->second.deadline;
    if (std::chrono::steady_clock::now() < deadline) {
      cv_.wait_until(lock, deadline);
      continue;
    }
    const uint64_t id = earliest->first;
    std::function<void()> callback = std::move(earliest->second.on_expire);
    entries_.erase(earliest);
    firing_id_ = id;
    lock.unlock();
    callback();
    lock.lock();
    firing_id_ = 0;
    cv_.notify_all();
  }
}

}  // namespace scry::engine
