// Checks a semantic model against the database it describes and against
// itself: unknown tables and columns, joins between columns that do not exist
// or whose types differ, join cycles, metric expressions that do not parse or
// name unknown columns, duplicate names, name and time columns that are not
// columns. Every problem is reported with where it is ("metric 'margin':
// unknown column order_items.price"), not just the first.
//
// Errors make the model unusable as written; warnings are worth a look. Join
// cycles are warnings that name the competing chains (an order reaches a
// region through its store and through its customer; two tables refer to
// each other): such models are legitimate, and a question that crosses the
// cycle is clarified. A cycle is an error only when nothing tells its paths
// apart: the same join written twice, or a join of columns to themselves.
// With a schema that has no tables, only the model itself is checked.
#pragma once

#include <string>
#include <vector>

#include "common/database_schema.h"
#include "semantic/model.h"

namespace scry::semantic {

struct ModelIssue {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string where;    // "table 'orders' column 'x'", "join orders → stores", "metric 'm'"
  std::string message;  // what is wrong and what to do
};

std::vector<ModelIssue> CheckModel(const Model& model, const DatabaseSchema& schema);

}  // namespace scry::semantic
