#include "store/sqlite/sqlite_rows.h"

#include <fmt/format.h>

namespace scry::store::sqlite {

StatusOr<Message> ReadMessage(const Statement& row) {
  Message message;
  message.id = row.Text(0);
  message.conversation_id = row.Text(1);
  message.user_id = row.Int(2);
  message.seq = row.Int(3);
  message.question = row.Text(4);
  const std::string status = row.Text(5);
  const std::optional<MessageStatus> parsed = ParseMessageStatus(status);
  if (!parsed) {
    return Status(StatusCode::kDataLoss,
                  fmt::format("message '{}' has an unknown status '{}'", message.id, status));
  }
  message.status = *parsed;
  message.answer_json = row.Text(6);
  message.error_code = row.Text(7);
  message.error_message = row.Text(8);
  message.created_ms = row.Int(9);
  message.updated_ms = row.Int(10);
  return message;
}

Status CheckConversationOwner(SqliteDb& db, int64_t user_id, std::string_view conversation_id) {
  ASSIGN_OR_RETURN(Statement select,
                   db.Prepare("SELECT 1 FROM conversations WHERE id = ? AND user_id = ?"));
  ASSIGN_OR_RETURN(const bool found, select.BindAll(conversation_id, user_id).Step());
  if (!found) return NotFoundError(fmt::format("conversation '{}' not found", conversation_id));
  return Status::Ok();
}

}  // namespace scry::store::sqlite
