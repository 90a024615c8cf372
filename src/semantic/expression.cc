// A tokenizer and a recursive-descent recognizer for metric expressions. The
// grammar, loosest first:
//
//   expr     := and (OR and)*
//   and      := not (AND not)*
//   not      := NOT not | compare
//   compare  := sum [cmp sum | IS [NOT] NULL | [NOT] BETWEEN sum AND sum
//                    | [NOT] IN '(' expr (',' expr)* ')' | [NOT] LIKE sum]
//   sum      := product (('+' | '-') product)*
//   product  := unary (('*' | '/' | '%') unary)*
//   unary    := ('-' | '+') unary | primary
//   primary  := number | string | NULL | TRUE | FALSE | table.column | '(' expr ')'
//             | CASE [expr] (WHEN expr THEN expr)+ [ELSE expr] END
//             | CAST '(' expr AS type ')' | aggregate | scalar function
//
// It only recognizes: the output is the token list, which the compiler
// rewrites. Anything that could change what a statement does (a second
// statement, a comment, a subquery) is refused, since metric text is spliced
// into generated SQL.
#include "semantic/expression.h"

#include <array>
#include <cctype>
#include <string>

#include "semantic/identifier_words.h"

namespace scry::semantic {
namespace {

using Kind = ExpressionToken::Kind;

struct Lexeme {
  enum class Type { kWord, kQuoted, kNumber, kString, kSymbol, kEnd };
  Type type = Type::kEnd;
  std::string text;   // as written
  std::string value;  // kWord: lower case; kQuoted: the unquoted name
  size_t position = 0;
};

constexpr std::array<std::string_view, 6> kAggregates{"sum", "avg",   "min",
                                                      "max", "count", "median"};
constexpr std::array<std::string_view, 10> kScalars{
    "coalesce", "nullif", "abs", "round", "greatest", "least", "ceil", "ceiling", "floor", "sqrt"};
constexpr std::array<std::string_view, 17> kKeywords{
    "case", "when", "then",  "else", "end",     "and",  "or",       "not", "is",
    "null", "true", "false", "in",   "between", "like", "distinct", "as"};
constexpr std::array<std::string_view, 14> kTypes{
    "double",  "real",    "float",   "integer", "int",  "bigint",    "smallint",
    "decimal", "numeric", "varchar", "text",    "date", "timestamp", "boolean"};

bool In(const auto& list, std::string_view word) {
  for (std::string_view candidate : list) {
    if (candidate == word) return true;
  }
  return false;
}

Status ErrorAt(size_t position, std::string_view message) {
  return InvalidArgumentError("at position " + std::to_string(position + 1) + ": " +
                              std::string(message));
}

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads a quoted run starting at text[i] (the quote), doubling escapes.
StatusOr<std::string> ReadQuoted(std::string_view text, size_t* i) {
  const char quote = text[*i];
  std::string value;
  for (size_t k = *i + 1; k < text.size(); ++k) {
    if (text[k] != quote) {
      value += text[k];
    } else if (k + 1 < text.size() && text[k + 1] == quote) {
      value += quote;
      ++k;
    } else {
      *i = k + 1;
      return value;
    }
  }
  return ErrorAt(*i, quote == '\'' ? "unterminated string" : "unterminated quoted name");
}

size_t NumberEnd(std::string_view text, size_t i) {
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t k = i + 1;
    if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
    if (k < text.size() && IsDigit(text[k])) {
      i = k;
      while (i < text.size() && IsDigit(text[i])) ++i;
    }
  }
  return i;
}

// The operator or punctuation at text[i], longest first; empty when none.
std::string_view SymbolAt(std::string_view text, size_t i) {
  static constexpr std::array<std::string_view, 16> kSymbols{
      "<>", "!=", "<=", ">=", "+", "-", "*", "/", "%", "=", "<", ">", "(", ")", ",", "."};
  for (std::string_view symbol : kSymbols) {
    if (text.substr(i, symbol.size()) == symbol) return symbol;
  }
  return {};
}

StatusOr<std::vector<Lexeme>> Lex(std::string_view text) {
  std::vector<Lexeme> lexemes;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const size_t start = i;
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (text.substr(i, 2) == "--" || text.substr(i, 2) == "/*") {
      return ErrorAt(i, "comments are not allowed");
    }
    if (c == ';') return ErrorAt(i, "';': one expression only, not statements");
    Lexeme lexeme;
    lexeme.position = start;
    if (IsWordStart(c)) {
      while (i < text.size() && IsWordChar(text[i])) ++i;
      lexeme.type = Lexeme::Type::kWord;
      lexeme.value = ToLower(text.substr(start, i - start));
    } else if (IsDigit(c) || (c == '.' && i + 1 < text.size() && IsDigit(text[i + 1]))) {
      i = NumberEnd(text, i);
      lexeme.type = Lexeme::Type::kNumber;
    } else if (c == '\'' || c == '"') {
      ASSIGN_OR_RETURN(lexeme.value, ReadQuoted(text, &i));
      lexeme.type = c == '\'' ? Lexeme::Type::kString : Lexeme::Type::kQuoted;
    } else if (std::string_view symbol = SymbolAt(text, i); !symbol.empty()) {
      i += symbol.size();
      lexeme.type = Lexeme::Type::kSymbol;
    } else {
      return ErrorAt(i, std::string("unexpected character '") + c + "'");
    }
    lexeme.text = std::string(text.substr(start, i - start));
    lexemes.push_back(std::move(lexeme));
  }
  lexemes.push_back(Lexeme{Lexeme::Type::kEnd, "", "", text.size()});
  return lexemes;
}

class Recognizer {
 public:
  explicit Recognizer(std::vector<Lexeme> lexemes) : lexemes_(std::move(lexemes)) {}

  StatusOr<std::vector<ExpressionToken>> Run() {
    if (Peek().type == Lexeme::Type::kEnd) return ErrorAt(0, "empty expression");
    RETURN_IF_ERROR(Expr(0));
    if (Peek().type != Lexeme::Type::kEnd) return Unexpected();
    if (saw_aggregate_ && bare_column_ >= 0) {
      const ExpressionToken& column = tokens_[bare_column_];
      return ErrorAt(
          bare_column_position_,
          "column " + column.text + " is outside an aggregate; wrap it in sum(), avg(), ...");
    }
    return std::move(tokens_);
  }

 private:
  static constexpr int kMaxDepth = 64;

  const Lexeme& Peek(size_t ahead = 0) const {
    return lexemes_[std::min(next_ + ahead, lexemes_.size() - 1)];
  }
  bool IsWord(std::string_view word, size_t ahead = 0) const {
    return Peek(ahead).type == Lexeme::Type::kWord && Peek(ahead).value == word;
  }
  bool IsSymbol(std::string_view symbol, size_t ahead = 0) const {
    return Peek(ahead).type == Lexeme::Type::kSymbol && Peek(ahead).text == symbol;
  }

  void Emit(Kind kind, std::string text) {
    tokens_.push_back(ExpressionToken{kind, std::move(text), {}});
    ++next_;
  }
  void EmitSymbol() {
    const std::string& text = Peek().text;
    const Kind kind = text == "("   ? Kind::kOpen
                      : text == ")" ? Kind::kClose
                      : text == "," ? Kind::kComma
                                    : Kind::kOperator;
    Emit(kind, text);
  }
  void EmitKeyword() { Emit(Kind::kKeyword, Peek().value); }

  Status Unexpected() const {
    const Lexeme& at = Peek();
    if (at.type == Lexeme::Type::kEnd) return ErrorAt(at.position, "unexpected end");
    if (at.type == Lexeme::Type::kWord &&
        (at.value == "select" || at.value == "from" || at.value == "with")) {
      return ErrorAt(at.position, "subqueries are not allowed");
    }
    return ErrorAt(at.position, "unexpected '" + at.text + "'");
  }
  Status ExpectWord(std::string_view word) {
    if (!IsWord(word)) return Unexpected();
    EmitKeyword();
    return Status::Ok();
  }
  Status ExpectSymbol(std::string_view symbol) {
    if (!IsSymbol(symbol)) return Unexpected();
    EmitSymbol();
    return Status::Ok();
  }

  Status Expr(int depth) {
    if (depth > kMaxDepth) return ErrorAt(Peek().position, "expression nested too deeply");
    RETURN_IF_ERROR(And(depth));
    while (IsWord("or")) {
      EmitKeyword();
      RETURN_IF_ERROR(And(depth));
    }
    return Status::Ok();
  }

  Status And(int depth) {
    RETURN_IF_ERROR(Not(depth));
    while (IsWord("and")) {
      EmitKeyword();
      RETURN_IF_ERROR(Not(depth));
    }
    return Status::Ok();
  }

  Status Not(int depth) {
    if (IsWord("not")) {
      EmitKeyword();
      return Not(depth + 1);
    }
    return Compare(depth);
  }

  Status Compare(int depth) {
    RETURN_IF_ERROR(Sum(depth));
    if (IsComparison()) {
      EmitSymbol();
      return Sum(depth);
    }
    if (IsWord("is")) {
      EmitKeyword();
      if (IsWord("not")) EmitKeyword();
      return ExpectWord("null");
    }
    const bool negated = IsWord("not");
    if (negated && !(IsWord("between", 1) || IsWord("in", 1) || IsWord("like", 1))) {
      return Unexpected();
    }
    if (negated) EmitKeyword();
    if (IsWord("between")) {
      EmitKeyword();
      RETURN_IF_ERROR(Sum(depth));
      RETURN_IF_ERROR(ExpectWord("and"));
      return Sum(depth);
    }
    if (IsWord("like")) {
      EmitKeyword();
      return Sum(depth);
    }
    if (IsWord("in")) return InList(depth);
    return Status::Ok();
  }

  bool IsComparison() const {
    if (Peek().type != Lexeme::Type::kSymbol) return false;
    const std::string& s = Peek().text;
    return s == "=" || s == "<>" || s == "!=" || s == "<" || s == "<=" || s == ">" || s == ">=";
  }

  Status InList(int depth) {
    EmitKeyword();
    RETURN_IF_ERROR(ExpectSymbol("("));
    RETURN_IF_ERROR(Expr(depth + 1));
    while (IsSymbol(",")) {
      EmitSymbol();
      RETURN_IF_ERROR(Expr(depth + 1));
    }
    return ExpectSymbol(")");
  }

  Status Sum(int depth) {
    RETURN_IF_ERROR(Product(depth));
    while (IsSymbol("+") || IsSymbol("-")) {
      EmitSymbol();
      RETURN_IF_ERROR(Product(depth));
    }
    return Status::Ok();
  }

  Status Product(int depth) {
    RETURN_IF_ERROR(Unary(depth));
    while (IsSymbol("*") || IsSymbol("/") || IsSymbol("%")) {
      EmitSymbol();
      RETURN_IF_ERROR(Unary(depth));
    }
    return Status::Ok();
  }

  Status Unary(int depth) {
    if (IsSymbol("-") || IsSymbol("+")) {
      if (depth > kMaxDepth) return ErrorAt(Peek().position, "expression nested too deeply");
      EmitSymbol();
      return Unary(depth + 1);
    }
    return Primary(depth);
  }

  Status Primary(int depth) {
    const Lexeme& at = Peek();
    switch (at.type) {
      case Lexeme::Type::kNumber:
        Emit(Kind::kNumber, at.text);
        return Status::Ok();
      case Lexeme::Type::kString:
        Emit(Kind::kString, at.text);
        return Status::Ok();
      case Lexeme::Type::kQuoted:
        return Column();
      case Lexeme::Type::kSymbol:
        if (!IsSymbol("(")) return Unexpected();
        EmitSymbol();
        RETURN_IF_ERROR(Expr(depth + 1));
        return ExpectSymbol(")");
      case Lexeme::Type::kWord:
        return Word(depth);
      case Lexeme::Type::kEnd:
        return Unexpected();
    }
    return Unexpected();
  }

  Status Word(int depth) {
    const Lexeme& at = Peek();
    if (at.value == "null" || at.value == "true" || at.value == "false") {
      EmitKeyword();
      return Status::Ok();
    }
    if (at.value == "case") return Case(depth);
    if (IsSymbol("(", 1)) {
      if (at.value == "cast") return Cast(depth);
      if (In(kAggregates, at.value)) return Aggregate(depth);
      if (In(kScalars, at.value)) return Scalar(depth);
      if (at.value == "select" || at.value == "exists") return Unexpected();
      return ErrorAt(at.position, "unknown function '" + at.text + "'");
    }
    if (In(kKeywords, at.value) || at.value == "select" || at.value == "from") return Unexpected();
    return Column();
  }

  // table.column, either part plain or "quoted".
  Status Column() {
    const Lexeme& table = Peek();
    const bool named = [](const Lexeme& l) {
      return l.type == Lexeme::Type::kWord || l.type == Lexeme::Type::kQuoted;
    }(Peek(2));
    if (!IsSymbol(".", 1) || !named) {
      return ErrorAt(table.position,
                     "column '" + table.text + "' must be qualified as table.column");
    }
    if (IsSymbol(".", 3)) return ErrorAt(Peek(3).position, "names have two parts: table.column");
    const Lexeme& column = Peek(2);
    auto name = [](const Lexeme& l) { return l.type == Lexeme::Type::kQuoted ? l.value : l.text; };
    ExpressionToken token{Kind::kColumn, table.text + "." + column.text,
                          ColumnRef{name(table), name(column)}};
    if (aggregate_depth_ == 0 && bare_column_ < 0) {
      bare_column_ = static_cast<int>(tokens_.size());
      bare_column_position_ = table.position;
    }
    tokens_.push_back(std::move(token));
    next_ += 3;
    return Status::Ok();
  }

  Status Case(int depth) {
    EmitKeyword();
    if (!IsWord("when")) RETURN_IF_ERROR(Expr(depth + 1));
    if (!IsWord("when")) return Unexpected();
    while (IsWord("when")) {
      EmitKeyword();
      RETURN_IF_ERROR(Expr(depth + 1));
      RETURN_IF_ERROR(ExpectWord("then"));
      RETURN_IF_ERROR(Expr(depth + 1));
    }
    if (IsWord("else")) {
      EmitKeyword();
      RETURN_IF_ERROR(Expr(depth + 1));
    }
    return ExpectWord("end");
  }

  Status Cast(int depth) {
    Emit(Kind::kFunction, "cast");
    EmitSymbol();
    RETURN_IF_ERROR(Expr(depth + 1));
    RETURN_IF_ERROR(ExpectWord("as"));
    if (Peek().type != Lexeme::Type::kWord || !In(kTypes, Peek().value)) {
      return ErrorAt(Peek().position, "unknown type '" + Peek().text + "'");
    }
    EmitKeyword();
    if (IsSymbol("(")) {  // decimal(12, 2)
      EmitSymbol();
      while (Peek().type == Lexeme::Type::kNumber || IsSymbol(",")) {
        if (IsSymbol(",")) {
          EmitSymbol();
        } else {
          Emit(Kind::kNumber, Peek().text);
        }
      }
      RETURN_IF_ERROR(ExpectSymbol(")"));
    }
    return ExpectSymbol(")");
  }

  Status Aggregate(int depth) {
    if (aggregate_depth_ > 0) return ErrorAt(Peek().position, "aggregates cannot be nested");
    saw_aggregate_ = true;
    const bool count = Peek().value == "count";
    Emit(Kind::kFunction, Peek().value);
    EmitSymbol();
    if (count && IsSymbol("*") && IsSymbol(")", 1)) {
      EmitSymbol();
      return ExpectSymbol(")");
    }
    if (IsWord("distinct")) EmitKeyword();
    ++aggregate_depth_;
    Status status = Expr(depth + 1);
    --aggregate_depth_;
    RETURN_IF_ERROR(status);
    RETURN_IF_ERROR(ExpectSymbol(")"));
    if (IsWord("over") || IsWord("filter")) {
      return ErrorAt(Peek().position, "window functions and FILTER are not allowed");
    }
    return Status::Ok();
  }

  Status Scalar(int depth) {
    const std::string name = Peek().value;
    const size_t position = Peek().position;
    Emit(Kind::kFunction, name);
    EmitSymbol();
    int arguments = 1;
    RETURN_IF_ERROR(Expr(depth + 1));
    while (IsSymbol(",")) {
      EmitSymbol();
      RETURN_IF_ERROR(Expr(depth + 1));
      ++arguments;
    }
    RETURN_IF_ERROR(ExpectSymbol(")"));
    const bool ok = name == "nullif"  ? arguments == 2
                    : name == "round" ? arguments <= 2
                    : (name == "coalesce" || name == "greatest" || name == "least")
                        ? true
                        : arguments == 1;
    if (!ok) {
      return ErrorAt(position,
                     name + "() does not take " + std::to_string(arguments) + " arguments");
    }
    return Status::Ok();
  }

  std::vector<Lexeme> lexemes_;
  size_t next_ = 0;
  std::vector<ExpressionToken> tokens_;
  int aggregate_depth_ = 0;
  bool saw_aggregate_ = false;
  // The first column outside any aggregate: its token index and position.
  int bare_column_ = -1;
  size_t bare_column_position_ = 0;
};

}  // namespace

StatusOr<std::vector<ExpressionToken>> ParseExpression(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<Lexeme> lexemes, Lex(text));
  return Recognizer(std::move(lexemes)).Run();
}

std::vector<std::string> ExpressionTables(const std::vector<ExpressionToken>& tokens) {
  std::vector<std::string> tables;
  for (const ExpressionToken& token : tokens) {
    if (token.kind != Kind::kColumn) continue;
    bool seen = false;
    for (const std::string& table : tables) seen = seen || table == token.column.table;
    if (!seen) tables.push_back(token.column.table);
  }
  return tables;
}

}  // namespace scry::semantic
