// RateLimiter: a token bucket per key (a user, a token, an address). Each key
// refills at `rate_per_second` up to `burst` tokens; a request takes one.
// Time comes from a scry::Clock, so tests move it by hand.
//
// Thread-safety: all methods are safe from any thread (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace scry::server {

struct RateDecision {
  bool allowed = true;
  // When refused: whole seconds until a token is available (at least 1), the
  // value for the Retry-After header.
  int retry_after_seconds = 0;
};

class RateLimiter {
 public:
  // `clock` must outlive the limiter. `rate_per_second` > 0, `burst` >= 1.
  RateLimiter(const Clock& clock, double rate_per_second, double burst);

  // Takes `cost` tokens from `key`'s bucket when it has them.
  RateDecision Acquire(std::string_view key, double cost = 1.0);

  // Buckets currently remembered (full buckets are forgotten over time).
  size_t tracked_keys() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::system_clock::time_point updated;
  };

  // Forgets buckets that have refilled completely: they behave exactly like
  // new ones. REQUIRES: mu_ held.
  void PruneLocked(std::chrono::system_clock::time_point now);

  const Clock& clock_;
  const double rate_per_second_;
  const double burst_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
  size_t calls_since_prune_ = 0;                     // GUARDED_BY(mu_)
};

}  // namespace scry::server
