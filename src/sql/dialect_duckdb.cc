#include "sql/dialect_duckdb.h"

#include <fmt/format.h>

#include <array>
#include <string>

#include "sql/dialect_text.h"

namespace scry::sql {
namespace {

using semantic::Aggregation;
using semantic::TimeGrain;

constexpr std::array<std::string_view, 159> kReserved = {
    "all",
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
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "by",
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
    "concurrently",
    "constraint",
    "create",
    "cross",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "describe",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
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
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lambda",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "map",
    "national",
    "natural",
    "nchar",
    "none",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "pivot",
    "pivot_longer",
    "pivot_wider",
    "placing",
    "position",
    "positional",
    "precision",
    "primary",
    "qualify",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "semi",
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
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "try_cast",
    "union",
    "unique",
    "unpack",
    "unpivot",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
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

StatusOr<std::string> StandardAggregate(Aggregation aggregation, std::string_view argument,
                                        bool distinct) {
  std::string_view function;
  switch (aggregation) {
    case Aggregation::kCount:
      function = "count";
      break;
    case Aggregation::kCountDistinct:
      function = "count";
      distinct = true;
      break;
    case Aggregation::kSum:
      function = "sum";
      break;
    case Aggregation::kAvg:
      function = "avg";
      break;
    case Aggregation::kMin:
      function = "min";
      break;
    case Aggregation::kMax:
      function = "max";
      break;
    case Aggregation::kMedian:
      return UnimplementedError("median is not a standard aggregate");
    case Aggregation::kNone:
      return InvalidArgumentError("an aggregate needs an aggregation");
  }
  // DISTINCT changes nothing for min and max, and count(DISTINCT *) is not SQL.
  const bool keep_distinct = distinct && argument != "*" && aggregation != Aggregation::kMin &&
                             aggregation != Aggregation::kMax;
  return fmt::format("{}({}{})", function, keep_distinct ? "DISTINCT " : "", argument);
}

std::span<const std::string_view> DuckDbDialect::ReservedWords() { return kReserved; }

std::string DuckDbDialect::QuoteIdentifier(std::string_view identifier) const {
  return QuoteIdentifierUnlessPlain(identifier, kReserved);
}

std::string DuckDbDialect::QuoteString(std::string_view text) const { return SingleQuoted(text); }

std::string DuckDbDialect::DateLiteral(const CivilDate& date) const {
  return fmt::format("DATE '{}'", FormatIsoDate(date));
}

std::string DuckDbDialect::BooleanLiteral(bool value) const { return value ? "true" : "false"; }

std::string DuckDbDialect::TruncateDate(std::string_view expression, TimeGrain grain) const {
  const std::string_view unit = grain == TimeGrain::kNone ? "day" : semantic::TimeGrainName(grain);
  return fmt::format("date_trunc('{}', {})::DATE", unit, expression);
}

StatusOr<std::string> DuckDbDialect::Aggregate(Aggregation aggregation, std::string_view argument,
                                               bool distinct) const {
  if (aggregation == Aggregation::kMedian) {
    return fmt::format("median({}{})", distinct ? "DISTINCT " : "", argument);
  }
  return StandardAggregate(aggregation, argument, distinct);
}

std::string DuckDbDialect::TextMatch(std::string_view expression, semantic::CompareOp op,
                                     std::string_view pattern) const {
  return LikeMatch(expression, "ILIKE", op, pattern);
}

std::string DuckDbDialect::CastToText(std::string_view expression) const {
  return fmt::format("CAST({} AS VARCHAR)", expression);
}

}  // namespace scry::sql
