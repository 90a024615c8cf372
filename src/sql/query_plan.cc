#include "sql/query_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace scry::sql {
namespace {

using semantic::Aggregation;
using semantic::ColumnRef;
using semantic::Model;

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The steps under `top` (its child and all descendants), in tree order.
std::vector<size_t> Branch(const JoinTree& tree, size_t top) {
  std::set<std::string> inside = {tree.steps[top].child};
  std::vector<size_t> steps;
  for (size_t i = top + 1; i < tree.steps.size(); ++i) {
    if (inside.count(tree.steps[i].parent) == 0) continue;
    inside.insert(tree.steps[i].child);
    steps.push_back(i);
  }
  return steps;
}

// Rule 1: whether the branch under `top` can become a semi-join, and which
// conditions it takes along.
bool TrySemiJoin(const BoundQuery& query, const JoinTree& tree, size_t top, SemiJoin* semi) {
  semi->link = tree.steps[top];
  semi->branch.root = semi->link.child;
  std::set<std::string> tables = {semi->link.child};
  for (size_t i : Branch(tree, top)) {
    semi->branch.steps.push_back(tree.steps[i]);
    tables.insert(tree.steps[i].child);
  }
  for (const std::string& table : tables) {
    if (query.used_outside_where.count(table) > 0) return false;
  }
  for (size_t i = 0; i < query.conjuncts.size(); ++i) {
    const std::vector<std::string> read = FilterTables(query.conjuncts[i]);
    const size_t inside = std::count_if(read.begin(), read.end(),
                                        [&](const std::string& t) { return tables.count(t) > 0; });
    if (inside == 0) continue;
    if (inside != read.size()) return false;  // the condition also reads tables outside
    semi->conjuncts.push_back(i);
  }
  const auto& range = query.query.time_range;
  semi->time_range = range && tables.count(range->column.table) > 0;
  return !semi->conjuncts.empty() || semi->time_range;
}

void ExtractSemiJoins(const BoundQuery& query, QueryPlan* plan) {
  const JoinTree tree = plan->joins;
  std::set<std::string> moved;
  for (size_t i = 0; i < tree.steps.size(); ++i) {
    const JoinStep& step = tree.steps[i];
    if (!step.fans_out || moved.count(step.parent) > 0 || moved.count(step.child) > 0) continue;
    SemiJoin semi;
    if (!TrySemiJoin(query, tree, i, &semi)) continue;
    for (const std::string& table : semi.branch.Tables()) moved.insert(table);
    plan->semi_joins.push_back(std::move(semi));
  }
  plan->joins.steps.clear();
  for (const JoinStep& step : tree.steps) {
    if (moved.count(step.child) == 0) plan->joins.steps.push_back(step);
  }
}

Status PickShape(const BoundQuery& query, const Model& model, QueryPlan* plan) {
  std::vector<const AggregateSite*> repeated;
  for (const AggregateSite& site : query.aggregates) {
    if (site.SensitiveToRepeats() && RepeatsRowsOf(plan->joins, site.table)) {
      repeated.push_back(&site);
    }
  }
  if (repeated.empty()) return Status::Ok();
  // Rule 3: counts of repeated rows count distinct keys.
  bool counts_only = true;
  for (const AggregateSite* site : repeated) {
    const std::vector<std::string> key = PrimaryKey(*model.FindTable(site->table));
    counts_only = counts_only && site->aggregation == Aggregation::kCount && key.size() == 1;
    if (counts_only) plan->distinct_keys[site->table] = ColumnRef{site->table, key.front()};
  }
  if (counts_only) {
    plan->shape = FanOutShape::kDistinctCounts;
    return Status::Ok();
  }
  plan->distinct_keys.clear();
  // Rule 4: one measured table with a key: deduplicate its rows per group.
  // (The first repeated aggregate that is not a count names the problem.)
  const AggregateSite* culprit = repeated.front();
  for (const AggregateSite* site : repeated) {
    if (site->aggregation != Aggregation::kCount) {
      culprit = site;
      break;
    }
  }
  const std::string& table = culprit->table;
  const bool one_table = std::all_of(query.aggregates.begin(), query.aggregates.end(),
                                     [&](const AggregateSite& s) { return s.table == table; });
  const std::vector<std::string> key = PrimaryKey(*model.FindTable(table));
  if (one_table && !key.empty() && !query.query.comparison) {
    plan->shape = FanOutShape::kDeduplicated;
    plan->deduplicated_table = table;
    plan->deduplicated_key = key;
    return Status::Ok();
  }
  const std::string why = !one_table    ? "the aggregates read several tables"
                          : key.empty() ? fmt::format("'{}' has no primary key", table)
                                        : "a period comparison cannot be combined with that";
  return UnimplementedError(
      fmt::format("the joins repeat rows of '{}', so its {} would be inflated, and {}", table,
                  semantic::AggregationName(culprit->aggregation), why));
}

}  // namespace

StatusOr<QueryPlan> PlanQuery(const BoundQuery& query, const Model& model) {
  QueryPlan plan;
  ASSIGN_OR_RETURN(plan.joins, ResolveJoins(model, query.anchor, query.tables));
  ExtractSemiJoins(query, &plan);
  if (query.Aggregated()) RETURN_IF_ERROR(PickShape(query, model, &plan));
  return plan;
}

std::vector<std::pair<ColumnRef, ColumnRef>> JoinColumns(const JoinStep& step, const Model& model) {
  const semantic::JoinModel& join = *step.join;
  const bool child_is_from = SameName(join.from_table, step.child);
  const std::vector<std::string>& child_columns =
      child_is_from ? join.from_columns : join.to_columns;
  const std::vector<std::string>& parent_columns =
      child_is_from ? join.to_columns : join.from_columns;
  std::vector<std::pair<ColumnRef, ColumnRef>> pairs;
  for (size_t i = 0; i < child_columns.size() && i < parent_columns.size(); ++i) {
    ColumnRef child{step.child, child_columns[i]};
    ColumnRef parent{step.parent, parent_columns[i]};
    // Spell columns as the table does, when the join spells them otherwise.
    if (const auto* column = model.FindColumn(child.table, child.column))
      child.column = column->name;
    if (const auto* column = model.FindColumn(parent.table, parent.column)) {
      parent.column = column->name;
    }
    pairs.emplace_back(std::move(child), std::move(parent));
  }
  return pairs;
}

}  // namespace scry::sql
