// How engine types map onto the model's DataType, and which types may meet
// in a join or carry a role. Internal to semantic/.
#pragma once

#include "common/data_type.h"
#include "semantic/model.h"

namespace scry::semantic {

inline DataType DataTypeOf(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return DataType::kBoolean;
    case TypeId::kInteger:
    case TypeId::kHugeInteger:
      return DataType::kInteger;
    case TypeId::kDecimal:
    case TypeId::kDouble:
      return DataType::kNumber;
    case TypeId::kText:
      return DataType::kText;
    case TypeId::kDate:
      return DataType::kDate;
    case TypeId::kTime:
      return DataType::kTime;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return DataType::kTimestamp;
    case TypeId::kInterval:
    case TypeId::kBlob:
    case TypeId::kOther:
      return DataType::kOther;
  }
  return DataType::kOther;
}

inline bool IsNumber(DataType type) {
  return type == DataType::kInteger || type == DataType::kNumber;
}

inline bool IsTemporal(DataType type) {
  return type == DataType::kDate || type == DataType::kTimestamp;
}

// Whether values of the two types can be compared in a join: numbers with
// numbers, dates with dates, and kOther (an untyped SQLite column) with
// anything.
inline bool TypesCompatible(DataType a, DataType b) {
  if (a == DataType::kOther || b == DataType::kOther || a == b) return true;
  if (IsNumber(a) && IsNumber(b)) return true;
  return IsTemporal(a) && IsTemporal(b);
}

}  // namespace scry::semantic
