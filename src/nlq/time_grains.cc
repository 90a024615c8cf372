#include "nlq/time_grains.h"

#include <string>

#include "nlq/time_calendar.h"
#include "nlq/time_vocabulary.h"

namespace scry::nlq {
namespace {

TimeExpression GrainExpression(size_t begin, size_t end, TimeUnit unit) {
  TimeExpression expression;
  expression.begin = begin;
  expression.end = end;
  expression.grain = GrainOf(unit);
  expression.phrase = std::string(GrainAdverb(unit));
  return expression;
}

// "monthly", "on a monthly basis", "per annum".
std::optional<TimeExpression> MatchAdverb(const Tokens& tokens, size_t i) {
  if (MatchWords(tokens, i, {"per", "annum"})) return GrainExpression(i, i + 2, TimeUnit::kYear);
  if (MatchWords(tokens, i, {"on", "a"}) && WordIs(tokens, i + 3, "basis")) {
    if (auto unit = GrainAdverbOfWord(WordAt(tokens, i + 2))) {
      return GrainExpression(i, i + 4, *unit);
    }
  }
  if (auto unit = GrainAdverbOfWord(WordAt(tokens, i))) return GrainExpression(i, i + 1, *unit);
  return std::nullopt;
}

// "sorted by year" orders rows; it does not group them.
bool OrdersBy(const Tokens& tokens, size_t by) {
  return by > 0 && WordIn(tokens, by - 1,
                          {"sort", "sorted", "sorting", "order", "ordered", "ordering", "rank",
                           "ranked", "ranking", "arrange", "arranged"});
}

// "by month", "by months", "per quarter", "each year", "for every week".
std::optional<TimeExpression> MatchByUnit(const Tokens& tokens, size_t i) {
  size_t j = i;
  if (WordIn(tokens, i, {"for", "in"}) && WordIn(tokens, i + 1, {"each", "every"})) ++j;
  if (!WordIn(tokens, j, {"by", "per", "each", "every"})) return std::nullopt;
  const std::string_view word = WordAt(tokens, j + 1);
  const std::optional<TimeUnit> unit = UnitOfWord(word);
  if (!unit || (IsPluralUnitWord(word) && !WordIs(tokens, j, "by"))) return std::nullopt;
  // "by day of week", "by month of year": a cycle, not a truncation.
  if (WordIs(tokens, j + 2, "of") || (WordIs(tokens, j, "by") && OrdersBy(tokens, j))) {
    return std::nullopt;
  }
  return GrainExpression(i, j + 2, *unit);
}

// "month by month", "year-by-year".
std::optional<TimeExpression> MatchUnitByUnit(const Tokens& tokens, size_t i) {
  const std::optional<TimeUnit> unit = UnitOfWord(WordAt(tokens, i));
  if (!unit || IsPluralUnitWord(WordAt(tokens, i))) return std::nullopt;
  const auto end = MatchWords(tokens, SkipHyphen(tokens, i + 1), {"by", WordAt(tokens, i)});
  if (!end) return std::nullopt;
  return GrainExpression(i, *end, *unit);
}

}  // namespace

std::optional<TimeExpression> MatchGrain(const Tokens& tokens, size_t i) {
  if (MatchWords(tokens, i, {"over", "time"})) {
    TimeExpression expression;
    expression.begin = i;
    expression.end = i + 2;
    expression.phrase = "over time";
    return expression;
  }
  if (auto adverb = MatchAdverb(tokens, i)) return adverb;
  if (auto by_unit = MatchByUnit(tokens, i)) return by_unit;
  return MatchUnitByUnit(tokens, i);
}

}  // namespace scry::nlq
