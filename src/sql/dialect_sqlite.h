// SqliteDialect: SQL as SQLite 3.40 spells it, for users' SQLite files and
// the public text-to-SQL suites.
//
// Dates are ISO text ('2024-01-31', '2024-01-31 10:00:00'): they compare as
// text, and truncation goes through strftime('%Y-%m-%d', x, modifiers...).
// (SQLite's date(x, modifiers...) would do the same, but DuckDB's parser,
// which the guard uses on every SQL text, refuses date() with more than one
// argument.) Identifiers are quoted when they are SQLite keywords or words
// DuckDB's parser reserves, for the same reason.
//
// Stateless and thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "sql/dialect.h"

namespace scry::sql {

class SqliteDialect final : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  std::string QuoteIdentifier(std::string_view identifier) const override;
  std::string QuoteString(std::string_view text) const override;
  // '2024-01-31': SQLite keeps dates as ISO text.
  std::string DateLiteral(const CivilDate& date) const override;
  // 1 and 0.
  std::string BooleanLiteral(bool value) const override;
  // strftime('%Y-%m-%d', x, 'start of month'); weeks start on Monday; quarters
  // by arithmetic on the month number.
  std::string TruncateDate(std::string_view expression, semantic::TimeGrain grain) const override;
  // Unimplemented for median, which SQLite lacks.
  StatusOr<std::string> Aggregate(semantic::Aggregation aggregation, std::string_view argument,
                                  bool distinct) const override;
  // x LIKE '%pattern%' (case-insensitive for ASCII letters in SQLite), with
  // ESCAPE '\' when the pattern holds % or _.
  std::string TextMatch(std::string_view expression, semantic::CompareOp op,
                        std::string_view pattern) const override;
  std::string CastToText(std::string_view expression) const override;
  bool IntegerDivisionTruncates() const override { return true; }

  bool SupportsCte() const override { return true; }
  bool SupportsWindowFunctions() const override { return true; }
  int MaxJoinsPerSelect() const override { return -1; }
  bool SupportsNullsLast() const override { return true; }

  // SQLite's keywords plus DuckDB's (DuckDbDialect::ReservedWords), sorted.
  static std::span<const std::string_view> ReservedWords();
};

}  // namespace scry::sql
