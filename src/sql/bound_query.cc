#include "sql/bound_query.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "sql/join_resolver.h"

namespace scry::sql {
namespace {

using semantic::Aggregation;
using semantic::ColumnModel;
using semantic::ColumnRef;
using semantic::DataType;
using semantic::ExpressionToken;
using semantic::Filter;
using semantic::Model;
using semantic::SemanticQuery;
using semantic::TimeGrain;
using semantic::ValueExpr;

void AddUnique(const std::string& table, std::vector<std::string>* tables) {
  if (!table.empty() && std::find(tables->begin(), tables->end(), table) == tables->end()) {
    tables->push_back(table);
  }
}

bool IsTemporalOrText(DataType type) {
  return type == DataType::kText || type == DataType::kDate || type == DataType::kTimestamp ||
         type == DataType::kTime;
}

bool HasAggregate(const Filter& filter) {
  if (filter.kind == Filter::Kind::kPredicate) return filter.predicate.lhs.IsAggregate();
  return std::any_of(filter.children.begin(), filter.children.end(), HasAggregate);
}

template <typename Visit>
void ForEachPredicate(const Filter& filter, const Visit& visit) {
  if (filter.kind == Filter::Kind::kPredicate) {
    visit(filter.predicate);
    return;
  }
  for (const Filter& child : filter.children) ForEachPredicate(child, visit);
}

void Flatten(const Filter& filter, std::vector<Filter>* conjuncts) {
  if (filter.kind != Filter::Kind::kAnd) {
    conjuncts->push_back(filter);
    return;
  }
  for (const Filter& child : filter.children) Flatten(child, conjuncts);
}

class Binder {
 public:
  Binder(const Model& model, BoundQuery* bound) : model_(model), bound_(bound) {}

  Status Run(const SemanticQuery& query);

 private:
  Status BindTable(std::string* table) const;
  Status BindColumn(ColumnRef* ref, const ColumnModel** column = nullptr) const;
  Status BindValue(ValueExpr* value);
  Status BindMetric(std::string* name);
  Status BindFilter(Filter* filter);
  Status SplitWhere();
  Status PickAnchor();
  Status BindTimeRange();
  void CollectSites();
  void AddSite(const ValueExpr& value);
  void AddMetricSites(const std::string& metric);
  void CollectTables();
  void NoteOutsideWhere(const ValueExpr& value);
  Status CheckCumulative() const;

  const Model& model_;
  BoundQuery* bound_;
};

Status Binder::BindTable(std::string* table) const {
  const semantic::TableModel* found = model_.FindTable(*table);
  if (found == nullptr) return InvalidArgumentError(fmt::format("unknown table '{}'", *table));
  *table = found->name;
  return Status::Ok();
}

Status Binder::BindColumn(ColumnRef* ref, const ColumnModel** column) const {
  if (ref->table.empty()) {
    return InvalidArgumentError(fmt::format("column '{}' names no table", ref->column));
  }
  RETURN_IF_ERROR(BindTable(&ref->table));
  const ColumnModel* found = model_.FindColumn(ref->table, ref->column);
  if (found == nullptr) {
    return InvalidArgumentError(
        fmt::format("table '{}' has no column '{}'", ref->table, ref->column));
  }
  ref->column = found->name;
  if (column != nullptr) *column = found;
  return Status::Ok();
}

Status Binder::BindValue(ValueExpr* value) {
  const ColumnModel* column = nullptr;
  switch (value->kind) {
    case ValueExpr::Kind::kColumn:
      RETURN_IF_ERROR(BindColumn(&value->column, &column));
      if (value->grain != TimeGrain::kNone && !IsTemporalOrText(column->type) &&
          column->type != DataType::kOther) {
        return InvalidArgumentError(fmt::format("column '{}.{}' is not a date: it has no {}",
                                                value->column.table, value->column.column,
                                                semantic::TimeGrainName(value->grain)));
      }
      return Status::Ok();
    case ValueExpr::Kind::kAggregate: {
      RETURN_IF_ERROR(BindColumn(&value->column, &column));
      const Aggregation aggregation = value->aggregation;
      if (aggregation == Aggregation::kNone) {
        return InvalidArgumentError(fmt::format("aggregate of '{}.{}' has no aggregation",
                                                value->column.table, value->column.column));
      }
      const bool arithmetic = aggregation == Aggregation::kSum ||
                              aggregation == Aggregation::kAvg ||
                              aggregation == Aggregation::kMedian;
      if (arithmetic && IsTemporalOrText(column->type)) {
        return InvalidArgumentError(fmt::format(
            "cannot take the {} of {} column '{}.{}'", semantic::AggregationName(aggregation),
            semantic::DataTypeName(column->type), value->column.table, value->column.column));
      }
      return Status::Ok();
    }
    case ValueExpr::Kind::kCountRows:
    case ValueExpr::Kind::kAllColumns:
      if (value->table.empty()) value->table = bound_->query.subject_table;
      if (value->table.empty()) return InvalidArgumentError("count(*) or * names no table");
      return BindTable(&value->table);
    case ValueExpr::Kind::kMetric:
      return BindMetric(&value->metric);
  }
  return Status::Ok();
}

Status Binder::BindMetric(std::string* name) {
  const semantic::MetricModel* metric = model_.FindMetric(*name);
  if (metric == nullptr) return InvalidArgumentError(fmt::format("unknown metric '{}'", *name));
  *name = metric->name;
  if (bound_->metrics.count(metric->name) > 0) return Status::Ok();
  StatusOr<std::vector<ExpressionToken>> tokens = semantic::ParseExpression(metric->expression);
  if (!tokens.ok()) return tokens.status().WithContext(fmt::format("metric '{}'", metric->name));
  for (ExpressionToken& token : *tokens) {
    if (token.kind != ExpressionToken::Kind::kColumn) continue;
    Status status = BindColumn(&token.column);
    if (!status.ok()) return status.WithContext(fmt::format("metric '{}'", metric->name));
  }
  bound_->metrics.emplace(metric->name, std::move(tokens).value());
  return Status::Ok();
}

Status Binder::BindFilter(Filter* filter) {
  if (filter->kind == Filter::Kind::kPredicate) return BindValue(&filter->predicate.lhs);
  for (Filter& child : filter->children) RETURN_IF_ERROR(BindFilter(&child));
  return Status::Ok();
}

// Predicates on aggregates belong in HAVING, whichever filter the parser put
// them in; one mixed into an OR with row conditions cannot be split.
Status Binder::SplitWhere() {
  SemanticQuery& query = bound_->query;
  std::vector<Filter> conjuncts;
  Flatten(query.where, &conjuncts);
  for (Filter& conjunct : conjuncts) {
    if (conjunct.empty()) continue;
    if (!HasAggregate(conjunct)) {
      bound_->conjuncts.push_back(std::move(conjunct));
    } else if (conjunct.kind == Filter::Kind::kPredicate) {
      query.having.AddConjunct(std::move(conjunct));
    } else {
      return InvalidArgumentError(
          "a condition on an aggregate is combined with OR with a "
          "condition on rows; it cannot be split into WHERE and HAVING");
    }
  }
  query.where = Filter::And(bound_->conjuncts);
  return Status::Ok();
}

// The anchor is the table whose rows must not repeat: the subject when the
// query names one, else the table of the measures (among several, the one
// from which the others are reached without fan-out: the finest grain).
Status Binder::PickAnchor() {
  const SemanticQuery& query = bound_->query;
  if (!query.subject_table.empty()) {
    bound_->anchor = query.subject_table;
    return Status::Ok();
  }
  std::vector<std::string> measured;
  for (const AggregateSite& site : bound_->aggregates) {
    if (site.SensitiveToRepeats()) AddUnique(site.table, &measured);
  }
  for (const std::string& candidate : measured) {
    if (std::all_of(measured.begin(), measured.end(), [&](const std::string& other) {
          return ReachesWithoutFanOut(model_, candidate, other);
        })) {
      bound_->anchor = candidate;
      return Status::Ok();
    }
  }
  if (!measured.empty()) {
    bound_->anchor = measured.front();
    return Status::Ok();
  }
  for (const AggregateSite& site : bound_->aggregates) {
    if (!site.table.empty()) {
      bound_->anchor = site.table;
      return Status::Ok();
    }
  }
  const std::vector<std::string> tables = query.Tables();
  if (tables.empty()) return InvalidArgumentError("the query reads no table");
  bound_->anchor = tables.front();
  return Status::Ok();
}

Status Binder::BindTimeRange() {
  SemanticQuery& query = bound_->query;
  if (!query.time_range) {
    if (query.comparison) return InvalidArgumentError("a period comparison needs a time range");
    return Status::Ok();
  }
  ColumnRef& column = query.time_range->column;
  if (column.empty()) {
    const semantic::TableModel* anchor = model_.FindTable(bound_->anchor);
    const std::string& time_column = anchor->time_column;
    if (time_column.empty()) {
      return InvalidArgumentError(
          fmt::format("table '{}' has no time column for the time range", anchor->name));
    }
    const size_t dot = time_column.find('.');
    column = dot == std::string::npos
                 ? ColumnRef{anchor->name, time_column}
                 : ColumnRef{time_column.substr(0, dot), time_column.substr(dot + 1)};
  }
  return BindColumn(&column).WithContext("time range");
}

void Binder::AddSite(const ValueExpr& value) {
  switch (value.kind) {
    case ValueExpr::Kind::kAggregate:
      bound_->aggregates.push_back({value.aggregation, value.distinct, value.column.table, false});
      break;
    case ValueExpr::Kind::kCountRows:
      bound_->aggregates.push_back({Aggregation::kCount, false, value.table, true});
      break;
    case ValueExpr::Kind::kMetric:
      AddMetricSites(value.metric);
      break;
    default:
      break;
  }
}

void Binder::AddMetricSites(const std::string& metric) {
  const std::vector<ExpressionToken>& tokens = bound_->metrics.at(metric);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != ExpressionToken::Kind::kFunction) continue;
    const Aggregation aggregation = AggregateFunction(tokens[i].text);
    if (aggregation == Aggregation::kNone) continue;
    AggregateSite site{aggregation, false, "", true};
    int depth = 0;
    for (size_t j = i + 1; j < tokens.size(); ++j) {
      const ExpressionToken& token = tokens[j];
      if (token.kind == ExpressionToken::Kind::kOpen) ++depth;
      if (token.kind == ExpressionToken::Kind::kClose && --depth == 0) break;
      if (token.kind == ExpressionToken::Kind::kKeyword && token.text == "distinct") {
        site.distinct = true;
      }
      if (token.kind == ExpressionToken::Kind::kColumn && site.table.empty()) {
        site.table = token.column.table;
        site.count_rows = false;
      }
    }
    bound_->aggregates.push_back(std::move(site));
  }
}

void Binder::CollectSites() {
  const SemanticQuery& query = bound_->query;
  for (const semantic::SelectItem& item : query.select) AddSite(item.value);
  ForEachPredicate(query.having, [&](const semantic::Predicate& p) { AddSite(p.lhs); });
  for (const semantic::OrderItem& item : query.order_by) AddSite(item.value);
}

void Binder::NoteOutsideWhere(const ValueExpr& value) {
  std::set<std::string>& outside = bound_->used_outside_where;
  switch (value.kind) {
    case ValueExpr::Kind::kColumn:
    case ValueExpr::Kind::kAggregate:
      outside.insert(value.column.table);
      break;
    case ValueExpr::Kind::kCountRows:
    case ValueExpr::Kind::kAllColumns:
      outside.insert(value.table);
      break;
    case ValueExpr::Kind::kMetric:
      for (const std::string& table :
           semantic::ExpressionTables(bound_->metrics.at(value.metric))) {
        outside.insert(table);
      }
      break;
  }
}

void Binder::CollectTables() {
  const SemanticQuery& query = bound_->query;
  for (const semantic::SelectItem& item : query.select) NoteOutsideWhere(item.value);
  for (const ValueExpr& value : query.group_by) NoteOutsideWhere(value);
  for (const semantic::OrderItem& item : query.order_by) NoteOutsideWhere(item.value);
  ForEachPredicate(query.having, [&](const semantic::Predicate& p) { NoteOutsideWhere(p.lhs); });
  for (const auto& [name, tokens] : bound_->metrics) {
    for (const std::string& table : semantic::ExpressionTables(tokens)) {
      bound_->used_outside_where.insert(table);
    }
  }
  if (query.comparison) bound_->used_outside_where.insert(query.time_range->column.table);
  bound_->used_outside_where.insert(bound_->anchor);

  std::vector<std::string>& tables = bound_->tables;
  AddUnique(bound_->anchor, &tables);
  for (const std::string& table : query.Tables()) AddUnique(table, &tables);
  for (const std::string& table : bound_->used_outside_where) AddUnique(table, &tables);
  if (query.time_range) AddUnique(query.time_range->column.table, &tables);
}

Status Binder::Run(const SemanticQuery& query) {
  SemanticQuery& bound = bound_->query;
  bound = query;
  bound.set_operation.reset();
  if (bound.select.empty()) return InvalidArgumentError("the query selects nothing");
  if (!bound.subject_table.empty()) RETURN_IF_ERROR(BindTable(&bound.subject_table));
  for (semantic::SelectItem& item : bound.select) RETURN_IF_ERROR(BindValue(&item.value));
  for (ValueExpr& value : bound.group_by) RETURN_IF_ERROR(BindValue(&value));
  RETURN_IF_ERROR(BindFilter(&bound.where));
  RETURN_IF_ERROR(BindFilter(&bound.having));
  for (semantic::OrderItem& item : bound.order_by) RETURN_IF_ERROR(BindValue(&item.value));
  RETURN_IF_ERROR(SplitWhere());
  CollectSites();
  RETURN_IF_ERROR(PickAnchor());
  for (AggregateSite& site : bound_->aggregates) {
    if (site.table.empty()) site.table = bound_->anchor;
  }
  RETURN_IF_ERROR(BindTimeRange());
  CollectTables();
  return CheckCumulative();
}

// A running total adds up a sum or a count, period after period, over the
// query's one time dimension.
Status Binder::CheckCumulative() const {
  const SemanticQuery& query = bound_->query;
  bool cumulative = false;
  for (const semantic::SelectItem& item : query.select) {
    if (!item.cumulative) continue;
    cumulative = true;
    if (!semantic::AddsUp(item.value, model_)) {
      return InvalidArgumentError(
          "a running total adds up a sum or a count; an average, a minimum, a maximum, a "
          "distinct count or a ratio cannot be added up over periods");
    }
  }
  if (!cumulative) return Status::Ok();
  if (query.comparison) {
    return UnimplementedError("a running total cannot also be compared with an earlier period");
  }
  const std::vector<ValueExpr> periods = query.Periods();
  if (periods.size() != 1) {
    return InvalidArgumentError(
        periods.empty() ? "a running total needs a date broken down by day, week, month, quarter "
                          "or year to run over"
                        : "a running total runs over one time dimension; the query has several");
  }
  return Status::Ok();
}

}  // namespace

bool AggregateSite::SensitiveToRepeats() const {
  if (distinct) return false;
  return aggregation == Aggregation::kCount || aggregation == Aggregation::kSum ||
         aggregation == Aggregation::kAvg || aggregation == Aggregation::kMedian;
}

bool BoundQuery::Aggregated() const {
  return !aggregates.empty() || !query.group_by.empty() || !query.having.empty();
}

StatusOr<BoundQuery> Bind(const SemanticQuery& query, const Model& model) {
  BoundQuery bound;
  Binder binder(model, &bound);
  RETURN_IF_ERROR(binder.Run(query));
  return bound;
}

std::vector<std::string> FilterTables(const Filter& filter) {
  std::vector<std::string> tables;
  if (filter.kind == Filter::Kind::kPredicate) {
    const ValueExpr& lhs = filter.predicate.lhs;
    AddUnique(lhs.kind == ValueExpr::Kind::kColumn || lhs.kind == ValueExpr::Kind::kAggregate
                  ? lhs.column.table
                  : lhs.table,
              &tables);
    return tables;
  }
  for (const Filter& child : filter.children) {
    for (const std::string& table : FilterTables(child)) AddUnique(table, &tables);
  }
  return tables;
}

std::vector<std::string> PrimaryKey(const semantic::TableModel& table) {
  if (!table.primary_key.empty()) return table.primary_key;
  std::vector<std::string> key;
  for (const ColumnModel& column : table.columns) {
    if (column.primary_key) key.push_back(column.name);
  }
  return key;
}

Aggregation AggregateFunction(std::string_view function) {
  if (function == "count") return Aggregation::kCount;
  if (function == "sum") return Aggregation::kSum;
  if (function == "avg") return Aggregation::kAvg;
  if (function == "min") return Aggregation::kMin;
  if (function == "max") return Aggregation::kMax;
  if (function == "median") return Aggregation::kMedian;
  return Aggregation::kNone;
}

}  // namespace scry::sql
