// What a Spider tables.json entry adds to a database the engine introspected:
// natural-language names for tables and columns (as SchemaAnnotations for the
// model bootstrap) and the primary and foreign keys the SQLite file often
// leaves undeclared. Only the general shape of Spider's format is known here;
// nothing about any one database. Plain functions; thread-safe.
#pragma once

#include "common/database_schema.h"
#include "eval/eval_data.h"
#include "semantic/bootstrap.h"

namespace scry::eval {

// Display names keyed "table" and "table.column" by the original (database)
// names, from Spider's natural-language `table_names` / `column_names`. The
// "*" pseudo-column is skipped, and so is a name that only repeats the
// original one (the bootstrap already derives a display name from that).
semantic::SchemaAnnotations AnnotationsFromSpider(const SpiderSchema& spider);

// Adds to `schema` the keys tables.json declares and the file does not,
// matching tables and columns case-insensitively and using the file's own
// spelling: a primary key for a table that has none, and each foreign key
// whose referencing column is not already part of a declared one. Keys that
// name a table or column the file does not have are skipped. Returns the
// number of keys added.
int MergeSpiderKeys(const SpiderSchema& spider, DatabaseSchema* schema);

}  // namespace scry::eval
