// SemanticQuery: what a question asks for, in terms of the semantic model,
// before any SQL exists. The question parser (nlq/) produces it; the compiler
// (sql/) turns it into SQL for one dialect; the answer composer reads it to
// choose a chart and write a summary; a conversation keeps the last one as the
// context of a follow-up.
//
// It names columns of the model (table + column), never SQL text, so it can be
// compared, explained in words, edited by a follow-up ("only online", "by month
// instead") and stored as JSON. Joins are not in it: the compiler finds the
// smallest set of joins that connects the tables it touches.
//
// A plain value type: copyable and comparable; share read-only across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "semantic/box.h"
#include "semantic/model.h"

namespace scry::semantic {

enum class TimeGrain { kNone, kDay, kWeek, kMonth, kQuarter, kYear };
std::string_view TimeGrainName(TimeGrain grain);  // "", "day", "week", ...
bool ParseTimeGrain(std::string_view text, TimeGrain* out);

struct ColumnRef {
  std::string table;
  std::string column;
  bool empty() const { return table.empty(); }
  friend bool operator==(const ColumnRef&, const ColumnRef&) = default;
};

// A value per row or per group.
struct ValueExpr {
  enum class Kind {
    kColumn,     // a column, truncated to `grain` when it is a time column
    kAggregate,  // aggregation(column) or aggregation(DISTINCT column)
    kCountRows,  // count(*) of the rows of `table`
    kMetric,     // a named metric of the model
    kAllColumns  // every column of `table` (SELECT t.*)
  };
  Kind kind = Kind::kColumn;
  ColumnRef column;
  Aggregation aggregation = Aggregation::kNone;
  bool distinct = false;
  TimeGrain grain = TimeGrain::kNone;
  std::string metric;
  std::string table;  // kCountRows, kAllColumns

  static ValueExpr Column(ColumnRef column, TimeGrain grain = TimeGrain::kNone);
  static ValueExpr Aggregate(Aggregation aggregation, ColumnRef column, bool distinct = false);
  static ValueExpr CountRows(std::string table);
  static ValueExpr Metric(std::string name);
  static ValueExpr AllColumns(std::string table);

  bool IsAggregate() const {
    return kind == Kind::kAggregate || kind == Kind::kCountRows || kind == Kind::kMetric;
  }
  friend bool operator==(const ValueExpr&, const ValueExpr&) = default;
};

// Whether `value`'s results over disjoint sets of rows add up to its result
// over their union, so that a running total of periods makes sense: a sum, a
// count of rows or of values (not distinct), or a metric whose aggregates are
// such and are combined outside them by + and - only. False for an unknown
// metric.
bool AddsUp(const ValueExpr& value, const Model& model);

struct Literal {
  enum class Kind { kNull, kBoolean, kInteger, kNumber, kText, kDate };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
  std::string text;  // kText; for kNumber, the number as written ("2.50")
  CivilDate date;

  static Literal Null();
  static Literal Boolean(bool value);
  static Literal Integer(int64_t value);
  static Literal Number(double value, std::string as_written = "");
  static Literal Text(std::string value);
  static Literal Date(CivilDate value);
  friend bool operator==(const Literal&, const Literal&) = default;
};

struct SemanticQuery;

enum class CompareOp {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kBetween,     // values[0] <= x <= values[1]
  kIn,          // x in values, or in the subquery's single column
  kContains,    // text contains values[0], case-insensitive
  kStartsWith,  // case-insensitive
  kEndsWith,    // case-insensitive
  kIsNull,
};
std::string_view CompareOpName(CompareOp op);  // "eq", "between", ...
bool ParseCompareOp(std::string_view text, CompareOp* out);

// `lhs op values` or `lhs op (subquery)`; `negated` wraps it in NOT (not in,
// not between, is not null, does not contain, <> for kEq).
struct Predicate {
  ValueExpr lhs;  // a column in WHERE; an aggregate in HAVING
  CompareOp op = CompareOp::kEq;
  bool negated = false;
  std::vector<Literal> values;
  // "above average" → lhs > (SELECT avg(...)); "customers with no orders" →
  // customer_id NOT IN (SELECT customer_id FROM orders). The subquery selects
  // exactly one column.
  std::optional<Box<SemanticQuery>> subquery;
  friend bool operator==(const Predicate&, const Predicate&) = default;
};

// A boolean combination of predicates. An empty kAnd is "true".
struct Filter {
  enum class Kind { kAnd, kOr, kPredicate };
  Kind kind = Kind::kAnd;
  Predicate predicate;           // kPredicate
  std::vector<Filter> children;  // kAnd, kOr

  static Filter Of(Predicate predicate);
  static Filter And(std::vector<Filter> children);
  static Filter Or(std::vector<Filter> children);
  bool empty() const { return kind != Kind::kPredicate && children.empty(); }
  // Adds `filter` as one more conjunct (turning this into a kAnd if needed).
  void AddConjunct(Filter filter);
  friend bool operator==(const Filter&, const Filter&) = default;
};

// A range of dates on a time column: [start, end).
struct TimeRange {
  ColumnRef column;
  CivilDate start;
  CivilDate end;       // exclusive
  std::string phrase;  // as understood: "last quarter", "in 2024"
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// "compared with last year", "growth": the same measures over an earlier
// range, and the change between the two.
struct PeriodComparison {
  enum class Kind { kPreviousPeriod, kPreviousYear };
  Kind kind = Kind::kPreviousPeriod;
  friend bool operator==(const PeriodComparison&, const PeriodComparison&) = default;
};

struct SelectItem {
  ValueExpr value;
  std::string label;  // column name in the result; empty: derived
  // "cumulative revenue by month": the running total of this aggregate (a sum
  // or a count) over the query's time dimension, in time order, restarting
  // for each value of the query's other groups.
  bool cumulative = false;
  friend bool operator==(const SelectItem&, const SelectItem&) = default;
};

struct OrderItem {
  ValueExpr value;
  bool descending = false;
  friend bool operator==(const OrderItem&, const OrderItem&) = default;
};

enum class SetOp { kUnion, kIntersect, kExcept };

// How the asker wants to see the answer ("as a pie chart", "as a table"):
// a wish the answer composer follows when the result suits it. kAuto: the
// composer chooses.
enum class ChartPreference { kAuto, kPie, kBar, kLine, kTable };
std::string_view ChartPreferenceName(ChartPreference preference);  // "", "pie", "bar", ...
bool ParseChartPreference(std::string_view text, ChartPreference* out);

struct SetOperation;

struct SemanticQuery {
  // The table whose rows the question is about ("how many singers": singer).
  // The compiler starts its joins here; count(*) counts its rows.
  std::string subject_table;
  std::vector<SelectItem> select;
  bool distinct = false;
  std::vector<ValueExpr> group_by;
  Filter where;
  Filter having;
  std::optional<TimeRange> time_range;
  std::optional<PeriodComparison> comparison;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
  // `this op rhs`: "in both 2023 and 2024", "except those with a concert in 2014".
  std::optional<Box<SetOperation>> set_operation;
  // Not part of the SQL: how the answer is to be drawn.
  ChartPreference chart = ChartPreference::kAuto;

  // The tables the query touches (select, group, filters, order; not subqueries).
  std::vector<std::string> Tables() const;
  bool HasAggregates() const;
  // The distinct time dimensions (columns truncated to a grain) it selects or
  // groups by: what a running total runs over.
  std::vector<ValueExpr> Periods() const;
  friend bool operator==(const SemanticQuery&, const SemanticQuery&) = default;
};

struct SetOperation {
  SetOp op = SetOp::kIntersect;
  SemanticQuery rhs;
  friend bool operator==(const SetOperation&, const SetOperation&) = default;
};

}  // namespace scry::semantic
