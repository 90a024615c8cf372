// Chart choice: the chart a careful analyst would draw for a result, as a
// Vega-Lite (v5, also read by v6) spec.
//
// The spec holds no rows. Its data is the named dataset "result"
// (kChartDataName), which the reader fills from the answer's own rows, one
// object per row keyed by column name ({"region": "North", "revenue": 12.5}),
// so the data is never stored twice and nothing is fetched. Folding a long
// tail into "Other" and ranking are transforms inside the spec, computed from
// those rows.
//
// Chart only when every row of the result is at hand (not truncated, at most
// ChartOptions::max_rows); otherwise the table stands alone.
//
// Thread-safe: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "answer/result_shape.h"
#include "engine/result_set.h"

namespace scry::answer {

inline constexpr const char* kChartDataName = "result";

struct ChartOptions {
  // Rows a reader holds for the chart (the answer's stored rows).
  size_t max_rows = 1000;
  // Bars shown before the rest are folded into "Other".
  size_t max_categories = 20;
};

struct Chart {
  // "kpi", "line", "area", "bar", "grouped_bar", "stacked_bar", "heatmap",
  // "scatter", "pie"; empty when the table says it best (spec is then null).
  std::string kind;
  nlohmann::json spec;
  // Why the chart is not the one asked for, when it is not: "Shown as bars: a
  // pie needs 5 parts or fewer." Empty otherwise.
  std::string note;
};

// The chart for `shape`. A running total over time is an area. The asker's
// preference (shape.preference) is followed when the result suits it: a pie
// only for one category and one measure that adds up, 2 to 5 parts, none
// negative or missing; bars or a line over time; a table is no chart. When it
// is not followed, the usual chart comes with a `note` saying why.
Chart ChooseChart(const ResultShape& shape, const engine::ResultSet& result,
                  const ChartOptions& options = {});

// The rows of `result` as the "result" dataset holds them: one object per row
// keyed by column name, values as the API's rows carry them. What a reader
// builds from the answer's `columns` and `rows`; here for tests and tools.
nlohmann::json ChartValues(const engine::ResultSet& result);

}  // namespace scry::answer
