// The PostgreSQL store's schema as numbered migrations, and the code that
// brings a database up to date.
//
// Several app servers may open the same database at once: Migrate runs in
// one transaction holding a transaction-level advisory lock, so exactly one
// of them applies the missing migrations and the others then see them done.
// Each applied migration is a row of `schema_version`. A database whose
// version is newer than this binary knows is refused (FailedPrecondition):
// an old server must not write to a schema it does not understand.
#pragma once

#include <libpq-fe.h>

#include "common/status.h"
#include "common/status_or.h"

namespace scry::store::pg {

// The version the last migration reaches.
int LatestSchemaVersion();

// Applies the missing migrations; returns the version reached.
StatusOr<int> Migrate(PGconn* conn);

// The highest version recorded in `schema_version`.
StatusOr<int> CurrentSchemaVersion(PGconn* conn);

}  // namespace scry::store::pg
