#include "sql/period.h"

#include <algorithm>

namespace scry::sql {
namespace {

int DaysInMonth(int year, int month) {
  const CivilDate first{year, month, 1};
  const CivilDate next = month == 12 ? CivilDate{year + 1, 1, 1} : CivilDate{year, month + 1, 1};
  return static_cast<int>(DaysFromCivil(next) - DaysFromCivil(first));
}

int MonthIndex(const CivilDate& date) { return date.year * 12 + (date.month - 1); }

}  // namespace

CivilDate AddMonths(const CivilDate& date, int months) {
  const int index = MonthIndex(date) + months;
  // Floor division, so months before year 0 still land in the right year.
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  const int month = index - year * 12 + 1;
  return {year, month, std::min(date.day, DaysInMonth(year, month))};
}

DateRange PreviousRange(const DateRange& current, semantic::PeriodComparison::Kind kind) {
  if (kind == semantic::PeriodComparison::Kind::kPreviousYear) {
    return {AddMonths(current.start, -12), AddMonths(current.end, -12)};
  }
  if (current.start.day == 1 && current.end.day == 1) {
    const int months = MonthIndex(current.end) - MonthIndex(current.start);
    return {AddMonths(current.start, -months), current.start};
  }
  const int64_t days = DaysFromCivil(current.end) - DaysFromCivil(current.start);
  return {CivilFromDays(DaysFromCivil(current.start) - days), current.start};
}

}  // namespace scry::sql
