// JSON encoding of results, streamed with RapidJSON's Writer so that large
// results cost no intermediate document.
//
// The shape, shared by the CLI's --format json and the API:
//   {"columns": [{"name": "region", "type": "text"}, ...],
//    "rows": [["Europe", 1234.5], ...],
//    "row_count": 2, "total_rows": 2, "truncated": false}
// Integers and decimals are JSON numbers written exactly (decimals keep their
// scale: 1234.50); integers beyond ±2^53 and non-finite doubles are strings;
// dates, times, timestamps and intervals are strings as FormatValue() writes
// them; null is null.
#pragma once

#include <string>

#include "engine/result_set.h"

namespace scry::engine {

std::string ResultSetToJson(const ResultSet& result);

// Appends rows of `chunk` as JSON arrays ("[...],[...]") to `out`; for callers
// that stream a result in pieces. `first` says whether a comma is needed before
// the first row, and is updated.
void AppendRowsJson(const Chunk& chunk, const std::vector<ColumnInfo>& columns, bool* first,
                    std::string* out);

}  // namespace scry::engine
