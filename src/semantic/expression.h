// Metric expressions: the small SQL subset a model's metrics are written in,
// "sum(order_items.revenue) / count(DISTINCT orders.order_id)". Aggregates
// over qualified columns, arithmetic, numbers, parentheses, CASE WHEN with
// comparisons, and a few scalar functions. Parsed into tokens so the model
// check can validate them and the compiler can rewrite the column references.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "semantic/query.h"

namespace scry::semantic {

struct ExpressionToken {
  enum class Kind {
    kColumn,
    kFunction,
    kKeyword,
    kNumber,
    kString,
    kOperator,
    kOpen,
    kClose,
    kComma
  };
  Kind kind = Kind::kOperator;
  std::string text;  // as written (functions and keywords lower case)
  ColumnRef column;  // kColumn
};

// Fails with InvalidArgument naming the position and the problem for text
// outside the subset (an unknown function, an unqualified column, unbalanced
// parentheses, a statement, a subquery).
StatusOr<std::vector<ExpressionToken>> ParseExpression(std::string_view text);

// The distinct tables the expression's columns belong to, in order of first use.
std::vector<std::string> ExpressionTables(const std::vector<ExpressionToken>& tokens);

}  // namespace scry::semantic
