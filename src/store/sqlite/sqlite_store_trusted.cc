// SqliteStore: trusted questions.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace scry::store {

using sqlite::Statement;

namespace {

std::string TrustedName(std::string_view space_id, std::string_view id) {
  return fmt::format("trusted question '{}' of space '{}'", id, space_id);
}

constexpr const char* kTrustedColumns =
    "id, space_id, question, sql, created_by, created_ms, updated_ms, as_of_ms, use_count, "
    "last_used_ms";

StatusOr<TrustedQuestion> ReadTrusted(const Statement& row) {
  TrustedQuestion trusted;
  trusted.id = row.Text(0);
  trusted.space_id = row.Text(1);
  trusted.question = row.Text(2);
  trusted.sql = row.Text(3);
  trusted.created_by = row.Int(4);
  trusted.created_ms = row.Int(5);
  trusted.updated_ms = row.Int(6);
  trusted.as_of_ms = row.Int(7);
  trusted.use_count = row.Int(8);
  trusted.last_used_ms = row.OptionalInt(9);
  return trusted;
}

}  // namespace

Status SqliteStore::CreateTrustedQuestion(const TrustedQuestion& t) {
  return Execute(TrustedName(t.space_id, t.id),
                 "INSERT INTO trusted_questions (id, space_id, question, sql, created_by, "
                 "created_ms, updated_ms, as_of_ms, use_count, last_used_ms) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 t.id, t.space_id, t.question, t.sql, t.created_by, t.created_ms, t.updated_ms,
                 t.as_of_ms, t.use_count, t.last_used_ms);
}

StatusOr<TrustedQuestion> SqliteStore::GetTrustedQuestion(std::string_view space_id,
                                                          std::string_view id) {
  return SelectOne<TrustedQuestion>(
      TrustedName(space_id, id),
      fmt::format("SELECT {} FROM trusted_questions WHERE space_id = ? AND id = ?",
                  kTrustedColumns),
      ReadTrusted, space_id, id);
}

StatusOr<std::vector<TrustedQuestion>> SqliteStore::ListTrustedQuestions(
    std::string_view space_id) {
  return SelectAll<TrustedQuestion>(
      fmt::format("trusted questions of space '{}'", space_id),
      fmt::format("SELECT {} FROM trusted_questions WHERE space_id = ? ORDER BY created_ms, id",
                  kTrustedColumns),
      ReadTrusted, space_id);
}

Status SqliteStore::UpdateTrustedQuestion(const TrustedQuestion& t) {
  return ChangeOne(TrustedName(t.space_id, t.id),
                   "UPDATE trusted_questions SET question = ?, sql = ?, updated_ms = ?, "
                   "as_of_ms = ? WHERE space_id = ? AND id = ?",
                   t.question, t.sql, t.updated_ms, t.as_of_ms, t.space_id, t.id);
}

Status SqliteStore::DeleteTrustedQuestion(std::string_view space_id, std::string_view id) {
  return ChangeOne(TrustedName(space_id, id),
                   "DELETE FROM trusted_questions WHERE space_id = ? AND id = ?", space_id, id);
}

Status SqliteStore::RecordTrustedUse(std::string_view space_id, std::string_view id,
                                     int64_t now_ms) {
  return ChangeOne(TrustedName(space_id, id),
                   "UPDATE trusted_questions SET use_count = use_count + 1, last_used_ms = ? "
                   "WHERE space_id = ? AND id = ?",
                   now_ms, space_id, id);
}

}  // namespace scry::store
