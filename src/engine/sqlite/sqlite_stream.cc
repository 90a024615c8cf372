#include "engine/sqlite/sqlite_stream.h"

#include <fmt/format.h>

#include <climits>

#include "engine/sqlite/sqlite_connection.h"
#include "engine/sqlite/sqlite_types.h"

namespace scry::engine {
namespace {

// A short rendering of a value for error messages.
std::string Preview(const SqliteValue& value) {
  constexpr size_t kMaxPreview = 40;
  switch (value.storage) {
    case SqliteStorage::kInteger:
      return std::to_string(value.integer);
    case SqliteStorage::kReal:
      return FormatDouble(value.real);
    case SqliteStorage::kText: {
      std::string text(value.bytes.substr(0, kMaxPreview));
      if (value.bytes.size() > kMaxPreview) text += "...";
      return "'" + text + "'";
    }
    case SqliteStorage::kBlob:
      return fmt::format("of {} bytes", value.bytes.size());
    case SqliteStorage::kNull:
      return "null";
  }
  return "";
}

}  // namespace

SqliteStream::SqliteStream(SqliteConnection* connection, uint64_t generation,
                           Watchdog::Scoped deadline)
    : connection_(connection), generation_(generation), deadline_(std::move(deadline)) {}

SqliteStream::~SqliteStream() { Finish(); }

Status SqliteStream::Prepare(std::string_view sql) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) return Fail(InvalidArgumentError("SQL too long"));
  connection_->authorizer().BeginStatement();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v2(connection_->db(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) return Fail(connection_->StatementError(rc));
  if (stmt_ == nullptr) return Fail(InvalidArgumentError("the SQL text holds no statement"));
  RETURN_IF_ERROR(Fail(connection_->CheckUnresolvedReads()));
  const size_t consumed = static_cast<size_t>(tail - sql.data());
  if (!IsSqliteEmptyTail(sql.substr(consumed))) {
    return Fail(PermissionDeniedError("only one statement may run at a time"));
  }
  // Belt and braces under the authorizer: VACUUM and friends are neither
  // read-only nor queries.
  if (!sqlite3_stmt_readonly(stmt_.get())) {
    return Fail(PermissionDeniedError("the statement would write: the connection is read-only"));
  }
  if (sqlite3_column_count(stmt_.get()) == 0) {
    return Fail(PermissionDeniedError("the statement returns no rows: only queries may run"));
  }
  return Status::Ok();
}

Status SqliteStream::Start() {
  sqlite3_stmt* stmt = stmt_.get();
  const int column_count = sqlite3_column_count(stmt);
  std::vector<std::vector<SqliteOwnedValue>> sample(static_cast<size_t>(column_count));
  while (sample.front().size() < kSqliteChunkRows) {
    ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
    for (int c = 0; c < column_count; ++c) {
      sample[c].push_back(SqliteOwnedValue::Copy(SqliteValue::FromStatement(stmt, c)));
    }
  }
  // Names and declared types stay readable after the statement is reset.
  Chunk chunk;
  for (int c = 0; c < column_count; ++c) {
    const char* name = sqlite3_column_name(stmt, c);
    Column column = DecideSqliteColumn(sqlite3_column_decltype(stmt, c), sample[c]);
    columns_.push_back(
        ColumnInfo{name != nullptr ? name : fmt::format("column{}", c + 1), column.type()});
    chunk.columns.push_back(std::move(column));
  }
  if (chunk.row_count() > 0) first_chunk_ = std::move(chunk);
  return Status::Ok();
}

StatusOr<bool> SqliteStream::Next(Chunk* chunk) {
  if (!error_.ok()) return error_;
  if (first_chunk_.has_value()) {
    *chunk = std::move(*first_chunk_);
    first_chunk_.reset();
    return true;
  }
  ResetChunk(chunk);
  while (!exhausted_ && chunk->row_count() < kSqliteChunkRows) {
    StatusOr<bool> row = Step();
    if (!row.ok() || !*row) break;
    Status appended = AppendRow(chunk);
    if (!appended.ok()) break;
  }
  if (!error_.ok()) {
    ResetChunk(chunk);
    return error_;
  }
  return chunk->row_count() > 0;
}

StatusOr<bool> SqliteStream::Step() {
  if (exhausted_) return false;
  // An interrupt that SQLite forgot (it arrived between two steps) is seen here.
  RETURN_IF_ERROR(Fail(connection_->InterruptStatus()));
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) {
    ++rows_read_;
    return true;
  }
  if (rc == SQLITE_DONE) {
    exhausted_ = true;
    Finish();
    return false;
  }
  return Fail(connection_->StatementError(rc));
}

Status SqliteStream::AppendRow(Chunk* chunk) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    const SqliteValue value = SqliteValue::FromStatement(stmt_.get(), static_cast<int>(c));
    if (AppendSqliteValue(value, &chunk->columns[c])) continue;
    // Appending stopped part-way through the row; the chunk is discarded.
    return Fail(InvalidArgumentError(fmt::format(
        "column '{}', row {}: the {} value {} does not fit the column's type {}, decided from "
        "the first {} rows; CAST the column in the SQL (e.g. to TEXT) to read it",
        columns_[c].name, rows_read_, SqliteStorageName(value.storage), Preview(value),
        TypeIdName(columns_[c].type.id), kSqliteChunkRows)));
  }
  return Status::Ok();
}

void SqliteStream::ResetChunk(Chunk* chunk) const {
  bool reusable = chunk->columns.size() == columns_.size();
  for (size_t c = 0; reusable && c < columns_.size(); ++c) {
    reusable = chunk->columns[c].type() == columns_[c].type;
  }
  if (reusable) {
    // Keeps the columns' buffers for the next batch.
    for (Column& column : chunk->columns) column.Clear();
    return;
  }
  chunk->columns.clear();
  for (const ColumnInfo& info : columns_) {
    chunk->columns.emplace_back(info.type);
    chunk->columns.back().Reserve(kSqliteChunkRows);
  }
}

Status SqliteStream::Fail(Status status) {
  if (status.ok()) return status;
  if (error_.ok()) error_ = status;
  Finish();
  return status;
}

void SqliteStream::Finish() {
  if (finished_) return;
  finished_ = true;
  if (stmt_ != nullptr) sqlite3_reset(stmt_.get());
  // Disarm before going idle, so the watchdog can no longer interrupt the handle.
  deadline_.Reset();
  connection_->FinishStatement(generation_);
}

}  // namespace scry::engine
