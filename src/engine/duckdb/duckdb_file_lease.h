// Internal to engine/duckdb: which warehouse files this process has open, and
// how.
//
// DuckDB's file lock keeps other processes out, but POSIX locks do not
// conflict within one process: without this registry a DuckDbEngine could open
// a file read-only while a DuckDbWriter of the same process is rewriting it,
// and read blocks the writer has since replaced. A lease for writing excludes
// every other lease on the file; leases for reading share it.
//
// Thread-safe.
#pragma once

#include <string>

#include "common/status_or.h"

namespace scry::engine {

class DuckDbFileLease {
 public:
  enum class Mode { kRead, kWrite };

  // Takes a lease on `path` (which need not exist yet). Fails with Unavailable
  // when the file is open in this process in a conflicting mode.
  static StatusOr<DuckDbFileLease> Acquire(const std::string& path, Mode mode);

  DuckDbFileLease() = default;  // holds nothing
  DuckDbFileLease(DuckDbFileLease&& other) noexcept { *this = std::move(other); }
  DuckDbFileLease& operator=(DuckDbFileLease&& other) noexcept;
  ~DuckDbFileLease() { Release(); }

  void Release();

 private:
  DuckDbFileLease(std::string key, Mode mode) : key_(std::move(key)), mode_(mode) {}

  std::string key_;  // canonical path; empty when holding nothing
  Mode mode_ = Mode::kRead;
};

}  // namespace scry::engine
