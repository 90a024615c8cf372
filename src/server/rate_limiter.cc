#include "server/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace scry::server {
namespace {

// Pruning walks every bucket; doing it once per this many calls keeps the
// cost per call constant on average.
constexpr size_t kPruneEvery = 1024;

double SecondsBetween(std::chrono::system_clock::time_point from,
                      std::chrono::system_clock::time_point to) {
  // A clock that steps back refills nothing rather than draining buckets.
  return std::max(0.0, std::chrono::duration<double>(to - from).count());
}

}  // namespace

RateLimiter::RateLimiter(const Clock& clock, double rate_per_second, double burst)
    : clock_(clock),
      rate_per_second_(std::max(rate_per_second, 1e-9)),
      burst_(std::max(burst, 1.0)) {}

RateDecision RateLimiter::Acquire(std::string_view key, double cost) {
  auto now = clock_.Now();
  std::lock_guard lock(mu_);
  if (++calls_since_prune_ >= kPruneEvery) PruneLocked(now);
  auto [it, inserted] = buckets_.try_emplace(std::string(key), Bucket{burst_, now});
  Bucket& bucket = it->second;
  bucket.tokens =
      std::min(burst_, bucket.tokens + SecondsBetween(bucket.updated, now) * rate_per_second_);
  bucket.updated = now;
  if (bucket.tokens >= cost) {
    bucket.tokens -= cost;
    return {};
  }
  double wait = (cost - bucket.tokens) / rate_per_second_;
  return {false, std::max(1, static_cast<int>(std::ceil(wait - 1e-9)))};
}

size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

void RateLimiter::PruneLocked(std::chrono::system_clock::time_point now) {
  calls_since_prune_ = 0;
  std::erase_if(buckets_, [&](const auto& entry) {
    const Bucket& bucket = entry.second;
    return bucket.tokens + SecondsBetween(bucket.updated, now) * rate_per_second_ >= burst_;
  });
}

}  // namespace scry::server
