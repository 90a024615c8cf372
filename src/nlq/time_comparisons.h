// Period comparisons in a question: "year over year", "yoy", "month over
// month" (grain month), "compared with last year", "vs the previous period",
// "vs Q3 2024" (after "Q3 2025"), "revenue growth", "change from last
// month", "higher than last year". Pure, thread-safe.
//
// kPreviousYear: the same period a year earlier ("compared with last year",
// "the same period last year", "year over year"). kPreviousPeriod: the
// period just before, of the same length ("vs last month", "the previous
// period", "month over month", and "growth"/"change" with nothing more).
// "year over year" sets no grain; "month/quarter/week/day over …" set theirs.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "nlq/time_expressions.h"
#include "nlq/token.h"

namespace scry::nlq {

// The comparison that starts at token `i`, if any. `found` holds the
// expressions before it: "vs Q3 2024" is a comparison only when it names the
// period a year or one period before the last range found.
std::optional<TimeExpression> MatchComparison(const Tokens& tokens, size_t i,
                                              const CivilDate& today,
                                              const std::vector<TimeExpression>& found);

}  // namespace scry::nlq
