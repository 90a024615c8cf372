#include "semantic/query.h"

#include <algorithm>
#include <array>
#include <utility>

namespace scry::semantic {
namespace {

constexpr std::array<std::pair<TimeGrain, std::string_view>, 6> kGrains{{
    {TimeGrain::kNone, ""},
    {TimeGrain::kDay, "day"},
    {TimeGrain::kWeek, "week"},
    {TimeGrain::kMonth, "month"},
    {TimeGrain::kQuarter, "quarter"},
    {TimeGrain::kYear, "year"},
}};

constexpr std::array<std::pair<CompareOp, std::string_view>, 12> kOps{{
    {CompareOp::kEq, "eq"},
    {CompareOp::kNe, "ne"},
    {CompareOp::kLt, "lt"},
    {CompareOp::kLe, "le"},
    {CompareOp::kGt, "gt"},
    {CompareOp::kGe, "ge"},
    {CompareOp::kBetween, "between"},
    {CompareOp::kIn, "in"},
    {CompareOp::kContains, "contains"},
    {CompareOp::kStartsWith, "starts_with"},
    {CompareOp::kEndsWith, "ends_with"},
    {CompareOp::kIsNull, "is_null"},
}};

void AddTable(const std::string& table, std::vector<std::string>* tables) {
  if (!table.empty() && std::find(tables->begin(), tables->end(), table) == tables->end()) {
    tables->push_back(table);
  }
}

void AddTables(const ValueExpr& value, std::vector<std::string>* tables) {
  switch (value.kind) {
    case ValueExpr::Kind::kColumn:
    case ValueExpr::Kind::kAggregate:
      AddTable(value.column.table, tables);
      break;
    case ValueExpr::Kind::kCountRows:
    case ValueExpr::Kind::kAllColumns:
      AddTable(value.table, tables);
      break;
    case ValueExpr::Kind::kMetric:
      break;  // the compiler expands metrics
  }
}

void AddTables(const Filter& filter, std::vector<std::string>* tables) {
  if (filter.kind == Filter::Kind::kPredicate) {
    AddTables(filter.predicate.lhs, tables);
    return;
  }
  for (const Filter& child : filter.children) AddTables(child, tables);
}

}  // namespace

std::string_view TimeGrainName(TimeGrain grain) {
  for (const auto& [candidate, name] : kGrains) {
    if (candidate == grain) return name;
  }
  return "";
}

bool ParseTimeGrain(std::string_view text, TimeGrain* out) {
  for (const auto& [candidate, name] : kGrains) {
    if (name == text) {
      *out = candidate;
      return true;
    }
  }
  return false;
}

std::string_view CompareOpName(CompareOp op) {
  for (const auto& [candidate, name] : kOps) {
    if (candidate == op) return name;
  }
  return "";
}

bool ParseCompareOp(std::string_view text, CompareOp* out) {
  for (const auto& [candidate, name] : kOps) {
    if (name == text) {
      *out = candidate;
      return true;
    }
  }
  return false;
}

ValueExpr ValueExpr::Column(ColumnRef column, TimeGrain grain) {
  ValueExpr value;
  value.kind = Kind::kColumn;
  value.column = std::move(column);
  value.grain = grain;
  return value;
}

ValueExpr ValueExpr::Aggregate(Aggregation aggregation, ColumnRef column, bool distinct) {
  ValueExpr value;
  value.kind = Kind::kAggregate;
  value.aggregation = aggregation;
  value.column = std::move(column);
  value.distinct = distinct;
  return value;
}

ValueExpr ValueExpr::CountRows(std::string table) {
  ValueExpr value;
  value.kind = Kind::kCountRows;
  value.aggregation = Aggregation::kCount;
  value.table = std::move(table);
  return value;
}

ValueExpr ValueExpr::Metric(std::string name) {
  ValueExpr value;
  value.kind = Kind::kMetric;
  value.metric = std::move(name);
  return value;
}

ValueExpr ValueExpr::AllColumns(std::string table) {
  ValueExpr value;
  value.kind = Kind::kAllColumns;
  value.table = std::move(table);
  return value;
}

Literal Literal::Null() { return Literal(); }

Literal Literal::Boolean(bool value) {
  Literal literal;
  literal.kind = Kind::kBoolean;
  literal.boolean = value;
  return literal;
}

Literal Literal::Integer(int64_t value) {
  Literal literal;
  literal.kind = Kind::kInteger;
  literal.integer = value;
  return literal;
}

Literal Literal::Number(double value, std::string as_written) {
  Literal literal;
  literal.kind = Kind::kNumber;
  literal.number = value;
  literal.text = std::move(as_written);
  return literal;
}

Literal Literal::Text(std::string value) {
  Literal literal;
  literal.kind = Kind::kText;
  literal.text = std::move(value);
  return literal;
}

Literal Literal::Date(CivilDate value) {
  Literal literal;
  literal.kind = Kind::kDate;
  literal.date = value;
  return literal;
}

Filter Filter::Of(Predicate predicate) {
  Filter filter;
  filter.kind = Kind::kPredicate;
  filter.predicate = std::move(predicate);
  return filter;
}

Filter Filter::And(std::vector<Filter> children) {
  Filter filter;
  filter.kind = Kind::kAnd;
  filter.children = std::move(children);
  return filter;
}

Filter Filter::Or(std::vector<Filter> children) {
  Filter filter;
  filter.kind = Kind::kOr;
  filter.children = std::move(children);
  return filter;
}

void Filter::AddConjunct(Filter filter) {
  if (filter.empty()) return;
  if (empty()) {
    *this = std::move(filter);
    return;
  }
  if (kind != Kind::kAnd) *this = And({std::move(*this)});
  children.push_back(std::move(filter));
}

std::vector<std::string> SemanticQuery::Tables() const {
  std::vector<std::string> tables;
  AddTable(subject_table, &tables);
  for (const SelectItem& item : select) AddTables(item.value, &tables);
  for (const ValueExpr& value : group_by) AddTables(value, &tables);
  AddTables(where, &tables);
  AddTables(having, &tables);
  if (time_range) AddTable(time_range->column.table, &tables);
  for (const OrderItem& item : order_by) AddTables(item.value, &tables);
  return tables;
}

bool SemanticQuery::HasAggregates() const {
  return std::any_of(select.begin(), select.end(),
                     [](const SelectItem& item) { return item.value.IsAggregate(); });
}

}  // namespace scry::semantic
