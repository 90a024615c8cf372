// DuckDbDialect: SQL as DuckDB 1.4 spells it. The default engine's dialect.
//
// Stateless and thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "sql/dialect.h"

namespace scry::sql {

class DuckDbDialect final : public Dialect {
 public:
  std::string_view name() const override { return "duckdb"; }
  std::string QuoteIdentifier(std::string_view identifier) const override;
  std::string QuoteString(std::string_view text) const override;
  // DATE '2024-01-31'.
  std::string DateLiteral(const CivilDate& date) const override;
  std::string BooleanLiteral(bool value) const override;
  // date_trunc('month', x)::DATE; weeks start on Monday (ISO).
  std::string TruncateDate(std::string_view expression, semantic::TimeGrain grain) const override;
  StatusOr<std::string> Aggregate(semantic::Aggregation aggregation, std::string_view argument,
                                  bool distinct) const override;
  // x ILIKE '%pattern%', with ESCAPE '\' when the pattern holds % or _.
  std::string TextMatch(std::string_view expression, semantic::CompareOp op,
                        std::string_view pattern) const override;
  std::string CastToText(std::string_view expression) const override;
  bool IntegerDivisionTruncates() const override { return false; }

  bool SupportsCte() const override { return true; }
  bool SupportsWindowFunctions() const override { return true; }
  int MaxJoinsPerSelect() const override { return -1; }
  bool SupportsNullsLast() const override { return true; }

  // Words DuckDB's parser does not accept as a bare identifier everywhere:
  // its reserved, type_function and column_name keywords (duckdb_keywords()),
  // sorted. Shared with the SQLite dialect, whose SQL the guard also parses
  // with DuckDB's parser.
  static std::span<const std::string_view> ReservedWords();
};

// The aggregates standard SQL and both shipped engines share (count, sum, avg,
// min, max, with DISTINCT); Unimplemented for median, which differs per engine.
StatusOr<std::string> StandardAggregate(semantic::Aggregation aggregation,
                                        std::string_view argument, bool distinct);

}  // namespace scry::sql
