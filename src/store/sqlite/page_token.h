// Page tokens of the SQLite store's listings: a keyset cursor (the sort key
// of the last row of a page) written as hex, so callers see an opaque string
// and can neither read nor forge a meaningful one by accident. Each listing
// has its own tag, so a token of one listing is refused by another.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status_or.h"

namespace scry::store::sqlite {

// After the conversation (updated_ms, id) in the order updated_ms DESC, id DESC.
struct ConversationCursor {
  int64_t updated_ms = 0;
  std::string id;
};

std::string EncodeConversationCursor(const ConversationCursor& cursor);
// InvalidArgument when `token` is not one EncodeConversationCursor wrote.
StatusOr<ConversationCursor> DecodeConversationCursor(std::string_view token);

// After the message with this seq, in seq order.
std::string EncodeMessageCursor(int64_t seq);
// InvalidArgument when `token` is not one EncodeMessageCursor wrote.
StatusOr<int64_t> DecodeMessageCursor(std::string_view token);

}  // namespace scry::store::sqlite
