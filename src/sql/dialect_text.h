// Spelling helpers the dialects share: identifier quoting against a list of
// reserved words, string literals, and LIKE patterns for case-insensitive
// text matches. Internal to sql/; the compiler goes through Dialect.
//
// Thread-safe: pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "semantic/query.h"

namespace scry::sql {

// `identifier` as is when it is a plain lower-case word ([a-z_][a-z0-9_]*)
// not in `reserved` (sorted, lower case); otherwise in double quotes with
// embedded double quotes doubled.
std::string QuoteIdentifierUnlessPlain(std::string_view identifier,
                                       std::span<const std::string_view> reserved);

// 'text' with embedded single quotes doubled (both engines treat backslashes
// in string literals literally).
std::string SingleQuoted(std::string_view text);

// A LIKE pattern for "contains / starts with / ends with `text`": %, _ and
// the escape character in `text` are escaped with a backslash, and
// `*needs_escape` says whether an ESCAPE '\' clause must follow.
std::string LikePattern(semantic::CompareOp op, std::string_view text, bool* needs_escape);

// "<expression> <like_keyword> '<pattern>'[ ESCAPE '\']".
std::string LikeMatch(std::string_view expression, std::string_view like_keyword,
                      semantic::CompareOp op, std::string_view text);

}  // namespace scry::sql
