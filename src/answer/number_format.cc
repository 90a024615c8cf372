#include "answer/number_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine/column.h"

namespace scry::answer {

std::string D3Format(semantic::ValueFormat format, bool fraction_percent) {
  switch (format) {
    case semantic::ValueFormat::kCurrency:
      return ",.2f";
    case semantic::ValueFormat::kPercent:
      return fraction_percent ? ".1%" : ",.1f";
    case semantic::ValueFormat::kCount:
      return ",d";
    case semantic::ValueFormat::kYear:
    case semantic::ValueFormat::kIdentifier:
      return "d";
    case semantic::ValueFormat::kPlain:
      return ",.2~f";
  }
  return ",.2~f";
}

std::string AxisFormat(semantic::ValueFormat format, bool fraction_percent, double largest) {
  switch (format) {
    case semantic::ValueFormat::kPercent:
      return fraction_percent ? ".1~%" : ",.1~f";
    case semantic::ValueFormat::kYear:
    case semantic::ValueFormat::kIdentifier:
      return "d";
    case semantic::ValueFormat::kCurrency:
    case semantic::ValueFormat::kCount:
    case semantic::ValueFormat::kPlain:
      break;
  }
  // Beyond a billion d3 writes "G" where readers expect "B": whole digits then.
  if (largest >= 1e5 && largest < 1e9) return ".3~s";
  return format == semantic::ValueFormat::kCount ? ",d" : ",.2~f";
}

bool HoldsFractions(const engine::Column& column) {
  for (size_t row = 0; row < column.size(); ++row) {
    if (!column.IsNull(row) && std::fabs(column.NumberAt(row)) > 1.5) return false;
  }
  return true;
}

std::string GroupThousands(const std::string& digits) {
  size_t begin = digits.starts_with('-') || digits.starts_with('+') ? 1 : 0;
  size_t end = begin;
  while (end < digits.size() && std::isdigit(static_cast<unsigned char>(digits[end]))) ++end;
  if (end - begin <= 3) return digits;
  std::string out = digits.substr(0, begin);
  for (size_t i = begin; i < end; ++i) {
    if (i > begin && (end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(end);
}

std::string SpokenValue(const engine::Column& column, size_t row, const Field& field) {
  if (column.IsNull(row)) return "no value";
  std::string text = engine::FormatValue(column, row);
  const TypeId id = column.type().id;
  if (id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz) {
    text = text.substr(0, 10);
    switch (field.grain) {
      case semantic::TimeGrain::kYear:
        return text.substr(0, 4);
      case semantic::TimeGrain::kQuarter: {
        const int month = std::atoi(text.substr(5, 2).c_str());
        return fmt::format("Q{} {}", (month - 1) / 3 + 1, text.substr(0, 4));
      }
      case semantic::TimeGrain::kMonth:
        return text.substr(0, 7);
      default:
        return text;
    }
  }
  if (IsNumeric(id) && field.format != semantic::ValueFormat::kYear &&
      field.format != semantic::ValueFormat::kIdentifier) {
    if (id == TypeId::kDouble) text = SpokenNumber(column.DoubleAt(row), column);
    return GroupThousands(text);
  }
  return text;
}

std::string SpokenNumber(double value, const engine::Column& like) {
  int decimals = 0;
  if (like.type().id == TypeId::kDecimal) decimals = std::min<int>(like.type().scale, 2);
  if (like.type().id == TypeId::kDouble) decimals = 2;
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (like.type().id == TypeId::kDouble && text.find('.') != std::string::npos) {
    while (text.ends_with('0')) text.pop_back();
    if (text.ends_with('.')) text.pop_back();
  }
  if (text == "-0") text = "0";
  return GroupThousands(text);
}

}  // namespace scry::answer
