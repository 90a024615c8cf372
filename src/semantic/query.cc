#include "semantic/query.h"

#include <algorithm>
#include <array>
#include <utility>

#include "semantic/expression.h"
#include "semantic/query_json_names.h"

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

constexpr std::array<std::pair<ChartPreference, std::string_view>, 5> kChartPreferences{{
    {ChartPreference::kAuto, ""},
    {ChartPreference::kPie, "pie"},
    {ChartPreference::kBar, "bar"},
    {ChartPreference::kLine, "line"},
    {ChartPreference::kTable, "table"},
}};

// A metric's aggregates are plain sums and counts, combined outside their
// calls by + and - only.
bool AddsUpTokens(const std::vector<ExpressionToken>& tokens) {
  using Kind = ExpressionToken::Kind;
  int depth = 0;
  int call_depth = -1;  // the depth an aggregate's parentheses opened at; -1 outside one
  bool call_next = false;
  for (const ExpressionToken& token : tokens) {
    const bool inside = call_depth >= 0;
    switch (token.kind) {
      case Kind::kFunction:
        if (inside) break;
        if (token.text != "sum" && token.text != "count") return false;
        call_next = true;
        break;
      case Kind::kOpen:
        ++depth;
        if (call_next) call_depth = depth;
        call_next = false;
        break;
      case Kind::kClose:
        if (depth == call_depth) call_depth = -1;
        --depth;
        break;
      case Kind::kOperator:
        if (!inside && token.text != "+" && token.text != "-") return false;
        break;
      case Kind::kKeyword:
        // count(DISTINCT x) counts each x once per set of rows, not once overall.
        if (!inside || token.text == "distinct") return false;
        break;
      case Kind::kColumn:
      case Kind::kString:
      case Kind::kComma:
        if (!inside) return false;
        break;
      case Kind::kNumber:
        break;
    }
  }
  return true;
}

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

std::string_view TimeGrainName(TimeGrain grain) { return json_names::NameOf(kGrains, grain); }

bool ParseTimeGrain(std::string_view text, TimeGrain* out) {
  return json_names::Parse(kGrains, text, out);
}

bool AddsUp(const ValueExpr& value, const Model& model) {
  switch (value.kind) {
    case ValueExpr::Kind::kCountRows:
      return true;
    case ValueExpr::Kind::kAggregate:
      return !value.distinct &&
             (value.aggregation == Aggregation::kSum || value.aggregation == Aggregation::kCount);
    case ValueExpr::Kind::kMetric: {
      const MetricModel* metric = model.FindMetric(value.metric);
      if (metric == nullptr) return false;
      StatusOr<std::vector<ExpressionToken>> tokens = ParseExpression(metric->expression);
      return tokens.ok() && AddsUpTokens(*tokens);
    }
    default:
      return false;
  }
}

std::string_view ChartPreferenceName(ChartPreference preference) {
  return json_names::NameOf(kChartPreferences, preference);
}

bool ParseChartPreference(std::string_view text, ChartPreference* out) {
  return !text.empty() && json_names::Parse(kChartPreferences, text, out);
}

std::string_view CompareOpName(CompareOp op) { return json_names::NameOf(kOps, op); }

bool ParseCompareOp(std::string_view text, CompareOp* out) {
  return json_names::Parse(kOps, text, out);
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

std::vector<ValueExpr> SemanticQuery::Periods() const {
  std::vector<ValueExpr> periods;
  auto note = [&](const ValueExpr& value) {
    if (value.kind == ValueExpr::Kind::kColumn && value.grain != TimeGrain::kNone &&
        std::find(periods.begin(), periods.end(), value) == periods.end()) {
      periods.push_back(value);
    }
  };
  for (const SelectItem& item : select) note(item.value);
  for (const ValueExpr& value : group_by) note(value);
  return periods;
}

bool SemanticQuery::HasAggregates() const {
  return std::any_of(select.begin(), select.end(),
                     [](const SelectItem& item) { return item.value.IsAggregate(); });
}

}  // namespace scry::semantic
