// SemanticQuery as JSON, for storing a conversation's context, for the API's
// "interpretation" and for golden test files. Round-trips exactly.
#pragma once

#include <nlohmann/json.hpp>

#include "common/status_or.h"
#include "semantic/query.h"

namespace scry::semantic {

nlohmann::json QueryToJson(const SemanticQuery& query);
// Fails with InvalidArgument naming the field for JSON of the wrong shape.
StatusOr<SemanticQuery> QueryFromJson(const nlohmann::json& json);

}  // namespace scry::semantic
