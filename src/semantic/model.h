// The semantic model of one dataset: what its tables and columns mean to the
// people who ask questions about them.
//
// It says which columns identify a row, which describe it (dimensions), which
// can be added up (measures, with a default aggregation), which place it in
// time, and which name it; how tables join; which business metrics exist; what
// words people use for each (display names, synonyms, the values of
// low-cardinality text columns); and which questions have trusted SQL.
//
// `scry model init` bootstraps a Model from a live schema (bootstrap.h); it is
// saved as YAML (model_yaml.h) that a person can read and refine, and checked
// against the database by `scry model check` (model_check.h). A Model is a
// plain value: build it, then share it read-only between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scry::semantic {

// What a value is, as far as questions care (an engine's many numeric types
// collapse to integer or number).
enum class DataType { kText, kInteger, kNumber, kBoolean, kDate, kTimestamp, kTime, kOther };

enum class ColumnRole {
  kIdentifier,  // keys: counted distinct, never summed (order_id, customer_id)
  kDimension,   // categories to group and filter by (region, status, category)
  kMeasure,     // quantities to aggregate (revenue, quantity, age, population)
  kTime,        // dates and timestamps (order_date)
  kName,        // the human name of a row (customer_name, product_name)
  kText,        // free text, shown but not grouped (description, email)
  kFlag,        // yes/no attributes (is_male, is_official)
};

enum class Aggregation { kNone, kCount, kCountDistinct, kSum, kAvg, kMin, kMax, kMedian };

enum class ValueFormat { kPlain, kCurrency, kPercent, kCount, kYear, kIdentifier };

std::string_view DataTypeName(DataType type);
std::string_view ColumnRoleName(ColumnRole role);
std::string_view AggregationName(Aggregation aggregation);  // "sum", "count_distinct", ...
std::string_view ValueFormatName(ValueFormat format);
// Parse the names above; false when unknown.
bool ParseDataType(std::string_view text, DataType* out);
bool ParseColumnRole(std::string_view text, ColumnRole* out);
bool ParseAggregation(std::string_view text, Aggregation* out);
bool ParseValueFormat(std::string_view text, ValueFormat* out);

struct ColumnModel {
  std::string name;          // as in the database
  std::string display_name;  // "Order date"
  std::string description;
  DataType type = DataType::kOther;
  ColumnRole role = ColumnRole::kDimension;
  Aggregation default_aggregation = Aggregation::kNone;  // measures: usually kSum
  ValueFormat format = ValueFormat::kPlain;
  std::vector<std::string> synonyms;
  // The distinct values of a low-cardinality text column, most frequent first,
  // so that "only online" can be linked to channel = 'Online'.
  std::vector<std::string> values;
  int64_t distinct_count = -1;
  bool primary_key = false;
  friend bool operator==(const ColumnModel&, const ColumnModel&) = default;
};

struct TableModel {
  std::string name;
  std::string display_name;  // "Order items"
  std::string description;
  std::vector<std::string> synonyms;
  std::vector<ColumnModel> columns;
  std::vector<std::string> primary_key;
  // The column that names a row in answers ("customer_name"); empty if none.
  std::string name_column;
  // The date that places a row in time, for "last month" on this table; may
  // be a column of a table this one joins to, as "table.column".
  std::string time_column;
  int64_t row_count = -1;

  const ColumnModel* FindColumn(std::string_view column) const;  // case-insensitive
  friend bool operator==(const TableModel&, const TableModel&) = default;
};

enum class JoinSource { kDeclared, kInferred, kManual };

// `from_table.from_columns` refers to `to_table.to_columns`: many rows of
// `from_table` to one row of `to_table` (a foreign key). Joining in that
// direction never multiplies the rows of `from_table`.
struct JoinModel {
  std::string from_table;
  std::vector<std::string> from_columns;
  std::string to_table;
  std::vector<std::string> to_columns;
  JoinSource source = JoinSource::kDeclared;
  // True when at most one `from_table` row refers to each `to_table` row.
  bool one_to_one = false;
  friend bool operator==(const JoinModel&, const JoinModel&) = default;
};

struct MetricModel {
  std::string name;  // identifier: "revenue", "average_order_value"
  std::string display_name;
  std::string description;
  // A SQL expression with aggregates over qualified columns:
  // "sum(order_items.revenue)", "sum(order_items.revenue) / count(DISTINCT orders.order_id)".
  std::string expression;
  ValueFormat format = ValueFormat::kPlain;
  std::vector<std::string> synonyms;
  // The tables the expression reads (derived from it when loaded).
  std::vector<std::string> tables;
  friend bool operator==(const MetricModel&, const MetricModel&) = default;
};

// A question whose SQL an author vouches for; answered exactly this way.
struct ExampleQuestion {
  std::string question;
  std::string sql;
  bool trusted = true;
  friend bool operator==(const ExampleQuestion&, const ExampleQuestion&) = default;
};

struct Model {
  std::string name;
  std::string description;
  std::vector<TableModel> tables;
  std::vector<JoinModel> joins;
  std::vector<MetricModel> metrics;
  std::vector<ExampleQuestion> examples;

  const TableModel* FindTable(std::string_view table) const;  // case-insensitive
  const ColumnModel* FindColumn(std::string_view table, std::string_view column) const;
  const MetricModel* FindMetric(std::string_view name) const;
  friend bool operator==(const Model&, const Model&) = default;
};

}  // namespace scry::semantic
