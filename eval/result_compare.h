// Execution-accuracy comparison of two query results, per the scoring rules
// of the public suites: the results are equal when they hold the same rows
// as multisets (as lists, in order, when the gold query orders its result);
// column names do not matter, column order does; numbers compare with a
// relative tolerance whatever their type (1 == 1.0 == DECIMAL 1.00); text
// compares exactly; NULL equals NULL.
//
// Plain functions; thread-safe.
#pragma once

#include <string>

#include "engine/result_set.h"

namespace scry::eval {

struct CompareOptions {
  bool ordered = false;
  double relative_tolerance = 1e-6;
};

struct Comparison {
  bool equal = false;
  // When not equal, a short account for people: "gold 3 rows, predicted 5",
  // "row 2: gold (Paris, 4) vs predicted (Paris, 5)", "gold row (x) is missing".
  std::string difference;
};

Comparison CompareResults(const engine::ResultSet& gold, const engine::ResultSet& predicted,
                          const CompareOptions& options);

// One row as "(a, 1, NULL)", shortened past `max_chars`.
std::string FormatRow(const engine::ResultSet& result, size_t row, size_t max_chars = 160);

}  // namespace scry::eval
