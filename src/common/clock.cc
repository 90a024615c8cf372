#include "common/clock.h"

#include <fmt/format.h>

namespace scry {
namespace {

// Shifts the year to start in March so that the leap day ends the year; then a
// 400-year era has a fixed number of days and the arithmetic has no branches.
constexpr int64_t kDaysPerEra = 146097;
constexpr int64_t kEpochShift = 719468;  // Days from 0000-03-01 to 1970-01-01.

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

}  // namespace

int64_t DaysFromCivil(const CivilDate& date) {
  const int64_t year = static_cast<int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t month_from_march = date.month > 2 ? date.month - 3 : date.month + 9;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * kDaysPerEra + day_of_era - kEpochShift;
}

CivilDate CivilFromDays(int64_t days) {
  days += kEpochShift;
  const int64_t era = (days >= 0 ? days : days - kDaysPerEra + 1) / kDaysPerEra;
  const int64_t day_of_era = days - era * kDaysPerEra;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  CivilDate date;
  date.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  date.month =
      static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  date.year = static_cast<int>(year_of_era + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

std::optional<CivilDate> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](size_t pos, size_t len, int* out) {
    int value = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
  };
  CivilDate date;
  if (!digits(0, 4, &date.year) || !digits(5, 2, &date.month) || !digits(8, 2, &date.day)) {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12) return std::nullopt;
  if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) return std::nullopt;
  return date;
}

std::string FormatIsoDate(const CivilDate& date) {
  if (date.year >= 0 && date.year <= 9999) {
    return fmt::format("{:04d}-{:02d}-{:02d}", date.year, date.month, date.day);
  }
  return fmt::format("{}-{:02d}-{:02d}", date.year, date.month, date.day);
}

int64_t Clock::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Now().time_since_epoch()).count();
}

CivilDate Clock::Today() const {
  const auto since_epoch = Now().time_since_epoch();
  const auto days = std::chrono::floor<std::chrono::days>(since_epoch).count();
  return CivilFromDays(days);
}

FixedClock::FixedClock(const CivilDate& date)
    : now_(std::chrono::system_clock::time_point(std::chrono::days(DaysFromCivil(date)))) {}

}  // namespace scry
