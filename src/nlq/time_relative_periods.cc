// Relative periods: "today", "this month", "last quarter", "the last 3
// months", "next year", "two months ago", "year to date", "last March".
// The conventions are documented in time_periods.h.
#include <fmt/format.h>

#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "nlq/time_calendar.h"
#include "nlq/time_periods.h"
#include "nlq/time_vocabulary.h"

namespace scry::nlq {
namespace {

PeriodMatch Resolved(size_t begin, size_t end, const CivilDate& start, const CivilDate& stop,
                     std::string phrase) {
  PeriodMatch match;
  match.begin = begin;
  match.end = end;
  match.spec.kind = PeriodSpec::Kind::kResolved;
  match.spec.resolved = Period{start, stop, std::move(phrase), std::nullopt};
  return match;
}

// A singular unit word ("month", not "months").
std::optional<TimeUnit> SingularUnitAt(const Tokens& tokens, size_t i) {
  const std::string_view word = WordAt(tokens, i);
  if (IsPluralUnitWord(word)) return std::nullopt;
  return UnitOfWord(word);
}

// "today", "yesterday", "tomorrow".
std::optional<PeriodMatch> MatchNamedDay(const Tokens& tokens, size_t i, const CivilDate& today) {
  for (const auto& [word, offset] :
       {std::pair{"today", 0}, std::pair{"yesterday", -1}, std::pair{"tomorrow", 1}}) {
    if (WordIs(tokens, i, word)) {
      const CivilDate day = AddDays(today, offset);
      return Resolved(i, i + 1, day, AddDays(day, 1), word);
    }
  }
  return std::nullopt;
}

std::optional<TimeUnit> ToDateAbbreviation(std::string_view word) {
  if (word == "ytd") return TimeUnit::kYear;
  if (word == "qtd") return TimeUnit::kQuarter;
  if (word == "mtd") return TimeUnit::kMonth;
  if (word == "wtd") return TimeUnit::kWeek;
  return std::nullopt;
}

// A singular unit longer than a day ("year to date", not "day to date").
std::optional<TimeUnit> ToDateUnitAt(const Tokens& tokens, size_t i) {
  const std::optional<TimeUnit> unit = SingularUnitAt(tokens, i);
  if (unit == TimeUnit::kDay) return std::nullopt;
  return unit;
}

// "ytd", "year to date", "so far this year", "this year so far", "this year to date".
std::optional<PeriodMatch> MatchToDate(const Tokens& tokens, size_t i, const CivilDate& today) {
  std::optional<TimeUnit> unit;
  std::optional<size_t> end;
  if ((unit = ToDateAbbreviation(WordAt(tokens, i)))) {
    end = i + 1;
  } else if ((unit = ToDateUnitAt(tokens, i))) {
    end = MatchWords(tokens, SkipHyphen(tokens, i + 1), {"to", "date"});
  } else if (auto after = MatchWords(tokens, i, {"so", "far", "this"})) {
    if ((unit = ToDateUnitAt(tokens, *after))) end = *after + 1;
  } else if (WordIs(tokens, i, "this") && (unit = ToDateUnitAt(tokens, i + 1))) {
    end = MatchWords(tokens, i + 2, {"so", "far"});
    if (!end) end = MatchWords(tokens, i + 2, {"to", "date"});
  }
  if (!unit || !end) return std::nullopt;
  return Resolved(i, *end, StartOfUnit(today, *unit), AddDays(today, 1),
                  fmt::format("{} to date", UnitName(*unit)));
}

// "this month", "current quarter".
std::optional<PeriodMatch> MatchCurrentUnit(const Tokens& tokens, size_t i,
                                            const CivilDate& today) {
  if (!WordIn(tokens, i, {"this", "current"})) return std::nullopt;
  const std::optional<TimeUnit> unit = SingularUnitAt(tokens, i + 1);
  if (!unit || WordIs(tokens, i + 2, "of")) return std::nullopt;
  const CivilDate start = StartOfUnit(today, *unit);
  const std::string phrase =
      *unit == TimeUnit::kDay ? "today" : fmt::format("this {}", UnitName(*unit));
  return Resolved(i, i + 2, start, AddUnits(start, *unit, 1), phrase);
}

std::string LastPhrase(bool back, int count, TimeUnit unit) {
  if (count == 1) return fmt::format("{} {}", back ? "last" : "next", UnitName(unit));
  return fmt::format("the {} {} {}s", back ? "last" : "next", count, UnitName(unit));
}

// "last month", "the previous 12 months", "past 30 days", "next quarter",
// "ltm". Complete units only: the current one is never part of it.
std::optional<PeriodMatch> MatchLastOrNext(const Tokens& tokens, size_t i, const CivilDate& today) {
  const CivilDate month_start = StartOfUnit(today, TimeUnit::kMonth);
  if (WordIn(tokens, i, {"ltm", "ttm"})) {
    return Resolved(i, i + 1, AddMonths(month_start, -12), month_start,
                    LastPhrase(true, 12, TimeUnit::kMonth));
  }
  const bool back =
      WordIn(tokens, i, {"last", "previous", "past", "prior", "preceding", "trailing"});
  if (!back && !WordIn(tokens, i, {"next", "coming"})) return std::nullopt;
  size_t j = i + 1;
  std::optional<int> count;
  if (!WordIn(tokens, j, {"a", "an"}) && (count = CountAt(tokens, j))) ++j;
  const std::optional<TimeUnit> unit = UnitOfWord(WordAt(tokens, j));
  if (!unit || (!count && IsPluralUnitWord(WordAt(tokens, j)))) return std::nullopt;
  // "the last day of the month", "the last week of December": a part, not a range.
  if (WordIs(tokens, j + 1, "of")) return std::nullopt;
  const int n = count.value_or(1);
  const CivilDate start = StartOfUnit(today, *unit);
  if (back) {
    return Resolved(i, j + 1, AddUnits(start, *unit, -n), start, LastPhrase(true, n, *unit));
  }
  return Resolved(i, j + 1, AddUnits(start, *unit, 1), AddUnits(start, *unit, 1 + n),
                  LastPhrase(false, n, *unit));
}

// "two months ago", "a year ago": that whole unit.
std::optional<PeriodMatch> MatchUnitsAgo(const Tokens& tokens, size_t i, const CivilDate& today) {
  const std::optional<int> count = CountAt(tokens, i);
  const std::optional<TimeUnit> unit = UnitOfWord(WordAt(tokens, i + 1));
  if (!count || !unit || !WordIs(tokens, i + 2, "ago")) return std::nullopt;
  const CivilDate start = AddUnits(StartOfUnit(today, *unit), *unit, -*count);
  const std::string phrase = *count == 1 ? fmt::format("a {} ago", UnitName(*unit))
                                         : fmt::format("{} {}s ago", *count, UnitName(*unit));
  return Resolved(i, i + 3, start, AddUnits(start, *unit, 1), phrase);
}

// "last March" (the most recent March before this month), "this March" (the
// one of this year), "next March" (the first one after this month).
std::optional<PeriodMatch> MatchMonthByName(const Tokens& tokens, size_t i,
                                            const CivilDate& today) {
  const std::optional<int> month = MonthOfWord(WordAt(tokens, i + 1));
  if (!month) return std::nullopt;
  int year = today.year;
  if (WordIs(tokens, i, "last")) {
    if (*month >= today.month) --year;
  } else if (WordIs(tokens, i, "next")) {
    if (*month <= today.month) ++year;
  } else if (!WordIs(tokens, i, "this") ||
             (MonthWordNeedsContext(tokens[i + 1].text) &&
              !std::isupper(static_cast<unsigned char>(tokens[i + 1].original[0])))) {
    return std::nullopt;  // "this may take a while"
  }
  const CivilDate start{year, *month, 1};
  return Resolved(i, i + 2, start, AddMonths(start, 1), FormatMonth(year, *month));
}

}  // namespace

std::optional<PeriodMatch> MatchRelativePeriod(const Tokens& tokens, size_t i,
                                               const CivilDate& today) {
  std::optional<PeriodMatch> best;
  for (auto* matcher : {&MatchNamedDay, &MatchToDate, &MatchCurrentUnit, &MatchLastOrNext,
                        &MatchUnitsAgo, &MatchMonthByName}) {
    std::optional<PeriodMatch> candidate = matcher(tokens, i, today);
    if (candidate && (!best || candidate->end > best->end)) best = std::move(candidate);
  }
  return best;
}

}  // namespace scry::nlq
