// What several benchmarks share: the demo warehouse generated once and reused,
// raw DuckDB (the C API with nothing of scry around it) as the baseline, and
// the statistics the reports print.
//
// Thread-compatible: RawDuckDb is one connection, for one thread at a time;
// the functions are pure.
#pragma once

#include <duckdb.h>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/duckdb/demo_data.h"

namespace scry::bench {

// Generates the demo warehouse at `path` (its folder is created) unless a file
// is already there; says which on `log`. Fails with the generator's error.
Status EnsureDemoWarehouse(const std::string& path, const engine::DemoOptions& demo,
                           std::ostream& log);

// The baseline engine: a read-only DuckDB database and one connection.
class RawDuckDb {
 public:
  RawDuckDb() = default;
  ~RawDuckDb();
  RawDuckDb(const RawDuckDb&) = delete;
  RawDuckDb& operator=(const RawDuckDb&) = delete;

  // Opens `path` read-only with `threads` threads (0: one per core).
  // Unavailable when DuckDB cannot open it.
  Status Open(const std::string& path, int threads);

  // Runs `sql` and fetches every chunk; returns the row count.
  // InvalidArgument with DuckDB's message when the query fails.
  StatusOr<int64_t> Run(const std::string& sql);

  // The first value of the first row of `sql`, a VARCHAR column ("" for
  // NULL). NotFound when there is no row; InvalidArgument when the query fails
  // or the column is not text.
  StatusOr<std::string> QueryText(const std::string& sql);

 private:
  duckdb_database database_ = nullptr;
  duckdb_connection connection_ = nullptr;
};

// The demo warehouse of the server benchmarks: made by EnsureDemoWarehouse
// (`rows` order lines to 2025-11-24) when missing, then opened in `direct`.
// Returns its last order day, which the server takes as today, so "last
// year" means the same whatever day the benchmark runs (and for a warehouse
// made earlier with another end date).
StatusOr<std::string> OpenDemoWarehouse(const std::string& path, int64_t rows, RawDuckDb* direct,
                                        std::ostream& log);

// The median of `values` (0 when empty).
double Median(std::vector<double> values);

struct Distribution {
  double median = 0;
  double p99 = 0;  // nearest rank
  double max = 0;
};
Distribution Describe(std::vector<double> values);

// A benchmark's exit status: `code` when it ran; 1 when it failed, after
// printing "<program>: <error>" on stderr.
int ExitCode(const char* program, const StatusOr<int>& code);

// Milliseconds between two steady_clock readings.
template <typename TimePoint>
double MillisecondsBetween(TimePoint start, TimePoint end) {
  return std::chrono::duration<double, std::milli>(end - start).count();
}

}  // namespace scry::bench
