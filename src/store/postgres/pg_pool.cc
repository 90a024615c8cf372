#include "store/postgres/pg_pool.h"

#include <poll.h>

#include <string>
#include <utility>

#include "store/postgres/pg_connection.h"

namespace scry::store::pg {
namespace {

// Reads what the server sent to an idle connection. A terminated backend
// sends an error and closes the socket; libpq marks the connection bad only
// when a read meets the end of the stream, which may take a second read
// after the error's bytes. libpq's sockets are non-blocking: this never waits.
bool StillUsable(PGconn* conn) {
  for (int reads = 0; reads < 4; ++reads) {
    if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) return false;
    pollfd readable{.fd = PQsocket(conn), .events = POLLIN, .revents = 0};
    if (poll(&readable, 1, 0) <= 0) break;  // nothing more (and no end of stream) pending
  }
  return PQtransactionStatus(conn) == PQTRANS_IDLE;
}

}  // namespace

Lease::~Lease() {
  if (pool_ != nullptr) pool_->Release(conn_);
}

StatusOr<std::unique_ptr<Pool>> Pool::Open(std::string conninfo, PoolOptions options) {
  if (options.max_size < 1) return InvalidArgumentError("postgres pool size must be at least 1");
  std::unique_ptr<Pool> pool(new Pool(std::move(conninfo), options));
  // Fail early on a wrong address or database; the connection stays pooled.
  ASSIGN_OR_RETURN(Lease first, pool->Acquire());
  (void)first;
  return pool;
}

Pool::~Pool() {
  std::lock_guard<std::mutex> lock(mu_);
  for (PGconn* conn : idle_) PQfinish(conn);
  idle_.clear();
}

StatusOr<PGconn*> Pool::Connect() {
  PGconn* conn = PQconnectdb(conninfo_.c_str());
  if (conn == nullptr) return UnavailableError("postgres: out of memory opening a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(conn);
    return UnavailableError("postgres: cannot connect: " + message);
  }
  // Notices ("relation already exists, skipping") are not errors; libpq would
  // print them on stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  // Everything we store is UTF-8 whatever the server's default.
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    PQfinish(conn);
    return UnavailableError("postgres: the server does not accept UTF8 client encoding");
  }
  // A number of milliseconds we formatted ourselves: not user text.
  std::string timeout =
      "SET statement_timeout = " + std::to_string(options_.statement_timeout.count());
  Status set = ExecScript(conn, "postgres: set statement_timeout", timeout.c_str());
  if (!set.ok()) {
    PQfinish(conn);
    return set;
  }
  return conn;
}

StatusOr<Lease> Pool::Acquire() {
  auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    while (!idle_.empty()) {
      PGconn* conn = idle_.back();
      idle_.pop_back();
      lock.unlock();
      if (StillUsable(conn)) return Lease(this, conn);
      PQfinish(conn);
      lock.lock();
      --open_;
    }
    if (open_ < options_.max_size) {
      ++open_;  // reserve the slot; connecting happens outside the lock
      lock.unlock();
      StatusOr<PGconn*> conn = Connect();
      if (conn.ok()) return Lease(this, *conn);
      lock.lock();
      --open_;
      returned_.notify_one();
      return std::move(conn).status();
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_size) {
      return UnavailableError("postgres: every pooled connection is busy (pool size " +
                              std::to_string(options_.max_size) + ")");
    }
  }
}

void Pool::Release(PGconn* conn) {
  // Connections that broke or were left inside a transaction are not reused.
  bool reusable = !IsBroken(conn) && PQtransactionStatus(conn) == PQTRANS_IDLE;
  if (!reusable) PQfinish(conn);
  std::lock_guard<std::mutex> lock(mu_);
  if (reusable) {
    idle_.push_back(conn);
  } else {
    --open_;
  }
  returned_.notify_one();
}

StatusOr<Result> Query(Pool& pool, std::string_view what, const std::string& sql,
                       const std::vector<Param>& params) {
  ASSIGN_OR_RETURN(Lease lease, pool.Acquire());
  return Exec(lease.get(), what, sql, params);
}

}  // namespace scry::store::pg
