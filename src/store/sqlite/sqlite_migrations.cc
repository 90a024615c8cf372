#include "store/sqlite/sqlite_migrations.h"

#include <fmt/format.h>

#include <array>

namespace scry::store::sqlite {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Notes on the schema:
// - JSON fields are TEXT, stored verbatim; the store never looks inside.
// - Emails are stored lower case (the store lower-cases them), so UNIQUE is
//   case-insensitive in effect.
// - conversations.last_seq is the last seq handed out: counting on it rather
//   than on max(seq) means a deleted last message's seq is never reused.
// - Deleting a conversation cascades to its messages and attachments, and a
//   message to its result and feedback, through the foreign keys.
// - Conversations do not reference users or spaces: spaces may live in the
//   configuration rather than in the store.
// - Usage events reference nothing: they outlive what they describe.
constexpr std::array kMigrations = {
    Migration{1, "initial schema", R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  attributes_json TEXT NOT NULL,
  groups_json TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  created_ms INTEGER NOT NULL
);

CREATE TABLE access_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER,
  revoked_ms INTEGER,
  last_used_ms INTEGER
);
CREATE INDEX access_tokens_by_user ON access_tokens(user_id, id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions(expires_ms);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE spaces (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  config_json TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);

CREATE TABLE grants (
  space_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  principal TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (space_id, kind, principal)
);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conversations_by_user ON conversations(user_id, updated_ms, id);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  question TEXT NOT NULL,
  status TEXT NOT NULL,
  answer_json TEXT NOT NULL,
  error_code TEXT NOT NULL,
  error_message TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  UNIQUE (conversation_id, seq)
);
CREATE INDEX messages_unfinished ON messages(created_ms)
  WHERE status IN ('submitted', 'understanding', 'running');

CREATE TABLE results (
  message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  columns_json TEXT NOT NULL,
  rows_json TEXT NOT NULL,
  stored_rows INTEGER NOT NULL,
  total_rows INTEGER NOT NULL,
  truncated INTEGER NOT NULL
);

CREATE TABLE feedback (
  message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  rating TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id)
);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,
  table_name TEXT NOT NULL,
  storage_path TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  columns_json TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX attachments_by_conversation ON attachments(conversation_id, created_ms);

CREATE TABLE usage_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  space_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL,
  question TEXT NOT NULL,
  latency_ms REAL NOT NULL,
  engine_ms REAL NOT NULL
);
CREATE INDEX usage_events_by_time ON usage_events(time_ms);
)sql"},
    // Trusted questions belong to a space, not to a user: they stay when
    // their author's account goes.
    Migration{2, "trusted questions", R"sql(
CREATE TABLE trusted_questions (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL,
  question TEXT NOT NULL,
  sql TEXT NOT NULL,
  created_by INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  as_of_ms INTEGER NOT NULL,
  use_count INTEGER NOT NULL DEFAULT 0,
  last_used_ms INTEGER
);
CREATE INDEX trusted_questions_by_space ON trusted_questions(space_id, created_ms, id);
)sql"},
};

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL
))sql";

Status Commit(SqliteDb& db) { return db.Exec("COMMIT", "committing the migrations"); }

Status ApplyPending(SqliteDb& db) {
  RETURN_IF_ERROR(db.Exec(kCreateVersionTable, "creating schema_version"));
  ASSIGN_OR_RETURN(const int current, ReadSqliteSchemaVersion(db));
  if (current > LatestSqliteSchemaVersion()) {
    return FailedPreconditionError(fmt::format(
        "store '{}' has schema version {}, newer than the {} this scry knows: it was written by a "
        "newer scry; run that version or restore a backup",
        db.path(), current, LatestSqliteSchemaVersion()));
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    RETURN_IF_ERROR(db.Exec(migration.sql, fmt::format("store migration {} ({})", migration.version,
                                                       migration.description)));
    ASSIGN_OR_RETURN(Statement record,
                     db.Prepare("INSERT INTO schema_version (version, description) VALUES (?, ?)"));
    RETURN_IF_ERROR(record.BindAll(migration.version, migration.description).Run());
  }
  return Status::Ok();
}

}  // namespace

int LatestSqliteSchemaVersion() { return kMigrations.back().version; }

StatusOr<int> ReadSqliteSchemaVersion(SqliteDb& db) {
  ASSIGN_OR_RETURN(Statement select,
                   db.Prepare("SELECT coalesce(max(version), 0) FROM schema_version"));
  ASSIGN_OR_RETURN(const bool row, select.Step());
  return row ? static_cast<int>(select.Int(0)) : 0;
}

Status MigrateSqliteStore(SqliteDb& db) {
  // IMMEDIATE takes the write lock first, so two processes opening the same
  // new file do not both try to create the schema.
  RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE", "starting the migrations"));
  Status status = ApplyPending(db);
  if (status.ok()) status = Commit(db);
  if (!status.ok() && db.InTransaction()) (void)db.Exec("ROLLBACK", "rolling back the migrations");
  return status;
}

}  // namespace scry::store::sqlite
