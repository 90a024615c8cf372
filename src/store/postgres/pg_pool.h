// Pool: a small fixed-size pool of libpq connections to one database.
//
// Connections are opened lazily up to `max_size`; a caller that finds every
// connection lent out waits for one to come back. A connection is returned to
// the pool only when it is healthy and outside any transaction: one that
// broke (the server restarted, an administrator terminated its backend) or
// was left mid-transaction is closed, and the next caller gets a fresh one.
// Before lending an idle connection the pool reads whatever the server sent
// while it sat idle, so a backend terminated in the meantime is noticed and
// replaced instead of failing the caller's statement.
//
// Thread-safe. Leases must be returned (destroyed) before the pool is.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/status_or.h"
#include "store/postgres/pg_connection.h"

namespace scry::store::pg {

class Pool;

struct PoolOptions {
  int max_size = 4;
  std::chrono::milliseconds acquire_timeout{10000};
  // Set on every connection (SET statement_timeout), so a statement stuck
  // behind a lock or a sick server cannot hold a pooled connection forever;
  // it fails with DeadlineExceeded instead. 0: no limit.
  std::chrono::milliseconds statement_timeout{30000};
};

// A connection lent to one caller; returns it to the pool when destroyed.
class Lease {
 public:
  Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(other.conn_) {
    other.pool_ = nullptr;
    other.conn_ = nullptr;
  }
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();

  PGconn* get() const { return conn_; }

 private:
  friend class Pool;

  struct PoolOptions {
    int max_size = 4;
    std::chrono::milliseconds acquire_timeout{10000};
    // Set on every connection (SET statement_timeout), so a statement stuck
    // behind a lock or a sick server cannot hold a pooled connection forever;
    // it fails with DeadlineExceeded instead. 0: no limit.
    std::chrono::milliseconds statement_timeout{30000};
  };
  Lease(Pool* pool, PGconn* conn) : pool_(pool), conn_(conn) {}

  Pool* pool_;
  PGconn* conn_;
};

class Pool {
 public:
  // Opens one connection at once, so a wrong conninfo fails here (Unavailable
  // with libpq's message).
  static StatusOr<std::unique_ptr<Pool>> Open(std::string conninfo, PoolOptions options);
  ~Pool();

  // Returns a healthy connection; Unavailable when none can be opened or none
  // came back within the acquire timeout.
  StatusOr<Lease> Acquire();

 private:
  Pool(std::string conninfo, PoolOptions options)
      : conninfo_(std::move(conninfo)), options_(options) {}
  friend class Lease;
  void Release(PGconn* conn);
  StatusOr<PGconn*> Connect();

  const std::string conninfo_;
  const PoolOptions options_;

  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<PGconn*> idle_;  // GUARDED_BY(mu_)
  int open_ = 0;               // GUARDED_BY(mu_): idle plus lent out
};

// Borrows a connection for one statement: Acquire then Exec.
StatusOr<Result> Query(Pool& pool, std::string_view what, const std::string& sql,
                       const std::vector<Param>& params = {});

}  // namespace scry::store::pg
