#include "engine/result_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cmath>
#include <cstdint>

#include "common/clock.h"

namespace scry::engine {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// An exact number, written as is. RapidJSON 1.1's RawNumber() quotes its
// argument like a string, so this goes through RawValue().
void WriteRawNumber(JsonWriter& writer, const char* digits, size_t length) {
  writer.RawValue(digits, length, rapidjson::kNumberType);
}

// Integers a JSON reader holding doubles (JavaScript) keeps exactly.
constexpr int64_t kMaxExactInteger = int64_t{1} << 53;

// Writes the digits of `magnitude` ending just before `end`; returns the first.
char* WriteDigitsBackwards(unsigned __int128 magnitude, char* end) {
  char* p = end;
  // 128-bit division is a library call; most values fit 64 bits, where
  // dividing by 10 is a multiplication.
  while (magnitude > UINT64_MAX) {
    *--p = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  uint64_t small = static_cast<uint64_t>(magnitude);
  do {
    *--p = static_cast<char>('0' + small % 10);
    small /= 10;
  } while (small != 0);
  return p;
}

unsigned __int128 Magnitude(Int128 value) {
  // -(value + 1) + 1 avoids overflowing on the minimum value.
  return value < 0 ? static_cast<unsigned __int128>(-(value + 1)) + 1
                   : static_cast<unsigned __int128>(value);
}

void WriteInteger(JsonWriter& writer, Int128 value) {
  if (value >= -kMaxExactInteger && value <= kMaxExactInteger) {
    writer.Int64(static_cast<int64_t>(value));
    return;
  }
  char buffer[48];
  char* end = buffer + sizeof(buffer);
  char* p = WriteDigitsBackwards(Magnitude(value), end);
  if (value < 0) *--p = '-';
  writer.String(p, static_cast<rapidjson::SizeType>(end - p));
}

// A decimal as an exact JSON number that keeps its scale ("1234.50").
void WriteDecimal(JsonWriter& writer, Int128 unscaled, int scale) {
  char buffer[96];
  char* end = buffer + sizeof(buffer);
  char* p = WriteDigitsBackwards(Magnitude(unscaled), end);
  if (scale > 0) {
    // Pad with zeros so that there is at least one digit before the point.
    while (end - p <= scale) *--p = '0';
    char* point = end - scale;
    // Shift the integer digits left by one to make room for the point.
    for (char* q = p - 1; q < point - 1; ++q) q[0] = q[1];
    --p;
    point[-1] = '.';
  }
  if (unscaled < 0) *--p = '-';
  WriteRawNumber(writer, p, static_cast<size_t>(end - p));
}

void WriteDouble(JsonWriter& writer, double value) {
  if (!std::isfinite(value)) {
    writer.String(std::isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"));
    return;
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  WriteRawNumber(writer, buffer, static_cast<size_t>(result.ptr - buffer));
}

// Two decimal digits.
char* Put2(char* p, int value) {
  p[0] = static_cast<char>('0' + value / 10);
  p[1] = static_cast<char>('0' + value % 10);
  return p + 2;
}

// "YYYY-MM-DD" for years 0..9999; returns nullptr for others, which take the
// general path.
char* PutDate(char* p, int64_t days) {
  const CivilDate date = CivilFromDays(days);
  if (date.year < 0 || date.year > 9999) return nullptr;
  p = Put2(p, date.year / 100);
  p = Put2(p, date.year % 100);
  *p++ = '-';
  p = Put2(p, date.month);
  *p++ = '-';
  return Put2(p, date.day);
}

// "HH:MM:SS" and, when not zero, "." and the microseconds without trailing zeros,
// as FormatTime() writes them.
char* PutTime(char* p, int64_t micros) {
  const int64_t seconds = micros / 1'000'000;
  int64_t fraction = micros % 1'000'000;
  p = Put2(p, static_cast<int>(seconds / 3600));
  *p++ = ':';
  p = Put2(p, static_cast<int>((seconds / 60) % 60));
  *p++ = ':';
  p = Put2(p, static_cast<int>(seconds % 60));
  if (fraction == 0) return p;
  *p++ = '.';
  int digits = 6;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  for (int i = digits - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  return p + digits;
}

// Dates and timestamps are the common temporal values in results; they are
// written without the allocations of FormatValue(), which handles the rest.
bool WriteFastTemporal(JsonWriter& writer, const Column& column, size_t row) {
  char buffer[48];
  char* p = buffer;
  const int64_t value = column.Int64At(row);
  switch (column.type().id) {
    case TypeId::kDate:
      p = PutDate(p, value);
      break;
    case TypeId::kTime:
      if (value < 0 || value >= int64_t{24} * 3600 * 1'000'000) return false;
      p = PutTime(p, value);
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      constexpr int64_t kMicrosPerDay = 86'400'000'000;
      int64_t days = value / kMicrosPerDay;
      int64_t rest = value % kMicrosPerDay;
      if (rest < 0) {
        rest += kMicrosPerDay;
        --days;
      }
      p = PutDate(p, days);
      if (p == nullptr) return false;
      *p++ = ' ';
      p = PutTime(p, rest);
      if (column.type().id == TypeId::kTimestampTz) {
        *p++ = '+';
        *p++ = '0';
        *p++ = '0';
      }
      break;
    }
    default:
      return false;
  }
  if (p == nullptr) return false;
  writer.String(buffer, static_cast<rapidjson::SizeType>(p - buffer));
  return true;
}

void WriteString(JsonWriter& writer, const std::string& text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void WriteValue(JsonWriter& writer, const Column& column, size_t row) {
  if (column.IsNull(row)) {
    writer.Null();
    return;
  }
  switch (column.type().id) {
    case TypeId::kBoolean:
      writer.Bool(column.Int64At(row) != 0);
      return;
    case TypeId::kInteger:
      WriteInteger(writer, column.Int64At(row));
      return;
    case TypeId::kHugeInteger:
      WriteInteger(writer, column.Int128At(row));
      return;
    case TypeId::kDecimal:
      WriteDecimal(writer, column.Int128At(row), column.type().scale);
      return;
    case TypeId::kDouble:
      WriteDouble(writer, column.DoubleAt(row));
      return;
    case TypeId::kText:
    case TypeId::kOther:
      WriteString(writer, column.TextAt(row));
      return;
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      if (WriteFastTemporal(writer, column, row)) return;
      break;
    case TypeId::kInterval:
    case TypeId::kBlob:
      break;
  }
  WriteString(writer, FormatValue(column, row));
}

void WriteRow(JsonWriter& writer, const std::vector<const Column*>& columns, size_t row) {
  writer.StartArray();
  for (const Column* column : columns) WriteValue(writer, *column, row);
  writer.EndArray();
}

// A first guess at the output size, so that the buffer rarely grows (and copies).
size_t EstimatedSize(size_t rows, size_t columns) { return rows * (columns * 10 + 3); }

}  // namespace

std::string ResultSetToJson(const ResultSet& result) {
  rapidjson::StringBuffer buffer;
  buffer.Reserve(EstimatedSize(result.row_count(), result.column_count()) + 256);
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("columns");
  writer.StartArray();
  for (const ColumnInfo& info : result.columns()) {
    writer.StartObject();
    writer.Key("name");
    WriteString(writer, info.name);
    writer.Key("type");
    const std::string_view type = TypeIdName(info.type.id);
    writer.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("rows");
  writer.StartArray();
  std::vector<const Column*> columns;
  for (size_t i = 0; i < result.column_count(); ++i) columns.push_back(&result.column(i));
  for (size_t row = 0; row < result.row_count(); ++row) WriteRow(writer, columns, row);
  writer.EndArray();
  writer.Key("row_count");
  writer.Uint64(result.row_count());
  writer.Key("total_rows");
  if (result.total_rows() < 0) {
    writer.Null();  // unknown: counting stopped before the end
  } else {
    writer.Int64(result.total_rows());
  }
  writer.Key("truncated");
  writer.Bool(result.truncated());
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

void AppendRowsJson(const Chunk& chunk, const std::vector<ColumnInfo>& columns, bool* first,
                    std::string* out) {
  (void)columns;  // the chunk's columns carry the same types
  std::vector<const Column*> data;
  data.reserve(chunk.columns.size());
  for (const Column& column : chunk.columns) data.push_back(&column);
  const size_t rows = chunk.row_count();
  rapidjson::StringBuffer buffer;
  buffer.Reserve(EstimatedSize(rows, data.size()));
  JsonWriter writer(buffer);
  for (size_t row = 0; row < rows; ++row) {
    if (!*first) buffer.Put(',');
    *first = false;
    writer.Reset(buffer);  // each row is a JSON document of its own
    WriteRow(writer, data, row);
  }
  out->append(buffer.GetString(), buffer.GetSize());
}

}  // namespace scry::engine
