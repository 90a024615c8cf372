// Time in questions: ranges ("in 2024", "last month", "the last 3 quarters",
// "year to date", "since March", "between January and June 2023",
// "yesterday", "Q3 2025"), grains ("monthly", "by week", "per quarter") and
// period comparisons ("compared with last year", "growth", "month over
// month"), all relative to a given today. A pass of the parser: it reports
// what it found and where; the intent pass decides what each expression
// applies to. Thread-safe (pure functions).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "nlq/token.h"
#include "semantic/query.h"

namespace scry::nlq {

struct TimeExpression {
  // Tokens [begin, end) that make up the expression, including words such as
  // "in", "during", "for", "over" that only introduce it.
  size_t begin = 0;
  size_t end = 0;

  // A range of dates [start, end); both set, or neither when the expression is
  // only a grain or a comparison. Open-ended ranges ("since March", "before
  // 2020") use a far bound (0001-01-01 or 9999-12-31) on the open side.
  std::optional<CivilDate> range_start;
  std::optional<CivilDate> range_end;
  // The range was a bare year ("in 2014", "2014"): the intent pass may read it
  // as a filter on an integer year column instead of a date range.
  std::optional<int> bare_year;

  semantic::TimeGrain grain = semantic::TimeGrain::kNone;
  std::optional<semantic::PeriodComparison> comparison;

  // How to say it back: "last quarter", "Q3 2025", "since 1 March 2025", "monthly".
  std::string phrase;
};

// Finds every time expression, left to right, non-overlapping, longest first.
std::vector<TimeExpression> FindTimeExpressions(const Tokens& tokens, const CivilDate& today);

}  // namespace scry::nlq
