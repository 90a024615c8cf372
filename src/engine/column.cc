#include "engine/column.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "common/clock.h"

namespace scry::engine {

Column::Storage Column::StorageOf(TypeId id) {
  switch (id) {
    case TypeId::kHugeInteger:
    case TypeId::kDecimal:
      return Storage::kInt128;
    case TypeId::kDouble:
      return Storage::kDouble;
    case TypeId::kText:
    case TypeId::kBlob:
    case TypeId::kOther:
      return Storage::kText;
    case TypeId::kInterval:
      return Storage::kInterval;
    default:
      return Storage::kInt64;
  }
}

double Column::NumberAt(size_t row) const {
  if (IsNull(row)) return 0;
  switch (type_.id) {
    case TypeId::kBoolean:
    case TypeId::kInteger:
      return static_cast<double>(i64_[row]);
    case TypeId::kHugeInteger:
      return static_cast<double>(i128_[row]);
    case TypeId::kDecimal:
      return static_cast<double>(i128_[row]) / std::pow(10.0, type_.scale);
    case TypeId::kDouble:
      return f64_[row];
    default:
      return 0;
  }
}

void Column::AppendNull() {
  valid_.push_back(0);
  switch (StorageOf(type_.id)) {
    case Storage::kInt64:
      i64_.push_back(0);
      break;
    case Storage::kInt128:
      i128_.push_back(0);
      break;
    case Storage::kDouble:
      f64_.push_back(0);
      break;
    case Storage::kText:
      text_.emplace_back();
      break;
    case Storage::kInterval:
      interval_.emplace_back();
      break;
  }
}

void Column::AppendInt64(int64_t value) {
  valid_.push_back(1);
  i64_.push_back(value);
}

void Column::AppendInt128(Int128 value) {
  valid_.push_back(1);
  i128_.push_back(value);
}

void Column::AppendDouble(double value) {
  valid_.push_back(1);
  f64_.push_back(value);
}

void Column::AppendText(std::string_view value) {
  valid_.push_back(1);
  text_.emplace_back(value);
}

void Column::AppendInterval(const Interval& value) {
  valid_.push_back(1);
  interval_.push_back(value);
}

void Column::AppendRange(const Column& other, size_t begin, size_t count) {
  const size_t end = begin + count;
  valid_.insert(valid_.end(), other.valid_.begin() + begin, other.valid_.begin() + end);
  switch (StorageOf(type_.id)) {
    case Storage::kInt64:
      i64_.insert(i64_.end(), other.i64_.begin() + begin, other.i64_.begin() + end);
      break;
    case Storage::kInt128:
      i128_.insert(i128_.end(), other.i128_.begin() + begin, other.i128_.begin() + end);
      break;
    case Storage::kDouble:
      f64_.insert(f64_.end(), other.f64_.begin() + begin, other.f64_.begin() + end);
      break;
    case Storage::kText:
      text_.insert(text_.end(), other.text_.begin() + begin, other.text_.begin() + end);
      break;
    case Storage::kInterval:
      interval_.insert(interval_.end(), other.interval_.begin() + begin,
                       other.interval_.begin() + end);
      break;
  }
}

void Column::Reserve(size_t rows) {
  valid_.reserve(rows);
  switch (StorageOf(type_.id)) {
    case Storage::kInt64:
      i64_.reserve(rows);
      break;
    case Storage::kInt128:
      i128_.reserve(rows);
      break;
    case Storage::kDouble:
      f64_.reserve(rows);
      break;
    case Storage::kText:
      text_.reserve(rows);
      break;
    case Storage::kInterval:
      interval_.reserve(rows);
      break;
  }
}

void Column::Clear() {
  valid_.clear();
  i64_.clear();
  i128_.clear();
  f64_.clear();
  text_.clear();
  interval_.clear();
}

std::string FormatInt128(Int128 value) {
  if (value >= INT64_MIN && value <= INT64_MAX) return std::to_string(static_cast<int64_t>(value));
  const bool negative = value < 0;
  // Work with the magnitude as unsigned so that the minimum value does not overflow.
  unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1 : value;
  char buffer[48];
  char* end = buffer + sizeof(buffer);
  char* p = end;
  while (magnitude > 0) {
    *--p = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  if (negative) *--p = '-';
  return std::string(p, end);
}

std::string FormatDecimal(Int128 unscaled, int scale) {
  if (scale <= 0) return FormatInt128(unscaled);
  const bool negative = unscaled < 0;
  std::string digits = FormatInt128(unscaled);
  if (negative) digits.erase(0, 1);
  if (digits.size() <= static_cast<size_t>(scale)) {
    digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
  }
  digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  if (negative) digits.insert(0, 1, '-');
  return digits;
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

std::string FormatTime(int64_t micros) {
  const int64_t seconds = micros / 1'000'000;
  const int64_t fraction = micros % 1'000'000;
  std::string out =
      fmt::format("{:02d}:{:02d}:{:02d}", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  if (fraction != 0) {
    std::string digits = fmt::format("{:06d}", fraction);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  return out;
}

std::string FormatTimestamp(int64_t micros) {
  constexpr int64_t kMicrosPerDay = 86'400'000'000;
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  return FormatIsoDate(CivilFromDays(days)) + " " + FormatTime(rest);
}

namespace {

std::string FormatInterval(const Interval& v) {
  std::string out;
  auto part = [&out](int64_t n, const char* unit) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += fmt::format("{} {}{}", n, unit, (n == 1 || n == -1) ? "" : "s");
  };
  part(v.months / 12, "year");
  part(v.months % 12, "month");
  part(v.days, "day");
  if (v.micros != 0 || out.empty()) {
    if (!out.empty()) out += ' ';
    if (v.micros < 0) out += '-';
    out += FormatTime(v.micros < 0 ? -v.micros : v.micros);
  }
  return out;
}

std::string FormatBlob(const std::string& bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'' && c != '"') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02X}", c);
    }
  }
  return out;
}

}  // namespace

std::string FormatValue(const Column& column, size_t row) {
  if (column.IsNull(row)) return "";
  switch (column.type().id) {
    case TypeId::kBoolean:
      return column.Int64At(row) ? "true" : "false";
    case TypeId::kInteger:
      return std::to_string(column.Int64At(row));
    case TypeId::kHugeInteger:
      return FormatInt128(column.Int128At(row));
    case TypeId::kDecimal:
      return FormatDecimal(column.Int128At(row), column.type().scale);
    case TypeId::kDouble:
      return FormatDouble(column.DoubleAt(row));
    case TypeId::kText:
    case TypeId::kOther:
      return column.TextAt(row);
    case TypeId::kDate:
      return FormatIsoDate(CivilFromDays(column.Int64At(row)));
    case TypeId::kTime:
      return FormatTime(column.Int64At(row));
    case TypeId::kTimestamp:
      return FormatTimestamp(column.Int64At(row));
    case TypeId::kTimestampTz:
      return FormatTimestamp(column.Int64At(row)) + "+00";
    case TypeId::kInterval:
      return FormatInterval(column.IntervalAt(row));
    case TypeId::kBlob:
      return FormatBlob(column.TextAt(row));
  }
  return "";
}

}  // namespace scry::engine
