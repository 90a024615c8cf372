#include "conversation/worker_pool.h"

#include <algorithm>
#include <utility>

namespace scry::conversation {

WorkerPool::WorkerPool(int threads, size_t max_queued) : max_queued_(max_queued) {
  const int count = std::max(1, threads);
  threads_.reserve(count);
  for (int i = 0; i < count; ++i) threads_.emplace_back([this, i] { Work(i); });
}

WorkerPool::~WorkerPool() { Shutdown(); }

Status WorkerPool::Submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return UnavailableError("the server is shutting down");
    if (queue_.size() >= max_queued_) {
      return ResourceExhaustedError("too many questions are waiting; try again in a moment");
    }
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return Status::Ok();
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  threads_.clear();
}

size_t WorkerPool::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size() + running_;
}

void WorkerPool::Work(int worker) {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Queued jobs still run on shutdown: each is a question someone was
      // told was accepted.
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    job(worker);
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
  }
}

}  // namespace scry::conversation
