// SqliteConnection: one read-only sqlite3 handle behind the Connection
// interface.
//
// Cancellation and deadlines use two mechanisms, because either alone has a
// gap. sqlite3_interrupt() stops a running statement at once, but SQLite
// forgets an interrupt that arrives while no statement is active, such as
// between Execute() starting and the first sqlite3_step(). So Cancel() and
// the watchdog first record why they interrupt in `interrupt_`, which the
// stream checks before every step and a progress handler checks every
// kProgressInterval virtual machine instructions; then they call
// sqlite3_interrupt(). Execute() clears `interrupt_` when it starts, so a
// Cancel() while idle (a no-op) or one that lands after a statement ended never
// touches the next statement.
//
// Thread-safety: as for Connection. Cancel() may be called from any thread;
// everything else from the one thread using the connection.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "engine/engine.h"
#include "engine/sqlite/sqlite_authorizer.h"
#include "engine/sqlite/sqlite_handle.h"
#include "engine/watchdog.h"

namespace scry::engine {

class SqliteConnection final : public Connection {
 public:
  // Opens `path` read-only (see OpenSqliteReadOnly) with the authorizer in its
  // engine mode; call RestrictToUserTables() before handing it to a user.
  // `watchdog` must outlive the connection.
  static StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                          Watchdog* watchdog);

  SqliteConnection(SqliteHandle db, Watchdog* watchdog);
  ~SqliteConnection() override = default;

  // Switches the authorizer to user mode for good. Statements may then read
  // `allowed_tables` (case-insensitive), or when it is empty every table and
  // view the file has now, never SQLite's own tables.
  Status RestrictToUserTables(const std::vector<std::string>& allowed_tables);

  StatusOr<std::unique_ptr<ResultStream>> Execute(std::string_view sql,
                                                  const ExecuteOptions& options) override;
  void Cancel() override;

 private:
  friend class SqliteStream;

  enum Interrupt : int { kNotInterrupted = 0, kCancelled = 1, kDeadlinePassed = 2 };

  // Records `reason` (the first one wins) and interrupts the running
  // statement; a no-op while idle.
  void InterruptFor(Interrupt reason);
  static int OnProgress(void* self);

  // For SqliteStream: the Status a statement ends with when it was
  // interrupted (OK if not), the Status for a failed sqlite3 call, and the end
  // of statement `generation`.
  Status InterruptStatus() const;
  Status StatementError(int rc) const;
  // PermissionDenied when a name the authorizer let through as a possible
  // CTE is a table the statement may not read (see SqliteAuthorizer).
  Status CheckUnresolvedReads() const;
  void FinishStatement(uint64_t generation);

  sqlite3* db() const { return db_.get(); }
  SqliteAuthorizer& authorizer() { return authorizer_; }

  SqliteHandle db_;
  Watchdog* const watchdog_;
  SqliteAuthorizer authorizer_;           // Its address is registered with SQLite.
  std::chrono::milliseconds timeout_{0};  // Of the current statement, for messages.

  std::mutex mu_;
  bool running_ = false;     // GUARDED_BY(mu_): a statement is between Execute and its end.
  uint64_t generation_ = 0;  // GUARDED_BY(mu_): counts Execute() calls.
  std::atomic<int> interrupt_{kNotInterrupted};
};

}  // namespace scry::engine
