#include "eval/spider_schema.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

namespace scry::eval {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

TableSchema* FindTableIgnoreCase(DatabaseSchema* schema, std::string_view name) {
  for (TableSchema& table : schema->tables) {
    if (EqualsIgnoreCase(table.name, name)) return &table;
  }
  return nullptr;
}

const ColumnSchema* FindColumnIgnoreCase(const TableSchema& table, std::string_view name) {
  for (const ColumnSchema& column : table.columns) {
    if (EqualsIgnoreCase(column.name, name)) return &column;
  }
  return nullptr;
}

// A tables.json column resolved against the file: its table and its name as
// the file spells it.
struct ResolvedColumn {
  TableSchema* table = nullptr;
  std::string column;
};

ResolvedColumn Resolve(const SpiderSchema& spider, int index, DatabaseSchema* schema) {
  const SpiderSchema::ColumnName& original = spider.column_names_original[index];
  if (original.table < 0) return {};
  TableSchema* table = FindTableIgnoreCase(schema, spider.table_names_original[original.table]);
  if (table == nullptr) return {};
  const ColumnSchema* column = FindColumnIgnoreCase(*table, original.name);
  if (column == nullptr) return {};
  return {table, column->name};
}

int MergePrimaryKeys(const SpiderSchema& spider, DatabaseSchema* schema) {
  std::map<TableSchema*, std::vector<std::string>> keys;
  for (int index : spider.primary_keys) {
    ResolvedColumn column = Resolve(spider, index, schema);
    if (column.table != nullptr) keys[column.table].push_back(column.column);
  }
  int added = 0;
  for (auto& [table, columns] : keys) {
    if (!table->primary_key.empty()) continue;
    table->primary_key = std::move(columns);
    ++added;
  }
  return added;
}

bool CoveredByForeignKey(const TableSchema& table, std::string_view column) {
  for (const ForeignKey& key : table.foreign_keys) {
    for (const std::string& name : key.columns) {
      if (EqualsIgnoreCase(name, column)) return true;
    }
  }
  return false;
}

int MergeForeignKeys(const SpiderSchema& spider, DatabaseSchema* schema) {
  int added = 0;
  for (const auto& [from, to] : spider.foreign_keys) {
    ResolvedColumn source = Resolve(spider, from, schema);
    ResolvedColumn target = Resolve(spider, to, schema);
    if (source.table == nullptr || target.table == nullptr) continue;
    if (CoveredByForeignKey(*source.table, source.column)) continue;
    source.table->foreign_keys.push_back(
        ForeignKey{{source.column}, target.table->name, {target.column}});
    ++added;
  }
  return added;
}

}  // namespace

semantic::SchemaAnnotations AnnotationsFromSpider(const SpiderSchema& spider) {
  semantic::SchemaAnnotations annotations;
  const size_t tables = std::min(spider.table_names.size(), spider.table_names_original.size());
  for (size_t t = 0; t < tables; ++t) {
    const std::string& original = spider.table_names_original[t];
    const std::string& natural = spider.table_names[t];
    if (!natural.empty() && natural != original) annotations.display_names[original] = natural;
  }
  const size_t columns = std::min(spider.column_names.size(), spider.column_names_original.size());
  for (size_t c = 0; c < columns; ++c) {
    const SpiderSchema::ColumnName& original = spider.column_names_original[c];
    const std::string& natural = spider.column_names[c].name;
    if (original.table < 0 || original.table >= static_cast<int>(tables)) continue;
    if (natural.empty() || natural == original.name) continue;
    const std::string key = spider.table_names_original[original.table] + "." + original.name;
    annotations.display_names[key] = natural;
  }
  return annotations;
}

int MergeSpiderKeys(const SpiderSchema& spider, DatabaseSchema* schema) {
  return MergePrimaryKeys(spider, schema) + MergeForeignKeys(spider, schema);
}

}  // namespace scry::eval
