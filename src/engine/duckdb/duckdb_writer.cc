#include "engine/duckdb/duckdb_writer.h"

#include <duckdb.h>
#include <fmt/format.h>

#include <cstdint>
#include <filesystem>

#include "engine/duckdb/duckdb_file_lease.h"
#include "engine/duckdb/duckdb_query.h"

namespace scry::engine {

struct DuckDbWriter::Handles {
  DuckDbFileLease lease;  // released after the database is closed
  duckdb_database database = nullptr;
  duckdb_connection connection = nullptr;

  ~Handles() {
    if (connection != nullptr) duckdb_disconnect(&connection);
    if (database != nullptr) duckdb_close(&database);
  }
};

namespace {

Status SetConfig(duckdb_config config, const char* name, const std::string& value) {
  if (duckdb_set_config(config, name, value.c_str()) == DuckDBError) {
    return InvalidArgumentError(fmt::format("DuckDB option {}='{}' was refused", name, value));
  }
  return Status::Ok();
}

Status Configure(duckdb_config config, const std::string& path,
                 const DuckDbWriterOptions& options) {
  RETURN_IF_ERROR(SetConfig(config, "autoinstall_known_extensions", "false"));
  RETURN_IF_ERROR(SetConfig(config, "autoload_known_extensions", "false"));
  if (!options.memory_limit.empty()) {
    RETURN_IF_ERROR(SetConfig(config, "memory_limit", options.memory_limit));
  }
  if (options.threads > 0) {
    RETURN_IF_ERROR(SetConfig(config, "threads", std::to_string(options.threads)));
  }
  std::string temp = options.temp_directory;
  if (temp.empty() && !path.empty()) temp = path + ".tmp";
  if (!temp.empty()) RETURN_IF_ERROR(SetConfig(config, "temp_directory", temp));
  // TimeZone belongs to the ICU extension, which is not loaded yet when the
  // configuration is read: Open() sets it with SET once connected.
  return Status::Ok();
}

// DuckDB says "Could not set lock on file ... Conflicting lock is held" when
// another process holds the file; a bare "lock" could be part of the path.
Status OpenError(const std::string& path, const std::string& message) {
  if (message.find("Could not set lock") != std::string::npos ||
      message.find("Conflicting lock") != std::string::npos) {
    return UnavailableError(
        fmt::format("warehouse '{}' is in use by another process: {}", path, message));
  }
  return InvalidArgumentError(fmt::format("cannot open warehouse '{}': {}", path, message));
}

}  // namespace

DuckDbWriter::DuckDbWriter(std::string path, std::unique_ptr<Handles> handles)
    : path_(std::move(path)), handles_(std::move(handles)) {}

DuckDbWriter::~DuckDbWriter() = default;

StatusOr<std::unique_ptr<DuckDbWriter>> DuckDbWriter::Open(const std::string& path,
                                                           const DuckDbWriterOptions& options) {
  if (!path.empty()) {
    const auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return InvalidArgumentError(
          fmt::format("cannot create directory '{}': {}", parent.string(), ec.message()));
    }
  }
  DuckDbFileLease lease;
  if (!path.empty()) {
    ASSIGN_OR_RETURN(lease, DuckDbFileLease::Acquire(path, DuckDbFileLease::Mode::kWrite));
  }
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) == DuckDBError) {
    return InternalError("duckdb_create_config failed");
  }
  Status configured = Configure(config, path, options);
  if (!configured.ok()) {
    duckdb_destroy_config(&config);
    return configured;
  }
  auto handles = std::make_unique<Handles>();
  handles->lease = std::move(lease);
  char* error = nullptr;
  const duckdb_state state =
      duckdb_open_ext(path.empty() ? nullptr : path.c_str(), &handles->database, config, &error);
  duckdb_destroy_config(&config);
  if (state == DuckDBError) {
    std::string message = error != nullptr ? error : "unknown error";
    if (error != nullptr) duckdb_free(error);
    handles->database = nullptr;
    return OpenError(path, message);
  }
  if (duckdb_connect(handles->database, &handles->connection) == DuckDBError) {
    return InternalError(fmt::format("cannot connect to warehouse '{}'", path));
  }
  std::unique_ptr<DuckDbWriter> writer(new DuckDbWriter(path, std::move(handles)));
  RETURN_IF_ERROR(writer->Execute("SET GLOBAL TimeZone = 'UTC'"));
  return writer;
}

Status DuckDbWriter::Execute(std::string_view sql) {
  duckdb_extracted_statements statements = nullptr;
  const std::string text(sql);
  const idx_t count = duckdb_extract_statements(handles_->connection, text.c_str(), &statements);
  if (count == 0) {
    std::string message = duckdb_extract_statements_error(statements);
    duckdb_destroy_extracted(&statements);
    return InvalidArgumentError(message);
  }
  Status status;
  for (idx_t i = 0; i < count && status.ok(); ++i) {
    duckdb_prepared_statement prepared = nullptr;
    if (duckdb_prepare_extracted_statement(handles_->connection, statements, i, &prepared) ==
        DuckDBError) {
      status = InvalidArgumentError(duckdb_prepare_error(prepared));
    } else {
      duckdb_result result;
      if (duckdb_execute_prepared(prepared, &result) == DuckDBError) {
        status = InvalidArgumentError(duckdb_result_error(&result));
      }
      duckdb_destroy_result(&result);
    }
    duckdb_destroy_prepare(&prepared);
  }
  duckdb_destroy_extracted(&statements);
  return status;
}

StatusOr<ResultSet> DuckDbWriter::Query(std::string_view sql) {
  ASSIGN_OR_RETURN(std::unique_ptr<DuckDbQuery> query,
                   DuckDbQuery::Prepare(handles_->connection, sql));
  RETURN_IF_ERROR(query->Start());
  RETURN_IF_ERROR(query->Execute());
  DuckDbQueryStream stream(std::move(query));
  CollectOptions keep_all;
  keep_all.max_rows = INT64_MAX;
  keep_all.count_limit = INT64_MAX;
  return Collect(stream, keep_all);
}

}  // namespace scry::engine
