#include "engine/sqlite/sqlite_engine.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "engine/sqlite/sqlite_connection.h"
#include "engine/sqlite/sqlite_introspector.h"
#include "engine/watchdog.h"

namespace scry::engine {

// Immutable after Open() but for the watchdog, which is thread-safe: that is
// what makes the engine safe to share between threads.
struct SqliteEngine::State {
  SqliteOptions options;
  Watchdog watchdog;  // Interrupts the statements of every connection at their deadlines.
};

StatusOr<std::unique_ptr<SqliteEngine>> SqliteEngine::Open(const SqliteOptions& options) {
  std::error_code error;
  const std::filesystem::file_status file = std::filesystem::status(options.path, error);
  if (!std::filesystem::exists(file)) {
    return NotFoundError(fmt::format("SQLite file '{}' does not exist", options.path));
  }
  if (std::filesystem::is_directory(file)) {
    return InvalidArgumentError(
        fmt::format("'{}' is a directory, not a SQLite database", options.path));
  }
  auto state = std::make_unique<State>();
  state->options = options;
  // Absolute, so later connections open the same file whatever the working
  // directory is by then.
  state->options.path = std::filesystem::absolute(options.path, error).string();
  if (error) state->options.path = options.path;
  // Opening succeeds for any file; reading the schema is what tells a SQLite
  // database from anything else.
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> connection,
                   SqliteConnection::Open(state->options.path, &state->watchdog));
  StatusOr<ResultSet> schema = connection->Query("SELECT count(*) FROM sqlite_schema");
  if (!schema.ok()) {
    if (schema.status().code() == StatusCode::kDataLoss) {
      return InvalidArgumentError(fmt::format("'{}' is not a SQLite database: {}", options.path,
                                              schema.status().message()));
    }
    return schema.status().WithContext(fmt::format("reading SQLite file '{}'", options.path));
  }
  connection.reset();
  // The constructor is private, so std::make_unique cannot call it.
  return std::unique_ptr<SqliteEngine>(new SqliteEngine(std::move(state)));
}

SqliteEngine::SqliteEngine(std::unique_ptr<State> state) : state_(std::move(state)) {}

SqliteEngine::~SqliteEngine() = default;

StatusOr<std::unique_ptr<Connection>> SqliteEngine::Connect() {
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> connection,
                   SqliteConnection::Open(state_->options.path, &state_->watchdog));
  RETURN_IF_ERROR(connection->RestrictToUserTables(state_->options.allowed_tables));
  return std::unique_ptr<Connection>(std::move(connection));
}

StatusOr<DatabaseSchema> SqliteEngine::Introspect(const IntrospectOptions& options) {
  // A connection of its own, left in engine mode and never handed out.
  ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> connection,
                   SqliteConnection::Open(state_->options.path, &state_->watchdog));
  SqliteIntrospector introspector(connection.get(), state_->options.allowed_tables, options);
  return introspector.Run();
}

}  // namespace scry::engine
