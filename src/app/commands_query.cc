// scry sql, scry tables, scry describe: reading the warehouse.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "app/commands.h"
#include "app/warehouse.h"
#include "engine/engine.h"
#include "sql/guard.h"

namespace scry::app {
namespace {

using engine::ColumnInfo;
using engine::ColumnType;
using engine::ResultSet;
using engine::TypeId;

// Every table of the warehouse may be read by the person at the terminal; the
// guard still refuses anything that is not a single SELECT over them.
StatusOr<sql::GuardPolicy> PolicyForAllTables(engine::Engine& engine) {
  engine::IntrospectOptions names_only;
  names_only.row_counts = false;
  names_only.value_stats = false;
  ASSIGN_OR_RETURN(engine::DatabaseSchema schema, engine.Introspect(names_only));
  sql::GuardPolicy policy;
  for (const engine::TableSchema& table : schema.tables)
    policy.allowed_tables.push_back(table.name);
  return policy;
}

ResultSet TextTable(const std::vector<std::string>& names, const std::vector<TypeId>& types) {
  std::vector<ColumnInfo> columns;
  for (size_t i = 0; i < names.size(); ++i) columns.push_back({names[i], ColumnType::Of(types[i])});
  return ResultSet(std::move(columns));
}

void AppendCell(ResultSet* table, size_t column, const std::string& text) {
  table->mutable_column(column).AppendText(text);
}

void AppendCount(ResultSet* table, size_t column, int64_t count) {
  if (count < 0) {
    table->mutable_column(column).AppendNull();
  } else {
    table->mutable_column(column).AppendInt64(count);
  }
}

std::string KeyDescription(const engine::TableSchema& table, const std::string& column) {
  std::vector<std::string> parts;
  if (std::find(table.primary_key.begin(), table.primary_key.end(), column) !=
      table.primary_key.end()) {
    parts.push_back("primary key");
  }
  for (const engine::ForeignKey& key : table.foreign_keys) {
    for (size_t i = 0; i < key.columns.size(); ++i) {
      if (key.columns[i] != column) continue;
      const std::string target =
          i < key.referenced_columns.size() ? key.referenced_columns[i] : std::string("?");
      parts.push_back(fmt::format("→ {}.{}", key.referenced_table, target));
    }
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string FrequentValues(const engine::ColumnSchema& column, int64_t row_count) {
  std::vector<std::string> parts;
  for (const auto& value : column.top_values) {
    if (parts.size() == 5) {
      parts.push_back("…");
      break;
    }
    if (row_count > 0) {
      parts.push_back(fmt::format("{} ({:.0f}%)", value.value, 100.0 * value.count / row_count));
    } else {
      parts.push_back(value.value);
    }
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

Status RunSql(const SqlCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(auto warehouse, OpenWarehouse(options.warehouse));
  ASSIGN_OR_RETURN(sql::GuardPolicy policy, PolicyForAllTables(*warehouse));
  ASSIGN_OR_RETURN(auto guard, sql::Guard::Create());
  ASSIGN_OR_RETURN(sql::CheckedSql checked, guard->Check(options.sql, policy));
  ASSIGN_OR_RETURN(auto connection, warehouse->Connect());

  engine::ExecuteOptions execute;
  execute.timeout = std::chrono::milliseconds(static_cast<int64_t>(options.timeout_seconds * 1000));
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto stream, connection->Execute(checked.sql, execute));
  switch (options.format) {
    case OutputFormat::kCsv:
      return StreamCsv(*stream, out).status();
    case OutputFormat::kJson:
      return StreamJson(*stream, out).status();
    case OutputFormat::kTable:
      break;
  }
  engine::CollectOptions collect;
  collect.max_rows = options.max_rows;
  ASSIGN_OR_RETURN(ResultSet result, engine::Collect(*stream, collect));
  TableStyle style;
  style.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WriteTable(result, out, style);
  return Status::Ok();
}

Status RunTables(const std::string& warehouse_path, std::ostream& out) {
  ASSIGN_OR_RETURN(auto warehouse, OpenWarehouse(warehouse_path));
  engine::IntrospectOptions options;
  options.value_stats = false;
  ASSIGN_OR_RETURN(engine::DatabaseSchema schema, warehouse->Introspect(options));
  ResultSet table = TextTable({"table", "rows", "columns", "kind"},
                              {TypeId::kText, TypeId::kInteger, TypeId::kInteger, TypeId::kText});
  for (const engine::TableSchema& t : schema.tables) {
    AppendCell(&table, 0, t.name);
    AppendCount(&table, 1, t.row_count);
    AppendCount(&table, 2, static_cast<int64_t>(t.columns.size()));
    AppendCell(&table, 3, t.is_view ? "view" : "table");
  }
  table.set_total_rows(static_cast<int64_t>(table.row_count()));
  WriteTable(table, out);
  return Status::Ok();
}

Status RunDescribe(const std::string& warehouse_path, const std::string& table_name,
                   std::ostream& out) {
  ASSIGN_OR_RETURN(auto warehouse, OpenWarehouse(warehouse_path));
  engine::IntrospectOptions options;
  options.tables = {table_name};
  options.max_top_values = 6;
  ASSIGN_OR_RETURN(engine::DatabaseSchema schema, warehouse->Introspect(options));
  const engine::TableSchema* table = schema.FindTable(table_name);
  if (table == nullptr) {
    return NotFoundError(
        fmt::format("no table named '{}' in the warehouse; `scry tables` lists them", table_name));
  }
  out << fmt::format("{} ({}, {} rows)\n\n", table->name, table->is_view ? "view" : "table",
                     table->row_count);
  ResultSet description =
      TextTable({"column", "type", "nullable", "key", "distinct", "frequent values"},
                {TypeId::kText, TypeId::kText, TypeId::kText, TypeId::kText, TypeId::kInteger,
                 TypeId::kText});
  for (const engine::ColumnSchema& column : table->columns) {
    AppendCell(&description, 0, column.name);
    AppendCell(&description, 1,
               column.type.engine_name.empty() ? std::string(engine::TypeIdName(column.type.id))
                                               : column.type.engine_name);
    AppendCell(&description, 2, column.nullable ? "yes" : "no");
    AppendCell(&description, 3, KeyDescription(*table, column.name));
    AppendCount(&description, 4, column.distinct_count);
    AppendCell(&description, 5, FrequentValues(column, table->row_count));
  }
  TableStyle style;
  style.max_column_width = 72;
  style.null_text = "";
  WriteTable(description, out, style);
  return Status::Ok();
}

}  // namespace scry::app
