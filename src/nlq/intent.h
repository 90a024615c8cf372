// The intent pass: from a question's tokens, links, cues and time
// expressions to the parts of a SemanticQuery — what to show, how to group,
// filter, order and limit it, and which table it is about.
//
// It works on a Reading (reading.h) in named steps, each of which consumes
// the elements it understood, so that what is left over is visible:
//   ResolveMentions   choose what each mention means, with the question's
//                     tables in view; record real ties as ambiguities
//   ApplyTimes        time ranges, grains, comparisons, year filters
//   ApplyComparisons  "age above 20", "between 5000 and 10000", "older than 30",
//                     "above the average", "with more than 2 orders" (HAVING)
//   ApplyTextMatches  "names containing 'x'", "starting with A"
//   ApplyValues       "from France", "only online", "not Europe", "A or B"
//   ApplyExistence    "customers with no orders", "singers who have concerts"
//   ApplyGroups       "by region", "for each country", "per month"
//   ApplyOrdering     "sorted by age", "top 5", "the youngest", "the most orders"
//   ApplyAggregates   "average age", "how many singers", "total revenue"
//   ApplyProjection   the remaining columns, in the question's order
//   Assemble          the subject table, implicit groups, defaults
#pragma once

#include "nlq/reading.h"

namespace scry::nlq {

// Runs every step on `reading`.
void ReadIntent(Reading* reading);

// The SemanticQuery assembled by ReadIntent.
semantic::SemanticQuery ToQuery(const Reading& reading);

}  // namespace scry::nlq
