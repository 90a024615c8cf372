#include "eval/sql_shape.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace scry::eval {
namespace {

bool IsWordChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads a quoted run starting at `pos` (the opening quote); a doubled closing
// quote stands for itself. Returns the position after the closing quote.
size_t ReadQuoted(std::string_view sql, size_t pos, char close, std::string* text) {
  size_t i = pos + 1;
  while (i < sql.size()) {
    if (sql[i] == close) {
      if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
        text->push_back(close);
        i += 2;
        continue;
      }
      return i + 1;
    }
    text->push_back(sql[i++]);
  }
  return i;
}

size_t ReadNumber(std::string_view sql, size_t pos) {
  size_t i = pos;
  while (i < sql.size() && (IsDigit(sql[i]) || sql[i] == '.')) ++i;
  if (i < sql.size() && (sql[i] == 'e' || sql[i] == 'E')) {
    size_t j = i + 1;
    if (j < sql.size() && (sql[j] == '+' || sql[j] == '-')) ++j;
    if (j < sql.size() && IsDigit(sql[j])) {
      i = j;
      while (i < sql.size() && IsDigit(sql[i])) ++i;
    }
  }
  return i;
}

// Returns the position after a comment starting at `pos`, or `pos` if none does.
size_t SkipComment(std::string_view sql, size_t pos) {
  if (sql.substr(pos, 2) == "--") {
    const size_t end = sql.find('\n', pos);
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  if (sql.substr(pos, 2) == "/*") {
    const size_t end = sql.find("*/", pos + 2);
    return end == std::string_view::npos ? sql.size() : end + 2;
  }
  return pos;
}

// The length of the operator or punctuation at `pos`: two characters for
// <=, >=, <>, !=, == and ||, otherwise one.
size_t SymbolLength(std::string_view sql, size_t pos) {
  static constexpr std::array<std::string_view, 6> kPairs = {"<=", ">=", "<>", "!=", "==", "||"};
  const std::string_view next = sql.substr(pos, 2);
  return std::find(kPairs.begin(), kPairs.end(), next) != kPairs.end() ? 2 : 1;
}

// Reads the token at *pos (not whitespace or a comment) and moves past it.
SqlToken ReadToken(std::string_view sql, size_t* pos) {
  const size_t begin = *pos;
  const char c = sql[begin];
  if (c == '\'' || c == '"' || c == '`' || c == '[') {
    std::string text;
    *pos = ReadQuoted(sql, begin, c == '[' ? ']' : c, &text);
    const auto kind = c == '\'' ? SqlToken::Kind::kString : SqlToken::Kind::kQuotedName;
    return SqlToken{kind, std::move(text)};
  }
  if (IsDigit(c) || (c == '.' && begin + 1 < sql.size() && IsDigit(sql[begin + 1]))) {
    *pos = ReadNumber(sql, begin);
    return SqlToken{SqlToken::Kind::kNumber, std::string(sql.substr(begin, *pos - begin))};
  }
  if (IsWordChar(c)) {
    size_t end = begin;
    while (end < sql.size() && IsWordChar(sql[end])) ++end;
    *pos = end;
    return SqlToken{SqlToken::Kind::kWord, Lower(sql.substr(begin, end - begin))};
  }
  *pos = begin + SymbolLength(sql, begin);
  return SqlToken{SqlToken::Kind::kSymbol, std::string(sql.substr(begin, *pos - begin))};
}

// For each token, the index of its matching parenthesis (or the end).
std::vector<size_t> MatchParens(const std::vector<SqlToken>& tokens) {
  std::vector<size_t> match(tokens.size(), tokens.size());
  std::vector<size_t> open;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].IsSymbol("(")) {
      open.push_back(i);
    } else if (tokens[i].IsSymbol(")") && !open.empty()) {
      match[open.back()] = i;
      match[i] = open.back();
      open.pop_back();
    }
  }
  return match;
}

bool IsAggregate(const std::vector<SqlToken>& tokens, size_t i) {
  static constexpr std::array<std::string_view, 5> kAggregates = {"count", "sum", "avg", "min",
                                                                  "max"};
  if (tokens[i].kind != SqlToken::Kind::kWord || i + 1 >= tokens.size()) return false;
  if (!tokens[i + 1].IsSymbol("(")) return false;
  return std::find(kAggregates.begin(), kAggregates.end(), tokens[i].text) != kAggregates.end();
}

bool IsSetOperation(const SqlToken& token) {
  return token.Is("union") || token.Is("intersect") || token.Is("except");
}

enum class Clause { kNone, kSelect, kFrom, kWhere, kGroupBy, kHaving, kOrderBy, kLimit };

// The clause keyword at `i` (at the top level of a SELECT), if any; `width` is
// its token count.
Clause ClauseAt(const std::vector<SqlToken>& tokens, size_t i, size_t* width) {
  *width = 1;
  const SqlToken& token = tokens[i];
  const bool by_follows = i + 1 < tokens.size() && tokens[i + 1].Is("by");
  if (token.Is("select")) return Clause::kSelect;
  if (token.Is("from")) return Clause::kFrom;
  if (token.Is("where")) return Clause::kWhere;
  if (token.Is("having")) return Clause::kHaving;
  if (token.Is("limit")) return Clause::kLimit;
  if (by_follows && (token.Is("group") || token.Is("order"))) {
    *width = 2;
    return token.Is("group") ? Clause::kGroupBy : Clause::kOrderBy;
  }
  return Clause::kNone;
}

// What one clause of the outermost SELECT holds, outside its subqueries.
struct ClauseCounts {
  bool present = false;
  int items = 0;  // comma-separated items at the clause's own level
  int aggregates = 0;
  int ors = 0;
  int ands = 0;  // connecting conditions (not BETWEEN's AND)
  int likes = 0;
  int joins = 0;
  int subqueries = 0;
};

ClauseCounts ScanClause(const std::vector<SqlToken>& tokens, const std::vector<size_t>& match,
                        size_t begin, size_t end) {
  ClauseCounts counts;
  counts.present = true;
  counts.items = begin < end ? 1 : 0;
  int depth = 0;
  bool in_between = false;
  for (size_t i = begin; i < end; ++i) {
    const SqlToken& token = tokens[i];
    if (token.IsSymbol("(") && i + 1 < end && tokens[i + 1].Is("select")) {
      ++counts.subqueries;
      i = std::min(match[i], end);
      continue;
    }
    if (token.IsSymbol("(")) ++depth;
    if (token.IsSymbol(")")) --depth;
    if (token.IsSymbol(",") && depth == 0) ++counts.items;
    if (IsAggregate(tokens, i)) ++counts.aggregates;
    if (token.Is("or")) ++counts.ors;
    if (token.Is("like")) ++counts.likes;
    if (token.Is("join") && depth == 0) ++counts.joins;
    if (token.Is("between")) in_between = true;
    if (token.Is("and")) {
      if (in_between) {
        in_between = false;
      } else {
        ++counts.ands;
      }
    }
  }
  return counts;
}

struct SelectShape {
  bool set_operation = false;
  ClauseCounts select, from, where, group_by, having, order_by, limit;
};

ClauseCounts* CountsFor(SelectShape* shape, Clause clause) {
  switch (clause) {
    case Clause::kSelect:
      return &shape->select;
    case Clause::kFrom:
      return &shape->from;
    case Clause::kWhere:
      return &shape->where;
    case Clause::kGroupBy:
      return &shape->group_by;
    case Clause::kHaving:
      return &shape->having;
    case Clause::kOrderBy:
      return &shape->order_by;
    case Clause::kLimit:
      return &shape->limit;
    case Clause::kNone:
      break;
  }
  return nullptr;
}

// The outermost SELECT of tokens [begin, end): the first arm of a set operation.
SelectShape ShapeOf(const std::vector<SqlToken>& tokens, const std::vector<size_t>& match,
                    size_t begin, size_t end) {
  while (begin < end && tokens[begin].IsSymbol("(") && match[begin] == end - 1) {
    ++begin;
    --end;
  }
  SelectShape shape;
  size_t arm_end = end;
  for (size_t i = begin; i < end; ++i) {
    if (tokens[i].IsSymbol("(")) i = std::min(match[i], end);
    if (i < end && IsSetOperation(tokens[i])) {
      shape.set_operation = true;
      arm_end = i;
      break;
    }
  }
  // Each clause runs from its keyword to the next clause keyword at its level.
  Clause current = Clause::kNone;
  size_t clause_begin = begin;
  for (size_t i = begin; i < arm_end; ++i) {
    size_t width = 1;
    const Clause next = ClauseAt(tokens, i, &width);
    if (next == Clause::kNone) {
      if (tokens[i].IsSymbol("(")) i = std::min(match[i], arm_end);
      continue;
    }
    if (ClauseCounts* counts = CountsFor(&shape, current)) {
      *counts = ScanClause(tokens, match, clause_begin, i);
    }
    current = next;
    clause_begin = i + width;
    i += width - 1;
  }
  if (ClauseCounts* counts = CountsFor(&shape, current)) {
    *counts = ScanClause(tokens, match, clause_begin, arm_end);
  }
  return shape;
}

int Component1(const SelectShape& shape) {
  int count = 0;
  count += shape.where.present ? 1 : 0;
  count += shape.group_by.present ? 1 : 0;
  count += shape.order_by.present ? 1 : 0;
  count += shape.limit.present ? 1 : 0;
  // Tables beyond the first: joined ones and comma-separated ones.
  count += shape.from.joins + std::max(shape.from.items - 1, 0);
  count += shape.where.ors + shape.having.ors + shape.from.ors;
  count += shape.where.likes + shape.having.likes + shape.from.likes;
  return count;
}

int Component2(const SelectShape& shape) {
  int count = shape.set_operation ? 1 : 0;
  for (const ClauseCounts* clause : {&shape.select, &shape.from, &shape.where, &shape.group_by,
                                     &shape.having, &shape.order_by, &shape.limit}) {
    count += clause->subqueries;
  }
  return count;
}

int Others(const SelectShape& shape) {
  const int aggregates = shape.select.aggregates + shape.where.aggregates +
                         shape.group_by.aggregates + shape.order_by.aggregates +
                         shape.having.aggregates;
  const int where_conditions = shape.where.present ? shape.where.ands + shape.where.ors + 1 : 0;
  int count = 0;
  count += aggregates > 1 ? 1 : 0;
  count += shape.select.items > 1 ? 1 : 0;
  count += where_conditions > 1 ? 1 : 0;
  count += shape.group_by.items > 1 ? 1 : 0;
  return count;
}

}  // namespace

std::vector<SqlToken> TokenizeSql(std::string_view sql) {
  std::vector<SqlToken> tokens;
  size_t pos = 0;
  while (pos < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[pos]))) {
      ++pos;
      continue;
    }
    if (const size_t after = SkipComment(sql, pos); after != pos) {
      pos = after;
      continue;
    }
    tokens.push_back(ReadToken(sql, &pos));
  }
  return tokens;
}

bool HasTopLevelOrderBy(std::string_view sql) {
  const std::vector<SqlToken> tokens = TokenizeSql(sql);
  int depth = 0;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].IsSymbol("(")) ++depth;
    if (tokens[i].IsSymbol(")")) depth = std::max(depth - 1, 0);
    if (depth == 0 && tokens[i].Is("order") && tokens[i + 1].Is("by")) return true;
  }
  return false;
}

std::string_view HardnessName(Hardness hardness) {
  switch (hardness) {
    case Hardness::kEasy:
      return "easy";
    case Hardness::kMedium:
      return "medium";
    case Hardness::kHard:
      return "hard";
    case Hardness::kExtra:
      return "extra";
  }
  return "extra";
}

SqlComponents CountComponents(std::string_view sql) {
  const std::vector<SqlToken> tokens = TokenizeSql(sql);
  const std::vector<size_t> match = MatchParens(tokens);
  size_t end = tokens.size();
  while (end > 0 && tokens[end - 1].IsSymbol(";")) --end;
  const SelectShape shape = ShapeOf(tokens, match, 0, end);
  return SqlComponents{Component1(shape), Component2(shape), Others(shape)};
}

Hardness HardnessOf(const SqlComponents& c) {
  const int c1 = c.component1;
  const int c2 = c.component2;
  const int others = c.others;
  if (c1 <= 1 && others == 0 && c2 == 0) return Hardness::kEasy;
  if ((others <= 2 && c1 <= 1 && c2 == 0) || (c1 <= 2 && others < 2 && c2 == 0)) {
    return Hardness::kMedium;
  }
  if ((others > 2 && c1 <= 2 && c2 == 0) || (c1 > 2 && c1 <= 3 && others <= 2 && c2 == 0) ||
      (c1 <= 1 && others == 0 && c2 <= 1)) {
    return Hardness::kHard;
  }
  return Hardness::kExtra;
}

Hardness ClassifyHardness(std::string_view sql) { return HardnessOf(CountComponents(sql)); }

}  // namespace scry::eval
