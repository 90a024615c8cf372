// SqliteStore: messages, their stored results and feedback.
#include <fmt/format.h>

#include "store/sqlite/page_token.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace scry::store {

using sqlite::CheckConversationOwner;
using sqlite::kMessageColumns;
using sqlite::ReadAll;
using sqlite::ReadMessage;
using sqlite::SqliteDb;
using sqlite::Statement;

namespace {

constexpr int kMaxPageSize = 1000;

// OK when message `id` exists and its status is not final; NotFound when
// there is no such message, FailedPrecondition when it is final (a final
// status is never left).
Status CheckNotFinal(SqliteDb& db, std::string_view id) {
  ASSIGN_OR_RETURN(Statement select, db.Prepare("SELECT status FROM messages WHERE id = ?"));
  ASSIGN_OR_RETURN(const bool found, select.BindAll(id).Step());
  if (!found) return NotFoundError("not found");
  const std::string status = select.Text(0);
  const std::optional<MessageStatus> parsed = ParseMessageStatus(status);
  if (parsed && IsFinal(*parsed)) {
    return FailedPreconditionError(fmt::format("already {}; a final status is never left", status));
  }
  return Status::Ok();
}

// The messages of a conversation of `user_id` after seq `after_seq`, at
// most `limit` (-1: all) in seq order; NotFound for another user's.
StatusOr<std::vector<Message>> ReadMessagesAfter(SqliteDb& db, int64_t user_id,
                                                 std::string_view conversation_id,
                                                 int64_t after_seq, int limit) {
  RETURN_IF_ERROR(CheckConversationOwner(db, user_id, conversation_id));
  ASSIGN_OR_RETURN(Statement select,
                   db.Prepare(fmt::format("SELECT {} FROM messages m WHERE m.conversation_id = ? "
                                          "AND m.seq > ? ORDER BY m.seq LIMIT ?",
                                          kMessageColumns)));
  select.BindAll(conversation_id, after_seq, limit);
  return ReadAll<Message>(select, ReadMessage);
}

Status StoreResult(SqliteDb& db, std::string_view message_id, const StoredResult& result) {
  ASSIGN_OR_RETURN(Statement upsert,
                   db.Prepare("INSERT INTO results (message_id, columns_json, rows_json, "
                              "stored_rows, total_rows, truncated) VALUES (?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT (message_id) DO UPDATE SET "
                              "columns_json = excluded.columns_json, "
                              "rows_json = excluded.rows_json, "
                              "stored_rows = excluded.stored_rows, "
                              "total_rows = excluded.total_rows, truncated = excluded.truncated"));
  return upsert
      .BindAll(message_id, result.columns_json, result.rows_json, result.stored_rows,
               result.total_rows, result.truncated ? 1 : 0)
      .Run();
}

}  // namespace

StatusOr<Message> SqliteStore::AddMessage(const Message& message) {
  Message stored = message;
  RETURN_IF_ERROR(Write(fmt::format("message '{}'", message.id), [&](SqliteDb& db) {
    // The conversation's counter hands out the seq under the write lock, so
    // concurrent messages get 1, 2, 3, ... with no gap and no repeat. It
    // also checks the owner: no row is another user's conversation.
    ASSIGN_OR_RETURN(Statement bump,
                     db.Prepare("UPDATE conversations SET last_seq = last_seq + 1, "
                                "updated_ms = max(updated_ms, ?1) "
                                "WHERE id = ?2 AND user_id = ?3 RETURNING last_seq"));
    bump.BindAll(message.created_ms, message.conversation_id, message.user_id);
    ASSIGN_OR_RETURN(const bool found, bump.Step());
    if (!found) {
      return NotFoundError(fmt::format("conversation '{}' not found", message.conversation_id));
    }
    stored.seq = bump.Int(0);
    RETURN_IF_ERROR(bump.Run());
    ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO messages (id, conversation_id, user_id, seq, "
                   "question, status, answer_json, error_code, error_message, "
                   "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    return insert
        .BindAll(stored.id, stored.conversation_id, stored.user_id, stored.seq, stored.question,
                 MessageStatusName(stored.status), stored.answer_json, stored.error_code,
                 stored.error_message, stored.created_ms, stored.updated_ms)
        .Run();
  }));
  return stored;
}

StatusOr<Message> SqliteStore::GetMessage(int64_t user_id, std::string_view conversation_id,
                                          std::string_view message_id) {
  return SelectOne<Message>(
      fmt::format("message '{}'", message_id),
      fmt::format("SELECT {} FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                  "WHERE m.id = ? AND m.conversation_id = ? AND c.user_id = ?",
                  kMessageColumns),
      ReadMessage, message_id, conversation_id, user_id);
}

StatusOr<std::vector<Message>> SqliteStore::ListMessages(int64_t user_id,
                                                         std::string_view conversation_id) {
  std::vector<Message> messages;
  RETURN_IF_ERROR(
      Read(fmt::format("messages of conversation '{}'", conversation_id), [&](SqliteDb& db) {
        ASSIGN_OR_RETURN(messages, ReadMessagesAfter(db, user_id, conversation_id, 0, -1));
        return Status::Ok();
      }));
  return messages;
}

StatusOr<Page<Message>> SqliteStore::ListMessagesPage(int64_t user_id,
                                                      std::string_view conversation_id,
                                                      int page_size, std::string_view page_token) {
  if (page_size < 1 || page_size > kMaxPageSize) {
    return InvalidArgumentError(
        fmt::format("page size {} is not between 1 and {}", page_size, kMaxPageSize));
  }
  int64_t after_seq = 0;
  if (!page_token.empty()) {
    ASSIGN_OR_RETURN(after_seq, sqlite::DecodeMessageCursor(page_token));
  }
  Page<Message> page;
  RETURN_IF_ERROR(
      Read(fmt::format("messages of conversation '{}'", conversation_id), [&](SqliteDb& db) {
        // One row more than the page tells whether another page follows.
        ASSIGN_OR_RETURN(page.items,
                         ReadMessagesAfter(db, user_id, conversation_id, after_seq, page_size + 1));
        return Status::Ok();
      }));
  if (static_cast<int>(page.items.size()) > page_size) {
    page.items.resize(page_size);
    page.next_page_token = sqlite::EncodeMessageCursor(page.items.back().seq);
  }
  return page;
}

Status SqliteStore::SetMessageStatus(std::string_view message_id, MessageStatus status,
                                     int64_t now_ms) {
  return Write(fmt::format("message '{}'", message_id), [&](SqliteDb& db) {
    RETURN_IF_ERROR(CheckNotFinal(db, message_id));
    ASSIGN_OR_RETURN(Statement update,
                     db.Prepare("UPDATE messages SET status = ?, updated_ms = ? WHERE id = ?"));
    return update.BindAll(MessageStatusName(status), now_ms, message_id).Run();
  });
}

Status SqliteStore::FinishMessage(const Message& message, const StoredResult* result) {
  if (!IsFinal(message.status)) {
    return InvalidArgumentError(fmt::format("message '{}': finishing with status '{}', not final",
                                            message.id, MessageStatusName(message.status)));
  }
  return Write(fmt::format("message '{}'", message.id), [&](SqliteDb& db) {
    RETURN_IF_ERROR(CheckNotFinal(db, message.id));
    ASSIGN_OR_RETURN(Statement update,
                     db.Prepare("UPDATE messages SET status = ?, answer_json = ?, error_code = ?, "
                                "error_message = ?, updated_ms = ? WHERE id = ?"));
    RETURN_IF_ERROR(update
                        .BindAll(MessageStatusName(message.status), message.answer_json,
                                 message.error_code, message.error_message, message.updated_ms,
                                 message.id)
                        .Run());
    if (result == nullptr) return Status::Ok();
    return StoreResult(db, message.id, *result);
  });
}

Status SqliteStore::DeleteMessage(int64_t user_id, std::string_view conversation_id,
                                  std::string_view message_id) {
  // Its result and feedback go with it (ON DELETE CASCADE).
  return ChangeOne(fmt::format("message '{}'", message_id),
                   "DELETE FROM messages WHERE id = ?1 AND conversation_id = ?2 AND EXISTS "
                   "(SELECT 1 FROM conversations c WHERE c.id = ?2 AND c.user_id = ?3)",
                   message_id, conversation_id, user_id);
}

StatusOr<std::vector<Message>> SqliteStore::ListUnfinishedMessages() {
  // The WHERE clause is the partial index's, so the index serves it.
  return SelectAll<Message>("unfinished messages",
                            fmt::format("SELECT {} FROM messages m WHERE m.status IN "
                                        "('submitted', 'understanding', 'running') "
                                        "ORDER BY m.created_ms, m.id",
                                        kMessageColumns),
                            ReadMessage);
}

StatusOr<StoredResult> SqliteStore::GetResult(std::string_view message_id) {
  return SelectOne<StoredResult>(
      fmt::format("result of message '{}'", message_id),
      "SELECT message_id, columns_json, rows_json, stored_rows, total_rows, truncated "
      "FROM results WHERE message_id = ?",
      [](const Statement& row) -> StatusOr<StoredResult> {
        return StoredResult{row.Text(0), row.Text(1), row.Text(2),
                            row.Int(3),  row.Int(4),  row.Int(5) != 0};
      },
      message_id);
}

Status SqliteStore::PutFeedback(const Feedback& feedback) {
  // A missing message fails the foreign key: NotFound.
  return Execute(fmt::format("feedback on message '{}'", feedback.message_id),
                 "INSERT INTO feedback (message_id, user_id, rating, comment, created_ms) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id, user_id) DO UPDATE SET "
                 "rating = excluded.rating, comment = excluded.comment, "
                 "created_ms = excluded.created_ms",
                 feedback.message_id, feedback.user_id, RatingName(feedback.rating),
                 feedback.comment, feedback.created_ms);
}

namespace {

StatusOr<Feedback> ReadFeedback(const Statement& row) {
  return Feedback{row.Text(0), row.Int(1), ParseRating(row.Text(2)).value_or(Rating::kNone),
                  row.Text(3), row.Int(4)};
}

}  // namespace

StatusOr<Feedback> SqliteStore::GetFeedback(std::string_view message_id, int64_t user_id) {
  return SelectOne<Feedback>(
      fmt::format("feedback on message '{}'", message_id),
      "SELECT message_id, user_id, rating, comment, created_ms FROM feedback "
      "WHERE message_id = ? AND user_id = ?",
      ReadFeedback, message_id, user_id);
}

StatusOr<std::vector<Feedback>> SqliteStore::ListFeedback(int64_t user_id,
                                                          std::string_view conversation_id) {
  return SelectAll<Feedback>(
      fmt::format("feedback in conversation '{}'", conversation_id),
      "SELECT f.message_id, f.user_id, f.rating, f.comment, f.created_ms FROM feedback f "
      "JOIN messages m ON m.id = f.message_id JOIN conversations c ON c.id = m.conversation_id "
      "WHERE m.conversation_id = ? AND f.user_id = ? AND c.user_id = ? ORDER BY m.seq",
      ReadFeedback, conversation_id, user_id, user_id);
}

}  // namespace scry::store
