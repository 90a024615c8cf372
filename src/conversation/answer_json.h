// An Answer as one JSON object: what `scry ask --json` prints and what the
// API returns for a message. Shape:
//   {"question", "kind": "query"|"clarification"|"not_understood",
//    "interpretation": {"restatement", "chips": [{"kind","text"}], "unused_words",
//                       "confidence", "follow_up", "follow_up_reason"},
//    "query": <SemanticQuery JSON>,
//    "clarification": {"question", "choices": [{"label", "restatement", "query"}]},
//    "trusted": {"id", "question"} (answered by a trusted question's SQL),
//    "message", "hints",
//    "sql", "columns", "rows", "row_count", "total_rows", "truncated",
//    "chart": <Vega-Lite spec>, "summary", "suggestions": [...],
//    "error": {"code", "message"}, "timings_ms": {...}}
// Keys that do not apply are left out: "chart" when the table says it best,
// "summary" when there is none. The chart's data is the dataset named
// "result" (answer/chart.h): the reader fills it with every row of the result,
// one object per row keyed by column name — all of "rows" when they are all
// inline, else the stored rows paged in.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "conversation/pipeline.h"

namespace scry::conversation {

nlohmann::json AnswerToJson(std::string_view question, const Answer& answer);

nlohmann::json InterpretationToJson(const nlq::Interpretation& interpretation);

}  // namespace scry::conversation
