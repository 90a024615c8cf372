// FilterWriter: a Filter tree as a SQL condition, with the parentheses its
// AND/OR structure needs and no others.
//
// Predicates: comparisons (negation flips the operator: NOT < is >=), IN
// lists (one value is written as =), BETWEEN, IS [NOT] NULL, text matches
// through the dialect, and subqueries compiled by the caller's callback.
// `x NOT IN (SELECT y ...)` gets `y IS NOT NULL` added to the subquery: one
// NULL among the y would otherwise make NOT IN match nothing at all.
//
// Internal to sql/. Holds references to its inputs, which must outlive it.
#pragma once

#include <functional>
#include <string>

#include "common/status_or.h"
#include "semantic/query.h"
#include "sql/expression_writer.h"
#include "sql/select_statement.h"

namespace scry::sql {

// Compiles a predicate's subquery to one line of SQL.
using SubqueryCompiler = std::function<StatusOr<std::string>(const semantic::SemanticQuery&)>;

class FilterWriter {
 public:
  FilterWriter(const ExpressionWriter& expressions, const SubqueryCompiler& subqueries)
      : expressions_(expressions), subqueries_(subqueries) {}

  // The whole filter as one condition (empty text for an empty filter). Fails
  // with InvalidArgument for a predicate with the wrong number of values or a
  // subquery that does not select exactly one value.
  StatusOr<Condition> Write(const semantic::Filter& filter) const;

 private:
  struct Part {
    std::string text;
    semantic::Filter::Kind kind = semantic::Filter::Kind::kPredicate;  // kAnd/kOr: compound
  };
  StatusOr<Part> WritePart(const semantic::Filter& filter) const;
  StatusOr<std::string> Predicate(const semantic::Predicate& predicate) const;
  StatusOr<std::string> TextMatch(const semantic::Predicate& predicate,
                                  const std::string& lhs) const;
  StatusOr<std::string> Subquery(const semantic::Predicate& predicate,
                                 const std::string& lhs) const;
  StatusOr<std::string> Values(const semantic::Predicate& predicate, const std::string& lhs) const;

  const ExpressionWriter& expressions_;
  const SubqueryCompiler& subqueries_;
};

}  // namespace scry::sql
