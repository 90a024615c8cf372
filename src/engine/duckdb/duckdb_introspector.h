// Internal to engine/duckdb: DuckDbEngine::Introspect().
//
// Reads DuckDB's catalog functions (duckdb_tables, duckdb_views,
// duckdb_columns, duckdb_constraints) and computes statistics with plain
// SELECTs, all through a question connection, so introspection obeys the same
// lock-down and time limits as questions.
//
// Tables of the default schema keep their bare name; tables of other user
// schemas are named "schema.table". Internal and temporary objects are left
// out.
//
// Statistics, per table, cost at most two scans:
//   1. count(*) and approx_count_distinct() of every text column;
//   2. for the text columns whose approximate distinct count is below
//      kExactStatsMaxDistinct, one GROUP BY GROUPING SETS giving exact distinct
//      counts and the most frequent values.
// High-cardinality columns (names, e-mails, ids) thus never pay for a large
// GROUP BY: they keep the approximate count and no top values, which is what a
// value dictionary wants anyway.
#pragma once

#include <cstdint>

#include "common/status_or.h"
#include "engine/engine.h"

namespace scry::engine {

inline constexpr int64_t kExactStatsMaxDistinct = 10'000;

StatusOr<DatabaseSchema> IntrospectDuckDb(Connection& connection, const IntrospectOptions& options);

}  // namespace scry::engine
