// The SQLite store's schema as numbered migrations, and the function that
// brings a database up to the newest one.
//
// A migration is never edited once released: a change to the schema is a new
// migration at the end of the list. The version reached is recorded in
// `schema_version` (one row per migration applied), so reopening a store runs
// nothing twice.
#pragma once

#include "common/status.h"
#include "store/sqlite/sqlite_db.h"

namespace scry::store::sqlite {

// The version the newest migration reaches.
int LatestSqliteSchemaVersion();

// Applies every migration newer than the database's version, all inside one
// write transaction, so a crash leaves either the old schema or the new one.
// Fails with FailedPrecondition when the database was written by a newer scry
// (a version above LatestSqliteSchemaVersion()).
Status MigrateSqliteStore(SqliteDb& db);

// The version recorded in `schema_version`; 0 when the table is empty.
StatusOr<int> ReadSqliteSchemaVersion(SqliteDb& db);

}  // namespace scry::store::sqlite
