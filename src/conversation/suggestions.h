// Follow-up suggestions that really parse: the answer composer's candidate
// texts (answer/suggestions.h) kept when the parser reads them, on their own,
// as a query with no unused words that differs from the one just answered.
//
// Thread-safe: the parser is.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/clock.h"
#include "nlq/parser.h"
#include "semantic/query.h"

namespace scry::conversation {

// Up to `limit` of `candidates`, in their order, first letter capitalised.
std::vector<std::string> KeepParsedSuggestions(const std::vector<std::string>& candidates,
                                               const nlq::Parser& parser, const Clock& clock,
                                               const semantic::SemanticQuery& current,
                                               size_t limit = 3);

}  // namespace scry::conversation
