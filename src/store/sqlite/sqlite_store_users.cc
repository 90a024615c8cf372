// SqliteStore: users, access tokens and browser sessions.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_store.h"

namespace scry::store {

using sqlite::ChangedOne;
using sqlite::ReadAll;
using sqlite::ReadOne;
using sqlite::SqliteDb;
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
  RETURN_IF_ERROR(Write(fmt::format("user '{}'", created.email), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement insert,
                     db.Prepare("INSERT INTO users (email, display_name, role, password_hash, "
                                "attributes_json, groups_json, disabled, created_ms) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    insert.BindAll(created.email, created.display_name, RoleName(created.role),
                   created.password_hash, AttributesJson(created.attributes),
                   GroupsJson(created.groups), created.disabled ? 1 : 0, created.created_ms);
    ASSIGN_OR_RETURN(const bool row, insert.Step());
    if (!row) return InternalError("no id returned");
    created.id = insert.Int(0);
    return insert.Run();
  }));
  return created;
}

StatusOr<User> SqliteStore::GetUser(int64_t id) {
  StatusOr<User> user = NotFoundError("not found");
  RETURN_IF_ERROR(Read(fmt::format("user {}", id), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare(fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns)));
    select.BindAll(id);
    user = ReadOne<User>(select, ReadUser);
    return user.status();
  }));
  return user;
}

StatusOr<User> SqliteStore::GetUserByEmail(std::string_view email) {
  const std::string lower = LowerEmail(email);
  StatusOr<User> user = NotFoundError("not found");
  RETURN_IF_ERROR(Read(fmt::format("user '{}'", lower), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare(fmt::format("SELECT {} FROM users WHERE email = ?", kUserColumns)));
    select.BindAll(lower);
    user = ReadOne<User>(select, ReadUser);
    return user.status();
  }));
  return user;
}

StatusOr<std::vector<User>> SqliteStore::ListUsers() {
  std::vector<User> users;
  RETURN_IF_ERROR(Read("users", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare(fmt::format("SELECT {} FROM users ORDER BY id", kUserColumns)));
    ASSIGN_OR_RETURN(users, ReadAll<User>(select, ReadUser));
    return Status::Ok();
  }));
  return users;
}

Status SqliteStore::UpdateUser(const User& user) {
  return Write(fmt::format("user {}", user.id), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement update,
                     db.Prepare("UPDATE users SET email = ?, display_name = ?, role = ?, "
                                "password_hash = ?, attributes_json = ?, groups_json = ?, "
                                "disabled = ? WHERE id = ?"));
    update.BindAll(LowerEmail(user.email), user.display_name, RoleName(user.role),
                   user.password_hash, AttributesJson(user.attributes), GroupsJson(user.groups),
                   user.disabled ? 1 : 0, user.id);
    RETURN_IF_ERROR(update.Run());
    return ChangedOne(db);
  });
}

StatusOr<int64_t> SqliteStore::CountUsers() {
  int64_t count = 0;
  RETURN_IF_ERROR(Read("users", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select, db.Prepare("SELECT count(*) FROM users"));
    ASSIGN_OR_RETURN(const bool row, select.Step());
    count = row ? select.Int(0) : 0;
    return Status::Ok();
  }));
  return count;
}

StatusOr<AccessToken> SqliteStore::CreateToken(const AccessToken& token) {
  AccessToken created = token;
  RETURN_IF_ERROR(
      Write(fmt::format("token '{}' of user {}", token.name, token.user_id), [&](SqliteDb& db) {
        ASSIGN_OR_RETURN(Statement insert,
                         db.Prepare("INSERT INTO access_tokens (user_id, name, token_hash, "
                                    "prefix, created_ms, expires_ms, revoked_ms, "
                                    "last_used_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                    "RETURNING id"));
        insert.BindAll(token.user_id, token.name, token.token_hash, token.prefix, token.created_ms,
                       token.expires_ms, token.revoked_ms, token.last_used_ms);
        ASSIGN_OR_RETURN(const bool row, insert.Step());
        if (!row) return InternalError("no id returned");
        created.id = insert.Int(0);
        return insert.Run();
      }));
  return created;
}

StatusOr<AccessToken> SqliteStore::GetTokenByHash(std::string_view token_hash) {
  StatusOr<AccessToken> token = NotFoundError("not found");
  RETURN_IF_ERROR(Read("token", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare(fmt::format("SELECT {} FROM access_tokens WHERE token_hash = ?",
                                            kTokenColumns)));
    select.BindAll(token_hash);
    token = ReadOne<AccessToken>(select, ReadToken);
    return token.status();
  }));
  return token;
}

StatusOr<std::vector<AccessToken>> SqliteStore::ListTokens(int64_t user_id) {
  std::vector<AccessToken> tokens;
  RETURN_IF_ERROR(Read(fmt::format("tokens of user {}", user_id), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(
        Statement select,
        db.Prepare(fmt::format("SELECT {} FROM access_tokens WHERE user_id = ? ORDER BY id",
                               kTokenColumns)));
    select.BindAll(user_id);
    ASSIGN_OR_RETURN(tokens, ReadAll<AccessToken>(select, ReadToken));
    return Status::Ok();
  }));
  return tokens;
}

Status SqliteStore::RevokeToken(int64_t user_id, int64_t token_id, int64_t now_ms) {
  return Write(fmt::format("token {} of user {}", token_id, user_id), [&](SqliteDb& db) {
    // Revoking twice keeps the first time.
    ASSIGN_OR_RETURN(Statement update,
                     db.Prepare("UPDATE access_tokens SET revoked_ms = coalesce(revoked_ms, ?) "
                                "WHERE id = ? AND user_id = ?"));
    RETURN_IF_ERROR(update.BindAll(now_ms, token_id, user_id).Run());
    return ChangedOne(db);
  });
}

Status SqliteStore::TouchToken(int64_t token_id, int64_t now_ms) {
  return Write(fmt::format("token {}", token_id), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement update,
                     db.Prepare("UPDATE access_tokens SET last_used_ms = ? WHERE id = ?"));
    RETURN_IF_ERROR(update.BindAll(now_ms, token_id).Run());
    return ChangedOne(db);
  });
}

Status SqliteStore::CreateSession(const Session& session) {
  return Write(fmt::format("session of user {}", session.user_id), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement insert,
                     db.Prepare("INSERT INTO sessions (id_hash, user_id, csrf_token, created_ms, "
                                "expires_ms) VALUES (?, ?, ?, ?, ?)"));
    return insert
        .BindAll(session.id_hash, session.user_id, session.csrf_token, session.created_ms,
                 session.expires_ms)
        .Run();
  });
}

StatusOr<Session> SqliteStore::GetSession(std::string_view id_hash) {
  StatusOr<Session> session = NotFoundError("not found");
  RETURN_IF_ERROR(Read("session", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare("SELECT id_hash, user_id, csrf_token, created_ms, expires_ms "
                                "FROM sessions WHERE id_hash = ?"));
    select.BindAll(id_hash);
    session = ReadOne<Session>(select, [](const Statement& row) -> StatusOr<Session> {
      return Session{row.Text(0), row.Int(1), row.Text(2), row.Int(3), row.Int(4)};
    });
    return session.status();
  }));
  return session;
}

Status SqliteStore::DeleteSession(std::string_view id_hash) {
  return Write("session", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement remove, db.Prepare("DELETE FROM sessions WHERE id_hash = ?"));
    RETURN_IF_ERROR(remove.BindAll(id_hash).Run());
    return ChangedOne(db);
  });
}

Status SqliteStore::DeleteExpiredSessions(int64_t now_ms) {
  return Write("expired sessions", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement remove, db.Prepare("DELETE FROM sessions WHERE expires_ms <= ?"));
    return remove.BindAll(now_ms).Run();
  });
}

}  // namespace scry::store
