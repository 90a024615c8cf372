// Internal to the importer: which table names an import may create.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace scry::engine::import {

// Longest table name accepted (PostgreSQL's limit, so names travel).
inline constexpr size_t kMaxTableName = 63;

// True for SQL keywords that cannot name a table unquoted ("order", "table").
bool IsReservedWord(std::string_view lower_case_word);

// A name given by the user: letters, digits and underscores, not starting with
// a digit, at most kMaxTableName characters, not a reserved word.
// InvalidArgument otherwise, saying what is wrong.
Status CheckTableName(const std::string& name);

}  // namespace scry::engine::import
