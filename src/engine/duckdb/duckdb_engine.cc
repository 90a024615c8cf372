#include "engine/duckdb/duckdb_engine.h"

#include <duckdb.h>
#include <fmt/format.h>
#include <stdlib.h>

#include <filesystem>
#include <mutex>

#include "engine/duckdb/duckdb_file_lease.h"
#include "engine/duckdb/duckdb_introspector.h"
#include "engine/duckdb/duckdb_query.h"
#include "engine/watchdog.h"

namespace scry::engine {

struct DuckDbEngine::State {
  DuckDbFileLease lease;  // released after the database is closed
  duckdb_database database = nullptr;
  Watchdog watchdog;
  std::string spill_directory;  // absolute, no trailing slash
  bool owns_spill_directory = false;

  ~State() {
    if (database != nullptr) duckdb_close(&database);
    if (owns_spill_directory) {
      std::error_code ignored;
      std::filesystem::remove_all(spill_directory, ignored);
    }
  }
};

namespace {

const char* StatementTypeName(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_INSERT:
      return "INSERT";
    case DUCKDB_STATEMENT_TYPE_UPDATE:
      return "UPDATE";
    case DUCKDB_STATEMENT_TYPE_DELETE:
      return "DELETE";
    case DUCKDB_STATEMENT_TYPE_CREATE:
    case DUCKDB_STATEMENT_TYPE_CREATE_FUNC:
      return "CREATE";
    case DUCKDB_STATEMENT_TYPE_ALTER:
      return "ALTER";
    case DUCKDB_STATEMENT_TYPE_DROP:
      return "DROP";
    case DUCKDB_STATEMENT_TYPE_COPY:
      return "COPY";
    case DUCKDB_STATEMENT_TYPE_EXPORT:
      return "EXPORT";
    case DUCKDB_STATEMENT_TYPE_PRAGMA:
      return "PRAGMA";
    case DUCKDB_STATEMENT_TYPE_CALL:
      return "CALL";
    case DUCKDB_STATEMENT_TYPE_SET:
    case DUCKDB_STATEMENT_TYPE_VARIABLE_SET:
      return "SET";
    case DUCKDB_STATEMENT_TYPE_LOAD:
      return "LOAD or INSTALL";
    case DUCKDB_STATEMENT_TYPE_ATTACH:
      return "ATTACH";
    case DUCKDB_STATEMENT_TYPE_DETACH:
      return "DETACH";
    case DUCKDB_STATEMENT_TYPE_TRANSACTION:
      return "a transaction statement";
    default:
      return "this kind of statement";
  }
}

// Only statements that read may run on a question connection. The guard checks
// this first; the engine checks again because PRAGMA, CALL, COPY into the spill
// directory or CREATE TEMP TABLE get past DuckDB's own lock-down.
Status CheckReadOnlyStatement(duckdb_statement_type type) {
  if (type == DUCKDB_STATEMENT_TYPE_SELECT || type == DUCKDB_STATEMENT_TYPE_EXPLAIN) {
    return Status::Ok();
  }
  return PermissionDeniedError(fmt::format(
      "only SELECT statements may run on a question connection, not {}", StatementTypeName(type)));
}

class DuckDbConnection final : public Connection {
 public:
  DuckDbConnection(DuckDbEngine::State* engine, duckdb_connection connection)
      : engine_(engine), connection_(connection) {}
  ~DuckDbConnection() override { duckdb_disconnect(&connection_); }

  StatusOr<std::unique_ptr<ResultStream>> Execute(std::string_view sql,
                                                  const ExecuteOptions& options) override;

  void Cancel() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (statement_ == 0) return;
    cancelled_ = true;
    duckdb_interrupt(connection_);
  }

  // The watchdog's callback: interrupts `statement` if it is still running.
  void ExpireDeadline(uint64_t statement) {
    std::lock_guard<std::mutex> lock(mu_);
    if (statement_ != statement) return;
    deadline_passed_ = true;
    duckdb_interrupt(connection_);
  }

  // Cancelled or DeadlineExceeded once Cancel() or the deadline reached the
  // running statement, OK otherwise.
  Status CheckInterrupted() {
    std::lock_guard<std::mutex> lock(mu_);
    return InterruptedStatus();
  }

  // An error of the running statement, with DuckDB's "interrupted" turned into
  // the reason we interrupted it.
  Status Refine(Status status) {
    if (status.code() != StatusCode::kCancelled) return status;
    std::lock_guard<std::mutex> lock(mu_);
    Status reason = InterruptedStatus();
    return reason.ok() ? status : reason;
  }

  // Marks the connection idle: a later Cancel() is a no-op.
  void Finish(uint64_t statement) {
    std::lock_guard<std::mutex> lock(mu_);
    if (statement_ == statement) statement_ = 0;
  }

 private:
  // REQUIRES: mu_ held.
  Status InterruptedStatus() const {
    if (deadline_passed_) {
      return DeadlineExceededError(
          fmt::format("the query ran longer than its time limit of {} ms", timeout_ms_));
    }
    if (cancelled_) return CancelledError("the query was cancelled");
    return Status::Ok();
  }

  // Prepares and starts `sql`. A Cancel() (or deadline) that came before DuckDB
  // could see it is caught by the check after Start(): DuckDB forgets an
  // interrupt that precedes the statement, and the abandoned query's
  // destructor interrupts it again for real.
  StatusOr<std::unique_ptr<DuckDbQuery>> Run(std::string_view sql);

  DuckDbEngine::State* engine_;
  duckdb_connection connection_;

  std::mutex mu_;
  uint64_t statement_ = 0;        // GUARDED_BY(mu_): the statement running, 0 when idle
  uint64_t last_statement_ = 0;   // GUARDED_BY(mu_)
  bool cancelled_ = false;        // GUARDED_BY(mu_)
  bool deadline_passed_ = false;  // GUARDED_BY(mu_)
  int64_t timeout_ms_ = 0;        // GUARDED_BY(mu_)
};

// The result of one statement: reads chunks until the end, then (or on error,
// or when dropped) releases the statement, its deadline and the connection.
class DuckDbStream final : public ResultStream {
 public:
  DuckDbStream(DuckDbConnection* connection, uint64_t statement, std::unique_ptr<DuckDbQuery> query,
               Watchdog::Scoped deadline)
      : connection_(connection),
        statement_(statement),
        query_(std::move(query)),
        columns_(query_->columns()),
        deadline_(std::move(deadline)) {}

  ~DuckDbStream() override { Finish(); }

  const std::vector<ColumnInfo>& columns() const override { return columns_; }

  StatusOr<bool> Next(Chunk* chunk) override {
    if (query_ == nullptr) {
      for (Column& column : chunk->columns) column.Clear();
      return false;
    }
    Status interrupted = connection_->CheckInterrupted();
    if (!interrupted.ok()) {
      Finish();
      return interrupted;
    }
    StatusOr<bool> more = query_->Next(chunk);
    if (!more.ok()) {
      Status status = connection_->Refine(std::move(more).status());
      Finish();
      return status;
    }
    if (!*more) Finish();
    return more;
  }

 private:
  void Finish() {
    query_.reset();  // stops the statement if it has not run to its end
    deadline_.Reset();
    connection_->Finish(statement_);
  }

  DuckDbConnection* connection_;
  uint64_t statement_;
  std::unique_ptr<DuckDbQuery> query_;  // null once finished
  std::vector<ColumnInfo> columns_;
  Watchdog::Scoped deadline_;
};

StatusOr<std::unique_ptr<DuckDbQuery>> DuckDbConnection::Run(std::string_view sql) {
  ASSIGN_OR_RETURN(std::unique_ptr<DuckDbQuery> query, DuckDbQuery::Prepare(connection_, sql));
  RETURN_IF_ERROR(CheckReadOnlyStatement(query->statement_type()));
  RETURN_IF_ERROR(query->Start());
  RETURN_IF_ERROR(CheckInterrupted());
  RETURN_IF_ERROR(query->Execute());
  return query;
}

StatusOr<std::unique_ptr<ResultStream>> DuckDbConnection::Execute(std::string_view sql,
                                                                  const ExecuteOptions& options) {
  uint64_t statement;
  {
    std::lock_guard<std::mutex> lock(mu_);
    statement = ++last_statement_;
    statement_ = statement;
    cancelled_ = false;
    deadline_passed_ = false;
    timeout_ms_ = options.timeout.count();
  }
  Watchdog::Scoped deadline;
  if (options.timeout.count() > 0) {
    deadline = engine_->watchdog.ArmScoped(std::chrono::steady_clock::now() + options.timeout,
                                           [this, statement] { ExpireDeadline(statement); });
  }
  StatusOr<std::unique_ptr<DuckDbQuery>> query = Run(sql);
  if (!query.ok()) {
    deadline.Reset();
    Status status = Refine(std::move(query).status());
    Finish(statement);
    return status;
  }
  return std::make_unique<DuckDbStream>(this, statement, std::move(query).value(),
                                        std::move(deadline));
}

// Owns a duckdb_config.
class Config {
 public:
  Config() { duckdb_create_config(&config_); }
  ~Config() {
    if (config_ != nullptr) duckdb_destroy_config(&config_);
  }
  Config(const Config&) = delete;
  Config& operator=(const Config&) = delete;
  duckdb_config get() const { return config_; }

  Status Set(const char* name, const std::string& value) {
    if (config_ == nullptr) return InternalError("duckdb_create_config failed");
    if (duckdb_set_config(config_, name, value.c_str()) == DuckDBError) {
      return InvalidArgumentError(fmt::format("DuckDB option {}='{}' was refused", name, value));
    }
    return Status::Ok();
  }

 private:
  duckdb_config config_ = nullptr;
};

Status Configure(const DuckDbOptions& options, const std::string& spill, Config* config) {
  if (!options.path.empty()) RETURN_IF_ERROR(config->Set("access_mode", "READ_ONLY"));
  RETURN_IF_ERROR(config->Set("autoinstall_known_extensions", "false"));
  RETURN_IF_ERROR(config->Set("autoload_known_extensions", "false"));
  RETURN_IF_ERROR(config->Set("temp_directory", spill));
  if (!options.memory_limit.empty()) {
    RETURN_IF_ERROR(config->Set("memory_limit", options.memory_limit));
  }
  if (options.threads > 0) RETURN_IF_ERROR(config->Set("threads", std::to_string(options.threads)));
  return Status::Ok();
}

// The spill directory, absolute: the option, "<path>.tmp", or a fresh private
// directory for an in-memory database (removed with the engine).
Status ChooseSpillDirectory(const DuckDbOptions& options, DuckDbEngine::State* state) {
  std::error_code ec;
  std::filesystem::path spill;
  if (!options.temp_directory.empty()) {
    spill = options.temp_directory;
  } else if (!options.path.empty()) {
    spill = options.path + ".tmp";
  } else {
    std::string pattern =
        (std::filesystem::temp_directory_path(ec) / "scry-duckdb-XXXXXX").string();
    if (ec || mkdtemp(pattern.data()) == nullptr) {
      return InternalError("cannot create a spill directory for an in-memory database");
    }
    spill = pattern;
    state->owns_spill_directory = true;
  }
  spill = std::filesystem::absolute(spill, ec).lexically_normal();
  if (ec) return InvalidArgumentError(fmt::format("bad temp directory '{}'", spill.string()));
  std::string text = spill.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  state->spill_directory = text;
  return Status::Ok();
}

// DuckDB says "Could not set lock on file ... Conflicting lock is held" when
// another process has the file open for writing.
Status OpenError(const std::string& path, const std::string& message) {
  if (message.find("Could not set lock") != std::string::npos ||
      message.find("Conflicting lock") != std::string::npos) {
    return UnavailableError(
        fmt::format("warehouse '{}' is held by another process: {}", path, message));
  }
  return InvalidArgumentError(fmt::format("cannot open warehouse '{}': {}", path, message));
}

// Runs one statement of the lock-down or the setup on `connection`.
Status RunSetup(duckdb_connection connection, const std::string& sql) {
  duckdb_result result;
  Status status;
  if (duckdb_query(connection, sql.c_str(), &result) == DuckDBError) {
    status = DuckDbErrorStatus(duckdb_result_error_type(&result), duckdb_result_error(&result))
                 .WithContext(fmt::format("setting up DuckDB with \"{}\"", sql));
  }
  duckdb_destroy_result(&result);
  return status;
}

// The readable directories, absolute and normalized, each ending in '/' as
// allowed_directories wants. NotFound for one that is not a directory.
StatusOr<std::vector<std::string>> ReadableDirectories(const DuckDbOptions& options) {
  std::vector<std::string> out;
  for (const std::string& directory : options.readable_directories) {
    std::error_code ec;
    if (directory.empty() || !std::filesystem::is_directory(directory, ec)) {
      return NotFoundError(fmt::format("readable directory '{}' does not exist", directory));
    }
    std::string text = std::filesystem::absolute(directory, ec).lexically_normal().string();
    if (ec) return InvalidArgumentError(fmt::format("bad readable directory '{}'", directory));
    if (text.back() != '/') text += '/';
    out.push_back(std::move(text));
  }
  return out;
}

// Runs the setup statements, then locks the instance. The order matters:
// external access off would also forbid the spill directory unless it is
// allowed first, and the lock freezes TimeZone with everything else.
Status SetUpAndLock(duckdb_database database, const DuckDbOptions& options,
                    const std::string& spill) {
  ASSIGN_OR_RETURN(std::vector<std::string> readable, ReadableDirectories(options));
  std::string allowed = DuckDbQuoteLiteral(spill + "/");
  for (const std::string& directory : readable) allowed += ", " + DuckDbQuoteLiteral(directory);
  duckdb_connection connection = nullptr;
  if (duckdb_connect(database, &connection) == DuckDBError) {
    return InternalError("cannot connect to the DuckDB instance");
  }
  std::vector<std::string> statements = options.setup_sql;
  statements.push_back("SET GLOBAL TimeZone = 'UTC'");
  statements.push_back("SET GLOBAL allowed_directories = [" + allowed + "]");
  statements.push_back("SET GLOBAL enable_external_access = false");
  statements.push_back("SET GLOBAL lock_configuration = true");
  Status status;
  for (const std::string& sql : statements) {
    status = RunSetup(connection, sql);
    if (!status.ok()) break;
  }
  duckdb_disconnect(&connection);
  return status;
}

}  // namespace

DuckDbEngine::DuckDbEngine(std::unique_ptr<State> state) : state_(std::move(state)) {}

DuckDbEngine::~DuckDbEngine() = default;

StatusOr<std::unique_ptr<DuckDbEngine>> DuckDbEngine::Open(const DuckDbOptions& options) {
  if (options.threads < 0) return InvalidArgumentError("threads must not be negative");
  if (!options.path.empty()) {
    std::error_code ec;
    const auto status = std::filesystem::status(options.path, ec);
    if (!std::filesystem::exists(status)) {
      return NotFoundError(fmt::format("warehouse '{}' does not exist", options.path));
    }
    if (!std::filesystem::is_regular_file(status)) {
      return InvalidArgumentError(fmt::format("warehouse '{}' is not a file", options.path));
    }
  }
  auto state = std::make_unique<State>();
  if (!options.path.empty()) {
    ASSIGN_OR_RETURN(state->lease,
                     DuckDbFileLease::Acquire(options.path, DuckDbFileLease::Mode::kRead));
  }
  RETURN_IF_ERROR(ChooseSpillDirectory(options, state.get()));
  Config config;
  RETURN_IF_ERROR(Configure(options, state->spill_directory, &config));
  char* error = nullptr;
  if (duckdb_open_ext(options.path.empty() ? nullptr : options.path.c_str(), &state->database,
                      config.get(), &error) == DuckDBError) {
    std::string message = error != nullptr ? error : "unknown error";
    if (error != nullptr) duckdb_free(error);
    state->database = nullptr;
    return OpenError(options.path, message);
  }
  RETURN_IF_ERROR(SetUpAndLock(state->database, options, state->spill_directory));
  return std::unique_ptr<DuckDbEngine>(new DuckDbEngine(std::move(state)));
}

StatusOr<std::unique_ptr<Connection>> DuckDbEngine::Connect() {
  duckdb_connection connection = nullptr;
  if (duckdb_connect(state_->database, &connection) == DuckDBError) {
    return UnavailableError("cannot connect to the DuckDB instance");
  }
  return std::make_unique<DuckDbConnection>(state_.get(), connection);
}

StatusOr<DatabaseSchema> DuckDbEngine::Introspect(const IntrospectOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connect());
  return IntrospectDuckDb(*connection, options);
}

}  // namespace scry::engine
