// SqliteStore: spaces, grants and usage events.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace scry::store {

using sqlite::Statement;

namespace {

std::string GrantName(const Grant& grant) {
  return fmt::format("grant of space '{}' to {} '{}'", grant.space_id,
                     PrincipalKindName(grant.kind), grant.principal);
}

constexpr const char* kSpaceColumns = "id, title, description, config_json, created_ms, updated_ms";

StatusOr<Space> ReadSpace(const Statement& row) {
  return Space{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4), row.Int(5)};
}

StatusOr<Grant> ReadGrant(const Statement& row) {
  Grant grant;
  grant.space_id = row.Text(0);
  grant.kind = ParsePrincipalKind(row.Text(1));
  grant.principal = row.Text(2);
  grant.created_ms = row.Int(3);
  return grant;
}

StatusOr<UsageEvent> ReadUsageEvent(const Statement& row) {
  UsageEvent event;
  event.id = row.Int(0);
  event.time_ms = row.Int(1);
  event.user_id = row.Int(2);
  event.space_id = row.Text(3);
  event.conversation_id = row.Text(4);
  event.message_id = row.Text(5);
  event.kind = row.Text(6);
  event.outcome = row.Text(7);
  event.question = row.Text(8);
  event.latency_ms = row.Double(9);
  event.engine_ms = row.Double(10);
  return event;
}

}  // namespace

Status SqliteStore::PutSpace(const Space& space) {
  // Replacing keeps the first created_ms: the space was created then.
  return Execute(fmt::format("space '{}'", space.id),
                 "INSERT INTO spaces (id, title, description, config_json, created_ms, updated_ms) "
                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                 "title = excluded.title, description = excluded.description, "
                 "config_json = excluded.config_json, updated_ms = excluded.updated_ms",
                 space.id, space.title, space.description, space.config_json, space.created_ms,
                 space.updated_ms);
}

StatusOr<Space> SqliteStore::GetSpace(std::string_view id) {
  return SelectOne<Space>(fmt::format("space '{}'", id),
                          fmt::format("SELECT {} FROM spaces WHERE id = ?", kSpaceColumns),
                          ReadSpace, id);
}

StatusOr<std::vector<Space>> SqliteStore::ListSpaces() {
  return SelectAll<Space>("spaces", fmt::format("SELECT {} FROM spaces ORDER BY id", kSpaceColumns),
                          ReadSpace);
}

Status SqliteStore::PutGrant(const Grant& grant) {
  // Granting again changes nothing, the first time included.
  return Execute(GrantName(grant),
                 "INSERT INTO grants (space_id, kind, principal, created_ms) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT DO NOTHING",
                 grant.space_id, PrincipalKindName(grant.kind), grant.principal, grant.created_ms);
}

Status SqliteStore::DeleteGrant(const Grant& grant) {
  return ChangeOne(GrantName(grant),
                   "DELETE FROM grants WHERE space_id = ? AND kind = ? AND principal = ?",
                   grant.space_id, PrincipalKindName(grant.kind), grant.principal);
}

StatusOr<std::vector<Grant>> SqliteStore::ListGrants(std::string_view space_id) {
  return SelectAll<Grant>(fmt::format("grants of space '{}'", space_id),
                          "SELECT space_id, kind, principal, created_ms FROM grants "
                          "WHERE space_id = ? ORDER BY kind, principal",
                          ReadGrant, space_id);
}

Status SqliteStore::AddUsageEvent(const UsageEvent& event) {
  return Execute("usage event",
                 "INSERT INTO usage_events (time_ms, user_id, space_id, conversation_id, "
                 "message_id, kind, outcome, question, latency_ms, engine_ms) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 event.time_ms, event.user_id, event.space_id, event.conversation_id,
                 event.message_id, event.kind, event.outcome, event.question, event.latency_ms,
                 event.engine_ms);
}

StatusOr<std::vector<UsageEvent>> SqliteStore::ListUsageEvents(const UsageQuery& query) {
  // The time_ms index serves the lower bound; the rest filter the range.
  return SelectAll<UsageEvent>(
      "usage events",
      "SELECT id, time_ms, user_id, space_id, conversation_id, message_id, kind, outcome, "
      "question, latency_ms, engine_ms FROM usage_events "
      "WHERE time_ms >= ?1 AND (?2 = 0 OR time_ms < ?2) AND (?3 = '' OR space_id = ?3) "
      "ORDER BY time_ms, id",
      ReadUsageEvent, query.from_ms, query.to_ms, query.space_id);
}

}  // namespace scry::store
