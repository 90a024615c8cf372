// PostgresStore: opening, and the people side of the store (users, tokens,
// sessions, spaces, grants). Conversations and what hangs off them are in
// postgres_store_conversations.cc.
#include "store/postgres/postgres_store.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "store/postgres/migrations.h"
#include "store/postgres/pg_connection.h"

namespace scry::store {
namespace {

using Json = nlohmann::json;

constexpr const char* kUserColumns =
    "id, email, display_name, role, password_hash, attributes::text, groups::text, disabled, "
    "created_ms";

// Serializing never throws: text that is not UTF-8 is replaced, not refused.
std::string DumpJson(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string AttributesJson(const std::map<std::string, std::string>& attributes) {
  Json json = Json::object();
  for (const auto& [key, value] : attributes) json[key] = value;
  return DumpJson(json);
}

std::string GroupsJson(const std::vector<std::string>& groups) {
  Json json = Json::array();
  for (const std::string& group : groups) json.push_back(group);
  return DumpJson(json);
}

User UserFromRow(const pg::Result& r, int row) {
  User user;
  user.id = r.Int(row, 0);
  user.email = r.Text(row, 1);
  user.display_name = r.Text(row, 2);
  user.role = ParseRole(r.Text(row, 3)).value_or(Role::kViewer);
  user.password_hash = r.Text(row, 4);
  // The store wrote these columns itself, so they parse; a hand-edited row
  // that does not is read as empty rather than failing every login.
  Json attributes = Json::parse(r.Text(row, 5), nullptr, /*allow_exceptions=*/false);
  if (attributes.is_object()) {
    for (const auto& [key, value] : attributes.items()) {
      if (value.is_string()) user.attributes[key] = value.get<std::string>();
    }
  }
  Json groups = Json::parse(r.Text(row, 6), nullptr, /*allow_exceptions=*/false);
  if (groups.is_array()) {
    for (const Json& group : groups) {
      if (group.is_string()) user.groups.push_back(group.get<std::string>());
    }
  }
  user.disabled = r.Bool(row, 7);
  user.created_ms = r.Int(row, 8);
  return user;
}

constexpr const char* kTokenColumns =
    "id, user_id, name, token_hash, prefix, created_ms, expires_ms, revoked_ms, last_used_ms";

AccessToken TokenFromRow(const pg::Result& r, int row) {
  AccessToken token;
  token.id = r.Int(row, 0);
  token.user_id = r.Int(row, 1);
  token.name = r.Text(row, 2);
  token.token_hash = r.Text(row, 3);
  token.prefix = r.Text(row, 4);
  token.created_ms = r.Int(row, 5);
  token.expires_ms = r.OptionalInt(row, 6);
  token.revoked_ms = r.OptionalInt(row, 7);
  token.last_used_ms = r.OptionalInt(row, 8);
  return token;
}

Space SpaceFromRow(const pg::Result& r, int row) {
  return Space{.id = r.Text(row, 0),
               .title = r.Text(row, 1),
               .description = r.Text(row, 2),
               .config_json = r.Text(row, 3),
               .created_ms = r.Int(row, 4),
               .updated_ms = r.Int(row, 5)};
}

}  // namespace

StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& conninfo,
                                                             PostgresStoreOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<pg::Pool> pool,
                   pg::Pool::Open(conninfo, {.max_size = options.pool_size,
                                             .acquire_timeout = options.acquire_timeout,
                                             .statement_timeout = options.statement_timeout}));
  {
    ASSIGN_OR_RETURN(pg::Lease lease, pool->Acquire());
    RETURN_IF_ERROR(pg::Migrate(lease.get()).status());
  }
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool)));
}

StatusOr<int> PostgresStore::SchemaVersion() {
  ASSIGN_OR_RETURN(pg::Lease lease, pool_->Acquire());
  return pg::CurrentSchemaVersion(lease.get());
}

// --- Users ---------------------------------------------------------------

StatusOr<User> PostgresStore::CreateUser(const User& user) {
  std::string what = "create user '" + user.email + "'";
  // Emails are kept in lower case, so what is read back is what is compared.
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, what,
                "INSERT INTO users (email, display_name, role, password_hash, attributes, groups, "
                "disabled, created_ms) VALUES (lower($1), $2, $3, $4, $5::jsonb, $6::jsonb, $7, "
                "$8) RETURNING id, email",
                {user.email, user.display_name, RoleName(user.role), user.password_hash,
                 AttributesJson(user.attributes), GroupsJson(user.groups), user.disabled,
                 user.created_ms}));
  User created = user;
  created.id = r.Int(0, 0);
  created.email = r.Text(0, 1);
  return created;
}

StatusOr<User> PostgresStore::GetUser(int64_t id) {
  std::string what = "user " + std::to_string(id);
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, what, std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1",
                {id}));
  if (r.rows() == 0) return NotFoundError(what);
  return UserFromRow(r, 0);
}

StatusOr<User> PostgresStore::GetUserByEmail(std::string_view email) {
  std::string what = "user with email '" + std::string(email) + "'";
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, what,
                                           std::string("SELECT ") + kUserColumns +
                                               " FROM users WHERE lower(email) = lower($1)",
                                           {email}));
  if (r.rows() == 0) return NotFoundError(what);
  return UserFromRow(r, 0);
}

StatusOr<std::vector<User>> PostgresStore::ListUsers() {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, "list users",
                             std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id"));
  std::vector<User> users;
  for (int i = 0; i < r.rows(); ++i) users.push_back(UserFromRow(r, i));
  return users;
}

Status PostgresStore::UpdateUser(const User& user) {
  std::string what = "user " + std::to_string(user.id);
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(
          *pool_, what,
          "UPDATE users SET email = lower($2), display_name = $3, role = $4, password_hash = $5, "
          "attributes = $6::jsonb, groups = $7::jsonb, disabled = $8 WHERE id = $1",
          {user.id, user.email, user.display_name, RoleName(user.role), user.password_hash,
           AttributesJson(user.attributes), GroupsJson(user.groups), user.disabled}));
  if (r.affected() == 0) return NotFoundError(what);
  return Status::Ok();
}

StatusOr<int64_t> PostgresStore::CountUsers() {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "count users", "SELECT count(*) FROM users"));
  return r.Int(0, 0);
}

// --- Access tokens ---------------------------------------------------------

StatusOr<AccessToken> PostgresStore::CreateToken(const AccessToken& token) {
  std::string what = "create token '" + token.name + "' of user " + std::to_string(token.user_id);
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, what,
                "INSERT INTO access_tokens (user_id, name, token_hash, prefix, created_ms, "
                "expires_ms, revoked_ms, last_used_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                "RETURNING id",
                {token.user_id, token.name, token.token_hash, token.prefix, token.created_ms,
                 token.expires_ms, token.revoked_ms, token.last_used_ms}));
  AccessToken created = token;
  created.id = r.Int(0, 0);
  return created;
}

StatusOr<AccessToken> PostgresStore::GetTokenByHash(std::string_view token_hash) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "token",
                                           std::string("SELECT ") + kTokenColumns +
                                               " FROM access_tokens WHERE token_hash = $1",
                                           {token_hash}));
  // The hash is a credential: it does not belong in an error message.
  if (r.rows() == 0) return NotFoundError("token");
  return TokenFromRow(r, 0);
}

StatusOr<std::vector<AccessToken>> PostgresStore::ListTokens(int64_t user_id) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "list tokens",
                                           std::string("SELECT ") + kTokenColumns +
                                               " FROM access_tokens WHERE user_id = $1 ORDER BY id",
                                           {user_id}));
  std::vector<AccessToken> tokens;
  for (int i = 0; i < r.rows(); ++i) tokens.push_back(TokenFromRow(r, i));
  return tokens;
}

Status PostgresStore::RevokeToken(int64_t user_id, int64_t token_id, int64_t now_ms) {
  std::string what = "token " + std::to_string(token_id);
  // Revoking twice keeps the first time.
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, what,
                             "UPDATE access_tokens SET revoked_ms = COALESCE(revoked_ms, $3) "
                             "WHERE id = $1 AND user_id = $2",
                             {token_id, user_id, now_ms}));
  if (r.affected() == 0) return NotFoundError(what);
  return Status::Ok();
}

Status PostgresStore::TouchToken(int64_t token_id, int64_t now_ms) {
  std::string what = "token " + std::to_string(token_id);
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, what, "UPDATE access_tokens SET last_used_ms = $2 WHERE id = $1",
                {token_id, now_ms}));
  if (r.affected() == 0) return NotFoundError(what);
  return Status::Ok();
}

// --- Sessions ----------------------------------------------------------------

Status PostgresStore::CreateSession(const Session& session) {
  return pg::Query(*pool_, "create session of user " + std::to_string(session.user_id),
                   "INSERT INTO sessions (id_hash, user_id, csrf_token, created_ms, expires_ms) "
                   "VALUES ($1, $2, $3, $4, $5)",
                   {session.id_hash, session.user_id, session.csrf_token, session.created_ms,
                    session.expires_ms})
      .status();
}

StatusOr<Session> PostgresStore::GetSession(std::string_view id_hash) {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, "session",
                             "SELECT id_hash, user_id, csrf_token, created_ms, expires_ms "
                             "FROM sessions WHERE id_hash = $1",
                             {id_hash}));
  if (r.rows() == 0) return NotFoundError("session");
  return Session{.id_hash = r.Text(0, 0),
                 .user_id = r.Int(0, 1),
                 .csrf_token = r.Text(0, 2),
                 .created_ms = r.Int(0, 3),
                 .expires_ms = r.Int(0, 4)};
}

Status PostgresStore::DeleteSession(std::string_view id_hash) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "delete session",
                                           "DELETE FROM sessions WHERE id_hash = $1", {id_hash}));
  if (r.affected() == 0) return NotFoundError("session");
  return Status::Ok();
}

Status PostgresStore::DeleteExpiredSessions(int64_t now_ms) {
  return pg::Query(*pool_, "delete expired sessions", "DELETE FROM sessions WHERE expires_ms <= $1",
                   {now_ms})
      .status();
}

// --- Spaces and grants -------------------------------------------------------

Status PostgresStore::PutSpace(const Space& space) {
  // Replacing keeps the space's original creation time.
  return pg::Query(*pool_, "put space '" + space.id + "'",
                   "INSERT INTO spaces (id, title, description, config_json, created_ms, "
                   "updated_ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET "
                   "title = EXCLUDED.title, description = EXCLUDED.description, "
                   "config_json = EXCLUDED.config_json, updated_ms = EXCLUDED.updated_ms",
                   {space.id, space.title, space.description, space.config_json, space.created_ms,
                    space.updated_ms})
      .status();
}

StatusOr<Space> PostgresStore::GetSpace(std::string_view id) {
  std::string what = "space '" + std::string(id) + "'";
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, what,
                             "SELECT id, title, description, config_json, created_ms, updated_ms "
                             "FROM spaces WHERE id = $1",
                             {id}));
  if (r.rows() == 0) return NotFoundError(what);
  return SpaceFromRow(r, 0);
}

StatusOr<std::vector<Space>> PostgresStore::ListSpaces() {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, "list spaces",
                             "SELECT id, title, description, config_json, created_ms, updated_ms "
                             "FROM spaces ORDER BY id"));
  std::vector<Space> spaces;
  for (int i = 0; i < r.rows(); ++i) spaces.push_back(SpaceFromRow(r, i));
  return spaces;
}

Status PostgresStore::PutGrant(const Grant& grant) {
  // Granting twice is not an error; the first grant's time stays.
  return pg::Query(
             *pool_, "grant on space '" + grant.space_id + "'",
             "INSERT INTO grants (space_id, kind, principal, created_ms) "
             "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
             {grant.space_id, PrincipalKindName(grant.kind), grant.principal, grant.created_ms})
      .status();
}

Status PostgresStore::DeleteGrant(const Grant& grant) {
  std::string what = "grant to " + std::string(PrincipalKindName(grant.kind)) + " '" +
                     grant.principal + "' on space '" + grant.space_id + "'";
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, what,
                "DELETE FROM grants WHERE space_id = $1 AND kind = $2 AND principal = $3",
                {grant.space_id, PrincipalKindName(grant.kind), grant.principal}));
  if (r.affected() == 0) return NotFoundError(what);
  return Status::Ok();
}

StatusOr<std::vector<Grant>> PostgresStore::ListGrants(std::string_view space_id) {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, "list grants",
                             "SELECT space_id, kind, principal, created_ms FROM grants "
                             "WHERE space_id = $1 ORDER BY kind, principal",
                             {space_id}));
  std::vector<Grant> grants;
  for (int i = 0; i < r.rows(); ++i) {
    grants.push_back(Grant{.space_id = r.Text(i, 0),
                           .kind = ParsePrincipalKind(r.Text(i, 1)),
                           .principal = r.Text(i, 2),
                           .created_ms = r.Int(i, 3)});
  }
  return grants;
}

}  // namespace scry::store
