// Periods: the phrases that name one stretch of calendar, such as "2024",
// "March 2024", "Q3", "the first half of 2023", "the 1990s", "2024-03-01",
// "5 March 2024", "last quarter", "the last 3 months", "two months ago",
// "year to date". The range pass (time_ranges.h) builds "since …",
// "between … and …" on top of them. Pure functions, thread-safe.
//
// Conventions, all relative to today:
// - A month, day, quarter or half written without a year is the most recent
//   one that has begun by today ("March" on 2025-11-24 is March 2025,
//   "December" is December 2024, "November" is the current month).
// - "this week/month/…" is the whole current unit; weeks start on Monday.
// - "last/previous/past month" is the one complete unit before the current
//   one, and "the last N units" the N complete units before the current one,
//   for every unit alike: "the last 30 days" is [today - 30, today) and "the
//   last 3 months" the three whole months before this one.
// - "next N units" is the N whole units after the current one.
// - "N units ago" is that whole unit ("two months ago" on 2025-11-24 is
//   September 2025).
// - "year/quarter/month/week to date" runs from the start of the current unit
//   through today: [start, today + 1).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/clock.h"
#include "nlq/token.h"

namespace scry::nlq {

// A stretch of calendar, [start, end), and how to say it back.
struct Period {
  CivilDate start;
  CivilDate end;
  std::string phrase;
  // Set when the phrase was only a year ("2024", "the year 2024").
  std::optional<int> bare_year;
};

// A period as written, before a missing year is filled in; a range such as
// "between January and June 2023" lends the year of one end to the other.
struct PeriodSpec {
  enum class Kind { kYear, kDecade, kHalf, kQuarter, kMonth, kDay, kResolved };
  Kind kind = Kind::kResolved;
  std::optional<int> year;  // kYear always; the others when written
  int index = 0;            // kDecade: first year; kHalf 1..2; kQuarter 1..4; kMonth/kDay 1..12
  int day = 0;              // kDay: 1..31
  bool lone_year = false;   // kYear written as just the year
  Period resolved;          // kResolved: relative periods and ISO dates, resolved already
};

struct PeriodMatch {
  size_t begin = 0;
  size_t end = 0;  // one past the last token
  PeriodSpec spec;
};

struct PeriodOptions {
  // A time word comes right before ("in", "since", "between … and"), so a
  // month word that is also an English word ("may") reads as a month.
  bool framed = false;
  // Only relative periods ("over the last 3 months", not "over 2000").
  bool relative_only = false;
};

// The longest period that starts at token `i` (an optional "the" included).
std::optional<PeriodMatch> MatchPeriod(const Tokens& tokens, size_t i, const CivilDate& today,
                                       const PeriodOptions& options);

// The period a spec names; a missing year is the most recent one in which the
// period has begun by today. nullopt for a date that does not exist
// ("30 February 2024").
std::optional<Period> ResolvePeriod(const PeriodSpec& spec, const CivilDate& today);

// Whether the spec lacks a year that another phrase could lend it.
bool NeedsYear(const PeriodSpec& spec);

// Whether the number at `i` reads as a year: four plain digits, 1900..2100
// (1000..2100 after a time word), and not a quantity ("more than 2000",
// "top 2000", "between 500 and 2000", "from 2000 to 3000").
bool LooksLikeYear(const Tokens& tokens, size_t i, bool framed);

// Relative periods ("today", "last quarter", "the last 3 months", "two
// months ago", "year to date", "last March"); in time_relative_periods.cc.
std::optional<PeriodMatch> MatchRelativePeriod(const Tokens& tokens, size_t i,
                                               const CivilDate& today);

}  // namespace scry::nlq
