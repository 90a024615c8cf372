// SelectStatement: one SELECT in clause form, and its layout as text.
//
// The compiler fills the clauses with finished SQL fragments; Render lays
// them out. Top-level statements put each clause on its own line (SELECT,
// FROM, each JOIN, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT); statements
// nested in parentheses (subqueries, derived tables) are one line. Conditions
// are AND-ed; a condition that is an OR is parenthesized when it has company.
//
// Internal to sql/. Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scry::sql {

enum class Layout { kClausePerLine, kOneLine };

struct Condition {
  std::string text;
  bool is_or = false;  // an OR at its top, needing parentheses among AND-ed conditions
};

struct SelectStatement {
  bool distinct = false;
  std::vector<std::string> select;  // "expression" or "expression AS name"
  std::string from;                 // a table, or "(SELECT ...) AS name"
  std::vector<std::string> joins;   // "JOIN t ON ..."
  std::vector<Condition> where;
  std::vector<std::string> group_by;
  std::vector<Condition> having;
  std::vector<std::string> order_by;  // "expression [DESC]"
  std::optional<int64_t> limit;
};

// The conditions AND-ed ("" for none).
std::string AndConditions(const std::vector<Condition>& conditions);

std::string Render(const SelectStatement& statement, Layout layout);

// The separator between clauses in `layout`: a newline or a space.
const char* ClauseSeparator(Layout layout);

}  // namespace scry::sql
