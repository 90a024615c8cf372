#include "sql/dialect_sqlite.h"

#include <fmt/format.h>

#include <array>
#include <string>

#include "sql/dialect_duckdb.h"
#include "sql/dialect_text.h"

namespace scry::sql {
namespace {

using semantic::Aggregation;
using semantic::TimeGrain;

constexpr std::array<std::string_view, 237> kReserved = {
    "abort",
    "action",
    "add",
    "after",
    "all",
    "alter",
    "always",
    "analyse",
    "analyze",
    "and",
    "anti",
    "any",
    "array",
    "as",
    "asc",
    "asof",
    "asymmetric",
    "at",
    "attach",
    "authorization",
    "autoincrement",
    "before",
    "begin",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "by",
    "cascade",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "columns",
    "commit",
    "concurrently",
    "conflict",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "deferred",
    "delete",
    "desc",
    "describe",
    "detach",
    "distinct",
    "do",
    "drop",
    "each",
    "else",
    "end",
    "escape",
    "except",
    "exclude",
    "exclusive",
    "exists",
    "explain",
    "extract",
    "fail",
    "false",
    "fetch",
    "filter",
    "first",
    "float",
    "following",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "generated",
    "glob",
    "group",
    "grouping",
    "grouping_id",
    "groups",
    "having",
    "if",
    "ignore",
    "ilike",
    "immediate",
    "in",
    "index",
    "indexed",
    "initially",
    "inner",
    "inout",
    "insert",
    "instead",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "key",
    "lambda",
    "last",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "map",
    "match",
    "materialized",
    "national",
    "natural",
    "nchar",
    "no",
    "none",
    "not",
    "nothing",
    "notnull",
    "null",
    "nullif",
    "nulls",
    "numeric",
    "of",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "others",
    "out",
    "outer",
    "over",
    "overlaps",
    "overlay",
    "partition",
    "pivot",
    "pivot_longer",
    "pivot_wider",
    "placing",
    "plan",
    "position",
    "positional",
    "pragma",
    "preceding",
    "precision",
    "primary",
    "qualify",
    "query",
    "raise",
    "range",
    "real",
    "recursive",
    "references",
    "regexp",
    "reindex",
    "release",
    "rename",
    "replace",
    "restrict",
    "returning",
    "right",
    "rollback",
    "row",
    "rows",
    "savepoint",
    "select",
    "semi",
    "set",
    "setof",
    "show",
    "similar",
    "smallint",
    "some",
    "struct",
    "substring",
    "summarize",
    "symmetric",
    "table",
    "tablesample",
    "temp",
    "temporary",
    "then",
    "ties",
    "time",
    "timestamp",
    "to",
    "trailing",
    "transaction",
    "treat",
    "trigger",
    "trim",
    "true",
    "try_cast",
    "unbounded",
    "union",
    "unique",
    "unpack",
    "unpivot",
    "update",
    "using",
    "vacuum",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "view",
    "virtual",
    "when",
    "where",
    "window",
    "with",
    "without",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

}  // namespace

std::span<const std::string_view> SqliteDialect::ReservedWords() { return kReserved; }

std::string SqliteDialect::QuoteIdentifier(std::string_view identifier) const {
  return QuoteIdentifierUnlessPlain(identifier, kReserved);
}

std::string SqliteDialect::QuoteString(std::string_view text) const { return SingleQuoted(text); }

std::string SqliteDialect::DateLiteral(const CivilDate& date) const {
  return fmt::format("'{}'", FormatIsoDate(date));
}

std::string SqliteDialect::BooleanLiteral(bool value) const { return value ? "1" : "0"; }

std::string SqliteDialect::TruncateDate(std::string_view expression, TimeGrain grain) const {
  switch (grain) {
    case TimeGrain::kWeek:
      // 'weekday 0' moves forward to the next Sunday (or stays on one); six
      // days back is that week's Monday.
      return fmt::format("strftime('%Y-%m-%d', {}, 'weekday 0', '-6 days')", expression);
    case TimeGrain::kMonth:
      return fmt::format("strftime('%Y-%m-%d', {}, 'start of month')", expression);
    case TimeGrain::kQuarter:
      // The start of the year plus 0, 3, 6 or 9 months.
      return fmt::format(
          "strftime('%Y-%m-%d', {0}, 'start of year', "
          "((CAST(strftime('%m', {0}) AS INTEGER) - 1) / 3 * 3) || ' months')",
          expression);
    case TimeGrain::kYear:
      return fmt::format("strftime('%Y-%m-%d', {}, 'start of year')", expression);
    case TimeGrain::kDay:
    case TimeGrain::kNone:
      return fmt::format("strftime('%Y-%m-%d', {})", expression);
  }
  return std::string(expression);
}

StatusOr<std::string> SqliteDialect::Aggregate(Aggregation aggregation, std::string_view argument,
                                               bool distinct) const {
  if (aggregation == Aggregation::kMedian) {
    return UnimplementedError("SQLite has no median aggregate");
  }
  return StandardAggregate(aggregation, argument, distinct);
}

std::string SqliteDialect::TextMatch(std::string_view expression, semantic::CompareOp op,
                                     std::string_view pattern) const {
  return LikeMatch(expression, "LIKE", op, pattern);
}

std::string SqliteDialect::CastToText(std::string_view expression) const {
  return fmt::format("CAST({} AS TEXT)", expression);
}

}  // namespace scry::sql
