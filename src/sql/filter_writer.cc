#include "sql/filter_writer.h"

#include <fmt/format.h>

namespace scry::sql {
namespace {

using semantic::CompareOp;
using semantic::Filter;
using semantic::Literal;
using semantic::Predicate;
using semantic::ValueExpr;

// The operator for `op`, or for NOT `op` when `negated`.
const char* ComparisonOperator(CompareOp op, bool negated) {
  switch (op) {
    case CompareOp::kEq:
      return negated ? "<>" : "=";
    case CompareOp::kNe:
      return negated ? "=" : "<>";
    case CompareOp::kLt:
      return negated ? ">=" : "<";
    case CompareOp::kLe:
      return negated ? ">" : "<=";
    case CompareOp::kGt:
      return negated ? "<=" : ">";
    case CompareOp::kGe:
      return negated ? "<" : ">=";
    default:
      return nullptr;
  }
}

bool IsTextMatch(CompareOp op) {
  return op == CompareOp::kContains || op == CompareOp::kStartsWith || op == CompareOp::kEndsWith;
}

std::string Describe(const Predicate& predicate) {
  const ValueExpr& lhs = predicate.lhs;
  const std::string subject =
      lhs.kind == ValueExpr::Kind::kMetric
          ? lhs.metric
          : (lhs.column.empty() ? lhs.table : lhs.column.table + "." + lhs.column.column);
  return fmt::format("{} condition on {}", semantic::CompareOpName(predicate.op), subject);
}

Status ExpectValues(const Predicate& predicate, size_t count) {
  if (predicate.values.size() == count) return Status::Ok();
  return InvalidArgumentError(fmt::format("{} needs {} value{}, got {}", Describe(predicate), count,
                                          count == 1 ? "" : "s", predicate.values.size()));
}

}  // namespace

StatusOr<Condition> FilterWriter::Write(const Filter& filter) const {
  ASSIGN_OR_RETURN(Part part, WritePart(filter));
  return Condition{std::move(part.text), part.kind == Filter::Kind::kOr};
}

StatusOr<FilterWriter::Part> FilterWriter::WritePart(const Filter& filter) const {
  if (filter.kind == Filter::Kind::kPredicate) {
    StatusOr<std::string> text = Predicate(filter.predicate);
    if (!text.ok()) return text.status();
    return Part{std::move(text).value(), Filter::Kind::kPredicate};
  }
  std::vector<Part> parts;
  for (const Filter& child : filter.children) {
    ASSIGN_OR_RETURN(Part part, WritePart(child));
    if (!part.text.empty()) parts.push_back(std::move(part));
  }
  if (parts.size() == 1) return parts.front();
  const char* joiner = filter.kind == Filter::Kind::kAnd ? " AND " : " OR ";
  Part out{"", parts.empty() ? Filter::Kind::kPredicate : filter.kind};
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.text += joiner;
    // AND binds tighter than OR; parentheses make either nesting plain to read.
    const bool wrap = parts[i].kind != Filter::Kind::kPredicate && parts[i].kind != filter.kind;
    out.text += wrap ? "(" + parts[i].text + ")" : parts[i].text;
  }
  return out;
}

StatusOr<std::string> FilterWriter::Predicate(const semantic::Predicate& predicate) const {
  ASSIGN_OR_RETURN(std::string lhs, expressions_.Value(predicate.lhs));
  if (predicate.op == CompareOp::kIsNull) {
    return lhs + (predicate.negated ? " IS NOT NULL" : " IS NULL");
  }
  if (IsTextMatch(predicate.op)) return TextMatch(predicate, lhs);
  if (predicate.subquery) return Subquery(predicate, lhs);
  return Values(predicate, lhs);
}

StatusOr<std::string> FilterWriter::TextMatch(const semantic::Predicate& predicate,
                                              const std::string& lhs) const {
  RETURN_IF_ERROR(ExpectValues(predicate, 1));
  const Literal& value = predicate.values.front();
  std::string pattern;
  switch (value.kind) {
    case Literal::Kind::kText:
      pattern = value.text;
      break;
    case Literal::Kind::kInteger:
      pattern = std::to_string(value.integer);
      break;
    case Literal::Kind::kNumber: {
      ASSIGN_OR_RETURN(pattern, expressions_.Literal(value));
      break;
    }
    default:
      return InvalidArgumentError(fmt::format("{} needs a text value", Describe(predicate)));
  }
  const bool is_text = predicate.lhs.kind == ValueExpr::Kind::kColumn &&
                       predicate.lhs.grain == semantic::TimeGrain::kNone &&
                       expressions_.IsText(predicate.lhs.column);
  const std::string subject = is_text ? lhs : expressions_.dialect().CastToText(lhs);
  const std::string match = expressions_.dialect().TextMatch(subject, predicate.op, pattern);
  return predicate.negated ? "NOT (" + match + ")" : match;
}

StatusOr<std::string> FilterWriter::Subquery(const semantic::Predicate& predicate,
                                             const std::string& lhs) const {
  semantic::SemanticQuery query = **predicate.subquery;
  if (query.select.size() != 1) {
    return InvalidArgumentError(
        fmt::format("{}: a subquery must select exactly one value", Describe(predicate)));
  }
  const bool not_in = predicate.op == CompareOp::kIn && predicate.negated;
  const ValueExpr& selected = query.select.front().value;
  if (not_in && selected.kind == ValueExpr::Kind::kColumn) {
    semantic::Predicate not_null;
    not_null.lhs = selected;
    not_null.op = CompareOp::kIsNull;
    not_null.negated = true;
    query.where.AddConjunct(Filter::Of(std::move(not_null)));
  }
  StatusOr<std::string> sql = subqueries_(query);
  if (!sql.ok()) return sql.status().WithContext(Describe(predicate) + ": subquery");
  if (predicate.op == CompareOp::kIn) {
    return fmt::format("{} {}IN ({})", lhs, predicate.negated ? "NOT " : "", *sql);
  }
  const char* op = ComparisonOperator(predicate.op, predicate.negated);
  if (op == nullptr) {
    return InvalidArgumentError(fmt::format("{} cannot take a subquery", Describe(predicate)));
  }
  return fmt::format("{} {} ({})", lhs, op, *sql);
}

StatusOr<std::string> FilterWriter::Values(const semantic::Predicate& predicate,
                                           const std::string& lhs) const {
  std::vector<std::string> values;
  for (const Literal& literal : predicate.values) {
    ASSIGN_OR_RETURN(std::string text, expressions_.Literal(literal));
    values.push_back(std::move(text));
  }
  CompareOp op = predicate.op;
  if (op == CompareOp::kIn && values.size() == 1) op = CompareOp::kEq;
  if (op == CompareOp::kIn) {
    if (values.empty()) return InvalidArgumentError(Describe(predicate) + " needs values");
    std::string list;
    for (size_t i = 0; i < values.size(); ++i) list += (i > 0 ? ", " : "") + values[i];
    return fmt::format("{} {}IN ({})", lhs, predicate.negated ? "NOT " : "", list);
  }
  if (op == CompareOp::kBetween) {
    RETURN_IF_ERROR(ExpectValues(predicate, 2));
    return fmt::format("{} {}BETWEEN {} AND {}", lhs, predicate.negated ? "NOT " : "", values[0],
                       values[1]);
  }
  RETURN_IF_ERROR(ExpectValues(predicate, 1));
  const bool is_null = predicate.values.front().kind == Literal::Kind::kNull;
  if (is_null && (op == CompareOp::kEq || op == CompareOp::kNe)) {
    // "= NULL" is never true; the question meant IS NULL.
    const bool want_null = (op == CompareOp::kEq) != predicate.negated;
    return lhs + (want_null ? " IS NULL" : " IS NOT NULL");
  }
  const char* text = ComparisonOperator(op, predicate.negated);
  if (text == nullptr) return InternalError(Describe(predicate) + ": unknown operator");
  return fmt::format("{} {} {}", lhs, text, values[0]);
}

}  // namespace scry::sql
