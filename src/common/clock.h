// Clock: the one source of "now". Everything that depends on the current time
// ("last month", the demo warehouse's default end date, token expiry) takes a
// Clock, so tests can fix time. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scry {

// A calendar date in the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 for a civil date, and back. Valid for any int32 year.
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);

// Parses "YYYY-MM-DD"; nullopt when malformed or not a real date (2023-02-30).
std::optional<CivilDate> ParseIsoDate(std::string_view text);
// Formats as "YYYY-MM-DD" (years beyond 9999 or before 0 get more digits or a sign).
std::string FormatIsoDate(const CivilDate& date);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Today's date in UTC.
  CivilDate Today() const;
  // Now() as milliseconds since 1970-01-01 UTC: the stored times' unit.
  int64_t NowMs() const;
};

// The machine's wall clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

// A clock that always reads the time it was given; for tests and `--today`.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point now) : now_(now) {}
  // Midnight UTC of `date`.
  explicit FixedClock(const CivilDate& date);
  std::chrono::system_clock::time_point Now() const override { return now_; }

 private:
  std::chrono::system_clock::time_point now_;
};

}  // namespace scry
