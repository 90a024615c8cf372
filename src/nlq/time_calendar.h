// Calendar arithmetic for the time-expression pass: units of time, the first
// day of the unit containing a date, moving by whole units, and how dates are
// said back ("5 March 2024", "Q3 2025"). Weeks start on Monday; quarters and
// halves are calendar ones. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "semantic/query.h"

namespace scry::nlq {

enum class TimeUnit { kDay, kWeek, kMonth, kQuarter, kYear };

// The far bounds of open ranges ("since March", "before 2020").
inline constexpr CivilDate kDistantPast{1, 1, 1};
inline constexpr CivilDate kDistantFuture{9999, 12, 31};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
bool IsValidDate(int year, int month, int day);

CivilDate AddDays(const CivilDate& date, int64_t days);
// Moves by whole months; the day is clamped to the length of the new month.
CivilDate AddMonths(const CivilDate& date, int months);
// 0 for Monday … 6 for Sunday.
int Weekday(const CivilDate& date);

// The first day of the day, week, month, quarter or year that holds `date`.
CivilDate StartOfUnit(const CivilDate& date, TimeUnit unit);
// `start` moved by `count` units (negative: back); `start` should be the
// first day of a unit so that months and quarters stay aligned.
CivilDate AddUnits(const CivilDate& start, TimeUnit unit, int count);

semantic::TimeGrain GrainOf(TimeUnit unit);
std::string_view UnitName(TimeUnit unit);  // "day", "week", …

std::string_view MonthName(int month);         // "January"
std::string FormatDay(const CivilDate& date);  // "5 March 2024"
std::string FormatMonth(int year, int month);  // "March 2024"

}  // namespace scry::nlq
