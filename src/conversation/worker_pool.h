// WorkerPool: a fixed number of threads that run submitted jobs, with a
// bounded queue, so questions run beside (never on) the server's I/O threads
// and a burst of questions waits or is refused instead of starting unbounded
// work. Each worker has an index, so it can keep per-thread resources (one
// engine connection per space) without locking.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/status.h"

namespace scry::conversation {

class WorkerPool {
 public:
  using Job = std::function<void(int worker)>;

  // Starts `threads` workers (at least 1); at most `max_queued` jobs wait.
  WorkerPool(int threads, size_t max_queued);
  // Runs the jobs already queued, then joins the workers.
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`. ResourceExhausted when the queue is full, Unavailable after
  // Shutdown().
  Status Submit(Job job);

  // Stops taking jobs, finishes the queued ones and joins. Idempotent.
  void Shutdown();

  int threads() const { return static_cast<int>(threads_.size()); }
  // Jobs waiting plus jobs running.
  size_t pending() const;

 private:
  void Work(int worker);

  const size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace scry::conversation
