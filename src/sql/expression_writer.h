// ExpressionWriter: values, literals and metric expressions as SQL text for
// one SELECT.
//
// A Scope says how that SELECT names columns: bare when it reads one table,
// "table.column" when it joins several, and by the name a derived table gave
// a value when it reads one. AggregateRules carry the two rewrites the
// compiler asks of every aggregate: a period comparison's window (aggregates
// read only rows inside it: sum(CASE WHEN <window> THEN x END)), and tables
// whose rows the joins repeat (count(*) and count(x) over them count their
// distinct keys instead).
//
// Internal to sql/. Holds references to its inputs, which must outlive it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/status_or.h"
#include "semantic/expression.h"
#include "semantic/model.h"
#include "semantic/query.h"
#include "sql/bound_query.h"
#include "sql/dialect.h"

namespace scry::sql {

class Scope {
 public:
  Scope(const Dialect& dialect, bool qualify) : dialect_(&dialect), qualify_(qualify) {}

  // `column` truncated to `grain` is read as column `name` from now on.
  void Rename(const semantic::ColumnRef& column, semantic::TimeGrain grain, std::string name);
  // The name given to `column` at `grain`, or nullptr.
  const std::string* Renamed(const semantic::ColumnRef& column, semantic::TimeGrain grain) const;
  // "column" or "table.column", quoted as needed.
  std::string Column(const semantic::ColumnRef& column) const;
  bool qualify() const { return qualify_; }

 private:
  const Dialect* dialect_;
  bool qualify_;
  std::map<std::tuple<std::string, std::string, semantic::TimeGrain>, std::string> renamed_;
};

struct AggregateRules {
  // A boolean SQL condition; aggregates read only the rows where it holds.
  std::string condition;
  // Table → SQL of its one-column key, for tables whose rows repeat.
  std::map<std::string, std::string> distinct_keys;
};

class ExpressionWriter {
 public:
  ExpressionWriter(const Dialect& dialect, const semantic::Model& model, const BoundQuery& query,
                   Scope scope, AggregateRules rules = {})
      : dialect_(dialect),
        model_(model),
        query_(query),
        scope_(std::move(scope)),
        rules_(std::move(rules)) {}

  // The same writer with aggregates restricted to rows where `condition` holds.
  ExpressionWriter WithCondition(std::string condition) const;

  // Fails with Unimplemented for an aggregate the dialect lacks, and with
  // InvalidArgument for a malformed metric expression.
  StatusOr<std::string> Value(const semantic::ValueExpr& value) const;
  std::string Column(const semantic::ColumnRef& column,
                     semantic::TimeGrain grain = semantic::TimeGrain::kNone) const;
  // Fails with InvalidArgument for a number whose text is not a number.
  StatusOr<std::string> Literal(const semantic::Literal& literal) const;
  // Whether the column holds text (a text match on anything else casts it).
  bool IsText(const semantic::ColumnRef& column) const;

  const Dialect& dialect() const { return dialect_; }
  const Scope& scope() const { return scope_; }

 private:
  StatusOr<std::string> Aggregate(semantic::Aggregation aggregation, bool distinct,
                                  const std::string& table,
                                  const std::optional<std::string>& argument) const;
  StatusOr<std::string> Metric(const std::string& name) const;
  StatusOr<std::string> Tokens(const std::vector<semantic::ExpressionToken>& tokens, size_t begin,
                               size_t end) const;
  StatusOr<std::string> AggregateCall(const std::vector<semantic::ExpressionToken>& tokens,
                                      size_t open, size_t close,
                                      semantic::Aggregation aggregation) const;
  std::string TokenText(const semantic::ExpressionToken& token) const;

  const Dialect& dialect_;
  const semantic::Model& model_;
  const BoundQuery& query_;
  Scope scope_;
  AggregateRules rules_;
};

}  // namespace scry::sql
