// The summary: one or two sentences that say what a result shows, built from
// templates and facts computed from its rows — the total, the leader and its
// share, the change between the first and last periods and its direction, the
// highest period, the number of rows — with the time range and simple filters
// of the query in words. Every number is a value of the result as the table
// shows it (with thousands separators) or computed from those values (a
// total, a difference, a share); nothing else is stated. A running total says
// where it ended and started. When the chart asked for ("as a pie chart") is
// not drawn, the chart's note (why) closes the summary.
//
// Thread-safe: pure functions.
#pragma once

#include <string>

#include "answer/result_shape.h"
#include "engine/result_set.h"
#include "semantic/query.h"

namespace scry::answer {

// `query` may be null (an author's SQL); `model` names its filters' columns.
// Empty when the result has no columns.
std::string Summarize(const ResultShape& shape, const semantic::SemanticQuery* query,
                      const engine::ResultSet& result, const semantic::Model& model);

}  // namespace scry::answer
