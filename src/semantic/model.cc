#include "semantic/model.h"

#include <algorithm>
#include <array>
#include <utility>

namespace scry::semantic {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

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
    if (EqualsIgnoreCase(name, text)) {
      *out = candidate;
      return true;
    }
  }
  return false;
}

constexpr std::array<std::pair<DataType, std::string_view>, 8> kDataTypes{{
    {DataType::kText, "text"},
    {DataType::kInteger, "integer"},
    {DataType::kNumber, "number"},
    {DataType::kBoolean, "boolean"},
    {DataType::kDate, "date"},
    {DataType::kTimestamp, "timestamp"},
    {DataType::kTime, "time"},
    {DataType::kOther, "other"},
}};

constexpr std::array<std::pair<ColumnRole, std::string_view>, 7> kRoles{{
    {ColumnRole::kIdentifier, "identifier"},
    {ColumnRole::kDimension, "dimension"},
    {ColumnRole::kMeasure, "measure"},
    {ColumnRole::kTime, "time"},
    {ColumnRole::kName, "name"},
    {ColumnRole::kText, "text"},
    {ColumnRole::kFlag, "flag"},
}};

constexpr std::array<std::pair<Aggregation, std::string_view>, 8> kAggregations{{
    {Aggregation::kNone, "none"},
    {Aggregation::kCount, "count"},
    {Aggregation::kCountDistinct, "count_distinct"},
    {Aggregation::kSum, "sum"},
    {Aggregation::kAvg, "avg"},
    {Aggregation::kMin, "min"},
    {Aggregation::kMax, "max"},
    {Aggregation::kMedian, "median"},
}};

constexpr std::array<std::pair<ValueFormat, std::string_view>, 6> kFormats{{
    {ValueFormat::kPlain, "plain"},
    {ValueFormat::kCurrency, "currency"},
    {ValueFormat::kPercent, "percent"},
    {ValueFormat::kCount, "count"},
    {ValueFormat::kYear, "year"},
    {ValueFormat::kIdentifier, "identifier"},
}};

}  // namespace

std::string_view DataTypeName(DataType type) { return NameOf(kDataTypes, type); }
std::string_view ColumnRoleName(ColumnRole role) { return NameOf(kRoles, role); }
std::string_view AggregationName(Aggregation aggregation) {
  return NameOf(kAggregations, aggregation);
}
std::string_view ValueFormatName(ValueFormat format) { return NameOf(kFormats, format); }
bool ParseDataType(std::string_view text, DataType* out) { return Parse(kDataTypes, text, out); }
bool ParseColumnRole(std::string_view text, ColumnRole* out) { return Parse(kRoles, text, out); }
bool ParseAggregation(std::string_view text, Aggregation* out) {
  return Parse(kAggregations, text, out);
}
bool ParseValueFormat(std::string_view text, ValueFormat* out) {
  return Parse(kFormats, text, out);
}

const ColumnModel* TableModel::FindColumn(std::string_view column) const {
  for (const ColumnModel& candidate : columns) {
    if (EqualsIgnoreCase(candidate.name, column)) return &candidate;
  }
  return nullptr;
}

const TableModel* Model::FindTable(std::string_view table) const {
  for (const TableModel& candidate : tables) {
    if (EqualsIgnoreCase(candidate.name, table)) return &candidate;
  }
  return nullptr;
}

const ColumnModel* Model::FindColumn(std::string_view table, std::string_view column) const {
  const TableModel* found = FindTable(table);
  return found == nullptr ? nullptr : found->FindColumn(column);
}

const MetricModel* Model::FindMetric(std::string_view name) const {
  for (const MetricModel& candidate : metrics) {
    if (EqualsIgnoreCase(candidate.name, name)) return &candidate;
  }
  return nullptr;
}

}  // namespace scry::semantic
