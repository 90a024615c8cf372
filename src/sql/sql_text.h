// Lexical helpers over raw SQL text, used by the guard to explain a refusal
// ("statement 2 of 2 is a DROP statement") and to trim what it returns.
//
// None of these decide whether SQL may run: that is DuckDB's parser's job.
// They only need to be right often enough to make messages precise; when they
// disagree with the parser, the guard falls back to a generic message.
// The lexer knows what can hide a ';' or a keyword: '...' and E'...' strings,
// "..." identifiers, $tag$...$tag$ strings, -- comments and nested /* */
// comments.
//
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::sql {

// Returns `text` with A-Z lowered and every other byte kept: DuckDB compares
// identifiers case-insensitively over ASCII only, and so must the guard.
std::string AsciiLower(std::string_view text);

// Returns `sql` without leading and trailing whitespace and ';'.
std::string_view TrimSql(std::string_view sql);

// Splits `sql` on top-level ';'. Pieces holding only whitespace and comments
// are dropped; the others are returned in order, untrimmed.
std::vector<std::string_view> SplitStatements(std::string_view sql);

// Returns the keyword that says what kind of statement `statement` is, upper
// case: its first word ("DROP", "SET", "SELECT"), skipping comments and '(';
// for a WITH statement, the first statement keyword after the CTE list
// ("INSERT" in "WITH a AS (...) INSERT ..."). Empty when there is no word.
std::string StatementKeyword(std::string_view statement);

// Returns why a statement of kind `keyword` (from StatementKeyword) may not
// run, e.g. "DELETE statements change data". Never empty.
std::string WhyStatementIsRefused(std::string_view keyword);

}  // namespace scry::sql
