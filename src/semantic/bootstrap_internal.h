// The passes of BootstrapModel (bootstrap.cc), one file each: column roles
// (bootstrap_columns.cc), joins (bootstrap_joins.cc), and what a table needs
// once its columns are known: name and time columns, synonyms, metrics
// (bootstrap_tables.cc). Internal to semantic/.
#pragma once

#include <string>
#include <vector>

#include "common/database_schema.h"
#include "semantic/bootstrap.h"
#include "semantic/model.h"

namespace scry::semantic {

// What the column rules may know beyond the column itself.
struct ColumnContext {
  const TableSchema* table = nullptr;
  bool key = false;  // the table's single-column key, in a foreign key, or referenced by one
  // Squeezed singular names of every table ("orderitem"), to recognize
  // "orderitemid" as a key.
  const std::vector<std::string>* table_stems = nullptr;
  int64_t max_dictionary_values = 5000;
};

// Type, role, default aggregation, format and value dictionary of a column;
// names and synonyms are left to the table pass.
ColumnModel ClassifyColumn(const ColumnSchema& column, const ColumnContext& context);

// Squeezed singular of a table name: "order_items" → "orderitem".
std::string TableStem(std::string_view table);

// Declared foreign keys, then, when `infer`, joins inferred from names.
std::vector<JoinModel> BuildJoins(const DatabaseSchema& schema, bool infer);

// When no column is named like a name, the table's most distinct text
// column names its rows, if the table is a thing rather than an event.
void PromoteNameColumn(const std::vector<JoinModel>& joins, TableModel* table);
void ChooseNameColumn(TableModel* table);
// Own date column; `model` must have every table's own choice made first for
// the second call with `inherit`, which looks through many-to-one joins.
void ChooseTimeColumn(const Model& model, bool inherit, TableModel* table);

void AddTableWords(TableModel* table);
void AddColumnWords(const TableModel& table, ColumnModel* column);

// One metric per measure column.
std::vector<MetricModel> BuildMetrics(const Model& model);

// `name` as it may stand in an expression: quoted unless a plain identifier.
std::string QuoteName(std::string_view name);

}  // namespace scry::semantic
