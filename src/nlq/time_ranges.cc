#include "nlq/time_ranges.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "nlq/time_calendar.h"
#include "nlq/time_periods.h"
#include "nlq/time_vocabulary.h"

namespace scry::nlq {
namespace {

// Which side of a period an open range keeps.
enum class OpenSide {
  kFromStart,    // "since March": March and after
  kAfterEnd,     // "after March": April and after
  kBeforeStart,  // "before March": up to the end of February
  kThroughEnd,   // "until March": up to the end of March
};

struct Phrase {
  std::array<std::string_view, 3> words;  // unused slots are empty
  OpenSide side;
};

// Words before a period that open a range.
constexpr std::array<Phrase, 21> kOpenIntros{{
    {{"since"}, OpenSide::kFromStart},
    {{"starting", "from"}, OpenSide::kFromStart},
    {{"starting", "in"}, OpenSide::kFromStart},
    {{"starting", "on"}, OpenSide::kFromStart},
    {{"starting"}, OpenSide::kFromStart},
    {{"beginning", "in"}, OpenSide::kFromStart},
    {{"beginning", "from"}, OpenSide::kFromStart},
    {{"beginning"}, OpenSide::kFromStart},
    {{"after"}, OpenSide::kAfterEnd},
    {{"later", "than"}, OpenSide::kAfterEnd},
    {{"before"}, OpenSide::kBeforeStart},
    {{"prior", "to"}, OpenSide::kBeforeStart},
    {{"earlier", "than"}, OpenSide::kBeforeStart},
    {{"until"}, OpenSide::kThroughEnd},
    {{"till"}, OpenSide::kThroughEnd},
    {{"til"}, OpenSide::kThroughEnd},
    {{"up", "to"}, OpenSide::kThroughEnd},
    {{"up", "until"}, OpenSide::kThroughEnd},
    {{"through"}, OpenSide::kThroughEnd},
    {{"thru"}, OpenSide::kThroughEnd},
    {{"no", "later", "than"}, OpenSide::kThroughEnd},
}};

// Words after a period that open a range: "2020 onwards", "2019 and earlier".
constexpr std::array<Phrase, 12> kOpenSuffixes{{
    {{"onwards"}, OpenSide::kFromStart},
    {{"onward"}, OpenSide::kFromStart},
    {{"forward"}, OpenSide::kFromStart},
    {{"and", "later"}, OpenSide::kFromStart},
    {{"or", "later"}, OpenSide::kFromStart},
    {{"and", "after"}, OpenSide::kFromStart},
    {{"or", "after"}, OpenSide::kFromStart},
    {{"and", "beyond"}, OpenSide::kFromStart},
    {{"and", "earlier"}, OpenSide::kThroughEnd},
    {{"or", "earlier"}, OpenSide::kThroughEnd},
    {{"and", "before"}, OpenSide::kThroughEnd},
    {{"or", "before"}, OpenSide::kThroughEnd},
}};

// The longest phrase of `phrases` at `i`: its side and the index after it.
template <size_t N>
std::optional<std::pair<OpenSide, size_t>> MatchPhrase(const Tokens& tokens, size_t i,
                                                       const std::array<Phrase, N>& phrases) {
  std::optional<std::pair<OpenSide, size_t>> best;
  for (const Phrase& phrase : phrases) {
    size_t j = i;
    for (std::string_view word : phrase.words) {
      if (word.empty()) break;
      j = WordIs(tokens, j, word) ? j + 1 : i;
      if (j == i) break;
    }
    if (j > i && (!best || j > best->second)) best = std::pair{phrase.side, j};
  }
  return best;
}

Period OpenPeriod(const Period& period, OpenSide side) {
  switch (side) {
    case OpenSide::kFromStart:
      return {period.start, kDistantFuture, "since " + period.phrase, std::nullopt};
    case OpenSide::kAfterEnd:
      return {period.end, kDistantFuture, "after " + period.phrase, std::nullopt};
    case OpenSide::kBeforeStart:
      return {kDistantPast, period.start, "before " + period.phrase, std::nullopt};
    case OpenSide::kThroughEnd:
      return {kDistantPast, period.end, "until " + period.phrase, std::nullopt};
  }
  return period;
}

TimeExpression ToExpression(size_t begin, size_t end, const Period& period) {
  TimeExpression expression;
  expression.begin = begin;
  expression.end = end;
  expression.range_start = period.start;
  expression.range_end = period.end;
  expression.bare_year = period.bare_year;
  expression.phrase = period.phrase;
  return expression;
}

// "up to 2000 employees", "between 1990 and 2000 units": a year-like number
// before a noun it counts is a quantity, not a year.
bool CountsNounAfter(const Tokens& tokens, const PeriodMatch& match) {
  return match.spec.kind == PeriodSpec::Kind::kYear && IsCountedNounAt(tokens, match.end);
}

// "since March", "before 2020", "up to March 2024", "later than 2015".
std::optional<TimeExpression> MatchOpenRange(const Tokens& tokens, size_t i,
                                             const CivilDate& today) {
  const auto intro = MatchPhrase(tokens, i, kOpenIntros);
  if (!intro) return std::nullopt;
  const auto match = MatchPeriod(tokens, intro->second, today, {.framed = true});
  if (!match || CountsNounAfter(tokens, *match)) return std::nullopt;
  const std::optional<Period> period = ResolvePeriod(match->spec, today);
  if (!period) return std::nullopt;
  return ToExpression(i, match->end, OpenPeriod(*period, intro->first));
}

// Resolves both ends of a closed range, lending a year from one end to the
// other; the ends come back in order.
std::optional<std::pair<Period, Period>> ResolveEnds(PeriodSpec from, PeriodSpec to,
                                                     const CivilDate& today) {
  std::optional<Period> start;
  std::optional<Period> end;
  if (NeedsYear(from) && !NeedsYear(to)) {
    end = ResolvePeriod(to, today);
    if (!end) return std::nullopt;
    from.year = end->start.year;
    start = ResolvePeriod(from, today);
    if (start && start->start > end->start) {
      from.year = end->start.year - 1;
      start = ResolvePeriod(from, today);
    }
  } else {
    start = ResolvePeriod(from, today);
    if (!start) return std::nullopt;
    const bool lend = NeedsYear(to);
    if (lend) to.year = start->start.year;
    end = ResolvePeriod(to, today);
    if (lend && end && end->start < start->start) {
      to.year = start->start.year + 1;
      end = ResolvePeriod(to, today);
    }
  }
  if (!start || !end) return std::nullopt;
  if (end->start < start->start) std::swap(start, end);
  return std::pair{*start, *end};
}

// "January 2023 to June 2023" → "January to June 2023".
std::string RangePhrase(const std::string& first, const std::string& last) {
  const size_t kYearSuffix = 5;  // " 2023"
  auto year_suffix = [&](const std::string& phrase) {
    if (phrase.size() <= kYearSuffix || phrase[phrase.size() - kYearSuffix] != ' ') return false;
    return std::all_of(phrase.end() - 4, phrase.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool same_year = year_suffix(first) && year_suffix(last) &&
                         first.ends_with(last.substr(last.size() - kYearSuffix));
  const std::string head = same_year ? first.substr(0, first.size() - kYearSuffix) : first;
  return head + " to " + last;
}

// The end of a closed range: a period, or "now", "today", "date", "the present".
std::optional<PeriodMatch> MatchRangeEnd(const Tokens& tokens, size_t i, const CivilDate& today) {
  const size_t at = WordIs(tokens, i, "the") && WordIs(tokens, i + 1, "present") ? i + 1 : i;
  if (WordIn(tokens, at, {"now", "present", "date"})) {
    PeriodMatch match{i, at + 1, {}};
    match.spec.resolved = Period{today, AddDays(today, 1), "today", std::nullopt};
    return match;
  }
  return MatchPeriod(tokens, i, today, {.framed = true});
}

bool IsJoiner(const Tokens& tokens, size_t i, bool between) {
  if (PunctIs(tokens, i, "-")) return true;
  if (between) return WordIs(tokens, i, "and");
  return WordIn(tokens, i, {"to", "till", "until", "through", "thru"});
}

// Two bare numbers make a range of years only when both are plausible years:
// "between 2019 and 2021", not "between 1000 and 2000" or "… 2000 units".
bool PlausibleYearRange(const Tokens& tokens, const PeriodMatch& from, const PeriodMatch& to) {
  const bool years =
      from.spec.kind == PeriodSpec::Kind::kYear && to.spec.kind == PeriodSpec::Kind::kYear;
  if (!years) return true;
  return *from.spec.year >= 1900 && *to.spec.year >= 1900 && !CountsNounAfter(tokens, to);
}

// "between X and Y", "from X to Y", "X to Y", "X-Y": both ends included.
std::optional<TimeExpression> MatchClosedRange(const Tokens& tokens, size_t i,
                                               const CivilDate& today) {
  const bool between = WordIs(tokens, i, "between");
  const size_t first = between || WordIs(tokens, i, "from") ? i + 1 : i;
  const auto from = MatchPeriod(tokens, first, today, {.framed = true});
  if (!from || !IsJoiner(tokens, from->end, between)) return std::nullopt;
  const auto to = MatchRangeEnd(tokens, from->end + 1, today);
  if (!to || !PlausibleYearRange(tokens, *from, *to)) return std::nullopt;
  const auto ends = ResolveEnds(from->spec, to->spec, today);
  if (!ends) return std::nullopt;
  const auto& [start, stop] = *ends;
  const Period range{start.start, stop.end, RangePhrase(start.phrase, stop.phrase), std::nullopt};
  return ToExpression(i, to->end, range);
}

// One period, possibly opened by a suffix: "2024", "March 2024", "2020 onwards".
std::optional<TimeExpression> MatchSinglePeriod(const Tokens& tokens, size_t i,
                                                const CivilDate& today,
                                                const PeriodOptions& options, bool after_from) {
  const auto match = MatchPeriod(tokens, i, today, options);
  if (!match) return std::nullopt;
  const std::optional<Period> period = ResolvePeriod(match->spec, today);
  if (!period) return std::nullopt;
  auto suffix = MatchPhrase(tokens, match->end, kOpenSuffixes);
  // "from 2020 on"; without "from", "2020 on Amazon" is not a range.
  if (!suffix && after_from && WordIs(tokens, match->end, "on")) {
    suffix = std::pair{OpenSide::kFromStart, match->end + 1};
  }
  if (!suffix) return ToExpression(i, match->end, *period);
  return ToExpression(i, suffix->second, OpenPeriod(*period, suffix->first));
}

void KeepLonger(std::optional<TimeExpression> candidate, std::optional<TimeExpression>* best) {
  if (candidate && (!*best || candidate->end > (*best)->end)) *best = std::move(candidate);
}

}  // namespace

std::optional<TimeExpression> MatchRange(const Tokens& tokens, size_t i, const CivilDate& today) {
  std::optional<TimeExpression> best;
  KeepLonger(MatchOpenRange(tokens, i, today), &best);
  KeepLonger(MatchClosedRange(tokens, i, today), &best);
  KeepLonger(MatchSinglePeriod(tokens, i, today, {}, /*after_from=*/false), &best);
  // Words that only introduce a range are part of it: "in 2024", "during the
  // last 3 months". "over" and "within" only before a relative period, since
  // "over 2000" is a quantity.
  if (WordIn(tokens, i, {"in", "during", "for", "on", "from", "throughout", "over", "within"})) {
    const bool relative_only = WordIn(tokens, i, {"over", "within"});
    std::optional<TimeExpression> inner;
    if (!relative_only) inner = MatchClosedRange(tokens, i + 1, today);
    KeepLonger(
        MatchSinglePeriod(tokens, i + 1, today, {.framed = true, .relative_only = relative_only},
                          WordIs(tokens, i, "from")),
        &inner);
    if (inner) inner->begin = i;
    KeepLonger(std::move(inner), &best);
  }
  return best;
}

}  // namespace scry::nlq
