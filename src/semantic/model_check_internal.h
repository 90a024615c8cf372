// Pieces of the model check shared by model_check.cc (tables, columns,
// metrics, the database) and model_check_joins.cc (joins and their cycles).
// Internal to semantic/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "semantic/model.h"
#include "semantic/model_check.h"

namespace scry::semantic {

class IssueList {
 public:
  void Error(std::string where, std::string message) {
    issues_.push_back({ModelIssue::Severity::kError, std::move(where), std::move(message)});
  }
  void Warning(std::string where, std::string message) {
    issues_.push_back({ModelIssue::Severity::kWarning, std::move(where), std::move(message)});
  }
  std::vector<ModelIssue> Take() { return std::move(issues_); }

 private:
  std::vector<ModelIssue> issues_;
};

bool SameName(std::string_view a, std::string_view b);  // case-insensitive

// "join orders.customer_id → customers.customer_id"
std::string JoinLabel(const JoinModel& join);

// Whether some chain of joins, in any direction, connects the two tables.
bool TablesConnected(const Model& model, std::string_view a, std::string_view b);

void CheckJoins(const Model& model, IssueList* issues);

}  // namespace scry::semantic
