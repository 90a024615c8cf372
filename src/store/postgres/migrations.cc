#include "store/postgres/migrations.h"

#include <string>
#include <vector>

#include "store/postgres/pg_connection.h"

namespace scry::store::pg {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Append only: a migration that shipped is never edited, a change is a new
// entry. Times are epoch milliseconds (BIGINT) as the Store interface has them.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "initial schema", R"sql(
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  attributes JSONB NOT NULL,
  groups JSONB NOT NULL,
  disabled BOOLEAN NOT NULL,
  created_ms BIGINT NOT NULL
);
-- Emails are unique compared in lower case.
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

CREATE TABLE access_tokens (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT,
  revoked_ms BIGINT,
  last_used_ms BIGINT
);
CREATE INDEX access_tokens_user ON access_tokens (user_id, id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_ms);

CREATE TABLE spaces (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  config_json TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);

CREATE TABLE grants (
  space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  principal TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (space_id, kind, principal)
);

-- next_seq is the last seq handed out: AddMessage increments it with an
-- UPDATE that locks the row, so concurrent writers get distinct numbers and a
-- deleted message's number is never reused.
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  next_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX conversations_user_recent ON conversations (user_id, updated_ms DESC, id DESC);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  question TEXT NOT NULL,
  status TEXT NOT NULL,
  answer_json TEXT NOT NULL,
  error_code TEXT NOT NULL,
  error_message TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE (conversation_id, seq)
);
CREATE INDEX messages_unfinished ON messages (created_ms)
  WHERE status NOT IN ('completed', 'failed', 'cancelled');

CREATE TABLE results (
  message_id TEXT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  columns_json TEXT NOT NULL,
  rows_json TEXT NOT NULL,
  stored_rows BIGINT NOT NULL,
  total_rows BIGINT NOT NULL,
  truncated BOOLEAN NOT NULL
);

CREATE TABLE feedback (
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  rating TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (message_id, user_id)
);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,
  table_name TEXT NOT NULL,
  storage_path TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  row_count BIGINT NOT NULL,
  columns_json TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);
CREATE INDEX attachments_conversation ON attachments (conversation_id, created_ms);

CREATE TABLE usage_events (
  id BIGSERIAL PRIMARY KEY,
  time_ms BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  space_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL,
  question TEXT NOT NULL,
  latency_ms DOUBLE PRECISION NOT NULL,
  engine_ms DOUBLE PRECISION NOT NULL
);
CREATE INDEX usage_events_time ON usage_events (time_ms, id);
)sql"},
      // Trusted questions belong to a space, not to a user: they stay when
      // their author's account goes.
      {2, "trusted questions", R"sql(
CREATE TABLE trusted_questions (
  id TEXT PRIMARY KEY,
  space_id TEXT NOT NULL,
  question TEXT NOT NULL,
  sql TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  as_of_ms BIGINT NOT NULL,
  use_count BIGINT NOT NULL DEFAULT 0,
  last_used_ms BIGINT
);
CREATE INDEX trusted_questions_space ON trusted_questions (space_id, created_ms, id);
)sql"},
  };
  return kMigrations;
}

// Any constant works as long as every scry server uses the same one; this is
// "scry" in ASCII.
constexpr const char* kLockSql = "SELECT pg_advisory_xact_lock(1935897209)";

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
))sql";

Status ApplyMissing(PGconn* conn, int* version) {
  RETURN_IF_ERROR(ExecScript(conn, "migrations: lock", kLockSql));
  RETURN_IF_ERROR(ExecScript(conn, "migrations: schema_version", kCreateVersionTable));
  ASSIGN_OR_RETURN(*version, CurrentSchemaVersion(conn));
  if (*version > LatestSchemaVersion()) {
    return FailedPreconditionError("postgres store: the database schema is at version " +
                                   std::to_string(*version) +
                                   " but this scry knows versions up to " +
                                   std::to_string(LatestSchemaVersion()) + "; upgrade scry");
  }
  for (const Migration& migration : Migrations()) {
    if (migration.version <= *version) continue;
    std::string what = "migration " + std::to_string(migration.version);
    RETURN_IF_ERROR(ExecScript(conn, what, migration.sql));
    RETURN_IF_ERROR(Exec(conn, what,
                         "INSERT INTO schema_version (version, description) VALUES ($1, $2)",
                         {migration.version, migration.description})
                        .status());
    *version = migration.version;
  }
  return Status::Ok();
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

StatusOr<int> CurrentSchemaVersion(PGconn* conn) {
  ASSIGN_OR_RETURN(pg::Result result, Exec(conn, "schema version",
                                           "SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  return static_cast<int>(result.Int(0, 0));
}

StatusOr<int> Migrate(PGconn* conn) {
  int version = 0;
  RETURN_IF_ERROR(Transaction(conn, "migrations", [&] { return ApplyMissing(conn, &version); }));
  return version;
}

}  // namespace scry::store::pg
