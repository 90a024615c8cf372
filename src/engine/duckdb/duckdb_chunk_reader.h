// Internal to engine/duckdb: decoding DuckDB result chunks into scry Chunks.
//
// Each duckdb_data_chunk is read through the vector API (data pointers,
// validity masks, inlined or pointed-to strings) into Columns with the storage
// of engine/column.h. Columns DuckDbQuery casts to VARCHAR arrive here as
// VARCHAR and land in kOther columns.
//
// A decoder is immutable once created: safe to use from one thread at a time
// per output Chunk.
#pragma once

#include <duckdb.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "engine/duckdb/duckdb_types.h"
#include "engine/result_set.h"

namespace scry::engine {

// Decodes duckdb_data_chunks of one result into Chunks.
class DuckDbChunkDecoder {
 public:
  DuckDbChunkDecoder();
  DuckDbChunkDecoder(DuckDbChunkDecoder&&) noexcept;
  DuckDbChunkDecoder& operator=(DuckDbChunkDecoder&&) noexcept;
  ~DuckDbChunkDecoder();

  // `columns` are what the caller sees; `prepared` is the statement that runs
  // (its kOther columns already cast to VARCHAR). Fails with InvalidArgument
  // when a column of `prepared` cannot be decoded into its ColumnInfo's type.
  static StatusOr<DuckDbChunkDecoder> Create(duckdb_prepared_statement prepared,
                                             const std::vector<ColumnInfo>& columns);

  // Replaces the contents of *out with the rows of `chunk`. Fails with
  // OutOfRange for a UHUGEINT beyond the range of HUGEINT.
  Status Decode(duckdb_data_chunk chunk, Chunk* out) const;

  struct ColumnDecoder;  // Defined in the .cc.

 private:
  std::vector<ColumnInfo> columns_;
  std::vector<std::unique_ptr<ColumnDecoder>> decoders_;
};

}  // namespace scry::engine
