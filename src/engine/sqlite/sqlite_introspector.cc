#include "engine/sqlite/sqlite_introspector.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>

#include "engine/sqlite/sqlite_authorizer.h"
#include "engine/sqlite/sqlite_handle.h"
#include "engine/sqlite/sqlite_types.h"

namespace scry::engine {
namespace {

// PRAGMA table_xinfo marks the hidden columns of virtual tables with 1; 2 and
// 3 are generated columns, which SELECT * shows.
constexpr int64_t kHiddenColumn = 1;

std::string TextAt(const ResultSet& result, int column, size_t row) {
  if (column < 0) return "";
  return FormatValue(result.column(static_cast<size_t>(column)), row);
}

bool IsNullAt(const ResultSet& result, int column, size_t row) {
  return column < 0 || result.column(static_cast<size_t>(column)).IsNull(row);
}

// PRAGMA and count(*) results are integers; anything else reads as 0.
int64_t IntAt(const ResultSet& result, int column, size_t row) {
  if (IsNullAt(result, column, row)) return 0;
  const Column& values = result.column(static_cast<size_t>(column));
  if (values.type().id == TypeId::kInteger || values.type().id == TypeId::kBoolean) {
    return values.Int64At(row);
  }
  const std::string text = FormatValue(values, row);
  int64_t parsed = 0;
  std::from_chars(text.data(), text.data() + text.size(), parsed);
  return parsed;
}

bool Contains(const std::vector<std::string>& folded_names, const std::string& name) {
  return std::find(folded_names.begin(), folded_names.end(), SqliteFoldName(name)) !=
         folded_names.end();
}

std::vector<std::string> FoldAll(const std::vector<std::string>& names) {
  std::vector<std::string> folded;
  for (const std::string& name : names) folded.push_back(SqliteFoldName(name));
  return folded;
}

}  // namespace

SqliteIntrospector::SqliteIntrospector(Connection* connection,
                                       const std::vector<std::string>& allowed_tables,
                                       const IntrospectOptions& options)
    : connection_(connection),
      options_(options),
      allowed_(FoldAll(allowed_tables)),
      requested_(FoldAll(options.tables)) {}

StatusOr<DatabaseSchema> SqliteIntrospector::Run() {
  RETURN_IF_ERROR(ReadCatalog());
  DatabaseSchema schema;
  for (const CatalogEntry& entry : catalog_) {
    if (!Wanted(entry.name)) continue;
    StatusOr<TableSchema> table = Describe(entry);
    if (!table.ok()) {
      // A view over a table that no longer exists cannot be described, nor
      // queried; leaving it out beats failing the whole description.
      if (entry.is_view && table.status().code() == StatusCode::kInvalidArgument) continue;
      return table.status().WithContext(fmt::format("describing table '{}'", entry.name));
    }
    schema.tables.push_back(*std::move(table));
  }
  std::sort(schema.tables.begin(), schema.tables.end(),
            [](const TableSchema& a, const TableSchema& b) { return a.name < b.name; });
  return schema;
}

Status SqliteIntrospector::ReadCatalog() {
  ASSIGN_OR_RETURN(ResultSet tables,
                   Query("SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') "
                         "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"));
  for (size_t row = 0; row < tables.row_count(); ++row) {
    CatalogEntry entry{TextAt(tables, 0, row), TextAt(tables, 1, row) == "view"};
    real_names_[SqliteFoldName(entry.name)] = entry.name;
    catalog_.push_back(std::move(entry));
  }
  return Status::Ok();
}

bool SqliteIntrospector::Wanted(const std::string& table) const {
  return (allowed_.empty() || Contains(allowed_, table)) &&
         (requested_.empty() || Contains(requested_, table));
}

StatusOr<TableSchema> SqliteIntrospector::Describe(const CatalogEntry& entry) {
  TableSchema table;
  table.name = entry.name;
  table.is_view = entry.is_view;
  RETURN_IF_ERROR(ReadColumns(&table));
  if (!entry.is_view) RETURN_IF_ERROR(ReadForeignKeys(&table));
  if (options_.row_counts) CountRows(&table);
  if (options_.value_stats) {
    for (ColumnSchema& column : table.columns) ReadValueStats(entry.name, &column);
  }
  return table;
}

Status SqliteIntrospector::ReadColumns(TableSchema* table) {
  ASSIGN_OR_RETURN(ResultSet info, ReadTableInfo(table->name));
  const std::map<std::string, ColumnType> sampled = SampleTypes(table->name);
  const int name_col = info.FindColumn("name"), type_col = info.FindColumn("type");
  const int notnull_col = info.FindColumn("notnull"), pk_col = info.FindColumn("pk");
  const int hidden_col = info.FindColumn("hidden");
  std::vector<std::pair<int64_t, size_t>> key;  // (position in the key, index in columns)
  std::vector<std::string> declared;
  for (size_t row = 0; row < info.row_count(); ++row) {
    if (IntAt(info, hidden_col, row) == kHiddenColumn) continue;
    ColumnSchema column;
    column.name = TextAt(info, name_col, row);
    declared.push_back(TextAt(info, type_col, row));
    const auto found = sampled.find(column.name);
    column.type = found != sampled.end() ? found->second
                                         : DecideSqliteColumn(declared.back().c_str(), {}).type();
    column.nullable = IntAt(info, notnull_col, row) == 0;
    const int64_t position = IntAt(info, pk_col, row);
    if (position > 0) key.emplace_back(position, table->columns.size());
    table->columns.push_back(std::move(column));
  }
  std::sort(key.begin(), key.end());
  for (const auto& [position, index] : key)
    table->primary_key.push_back(table->columns[index].name);
  // A lone INTEGER PRIMARY KEY is the rowid, which is never null.
  if (key.size() == 1 && SqliteFoldName(declared[key.front().second]) == "integer") {
    table->columns[key.front().second].nullable = false;
  }
  return Status::Ok();
}

StatusOr<ResultSet> SqliteIntrospector::ReadTableInfo(const std::string& table) {
  // table_xinfo (SQLite 3.26+) also lists generated columns; table_info is the
  // fallback for older libraries.
  StatusOr<ResultSet> info = Query("PRAGMA table_xinfo(" + QuoteSqliteIdentifier(table) + ")");
  if (info.ok()) return info;
  return Query("PRAGMA table_info(" + QuoteSqliteIdentifier(table) + ")");
}

std::map<std::string, ColumnType> SqliteIntrospector::SampleTypes(const std::string& table) {
  // Execute() reads one chunk to decide the types; the rest is never read.
  std::map<std::string, ColumnType> types;
  StatusOr<std::unique_ptr<ResultStream>> stream =
      connection_->Execute("SELECT * FROM " + QuoteSqliteIdentifier(table), options_.execute);
  if (!stream.ok()) return types;
  for (const ColumnInfo& column : (*stream)->columns()) types.emplace(column.name, column.type);
  return types;
}

StatusOr<std::vector<std::string>> SqliteIntrospector::PrimaryKey(const std::string& table) {
  ASSIGN_OR_RETURN(ResultSet info, ReadTableInfo(table));
  const int name_col = info.FindColumn("name"), pk_col = info.FindColumn("pk");
  std::vector<std::pair<int64_t, std::string>> key;
  for (size_t row = 0; row < info.row_count(); ++row) {
    const int64_t position = IntAt(info, pk_col, row);
    if (position > 0) key.emplace_back(position, TextAt(info, name_col, row));
  }
  std::sort(key.begin(), key.end());
  std::vector<std::string> columns;
  for (auto& [position, name] : key) columns.push_back(std::move(name));
  return columns;
}

Status SqliteIntrospector::ReadForeignKeys(TableSchema* table) {
  ASSIGN_OR_RETURN(ResultSet list,
                   Query("PRAGMA foreign_key_list(" + QuoteSqliteIdentifier(table->name) + ")"));
  const int id_col = list.FindColumn("id"), seq_col = list.FindColumn("seq");
  const int table_col = list.FindColumn("table"), from_col = list.FindColumn("from");
  const int to_col = list.FindColumn("to");
  // One entry per key, rows in column order. SQLite numbers a table's foreign
  // keys from the last one declared, so the highest id comes first.
  std::map<int64_t, std::vector<std::pair<int64_t, size_t>>, std::greater<>> keys;
  for (size_t row = 0; row < list.row_count(); ++row) {
    keys[IntAt(list, id_col, row)].emplace_back(IntAt(list, seq_col, row), row);
  }
  for (auto& [id, rows] : keys) {
    std::sort(rows.begin(), rows.end());
    const std::string written = TextAt(list, table_col, rows.front().second);
    const auto real = real_names_.find(SqliteFoldName(written));
    ForeignKey key{{}, real != real_names_.end() ? real->second : written, {}};
    // A key that points at a table the allow-list hides would name that table.
    if (!allowed_.empty() && !Contains(allowed_, key.referenced_table)) continue;
    bool to_primary_key = false;
    for (const auto& [seq, row] : rows) {
      key.columns.push_back(TextAt(list, from_col, row));
      key.referenced_columns.push_back(TextAt(list, to_col, row));
      if (IsNullAt(list, to_col, row)) to_primary_key = true;
    }
    if (to_primary_key) {
      // "REFERENCES t" without columns means t's primary key.
      StatusOr<std::vector<std::string>> primary = PrimaryKey(key.referenced_table);
      key.referenced_columns = primary.ok() ? *std::move(primary) : std::vector<std::string>{};
    }
    table->foreign_keys.push_back(std::move(key));
  }
  return Status::Ok();
}

void SqliteIntrospector::CountRows(TableSchema* table) {
  StatusOr<ResultSet> count = Query("SELECT count(*) FROM " + QuoteSqliteIdentifier(table->name));
  if (count.ok() && count->row_count() == 1) table->row_count = IntAt(*count, 0, 0);
}

void SqliteIntrospector::ReadValueStats(const std::string& table, ColumnSchema* column) {
  if (column->type.id != TypeId::kText) return;
  const std::string from = QuoteSqliteIdentifier(table);
  const std::string name = QuoteSqliteIdentifier(column->name);
  StatusOr<ResultSet> distinct =
      Query(fmt::format("SELECT count(DISTINCT {}) FROM {}", name, from));
  if (distinct.ok() && distinct->row_count() == 1) column->distinct_count = IntAt(*distinct, 0, 0);
  if (options_.max_top_values <= 0) return;
  StatusOr<ResultSet> top = Query(
      fmt::format("SELECT {0}, count(*) FROM {1} WHERE {0} IS NOT NULL AND length({0}) <= {2} "
                  "GROUP BY {0} ORDER BY count(*) DESC, {0} LIMIT {3}",
                  name, from, std::max(options_.max_value_length, 0), options_.max_top_values));
  if (!top.ok()) return;
  for (size_t row = 0; row < top->row_count(); ++row) {
    column->top_values.push_back({TextAt(*top, 0, row), IntAt(*top, 1, row)});
  }
}

StatusOr<ResultSet> SqliteIntrospector::Query(const std::string& sql) {
  return connection_->Query(sql, options_.execute);
}

}  // namespace scry::engine
