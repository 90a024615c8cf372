#include "engine/result_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace scry::engine {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// A one-column, one-row result holding what `append` appends.
template <typename Append>
ResultSet OneValue(ColumnType type, Append append) {
  ResultSet result({{"v", type}});
  append(result.mutable_column(0));
  result.set_total_rows(static_cast<int64_t>(result.row_count()));
  return result;
}

// The JSON of that single value, as it appears inside "rows".
template <typename Append>
std::string ValueJson(ColumnType type, Append append) {
  Chunk chunk;
  chunk.columns.emplace_back(type);
  append(chunk.columns[0]);
  std::string out;
  bool first = true;
  AppendRowsJson(chunk, {{"v", type}}, &first, &out);
  EXPECT_EQ(out.front(), '[');
  EXPECT_EQ(out.back(), ']');
  return out.substr(1, out.size() - 2);
}

std::string IntegerJson(TypeId id, int64_t value) {
  return ValueJson(ColumnType::Of(id), [&](Column& c) { c.AppendInt64(value); });
}

std::string DecimalJson(uint8_t scale, Int128 value) {
  return ValueJson(ColumnType::Decimal(38, scale), [&](Column& c) { c.AppendInt128(value); });
}

std::string DoubleJson(double value) {
  return ValueJson(ColumnType::Of(TypeId::kDouble), [&](Column& c) { c.AppendDouble(value); });
}

std::string TextJson(TypeId id, std::string_view value) {
  return ValueJson(ColumnType::Of(id), [&](Column& c) { c.AppendText(value); });
}

TEST(ResultJsonTest, WholeResultShape) {
  ResultSet result({{"region", ColumnType::Of(TypeId::kText, "VARCHAR")},
                    {"total", ColumnType::Decimal(12, 2)},
                    {"orders", ColumnType::Of(TypeId::kInteger, "BIGINT")}});
  result.mutable_column(0).AppendText("Europe");
  result.mutable_column(1).AppendInt128(123450);
  result.mutable_column(2).AppendInt64(7);
  result.mutable_column(0).AppendNull();
  result.mutable_column(1).AppendNull();
  result.mutable_column(2).AppendNull();
  result.set_total_rows(2);
  EXPECT_EQ(ResultSetToJson(result),
            R"({"columns":[{"name":"region","type":"text"},{"name":"total","type":"decimal"},)"
            R"({"name":"orders","type":"integer"}],)"
            R"("rows":[["Europe",1234.50,7],[null,null,null]],)"
            R"("row_count":2,"total_rows":2,"truncated":false})");
}

TEST(ResultJsonTest, TruncatedAndUnknownTotal) {
  ResultSet result({{"n", ColumnType::Of(TypeId::kInteger)}});
  result.set_truncated(true);
  result.set_total_rows(-1);
  EXPECT_EQ(ResultSetToJson(result), R"({"columns":[{"name":"n","type":"integer"}],"rows":[],)"
                                     R"("row_count":0,"total_rows":null,"truncated":true})");
}

TEST(ResultJsonTest, BooleansAndIntegers) {
  EXPECT_EQ(IntegerJson(TypeId::kBoolean, 1), "true");
  EXPECT_EQ(IntegerJson(TypeId::kBoolean, 0), "false");
  EXPECT_EQ(IntegerJson(TypeId::kInteger, -42), "-42");
  EXPECT_EQ(IntegerJson(TypeId::kInteger, int64_t{1} << 53), "9007199254740992");
  EXPECT_EQ(IntegerJson(TypeId::kInteger, -(int64_t{1} << 53)), "-9007199254740992");
  // Beyond 2^53 a JavaScript reader would round: strings keep them exact.
  EXPECT_EQ(IntegerJson(TypeId::kInteger, (int64_t{1} << 53) + 1), R"("9007199254740993")");
  EXPECT_EQ(IntegerJson(TypeId::kInteger, std::numeric_limits<int64_t>::min()),
            R"("-9223372036854775808")");
  auto huge = [](Int128 value) {
    return ValueJson(ColumnType::Of(TypeId::kHugeInteger),
                     [&](Column& c) { c.AppendInt128(value); });
  };
  EXPECT_EQ(huge(12), "12");
  const Int128 max = static_cast<Int128>(~static_cast<unsigned __int128>(0) >> 1);
  EXPECT_EQ(huge(max), R"("170141183460469231731687303715884105727")");
  EXPECT_EQ(huge(-max - 1), R"("-170141183460469231731687303715884105728")");
}

TEST(ResultJsonTest, DecimalsAreExactNumbersWithTheirScale) {
  EXPECT_EQ(DecimalJson(2, 123450), "1234.50");
  EXPECT_EQ(DecimalJson(2, -5), "-0.05");
  EXPECT_EQ(DecimalJson(2, 0), "0.00");
  EXPECT_EQ(DecimalJson(0, -12345), "-12345");
  EXPECT_EQ(DecimalJson(3, 7), "0.007");
  EXPECT_EQ(DecimalJson(1, -100), "-10.0");
  const Int128 max = static_cast<Int128>(~static_cast<unsigned __int128>(0) >> 1);
  EXPECT_EQ(DecimalJson(38, -max - 1), "-1.70141183460469231731687303715884105728");
  EXPECT_EQ(DecimalJson(10, max), "17014118346046923173168730371.5884105727");
  EXPECT_EQ(DecimalJson(38, 1), "0.00000000000000000000000000000000000001");
}

TEST(ResultJsonTest, Doubles) {
  EXPECT_EQ(DoubleJson(0.1), "0.1");
  EXPECT_EQ(DoubleJson(3.0), "3");
  EXPECT_EQ(DoubleJson(-2.5e-7), "-2.5e-07");
  EXPECT_EQ(DoubleJson(1e100), "1e+100");
  EXPECT_EQ(DoubleJson(std::nan("")), R"("NaN")");
  EXPECT_EQ(DoubleJson(std::numeric_limits<double>::infinity()), R"("Infinity")");
  EXPECT_EQ(DoubleJson(-std::numeric_limits<double>::infinity()), R"("-Infinity")");
}

TEST(ResultJsonTest, TextIsEscaped) {
  EXPECT_EQ(TextJson(TypeId::kText, "plain"), R"("plain")");
  EXPECT_EQ(TextJson(TypeId::kText, "say \"hi\"\\ /"), R"("say \"hi\"\\ /")");
  EXPECT_EQ(TextJson(TypeId::kText, "a\nb\tc\r\b\f"), R"("a\nb\tc\r\b\f")");
  EXPECT_EQ(TextJson(TypeId::kText, std::string("\x01\x1f", 2)), R"("\u0001\u001F")");
  EXPECT_EQ(TextJson(TypeId::kText, std::string("nul\0byte", 8)), R"("nul\u0000byte")");
  EXPECT_EQ(TextJson(TypeId::kText, "héllo €"), "\"héllo €\"");
  EXPECT_EQ(TextJson(TypeId::kOther, "{'a': [1, 2]}"), R"("{'a': [1, 2]}")");
  EXPECT_EQ(TextJson(TypeId::kBlob, std::string("a\xAA\0", 3)), R"("a\\xAA\\x00")");
}

TEST(ResultJsonTest, TemporalValuesAsFormatValueWritesThem) {
  EXPECT_EQ(IntegerJson(TypeId::kDate, 19783), R"("2024-03-01")");
  EXPECT_EQ(IntegerJson(TypeId::kDate, -1), R"("1969-12-31")");
  EXPECT_EQ(IntegerJson(TypeId::kTime, 45296 * kMicrosPerSecond + 789'000), R"("12:34:56.789")");
  EXPECT_EQ(IntegerJson(TypeId::kTimestamp, -1), R"("1969-12-31 23:59:59.999999")");
  EXPECT_EQ(IntegerJson(TypeId::kTimestamp, 19783 * kMicrosPerDay + 50'700 * kMicrosPerSecond),
            R"("2024-03-01 14:05:00")");
  EXPECT_EQ(IntegerJson(TypeId::kTimestampTz, 0), R"("1970-01-01 00:00:00+00")");
  EXPECT_EQ(ValueJson(ColumnType::Of(TypeId::kInterval),
                      [](Column& c) {
                        c.AppendInterval({14, 3, 0});
                      }),
            R"("1 year 2 months 3 days")");
}

TEST(ResultJsonTest, FastTemporalPathAgreesWithFormatValue) {
  std::mt19937_64 random(7);
  const TypeId ids[] = {TypeId::kDate, TypeId::kTime, TypeId::kTimestamp, TypeId::kTimestampTz};
  for (TypeId id : ids) {
    std::uniform_int_distribution<int64_t> values =
        id == TypeId::kDate   ? std::uniform_int_distribution<int64_t>(-800'000, 3'000'000)
        : id == TypeId::kTime ? std::uniform_int_distribution<int64_t>(0, kMicrosPerDay)
                              : std::uniform_int_distribution<int64_t>(-300'000 * kMicrosPerDay,
                                                                       3'000'000 * kMicrosPerDay);
    for (int i = 0; i < 2000; ++i) {
      Column column(ColumnType::Of(id));
      const int64_t value =
          i % 10 == 0 ? (values(random) / kMicrosPerSecond) * kMicrosPerSecond : values(random);
      column.AppendInt64(value);
      std::string expected = "\"";
      expected += FormatValue(column, 0);
      expected += '"';
      ASSERT_EQ(IntegerJson(id, value), expected) << static_cast<int>(id) << " " << value;
    }
  }
}

TEST(ResultJsonTest, AppendRowsJoinsChunksWithCommas) {
  const std::vector<ColumnInfo> columns = {{"a", ColumnType::Of(TypeId::kInteger)},
                                           {"b", ColumnType::Of(TypeId::kText)}};
  Chunk chunk;
  chunk.columns.emplace_back(columns[0].type);
  chunk.columns.emplace_back(columns[1].type);
  chunk.columns[0].AppendInt64(1);
  chunk.columns[1].AppendText("x");
  chunk.columns[0].AppendInt64(2);
  chunk.columns[1].AppendNull();
  std::string out = "[";
  bool first = true;
  AppendRowsJson(chunk, columns, &first, &out);
  EXPECT_FALSE(first);
  AppendRowsJson(chunk, columns, &first, &out);
  Chunk empty;
  empty.columns.emplace_back(columns[0].type);
  empty.columns.emplace_back(columns[1].type);
  AppendRowsJson(empty, columns, &first, &out);
  out += "]";
  EXPECT_EQ(out, R"([[1,"x"],[2,null],[1,"x"],[2,null]])");
}

}  // namespace
}  // namespace scry::engine
