// BootstrapModel: the driver of the bootstrap passes (bootstrap_internal.h).
// Joins come first, since a column another table refers to is a key; then
// each table's columns, names and words; then time columns in two rounds
// (own dates, then dates reached through a join); then metrics.
#include "semantic/bootstrap.h"

#include <map>

#include "semantic/bootstrap_internal.h"
#include "semantic/identifier_words.h"
#include "semantic/model_check_internal.h"

namespace scry::semantic {
namespace {

// Annotations by lower-case key.
struct Words {
  std::map<std::string, std::string> display_names;
  std::map<std::string, std::string> descriptions;

  explicit Words(const SchemaAnnotations& annotations) {
    for (const auto& [key, value] : annotations.display_names) display_names[ToLower(key)] = value;
    for (const auto& [key, value] : annotations.descriptions) descriptions[ToLower(key)] = value;
  }
  static std::string Find(const std::map<std::string, std::string>& map, const std::string& key) {
    auto found = map.find(ToLower(key));
    return found == map.end() ? "" : found->second;
  }
};

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& candidate : names) {
    if (SameName(candidate, name)) return true;
  }
  return false;
}

// A single-column primary key, or a column on either side of a join.
bool IsKey(const TableSchema& table, const ColumnSchema& column,
           const std::vector<JoinModel>& joins) {
  if (table.primary_key.size() == 1 && SameName(table.primary_key[0], column.name)) return true;
  for (const JoinModel& join : joins) {
    if (SameName(join.from_table, table.name) && Contains(join.from_columns, column.name)) {
      return true;
    }
    if (SameName(join.to_table, table.name) && Contains(join.to_columns, column.name)) return true;
  }
  return false;
}

TableModel BuildTable(const TableSchema& schema_table, const std::vector<JoinModel>& joins,
                      const std::vector<std::string>& stems, const BootstrapOptions& options,
                      const Words& words) {
  TableModel table;
  table.name = schema_table.name;
  table.primary_key = schema_table.primary_key;
  table.row_count = schema_table.row_count;
  table.display_name = Words::Find(words.display_names, table.name);
  if (table.display_name.empty()) table.display_name = DisplayNameFor(table.name);
  table.description = Words::Find(words.descriptions, table.name);
  for (const ColumnSchema& schema_column : schema_table.columns) {
    ColumnContext context{&schema_table, IsKey(schema_table, schema_column, joins), &stems,
                          options.max_dictionary_values};
    ColumnModel column = ClassifyColumn(schema_column, context);
    const std::string key = table.name + "." + column.name;
    column.display_name = Words::Find(words.display_names, key);
    if (column.display_name.empty()) column.display_name = DisplayNameFor(column.name);
    column.description = Words::Find(words.descriptions, key);
    column.primary_key = Contains(table.primary_key, column.name);
    table.columns.push_back(std::move(column));
  }
  PromoteNameColumn(joins, &table);
  ChooseNameColumn(&table);
  AddTableWords(&table);
  for (ColumnModel& column : table.columns) AddColumnWords(table, &column);
  return table;
}

}  // namespace

StatusOr<Model> BootstrapModel(const DatabaseSchema& schema, const BootstrapOptions& options) {
  if (schema.tables.empty()) return InvalidArgumentError("bootstrap: the schema has no tables");
  const Words words(options.annotations);
  Model model;
  model.name = options.model_name;
  model.joins = BuildJoins(schema, options.infer_joins);
  std::vector<std::string> stems;
  for (const TableSchema& table : schema.tables) stems.push_back(TableStem(table.name));
  for (const TableSchema& table : schema.tables) {
    model.tables.push_back(BuildTable(table, model.joins, stems, options, words));
  }
  for (TableModel& table : model.tables) ChooseTimeColumn(model, /*inherit=*/false, &table);
  for (TableModel& table : model.tables) ChooseTimeColumn(model, /*inherit=*/true, &table);
  model.metrics = BuildMetrics(model);
  return model;
}

}  // namespace scry::semantic
