#include "common/data_type.h"

#include <fmt/format.h>

namespace scry {

std::string_view TypeIdName(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kInteger:
      return "integer";
    case TypeId::kHugeInteger:
      return "hugeint";
    case TypeId::kDecimal:
      return "decimal";
    case TypeId::kDouble:
      return "double";
    case TypeId::kText:
      return "text";
    case TypeId::kDate:
      return "date";
    case TypeId::kTime:
      return "time";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kTimestampTz:
      return "timestamptz";
    case TypeId::kInterval:
      return "interval";
    case TypeId::kBlob:
      return "blob";
    case TypeId::kOther:
      return "other";
  }
  return "other";
}

bool IsNumeric(TypeId id) {
  return id == TypeId::kInteger || id == TypeId::kHugeInteger || id == TypeId::kDecimal ||
         id == TypeId::kDouble;
}

bool IsTemporal(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTime || id == TypeId::kTimestamp ||
         id == TypeId::kTimestampTz;
}

ColumnType ColumnType::Of(TypeId id, std::string engine_name) {
  ColumnType type;
  type.id = id;
  type.engine_name = std::move(engine_name);
  return type;
}

ColumnType ColumnType::Decimal(uint8_t precision, uint8_t scale, std::string engine_name) {
  ColumnType type = Of(TypeId::kDecimal, std::move(engine_name));
  type.precision = precision;
  type.scale = scale;
  if (type.engine_name.empty()) type.engine_name = fmt::format("DECIMAL({},{})", precision, scale);
  return type;
}

}  // namespace scry
