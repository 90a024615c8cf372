// Dialect: how one SQL engine spells what the compiler needs. The compiler
// (compiler.h) writes every engine-specific piece of text through this
// interface, so a new engine (PostgreSQL, ClickHouse, Spark SQL) is a new
// Dialect, not a change to the compiler or the parser.
//
// Implementations are stateless and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status_or.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::sql {

class Dialect {
 public:
  virtual ~Dialect() = default;

  // "duckdb", "sqlite", ...
  virtual std::string_view name() const = 0;

  // An identifier, quoted when it needs to be (reserved words, capitals,
  // spaces); embedded quotes doubled.
  virtual std::string QuoteIdentifier(std::string_view identifier) const = 0;
  // A string literal with embedded quotes escaped.
  virtual std::string QuoteString(std::string_view text) const = 0;
  virtual std::string DateLiteral(const CivilDate& date) const = 0;
  virtual std::string BooleanLiteral(bool value) const = 0;

  // `expression` (a date or timestamp) truncated to the start of its `grain`,
  // as a date.
  virtual std::string TruncateDate(std::string_view expression,
                                   semantic::TimeGrain grain) const = 0;
  // The aggregate over `argument` ("count(DISTINCT x)", "median(x)"); fails
  // with Unimplemented for one the engine lacks.
  virtual StatusOr<std::string> Aggregate(semantic::Aggregation aggregation,
                                          std::string_view argument, bool distinct) const = 0;
  // Case-insensitive "text contains / starts with / ends with `pattern`".
  virtual std::string TextMatch(std::string_view expression, semantic::CompareOp op,
                                std::string_view pattern) const = 0;
  // `expression` converted to text, for a text match on a number or a date.
  virtual std::string CastToText(std::string_view expression) const = 0;
  // True when integer / integer truncates (SQLite), so a metric's ratio must
  // be computed in floating point.
  virtual bool IntegerDivisionTruncates() const = 0;

  // What the engine can do; the compiler picks another shape when it cannot.
  virtual bool SupportsCte() const = 0;
  virtual bool SupportsWindowFunctions() const = 0;
  // The most joins one SELECT may hold (ClickHouse 18: 1); -1 = unlimited.
  virtual int MaxJoinsPerSelect() const = 0;
  virtual bool SupportsNullsLast() const = 0;
};

// The dialects scry ships, by name; nullptr for an unknown name.
std::unique_ptr<Dialect> MakeDialect(std::string_view name);

}  // namespace scry::sql
