#include "engine/column.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace scry::engine {
namespace {

constexpr Int128 kInt128Max = static_cast<Int128>(~static_cast<unsigned __int128>(0) >> 1);
constexpr Int128 kInt128Min = -kInt128Max - 1;
constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

Column Single(TypeId id, auto append) {
  Column column(ColumnType::Of(id));
  append(column);
  return column;
}

std::string Format(TypeId id, int64_t value) {
  return FormatValue(Single(id, [&](Column& c) { c.AppendInt64(value); }), 0);
}

TEST(ColumnTest, TypeNamesAndClasses) {
  EXPECT_EQ(TypeIdName(TypeId::kDecimal), "decimal");
  EXPECT_EQ(TypeIdName(TypeId::kTimestampTz), "timestamptz");
  EXPECT_EQ(TypeIdName(TypeId::kOther), "other");
  EXPECT_TRUE(IsNumeric(TypeId::kHugeInteger));
  EXPECT_TRUE(IsNumeric(TypeId::kDouble));
  EXPECT_FALSE(IsNumeric(TypeId::kBoolean));
  EXPECT_TRUE(IsTemporal(TypeId::kTime));
  EXPECT_FALSE(IsTemporal(TypeId::kInterval));
}

TEST(ColumnTest, DecimalTypeNamesItselfAndComparesWithoutEngineName) {
  ColumnType type = ColumnType::Decimal(12, 2);
  EXPECT_EQ(type.engine_name, "DECIMAL(12,2)");
  EXPECT_EQ(type, ColumnType::Decimal(12, 2, "NUMERIC(12,2)"));
  EXPECT_FALSE(type == ColumnType::Decimal(12, 3));
  EXPECT_FALSE(ColumnType::Of(TypeId::kText) == ColumnType::Of(TypeId::kOther));
}

TEST(ColumnTest, AppendsValuesAndNulls) {
  Column column(ColumnType::Of(TypeId::kText));
  EXPECT_TRUE(column.empty());
  column.AppendText("a");
  column.AppendNull();
  column.AppendText("c");
  ASSERT_EQ(column.size(), 3u);
  EXPECT_EQ(column.TextAt(0), "a");
  EXPECT_TRUE(column.IsNull(1));
  EXPECT_EQ(column.TextAt(1), "");
  EXPECT_EQ(FormatValue(column, 1), "");

  Column tail(ColumnType::Of(TypeId::kText));
  tail.AppendRange(column, 1, 2);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_TRUE(tail.IsNull(0));
  EXPECT_EQ(tail.TextAt(1), "c");

  column.Clear();
  EXPECT_TRUE(column.empty());
}

TEST(ColumnTest, NumberAtScalesEveryNumericType) {
  Column decimal(ColumnType::Decimal(10, 2));
  decimal.AppendInt128(-1234);
  decimal.AppendNull();
  EXPECT_DOUBLE_EQ(decimal.NumberAt(0), -12.34);
  EXPECT_EQ(decimal.NumberAt(1), 0);
  EXPECT_EQ(Single(TypeId::kBoolean, [](Column& c) { c.AppendInt64(1); }).NumberAt(0), 1);
  EXPECT_EQ(
      Single(TypeId::kHugeInteger, [](Column& c) { c.AppendInt128(Int128{1} << 70); }).NumberAt(0),
      std::ldexp(1.0, 70));
  EXPECT_EQ(Single(TypeId::kText, [](Column& c) { c.AppendText("5"); }).NumberAt(0), 0);
}

TEST(FormatTest, Integers) {
  EXPECT_EQ(Format(TypeId::kBoolean, 1), "true");
  EXPECT_EQ(Format(TypeId::kBoolean, 0), "false");
  EXPECT_EQ(Format(TypeId::kInteger, -42), "-42");
  EXPECT_EQ(Format(TypeId::kInteger, std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(FormatInt128(0), "0");
  EXPECT_EQ(FormatInt128(kInt128Max), "170141183460469231731687303715884105727");
  EXPECT_EQ(FormatInt128(kInt128Min), "-170141183460469231731687303715884105728");
  EXPECT_EQ(FormatInt128(Int128{std::numeric_limits<int64_t>::max()} + 1), "9223372036854775808");
}

TEST(FormatTest, DecimalsKeepTheirScale) {
  EXPECT_EQ(FormatDecimal(123450, 2), "1234.50");
  EXPECT_EQ(FormatDecimal(-5, 2), "-0.05");
  EXPECT_EQ(FormatDecimal(0, 2), "0.00");
  EXPECT_EQ(FormatDecimal(0, 0), "0");
  EXPECT_EQ(FormatDecimal(-12345, 0), "-12345");
  EXPECT_EQ(FormatDecimal(7, 3), "0.007");
  EXPECT_EQ(FormatDecimal(-100, 2), "-1.00");
  EXPECT_EQ(FormatDecimal(kInt128Min, 38), "-1.70141183460469231731687303715884105728");
  EXPECT_EQ(FormatDecimal(kInt128Max, 0), "170141183460469231731687303715884105727");
  Column column(ColumnType::Decimal(38, 10));
  column.AppendInt128(-1);
  EXPECT_EQ(FormatValue(column, 0), "-0.0000000001");
}

TEST(FormatTest, DoublesShortestRoundTrip) {
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(3.0), "3");
  EXPECT_EQ(FormatDouble(-2.5), "-2.5");
  EXPECT_EQ(FormatDouble(1e100), "1e+100");
  EXPECT_EQ(FormatDouble(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(FormatDouble(std::nan("")), "NaN");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(FormatDouble(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(FormatValue(Single(TypeId::kDouble, [](Column& c) { c.AppendDouble(1234.5); }), 0),
            "1234.5");
}

TEST(FormatTest, Dates) {
  EXPECT_EQ(Format(TypeId::kDate, 0), "1970-01-01");
  EXPECT_EQ(Format(TypeId::kDate, -1), "1969-12-31");
  EXPECT_EQ(Format(TypeId::kDate, 19783), "2024-03-01");
  EXPECT_EQ(Format(TypeId::kDate, -25567), "1900-01-01");
  EXPECT_EQ(Format(TypeId::kDate, 11016), "2000-02-29");
}

TEST(FormatTest, TimesAndTimestamps) {
  EXPECT_EQ(FormatTime(0), "00:00:00");
  EXPECT_EQ(FormatTime(12 * 3600 * kMicrosPerSecond + 34 * 60 * kMicrosPerSecond +
                       56 * kMicrosPerSecond + 789'000),
            "12:34:56.789");
  EXPECT_EQ(FormatTime(1), "00:00:00.000001");
  EXPECT_EQ(Format(TypeId::kTime, 23 * 3600 * kMicrosPerSecond), "23:00:00");
  EXPECT_EQ(Format(TypeId::kTimestamp, 0), "1970-01-01 00:00:00");
  EXPECT_EQ(Format(TypeId::kTimestamp, -1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(Format(TypeId::kTimestamp, 19783 * kMicrosPerDay + 14 * 3600 * kMicrosPerSecond +
                                           5 * 60 * kMicrosPerSecond + 123'456),
            "2024-03-01 14:05:00.123456");
  EXPECT_EQ(Format(TypeId::kTimestamp, -kMicrosPerDay + 1'500'000), "1969-12-31 00:00:01.5");
  EXPECT_EQ(Format(TypeId::kTimestampTz, 19783 * kMicrosPerDay), "2024-03-01 00:00:00+00");
  EXPECT_EQ(FormatTimestamp(-25567 * kMicrosPerDay), "1900-01-01 00:00:00");
}

TEST(FormatTest, Intervals) {
  auto interval = [](int32_t months, int32_t days, int64_t micros) {
    Column column(ColumnType::Of(TypeId::kInterval));
    column.AppendInterval({months, days, micros});
    return FormatValue(column, 0);
  };
  EXPECT_EQ(interval(14, 3, (4 * 3600 + 5 * 60 + 6) * kMicrosPerSecond),
            "1 year 2 months 3 days 04:05:06");
  EXPECT_EQ(interval(0, 0, 0), "00:00:00");
  EXPECT_EQ(interval(1, 1, 0), "1 month 1 day");
  EXPECT_EQ(interval(24, 0, 0), "2 years");
  EXPECT_EQ(interval(0, 0, -3600 * kMicrosPerSecond), "-01:00:00");
  EXPECT_EQ(interval(0, -2, 500'000), "-2 days 00:00:00.5");
  EXPECT_EQ(interval(-13, 0, 0), "-1 year -1 month");
}

TEST(FormatTest, BlobsEscapeWhatIsNotPlainText) {
  Column blob(ColumnType::Of(TypeId::kBlob));
  blob.AppendText(std::string("a\xAA\0'\"\\z", 7));
  EXPECT_EQ(FormatValue(blob, 0), "a\\xAA\\x00\\x27\\x22\\x5Cz");
  Column other(ColumnType::Of(TypeId::kOther));
  other.AppendText("[1, 2]");
  EXPECT_EQ(FormatValue(other, 0), "[1, 2]");
}

}  // namespace
}  // namespace scry::engine
