#include "bench/bench_util.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "engine/duckdb/duckdb_writer.h"

namespace scry::bench {

Status EnsureDemoWarehouse(const std::string& path, const engine::DemoOptions& demo,
                           std::ostream& log) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    log << fmt::format("demo warehouse {} (reused)\n", path);
    return Status::Ok();
  }
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  log << fmt::format("generating a demo warehouse of {} order lines to {} in {} (not timed)\n",
                     demo.rows, FormatIsoDate(demo.end_date), path)
      << std::flush;
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto writer, engine::DuckDbWriter::Open(path));
  RETURN_IF_ERROR(engine::GenerateDemoWarehouse(*writer, demo));
  log << fmt::format("generated in {:.1f} s\n",
                     MillisecondsBetween(start, std::chrono::steady_clock::now()) / 1000);
  return Status::Ok();
}

RawDuckDb::~RawDuckDb() {
  if (connection_ != nullptr) duckdb_disconnect(&connection_);
  if (database_ != nullptr) duckdb_close(&database_);
}

Status RawDuckDb::Open(const std::string& path, int threads) {
  duckdb_config config = nullptr;
  duckdb_create_config(&config);
  duckdb_set_config(config, "access_mode", "READ_ONLY");
  if (threads > 0) duckdb_set_config(config, "threads", std::to_string(threads).c_str());
  char* error = nullptr;
  const duckdb_state state = duckdb_open_ext(path.c_str(), &database_, config, &error);
  duckdb_destroy_config(&config);
  if (state == DuckDBError) {
    Status status = UnavailableError(
        fmt::format("opening {}: {}", path, error != nullptr ? error : "cannot open"));
    duckdb_free(error);
    return status;
  }
  if (duckdb_connect(database_, &connection_) == DuckDBError) {
    return UnavailableError(fmt::format("connecting to {}", path));
  }
  return Status::Ok();
}

StatusOr<int64_t> RawDuckDb::Run(const std::string& sql) {
  duckdb_result result;
  if (duckdb_query(connection_, sql.c_str(), &result) == DuckDBError) {
    Status status = InvalidArgumentError(duckdb_result_error(&result));
    duckdb_destroy_result(&result);
    return status;
  }
  int64_t rows = 0;
  while (duckdb_data_chunk chunk = duckdb_fetch_chunk(result)) {
    rows += static_cast<int64_t>(duckdb_data_chunk_get_size(chunk));
    duckdb_destroy_data_chunk(&chunk);
  }
  duckdb_destroy_result(&result);
  return rows;
}

StatusOr<std::string> RawDuckDb::QueryText(const std::string& sql) {
  duckdb_result result;
  if (duckdb_query(connection_, sql.c_str(), &result) == DuckDBError) {
    Status status = InvalidArgumentError(duckdb_result_error(&result));
    duckdb_destroy_result(&result);
    return status;
  }
  if (duckdb_column_type(&result, 0) != DUCKDB_TYPE_VARCHAR) {
    duckdb_destroy_result(&result);
    return InvalidArgumentError(fmt::format("not text: {}", sql));
  }
  duckdb_data_chunk chunk = duckdb_fetch_chunk(result);
  if (chunk == nullptr || duckdb_data_chunk_get_size(chunk) == 0) {
    if (chunk != nullptr) duckdb_destroy_data_chunk(&chunk);
    duckdb_destroy_result(&result);
    return NotFoundError(fmt::format("no row from: {}", sql));
  }
  duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, 0);
  uint64_t* validity = duckdb_vector_get_validity(vector);
  std::string value;
  if (validity == nullptr || duckdb_validity_row_is_valid(validity, 0)) {
    auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
    value.assign(duckdb_string_t_data(&strings[0]), duckdb_string_t_length(strings[0]));
  }
  duckdb_destroy_data_chunk(&chunk);
  duckdb_destroy_result(&result);
  return value;
}

StatusOr<std::string> OpenDemoWarehouse(const std::string& path, int64_t rows, RawDuckDb* direct,
                                        std::ostream& log) {
  engine::DemoOptions demo;
  demo.rows = rows;
  demo.end_date = CivilDate{2025, 11, 24};
  RETURN_IF_ERROR(EnsureDemoWarehouse(path, demo, log));
  RETURN_IF_ERROR(direct->Open(path, 0));
  ASSIGN_OR_RETURN(std::string lines,
                   direct->QueryText("SELECT count(*)::VARCHAR FROM order_items"));
  ASSIGN_OR_RETURN(std::string today,
                   direct->QueryText("SELECT max(order_date)::VARCHAR FROM orders"));
  log << fmt::format("warehouse: {} order lines, last order day {}\n", lines, today);
  return today;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Distribution Describe(std::vector<double> values) {
  Distribution d;
  if (values.empty()) return d;
  d.median = Median(values);
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  const auto rank = static_cast<size_t>(std::ceil(0.99 * static_cast<double>(n)));
  d.p99 = values[std::clamp<size_t>(rank, 1, n) - 1];
  d.max = values.back();
  return d;
}

Status PrepareDemoWarehouse(const std::string& program, const engine::DemoOptions& demo,
                            std::string* path, std::string* temporary, std::ostream& log) {
  if (path->empty()) {
    *temporary =
        (std::filesystem::temp_directory_path() / fmt::format("scry_{}_{}", program, ::getpid()))
            .string();
    *path = *temporary + "/demo.duckdb";
  }
  return EnsureDemoWarehouse(*path, demo, log);
}

ScopedDirectory::~ScopedDirectory() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

int ExitCode(const char* program, const StatusOr<int>& code) {
  if (code.ok()) return *code;
  std::cerr << program << ": " << code.status() << '\n';
  return 1;
}

}  // namespace scry::bench
