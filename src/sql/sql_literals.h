// The literals of a SQL text, for putting other values in their places: a
// trusted question's SQL (conversation/trusted_questions.h) answers a later
// question with that question's values where the marked one had its own.
//
// The lexer knows what can hide a quote or a digit: '...' strings (with ''),
// "..." identifiers, E'...' and $tag$...$tag$ strings (skipped: their
// escaping differs, so they are never replaced), -- and nested /* */
// comments, and digits inside identifiers (col1). A replaced text is checked
// by the guard like any other, so a lexer mistake can make a query fail, not
// make it unsafe.
//
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::sql {

struct SqlLiteral {
  enum class Kind { kString, kNumber };
  Kind kind = Kind::kString;
  // Byte offsets of the literal in the text; a string's include its quotes,
  // a typed literal's keyword (DATE '2024-01-01') is not part of it.
  size_t begin = 0;
  size_t end = 0;
  // kString: the content with '' unescaped; kNumber: the digits as written.
  std::string value;
};

// Every plain string and unsigned number literal of `sql`, in order.
std::vector<SqlLiteral> FindLiterals(std::string_view sql);

// `value` as a SQL string literal: 'it''s'.
std::string QuoteSqlString(std::string_view value);

struct LiteralReplacement {
  size_t begin = 0;
  size_t end = 0;
  std::string text;
};

// `sql` with each [begin, end) replaced by its text. The ranges must not
// overlap (literals from FindLiterals do not).
std::string ReplaceLiterals(std::string_view sql, std::vector<LiteralReplacement> replacements);

}  // namespace scry::sql
