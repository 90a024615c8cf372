// The time-expression pass: at each token, the longest of a comparison
// ("compared with last year"), a grain ("by month") and a range ("since
// March"), then on past it. Each kind has its own file; the conventions for
// relative dates are in time_periods.h and for ranges in time_ranges.h.
#include "nlq/time_expressions.h"

#include <utility>

#include "nlq/time_comparisons.h"
#include "nlq/time_grains.h"
#include "nlq/time_ranges.h"

namespace scry::nlq {
namespace {

void KeepLonger(std::optional<TimeExpression> candidate, std::optional<TimeExpression>* best) {
  if (candidate && (!*best || candidate->end > (*best)->end)) *best = std::move(candidate);
}

// The longest expression at `i`; on a tie the comparison wins, then the grain
// ("over the last year" is a range, "year over year" a comparison).
std::optional<TimeExpression> LongestAt(const Tokens& tokens, size_t i, const CivilDate& today,
                                        const std::vector<TimeExpression>& found) {
  std::optional<TimeExpression> best = MatchComparison(tokens, i, today, found);
  KeepLonger(MatchGrain(tokens, i), &best);
  KeepLonger(MatchRange(tokens, i, today), &best);
  return best;
}

}  // namespace

std::vector<TimeExpression> FindTimeExpressions(const Tokens& tokens, const CivilDate& today) {
  std::vector<TimeExpression> found;
  size_t i = 0;
  while (i < tokens.size()) {
    std::optional<TimeExpression> expression = LongestAt(tokens, i, today, found);
    if (!expression) {
      ++i;
      continue;
    }
    i = expression->end;
    found.push_back(std::move(*expression));
  }
  return found;
}

}  // namespace scry::nlq
