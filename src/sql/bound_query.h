// BoundQuery: a SemanticQuery checked against the model and prepared for the
// compiler. Every table and column is spelled as the model spells it, metric
// expressions are parsed, predicates on aggregates have moved from WHERE to
// HAVING, the time range names its column, and the query knows its anchor:
// the table whose rows the answer is about (see PickAnchor in the .cc).
//
// Internal to sql/. A plain value; built once per compiled SELECT.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "semantic/expression.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::sql {

// One aggregate the SQL computes: a select item, a HAVING or ORDER BY value,
// or an aggregate call inside a metric's expression.
struct AggregateSite {
  semantic::Aggregation aggregation = semantic::Aggregation::kCount;
  bool distinct = false;
  std::string table;  // whose rows it reads; count(*) in a metric reads the anchor's
  bool count_rows = false;

  // Whether repeating a row of `table` changes the result: true for sum, avg,
  // count and median; false for min, max and anything DISTINCT.
  bool SensitiveToRepeats() const;
};

struct BoundQuery {
  // Names as the model spells them; no set operation; `where` holds no
  // aggregate (see `conjuncts`).
  semantic::SemanticQuery query;
  // The top-level conjuncts of the WHERE filter, in order.
  std::vector<semantic::Filter> conjuncts;
  // Parsed metric expressions by metric name, column references canonical.
  std::map<std::string, std::vector<semantic::ExpressionToken>> metrics;
  std::string anchor;
  // Every table the SELECT reads directly, anchor first.
  std::vector<std::string> tables;
  // Tables read anywhere but WHERE (select, group, having, order, metrics,
  // and the time column of a comparison).
  std::set<std::string> used_outside_where;
  std::vector<AggregateSite> aggregates;

  bool Aggregated() const;  // has aggregates, GROUP BY or HAVING
};

// Fails with InvalidArgument naming the unknown table, column or metric, a
// malformed metric expression, an aggregate the column's type cannot take
// (the sum of a text), a grain on a column that is not a date, or a period
// comparison without a time range, or a running total (a cumulative select
// item) of something that does not add up or with no one time dimension to run
// over; Unimplemented for a running total with a period comparison.
StatusOr<BoundQuery> Bind(const semantic::SemanticQuery& query, const semantic::Model& model);

// The tables a filter's predicates read (not their subqueries'), in order.
std::vector<std::string> FilterTables(const semantic::Filter& filter);

// The table's primary key columns: TableModel::primary_key, else the columns
// flagged primary_key; empty when it has none.
std::vector<std::string> PrimaryKey(const semantic::TableModel& table);

// Maps a metric expression's function name ("sum", "count", ...) to its
// aggregation; kNone when it is not an aggregate.
semantic::Aggregation AggregateFunction(std::string_view function);

}  // namespace scry::sql
