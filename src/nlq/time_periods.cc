#include "nlq/time_periods.h"

#include <fmt/format.h>

#include <cctype>
#include <string_view>
#include <tuple>
#include <utility>

#include "nlq/time_calendar.h"
#include "nlq/time_vocabulary.h"

namespace scry::nlq {
namespace {

using Kind = PeriodSpec::Kind;

PeriodMatch MakeMatch(size_t begin, size_t end, PeriodSpec spec) {
  return PeriodMatch{begin, end, std::move(spec)};
}

PeriodSpec YearSpec(int year, bool lone) {
  PeriodSpec spec;
  spec.kind = Kind::kYear;
  spec.year = year;
  spec.lone_year = lone;
  return spec;
}

PeriodSpec PartSpec(Kind kind, int index, std::optional<int> year = std::nullopt) {
  PeriodSpec spec;
  spec.kind = kind;
  spec.index = index;
  spec.year = year;
  return spec;
}

// "q3" → 3, "h1" → 1 (prefix 'q' or 'h').
std::optional<int> PartWord(const Tokens& tokens, size_t i, char prefix, int max) {
  const std::string_view word = WordAt(tokens, i);
  if (word.size() != 2 || word[0] != prefix) return std::nullopt;
  const int value = word[1] - '0';
  if (value < 1 || value > max) return std::nullopt;
  return value;
}

// An optional year after a quarter, half or month: "2024", "of 2024",
// ", 2024" (commas only where `comma` allows). Returns the index after it.
size_t MatchTrailingYear(const Tokens& tokens, size_t j, bool comma, PeriodSpec* spec) {
  size_t k = j;
  if (WordIs(tokens, k, "of") || (comma && PunctIs(tokens, k, ","))) ++k;
  if (!LooksLikeYear(tokens, k, /*framed=*/true)) return j;
  spec->year = static_cast<int>(tokens[k].number);
  return k + 1;
}

// A decade: "1990s", or "the 90s" (two digits only after "the", since "in
// their 20s" is an age).
std::optional<PeriodMatch> MatchDecade(const Tokens& tokens, size_t i) {
  if (i >= tokens.size()) return std::nullopt;
  const Token& token = tokens[i];
  int first_year = 0;
  if (token.kind == Token::Kind::kNumber && token.integer && token.text.size() == 5 &&
      token.text.back() == 's') {
    first_year = static_cast<int>(token.number);
  } else if (token.IsWord() && token.text.size() == 3 && token.text.back() == 's' &&
             std::isdigit(static_cast<unsigned char>(token.text[0])) &&
             std::isdigit(static_cast<unsigned char>(token.text[1])) &&
             WordIs(tokens, i - 1, "the")) {
    const int two_digits = (token.text[0] - '0') * 10 + (token.text[1] - '0');
    first_year = two_digits >= 30 ? 1900 + two_digits : 2000 + two_digits;
  }
  if (first_year < 1000 || first_year > 2100 || first_year % 10 != 0) return std::nullopt;
  return MakeMatch(i, i + 1, PartSpec(Kind::kDecade, first_year));
}

// "2024-03-01", "2024/03/01", "2024-03".
std::optional<PeriodMatch> MatchIsoDate(const Tokens& tokens, size_t i) {
  if (PlainDigitCount(tokens, i) != 4) return std::nullopt;
  const std::string_view sep = PunctIs(tokens, i + 1, "-") ? "-" : "/";
  const size_t month_digits = PlainDigitCount(tokens, i + 2);
  if (!PunctIs(tokens, i + 1, sep) || month_digits == 0 || month_digits > 2) return std::nullopt;
  const int year = static_cast<int>(tokens[i].number);
  const int month = static_cast<int>(tokens[i + 2].number);
  if (year < 1000 || month < 1 || month > 12) return std::nullopt;
  const size_t day_digits = PunctIs(tokens, i + 3, sep) ? PlainDigitCount(tokens, i + 4) : 0;
  if (day_digits == 0 || day_digits > 2) {
    // "2024-03" is a month; "1234-05" is more likely a code.
    if (year < 1900 || year > 2100) return std::nullopt;
    return MakeMatch(i, i + 3, PartSpec(Kind::kMonth, month, year));
  }
  PeriodSpec spec = PartSpec(Kind::kDay, month, year);
  spec.day = static_cast<int>(tokens[i + 4].number);
  return MakeMatch(i, i + 5, spec);
}

// "2024", "year 2024", and a year before its quarter or half ("2025 Q3").
std::optional<PeriodMatch> MatchYearLed(const Tokens& tokens, size_t i, bool framed) {
  const bool year_word = WordIs(tokens, i, "year");
  const size_t at = year_word ? i + 1 : i;
  if (!LooksLikeYear(tokens, at, framed || year_word)) return std::nullopt;
  const int year = static_cast<int>(tokens[at].number);
  if (!year_word) {
    const size_t k = PunctIs(tokens, at + 1, "-") ? at + 2 : at + 1;
    if (auto quarter = PartWord(tokens, k, 'q', 4)) {
      return MakeMatch(i, k + 1, PartSpec(Kind::kQuarter, *quarter, year));
    }
    if (auto half = PartWord(tokens, k, 'h', 2)) {
      return MakeMatch(i, k + 1, PartSpec(Kind::kHalf, *half, year));
    }
  }
  return MakeMatch(i, at + 1, YearSpec(year, /*lone=*/true));
}

// "q3" or "third quarter": the index and the token after it.
std::optional<std::pair<int, size_t>> PartIndex(const Tokens& tokens, size_t i, char prefix,
                                                std::string_view noun, int max) {
  if (auto index = PartWord(tokens, i, prefix, max)) return std::pair{*index, i + 1};
  if (!WordIs(tokens, i + 1, noun)) return std::nullopt;
  const std::optional<int> ordinal = OrdinalAt(tokens, i);
  if (!ordinal || *ordinal > max) return std::nullopt;
  return std::pair{*ordinal, i + 2};
}

// "Q3", "Q3 2025", "the third quarter of 2024", "3rd quarter in 2024"; and
// the same for halves: "H1 2024", "the first half of 2023".
std::optional<PeriodMatch> MatchQuarterOrHalf(const Tokens& tokens, size_t i) {
  for (const auto& [kind, prefix, noun, max] :
       {std::tuple{Kind::kQuarter, 'q', "quarter", 4}, std::tuple{Kind::kHalf, 'h', "half", 2}}) {
    const auto part = PartIndex(tokens, i, prefix, noun, max);
    if (!part) continue;
    const auto [index, j] = *part;
    PeriodSpec spec = PartSpec(kind, index);
    if (WordIs(tokens, j, "in") && LooksLikeYear(tokens, j + 1, true)) {
      spec.year = static_cast<int>(tokens[j + 1].number);
      return MakeMatch(i, j + 2, spec);
    }
    const size_t end = MatchTrailingYear(tokens, j, /*comma=*/false, &spec);
    return MakeMatch(i, end, spec);
  }
  return std::nullopt;
}

// An abbreviated month with a full stop before a number: "sept. 2024".
size_t SkipAbbreviationDot(const Tokens& tokens, size_t j) {
  const std::string_view word = WordAt(tokens, j - 1);
  const bool abbreviated = word.size() <= 4 && word != "may" && word != "june" && word != "july";
  if (abbreviated && PunctIs(tokens, j, ".") && j + 1 < tokens.size() &&
      tokens[j + 1].kind == Token::Kind::kNumber) {
    return j + 1;
  }
  return j;
}

// Whether a month word standing alone reads as a month: "may" and "march"
// are verbs too, so they need a time word before them or a capital letter
// that is not just the start of the sentence; "Jan" may be a name even then.
bool MonthInContext(const Tokens& tokens, size_t i, bool framed) {
  if (framed || !MonthWordNeedsContext(tokens[i].text)) return true;
  if (i > 0 && IsTimePreposition(WordAt(tokens, i - 1))) return true;
  const bool capital = std::isupper(static_cast<unsigned char>(tokens[i].original[0])) != 0;
  return capital && !StartsSentence(tokens, i) && tokens[i].text.size() > 3;
}

// "March", "March 2024", "March of 2023", "Jan 2024", "March 5", "March 5, 2024".
std::optional<PeriodMatch> MatchMonthLed(const Tokens& tokens, size_t i, bool framed) {
  const std::optional<int> month = MonthOfWord(WordAt(tokens, i));
  if (!month) return std::nullopt;
  size_t j = SkipAbbreviationDot(tokens, i + 1);
  PeriodSpec spec = PartSpec(Kind::kMonth, *month);
  if (auto day = DayNumberAt(tokens, j); day && !tokens[j].IsWord()) {
    spec.kind = Kind::kDay;
    spec.day = *day;
    j = MatchTrailingYear(tokens, j + 1, /*comma=*/true, &spec);
  } else {
    j = MatchTrailingYear(tokens, j, /*comma=*/true, &spec);
  }
  const bool followed = spec.year.has_value() || spec.kind == Kind::kDay;
  if (!followed && !MonthInContext(tokens, i, framed)) return std::nullopt;
  return MakeMatch(i, followed ? j : i + 1, spec);
}

// "5 March 2024", "5th of March", "first of May".
std::optional<PeriodMatch> MatchDayLed(const Tokens& tokens, size_t i) {
  const std::optional<int> day = DayNumberAt(tokens, i);
  if (!day || (i > 0 && IsQuantityWord(WordAt(tokens, i - 1)))) return std::nullopt;
  size_t j = i + 1;
  if (WordIs(tokens, j, "of")) {
    ++j;
  } else if (tokens[i].IsWord()) {
    return std::nullopt;  // "first March" is not a date; "first of March" is
  }
  const std::optional<int> month = MonthOfWord(WordAt(tokens, j));
  if (!month) return std::nullopt;
  PeriodSpec spec = PartSpec(Kind::kDay, *month);
  spec.day = *day;
  const size_t end = MatchTrailingYear(tokens, SkipAbbreviationDot(tokens, j + 1), true, &spec);
  return MakeMatch(i, spec.year ? end : j + 1, spec);
}

void KeepLonger(std::optional<PeriodMatch> candidate, std::optional<PeriodMatch>* best) {
  if (candidate && (!*best || candidate->end > (*best)->end)) *best = std::move(candidate);
}

std::optional<PeriodMatch> MatchAbsolutePeriod(const Tokens& tokens, size_t i, bool framed) {
  std::optional<PeriodMatch> best;
  KeepLonger(MatchIsoDate(tokens, i), &best);
  KeepLonger(MatchDecade(tokens, i), &best);
  KeepLonger(MatchYearLed(tokens, i, framed), &best);
  KeepLonger(MatchQuarterOrHalf(tokens, i), &best);
  KeepLonger(MatchMonthLed(tokens, i, framed), &best);
  KeepLonger(MatchDayLed(tokens, i), &best);
  return best;
}

// Whether the number at `i` sits in a numeric range with a non-year:
// "between 500 and 2000", "from 2000 to 3000".
bool InNumericRange(const Tokens& tokens, size_t i) {
  auto plain_year = [&](size_t k) {
    return PlainDigitCount(tokens, k) == 4 && tokens[k].number >= 1900 && tokens[k].number <= 2100;
  };
  auto number = [&](size_t k) {
    return k < tokens.size() && tokens[k].kind == Token::Kind::kNumber;
  };
  auto joins = [&](size_t k) {
    return WordIn(tokens, k, {"and", "to", "or"}) || PunctIs(tokens, k, "-");
  };
  if (number(i + 2) && joins(i + 1) && !plain_year(i + 2)) return true;
  return i >= 2 && number(i - 2) && joins(i - 1) && !plain_year(i - 2);
}

// The year of the most recent month `month` that has begun by today.
int MostRecentYear(int month, const CivilDate& today) {
  return month <= today.month ? today.year : today.year - 1;
}

Period MakePeriod(const CivilDate& start, const CivilDate& end, std::string phrase) {
  return Period{start, end, std::move(phrase), std::nullopt};
}

// A part of a year (half, quarter, month) that starts on `first_month`.
Period ResolvePart(const PeriodSpec& spec, int first_month, int months, const CivilDate& today) {
  const int year = spec.year.value_or(MostRecentYear(first_month, today));
  const CivilDate start{year, first_month, 1};
  std::string phrase;
  if (spec.kind == Kind::kHalf) phrase = fmt::format("H{} {}", spec.index, year);
  if (spec.kind == Kind::kQuarter) phrase = fmt::format("Q{} {}", spec.index, year);
  if (spec.kind == Kind::kMonth) phrase = FormatMonth(year, first_month);
  return MakePeriod(start, AddMonths(start, months), std::move(phrase));
}

// A day; without a year, the most recent one by today (29 February may be
// several years back).
std::optional<Period> ResolveDay(const PeriodSpec& spec, const CivilDate& today) {
  const int newest = spec.year.value_or(today.year);
  const int oldest = spec.year.value_or(today.year - 8);
  for (int year = newest; year >= oldest; --year) {
    const CivilDate date{year, spec.index, spec.day};
    if (!IsValidDate(year, spec.index, spec.day) || (!spec.year && today < date)) continue;
    return MakePeriod(date, AddDays(date, 1), FormatDay(date));
  }
  return std::nullopt;
}

// "more than 2000", "top 2000", "> 2000" — but "later than 2015" and
// "compared with 2023" are times.
bool AfterQuantityWord(const Tokens& tokens, size_t i) {
  if (WordIs(tokens, i - 1, "than") && i >= 2 && WordIn(tokens, i - 2, {"later", "earlier"})) {
    return false;
  }
  if (WordIs(tokens, i - 1, "with") && i >= 2 &&
      WordIn(tokens, i - 2, {"compared", "comparing", "comparison"})) {
    return false;
  }
  if (WordIs(tokens, i - 1, "to") && i >= 2 && WordIn(tokens, i - 2, {"up", "equal", "close"})) {
    return IsCountedNounAt(tokens, i + 1);  // "up to 2000 employees", but "up to 2024"
  }
  return IsQuantityWord(WordAt(tokens, i - 1)) || PunctIs(tokens, i - 1, ">") ||
         PunctIs(tokens, i - 1, "<") || PunctIs(tokens, i - 1, "=") || PunctIs(tokens, i - 1, "#");
}

}  // namespace

bool LooksLikeYear(const Tokens& tokens, size_t i, bool framed) {
  if (PlainDigitCount(tokens, i) != 4) return false;
  const double value = tokens[i].number;
  if (value < 1000 || value > 2100 || (!framed && value < 1900)) return false;
  if (i > 0 && AfterQuantityWord(tokens, i)) return false;
  if (InNumericRange(tokens, i)) return false;
  if (value >= 1900) return true;
  // "in 1500 stores", "from 1000 to 2000": an old year next to a noun or in a
  // range is more likely a count.
  const std::string_view next = WordAt(tokens, i + 1);
  return !WordIn(tokens, i + 1, {"to", "and", "or"}) && !PunctIs(tokens, i + 1, "-") &&
         (next.empty() || IsFunctionWord(next));
}

std::optional<PeriodMatch> MatchPeriod(const Tokens& tokens, size_t i, const CivilDate& today,
                                       const PeriodOptions& options) {
  const size_t at = WordIs(tokens, i, "the") ? i + 1 : i;
  std::optional<PeriodMatch> best = MatchRelativePeriod(tokens, at, today);
  if (!options.relative_only) {
    std::optional<PeriodMatch> absolute = MatchAbsolutePeriod(tokens, at, options.framed);
    if (absolute && ResolvePeriod(absolute->spec, today)) KeepLonger(std::move(absolute), &best);
  }
  if (best) best->begin = i;
  return best;
}

bool NeedsYear(const PeriodSpec& spec) {
  return !spec.year && (spec.kind == Kind::kHalf || spec.kind == Kind::kQuarter ||
                        spec.kind == Kind::kMonth || spec.kind == Kind::kDay);
}

std::optional<Period> ResolvePeriod(const PeriodSpec& spec, const CivilDate& today) {
  switch (spec.kind) {
    case Kind::kResolved:
      return spec.resolved;
    case Kind::kYear: {
      const int year = spec.year.value_or(today.year);
      Period period = MakePeriod({year, 1, 1}, {year + 1, 1, 1}, fmt::format("{}", year));
      if (spec.lone_year) period.bare_year = year;
      return period;
    }
    case Kind::kDecade:
      return MakePeriod({spec.index, 1, 1}, {spec.index + 10, 1, 1},
                        fmt::format("the {}s", spec.index));
    case Kind::kHalf:
      return ResolvePart(spec, (spec.index - 1) * 6 + 1, 6, today);
    case Kind::kQuarter:
      return ResolvePart(spec, (spec.index - 1) * 3 + 1, 3, today);
    case Kind::kMonth:
      return ResolvePart(spec, spec.index, 1, today);
    case Kind::kDay:
      return ResolveDay(spec, today);
  }
  return std::nullopt;
}

}  // namespace scry::nlq
