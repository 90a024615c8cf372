// Ranges of dates in a question: one period with the words that introduce it
// ("in 2024", "during the last 3 months", "for Q3"), open ranges ("since
// March", "after June 2021", "before 2020", "until 2022", "from 2020
// onwards") and closed ranges ("between January and June 2023", "from Jan
// 2024 to Mar 2024", "2019-2021", "Q1 to Q3 2024"). Pure, thread-safe.
//
// Conventions:
// - Closed ranges include both ends: "between 2019 and 2021" is
//   [2019-01-01, 2022-01-01).
// - "since X", "from X onwards", "starting X" begin with X; "after X" begins
//   after X; "before X" and "prior to X" end before X; "until X", "till X",
//   "up to X" and "through X" include X. The open side is kDistantPast or
//   kDistantFuture.
// - A range lends a year from one end to the other ("between January and
//   June 2023"); when neither end has one, the start is the most recent by
//   today and the end follows it ("from December to February").
// - "from X" alone is X ("sales from March").
#pragma once

#include <cstddef>
#include <optional>

#include "common/clock.h"
#include "nlq/time_expressions.h"
#include "nlq/token.h"

namespace scry::nlq {

// The longest range that starts at token `i`; grain and comparison unset.
std::optional<TimeExpression> MatchRange(const Tokens& tokens, size_t i, const CivilDate& today);

}  // namespace scry::nlq
