#include "sql/select_statement.h"

namespace scry::sql {
namespace {

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string AndConditions(const std::vector<Condition>& conditions) {
  if (conditions.size() == 1) return conditions.front().text;
  std::string out;
  for (size_t i = 0; i < conditions.size(); ++i) {
    if (i > 0) out += " AND ";
    const Condition& condition = conditions[i];
    if (condition.is_or) {
      out += "(" + condition.text + ")";
    } else {
      out += condition.text;
    }
  }
  return out;
}

const char* ClauseSeparator(Layout layout) { return layout == Layout::kOneLine ? " " : "\n"; }

std::string Render(const SelectStatement& statement, Layout layout) {
  // Each clause is appended piece by piece: GCC 12 warns falsely (-Wrestrict)
  // about "literal" + std::string temporaries.
  const char* separator = ClauseSeparator(layout);
  std::string out = statement.distinct ? "SELECT DISTINCT " : "SELECT ";
  out += Join(statement.select, ", ");
  auto clause = [&](const char* keyword, const std::string& body) {
    out += separator;
    out += keyword;
    out += body;
  };
  clause("FROM ", statement.from);
  for (const std::string& join : statement.joins) clause("", join);
  if (!statement.where.empty()) clause("WHERE ", AndConditions(statement.where));
  if (!statement.group_by.empty()) clause("GROUP BY ", Join(statement.group_by, ", "));
  if (!statement.having.empty()) clause("HAVING ", AndConditions(statement.having));
  if (!statement.order_by.empty()) clause("ORDER BY ", Join(statement.order_by, ", "));
  if (statement.limit) clause("LIMIT ", std::to_string(*statement.limit));
  return out;
}

}  // namespace scry::sql
