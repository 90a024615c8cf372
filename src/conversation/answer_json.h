// An Answer as one JSON object: what `scry ask --json` prints and what the
// API returns for a message. Shape:
//   {"question", "kind": "query"|"clarification"|"not_understood",
//    "interpretation": {"restatement", "chips": [{"kind","text"}], "unused_words",
//                       "confidence", "follow_up", "follow_up_reason"},
//    "query": <SemanticQuery JSON>,
//    "clarification": {"question", "choices": [{"label", "restatement", "query"}]},
//    "message", "hints",
//    "sql", "columns", "rows", "row_count", "total_rows", "truncated",
//    "error": {"code", "message"}, "timings_ms": {...}}
// Keys that do not apply are left out.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "conversation/pipeline.h"

namespace scry::conversation {

nlohmann::json AnswerToJson(std::string_view question, const Answer& answer);

nlohmann::json InterpretationToJson(const nlq::Interpretation& interpretation);

}  // namespace scry::conversation
