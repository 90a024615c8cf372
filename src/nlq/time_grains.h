// Grains in a question: "daily", "monthly", "by week", "per quarter", "each
// month", "for each year", "month by month", "on a weekly basis". "over
// time" is reported with grain kNone, so the caller can pick a default grain
// and knows the words were understood. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <optional>

#include "nlq/time_expressions.h"
#include "nlq/token.h"

namespace scry::nlq {

// The grain expression that starts at token `i`, if any; no range set.
std::optional<TimeExpression> MatchGrain(const Tokens& tokens, size_t i);

}  // namespace scry::nlq
