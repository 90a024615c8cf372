// Rows of the SQLite store shared by more than one part of SqliteStore: the
// message row and the ownership check every per-user read starts with.
// Thread-compatible, as SqliteDb.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status_or.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace scry::store::sqlite {

// The columns ReadMessage reads, in order; `m` is the messages table.
inline constexpr const char* kMessageColumns =
    "m.id, m.conversation_id, m.user_id, m.seq, m.question, m.status, m.answer_json, "
    "m.error_code, m.error_message, m.created_ms, m.updated_ms";

// DataLoss when the stored status is not one this build knows.
StatusOr<Message> ReadMessage(const Statement& row);

// NotFound unless conversation `conversation_id` exists and belongs to
// `user_id`: another user's conversation looks exactly like a missing one.
Status CheckConversationOwner(SqliteDb& db, int64_t user_id, std::string_view conversation_id);

}  // namespace scry::store::sqlite
