// Follow-up questions worth asking after a result, as candidate texts in the
// order they are worth offering: drill into the leader by the next dimension,
// another time grain, the same measure over time or by a dimension, the
// previous period, the top 10 of a long list, another slice of a filter.
//
// These are only candidates: answer/ cannot parse. conversation/ keeps those
// its parser reads as a query (conversation/suggestions.h), so a person is
// never offered a question that is not understood. Values in a candidate come
// from the result's rows or the model's value lists, so they exist.
//
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "answer/result_shape.h"
#include "engine/result_set.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::answer {

// Empty when the query measures nothing (a listing).
std::vector<std::string> FollowUpCandidates(const semantic::Model& model,
                                            const semantic::SemanticQuery& query,
                                            const ResultShape& shape,
                                            const engine::ResultSet& result);

}  // namespace scry::answer
