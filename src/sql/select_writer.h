// SelectWriter: one bound and planned query as a SelectStatement.
//
// It writes the clauses the plan (query_plan.h) calls for:
//  - FROM the anchor, one JOIN a step, ON child.key = parent.key;
//  - WHERE: the time range first (col >= start AND col < end), then the
//    query's conditions in order, a semi-join standing where the first
//    condition it took along stood;
//  - SELECT items named as output_names.h says; GROUP BY every selected value
//    that is not an aggregate, then the query's own groups; HAVING; ORDER BY
//    a selected value by its name when it has one, else by its expression;
//  - a period comparison as conditional aggregation, with no CTE: for each
//    aggregate, name, name_previous and name_change (current minus previous),
//    the WHERE covering both ranges;
//  - a running total (a cumulative item) as a window over the grouped rows:
//    sum(<aggregate>) OVER (PARTITION BY <other groups> ORDER BY <period>);
//  - the deduplicated shape as SELECT ... FROM (SELECT DISTINCT key, groups,
//    measures FROM ... WHERE ...) AS table GROUP BY ....
//
// Internal to sql/. Holds references to its inputs, which must outlive it.
#pragma once

#include <string>
#include <vector>

#include "common/status_or.h"
#include "semantic/model.h"
#include "sql/bound_query.h"
#include "sql/dialect.h"
#include "sql/expression_writer.h"
#include "sql/filter_writer.h"
#include "sql/output_names.h"
#include "sql/period.h"
#include "sql/query_plan.h"
#include "sql/select_statement.h"

namespace scry::sql {

class SelectWriter {
 public:
  // `name_columns` false leaves derived result names out (AS revenue): a
  // predicate's subquery needs none.
  SelectWriter(const semantic::Model& model, const Dialect& dialect, const BoundQuery& query,
               const QueryPlan& plan, const SubqueryCompiler& subqueries, bool name_columns);

  // Fails with InvalidArgument for a predicate that cannot be written or an
  // ORDER BY value an aggregated query does not group by; Unimplemented for
  // what the dialect cannot express.
  StatusOr<SelectStatement> Write() const;

 private:
  StatusOr<SelectStatement> WriteDirect() const;
  StatusOr<SelectStatement> WriteDeduplicated() const;
  // SELECT, GROUP BY, HAVING, ORDER BY and LIMIT, through `writer`.
  Status WriteDerivedColumns(const ExpressionWriter& inner, SelectStatement* rows,
                             Scope* outer_scope) const;
  std::vector<semantic::ValueExpr> DimensionValues() const;
  std::vector<semantic::ColumnRef> MeasureColumns() const;
  Status WriteItems(const ExpressionWriter& writer, SelectStatement* statement) const;
  Status WriteSelect(const ExpressionWriter& writer, SelectStatement* statement) const;
  StatusOr<std::string> RunningTotal(const ExpressionWriter& writer,
                                     const std::string& aggregate) const;
  Status WriteGroupBy(const ExpressionWriter& writer, SelectStatement* statement) const;
  Status WriteOrderBy(const ExpressionWriter& writer, SelectStatement* statement) const;
  void WriteFrom(const JoinTree& tree, const Scope& scope, SelectStatement* statement) const;
  StatusOr<std::vector<Condition>> WhereConditions(const ExpressionWriter& writer) const;
  StatusOr<Condition> SemiJoinCondition(const SemiJoin& semi, const ExpressionWriter& outer) const;
  std::string RangeCondition(const ExpressionWriter& writer, const DateRange& range) const;
  // The conditions a comparison's current and previous aggregates read; the
  // WHERE condition covering both.
  std::string CurrentWindow(const ExpressionWriter& writer) const;
  std::string PreviousWindow(const ExpressionWriter& writer) const;
  Condition ComparisonWhere(const ExpressionWriter& writer) const;
  // The writer aggregates in HAVING and ORDER BY go through: the current
  // window's under a comparison.
  ExpressionWriter ForAggregates(const ExpressionWriter& writer) const;
  std::vector<semantic::ValueExpr> GroupedValues() const;
  Status CheckComparison() const;

  const semantic::Model& model_;
  const Dialect& dialect_;
  const BoundQuery& query_;
  const QueryPlan& plan_;
  const SubqueryCompiler& subqueries_;
  std::vector<OutputName> names_;
  bool name_columns_;
  DateRange current_;
  DateRange previous_;
};

}  // namespace scry::sql
