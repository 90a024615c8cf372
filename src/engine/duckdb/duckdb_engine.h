// DuckDbEngine: the default engine, DuckDB 1.4 through its C API.
//
// Questions run on a locked-down database instance: the warehouse file is
// opened READ_ONLY, external access (files, network, ATTACH) is off except for
// the spill directory, extensions cannot be installed or autoloaded, and the
// configuration is locked so a statement cannot undo any of it. Writing
// (import, demo data) goes through DuckDbWriter, a separate instance.
//
// Results are read with duckdb_fetch_chunk and the vector API, one chunk at a
// time. Thread-safety: as for Engine (engine/engine.h). Connections must not
// outlive their engine.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/engine.h"

namespace scry::engine {

struct DuckDbOptions {
  // The database file. Empty opens a private in-memory database (tests, scratch).
  std::string path;
  // Memory DuckDB may use before spilling, e.g. "4GB"; empty keeps DuckDB's default.
  std::string memory_limit;
  // Worker threads; 0 uses one per core.
  int threads = 0;
  // Where big sorts and joins spill. Empty: "<path>.tmp" beside the file, or a
  // fresh directory under the system temp directory for in-memory databases.
  std::string temp_directory;
  // Statements run before the lock-down, on the same instance (an in-memory
  // database's tables, for tests). Never user input.
  std::vector<std::string> setup_sql;
  // Directories whose files statements may read after the lock-down, besides
  // the spill directory (the folder of conversations' attachments). Each must
  // exist. What reads them is still up to the guard: user SQL cannot name a
  // file; only sources the server writes into the SQL can.
  std::vector<std::string> readable_directories;
};

class DuckDbEngine final : public Engine {
 public:
  // Opens the database locked down as described above. Fails with NotFound when
  // the file (or a readable directory) does not exist, Unavailable when another process (or a
  // DuckDbWriter of this one) holds it for writing, InvalidArgument for a bad
  // option.
  static StatusOr<std::unique_ptr<DuckDbEngine>> Open(const DuckDbOptions& options);
  ~DuckDbEngine() override;

  std::string_view name() const override { return "duckdb"; }
  StatusOr<std::unique_ptr<Connection>> Connect() override;
  StatusOr<DatabaseSchema> Introspect(const IntrospectOptions& options) override;

  struct State;  // Defined in the .cc: the instance handle and the watchdog.

 private:
  explicit DuckDbEngine(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace scry::engine
