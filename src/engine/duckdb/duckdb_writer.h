// DuckDbWriter: a read-write DuckDB instance for the jobs that change the
// warehouse (import, demo data). It may read files, because import must; it is
// never handed SQL that came from a user. Only one process can hold a
// warehouse file for writing at a time.
//
// Not thread-safe: one writer, one thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status_or.h"
#include "engine/result_set.h"

namespace scry::engine {

struct DuckDbWriterOptions {
  std::string memory_limit;    // empty keeps DuckDB's default
  int threads = 0;             // 0 uses one per core
  std::string temp_directory;  // empty: "<path>.tmp" beside the file
};

class DuckDbWriter {
 public:
  // Opens (creating when missing) the database file at `path` for writing; an
  // empty path opens a private in-memory database. Fails with Unavailable when
  // another process holds the file (or this one has it open, as a DuckDbEngine
  // or another writer), InvalidArgument when it is not a DuckDB file.
  static StatusOr<std::unique_ptr<DuckDbWriter>> Open(const std::string& path,
                                                      const DuckDbWriterOptions& options = {});
  ~DuckDbWriter();
  DuckDbWriter(const DuckDbWriter&) = delete;
  DuckDbWriter& operator=(const DuckDbWriter&) = delete;

  // Runs one or more statements and discards their results. Fails with
  // InvalidArgument carrying DuckDB's message.
  Status Execute(std::string_view sql);

  // Runs one statement and collects its whole result (for small results:
  // checks, counts, schema queries).
  StatusOr<ResultSet> Query(std::string_view sql);

  // Runs `body` inside a transaction: committed when it returns OK, rolled back
  // (leaving the database exactly as before) when it fails.
  template <typename Fn>
  Status InTransaction(Fn&& body) {
    RETURN_IF_ERROR(Execute("BEGIN TRANSACTION"));
    Status status = body();
    if (!status.ok()) {
      (void)Execute("ROLLBACK");
      return status;
    }
    return Execute("COMMIT");
  }

  // Writes everything to the file and shrinks the WAL.
  Status Checkpoint() { return Execute("CHECKPOINT"); }

  const std::string& path() const { return path_; }

  struct Handles;  // Defined in the .cc.

 private:
  DuckDbWriter(std::string path, std::unique_ptr<Handles> handles);
  std::string path_;
  std::unique_ptr<Handles> handles_;
};

}  // namespace scry::engine
