// Engine: the seam between scry and whatever runs SQL (DuckDB by default,
// SQLite files, later PostgreSQL, ClickHouse, Databricks).
//
// An Engine describes a database (its tables, keys and value dictionaries) and
// opens Connections; a Connection runs one statement at a time and streams its
// result. Every statement has a deadline, and Cancel() may be called from any
// other thread: the statement then fails with Cancelled (or DeadlineExceeded)
// within a second and the connection stays usable.
//
// Thread-safety: an Engine is safe to use from many threads. A Connection is
// used by one thread at a time, except Cancel(), which any thread may call.
// The SQL given to Execute must already have passed the guard (sql/guard.h);
// engines add their own locks (read-only access, no files) underneath it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/database_schema.h"
#include "common/status_or.h"
#include "engine/result_set.h"

namespace scry::engine {

struct ExecuteOptions {
  // Time the statement may take from Execute() until its stream is exhausted.
  // Zero means no limit.
  std::chrono::milliseconds timeout{30'000};
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Starts `sql` (one statement) and returns its result as a stream. The stream
  // must be destroyed before the next Execute() on this connection. Fails with
  // InvalidArgument for SQL the engine rejects (syntax, unknown names, types),
  // PermissionDenied for anything the connection is not allowed to do,
  // Cancelled / DeadlineExceeded as described above.
  virtual StatusOr<std::unique_ptr<ResultStream>> Execute(std::string_view sql,
                                                          const ExecuteOptions& options) = 0;

  // Interrupts the statement running (or starting) on this connection; a no-op
  // when the connection is idle. Safe to call from any thread.
  virtual void Cancel() = 0;

  // Runs `sql` and collects its result (see Collect()).
  StatusOr<ResultSet> Query(std::string_view sql, const ExecuteOptions& execute = {},
                            const CollectOptions& collect = {});
};

// The description of a database an engine produces (DatabaseSchema and its
// parts) is shared vocabulary in common/database_schema.h.
using scry::ColumnSchema;
using scry::DatabaseSchema;
using scry::ForeignKey;
using scry::TableSchema;

struct IntrospectOptions {
  // Only these tables (all when empty).
  std::vector<std::string> tables;
  // Count rows and, for text columns, distinct and most frequent values.
  bool row_counts = true;
  bool value_stats = true;
  int max_top_values = 50;
  // Values longer than this are not kept as dictionary entries.
  int max_value_length = 200;
  ExecuteOptions execute;
};

class Engine {
 public:
  virtual ~Engine() = default;

  // A short name: "duckdb", "sqlite", ...
  virtual std::string_view name() const = 0;

  // Opens a new connection. Fails with Unavailable when the database cannot be
  // reached.
  virtual StatusOr<std::unique_ptr<Connection>> Connect() = 0;

  // Describes the tables the engine exposes. Fails when the catalog cannot be
  // read; a table whose statistics cannot be computed keeps -1 counts instead.
  virtual StatusOr<DatabaseSchema> Introspect(const IntrospectOptions& options) = 0;
};

}  // namespace scry::engine
