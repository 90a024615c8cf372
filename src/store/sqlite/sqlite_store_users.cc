// SqliteStore: users, access tokens and browser sessions.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_store.h"

namespace scry::store {

using sqlite::Statement;

namespace {

// Emails are unique whatever their case: stored and looked up in lower case.
// ASCII only, like the domain part of nearly every address.
std::string LowerEmail(std::string_view email) {
  std::string lower(email);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string AttributesJson(const std::map<std::string, std::string>& attributes) {
  return nlohmann::json(attributes).dump();
}

std::string GroupsJson(const std::vector<std::string>& groups) {
  return nlohmann::json(groups).dump();
}

constexpr const char* kUserColumns =
    "id, email, display_name, role, password_hash, attributes_json, groups_json, disabled, "
    "created_ms";

StatusOr<User> ReadUser(const Statement& row) {
  User user;
  user.id = row.Int(0);
  user.email = row.Text(1);
  user.display_name = row.Text(2);
  const std::string role = row.Text(3);
  const std::optional<Role> parsed = ParseRole(role);
  if (!parsed)
    return Status(StatusCode::kDataLoss,
                  fmt::format("user {} has an unknown role '{}'", user.id, role));
  user.role = *parsed;
  user.password_hash = row.Text(4);
  const auto attributes = nlohmann::json::parse(row.Text(5), nullptr, /*allow_exceptions=*/false);
  const auto groups = nlohmann::json::parse(row.Text(6), nullptr, /*allow_exceptions=*/false);
  if (!attributes.is_object() || !groups.is_array()) {
    return Status(StatusCode::kDataLoss,
                  fmt::format("user {}: attributes or groups are not valid JSON", user.id));
  }
  for (const auto& [key, value] : attributes.items()) {
    if (value.is_string()) user.attributes[key] = value.get<std::string>();
  }
  for (const auto& group : groups) {
    if (group.is_string()) user.groups.push_back(group.get<std::string>());
  }
  user.disabled = row.Int(7) != 0;
  user.created_ms = row.Int(8);
  return user;
}

constexpr const char* kTokenColumns =
    "id, user_id, name, token_hash, prefix, created_ms, expires_ms, revoked_ms, last_used_ms";

StatusOr<AccessToken> ReadToken(const Statement& row) {
  AccessToken token;
  token.id = row.Int(0);
  token.user_id = row.Int(1);
  token.name = row.Text(2);
  token.token_hash = row.Text(3);
  token.prefix = row.Text(4);
  token.created_ms = row.Int(5);
  token.expires_ms = row.OptionalInt(6);
  token.revoked_ms = row.OptionalInt(7);
  token.last_used_ms = row.OptionalInt(8);
  return token;
}

}  // namespace

StatusOr<User> SqliteStore::CreateUser(const User& user) {
  User created = user;
  created.email = LowerEmail(user.email);
  ASSIGN_OR_RETURN(
      created.id,
      InsertReturningId(fmt::format("user '{}'", created.email),
                        "INSERT INTO users (email, display_name, role, password_hash, "
                        "attributes_json, groups_json, disabled, created_ms) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        created.email, created.display_name, RoleName(created.role),
                        created.password_hash, AttributesJson(created.attributes),
                        GroupsJson(created.groups), created.disabled ? 1 : 0, created.created_ms));
  return created;
}

StatusOr<User> SqliteStore::GetUser(int64_t id) {
  return SelectOne<User>(fmt::format("user {}", id),
                         fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns), ReadUser,
                         id);
}

StatusOr<User> SqliteStore::GetUserByEmail(std::string_view email) {
  const std::string lower = LowerEmail(email);
  return SelectOne<User>(fmt::format("user '{}'", lower),
                         fmt::format("SELECT {} FROM users WHERE email = ?", kUserColumns),
                         ReadUser, lower);
}

StatusOr<std::vector<User>> SqliteStore::ListUsers() {
  return SelectAll<User>("users", fmt::format("SELECT {} FROM users ORDER BY id", kUserColumns),
                         ReadUser);
}

Status SqliteStore::UpdateUser(const User& user) {
  return ChangeOne(fmt::format("user {}", user.id),
                   "UPDATE users SET email = ?, display_name = ?, role = ?, password_hash = ?, "
                   "attributes_json = ?, groups_json = ?, disabled = ? WHERE id = ?",
                   LowerEmail(user.email), user.display_name, RoleName(user.role),
                   user.password_hash, AttributesJson(user.attributes), GroupsJson(user.groups),
                   user.disabled ? 1 : 0, user.id);
}

StatusOr<int64_t> SqliteStore::CountUsers() {
  return SelectOne<int64_t>("users", "SELECT count(*) FROM users",
                            [](const Statement& row) -> StatusOr<int64_t> { return row.Int(0); });
}

StatusOr<AccessToken> SqliteStore::CreateToken(const AccessToken& token) {
  AccessToken created = token;
  ASSIGN_OR_RETURN(
      created.id,
      InsertReturningId(fmt::format("token '{}' of user {}", token.name, token.user_id),
                        "INSERT INTO access_tokens (user_id, name, token_hash, "
                        "prefix, created_ms, expires_ms, revoked_ms, last_used_ms) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        token.user_id, token.name, token.token_hash, token.prefix, token.created_ms,
                        token.expires_ms, token.revoked_ms, token.last_used_ms));
  return created;
}

StatusOr<AccessToken> SqliteStore::GetTokenByHash(std::string_view token_hash) {
  return SelectOne<AccessToken>(
      "token", fmt::format("SELECT {} FROM access_tokens WHERE token_hash = ?", kTokenColumns),
      ReadToken, token_hash);
}

StatusOr<std::vector<AccessToken>> SqliteStore::ListTokens(int64_t user_id) {
  return SelectAll<AccessToken>(
      fmt::format("tokens of user {}", user_id),
      fmt::format("SELECT {} FROM access_tokens WHERE user_id = ? ORDER BY id", kTokenColumns),
      ReadToken, user_id);
}

Status SqliteStore::RevokeToken(int64_t user_id, int64_t token_id, int64_t now_ms) {
  // Revoking twice keeps the first time.
  return ChangeOne(fmt::format("token {} of user {}", token_id, user_id),
                   "UPDATE access_tokens SET revoked_ms = coalesce(revoked_ms, ?) "
                   "WHERE id = ? AND user_id = ?",
                   now_ms, token_id, user_id);
}

Status SqliteStore::TouchToken(int64_t token_id, int64_t now_ms) {
  return ChangeOne(fmt::format("token {}", token_id),
                   "UPDATE access_tokens SET last_used_ms = ? WHERE id = ?", now_ms, token_id);
}

Status SqliteStore::CreateSession(const Session& session) {
  return Execute(fmt::format("session of user {}", session.user_id),
                 "INSERT INTO sessions (id_hash, user_id, csrf_token, created_ms, expires_ms) "
                 "VALUES (?, ?, ?, ?, ?)",
                 session.id_hash, session.user_id, session.csrf_token, session.created_ms,
                 session.expires_ms);
}

StatusOr<Session> SqliteStore::GetSession(std::string_view id_hash) {
  return SelectOne<Session>(
      "session",
      "SELECT id_hash, user_id, csrf_token, created_ms, expires_ms FROM sessions "
      "WHERE id_hash = ?",
      [](const Statement& row) -> StatusOr<Session> {
        return Session{row.Text(0), row.Int(1), row.Text(2), row.Int(3), row.Int(4)};
      },
      id_hash);
}

Status SqliteStore::DeleteSession(std::string_view id_hash) {
  return ChangeOne("session", "DELETE FROM sessions WHERE id_hash = ?", id_hash);
}

Status SqliteStore::DeleteExpiredSessions(int64_t now_ms) {
  return Execute("expired sessions", "DELETE FROM sessions WHERE expires_ms <= ?", now_ms);
}

}  // namespace scry::store
