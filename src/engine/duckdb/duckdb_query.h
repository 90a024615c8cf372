// Internal to engine/duckdb: one statement, from prepare to its last chunk,
// shared by DuckDbEngine (questions) and DuckDbWriter (its small Query results).
//
// DuckDbQuery prepares exactly one statement, runs it as a streaming result and
// decodes chunk by chunk (duckdb_chunk_reader.h), so a large result never sits
// in memory whole. Types scry has no representation for (LIST, STRUCT, MAP,
// UUID, ...) are cast to VARCHAR inside DuckDB, by wrapping the SELECT, and
// arrive as kOther text.
//
// Not thread-safe, except that another thread may call duckdb_interrupt on the
// connection while a DuckDbQuery runs; the engine does that for Cancel().
#pragma once

#include <duckdb.h>

#include <memory>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "engine/duckdb/duckdb_chunk_reader.h"
#include "engine/result_set.h"

extern "C" {
// Streaming results are only reachable through this function, which the 1.x C
// API marks deprecated (so DUCKDB_API_NO_DEPRECATED hides its declaration)
// while offering no replacement yet; duckdb_pending_prepared materializes the
// whole result first. libduckdb.so exports it. When DuckDB ships the
// replacement, switch to it here and nowhere else.
duckdb_state duckdb_pending_prepared_streaming(duckdb_prepared_statement prepared_statement,
                                               duckdb_pending_result* out_result);
}

namespace scry::engine {

// One statement from prepare to its last chunk. The three steps are separate
// so that the engine can check for a Cancel() between them: duckdb_interrupt
// only reaches a statement once Start() has created its pending result.
// Destroying a query that was started but not read to its end interrupts it
// and waits until DuckDB has stopped working on it.
class DuckDbQuery {
 public:
  // Prepares `sql`, which must be exactly one statement. Fails with
  // InvalidArgument for SQL DuckDB rejects (or several statements), and as
  // DuckDbMessageStatus() says for the rest (duckdb_types.h).
  static StatusOr<std::unique_ptr<DuckDbQuery>> Prepare(duckdb_connection connection,
                                                        std::string_view sql);
  ~DuckDbQuery();
  DuckDbQuery(const DuckDbQuery&) = delete;
  DuckDbQuery& operator=(const DuckDbQuery&) = delete;

  duckdb_statement_type statement_type() const { return statement_type_; }
  const std::vector<ColumnInfo>& columns() const { return columns_; }

  // Creates the pending streaming result.
  Status Start();
  // Runs the statement until its first rows can be fetched.
  Status Execute();
  // The next batch of rows; false (and an empty chunk) at the end.
  StatusOr<bool> Next(Chunk* chunk);

 private:
  DuckDbQuery() = default;
  // Stops a statement that was started but not read to its end.
  void Abandon();
  Status PrepareReadable(duckdb_connection connection, std::string_view sql);
  // Prepares the wrapper that casts the columns marked in `cast` to VARCHAR.
  Status PrepareTextCast(duckdb_connection connection, std::string_view sql,
                         const std::vector<bool>& cast);

  duckdb_connection connection_ = nullptr;
  duckdb_prepared_statement original_ = nullptr;  // the statement as given
  duckdb_prepared_statement runnable_ = nullptr;  // == original_, or its text-cast wrapper
  duckdb_statement_type statement_type_ = DUCKDB_STATEMENT_TYPE_INVALID;
  std::vector<ColumnInfo> columns_;
  DuckDbChunkDecoder decoder_;
  duckdb_pending_result pending_ = nullptr;
  duckdb_result result_{};
  bool has_result_ = false;
  bool finished_ = false;
};

// A ResultStream over a DuckDbQuery that has been started and executed; for
// callers that need no cancellation (the writer).
class DuckDbQueryStream final : public ResultStream {
 public:
  explicit DuckDbQueryStream(std::unique_ptr<DuckDbQuery> query) : query_(std::move(query)) {}
  const std::vector<ColumnInfo>& columns() const override { return query_->columns(); }
  StatusOr<bool> Next(Chunk* chunk) override { return query_->Next(chunk); }

 private:
  std::unique_ptr<DuckDbQuery> query_;
};

}  // namespace scry::engine
