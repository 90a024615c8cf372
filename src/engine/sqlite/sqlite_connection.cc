#include "engine/sqlite/sqlite_connection.h"

#include <fmt/format.h>

#include "engine/sqlite/sqlite_stream.h"

namespace scry::engine {
namespace {

// Virtual machine instructions between two progress-handler checks: a few
// microseconds of work, so an interrupt that SQLite missed is seen at once.
constexpr int kProgressInterval = 1000;

}  // namespace

StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                   Watchdog* watchdog) {
  ASSIGN_OR_RETURN(SqliteHandle db, OpenSqliteReadOnly(path));
  return std::make_unique<SqliteConnection>(std::move(db), watchdog);
}

SqliteConnection::SqliteConnection(SqliteHandle db, Watchdog* watchdog)
    : db_(std::move(db)), watchdog_(watchdog) {
  // Installed before any statement runs on the handle.
  sqlite3_set_authorizer(db_.get(), &SqliteAuthorizer::Callback, &authorizer_);
  sqlite3_progress_handler(db_.get(), kProgressInterval, &SqliteConnection::OnProgress, this);
}

Status SqliteConnection::RestrictToUserTables(const std::vector<std::string>& allowed_tables) {
  // Still in engine mode, so the schema table may be read.
  ASSIGN_OR_RETURN(ResultSet tables,
                   Query("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')",
                         ExecuteOptions{}, CollectOptions{.max_rows = INT64_MAX}));
  std::unordered_set<std::string> file_objects;
  for (size_t row = 0; row < tables.row_count(); ++row) {
    file_objects.insert(SqliteFoldName(FormatValue(tables.column(0), row)));
  }
  std::unordered_set<std::string> permitted;
  for (const std::string& table : allowed_tables) permitted.insert(SqliteFoldName(table));
  if (allowed_tables.empty()) {
    for (const std::string& name : file_objects) {
      if (!name.starts_with("sqlite_")) permitted.insert(name);
    }
  }
  authorizer_.RestrictTo(std::move(permitted), std::move(file_objects));
  return Status::Ok();
}

StatusOr<std::unique_ptr<ResultStream>> SqliteConnection::Execute(std::string_view sql,
                                                                  const ExecuteOptions& options) {
  uint64_t generation = 0;
  {
    // Together under the lock: a concurrent Cancel() either finds the
    // connection idle or marks this statement, never the one before.
    std::lock_guard<std::mutex> lock(mu_);
    running_ = true;
    generation = ++generation_;
    interrupt_.store(kNotInterrupted);
  }
  timeout_ = options.timeout;
  Watchdog::Scoped deadline;
  if (options.timeout.count() > 0) {
    deadline = watchdog_->ArmScoped(std::chrono::steady_clock::now() + options.timeout,
                                    [this] { InterruptFor(kDeadlinePassed); });
  }
  // On failure the stream's destructor disarms the deadline and ends the statement.
  auto stream = std::make_unique<SqliteStream>(this, generation, std::move(deadline));
  RETURN_IF_ERROR(stream->Prepare(sql));
  RETURN_IF_ERROR(stream->Start());
  return std::unique_ptr<ResultStream>(std::move(stream));
}

void SqliteConnection::Cancel() { InterruptFor(kCancelled); }

void SqliteConnection::InterruptFor(Interrupt reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!running_) return;
  int expected = kNotInterrupted;
  interrupt_.compare_exchange_strong(expected, reason);
  // Safe from any thread while the handle is open, which the lock ensures:
  // the connection cannot be destroyed while it is running a statement.
  sqlite3_interrupt(db_.get());
}

int SqliteConnection::OnProgress(void* self) {
  // Non-zero makes the running step fail with SQLITE_INTERRUPT.
  return static_cast<SqliteConnection*>(self)->interrupt_.load(std::memory_order_relaxed) !=
         kNotInterrupted;
}

Status SqliteConnection::InterruptStatus() const {
  switch (interrupt_.load()) {
    case kCancelled:
      return CancelledError("the statement was cancelled");
    case kDeadlinePassed:
      return DeadlineExceededError(
          fmt::format("the statement exceeded its time limit of {} ms", timeout_.count()));
    default:
      return Status::Ok();
  }
}

Status SqliteConnection::StatementError(int rc) const {
  // A refused function fails with SQLITE_ERROR rather than SQLITE_AUTH; any
  // refusal during the statement is what made it fail.
  if (!authorizer_.denial().empty()) return PermissionDeniedError(authorizer_.denial());
  if ((rc & 0xff) == SQLITE_INTERRUPT) {
    Status interrupted = InterruptStatus();
    if (!interrupted.ok()) return interrupted;
  }
  return SqliteError(db_.get(), rc);
}

Status SqliteConnection::CheckUnresolvedReads() const {
  for (const std::string& name : authorizer_.unresolved_reads()) {
    // With no column name, this only asks whether the table exists. It runs
    // after compiling, never inside the authorizer, as SQLite requires.
    const int rc = sqlite3_table_column_metadata(db_.get(), "main", name.c_str(), nullptr, nullptr,
                                                 nullptr, nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) {
      return PermissionDeniedError(fmt::format("reading table '{}' is not allowed", name));
    }
  }
  return Status::Ok();
}

void SqliteConnection::FinishStatement(uint64_t generation) {
  std::lock_guard<std::mutex> lock(mu_);
  // A stream outliving the next Execute() (a caller's bug) must not mark the
  // newer statement idle.
  if (generation == generation_) running_ = false;
}

}  // namespace scry::engine
