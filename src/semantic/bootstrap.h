// Bootstrap: a semantic model from a live schema, with no hand work.
//
// From the engine's DatabaseSchema (tables, types, keys, row counts, frequent
// values) it decides each column's role, display name, format and default
// aggregation, the value dictionaries, the joins (declared foreign keys, and
// inferred from names and types when none are declared, e.g.
// orders.customer_id → customers.customer_id), each table's name column and
// time column, a metric per measure, and synonyms from the general English
// lexicon (lexicon.h). Never anything specific to one dataset.
#pragma once

#include <map>
#include <string>

#include "common/database_schema.h"
#include "common/status_or.h"
#include "semantic/model.h"

namespace scry::semantic {

// Optional words from outside the database, e.g. a catalog's descriptions or
// a benchmark's natural-language column names. Keys are table names and
// "table.column", case-insensitive.
struct SchemaAnnotations {
  std::map<std::string, std::string> display_names;
  std::map<std::string, std::string> descriptions;
};

struct BootstrapOptions {
  std::string model_name;
  SchemaAnnotations annotations;
  // Text columns with at most this many distinct values get a value dictionary.
  int64_t max_dictionary_values = 5000;
  // Infer joins from column names when the schema declares none for a column.
  bool infer_joins = true;
};

// Fails with InvalidArgument for an empty schema.
StatusOr<Model> BootstrapModel(const DatabaseSchema& schema, const BootstrapOptions& options);

// "order_items" → "Order items", "SongReleaseYear" → "Song release year".
std::string DisplayNameFor(std::string_view identifier);

}  // namespace scry::semantic
