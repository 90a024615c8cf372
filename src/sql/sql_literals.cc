#include "sql/sql_literals.h"

#include <algorithm>
#include <cctype>

namespace scry::sql {
namespace {

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         (static_cast<unsigned char>(c) & 0x80);
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The end of a quoted run starting at `i` (on the opening quote) where the
// quote is escaped by doubling; the text's end when it is not closed.
size_t EndOfQuoted(std::string_view sql, size_t i, char quote) {
  for (size_t j = i + 1; j < sql.size(); ++j) {
    if (sql[j] != quote) continue;
    if (j + 1 < sql.size() && sql[j + 1] == quote) {
      ++j;
      continue;
    }
    return j + 1;
  }
  return sql.size();
}

// The end of an E'...' string, where a backslash escapes the next byte.
size_t EndOfEscaped(std::string_view sql, size_t i) {
  for (size_t j = i + 1; j < sql.size(); ++j) {
    if (sql[j] == '\\') {
      ++j;
    } else if (sql[j] == '\'') {
      if (j + 1 < sql.size() && sql[j + 1] == '\'') {
        ++j;
        continue;
      }
      return j + 1;
    }
  }
  return sql.size();
}

// The end of a $tag$...$tag$ string starting at `i`, or npos when `i` does
// not start one.
size_t EndOfDollarQuoted(std::string_view sql, size_t i) {
  size_t j = i + 1;
  while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) {
    if (j == i + 1 && IsDigit(sql[j])) return std::string_view::npos;  // $1: a parameter
    ++j;
  }
  if (j >= sql.size() || sql[j] != '$') return std::string_view::npos;
  const std::string_view tag = sql.substr(i, j - i + 1);
  const size_t close = sql.find(tag, j + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

size_t EndOfBlockComment(std::string_view sql, size_t i) {
  int depth = 0;
  for (size_t j = i; j + 1 < sql.size(); ++j) {
    if (sql[j] == '/' && sql[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (sql[j] == '*' && sql[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return sql.size();
}

size_t EndOfNumber(std::string_view sql, size_t i) {
  size_t j = i;
  while (j < sql.size() && IsDigit(sql[j])) ++j;
  if (j + 1 < sql.size() && sql[j] == '.' && IsDigit(sql[j + 1])) {
    ++j;
    while (j < sql.size() && IsDigit(sql[j])) ++j;
  } else if (j < sql.size() && sql[j] == '.' && j > i) {
    ++j;  // "5." is a number
  }
  if (j < sql.size() && (sql[j] == 'e' || sql[j] == 'E')) {
    size_t k = j + 1;
    if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) ++k;
    if (k < sql.size() && IsDigit(sql[k])) {
      while (k < sql.size() && IsDigit(sql[k])) ++k;
      j = k;
    }
  }
  return j;
}

std::string Unescape(std::string_view quoted) {
  std::string value;
  const std::string_view inner = quoted.substr(1, quoted.size() >= 2 ? quoted.size() - 2 : 0);
  for (size_t i = 0; i < inner.size(); ++i) {
    value.push_back(inner[i]);
    if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;
  }
  return value;
}

}  // namespace

std::vector<SqlLiteral> FindLiterals(std::string_view sql) {
  std::vector<SqlLiteral> literals;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '-' && next == '-') {
      const size_t line = sql.find('\n', i);
      i = line == std::string_view::npos ? sql.size() : line + 1;
    } else if (c == '/' && next == '*') {
      i = EndOfBlockComment(sql, i);
    } else if (c == '"') {
      i = EndOfQuoted(sql, i, '"');
    } else if ((c == 'e' || c == 'E') && next == '\'' &&
               (i == 0 || !IsIdentifierChar(sql[i - 1]))) {
      i = EndOfEscaped(sql, i + 1);
    } else if (c == '$' && EndOfDollarQuoted(sql, i) != std::string_view::npos) {
      i = EndOfDollarQuoted(sql, i);
    } else if (c == '\'') {
      const size_t end = EndOfQuoted(sql, i, '\'');
      if (end <= sql.size() && end >= i + 2 && sql[end - 1] == '\'') {
        literals.push_back({SqlLiteral::Kind::kString, i, end, Unescape(sql.substr(i, end - i))});
      }
      i = end;
    } else if (IsIdentifierChar(c) && !IsDigit(c)) {
      while (i < sql.size() && IsIdentifierChar(sql[i])) ++i;
    } else if (IsDigit(c) ||
               (c == '.' && IsDigit(next) && (i == 0 || !IsIdentifierChar(sql[i - 1])))) {
      const size_t end = EndOfNumber(sql, i);
      // A number glued to a word ("1st", "2x") is not a literal.
      if (end < sql.size() && IsIdentifierChar(sql[end])) {
        while (i < sql.size() && IsIdentifierChar(sql[i])) ++i;
        continue;
      }
      literals.push_back({SqlLiteral::Kind::kNumber, i, end, std::string(sql.substr(i, end - i))});
      i = end;
    } else {
      ++i;
    }
  }
  return literals;
}

std::string QuoteSqlString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string ReplaceLiterals(std::string_view sql, std::vector<LiteralReplacement> replacements) {
  std::sort(
      replacements.begin(), replacements.end(),
      [](const LiteralReplacement& a, const LiteralReplacement& b) { return a.begin < b.begin; });
  std::string out;
  size_t at = 0;
  for (const LiteralReplacement& replacement : replacements) {
    if (replacement.begin < at || replacement.end > sql.size()) continue;
    out.append(sql.substr(at, replacement.begin - at));
    out.append(replacement.text);
    at = replacement.end;
  }
  out.append(sql.substr(at));
  return out;
}

}  // namespace scry::sql
