// QueryPlan: how one SELECT joins its tables without counting a row twice.
//
// The joins form a tree rooted at the anchor (the table the answer is about;
// see bound_query.h). A step from the "one" side of a join to its "many" side
// fans out: it repeats every row joined so far once per matching row. The
// planner applies these rules, in order:
//
//  1. Semi-join. A fanned-out branch whose tables only WHERE conditions read
//     (and the conditions read only that branch) becomes a condition instead
//     of a join: customers.customer_id IN (SELECT customer_id FROM orders
//     WHERE status = 'returned'). Rows are then filtered, never repeated, and
//     a listing shows each customer once.
//  2. If no aggregate reads a table whose rows still repeat, or the query has
//     no aggregates (a listing wants one row per combination), plain joins.
//     Repeats do not change min, max or anything DISTINCT.
//  3. If the only aggregates over repeated rows are counts and their tables
//     have one-column keys: count(*) becomes count(DISTINCT key) and count(x)
//     count(DISTINCT CASE WHEN x IS NOT NULL THEN key END).
//  4. If every aggregate reads one table X with a primary key (a sum or
//     average over the one side, grouped by the many side): aggregate over
//     SELECT DISTINCT X's key, the groups and X's measures, so each X row
//     counts once per group.
//  5. Otherwise (sums over two tables that repeat each other's rows) the
//     query fails with Unimplemented rather than inflate a number.
//
// Internal to sql/. Plain values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "semantic/model.h"
#include "sql/bound_query.h"
#include "sql/join_resolver.h"

namespace scry::sql {

struct SemiJoin {
  JoinStep link;  // link.parent stays joined; link.child heads the subquery
  JoinTree branch;
  std::vector<size_t> conjuncts;  // indices into BoundQuery::conjuncts
  bool time_range = false;        // the time range moved into the subquery
};

enum class FanOutShape { kPlain, kDistinctCounts, kDeduplicated };

struct QueryPlan {
  JoinTree joins;  // what stays in FROM
  std::vector<SemiJoin> semi_joins;
  FanOutShape shape = FanOutShape::kPlain;
  std::map<std::string, semantic::ColumnRef> distinct_keys;  // kDistinctCounts
  std::string deduplicated_table;                            // kDeduplicated
  std::vector<std::string> deduplicated_key;                 // its primary key
};

// Fails with InvalidArgument when the tables cannot be joined, Unimplemented
// under rule 5.
StatusOr<QueryPlan> PlanQuery(const BoundQuery& query, const semantic::Model& model);

// The columns a join step matches, as (child column, parent column) pairs.
std::vector<std::pair<semantic::ColumnRef, semantic::ColumnRef>> JoinColumns(
    const JoinStep& step, const semantic::Model& model);

}  // namespace scry::sql
