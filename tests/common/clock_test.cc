#include "common/clock.h"

#include <gtest/gtest.h>

namespace scry {
namespace {

TEST(CivilDateTest, KnownDays) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1970, 1, 2}), 1);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromCivil({2024, 2, 29}), 19782);
}

TEST(CivilDateTest, RoundTripsEveryDayOverCenturies) {
  for (int64_t days = -200000; days <= 200000; ++days) {
    ASSERT_EQ(DaysFromCivil(CivilFromDays(days)), days) << days;
  }
}

TEST(CivilDateTest, ParseAndFormat) {
  auto date = ParseIsoDate("2024-02-29");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(*date, (CivilDate{2024, 2, 29}));
  EXPECT_EQ(FormatIsoDate(*date), "2024-02-29");
  EXPECT_FALSE(ParseIsoDate("2023-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2023-13-01").has_value());
  EXPECT_FALSE(ParseIsoDate("2023-1-01").has_value());
  EXPECT_FALSE(ParseIsoDate("yesterday").has_value());
  EXPECT_FALSE(ParseIsoDate("2023-01-00").has_value());
}

TEST(ClockTest, FixedClockReadsItsDate) {
  FixedClock clock(CivilDate{2025, 11, 3});
  EXPECT_EQ(clock.Today(), (CivilDate{2025, 11, 3}));
}

TEST(ClockTest, SystemClockIsAfter2020) {
  SystemClock clock;
  EXPECT_GT(clock.Today(), (CivilDate{2020, 1, 1}));
}

}  // namespace
}  // namespace scry
