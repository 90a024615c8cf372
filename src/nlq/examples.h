// Example questions for a space, made from its semantic model: its metrics
// and measures, by its few-valued dimensions, over time, the top rows of its
// named entities. A candidate is kept only when the parser reads it as a query
// (no clarification, no unused words), so every example a person clicks on is
// answered. What the catalog and the "how to ask" guide show.
//
// Thread-safe: a pure function of its arguments.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/clock.h"
#include "nlq/parser.h"
#include "semantic/model.h"

namespace scry::nlq {

// Up to `limit` distinct questions, the most telling first, varied across
// metrics and dimensions. Empty when the model has nothing to measure.
std::vector<std::string> SuggestExampleQuestions(const semantic::Model& model, const Parser& parser,
                                                 const Clock& clock, size_t limit = 8);

}  // namespace scry::nlq
