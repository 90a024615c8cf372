#include "sql/expression_writer.h"

#include <fmt/format.h>

#include <cctype>

namespace scry::sql {
namespace {

using semantic::Aggregation;
using semantic::ColumnRef;
using semantic::ExpressionToken;
using semantic::TimeGrain;
using semantic::ValueExpr;
using Kind = semantic::ExpressionToken::Kind;

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// [-]digits[.digits][e[+-]digits], or [-].digits: a number as a person writes
// it. Anything else in a kNumber literal's text is not trusted into the SQL.
bool IsNumberText(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  auto digits = [&] {
    const size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return i - start;
  };
  size_t count = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    count += digits();
  }
  if (count == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

// Whether a space goes between the previous token and this one.
bool SpaceBefore(const ExpressionToken* previous, bool previous_unary, Kind kind) {
  if (previous == nullptr || previous_unary) return false;
  if (previous->kind == Kind::kOpen) return false;
  if (kind == Kind::kClose || kind == Kind::kComma) return false;
  return !(kind == Kind::kOpen && previous->kind == Kind::kFunction);
}

bool IsUnarySign(const ExpressionToken* previous, const ExpressionToken& token) {
  if (token.kind != Kind::kOperator || (token.text != "-" && token.text != "+")) return false;
  return previous == nullptr || previous->kind == Kind::kOpen || previous->kind == Kind::kComma ||
         previous->kind == Kind::kOperator || previous->kind == Kind::kKeyword;
}

// The index of the kClose matching the kOpen at `open`, or `end` when none.
size_t MatchingClose(const std::vector<ExpressionToken>& tokens, size_t open, size_t end) {
  int depth = 0;
  for (size_t i = open; i < end; ++i) {
    if (tokens[i].kind == Kind::kOpen) ++depth;
    if (tokens[i].kind == Kind::kClose && --depth == 0) return i;
  }
  return end;
}

}  // namespace

void Scope::Rename(const ColumnRef& column, TimeGrain grain, std::string name) {
  renamed_[{column.table, column.column, grain}] = std::move(name);
}

const std::string* Scope::Renamed(const ColumnRef& column, TimeGrain grain) const {
  auto it = renamed_.find({column.table, column.column, grain});
  return it == renamed_.end() ? nullptr : &it->second;
}

std::string Scope::Column(const ColumnRef& column) const {
  const std::string name = dialect_->QuoteIdentifier(column.column);
  return qualify_ ? dialect_->QuoteIdentifier(column.table) + "." + name : name;
}

ExpressionWriter ExpressionWriter::WithCondition(std::string condition) const {
  AggregateRules rules = rules_;
  rules.condition = std::move(condition);
  return ExpressionWriter(dialect_, model_, query_, scope_, std::move(rules));
}

std::string ExpressionWriter::Column(const ColumnRef& column, TimeGrain grain) const {
  if (const std::string* renamed = scope_.Renamed(column, grain)) {
    return dialect_.QuoteIdentifier(*renamed);
  }
  const std::string text = scope_.Column(column);
  return grain == TimeGrain::kNone ? text : dialect_.TruncateDate(text, grain);
}

StatusOr<std::string> ExpressionWriter::Value(const ValueExpr& value) const {
  switch (value.kind) {
    case ValueExpr::Kind::kColumn:
      return Column(value.column, value.grain);
    case ValueExpr::Kind::kAggregate:
      return Aggregate(value.aggregation, value.distinct, value.column.table, Column(value.column));
    case ValueExpr::Kind::kCountRows:
      return Aggregate(Aggregation::kCount, false, value.table, std::nullopt);
    case ValueExpr::Kind::kMetric:
      return Metric(value.metric);
    case ValueExpr::Kind::kAllColumns:
      return scope_.qualify() ? dialect_.QuoteIdentifier(value.table) + ".*" : std::string("*");
  }
  return InternalError("unknown value kind");
}

StatusOr<std::string> ExpressionWriter::Aggregate(
    Aggregation aggregation, bool distinct, const std::string& table,
    const std::optional<std::string>& argument) const {
  std::string value = argument.value_or("");
  std::string when = rules_.condition;
  auto key = rules_.distinct_keys.find(table);
  if (aggregation == Aggregation::kCount && !distinct && key != rules_.distinct_keys.end()) {
    // The joins repeat this table's rows: count each key once.
    if (argument) when = (when.empty() ? "" : when + " AND ") + value + " IS NOT NULL";
    value = key->second;
    distinct = true;
  }
  if (!when.empty()) {
    value = fmt::format("CASE WHEN {} THEN {} END", when, value.empty() ? "1" : value);
  }
  return dialect_.Aggregate(aggregation, value.empty() ? std::string_view("*") : value, distinct);
}

StatusOr<std::string> ExpressionWriter::Metric(const std::string& name) const {
  auto found = query_.metrics.find(name);
  if (found == query_.metrics.end()) {
    return InternalError(fmt::format("metric '{}' was not bound", name));
  }
  StatusOr<std::string> text = Tokens(found->second, 0, found->second.size());
  if (!text.ok()) return text.status().WithContext(fmt::format("metric '{}'", name));
  return text;
}

StatusOr<std::string> ExpressionWriter::AggregateCall(const std::vector<ExpressionToken>& tokens,
                                                      size_t open, size_t close,
                                                      Aggregation aggregation) const {
  size_t begin = open + 1;
  bool distinct = false;
  if (begin < close && tokens[begin].kind == Kind::kKeyword && tokens[begin].text == "distinct") {
    distinct = true;
    ++begin;
  }
  std::string table = query_.anchor;
  for (size_t i = begin; i < close; ++i) {
    if (tokens[i].kind == Kind::kColumn) {
      table = tokens[i].column.table;
      break;
    }
  }
  const bool star = close == begin + 1 && tokens[begin].text == "*";
  if (star) return Aggregate(aggregation, distinct, table, std::nullopt);
  ASSIGN_OR_RETURN(std::string argument, Tokens(tokens, begin, close));
  return Aggregate(aggregation, distinct, table, argument);
}

std::string ExpressionWriter::TokenText(const ExpressionToken& token) const {
  switch (token.kind) {
    case Kind::kColumn:
      return Column(token.column);
    case Kind::kKeyword:
      return Upper(token.text);
    case Kind::kString:
      return !token.text.empty() && token.text.front() == '\'' ? token.text
                                                               : dialect_.QuoteString(token.text);
    case Kind::kOperator:
      // Integer division truncates in some engines; a metric's ratio must not.
      if (token.text == "/" && dialect_.IntegerDivisionTruncates()) return "* 1.0 /";
      return token.text;
    default:
      return token.text;
  }
}

StatusOr<std::string> ExpressionWriter::Tokens(const std::vector<ExpressionToken>& tokens,
                                               size_t begin, size_t end) const {
  std::string out;
  const ExpressionToken* previous = nullptr;
  bool previous_unary = false;
  for (size_t i = begin; i < end; ++i) {
    const ExpressionToken& token = tokens[i];
    if (SpaceBefore(previous, previous_unary, token.kind)) out += ' ';
    previous_unary = IsUnarySign(previous, token);
    const Aggregation aggregation =
        token.kind == Kind::kFunction ? AggregateFunction(token.text) : Aggregation::kNone;
    if (aggregation == Aggregation::kNone) {
      out += TokenText(token);
      previous = &token;
      continue;
    }
    const size_t close = MatchingClose(tokens, i + 1, end);
    if (i + 1 >= end || tokens[i + 1].kind != Kind::kOpen || close == end) {
      return InvalidArgumentError(fmt::format("{} has no argument list", token.text));
    }
    ASSIGN_OR_RETURN(std::string call, AggregateCall(tokens, i + 1, close, aggregation));
    out += call;
    previous = &tokens[close];
    i = close;
  }
  return out;
}

StatusOr<std::string> ExpressionWriter::Literal(const semantic::Literal& literal) const {
  using LiteralKind = semantic::Literal::Kind;
  switch (literal.kind) {
    case LiteralKind::kNull:
      return std::string("NULL");
    case LiteralKind::kBoolean:
      return dialect_.BooleanLiteral(literal.boolean);
    case LiteralKind::kInteger:
      return std::to_string(literal.integer);
    case LiteralKind::kNumber:
      if (literal.text.empty()) return fmt::format("{}", literal.number);
      if (!IsNumberText(literal.text)) {
        return InvalidArgumentError(fmt::format("'{}' is not a number", literal.text));
      }
      return literal.text;
    case LiteralKind::kText:
      return dialect_.QuoteString(literal.text);
    case LiteralKind::kDate:
      return dialect_.DateLiteral(literal.date);
  }
  return InternalError("unknown literal kind");
}

bool ExpressionWriter::IsText(const ColumnRef& column) const {
  const semantic::ColumnModel* found = model_.FindColumn(column.table, column.column);
  return found != nullptr && found->type == semantic::DataType::kText;
}

}  // namespace scry::sql
