// The types of values a database column or a result column holds, as scry
// sees them: engines map their own types onto these, and the semantic model
// reads them to decide what a column means. Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scry {

// The value types a result can hold, and how each is stored in an engine::Column:
//   kBoolean       int64 0 or 1
//   kInteger       int64 (every signed integer width, and unsigned up to 32 bits)
//   kHugeInteger   int128 (HUGEINT, UBIGINT, and other integers that do not fit int64)
//   kDecimal       int128 unscaled value; ColumnType::scale digits after the point
//   kDouble        double (FLOAT, DOUBLE, REAL)
//   kText          string (UTF-8)
//   kDate          int64 days since 1970-01-01
//   kTime          int64 microseconds since midnight
//   kTimestamp     int64 microseconds since 1970-01-01 00:00:00, no time zone
//   kTimestampTz   int64 microseconds since 1970-01-01 00:00:00 UTC
//   kInterval      Interval
//   kBlob          string of raw bytes
//   kOther         string: the engine's own text form (lists, structs, UUIDs, JSON, ...)
enum class TypeId : uint8_t {
  kBoolean,
  kInteger,
  kHugeInteger,
  kDecimal,
  kDouble,
  kText,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kInterval,
  kBlob,
  kOther,
};

// "boolean", "integer", ... : the names the API and the CLI show.
std::string_view TypeIdName(TypeId id);
bool IsNumeric(TypeId id);   // integer, huge integer, decimal, double
bool IsTemporal(TypeId id);  // date, time, timestamp, timestamp with time zone

struct ColumnType {
  TypeId id = TypeId::kOther;
  uint8_t precision = 0;    // kDecimal: total digits
  uint8_t scale = 0;        // kDecimal: digits after the point
  std::string engine_name;  // as the engine spells it: "DECIMAL(12,2)", "VARCHAR", ...

  static ColumnType Of(TypeId id, std::string engine_name = "");
  static ColumnType Decimal(uint8_t precision, uint8_t scale, std::string engine_name = "");

  friend bool operator==(const ColumnType& a, const ColumnType& b) {
    return a.id == b.id && a.precision == b.precision && a.scale == b.scale;
  }
};

}  // namespace scry
