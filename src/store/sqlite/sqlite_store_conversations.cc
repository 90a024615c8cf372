// SqliteStore: conversations (with search and paging) and attachments.
#include <fmt/format.h>

#include "store/sqlite/page_token.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace scry::store {

using sqlite::CheckConversationOwner;
using sqlite::ReadAll;
using sqlite::SqliteDb;
using sqlite::Statement;

namespace {

constexpr int kMaxPageSize = 1000;

// message_count is counted on read: the (conversation_id, seq) index makes
// it a short index scan, and no counter can drift.
constexpr const char* kConversationSelect =
    "SELECT c.id, c.space_id, c.user_id, c.title, c.created_ms, c.updated_ms, "
    "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) FROM conversations c";

// ?1 user, ?2 space ('' for all), ?3 LIKE pattern ('' for all), ?4 limit;
// ?5, ?6 the cursor on later pages. The row-value comparison lets SQLite
// start the scan of the (user_id, updated_ms, id) index at the cursor.
constexpr const char* kConversationFilter =
    " WHERE c.user_id = ?1 AND (?2 = '' OR c.space_id = ?2)"
    " AND (?3 = '' OR c.title LIKE ?3 ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m"
    " WHERE m.conversation_id = c.id AND m.question LIKE ?3 ESCAPE '\\'))";
constexpr const char* kAfterCursor = " AND (c.updated_ms, c.id) < (?5, ?6)";
constexpr const char* kConversationOrder = " ORDER BY c.updated_ms DESC, c.id DESC LIMIT ?4";

StatusOr<Conversation> ReadConversation(const Statement& row) {
  return Conversation{row.Text(0), row.Text(1), row.Int(2), row.Text(3),
                      row.Int(4),  row.Int(5),  row.Int(6)};
}

// A LIKE pattern matching `text` anywhere, with LIKE's wildcards in `text`
// (and the escape character itself) matching only themselves.
std::string ContainsPattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

constexpr const char* kAttachmentColumns =
    "id, conversation_id, user_id, file_name, format, table_name, storage_path, size_bytes, "
    "row_count, columns_json, created_ms";

StatusOr<Attachment> ReadAttachment(const Statement& row) {
  Attachment attachment;
  attachment.id = row.Text(0);
  attachment.conversation_id = row.Text(1);
  attachment.user_id = row.Int(2);
  attachment.file_name = row.Text(3);
  attachment.format = row.Text(4);
  attachment.table_name = row.Text(5);
  attachment.storage_path = row.Text(6);
  attachment.size_bytes = row.Int(7);
  attachment.row_count = row.Int(8);
  attachment.columns_json = row.Text(9);
  attachment.created_ms = row.Int(10);
  return attachment;
}

}  // namespace

Status SqliteStore::CreateConversation(const Conversation& conversation) {
  return Execute(fmt::format("conversation '{}'", conversation.id),
                 "INSERT INTO conversations (id, space_id, user_id, title, created_ms, "
                 "updated_ms) VALUES (?, ?, ?, ?, ?, ?)",
                 conversation.id, conversation.space_id, conversation.user_id, conversation.title,
                 conversation.created_ms, conversation.updated_ms);
}

StatusOr<Conversation> SqliteStore::GetConversation(int64_t user_id, std::string_view id) {
  return SelectOne<Conversation>(
      fmt::format("conversation '{}'", id),
      std::string(kConversationSelect) + " WHERE c.id = ? AND c.user_id = ?", ReadConversation, id,
      user_id);
}

StatusOr<Page<Conversation>> SqliteStore::ListConversations(const ConversationQuery& query) {
  if (query.page_size < 1 || query.page_size > kMaxPageSize) {
    return InvalidArgumentError(
        fmt::format("page size {} is not between 1 and {}", query.page_size, kMaxPageSize));
  }
  std::optional<sqlite::ConversationCursor> cursor;
  if (!query.page_token.empty()) {
    ASSIGN_OR_RETURN(cursor, sqlite::DecodeConversationCursor(query.page_token));
  }
  const std::string pattern = query.search.empty() ? "" : ContainsPattern(query.search);
  Page<Conversation> page;
  RETURN_IF_ERROR(Read(fmt::format("conversations of user {}", query.user_id), [&](SqliteDb& db) {
    const std::string sql = std::string(kConversationSelect) + kConversationFilter +
                            (cursor ? kAfterCursor : "") + kConversationOrder;
    ASSIGN_OR_RETURN(Statement select, db.Prepare(sql));
    // One row more than the page tells whether another page follows.
    select.BindAll(query.user_id, query.space_id, pattern, query.page_size + 1);
    if (cursor) select.Bind(5, cursor->updated_ms).Bind(6, cursor->id);
    ASSIGN_OR_RETURN(page.items, ReadAll<Conversation>(select, ReadConversation));
    return Status::Ok();
  }));
  if (static_cast<int>(page.items.size()) > query.page_size) {
    page.items.resize(query.page_size);
    const Conversation& last = page.items.back();
    page.next_page_token = sqlite::EncodeConversationCursor({last.updated_ms, last.id});
  }
  return page;
}

Status SqliteStore::RenameConversation(int64_t user_id, std::string_view id, std::string_view title,
                                       int64_t now_ms) {
  return ChangeOne(
      fmt::format("conversation '{}'", id),
      "UPDATE conversations SET title = ?, updated_ms = ? WHERE id = ? AND user_id = ?", title,
      now_ms, id, user_id);
}

Status SqliteStore::DeleteConversation(int64_t user_id, std::string_view id) {
  // Messages and attachments go with it, and results and feedback with the
  // messages: ON DELETE CASCADE, in this same transaction.
  return ChangeOne(fmt::format("conversation '{}'", id),
                   "DELETE FROM conversations WHERE id = ? AND user_id = ?", id, user_id);
}

Status SqliteStore::AddAttachment(const Attachment& attachment) {
  return Write(fmt::format("attachment '{}'", attachment.id), [&](SqliteDb& db) {
    RETURN_IF_ERROR(CheckConversationOwner(db, attachment.user_id, attachment.conversation_id));
    ASSIGN_OR_RETURN(Statement insert, db.Prepare(fmt::format("INSERT INTO attachments ({}) VALUES "
                                                              "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                                              kAttachmentColumns)));
    return insert
        .BindAll(attachment.id, attachment.conversation_id, attachment.user_id,
                 attachment.file_name, attachment.format, attachment.table_name,
                 attachment.storage_path, attachment.size_bytes, attachment.row_count,
                 attachment.columns_json, attachment.created_ms)
        .Run();
  });
}

Status SqliteStore::DeleteAttachment(int64_t user_id, std::string_view conversation_id,
                                     std::string_view id) {
  return ChangeOne(fmt::format("attachment '{}'", id),
                   "DELETE FROM attachments WHERE id = ? AND conversation_id = ? AND user_id = ?",
                   id, conversation_id, user_id);
}

StatusOr<std::vector<Attachment>> SqliteStore::ListAttachments(int64_t user_id,
                                                               std::string_view conversation_id) {
  std::vector<Attachment> attachments;
  RETURN_IF_ERROR(
      Read(fmt::format("attachments of conversation '{}'", conversation_id), [&](SqliteDb& db) {
        RETURN_IF_ERROR(CheckConversationOwner(db, user_id, conversation_id));
        ASSIGN_OR_RETURN(Statement select,
                         db.Prepare(fmt::format("SELECT {} FROM attachments WHERE "
                                                "conversation_id = ? ORDER BY created_ms, id",
                                                kAttachmentColumns)));
        select.BindAll(conversation_id);
        ASSIGN_OR_RETURN(attachments, ReadAll<Attachment>(select, ReadAttachment));
        return Status::Ok();
      }));
  return attachments;
}

}  // namespace scry::store
