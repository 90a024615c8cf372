// The compiler's driver: binds a query to the model, plans its joins, writes
// its SELECT, and combines set operations. Subqueries go through the same
// path, one line each.
#include "sql/compiler.h"

#include <fmt/format.h>

#include <algorithm>

#include "sql/bound_query.h"
#include "sql/output_names.h"
#include "sql/query_plan.h"
#include "sql/select_statement.h"
#include "sql/select_writer.h"

namespace scry::sql {
namespace {

using semantic::SemanticQuery;

struct Context {
  const semantic::Model& model;
  const Dialect& dialect;
  std::vector<std::string>* tables;  // read so far, in order
};

// `name_columns` false for a predicate's subquery, whose result columns need no names.
StatusOr<std::string> CompileText(const SemanticQuery& query, const Context& context, Layout layout,
                                  int64_t default_limit, bool name_columns = true);

void NoteTables(const std::vector<std::string>& read, std::vector<std::string>* tables) {
  for (const std::string& table : read) {
    if (std::find(tables->begin(), tables->end(), table) == tables->end()) {
      tables->push_back(table);
    }
  }
}

// Whether the query lists rows rather than aggregates, so a default LIMIT applies.
bool ListsRows(const SemanticQuery& query) {
  return !query.HasAggregates() && query.group_by.empty() && query.having.empty();
}

// Dialects that allow few joins per SELECT (ClickHouse 18: one) would need
// the joins nested in subqueries; until a dialect needs it, say so plainly.
Status CheckJoinLimit(const QueryPlan& plan, const Dialect& dialect) {
  const int limit = dialect.MaxJoinsPerSelect();
  size_t most = plan.joins.steps.size();
  for (const SemiJoin& semi : plan.semi_joins) most = std::max(most, semi.branch.steps.size());
  if (limit < 0 || most <= static_cast<size_t>(limit)) return Status::Ok();
  return UnimplementedError(fmt::format("{} allows {} join(s) per SELECT; this query needs {}",
                                        dialect.name(), limit, most));
}

StatusOr<SelectStatement> CompileSelect(const SemanticQuery& query, const Context& context,
                                        bool name_columns) {
  ASSIGN_OR_RETURN(BoundQuery bound, Bind(query, context.model));
  ASSIGN_OR_RETURN(QueryPlan plan, PlanQuery(bound, context.model));
  RETURN_IF_ERROR(CheckJoinLimit(plan, context.dialect));
  NoteTables(plan.joins.Tables(), context.tables);
  for (const SemiJoin& semi : plan.semi_joins) NoteTables(semi.branch.Tables(), context.tables);
  const SubqueryCompiler subqueries = [&context](const SemanticQuery& subquery) {
    return CompileText(subquery, context, Layout::kOneLine, 0, /*name_columns=*/false);
  };
  const SelectWriter writer(context.model, context.dialect, bound, plan, subqueries, name_columns);
  return writer.Write();
}

const char* SetOpKeyword(semantic::SetOp op) {
  switch (op) {
    case semantic::SetOp::kUnion:
      return "UNION";
    case semantic::SetOp::kIntersect:
      return "INTERSECT";
    case semantic::SetOp::kExcept:
      return "EXCEPT";
  }
  return "UNION";
}

bool SelectsAllColumns(const SemanticQuery& query) {
  return std::any_of(query.select.begin(), query.select.end(), [](const auto& item) {
    return item.value.kind == semantic::ValueExpr::Kind::kAllColumns;
  });
}

// ORDER BY of a compound query: by result column names, the only thing
// both engines accept there.
StatusOr<std::vector<std::string>> CompoundOrder(const SemanticQuery& query,
                                                 const Dialect& dialect) {
  const std::vector<OutputName> names = OutputNames(query.select);
  std::vector<std::string> order;
  for (const semantic::OrderItem& item : query.order_by) {
    auto found = std::find_if(query.select.begin(), query.select.end(),
                              [&](const auto& s) { return s.value == item.value; });
    if (found == query.select.end() || names[found - query.select.begin()].name.empty()) {
      return InvalidArgumentError("a set operation can only be ordered by values it selects");
    }
    const std::string name = dialect.QuoteIdentifier(names[found - query.select.begin()].name);
    order.push_back(item.descending ? name + " DESC" : name);
  }
  return order;
}

// `lhs op rhs`. The lhs's ORDER BY and LIMIT apply to the combined result, as
// SQL's grammar reads them; an rhs with its own ORDER BY, LIMIT or set
// operation is wrapped in SELECT * FROM (...), since SQLite allows neither
// inside a compound member nor parentheses around one.
StatusOr<std::string> CompileCompound(const SemanticQuery& query, const Context& context,
                                      Layout layout, int64_t default_limit, bool name_columns) {
  SemanticQuery lhs = query;
  lhs.set_operation.reset();
  lhs.order_by.clear();
  lhs.limit.reset();
  const SemanticQuery& rhs = (*query.set_operation)->rhs;
  if (!SelectsAllColumns(lhs) && !SelectsAllColumns(rhs) &&
      lhs.select.size() != rhs.select.size()) {
    return InvalidArgumentError(
        fmt::format("the two sides of a set operation select {} and {} values", lhs.select.size(),
                    rhs.select.size()));
  }
  ASSIGN_OR_RETURN(SelectStatement left, CompileSelect(lhs, context, name_columns));
  const bool wrap = rhs.limit || !rhs.order_by.empty() || rhs.set_operation;
  StatusOr<std::string> right =
      CompileText(rhs, context, wrap ? Layout::kOneLine : layout, 0, name_columns);
  if (!right.ok()) return right.status().WithContext("right side of the set operation");
  const char* separator = ClauseSeparator(layout);
  std::string text = Render(left, layout) + separator + SetOpKeyword((*query.set_operation)->op) +
                     separator + (wrap ? "SELECT * FROM (" + *right + ") AS rhs" : *right);
  ASSIGN_OR_RETURN(std::vector<std::string> order, CompoundOrder(query, context.dialect));
  for (size_t i = 0; i < order.size(); ++i) {
    text += (i == 0 ? std::string(separator) + "ORDER BY " : ", ") + order[i];
  }
  std::optional<int64_t> limit = query.limit;
  if (!limit && default_limit > 0 && ListsRows(query)) limit = default_limit;
  if (limit) text += separator + fmt::format("LIMIT {}", *limit);
  return text;
}

StatusOr<std::string> CompileText(const SemanticQuery& query, const Context& context, Layout layout,
                                  int64_t default_limit, bool name_columns) {
  if (query.set_operation) {
    return CompileCompound(query, context, layout, default_limit, name_columns);
  }
  ASSIGN_OR_RETURN(SelectStatement statement, CompileSelect(query, context, name_columns));
  if (!statement.limit && default_limit > 0 && ListsRows(query)) statement.limit = default_limit;
  return Render(statement, layout);
}

}  // namespace

StatusOr<CompiledSql> Compile(const SemanticQuery& query, const semantic::Model& model,
                              const Dialect& dialect, const CompileOptions& options) {
  CompiledSql compiled;
  const Context context{model, dialect, &compiled.tables};
  ASSIGN_OR_RETURN(compiled.sql,
                   CompileText(query, context, Layout::kClausePerLine, options.default_limit));
  return compiled;
}

}  // namespace scry::sql
