// The earlier range a period comparison sets against a time range.
//
// kPreviousYear shifts both ends back twelve months. kPreviousPeriod takes
// the same length immediately before: whole calendar months when both ends
// fall on the first of a month (so March is compared with February, not with
// the 31 days before it), days otherwise. Days past a month's end clamp to
// its last day (2024-02-29 a year back is 2023-02-28).
//
// Internal to sql/. Pure functions.
#pragma once

#include "common/clock.h"
#include "semantic/query.h"

namespace scry::sql {

struct DateRange {
  CivilDate start;
  CivilDate end;  // exclusive
  friend bool operator==(const DateRange&, const DateRange&) = default;
};

DateRange PreviousRange(const DateRange& current, semantic::PeriodComparison::Kind kind);

// `date` moved by `months` (negative: back), the day clamped to the month's length.
CivilDate AddMonths(const CivilDate& date, int months);

}  // namespace scry::sql
