// Follow-ups: whether a question continues the previous turn ("only
// online", "by month instead", "and the average?", "how many are there?",
// "what about Europe?") or starts afresh, decided by rules that can be tested
// one by one; and the merged query when it continues. Thread-safe.
#pragma once

#include <string>

#include "nlq/reading.h"
#include "semantic/query.h"

namespace scry::nlq {

struct FollowUpDecision {
  bool follow_up = false;
  std::string reason;  // the rule that decided, in words: "it names no measure of its own"
};

// Decides from the question's own reading and the previous query.
FollowUpDecision DecideFollowUp(const Reading& current, const semantic::SemanticQuery& previous);

// `current` (read on its own) applied to `previous`: filters on a column
// already filtered replace it, others add; a new grouping replaces the old
// one ("instead") or adds to it ("break it down by", "also by"); a new measure
// replaces the old; time, order and limit override; a bare count counts the
// previous rows.
semantic::SemanticQuery MergeFollowUp(const Reading& current_reading,
                                      const semantic::SemanticQuery& current,
                                      const semantic::SemanticQuery& previous);

}  // namespace scry::nlq
