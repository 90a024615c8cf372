#include "sql/dialect_text.h"

#include <algorithm>

namespace scry::sql {
namespace {

bool IsPlainWord(std::string_view text) {
  if (text.empty()) return false;
  const char first = text.front();
  if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string QuoteIdentifierUnlessPlain(std::string_view identifier,
                                       std::span<const std::string_view> reserved) {
  if (IsPlainWord(identifier) &&
      !std::binary_search(reserved.begin(), reserved.end(), identifier)) {
    return std::string(identifier);
  }
  std::string out = "\"";
  for (char c : identifier) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string SingleQuoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string LikePattern(semantic::CompareOp op, std::string_view text, bool* needs_escape) {
  std::string escaped;
  *needs_escape = false;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') {
      escaped += '\\';
      *needs_escape = true;
    }
    escaped += c;
  }
  switch (op) {
    case semantic::CompareOp::kStartsWith:
      return escaped + "%";
    case semantic::CompareOp::kEndsWith:
      return "%" + escaped;
    default:
      return "%" + escaped + "%";
  }
}

std::string LikeMatch(std::string_view expression, std::string_view like_keyword,
                      semantic::CompareOp op, std::string_view text) {
  bool needs_escape = false;
  const std::string pattern = LikePattern(op, text, &needs_escape);
  std::string out =
      std::string(expression) + " " + std::string(like_keyword) + " " + SingleQuoted(pattern);
  if (needs_escape) out += " ESCAPE '\\'";
  return out;
}

}  // namespace scry::sql
