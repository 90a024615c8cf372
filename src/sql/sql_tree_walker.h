// SqlTreeWalker: lists what one parsed SELECT reads, from the JSON parse tree
// DuckDB's json_serialize_sql() gives (the "statements[i]" object).
//
// The walk is generic: it visits every object and array of the tree, so a
// table or function hidden anywhere (a subquery in WHERE, a lambda, a CTE
// body, a PIVOT source) is found without knowing every node type. It knows
// only the shapes that change meaning:
// - query nodes (SELECT_NODE, SET_OPERATION_NODE, RECURSIVE_CTE_NODE,
//   CTE_NODE) carry a cte_map whose names shadow tables, with DuckDB's
//   scoping: a CTE body sees the CTEs defined before it and those of
//   enclosing queries, not itself (except in the recursive branch of a
//   RECURSIVE_CTE_NODE); the query body sees them all. Only unqualified names
//   can refer to a CTE. Any other *_NODE is reported as unsupported.
// - BASE_TABLE, TABLE_FUNCTION and objects with a function_name (scalar,
//   aggregate and window functions).
// - table reference slots (from_table, a JOIN's sides, a PIVOT's source) must
//   hold a known reference type; SHOW_REF (DESCRIBE/SHOW/SUMMARIZE) and
//   internal types are reported as unsupported.
// When in doubt it treats a name as a table, so a mistake refuses a query
// rather than letting a table through.
//
// Thread-safe: each call uses only its arguments.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status_or.h"

namespace scry::sql {

// A table named in FROM, parts as written (case preserved, unquoted).
struct TableReference {
  std::string catalog;
  std::string schema;
  std::string table;
  // Byte offset of the name's first part in the SQL text, when the parser
  // gave one; the row-filter rewrite (row_filter_rewriter.h) needs it.
  std::optional<size_t> location;
  bool aliased = false;  // written with an alias ("orders o", "orders AS o")
};

// A function call, names as written.
struct FunctionCall {
  std::string schema;
  std::string name;
  // Table functions only: byte offset of the name in the SQL text, when the
  // parser gave one (the guard's trusted sources are found by it).
  std::optional<size_t> location;
};

struct SqlTreeFacts {
  std::vector<TableReference> tables;  // base tables; references to CTEs excluded
  std::vector<FunctionCall> table_functions;
  std::vector<FunctionCall> functions;   // scalar, aggregate and window functions
  std::vector<std::string> unsupported;  // constructs refused outright, described
};

// Deeper trees are refused; DuckDB's own expression depth limit (1000) keeps
// real queries far below this, and it bounds the walker's recursion.
inline constexpr int kMaxTreeDepth = 4000;

// Returns what `statement` (one element of json_serialize_sql's "statements")
// reads. Fails with InvalidArgument when the tree is nested deeper than
// kMaxTreeDepth.
StatusOr<SqlTreeFacts> WalkSqlTree(const nlohmann::json& statement);

}  // namespace scry::sql
