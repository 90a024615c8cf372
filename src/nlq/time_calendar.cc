#include "nlq/time_calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace scry::nlq {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool IsValidDate(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

CivilDate AddDays(const CivilDate& date, int64_t days) {
  return CivilFromDays(DaysFromCivil(date) + days);
}

CivilDate AddMonths(const CivilDate& date, int months) {
  const int index = date.year * 12 + (date.month - 1) + months;
  CivilDate out;
  out.year = index / 12;
  out.month = index % 12 + 1;
  out.day = std::min(date.day, DaysInMonth(out.year, out.month));
  return out;
}

int Weekday(const CivilDate& date) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const int64_t shifted = (DaysFromCivil(date) + 3) % 7;
  return static_cast<int>(shifted < 0 ? shifted + 7 : shifted);
}

CivilDate StartOfUnit(const CivilDate& date, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay:
      return date;
    case TimeUnit::kWeek:
      return AddDays(date, -Weekday(date));
    case TimeUnit::kMonth:
      return {date.year, date.month, 1};
    case TimeUnit::kQuarter:
      return {date.year, (date.month - 1) / 3 * 3 + 1, 1};
    case TimeUnit::kYear:
      return {date.year, 1, 1};
  }
  return date;
}

CivilDate AddUnits(const CivilDate& start, TimeUnit unit, int count) {
  switch (unit) {
    case TimeUnit::kDay:
      return AddDays(start, count);
    case TimeUnit::kWeek:
      return AddDays(start, int64_t{7} * count);
    case TimeUnit::kMonth:
      return AddMonths(start, count);
    case TimeUnit::kQuarter:
      return AddMonths(start, 3 * count);
    case TimeUnit::kYear:
      return AddMonths(start, 12 * count);
  }
  return start;
}

semantic::TimeGrain GrainOf(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDay:
      return semantic::TimeGrain::kDay;
    case TimeUnit::kWeek:
      return semantic::TimeGrain::kWeek;
    case TimeUnit::kMonth:
      return semantic::TimeGrain::kMonth;
    case TimeUnit::kQuarter:
      return semantic::TimeGrain::kQuarter;
    case TimeUnit::kYear:
      return semantic::TimeGrain::kYear;
  }
  return semantic::TimeGrain::kNone;
}

std::string_view UnitName(TimeUnit unit) {
  static constexpr std::array<std::string_view, 5> kNames{"day", "week", "month", "quarter",
                                                          "year"};
  return kNames[static_cast<size_t>(unit)];
}

std::string_view MonthName(int month) {
  static constexpr std::array<std::string_view, 12> kNames{
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return kNames[month - 1];
}

std::string FormatDay(const CivilDate& date) {
  return fmt::format("{} {} {}", date.day, MonthName(date.month), date.year);
}

std::string FormatMonth(int year, int month) {
  return fmt::format("{} {}", MonthName(month), year);
}

}  // namespace scry::nlq
