#include "engine/result_set.h"

#include <algorithm>

namespace scry::engine {

ResultSet::ResultSet(std::vector<ColumnInfo> columns) : columns_(std::move(columns)) {
  data_.reserve(columns_.size());
  for (const ColumnInfo& info : columns_) data_.emplace_back(info.type);
}

int ResultSet::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void ResultSet::AppendRows(const Chunk& chunk, size_t begin, size_t count) {
  for (size_t i = 0; i < data_.size(); ++i) data_[i].AppendRange(chunk.columns[i], begin, count);
}

StatusOr<ResultSet> Collect(ResultStream& stream, const CollectOptions& options) {
  ResultSet result(stream.columns());
  const int64_t max_rows = std::max<int64_t>(options.max_rows, 0);
  const int64_t count_limit = std::max(options.count_limit, max_rows);
  int64_t seen = 0;
  Chunk chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, stream.Next(&chunk));
    if (!more) break;
    const int64_t rows = static_cast<int64_t>(chunk.row_count());
    if (seen < max_rows) {
      const int64_t keep = std::min(rows, max_rows - seen);
      result.AppendRows(chunk, 0, static_cast<size_t>(keep));
    }
    seen += rows;
    if (seen > max_rows) result.set_truncated(true);
    if (seen >= count_limit && seen > max_rows) {
      // The engine may have more; say the total is unknown rather than guess.
      result.set_total_rows(-1);
      return result;
    }
  }
  result.set_total_rows(seen);
  return result;
}

}  // namespace scry::engine
