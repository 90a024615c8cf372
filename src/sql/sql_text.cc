#include "sql/sql_text.h"

#include <array>
#include <cctype>
#include <utility>

namespace scry::sql {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Bytes of UTF-8 sequences count as word characters, as in the PostgreSQL
// grammar DuckDB uses, so a Unicode identifier is one word.
bool IsWordStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsWordChar(char c) {
  return IsWordStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

enum class TokenKind { kWord, kOpen, kClose, kSemicolon, kOther, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;
};

// Yields the tokens that matter for splitting and keyword spotting; skips
// whitespace and comments; strings and quoted identifiers come out as kOther.
class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Token Next() {
    SkipSpaceAndComments();
    if (pos_ >= sql_.size()) return {TokenKind::kEnd, {}};
    const size_t begin = pos_;
    const char c = sql_[pos_];
    if (IsWordStart(c)) return Word(begin);
    if (c == '\'') return Quoted(begin, '\'', /*backslash_escapes=*/false);
    if (c == '"') return Quoted(begin, '"', /*backslash_escapes=*/false);
    if (c == '$') return Dollar(begin);
    ++pos_;
    TokenKind kind = TokenKind::kOther;
    if (c == '(') kind = TokenKind::kOpen;
    if (c == ')') kind = TokenKind::kClose;
    if (c == ';') kind = TokenKind::kSemicolon;
    return {kind, sql_.substr(begin, 1)};
  }

  size_t position() const { return pos_; }

 private:
  void SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      if (IsSpace(sql_[pos_])) {
        ++pos_;
      } else if (sql_.compare(pos_, 2, "--") == 0) {
        const size_t eol = sql_.find('\n', pos_);
        pos_ = eol == std::string_view::npos ? sql_.size() : eol + 1;
      } else if (sql_.compare(pos_, 2, "/*") == 0) {
        SkipBlockComment();
      } else {
        return;
      }
    }
  }

  // Block comments nest, as in PostgreSQL: "/* a /* b */ c */" is one.
  void SkipBlockComment() {
    int depth = 0;
    while (pos_ < sql_.size()) {
      if (sql_.compare(pos_, 2, "/*") == 0) {
        ++depth;
        pos_ += 2;
      } else if (sql_.compare(pos_, 2, "*/") == 0) {
        pos_ += 2;
        if (--depth == 0) return;
      } else {
        ++pos_;
      }
    }
  }

  Token Word(size_t begin) {
    while (pos_ < sql_.size() && IsWordChar(sql_[pos_])) ++pos_;
    const std::string_view word = sql_.substr(begin, pos_ - begin);
    // E'...' is a string in which a backslash escapes the next character.
    if ((word == "E" || word == "e") && pos_ < sql_.size() && sql_[pos_] == '\'') {
      return Quoted(begin, '\'', /*backslash_escapes=*/true);
    }
    return {TokenKind::kWord, word};
  }

  // A quote character doubled inside the literal stands for itself.
  Token Quoted(size_t begin, char quote, bool backslash_escapes) {
    pos_ = sql_.find(quote, begin) + 1;
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (backslash_escapes && c == '\\') {
        pos_ += 2;
      } else if (c == quote && pos_ + 1 < sql_.size() && sql_[pos_ + 1] == quote) {
        pos_ += 2;
      } else if (c == quote) {
        ++pos_;
        break;
      } else {
        ++pos_;
      }
    }
    pos_ = std::min(pos_, sql_.size());
    return {TokenKind::kOther, sql_.substr(begin, pos_ - begin)};
  }

  // "$tag$ ... $tag$" (tag possibly empty) is a string; "$1" a parameter.
  Token Dollar(size_t begin) {
    size_t end = begin + 1;
    while (end < sql_.size() && IsWordChar(sql_[end]) && sql_[end] != '$') ++end;
    const bool tag_ok =
        end == begin + 1 || !std::isdigit(static_cast<unsigned char>(sql_[begin + 1]));
    if (end < sql_.size() && sql_[end] == '$' && tag_ok) {
      const std::string_view tag = sql_.substr(begin, end + 1 - begin);
      const size_t close = sql_.find(tag, end + 1);
      pos_ = close == std::string_view::npos ? sql_.size() : close + tag.size();
    } else {
      pos_ = end;
    }
    return {TokenKind::kOther, sql_.substr(begin, pos_ - begin)};
  }

  std::string_view sql_;
  size_t pos_ = 0;
};

// A PIVOT whose columns are not a literal IN list runs a query of its own
// before the statement, which the guard never sees.
constexpr std::string_view kDynamicPivot =
    "without a literal IN list runs a query of its own to find its columns; list the values, "
    "e.g. IN ('a', 'b')";

std::string Upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsStatementStart(std::string_view upper) {
  static constexpr std::array<std::string_view, 11> kStarts = {
      "SELECT", "INSERT", "UPDATE", "DELETE",  "MERGE", "FROM",
      "VALUES", "TABLE",  "PIVOT",  "UNPIVOT", "COPY"};
  for (std::string_view start : kStarts) {
    if (upper == start) return true;
  }
  return false;
}

// After WITH, the statement's own keyword is the first statement keyword at
// parenthesis depth 0: CTE bodies are always parenthesized.
std::string KeywordAfterWith(Lexer& lexer) {
  int depth = 0;
  for (Token token = lexer.Next(); token.kind != TokenKind::kEnd; token = lexer.Next()) {
    if (token.kind == TokenKind::kOpen) ++depth;
    if (token.kind == TokenKind::kClose) --depth;
    if (token.kind == TokenKind::kWord && depth == 0) {
      std::string upper = Upper(token.text);
      if (IsStatementStart(upper)) return upper;
    }
  }
  return "WITH";
}

// What each kind of statement would do, for refusals.
struct Reason {
  std::string_view keyword;
  std::string_view why;
};
constexpr std::array<Reason, 37> kReasons = {{
    {"INSERT", "change data"},
    {"UPDATE", "change data"},
    {"DELETE", "change data"},
    {"MERGE", "change data"},
    {"TRUNCATE", "change data"},
    {"CREATE", "change the schema"},
    {"DROP", "change the schema"},
    {"ALTER", "change the schema"},
    {"COMMENT", "change the schema"},
    {"COPY", "read or write files"},
    {"EXPORT", "write the database to files"},
    {"IMPORT", "read a database from files"},
    {"ATTACH", "open other databases"},
    {"DETACH", "close databases"},
    {"USE", "switch databases"},
    {"INSTALL", "install extensions"},
    {"FORCE INSTALL", "install extensions"},
    {"FORCE CHECKPOINT", "write the database"},
    {"LOAD", "load extensions"},
    {"UPDATE EXTENSIONS", "install extensions"},
    {"PRAGMA", "read or change settings"},
    {"SET", "change settings"},
    {"RESET", "change settings"},
    {"CALL", "call procedures and table functions"},
    {"CHECKPOINT", "write the database"},
    {"VACUUM", "write the database"},
    {"ANALYZE", "write statistics"},
    {"BEGIN", "control transactions"},
    {"START", "control transactions"},
    {"COMMIT", "control transactions"},
    {"END", "control transactions"},
    {"ROLLBACK", "control transactions"},
    {"ABORT", "control transactions"},
    {"EXPLAIN", "describe or run a plan"},
    {"PREPARE", "run SQL that was not checked"},
    {"EXECUTE", "run SQL that was not checked"},
    {"DEALLOCATE", "manage prepared statements"},
}};

}  // namespace

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimSql(std::string_view sql) {
  while (!sql.empty() && (IsSpace(sql.front()) || sql.front() == ';')) sql.remove_prefix(1);
  while (!sql.empty() && (IsSpace(sql.back()) || sql.back() == ';')) sql.remove_suffix(1);
  return sql;
}

std::vector<std::string_view> SplitStatements(std::string_view sql) {
  std::vector<std::string_view> pieces;
  Lexer lexer(sql);
  size_t begin = 0;
  bool has_token = false;
  for (Token token = lexer.Next();; token = lexer.Next()) {
    if (token.kind == TokenKind::kSemicolon || token.kind == TokenKind::kEnd) {
      const size_t end = token.kind == TokenKind::kEnd ? sql.size() : lexer.position() - 1;
      if (has_token) pieces.push_back(sql.substr(begin, end - begin));
      if (token.kind == TokenKind::kEnd) break;
      begin = lexer.position();
      has_token = false;
    } else {
      has_token = true;
    }
  }
  return pieces;
}

std::string StatementKeyword(std::string_view statement) {
  Lexer lexer(statement);
  for (Token token = lexer.Next(); token.kind != TokenKind::kEnd; token = lexer.Next()) {
    if (token.kind == TokenKind::kOpen) continue;
    if (token.kind != TokenKind::kWord) return "";
    std::string upper = Upper(token.text);
    if (upper == "WITH") return KeywordAfterWith(lexer);
    // FORCE INSTALL and FORCE CHECKPOINT are different statements, and
    // UPDATE EXTENSIONS changes no data.
    const Token next = lexer.Next();
    const std::string second = next.kind == TokenKind::kWord ? Upper(next.text) : "";
    if (!second.empty() && (upper == "FORCE" || (upper == "UPDATE" && second == "EXTENSIONS"))) {
      upper.append(" ").append(second);
    }
    return upper;
  }
  return "";
}

std::string WhyStatementIsRefused(std::string_view keyword) {
  for (const Reason& reason : kReasons) {
    if (reason.keyword == keyword) {
      return std::string(keyword) + " statements " + std::string(reason.why);
    }
  }
  if (keyword == "PIVOT" || keyword == "UNPIVOT") {
    return std::string(keyword) + " " + std::string(kDynamicPivot);
  }
  if (keyword.empty()) return "the statement is not a SELECT";
  // DuckDB refused a query that starts like one: what it holds needs more
  // than a plain query, and a dynamic PIVOT is the one such construct.
  if (IsStatementStart(keyword)) return "a PIVOT (in the query) " + std::string(kDynamicPivot);
  return std::string(keyword) + " statements are not a SELECT";
}

}  // namespace scry::sql
