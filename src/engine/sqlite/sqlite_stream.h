// SqliteStream: the ResultStream of one statement on a SqliteConnection.
//
// It reads the first chunk (up to kSqliteChunkRows rows) before the stream is
// handed out, because the columns' types are decided from those values (see
// sqlite_types.h); every later chunk is stepped on demand, so memory stays
// bounded by one chunk. The statement's deadline is armed for the stream's
// life and disarmed when the rows run out, a step fails, or the stream is
// destroyed, whichever comes first.
//
// Thread-safety: as for ResultStream. Must not outlive its connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "engine/result_set.h"
#include "engine/sqlite/sqlite_handle.h"
#include "engine/watchdog.h"

namespace scry::engine {

class SqliteConnection;

inline constexpr size_t kSqliteChunkRows = 2048;

class SqliteStream final : public ResultStream {
 public:
  SqliteStream(SqliteConnection* connection, uint64_t generation, Watchdog::Scoped deadline);
  ~SqliteStream() override;

  // Compiles `sql`. Fails with PermissionDenied when the authorizer refuses
  // something, the text holds more than one statement, or the statement is
  // not a read-only query; InvalidArgument for SQL SQLite rejects.
  Status Prepare(std::string_view sql);

  // Reads the first chunk and decides the column types.
  Status Start();

  const std::vector<ColumnInfo>& columns() const override { return columns_; }
  StatusOr<bool> Next(Chunk* chunk) override;

 private:
  // Steps once: true on a row, false when the rows ran out.
  StatusOr<bool> Step();
  Status AppendRow(Chunk* chunk);
  void ResetChunk(Chunk* chunk) const;
  // Ends the stream with `status` and returns it.
  Status Fail(Status status);
  // Releases the statement, the deadline and the connection; idempotent.
  void Finish();

  SqliteConnection* const connection_;
  const uint64_t generation_;
  Watchdog::Scoped deadline_;
  SqliteStatement stmt_;
  std::vector<ColumnInfo> columns_;
  std::optional<Chunk> first_chunk_;
  int64_t rows_read_ = 0;
  bool exhausted_ = false;
  bool finished_ = false;
  Status error_;
};

}  // namespace scry::engine
