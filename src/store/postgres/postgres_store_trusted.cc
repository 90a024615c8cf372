// PostgresStore: trusted questions.
#include <string>

#include "store/postgres/postgres_store.h"

namespace scry::store {
namespace {

std::string TrustedName(std::string_view space_id, std::string_view id) {
  return "trusted question '" + std::string(id) + "' of space '" + std::string(space_id) + "'";
}

constexpr const char* kTrustedColumns =
    "id, space_id, question, sql, created_by, created_ms, updated_ms, as_of_ms, use_count, "
    "last_used_ms";

TrustedQuestion TrustedFromRow(const pg::Result& r, int row) {
  return TrustedQuestion{.id = r.Text(row, 0),
                         .space_id = r.Text(row, 1),
                         .question = r.Text(row, 2),
                         .sql = r.Text(row, 3),
                         .created_by = r.Int(row, 4),
                         .created_ms = r.Int(row, 5),
                         .updated_ms = r.Int(row, 6),
                         .as_of_ms = r.Int(row, 7),
                         .use_count = r.Int(row, 8),
                         .last_used_ms = r.OptionalInt(row, 9)};
}

// NotFound naming the trusted question when a write changed no row.
Status ChangedOne(const pg::Result& r, std::string_view space_id, std::string_view id) {
  if (r.affected() == 0) return NotFoundError(TrustedName(space_id, id));
  return Status::Ok();
}

}  // namespace

Status PostgresStore::CreateTrustedQuestion(const TrustedQuestion& t) {
  return pg::Query(*pool_, "create " + TrustedName(t.space_id, t.id),
                   "INSERT INTO trusted_questions (id, space_id, question, sql, created_by, "
                   "created_ms, updated_ms, as_of_ms, use_count, last_used_ms) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                   {t.id, t.space_id, t.question, t.sql, t.created_by, t.created_ms, t.updated_ms,
                    t.as_of_ms, t.use_count, t.last_used_ms})
      .status();
}

StatusOr<TrustedQuestion> PostgresStore::GetTrustedQuestion(std::string_view space_id,
                                                            std::string_view id) {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, TrustedName(space_id, id),
                             std::string("SELECT ") + kTrustedColumns +
                                 " FROM trusted_questions WHERE space_id = $1 AND id = $2",
                             {space_id, id}));
  if (r.rows() == 0) return NotFoundError(TrustedName(space_id, id));
  return TrustedFromRow(r, 0);
}

StatusOr<std::vector<TrustedQuestion>> PostgresStore::ListTrustedQuestions(
    std::string_view space_id) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "list trusted questions",
                                           std::string("SELECT ") + kTrustedColumns +
                                               " FROM trusted_questions WHERE space_id = $1"
                                               " ORDER BY created_ms, id",
                                           {space_id}));
  std::vector<TrustedQuestion> list;
  for (int i = 0; i < r.rows(); ++i) list.push_back(TrustedFromRow(r, i));
  return list;
}

Status PostgresStore::UpdateTrustedQuestion(const TrustedQuestion& t) {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, "update " + TrustedName(t.space_id, t.id),
                             "UPDATE trusted_questions SET question = $1, sql = $2, "
                             "updated_ms = $3, as_of_ms = $4 WHERE space_id = $5 AND id = $6",
                             {t.question, t.sql, t.updated_ms, t.as_of_ms, t.space_id, t.id}));
  return ChangedOne(r, t.space_id, t.id);
}

Status PostgresStore::DeleteTrustedQuestion(std::string_view space_id, std::string_view id) {
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, "delete " + TrustedName(space_id, id),
                "DELETE FROM trusted_questions WHERE space_id = $1 AND id = $2", {space_id, id}));
  return ChangedOne(r, space_id, id);
}

Status PostgresStore::RecordTrustedUse(std::string_view space_id, std::string_view id,
                                       int64_t now_ms) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "record use of " + TrustedName(space_id, id),
                                           "UPDATE trusted_questions SET use_count = use_count + "
                                           "1, last_used_ms = $1 WHERE space_id = $2 AND id = $3",
                                           {now_ms, space_id, id}));
  return ChangedOne(r, space_id, id);
}

}  // namespace scry::store
