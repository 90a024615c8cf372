// Compiler: SemanticQuery → SQL text for one dialect.
//
// It resolves joins (the smallest set over the model's join graph that
// connects every table the query touches, rooted so that one-to-many joins
// never multiply the rows a measure adds up), expands metrics, applies time
// ranges and grains, and writes filters, groups, having, order, limit,
// subqueries and set operations. The result still goes through the guard
// before it runs.
//
// Thread-safe: Compile() is a pure function of its inputs.
#pragma once

#include <string>
#include <vector>

#include "common/status_or.h"
#include "semantic/model.h"
#include "semantic/query.h"
#include "sql/dialect.h"

namespace scry::sql {

struct CompileOptions {
  // Appended as LIMIT when the query has none and returns rows, not aggregates;
  // 0 adds none.
  int64_t default_limit = 0;
};

struct CompiledSql {
  std::string sql;
  // Tables the SQL reads, in the order they are joined.
  std::vector<std::string> tables;
};

// Fails with InvalidArgument when the query names a table, column or metric
// the model does not have, or when its tables cannot be connected by joins;
// Unimplemented when the dialect cannot express part of it.
StatusOr<CompiledSql> Compile(const semantic::SemanticQuery& query, const semantic::Model& model,
                              const Dialect& dialect, const CompileOptions& options = {});

}  // namespace scry::sql
