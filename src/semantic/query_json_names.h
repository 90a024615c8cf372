// Names of the IR's enumerations in JSON, shared by query_json.cc (writing)
// and query_json_read.cc (reading); query.cc looks its own name tables up with
// NameOf and Parse. Internal to semantic/.
#pragma once

#include <array>
#include <string_view>
#include <utility>

#include "semantic/query.h"

namespace scry::semantic::json_names {

inline constexpr std::array<std::pair<ValueExpr::Kind, std::string_view>, 5> kValueKinds{{
    {ValueExpr::Kind::kColumn, "column"},
    {ValueExpr::Kind::kAggregate, "aggregate"},
    {ValueExpr::Kind::kCountRows, "count_rows"},
    {ValueExpr::Kind::kMetric, "metric"},
    {ValueExpr::Kind::kAllColumns, "all_columns"},
}};

inline constexpr std::array<std::pair<Literal::Kind, std::string_view>, 6> kLiteralKinds{{
    {Literal::Kind::kNull, "null"},
    {Literal::Kind::kBoolean, "boolean"},
    {Literal::Kind::kInteger, "integer"},
    {Literal::Kind::kNumber, "number"},
    {Literal::Kind::kText, "text"},
    {Literal::Kind::kDate, "date"},
}};

inline constexpr std::array<std::pair<SetOp, std::string_view>, 3> kSetOps{{
    {SetOp::kUnion, "union"},
    {SetOp::kIntersect, "intersect"},
    {SetOp::kExcept, "except"},
}};

inline constexpr std::array<std::pair<PeriodComparison::Kind, std::string_view>, 2> kComparisons{{
    {PeriodComparison::Kind::kPreviousPeriod, "previous_period"},
    {PeriodComparison::Kind::kPreviousYear, "previous_year"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "";
}

template <typename Enum, size_t N>
bool Parse(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text,
           Enum* out) {
  for (const auto& [candidate, name] : names) {
    if (name == text) {
      *out = candidate;
      return true;
    }
  }
  return false;
}

// The value a kind's factory makes with empty arguments: JSON writes only the
// fields that differ from it, so the reader starts from it.
inline ValueExpr DefaultValue(ValueExpr::Kind kind) {
  ValueExpr value;
  value.kind = kind;
  if (kind == ValueExpr::Kind::kCountRows) value.aggregation = Aggregation::kCount;
  return value;
}

}  // namespace scry::semantic::json_names
