// Typed, nullable columns of values: the unit results are made of.
//
// A Column holds the values of one result column for a range of rows, in the
// representation that suits its type (see TypeId). Columns are plain values:
// not thread-safe for concurrent mutation, safe to read from many threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/data_type.h"

namespace scry::engine {

using Int128 = __int128;

// The value types (TypeId, ColumnType) are shared vocabulary in
// common/data_type.h; engine code names them through these declarations.
using scry::ColumnType;
using scry::IsNumeric;
using scry::IsTemporal;
using scry::TypeId;
using scry::TypeIdName;

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  friend bool operator==(const Interval&, const Interval&) = default;
};

class Column {
 public:
  Column() = default;
  explicit Column(ColumnType type) : type_(std::move(type)) {}

  const ColumnType& type() const { return type_; }
  size_t size() const { return valid_.size(); }
  bool empty() const { return valid_.empty(); }
  bool IsNull(size_t row) const { return valid_[row] == 0; }

  // Typed access; the caller picks the accessor that matches type().id (see
  // TypeId). Reading a null row returns a zero value.
  int64_t Int64At(size_t row) const { return i64_[row]; }
  Int128 Int128At(size_t row) const { return i128_[row]; }
  double DoubleAt(size_t row) const { return f64_[row]; }
  const std::string& TextAt(size_t row) const { return text_[row]; }
  const Interval& IntervalAt(size_t row) const { return interval_[row]; }

  // Any numeric value as a double (decimals scaled, booleans 0/1); 0 for null
  // and for non-numeric types.
  double NumberAt(size_t row) const;

  void AppendNull();
  void AppendInt64(int64_t value);
  void AppendInt128(Int128 value);
  void AppendDouble(double value);
  void AppendText(std::string_view value);
  void AppendInterval(const Interval& value);
  // Appends rows [begin, begin + count) of `other`, which must have the same TypeId.
  void AppendRange(const Column& other, size_t begin, size_t count);

  void Reserve(size_t rows);
  void Clear();

 private:
  enum class Storage : uint8_t { kInt64, kInt128, kDouble, kText, kInterval };
  static Storage StorageOf(TypeId id);

  ColumnType type_;
  std::vector<uint8_t> valid_;  // 1 = value present, 0 = null
  std::vector<int64_t> i64_;
  std::vector<Int128> i128_;
  std::vector<double> f64_;
  std::vector<std::string> text_;
  std::vector<Interval> interval_;
};

// The canonical text of one value, as tables and CSV show it: integers and
// decimals exactly ("1234.50"), doubles in the shortest form that reads back
// the same, dates "2024-03-01", timestamps "2024-03-01 14:05:00[.123456]"
// (with "+00" for time-zone-aware ones, which are always UTC), intervals
// "1 year 2 months 3 days 04:05:06", blobs as "\x.." escapes. Null is "".
std::string FormatValue(const Column& column, size_t row);

// Formatting helpers shared by the engines and the encoders.
std::string FormatInt128(Int128 value);
std::string FormatDecimal(Int128 unscaled, int scale);
std::string FormatDouble(double value);
std::string FormatTime(int64_t micros_since_midnight);
std::string FormatTimestamp(int64_t micros_since_epoch);

}  // namespace scry::engine
