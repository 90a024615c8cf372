// Query results: a stream of columnar chunks, and the capped ResultSet
// collected from it.
//
// An engine hands back a ResultStream; callers pull Chunks from it one at a
// time, so a large result never sits in memory whole. Collect() keeps the first
// `max_rows` rows in a ResultSet and goes on counting, so the caller knows the
// true total when it is cheap to learn. ResultStream is used by one thread at a
// time; ResultSet and Chunk are plain values.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "engine/column.h"

namespace scry::engine {

struct ColumnInfo {
  std::string name;
  ColumnType type;
};

// A batch of rows: one Column per result column, all of the same size.
struct Chunk {
  std::vector<Column> columns;
  size_t row_count() const { return columns.empty() ? 0 : columns.front().size(); }
};

class ResultStream {
 public:
  virtual ~ResultStream() = default;

  virtual const std::vector<ColumnInfo>& columns() const = 0;

  // Replaces the contents of *chunk with the next batch of rows. Returns false
  // (and an empty chunk) once the result is exhausted. Fails with Cancelled when
  // the connection's Cancel() was called, DeadlineExceeded when the query's time
  // limit passed, and InvalidArgument/Internal for errors the engine raises
  // while producing rows; the stream is finished after any failure.
  virtual StatusOr<bool> Next(Chunk* chunk) = 0;
};

class ResultSet {
 public:
  ResultSet() = default;
  explicit ResultSet(std::vector<ColumnInfo> columns);

  const std::vector<ColumnInfo>& columns() const { return columns_; }
  size_t column_count() const { return columns_.size(); }
  size_t row_count() const { return data_.empty() ? 0 : data_.front().size(); }
  const Column& column(size_t index) const { return data_[index]; }
  Column& mutable_column(size_t index) { return data_[index]; }
  // Index of the first column called `name`, or -1.
  int FindColumn(std::string_view name) const;

  // Rows the query produced in all, or -1 when counting stopped before the end.
  int64_t total_rows() const { return total_rows_; }
  // True when the query produced more rows than this set holds.
  bool truncated() const { return truncated_; }

  void set_total_rows(int64_t total) { total_rows_ = total; }
  void set_truncated(bool truncated) { truncated_ = truncated; }

  // Appends rows [begin, begin + count) of `chunk`; its columns must match.
  void AppendRows(const Chunk& chunk, size_t begin, size_t count);

 private:
  std::vector<ColumnInfo> columns_;
  std::vector<Column> data_;
  int64_t total_rows_ = 0;
  bool truncated_ = false;
};

struct CollectOptions {
  // Rows kept in the ResultSet; the rest are counted, not kept.
  int64_t max_rows = 10'000;
  // Stop counting after this many rows in all (total_rows() is then -1), so a
  // runaway result cannot keep the engine busy just to be counted. 0 stops
  // reading as soon as max_rows are kept.
  int64_t count_limit = 10'000'000;
};

// Reads `stream` to its end (or to the count limit) into a ResultSet.
StatusOr<ResultSet> Collect(ResultStream& stream, const CollectOptions& options);

}  // namespace scry::engine
