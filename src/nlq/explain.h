// Explanations: a SemanticQuery said back in plain words ("Sum of revenue by
// store region, channel is Online, last quarter"), and as chips, so that a
// wrong reading is obvious at a glance. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nlq/parser.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::nlq {

// Fills restatement and chips of `interpretation` from `query`.
void Explain(const semantic::SemanticQuery& query, const semantic::Model& model,
             Interpretation* interpretation);

// How a column is called in an explanation: its display name, qualified by
// its table's when another table has a column of the same name ("store region").
std::string ColumnLabel(const semantic::Model& model, const semantic::ColumnRef& column);

// "sum of revenue", "number of orders", "average age", "region", "month of order date".
std::string ValueLabel(const semantic::Model& model, const semantic::ValueExpr& value);

}  // namespace scry::nlq
