// The model check: tables, columns, roles, name and time columns, metrics and
// examples, then the model against the database. Joins and their cycles are
// checked in model_check_joins.cc.
#include "semantic/model_check.h"

#include <algorithm>
#include <cctype>

#include "semantic/expression.h"
#include "semantic/model_check_internal.h"
#include "semantic/type_rules.h"

namespace scry::semantic {
namespace {

std::string TableWhere(const TableModel& table) { return "table '" + table.name + "'"; }
std::string ColumnWhere(const TableModel& table, const ColumnModel& column) {
  return "table '" + table.name + "' column '" + column.name + "'";
}
std::string Quoted(std::string_view name) {
  std::string quoted(1, '\'');
  quoted.append(name);
  quoted += '\'';
  return quoted;
}

template <typename T, typename NameOf>
void CheckUnique(const std::vector<T>& items, NameOf name_of, const std::string& kind,
                 const std::string& where_prefix, IssueList* issues) {
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (SameName(name_of(items[i]), name_of(items[j]))) {
        issues->Error(where_prefix + kind + " " + Quoted(name_of(items[i])),
                      "defined more than once (names are compared ignoring case)");
        break;
      }
    }
  }
}

// A role or aggregation that cannot work on the column's type.
void CheckColumnRole(const TableModel& table, const ColumnModel& column, IssueList* issues) {
  const std::string where = ColumnWhere(table, column);
  const DataType type = column.type;
  const bool text_like = type == DataType::kText || type == DataType::kBoolean ||
                         IsTemporal(type) || type == DataType::kTime;
  if (column.role == ColumnRole::kMeasure && text_like) {
    issues->Error(where, "a measure must be numeric, but the column is " +
                             std::string(DataTypeName(type)) + "; make it a dimension");
  }
  if (column.role == ColumnRole::kTime && (type == DataType::kBoolean || IsNumber(type))) {
    issues->Error(where,
                  "a time column must hold dates, but it is " + std::string(DataTypeName(type)));
  }
  if (column.role == ColumnRole::kFlag && (IsTemporal(type) || type == DataType::kNumber)) {
    issues->Error(where, "a flag must be boolean, text or integer");
  }
  const Aggregation aggregation = column.default_aggregation;
  const bool arithmetic = aggregation == Aggregation::kSum || aggregation == Aggregation::kAvg ||
                          aggregation == Aggregation::kMedian;
  if (arithmetic && text_like) {
    issues->Error(where, std::string(AggregationName(aggregation)) +
                             " needs numbers, but the column is " +
                             std::string(DataTypeName(type)));
  } else if (arithmetic && column.role == ColumnRole::kIdentifier) {
    issues->Error(where, "identifiers are counted, never added up; use count_distinct");
  }
  const bool numeric_format =
      column.format == ValueFormat::kCurrency || column.format == ValueFormat::kPercent;
  if (numeric_format && text_like) {
    issues->Warning(where, std::string(ValueFormatName(column.format)) +
                               " format on a column that is not numeric");
  }
}

// "table.column" of another table, joined to this one.
void CheckForeignTimeColumn(const Model& model, const TableModel& table, IssueList* issues) {
  const std::string where = TableWhere(table) + " time_column";
  const size_t dot = table.time_column.rfind('.');
  const std::string other = table.time_column.substr(0, dot);
  const std::string column = table.time_column.substr(dot + 1);
  const ColumnModel* found = model.FindColumn(other, column);
  if (found == nullptr) {
    issues->Error(where, "unknown column " + table.time_column);
    return;
  }
  if (!TablesConnected(model, table.name, other)) {
    issues->Error(where, "no join connects " + Quoted(table.name) + " to " + Quoted(other));
  }
  if (IsNumber(found->type) || found->type == DataType::kBoolean) {
    issues->Error(where, table.time_column + " does not hold dates");
  }
}

void CheckTableColumns(const Model& model, const TableModel& table, IssueList* issues) {
  CheckUnique(
      table.columns, [](const ColumnModel& c) -> const std::string& { return c.name; }, "column",
      TableWhere(table) + " ", issues);
  for (const ColumnModel& column : table.columns) CheckColumnRole(table, column, issues);
  for (const std::string& key : table.primary_key) {
    if (table.FindColumn(key) == nullptr) {
      issues->Error(TableWhere(table) + " primary_key", "unknown column " + Quoted(key));
    }
  }
  if (!table.name_column.empty() && table.FindColumn(table.name_column) == nullptr) {
    issues->Error(TableWhere(table) + " name_column",
                  "unknown column " + Quoted(table.name_column));
  }
  if (table.time_column.empty()) return;
  if (table.time_column.find('.') != std::string::npos &&
      table.FindColumn(table.time_column) == nullptr) {
    CheckForeignTimeColumn(model, table, issues);
    return;
  }
  const ColumnModel* time = table.FindColumn(table.time_column);
  if (time == nullptr) {
    issues->Error(TableWhere(table) + " time_column",
                  "unknown column " + Quoted(table.time_column));
  } else if (IsNumber(time->type) || time->type == DataType::kBoolean) {
    issues->Error(TableWhere(table) + " time_column", Quoted(time->name) + " does not hold dates");
  }
}

void CheckMetric(const Model& model, const MetricModel& metric, IssueList* issues) {
  const std::string where = "metric " + Quoted(metric.name);
  if (metric.expression.empty()) {
    issues->Error(where, "the expression is empty");
    return;
  }
  StatusOr<std::vector<ExpressionToken>> tokens = ParseExpression(metric.expression);
  if (!tokens.ok()) {
    issues->Error(where, "bad expression: " + std::string(tokens.status().message()));
    return;
  }
  bool aggregates = false;
  for (const ExpressionToken& token : *tokens) {
    if (token.kind == ExpressionToken::Kind::kFunction && token.text != "cast") {
      static const std::vector<std::string> kAggregates{"sum", "avg",   "min",
                                                        "max", "count", "median"};
      aggregates = aggregates || std::count(kAggregates.begin(), kAggregates.end(), token.text);
    }
    if (token.kind != ExpressionToken::Kind::kColumn) continue;
    if (model.FindColumn(token.column.table, token.column.column) == nullptr) {
      issues->Error(where, "unknown column " + token.column.table + "." + token.column.column);
    }
  }
  if (!aggregates) {
    issues->Error(where, "a metric must aggregate, e.g. sum(table.column)");
  }
  const std::vector<std::string> tables = ExpressionTables(*tokens);
  for (size_t i = 1; i < tables.size(); ++i) {
    if (model.FindTable(tables[0]) != nullptr && model.FindTable(tables[i]) != nullptr &&
        !TablesConnected(model, tables[0], tables[i])) {
      issues->Error(where, "no join connects " + Quoted(tables[0]) + " and " + Quoted(tables[i]));
    }
  }
}

void CheckModelItself(const Model& model, IssueList* issues) {
  CheckUnique(
      model.tables, [](const TableModel& t) -> const std::string& { return t.name; }, "table", "",
      issues);
  for (const TableModel& table : model.tables) CheckTableColumns(model, table, issues);
  CheckJoins(model, issues);
  CheckUnique(
      model.metrics, [](const MetricModel& m) -> const std::string& { return m.name; }, "metric",
      "", issues);
  for (const MetricModel& metric : model.metrics) CheckMetric(model, metric, issues);
  for (size_t i = 0; i < model.examples.size(); ++i) {
    const ExampleQuestion& example = model.examples[i];
    if (example.question.empty() || example.sql.empty()) {
      issues->Error("example " + std::to_string(i + 1), "needs both a question and its SQL");
    }
  }
}

const TableSchema* FindSchemaTable(const DatabaseSchema& schema, std::string_view name) {
  for (const TableSchema& table : schema.tables) {
    if (SameName(table.name, name)) return &table;
  }
  return nullptr;
}

const ColumnSchema* FindSchemaColumn(const TableSchema& table, std::string_view name) {
  for (const ColumnSchema& column : table.columns) {
    if (SameName(column.name, name)) return &column;
  }
  return nullptr;
}

// Types that name the same kind of value (integer and number both are numbers).
bool SameKind(DataType a, DataType b) {
  return a == b || (IsNumber(a) && IsNumber(b)) || (IsTemporal(a) && IsTemporal(b)) ||
         a == DataType::kOther || b == DataType::kOther;
}

void CheckAgainstDatabase(const Model& model, const DatabaseSchema& schema, IssueList* issues) {
  for (const TableModel& table : model.tables) {
    const TableSchema* found = FindSchemaTable(schema, table.name);
    if (found == nullptr) {
      issues->Error(TableWhere(table), "unknown table: the database has no table by this name");
      continue;
    }
    for (const ColumnModel& column : table.columns) {
      const ColumnSchema* actual = FindSchemaColumn(*found, column.name);
      if (actual == nullptr) {
        issues->Error(ColumnWhere(table, column), "unknown column: the table has no such column");
        continue;
      }
      const DataType type = DataTypeOf(actual->type.id);
      if (!SameKind(type, column.type)) {
        issues->Warning(ColumnWhere(table, column),
                        "the model says " + std::string(DataTypeName(column.type)) +
                            " but the database holds " + std::string(DataTypeName(type)));
      }
    }
  }
}

}  // namespace

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<ModelIssue> CheckModel(const Model& model, const DatabaseSchema& schema) {
  IssueList issues;
  CheckModelItself(model, &issues);
  // A schema without tables means there is no database to compare with.
  if (!schema.tables.empty()) CheckAgainstDatabase(model, schema, &issues);
  return issues.Take();
}

}  // namespace scry::semantic
