#include "nlq/time_comparisons.h"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

#include "nlq/time_calendar.h"
#include "nlq/time_periods.h"
#include "nlq/time_vocabulary.h"

namespace scry::nlq {
namespace {

using Kind = semantic::PeriodComparison::Kind;

struct Target {
  size_t end = 0;
  Kind kind = Kind::kPreviousPeriod;
};

TimeExpression ComparisonExpression(size_t begin, size_t end, Kind kind, std::string phrase) {
  TimeExpression expression;
  expression.begin = begin;
  expression.end = end;
  expression.comparison = semantic::PeriodComparison{kind};
  expression.phrase = std::move(phrase);
  return expression;
}

std::string_view KindWords(Kind kind) {
  return kind == Kind::kPreviousYear ? "the previous year" : "the previous period";
}

// "last year", "the prior year", "the year before", "a year ago".
std::optional<size_t> MatchYearBack(const Tokens& tokens, size_t i) {
  for (const auto& words : {std::initializer_list<std::string_view>{"last", "year"},
                            {"previous", "year"},
                            {"prior", "year"},
                            {"preceding", "year"},
                            {"year", "before"},
                            {"year", "prior"},
                            {"a", "year", "ago"},
                            {"one", "year", "ago"},
                            {"a", "year", "earlier"},
                            {"year", "ago"}}) {
    if (auto end = MatchWords(tokens, i, words)) return end;
  }
  return std::nullopt;
}

// "the previous period", "last month", "the quarter before", "yesterday".
std::optional<size_t> MatchPeriodBack(const Tokens& tokens, size_t i) {
  if (WordIs(tokens, i, "yesterday")) return i + 1;
  auto shorter_than_year = [&](size_t k) {
    const std::optional<TimeUnit> unit = UnitOfWord(WordAt(tokens, k));
    return WordIs(tokens, k, "period") ||
           (unit && *unit != TimeUnit::kYear && !IsPluralUnitWord(WordAt(tokens, k)));
  };
  if (WordIn(tokens, i, {"previous", "prior", "preceding", "last"}) && shorter_than_year(i + 1)) {
    return i + 2;
  }
  if (shorter_than_year(i) && WordIn(tokens, i + 1, {"before", "earlier"})) return i + 2;
  if (WordIs(tokens, i, "a") && shorter_than_year(i + 1) && WordIs(tokens, i + 2, "ago")) {
    return i + 3;
  }
  return std::nullopt;
}

// What a comparison compares with, in words.
std::optional<Target> MatchTarget(const Tokens& tokens, size_t i) {
  const size_t at = WordIs(tokens, i, "the") ? i + 1 : i;
  std::optional<Target> target;
  if (WordIs(tokens, at, "same")) {
    size_t k = at + 1;
    if (WordIs(tokens, k, "period") || WordIs(tokens, k, "time") || UnitOfWord(WordAt(tokens, k))) {
      ++k;
    }
    if (WordIn(tokens, k, {"in", "of"})) ++k;
    if (WordIs(tokens, k, "the")) ++k;
    if (auto end = MatchYearBack(tokens, k)) target = Target{*end, Kind::kPreviousYear};
  } else if (auto end = MatchYearBack(tokens, at)) {
    target = Target{*end, Kind::kPreviousYear};
  } else if (auto end = MatchPeriodBack(tokens, at)) {
    target = Target{*end, Kind::kPreviousPeriod};
  }
  if (target && PunctIs(tokens, target->end, "'s")) ++target->end;
  return target;
}

// "compared with", "vs", "versus", "against", "relative to", "in comparison to".
std::optional<size_t> MatchCompareWord(const Tokens& tokens, size_t i) {
  if (WordIs(tokens, i, "vs")) return PunctIs(tokens, i + 1, ".") ? i + 2 : i + 1;
  if (WordIn(tokens, i, {"versus", "against"})) return i + 1;
  const size_t at = WordIs(tokens, i, "in") ? i + 1 : i;
  if (WordIn(tokens, at, {"compared", "comparing", "comparison", "relative"}) &&
      WordIn(tokens, at + 1, {"with", "to"})) {
    return at + 2;
  }
  return std::nullopt;
}

// Two lengths of time are the same: whole months when both are month-aligned,
// days otherwise.
bool SameLength(const CivilDate& a_start, const CivilDate& a_end, const CivilDate& b_start,
                const CivilDate& b_end) {
  auto months = [](const CivilDate& from, const CivilDate& to) {
    return (to.year - from.year) * 12 + (to.month - from.month);
  };
  if (a_start.day == 1 && a_end.day == 1 && b_start.day == 1 && b_end.day == 1) {
    return months(a_start, a_end) == months(b_start, b_end);
  }
  return DaysFromCivil(a_end) - DaysFromCivil(a_start) ==
         DaysFromCivil(b_end) - DaysFromCivil(b_start);
}

// How `other` relates to the range of `previous`: a year before it, or the
// period just before it of the same length.
std::optional<Kind> RelationTo(const TimeExpression& previous, const Period& other) {
  if (!previous.range_start || *previous.range_start == kDistantPast ||
      *previous.range_end == kDistantFuture) {
    return std::nullopt;
  }
  const CivilDate start = *previous.range_start;
  const CivilDate end = *previous.range_end;
  if (other.start == AddMonths(start, -12) && other.end == AddMonths(end, -12)) {
    return Kind::kPreviousYear;
  }
  if (other.end == start && SameLength(other.start, other.end, start, end)) {
    return Kind::kPreviousPeriod;
  }
  return std::nullopt;
}

// "compared with last year", "vs the previous period", "vs Q3 2024".
std::optional<TimeExpression> MatchCompareWith(const Tokens& tokens, size_t i,
                                               const CivilDate& today,
                                               const std::vector<TimeExpression>& found) {
  const std::optional<size_t> after = MatchCompareWord(tokens, i);
  if (!after) return std::nullopt;
  if (auto target = MatchTarget(tokens, *after)) {
    return ComparisonExpression(i, target->end, target->kind,
                                fmt::format("compared with {}", KindWords(target->kind)));
  }
  const auto match = MatchPeriod(tokens, *after, today, {.framed = true});
  if (!match || found.empty()) return std::nullopt;
  const std::optional<Period> period = ResolvePeriod(match->spec, today);
  const std::optional<Kind> kind = period ? RelationTo(found.back(), *period) : std::nullopt;
  if (!kind) return std::nullopt;
  return ComparisonExpression(i, match->end, *kind, "compared with " + period->phrase);
}

// "mom" and "wow" are words too ("my mom", "wow, sales"): only before a word
// of change or at the end of a clause, and not after a possessive.
bool AbbreviationIsComparison(const Tokens& tokens, size_t i) {
  if (!WordIn(tokens, i, {"mom", "wow"})) return true;
  if (i > 0 && (WordIn(tokens, i - 1, {"my", "your", "his", "her", "their", "our", "a", "the"}) ||
                PunctIs(tokens, i - 1, "'s"))) {
    return false;
  }
  const bool clause_end = i + 1 >= tokens.size() || tokens[i + 1].kind == Token::Kind::kPunct;
  return (clause_end && i > 0) || WordIn(tokens, i + 1, {"growth", "change", "comparison"});
}

// "year over year", "yoy", "y/y", "month-on-month", "qoq".
std::optional<std::pair<size_t, TimeUnit>> MatchUnitOverUnit(const Tokens& tokens, size_t i) {
  const std::string_view word = WordAt(tokens, i);
  for (const auto& [abbreviation, unit] :
       {std::pair{"yoy", TimeUnit::kYear}, std::pair{"qoq", TimeUnit::kQuarter},
        std::pair{"mom", TimeUnit::kMonth}, std::pair{"wow", TimeUnit::kWeek},
        std::pair{"dod", TimeUnit::kDay}}) {
    if (word == abbreviation) return std::pair{i + 1, unit};
    // "y/y", "m/m": the first letter twice around a slash.
    if (word.size() == 1 && word[0] == abbreviation[0] && PunctIs(tokens, i + 1, "/") &&
        WordIs(tokens, i + 2, word)) {
      return std::pair{i + 3, unit};
    }
  }
  const std::optional<TimeUnit> unit = UnitOfWord(word);
  if (!unit || IsPluralUnitWord(word)) return std::nullopt;
  for (std::string_view link : {"over", "on"}) {
    if (auto end = MatchWords(tokens, i, {word, link, word})) return std::pair{*end, *unit};
  }
  return std::nullopt;
}

std::optional<TimeExpression> MatchOverPeriod(const Tokens& tokens, size_t i) {
  const auto match = MatchUnitOverUnit(tokens, i);
  if (!match || !AbbreviationIsComparison(tokens, i)) return std::nullopt;
  const auto [end, unit] = *match;
  const bool year = unit == TimeUnit::kYear;
  TimeExpression expression =
      ComparisonExpression(i, end, year ? Kind::kPreviousYear : Kind::kPreviousPeriod,
                           fmt::format("{0} over {0}", UnitName(unit)));
  if (!year) expression.grain = GrainOf(unit);
  // "yoy growth": the noun says the same thing again.
  if (WordIn(tokens, end, {"growth", "change", "comparison"})) {
    expression.end = WordIs(tokens, end + 1, "rate") ? end + 2 : end + 1;
  }
  return expression;
}

// "change" is a verb too: "change the chart", "can you change it to monthly".
bool ChangeIsNoun(const Tokens& tokens, size_t i) {
  if (!WordIn(tokens, i, {"change", "changes"})) return true;
  // At the start of a sentence it is a command ("change grouping to region")
  // unless what follows makes it a noun ("change in revenue").
  if (StartsSentence(tokens, i) || PunctIs(tokens, i - 1, ",")) {
    return i + 1 >= tokens.size() ||
           WordIn(tokens, i + 1, {"in", "of", "from", "over", "since", "vs", "versus", "compared"});
  }
  if (WordIn(tokens, i - 1,
             {"please", "can", "could", "would", "will", "to", "let", "us", "now", "then", "and",
              "also", "you", "i", "we", "just", "not", "should"})) {
    return false;
  }
  return !WordIn(tokens, i + 1,
                 {"the", "a", "an", "it", "this", "that", "these", "those", "to", "into", "my",
                  "our", "your", "them", "its", "their", "back"});
}

// "growth", "revenue change", "percent change from last month", "growth vs last year".
std::optional<TimeExpression> MatchGrowth(const Tokens& tokens, size_t i) {
  const bool percent =
      WordIn(tokens, i, {"percent", "percentage", "pct"}) || PunctIs(tokens, i, "%");
  const size_t noun = percent ? i + 1 : i;
  if (!WordIn(tokens, noun, {"growth", "change", "changes"}) || !ChangeIsNoun(tokens, noun)) {
    return std::nullopt;
  }
  size_t end = WordIs(tokens, noun + 1, "rate") ? noun + 2 : noun + 1;
  Kind kind = Kind::kPreviousPeriod;
  std::optional<size_t> after = MatchCompareWord(tokens, end);
  if (!after && WordIn(tokens, end, {"over", "from", "since"})) after = end + 1;
  if (after) {
    if (auto target = MatchTarget(tokens, *after)) {
      kind = target->kind;
      end = target->end;
    }
  }
  return ComparisonExpression(i, end, kind, fmt::format("change from {}", KindWords(kind)));
}

// A comparative word shortly before `i`: "higher than", "more orders than".
bool ComparativeBefore(const Tokens& tokens, size_t i) {
  for (size_t k = i; k > 0 && k + 3 > i; --k) {
    if (WordIn(tokens, k - 1,
               {"more", "less", "fewer", "higher", "lower", "greater", "bigger", "smaller",
                "larger", "better", "worse"})) {
      return true;
    }
  }
  return false;
}

// "higher than last year", "more orders than the previous month".
std::optional<TimeExpression> MatchThan(const Tokens& tokens, size_t i) {
  if (!WordIs(tokens, i, "than") || !ComparativeBefore(tokens, i)) return std::nullopt;
  const std::optional<Target> target = MatchTarget(tokens, i + 1);
  if (!target) return std::nullopt;
  return ComparisonExpression(i, target->end, target->kind,
                              fmt::format("compared with {}", KindWords(target->kind)));
}

}  // namespace

std::optional<TimeExpression> MatchComparison(const Tokens& tokens, size_t i,
                                              const CivilDate& today,
                                              const std::vector<TimeExpression>& found) {
  if (auto over = MatchOverPeriod(tokens, i)) return over;
  if (auto with = MatchCompareWith(tokens, i, today, found)) return with;
  if (auto growth = MatchGrowth(tokens, i)) return growth;
  return MatchThan(tokens, i);
}

}  // namespace scry::nlq
