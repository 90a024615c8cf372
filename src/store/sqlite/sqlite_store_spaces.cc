// SqliteStore: spaces, grants and usage events.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace scry::store {

using sqlite::ChangedOne;
using sqlite::ReadAll;
using sqlite::ReadOne;
using sqlite::SqliteDb;
using sqlite::Statement;

namespace {

std::string_view KindName(PrincipalKind kind) {
  return kind == PrincipalKind::kGroup ? "group" : "user";
}

constexpr const char* kSpaceColumns = "id, title, description, config_json, created_ms, updated_ms";

StatusOr<Space> ReadSpace(const Statement& row) {
  return Space{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4), row.Int(5)};
}

StatusOr<Grant> ReadGrant(const Statement& row) {
  Grant grant;
  grant.space_id = row.Text(0);
  grant.kind = row.Text(1) == "group" ? PrincipalKind::kGroup : PrincipalKind::kUser;
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
  return Write(fmt::format("space '{}'", space.id), [&](SqliteDb& db) {
    // Replacing keeps the first created_ms: the space was created then.
    ASSIGN_OR_RETURN(Statement upsert,
                     db.Prepare("INSERT INTO spaces (id, title, description, config_json, "
                                "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?) "
                                "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                                "description = excluded.description, "
                                "config_json = excluded.config_json, "
                                "updated_ms = excluded.updated_ms"));
    return upsert
        .BindAll(space.id, space.title, space.description, space.config_json, space.created_ms,
                 space.updated_ms)
        .Run();
  });
}

StatusOr<Space> SqliteStore::GetSpace(std::string_view id) {
  StatusOr<Space> space = NotFoundError("not found");
  RETURN_IF_ERROR(Read(fmt::format("space '{}'", id), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare(fmt::format("SELECT {} FROM spaces WHERE id = ?", kSpaceColumns)));
    select.BindAll(id);
    space = ReadOne<Space>(select, ReadSpace);
    return space.status();
  }));
  return space;
}

StatusOr<std::vector<Space>> SqliteStore::ListSpaces() {
  std::vector<Space> spaces;
  RETURN_IF_ERROR(Read("spaces", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare(fmt::format("SELECT {} FROM spaces ORDER BY id", kSpaceColumns)));
    ASSIGN_OR_RETURN(spaces, ReadAll<Space>(select, ReadSpace));
    return Status::Ok();
  }));
  return spaces;
}

Status SqliteStore::PutGrant(const Grant& grant) {
  return Write(fmt::format("grant of space '{}' to {} '{}'", grant.space_id, KindName(grant.kind),
                           grant.principal),
               [&](SqliteDb& db) {
                 // Granting again changes nothing, the first time included.
                 ASSIGN_OR_RETURN(Statement insert,
                                  db.Prepare("INSERT INTO grants (space_id, kind, principal, "
                                             "created_ms) VALUES (?, ?, ?, ?) "
                                             "ON CONFLICT DO NOTHING"));
                 return insert
                     .BindAll(grant.space_id, KindName(grant.kind), grant.principal,
                              grant.created_ms)
                     .Run();
               });
}

Status SqliteStore::DeleteGrant(const Grant& grant) {
  return Write(fmt::format("grant of space '{}' to {} '{}'", grant.space_id, KindName(grant.kind),
                           grant.principal),
               [&](SqliteDb& db) {
                 ASSIGN_OR_RETURN(Statement remove,
                                  db.Prepare("DELETE FROM grants WHERE space_id = ? AND kind = ? "
                                             "AND principal = ?"));
                 RETURN_IF_ERROR(
                     remove.BindAll(grant.space_id, KindName(grant.kind), grant.principal).Run());
                 return ChangedOne(db);
               });
}

StatusOr<std::vector<Grant>> SqliteStore::ListGrants(std::string_view space_id) {
  std::vector<Grant> grants;
  RETURN_IF_ERROR(Read(fmt::format("grants of space '{}'", space_id), [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement select,
                     db.Prepare("SELECT space_id, kind, principal, created_ms FROM grants "
                                "WHERE space_id = ? ORDER BY kind, principal"));
    select.BindAll(space_id);
    ASSIGN_OR_RETURN(grants, ReadAll<Grant>(select, ReadGrant));
    return Status::Ok();
  }));
  return grants;
}

Status SqliteStore::AddUsageEvent(const UsageEvent& event) {
  return Write("usage event", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(Statement insert,
                     db.Prepare("INSERT INTO usage_events (time_ms, user_id, space_id, "
                                "conversation_id, message_id, kind, outcome, question, "
                                "latency_ms, engine_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    return insert
        .BindAll(event.time_ms, event.user_id, event.space_id, event.conversation_id,
                 event.message_id, event.kind, event.outcome, event.question, event.latency_ms,
                 event.engine_ms)
        .Run();
  });
}

StatusOr<std::vector<UsageEvent>> SqliteStore::ListUsageEvents(const UsageQuery& query) {
  std::vector<UsageEvent> events;
  RETURN_IF_ERROR(Read("usage events", [&](SqliteDb& db) {
    ASSIGN_OR_RETURN(
        Statement select,
        db.Prepare("SELECT id, time_ms, user_id, space_id, conversation_id, message_id, kind, "
                   "outcome, question, latency_ms, engine_ms FROM usage_events "
                   "WHERE time_ms >= ?1 AND (?2 = 0 OR time_ms < ?2) "
                   "AND (?3 = '' OR space_id = ?3) ORDER BY time_ms, id"));
    select.BindAll(query.from_ms, query.to_ms, query.space_id);
    ASSIGN_OR_RETURN(events, ReadAll<UsageEvent>(select, ReadUsageEvent));
    return Status::Ok();
  }));
  return events;
}

}  // namespace scry::store
