// PostgresStore: conversations, messages, stored results, feedback,
// attachments and usage events.
#include <algorithm>
#include <string>
#include <utility>

#include "store/postgres/page_token.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"

namespace scry::store {
namespace {

constexpr int kMaxPageSize = 1000;

// The statuses a message never leaves, as SQL; must match IsFinal().
#define SCRY_FINAL_STATUSES "('completed', 'failed', 'cancelled')"

constexpr const char* kConversationColumns =
    "c.id, c.space_id, c.user_id, c.title, c.created_ms, c.updated_ms, "
    "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)";

Conversation ConversationFromRow(const pg::Result& r, int row) {
  return Conversation{.id = r.Text(row, 0),
                      .space_id = r.Text(row, 1),
                      .user_id = r.Int(row, 2),
                      .title = r.Text(row, 3),
                      .created_ms = r.Int(row, 4),
                      .updated_ms = r.Int(row, 5),
                      .message_count = r.Int(row, 6)};
}

constexpr const char* kMessageColumns =
    "m.id, m.conversation_id, m.user_id, m.seq, m.question, m.status, m.answer_json, "
    "m.error_code, m.error_message, m.created_ms, m.updated_ms";

Message MessageFromRow(const pg::Result& r, int row) {
  return Message{.id = r.Text(row, 0),
                 .conversation_id = r.Text(row, 1),
                 .user_id = r.Int(row, 2),
                 .seq = r.Int(row, 3),
                 .question = r.Text(row, 4),
                 .status = ParseMessageStatus(r.Text(row, 5)).value_or(MessageStatus::kFailed),
                 .answer_json = r.Text(row, 6),
                 .error_code = r.Text(row, 7),
                 .error_message = r.Text(row, 8),
                 .created_ms = r.Int(row, 9),
                 .updated_ms = r.Int(row, 10)};
}

std::vector<Message> MessagesFrom(const pg::Result& r) {
  std::vector<Message> messages;
  messages.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) messages.push_back(MessageFromRow(r, i));
  return messages;
}

constexpr const char* kAttachmentColumns =
    "a.id, a.conversation_id, a.user_id, a.file_name, a.format, a.table_name, a.storage_path, "
    "a.size_bytes, a.row_count, a.columns_json, a.created_ms";

Attachment AttachmentFromRow(const pg::Result& r, int row) {
  return Attachment{.id = r.Text(row, 0),
                    .conversation_id = r.Text(row, 1),
                    .user_id = r.Int(row, 2),
                    .file_name = r.Text(row, 3),
                    .format = r.Text(row, 4),
                    .table_name = r.Text(row, 5),
                    .storage_path = r.Text(row, 6),
                    .size_bytes = r.Int(row, 7),
                    .row_count = r.Int(row, 8),
                    .columns_json = r.Text(row, 9),
                    .created_ms = r.Int(row, 10)};
}

// "%<text>%" with LIKE's wildcards and the escape character itself escaped,
// so a search for "50%" or "a_b" matches those characters literally.
std::string ContainsPattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

Status CheckPageSize(int page_size) {
  if (page_size >= 1 && page_size <= kMaxPageSize) return Status::Ok();
  return InvalidArgumentError("page size " + std::to_string(page_size) + " is not in 1.." +
                              std::to_string(kMaxPageSize));
}

std::string ConversationName(std::string_view id) {
  return "conversation '" + std::string(id) + "'";
}
std::string MessageName(std::string_view id) { return "message '" + std::string(id) + "'"; }

// A foreign key violation means the row referred to is missing: say which.
Status NameMissing(Status status, const std::string& missing) {
  if (status.code() == StatusCode::kNotFound) return NotFoundError(missing);
  return status;
}

}  // namespace

Status PostgresStore::CheckConversation(PGconn* conn, int64_t user_id, std::string_view id) {
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Exec(conn, ConversationName(id),
               "SELECT 1 FROM conversations WHERE id = $1 AND user_id = $2", {id, user_id}));
  if (r.rows() == 0) return NotFoundError(ConversationName(id));
  return Status::Ok();
}

Status PostgresStore::WhyNotUpdated(PGconn* conn, std::string_view message_id) {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Exec(conn, MessageName(message_id),
                            "SELECT status FROM messages WHERE id = $1", {message_id}));
  if (r.rows() == 0) return NotFoundError(MessageName(message_id));
  return FailedPreconditionError(MessageName(message_id) + " is already " + r.Text(0, 0) +
                                 "; a final status is never left");
}

// --- Conversations -----------------------------------------------------------

Status PostgresStore::CreateConversation(const Conversation& c) {
  return pg::Query(*pool_, "create " + ConversationName(c.id),
                   "INSERT INTO conversations (id, space_id, user_id, title, created_ms, "
                   "updated_ms) VALUES ($1, $2, $3, $4, $5, $6)",
                   {c.id, c.space_id, c.user_id, c.title, c.created_ms, c.updated_ms})
      .status();
}

StatusOr<Conversation> PostgresStore::GetConversation(int64_t user_id, std::string_view id) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, ConversationName(id),
                                           std::string("SELECT ") + kConversationColumns +
                                               " FROM conversations c "
                                               "WHERE c.id = $1 AND c.user_id = $2",
                                           {id, user_id}));
  if (r.rows() == 0) return NotFoundError(ConversationName(id));
  return ConversationFromRow(r, 0);
}

StatusOr<Page<Conversation>> PostgresStore::ListConversations(const ConversationQuery& query) {
  RETURN_IF_ERROR(CheckPageSize(query.page_size));
  std::string user = std::to_string(query.user_id);
  uint64_t fingerprint =
      pg::ListingFingerprint({"conversations", user, query.space_id, query.search});
  // Newest first; (updated_ms, id) is unique, so the key of the last row of a
  // page says exactly where the next one starts.
  pg::Param after_ms = std::nullopt;
  pg::Param after_id = std::nullopt;
  if (!query.page_token.empty()) {
    ASSIGN_OR_RETURN(pg::PageKey key, pg::DecodePageToken(query.page_token, fingerprint));
    after_ms = key.number;
    after_id = key.id;
  }
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, "list conversations",
                std::string("SELECT ") + kConversationColumns +
                    " FROM conversations c WHERE c.user_id = $1"
                    " AND ($2::text = '' OR c.space_id = $2::text)"
                    " AND (c.title ILIKE $3::text ESCAPE '\\'"
                    "   OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id"
                    "              AND m.question ILIKE $3::text ESCAPE '\\'))"
                    " AND ($4::bigint IS NULL OR (c.updated_ms, c.id) < ($4::bigint, $5::text))"
                    " ORDER BY c.updated_ms DESC, c.id DESC LIMIT $6",
                {query.user_id, query.space_id, ContainsPattern(query.search), after_ms, after_id,
                 query.page_size + 1}));
  Page<Conversation> page;
  int shown = std::min(r.rows(), query.page_size);
  for (int i = 0; i < shown; ++i) page.items.push_back(ConversationFromRow(r, i));
  if (r.rows() > query.page_size) {
    const Conversation& last = page.items.back();
    page.next_page_token = pg::EncodePageToken(fingerprint, {last.updated_ms, last.id});
  }
  return page;
}

Status PostgresStore::RenameConversation(int64_t user_id, std::string_view id,
                                         std::string_view title, int64_t now_ms) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "rename " + ConversationName(id),
                                           "UPDATE conversations SET title = $3, updated_ms = $4 "
                                           "WHERE id = $1 AND user_id = $2",
                                           {id, user_id, title, now_ms}));
  if (r.affected() == 0) return NotFoundError(ConversationName(id));
  return Status::Ok();
}

Status PostgresStore::DeleteConversation(int64_t user_id, std::string_view id) {
  // Messages, results, feedback and attachments go with it (ON DELETE CASCADE).
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, "delete " + ConversationName(id),
                "DELETE FROM conversations WHERE id = $1 AND user_id = $2", {id, user_id}));
  if (r.affected() == 0) return NotFoundError(ConversationName(id));
  return Status::Ok();
}

// --- Messages ----------------------------------------------------------------

StatusOr<Message> PostgresStore::AddMessage(const Message& message) {
  ASSIGN_OR_RETURN(pg::Lease lease, pool_->Acquire());
  PGconn* conn = lease.get();
  std::string what = "add " + MessageName(message.id);
  Message stored = message;
  RETURN_IF_ERROR(pg::Transaction(conn, what, [&]() -> Status {
    // The UPDATE locks the conversation's row until COMMIT, so concurrent
    // AddMessage calls on one conversation take numbers one after another.
    ASSIGN_OR_RETURN(pg::Result counter,
                     pg::Exec(conn, what,
                              "UPDATE conversations SET next_seq = next_seq + 1, updated_ms = $3 "
                              "WHERE id = $1 AND user_id = $2 RETURNING next_seq",
                              {message.conversation_id, message.user_id, message.created_ms}));
    if (counter.rows() == 0) return NotFoundError(ConversationName(message.conversation_id));
    stored.seq = counter.Int(0, 0);
    return pg::Exec(
               conn, what,
               "INSERT INTO messages (id, conversation_id, user_id, seq, question, status, "
               "answer_json, error_code, error_message, created_ms, updated_ms) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
               {message.id, message.conversation_id, message.user_id, stored.seq, message.question,
                MessageStatusName(message.status), message.answer_json, message.error_code,
                message.error_message, message.created_ms, message.updated_ms})
        .status();
  }));
  return stored;
}

StatusOr<Message> PostgresStore::GetMessage(int64_t user_id, std::string_view conversation_id,
                                            std::string_view message_id) {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, MessageName(message_id),
                             std::string("SELECT ") + kMessageColumns +
                                 " FROM messages m JOIN conversations c"
                                 " ON c.id = m.conversation_id"
                                 " WHERE m.id = $1 AND m.conversation_id = $2 AND c.user_id = $3",
                             {message_id, conversation_id, user_id}));
  if (r.rows() == 0) return NotFoundError(MessageName(message_id));
  return MessageFromRow(r, 0);
}

StatusOr<std::vector<Message>> PostgresStore::ListMessages(int64_t user_id,
                                                           std::string_view conversation_id) {
  ASSIGN_OR_RETURN(pg::Lease lease, pool_->Acquire());
  RETURN_IF_ERROR(CheckConversation(lease.get(), user_id, conversation_id));
  ASSIGN_OR_RETURN(pg::Result r, pg::Exec(lease.get(), "list messages",
                                          std::string("SELECT ") + kMessageColumns +
                                              " FROM messages m WHERE m.conversation_id = $1"
                                              " ORDER BY m.seq",
                                          {conversation_id}));
  return MessagesFrom(r);
}

StatusOr<Page<Message>> PostgresStore::ListMessagesPage(int64_t user_id,
                                                        std::string_view conversation_id,
                                                        int page_size,
                                                        std::string_view page_token) {
  RETURN_IF_ERROR(CheckPageSize(page_size));
  uint64_t fingerprint =
      pg::ListingFingerprint({"messages", std::to_string(user_id), conversation_id});
  int64_t after_seq = 0;
  if (!page_token.empty()) {
    ASSIGN_OR_RETURN(pg::PageKey key, pg::DecodePageToken(page_token, fingerprint));
    after_seq = key.number;
  }
  ASSIGN_OR_RETURN(pg::Lease lease, pool_->Acquire());
  RETURN_IF_ERROR(CheckConversation(lease.get(), user_id, conversation_id));
  ASSIGN_OR_RETURN(pg::Result r, pg::Exec(lease.get(), "list messages",
                                          std::string("SELECT ") + kMessageColumns +
                                              " FROM messages m WHERE m.conversation_id = $1"
                                              " AND m.seq > $2 ORDER BY m.seq LIMIT $3",
                                          {conversation_id, after_seq, page_size + 1}));
  Page<Message> page;
  page.items = MessagesFrom(r);
  if (static_cast<int>(page.items.size()) > page_size) {
    page.items.resize(page_size);
    page.next_page_token = pg::EncodePageToken(fingerprint, {page.items.back().seq, ""});
  }
  return page;
}

Status PostgresStore::SetMessageStatus(std::string_view message_id, MessageStatus status,
                                       int64_t now_ms) {
  ASSIGN_OR_RETURN(pg::Lease lease, pool_->Acquire());
  // The condition on the current status makes the check and the change one
  // atomic step: two servers cannot both move a message out of a final status.
  ASSIGN_OR_RETURN(pg::Result r, pg::Exec(lease.get(), "set status of " + MessageName(message_id),
                                          "UPDATE messages SET status = $2, updated_ms = $3 "
                                          "WHERE id = $1 AND status NOT IN " SCRY_FINAL_STATUSES,
                                          {message_id, MessageStatusName(status), now_ms}));
  if (r.affected() == 0) return WhyNotUpdated(lease.get(), message_id);
  return Status::Ok();
}

Status PostgresStore::FinishMessage(const Message& message, const StoredResult* result) {
  if (!IsFinal(message.status)) {
    return InvalidArgumentError("finish " + MessageName(message.id) + ": status " +
                                std::string(MessageStatusName(message.status)) + " is not final");
  }
  ASSIGN_OR_RETURN(pg::Lease lease, pool_->Acquire());
  PGconn* conn = lease.get();
  std::string what = "finish " + MessageName(message.id);
  return pg::Transaction(conn, what, [&]() -> Status {
    ASSIGN_OR_RETURN(pg::Result r,
                     pg::Exec(conn, what,
                              "UPDATE messages SET status = $2, answer_json = $3, error_code = $4, "
                              "error_message = $5, updated_ms = $6 "
                              "WHERE id = $1 AND status NOT IN " SCRY_FINAL_STATUSES,
                              {message.id, MessageStatusName(message.status), message.answer_json,
                               message.error_code, message.error_message, message.updated_ms}));
    if (r.affected() == 0) return WhyNotUpdated(conn, message.id);
    if (result == nullptr) return Status::Ok();
    return pg::Exec(conn, what,
                    "INSERT INTO results (message_id, columns_json, rows_json, stored_rows, "
                    "total_rows, truncated) VALUES ($1, $2, $3, $4, $5, $6) "
                    "ON CONFLICT (message_id) DO UPDATE SET columns_json = EXCLUDED.columns_json, "
                    "rows_json = EXCLUDED.rows_json, stored_rows = EXCLUDED.stored_rows, "
                    "total_rows = EXCLUDED.total_rows, truncated = EXCLUDED.truncated",
                    {message.id, result->columns_json, result->rows_json, result->stored_rows,
                     result->total_rows, result->truncated})
        .status();
  });
}

Status PostgresStore::DeleteMessage(int64_t user_id, std::string_view conversation_id,
                                    std::string_view message_id) {
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "delete " + MessageName(message_id),
                                           "DELETE FROM messages m USING conversations c"
                                           " WHERE m.id = $1 AND m.conversation_id = $2"
                                           " AND c.id = m.conversation_id AND c.user_id = $3",
                                           {message_id, conversation_id, user_id}));
  if (r.affected() == 0) return NotFoundError(MessageName(message_id));
  return Status::Ok();
}

StatusOr<std::vector<Message>> PostgresStore::ListUnfinishedMessages() {
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, "list unfinished messages",
                             std::string("SELECT ") + kMessageColumns +
                                 " FROM messages m WHERE m.status NOT IN " SCRY_FINAL_STATUSES
                                 " ORDER BY m.created_ms, m.id"));
  return MessagesFrom(r);
}

StatusOr<StoredResult> PostgresStore::GetResult(std::string_view message_id) {
  std::string what = "result of " + MessageName(message_id);
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, what,
                                           "SELECT message_id, columns_json, rows_json, "
                                           "stored_rows, total_rows, truncated FROM results "
                                           "WHERE message_id = $1",
                                           {message_id}));
  if (r.rows() == 0) return NotFoundError(what);
  return StoredResult{.message_id = r.Text(0, 0),
                      .columns_json = r.Text(0, 1),
                      .rows_json = r.Text(0, 2),
                      .stored_rows = r.Int(0, 3),
                      .total_rows = r.Int(0, 4),
                      .truncated = r.Bool(0, 5)};
}

// --- Feedback, attachments, usage ------------------------------------------

Status PostgresStore::PutFeedback(const Feedback& f) {
  Status status =
      pg::Query(*pool_, "feedback on " + MessageName(f.message_id),
                "INSERT INTO feedback (message_id, user_id, rating, comment, created_ms) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id, user_id) DO UPDATE SET "
                "rating = EXCLUDED.rating, comment = EXCLUDED.comment, "
                "created_ms = EXCLUDED.created_ms",
                {f.message_id, f.user_id, RatingName(f.rating), f.comment, f.created_ms})
          .status();
  return NameMissing(std::move(status), MessageName(f.message_id));
}

StatusOr<Feedback> PostgresStore::GetFeedback(std::string_view message_id, int64_t user_id) {
  std::string what =
      "feedback of user " + std::to_string(user_id) + " on " + MessageName(message_id);
  ASSIGN_OR_RETURN(pg::Result r,
                   pg::Query(*pool_, what,
                             "SELECT message_id, user_id, rating, comment, created_ms "
                             "FROM feedback WHERE message_id = $1 AND user_id = $2",
                             {message_id, user_id}));
  if (r.rows() == 0) return NotFoundError(what);
  return Feedback{.message_id = r.Text(0, 0),
                  .user_id = r.Int(0, 1),
                  .rating = ParseRating(r.Text(0, 2)).value_or(Rating::kNone),
                  .comment = r.Text(0, 3),
                  .created_ms = r.Int(0, 4)};
}

StatusOr<std::vector<Feedback>> PostgresStore::ListFeedback(int64_t user_id,
                                                            std::string_view conversation_id) {
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, "feedback in conversation '" + std::string(conversation_id) + "'",
                "SELECT f.message_id, f.user_id, f.rating, f.comment, f.created_ms FROM feedback f "
                "JOIN messages m ON m.id = f.message_id "
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE m.conversation_id = $1 AND f.user_id = $2 AND c.user_id = $2 "
                "ORDER BY m.seq",
                {conversation_id, user_id}));
  std::vector<Feedback> feedback;
  for (int i = 0; i < r.rows(); ++i) {
    feedback.push_back({.message_id = r.Text(i, 0),
                        .user_id = r.Int(i, 1),
                        .rating = ParseRating(r.Text(i, 2)).value_or(Rating::kNone),
                        .comment = r.Text(i, 3),
                        .created_ms = r.Int(i, 4)});
  }
  return feedback;
}

Status PostgresStore::AddAttachment(const Attachment& a) {
  // Inserted only when the conversation belongs to the attachment's user.
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, "add attachment '" + a.id + "'",
                "INSERT INTO attachments (id, conversation_id, user_id, file_name, format, "
                "table_name, storage_path, size_bytes, row_count, columns_json, created_ms) "
                "SELECT $1::text, c.id, c.user_id, $4::text, $5::text, $6::text, $7::text, "
                "$8::bigint, $9::bigint, $10::text, $11::bigint "
                "FROM conversations c WHERE c.id = $2::text AND c.user_id = $3::bigint",
                {a.id, a.conversation_id, a.user_id, a.file_name, a.format, a.table_name,
                 a.storage_path, a.size_bytes, a.row_count, a.columns_json, a.created_ms}));
  if (r.affected() == 0) return NotFoundError(ConversationName(a.conversation_id));
  return Status::Ok();
}

StatusOr<std::vector<Attachment>> PostgresStore::ListAttachments(int64_t user_id,
                                                                 std::string_view conversation_id) {
  ASSIGN_OR_RETURN(pg::Lease lease, pool_->Acquire());
  RETURN_IF_ERROR(CheckConversation(lease.get(), user_id, conversation_id));
  ASSIGN_OR_RETURN(pg::Result r, pg::Exec(lease.get(), "list attachments",
                                          std::string("SELECT ") + kAttachmentColumns +
                                              " FROM attachments a WHERE a.conversation_id = $1"
                                              " ORDER BY a.created_ms, a.id",
                                          {conversation_id}));
  std::vector<Attachment> attachments;
  for (int i = 0; i < r.rows(); ++i) attachments.push_back(AttachmentFromRow(r, i));
  return attachments;
}

Status PostgresStore::DeleteAttachment(int64_t user_id, std::string_view conversation_id,
                                       std::string_view id) {
  const std::string name = "attachment '" + std::string(id) + "'";
  ASSIGN_OR_RETURN(pg::Result r, pg::Query(*pool_, "delete " + name,
                                           "DELETE FROM attachments WHERE id = $1 AND "
                                           "conversation_id = $2 AND user_id = $3",
                                           {id, conversation_id, user_id}));
  if (r.affected() == 0) return NotFoundError(name);
  return Status::Ok();
}

Status PostgresStore::AddUsageEvent(const UsageEvent& e) {
  return pg::Query(*pool_, "add usage event",
                   "INSERT INTO usage_events (time_ms, user_id, space_id, conversation_id, "
                   "message_id, kind, outcome, question, latency_ms, engine_ms) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                   {e.time_ms, e.user_id, e.space_id, e.conversation_id, e.message_id, e.kind,
                    e.outcome, e.question, e.latency_ms, e.engine_ms})
      .status();
}

StatusOr<std::vector<UsageEvent>> PostgresStore::ListUsageEvents(const UsageQuery& query) {
  ASSIGN_OR_RETURN(
      pg::Result r,
      pg::Query(*pool_, "list usage events",
                "SELECT id, time_ms, user_id, space_id, conversation_id, message_id, kind, "
                "outcome, question, latency_ms, engine_ms FROM usage_events "
                "WHERE time_ms >= $1 AND ($2::bigint = 0 OR time_ms < $2::bigint) "
                "AND ($3::text = '' OR space_id = $3::text) ORDER BY time_ms, id",
                {query.from_ms, query.to_ms, query.space_id}));
  std::vector<UsageEvent> events;
  for (int i = 0; i < r.rows(); ++i) {
    events.push_back(UsageEvent{.id = r.Int(i, 0),
                                .time_ms = r.Int(i, 1),
                                .user_id = r.Int(i, 2),
                                .space_id = r.Text(i, 3),
                                .conversation_id = r.Text(i, 4),
                                .message_id = r.Text(i, 5),
                                .kind = r.Text(i, 6),
                                .outcome = r.Text(i, 7),
                                .question = r.Text(i, 8),
                                .latency_ms = r.Double(i, 9),
                                .engine_ms = r.Double(i, 10)});
  }
  return events;
}

}  // namespace scry::store
