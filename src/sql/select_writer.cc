#include "sql/select_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace scry::sql {
namespace {

using semantic::ColumnRef;
using semantic::TimeGrain;
using semantic::ValueExpr;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void AddUniqueText(std::string text, std::vector<std::string>* list) {
  if (std::find(list->begin(), list->end(), text) == list->end()) list->push_back(std::move(text));
}

bool Contains(const std::vector<ValueExpr>& values, const ValueExpr& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Names for a derived table's columns, unique case-insensitively.
class NamePool {
 public:
  std::string Take(const std::string& preferred) {
    std::string name = preferred;
    for (int suffix = 2; taken_.count(Lower(name)) > 0; ++suffix) {
      name = fmt::format("{}_{}", preferred, suffix);
    }
    taken_.insert(Lower(name));
    return name;
  }

 private:
  std::set<std::string> taken_;
};

}  // namespace

SelectWriter::SelectWriter(const semantic::Model& model, const Dialect& dialect,
                           const BoundQuery& query, const QueryPlan& plan,
                           const SubqueryCompiler& subqueries, bool name_columns)
    : model_(model),
      dialect_(dialect),
      query_(query),
      plan_(plan),
      subqueries_(subqueries),
      names_(OutputNames(query.query.select)),
      name_columns_(name_columns) {
  const auto& range = query.query.time_range;
  if (range) current_ = {range->start, range->end};
  if (range && query.query.comparison)
    previous_ = PreviousRange(current_, query.query.comparison->kind);
}

StatusOr<SelectStatement> SelectWriter::Write() const {
  const auto& range = query_.query.time_range;
  if (range && !(range->start < range->end)) {
    return InvalidArgumentError(fmt::format(
        "time range {} to {} is empty", FormatIsoDate(range->start), FormatIsoDate(range->end)));
  }
  RETURN_IF_ERROR(CheckComparison());
  if (plan_.shape == FanOutShape::kDeduplicated) return WriteDeduplicated();
  return WriteDirect();
}

Status SelectWriter::CheckComparison() const {
  if (!query_.query.comparison) return Status::Ok();
  const ColumnRef& date = query_.query.time_range->column;
  auto by_own_date = [&](const ValueExpr& value) {
    return value.kind == ValueExpr::Kind::kColumn && value.column == date &&
           value.grain != TimeGrain::kNone;
  };
  const auto& select = query_.query.select;
  const bool conflict =
      std::any_of(select.begin(), select.end(),
                  [&](const semantic::SelectItem& item) { return by_own_date(item.value); }) ||
      std::any_of(query_.query.group_by.begin(), query_.query.group_by.end(), by_own_date);
  if (!conflict) return Status::Ok();
  return UnimplementedError(
      fmt::format("a period comparison cannot also be broken down by periods of its own date "
                  "column '{}.{}'",
                  date.table, date.column));
}

StatusOr<SelectStatement> SelectWriter::WriteDirect() const {
  Scope scope(dialect_, !plan_.joins.steps.empty());
  AggregateRules rules;
  for (const auto& [table, key] : plan_.distinct_keys) {
    rules.distinct_keys[table] = scope.Column(key);
  }
  const ExpressionWriter writer(dialect_, model_, query_, scope, std::move(rules));
  SelectStatement statement;
  statement.distinct = query_.query.distinct;
  WriteFrom(plan_.joins, scope, &statement);
  ASSIGN_OR_RETURN(statement.where, WhereConditions(writer));
  RETURN_IF_ERROR(WriteItems(writer, &statement));
  return statement;
}

StatusOr<SelectStatement> SelectWriter::WriteDeduplicated() const {
  const Scope inner_scope(dialect_, !plan_.joins.steps.empty());
  const ExpressionWriter inner(dialect_, model_, query_, inner_scope);
  SelectStatement rows;
  rows.distinct = true;
  WriteFrom(plan_.joins, inner_scope, &rows);
  ASSIGN_OR_RETURN(rows.where, WhereConditions(inner));
  Scope outer_scope(dialect_, false);
  RETURN_IF_ERROR(WriteDerivedColumns(inner, &rows, &outer_scope));

  SelectStatement statement;
  statement.distinct = query_.query.distinct;
  statement.from = "(" + Render(rows, Layout::kOneLine) + ") AS " +
                   dialect_.QuoteIdentifier(plan_.deduplicated_table);
  const ExpressionWriter outer(dialect_, model_, query_, outer_scope);
  RETURN_IF_ERROR(WriteItems(outer, &statement));
  return statement;
}

// The derived table's columns: the deduplicated table's key, each value the
// outer query groups or orders by, and each column its aggregates read; the
// outer scope learns their names.
Status SelectWriter::WriteDerivedColumns(const ExpressionWriter& inner, SelectStatement* rows,
                                         Scope* outer_scope) const {
  NamePool pool;
  auto add = [&](const ValueExpr& value, const std::string& preferred) -> Status {
    if (outer_scope->Renamed(value.column, value.grain) != nullptr) return Status::Ok();
    const std::string name = pool.Take(preferred);
    ASSIGN_OR_RETURN(std::string text, inner.Value(value));
    const bool natural = value.grain == TimeGrain::kNone && name == value.column.column;
    rows->select.push_back(natural ? text : text + " AS " + dialect_.QuoteIdentifier(name));
    outer_scope->Rename(value.column, value.grain, name);
    return Status::Ok();
  };
  for (const std::string& key : plan_.deduplicated_key) {
    RETURN_IF_ERROR(add(ValueExpr::Column({plan_.deduplicated_table, key}), key));
  }
  const auto& select = query_.query.select;
  for (const ValueExpr& value : DimensionValues()) {
    std::string preferred = value.grain == TimeGrain::kNone
                                ? value.column.column
                                : std::string(semantic::TimeGrainName(value.grain));
    for (size_t i = 0; i < select.size(); ++i) {
      if (select[i].value == value && !names_[i].name.empty()) preferred = names_[i].name;
    }
    RETURN_IF_ERROR(add(value, preferred));
  }
  for (const ColumnRef& column : MeasureColumns()) {
    RETURN_IF_ERROR(add(ValueExpr::Column(column), column.column));
  }
  return Status::Ok();
}

// Columns the outer query reads outside aggregates: its groups and orders.
std::vector<ValueExpr> SelectWriter::DimensionValues() const {
  std::vector<ValueExpr> values = GroupedValues();
  for (const semantic::OrderItem& item : query_.query.order_by) {
    if (!item.value.IsAggregate() && !Contains(values, item.value)) values.push_back(item.value);
  }
  values.erase(
      std::remove_if(values.begin(), values.end(),
                     [](const ValueExpr& v) { return v.kind != ValueExpr::Kind::kColumn; }),
      values.end());
  return values;
}

// Columns read inside the query's aggregates (select, order, having).
std::vector<ColumnRef> SelectWriter::MeasureColumns() const {
  std::vector<ColumnRef> columns;
  auto note = [&](const ValueExpr& value) {
    if (value.kind == ValueExpr::Kind::kAggregate) columns.push_back(value.column);
    if (value.kind != ValueExpr::Kind::kMetric) return;
    for (const auto& token : query_.metrics.at(value.metric)) {
      if (token.kind == semantic::ExpressionToken::Kind::kColumn) columns.push_back(token.column);
    }
  };
  for (const auto& item : query_.query.select) note(item.value);
  for (const auto& item : query_.query.order_by) note(item.value);
  std::vector<semantic::Filter> having = {query_.query.having};
  while (!having.empty()) {
    const semantic::Filter filter = std::move(having.back());
    having.pop_back();
    if (filter.kind == semantic::Filter::Kind::kPredicate) note(filter.predicate.lhs);
    having.insert(having.end(), filter.children.begin(), filter.children.end());
  }
  return columns;
}

void SelectWriter::WriteFrom(const JoinTree& tree, const Scope& scope,
                             SelectStatement* statement) const {
  statement->from = dialect_.QuoteIdentifier(tree.root);
  for (const JoinStep& step : tree.steps) {
    std::string on;
    for (const auto& [child, parent] : JoinColumns(step, model_)) {
      if (!on.empty()) on += " AND ";
      on += scope.Column(child) + " = " + scope.Column(parent);
    }
    statement->joins.push_back("JOIN " + dialect_.QuoteIdentifier(step.child) + " ON " + on);
  }
}

StatusOr<std::vector<Condition>> SelectWriter::WhereConditions(
    const ExpressionWriter& writer) const {
  std::map<size_t, const SemiJoin*> semi_at;  // first conjunct a semi-join took → it
  std::set<size_t> moved;
  const SemiJoin* range_semi = nullptr;
  for (const SemiJoin& semi : plan_.semi_joins) {
    if (!semi.conjuncts.empty()) {
      semi_at[semi.conjuncts.front()] = &semi;
    } else if (semi.time_range) {
      range_semi = &semi;
    }
    moved.insert(semi.conjuncts.begin(), semi.conjuncts.end());
  }
  const bool range_moved = std::any_of(plan_.semi_joins.begin(), plan_.semi_joins.end(),
                                       [](const SemiJoin& s) { return s.time_range; });
  std::vector<Condition> conditions;
  if (query_.query.time_range && !range_moved) {
    conditions.push_back(query_.query.comparison
                             ? ComparisonWhere(writer)
                             : Condition{RangeCondition(writer, current_), false});
  }
  if (range_semi != nullptr) {
    ASSIGN_OR_RETURN(Condition semi, SemiJoinCondition(*range_semi, writer));
    conditions.push_back(std::move(semi));
  }
  const FilterWriter filters(writer, subqueries_);
  for (size_t i = 0; i < query_.conjuncts.size(); ++i) {
    if (auto it = semi_at.find(i); it != semi_at.end()) {
      ASSIGN_OR_RETURN(Condition semi, SemiJoinCondition(*it->second, writer));
      conditions.push_back(std::move(semi));
      continue;
    }
    if (moved.count(i) > 0) continue;
    ASSIGN_OR_RETURN(Condition condition, filters.Write(query_.conjuncts[i]));
    if (!condition.text.empty()) conditions.push_back(std::move(condition));
  }
  return conditions;
}

StatusOr<Condition> SelectWriter::SemiJoinCondition(const SemiJoin& semi,
                                                    const ExpressionWriter& outer) const {
  const auto pairs = JoinColumns(semi.link, model_);
  // A one-column key reads as IN; a composite one needs a correlated EXISTS.
  const bool correlated = pairs.size() != 1;
  const Scope scope(dialect_, !semi.branch.steps.empty() || correlated);
  const ExpressionWriter inner(dialect_, model_, query_, scope);
  SelectStatement sub;
  WriteFrom(semi.branch, scope, &sub);
  if (correlated) {
    sub.select = {"1"};
    for (const auto& [child, parent] : pairs) {
      sub.where.push_back({inner.Column(child) + " = " + dialect_.QuoteIdentifier(parent.table) +
                               "." + dialect_.QuoteIdentifier(parent.column),
                           false});
    }
  } else {
    sub.select = {inner.Column(pairs.front().first)};
  }
  if (semi.time_range) sub.where.push_back({RangeCondition(inner, current_), false});
  const FilterWriter filters(inner, subqueries_);
  for (size_t i : semi.conjuncts) {
    ASSIGN_OR_RETURN(Condition condition, filters.Write(query_.conjuncts[i]));
    if (!condition.text.empty()) sub.where.push_back(std::move(condition));
  }
  const std::string text = Render(sub, Layout::kOneLine);
  if (correlated) return Condition{"EXISTS (" + text + ")", false};
  return Condition{outer.Column(pairs.front().second) + " IN (" + text + ")", false};
}

std::string SelectWriter::RangeCondition(const ExpressionWriter& writer,
                                         const DateRange& range) const {
  const std::string column = writer.Column(query_.query.time_range->column);
  // Open ranges ("since March", "before 2020") use far bounds in the IR;
  // the SQL leaves the open side out.
  const bool open_start = range.start.year <= 1;
  const bool open_end = range.end.year >= 9999;
  if (open_start && open_end) return "TRUE";
  if (open_start) return fmt::format("{} < {}", column, dialect_.DateLiteral(range.end));
  if (open_end) return fmt::format("{} >= {}", column, dialect_.DateLiteral(range.start));
  return fmt::format("{0} >= {1} AND {0} < {2}", column, dialect_.DateLiteral(range.start),
                     dialect_.DateLiteral(range.end));
}

std::string SelectWriter::CurrentWindow(const ExpressionWriter& writer) const {
  return RangeCondition(writer, current_);
}

std::string SelectWriter::PreviousWindow(const ExpressionWriter& writer) const {
  return RangeCondition(writer, previous_);
}

Condition SelectWriter::ComparisonWhere(const ExpressionWriter& writer) const {
  if (previous_.end >= current_.start) {
    // Adjacent or overlapping: one range covers both.
    return {RangeCondition(writer, {previous_.start, std::max(previous_.end, current_.end)}),
            false};
  }
  return {fmt::format("({}) OR ({})", CurrentWindow(writer), PreviousWindow(writer)), true};
}

ExpressionWriter SelectWriter::ForAggregates(const ExpressionWriter& writer) const {
  return query_.query.comparison ? writer.WithCondition(CurrentWindow(writer)) : writer;
}

std::vector<ValueExpr> SelectWriter::GroupedValues() const {
  std::vector<ValueExpr> values;
  for (const semantic::SelectItem& item : query_.query.select) {
    if (!item.value.IsAggregate() && item.value.kind != ValueExpr::Kind::kAllColumns &&
        !Contains(values, item.value)) {
      values.push_back(item.value);
    }
  }
  for (const ValueExpr& value : query_.query.group_by) {
    if (!Contains(values, value)) values.push_back(value);
  }
  return values;
}

Status SelectWriter::WriteItems(const ExpressionWriter& writer, SelectStatement* statement) const {
  RETURN_IF_ERROR(WriteSelect(writer, statement));
  if (query_.Aggregated()) RETURN_IF_ERROR(WriteGroupBy(writer, statement));
  const ExpressionWriter aggregates = ForAggregates(writer);
  const FilterWriter having(aggregates, subqueries_);
  ASSIGN_OR_RETURN(Condition condition, having.Write(query_.query.having));
  if (!condition.text.empty()) statement->having.push_back(std::move(condition));
  RETURN_IF_ERROR(WriteOrderBy(writer, statement));
  statement->limit = query_.query.limit;
  return Status::Ok();
}

Status SelectWriter::WriteSelect(const ExpressionWriter& writer, SelectStatement* statement) const {
  const auto& select = query_.query.select;
  for (size_t i = 0; i < select.size(); ++i) {
    const ValueExpr& value = select[i].value;
    const std::string name = dialect_.QuoteIdentifier(names_[i].name);
    if (query_.query.comparison && value.IsAggregate()) {
      ASSIGN_OR_RETURN(std::string current,
                       writer.WithCondition(CurrentWindow(writer)).Value(value));
      ASSIGN_OR_RETURN(std::string previous,
                       writer.WithCondition(PreviousWindow(writer)).Value(value));
      // A metric may end in + or -: its previous value is subtracted whole.
      const std::string subtrahend =
          value.kind == ValueExpr::Kind::kMetric ? "(" + previous + ")" : previous;
      statement->select.push_back(current + " AS " + name);
      statement->select.push_back(previous + " AS " +
                                  dialect_.QuoteIdentifier(names_[i].name + "_previous"));
      statement->select.push_back(current + " - " + subtrahend + " AS " +
                                  dialect_.QuoteIdentifier(names_[i].name + "_change"));
      continue;
    }
    ASSIGN_OR_RETURN(std::string text, writer.Value(value));
    if (select[i].cumulative) {
      ASSIGN_OR_RETURN(text, RunningTotal(writer, text));
    }
    const bool renamed = value.kind == ValueExpr::Kind::kColumn &&
                         writer.scope().Renamed(value.column, value.grain) != nullptr;
    if (name_columns_ && !names_[i].name.empty() && (names_[i].alias || renamed) && text != name) {
      text += " AS " + name;
    }
    statement->select.push_back(std::move(text));
  }
  return Status::Ok();
}

// The aggregate added up period after period (Bind checked that there is one
// time dimension), restarting for each combination of the other groups.
StatusOr<std::string> SelectWriter::RunningTotal(const ExpressionWriter& writer,
                                                 const std::string& aggregate) const {
  if (!dialect_.SupportsWindowFunctions()) {
    return UnimplementedError(
        fmt::format("a running total needs window functions, which {} lacks", dialect_.name()));
  }
  std::vector<std::string> partition;
  std::string period;
  for (const ValueExpr& value : GroupedValues()) {
    ASSIGN_OR_RETURN(std::string text, writer.Value(value));
    if (value.kind == ValueExpr::Kind::kColumn && value.grain != TimeGrain::kNone) {
      period = std::move(text);
    } else {
      AddUniqueText(std::move(text), &partition);
    }
  }
  const std::string by =
      partition.empty() ? "" : fmt::format("PARTITION BY {} ", fmt::join(partition, ", "));
  return fmt::format("sum({}) OVER ({}ORDER BY {})", aggregate, by, period);
}

Status SelectWriter::WriteGroupBy(const ExpressionWriter& writer,
                                  SelectStatement* statement) const {
  for (const ValueExpr& value : GroupedValues()) {
    ASSIGN_OR_RETURN(std::string text, writer.Value(value));
    AddUniqueText(std::move(text), &statement->group_by);
  }
  return Status::Ok();
}

Status SelectWriter::WriteOrderBy(const ExpressionWriter& writer,
                                  SelectStatement* statement) const {
  const auto& select = query_.query.select;
  const std::vector<ValueExpr> grouped = GroupedValues();
  for (const semantic::OrderItem& item : query_.query.order_by) {
    const ValueExpr& value = item.value;
    auto found = std::find_if(select.begin(), select.end(),
                              [&](const semantic::SelectItem& s) { return s.value == value; });
    const size_t index = found - select.begin();
    std::string text;
    if (found != select.end() && names_[index].alias && name_columns_) {
      text = dialect_.QuoteIdentifier(names_[index].name);
    } else if (query_.Aggregated() && !value.IsAggregate() && !Contains(grouped, value)) {
      return InvalidArgumentError(
          "an aggregated query can only be ordered by aggregates and the values it groups by");
    } else {
      ASSIGN_OR_RETURN(text, ForAggregates(writer).Value(value));
    }
    statement->order_by.push_back(item.descending ? text + " DESC" : text);
  }
  return Status::Ok();
}

}  // namespace scry::sql
