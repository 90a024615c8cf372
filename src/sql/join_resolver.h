// Join resolution: the smallest tree of the model's joins that connects the
// tables a query touches.
//
// The model's joins are many-to-one edges (JoinModel: many `from_table` rows
// to one `to_table` row). The tree is rooted at the query's anchor and built
// in two steps:
//  1. the fewest tables: the required tables plus the fewest connector tables
//     that make them connected, found by enumerating connector sets of size
//     0, 1, 2, ... (exact; small models have few tables). Past a budget of
//     candidate sets it falls back to the union of shortest paths from the root;
//  2. among trees over those tables (and among equally small connector sets),
//     the one with the fewest fan-out steps: steps that go from the "one" side
//     to the "many" side and so repeat the rows joined so far.
// Ties go to the join declared first in the model, so the result is stable.
// Self-joins (a table referring to itself) are ignored: a query names each
// table once.
//
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "semantic/model.h"

namespace scry::sql {

// One JOIN: `child` joined to `parent`, which is the root or an earlier child.
struct JoinStep {
  const semantic::JoinModel* join = nullptr;
  std::string parent;
  std::string child;
  // One parent row may meet many child rows: the child holds the foreign key
  // and the join is not one-to-one.
  bool fans_out = false;
};

struct JoinTree {
  std::string root;
  std::vector<JoinStep> steps;  // in join order

  // The root, then each step's child.
  std::vector<std::string> Tables() const;
  bool HasFanOut() const;
};

// Connects `root` and every table of `required` (model spelling; `root` may
// be among them). Fails with InvalidArgument naming two tables no chain of
// joins connects.
StatusOr<JoinTree> ResolveJoins(const semantic::Model& model, std::string_view root,
                                const std::vector<std::string>& required);

// Whether `to` is reachable from `from` along joins taken in their many-to-one
// direction (so each `from` row meets at most one `to` row). True for from == to.
bool ReachesWithoutFanOut(const semantic::Model& model, std::string_view from, std::string_view to);

// The tree re-rooted at `table` (which must be in it): whether some step then
// fans out, i.e. whether rows of `table` repeat in the joined result.
bool RepeatsRowsOf(const JoinTree& tree, std::string_view table);

}  // namespace scry::sql
