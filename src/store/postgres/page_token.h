// Page tokens for keyset paging: the sort key of the last row of a page, plus
// a fingerprint of the listing it belongs to, as opaque hex text.
//
// A token from one listing handed to another (another user, space or
// search) fails the fingerprint check and is InvalidArgument, as is any text
// that was not made by Encode. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"

namespace scry::store::pg {

struct PageKey {
  int64_t number = 0;  // updated_ms for conversations, seq for messages
  std::string id;      // tie-breaker; empty when the number is unique
};

// A stable 64-bit FNV-1a hash of the listing's parameters; the same in every
// process, so a token survives being served by another app server.
uint64_t ListingFingerprint(const std::vector<std::string_view>& parts);

std::string EncodePageToken(uint64_t fingerprint, const PageKey& key);
// InvalidArgument when malformed or made for another listing.
StatusOr<PageKey> DecodePageToken(std::string_view token, uint64_t fingerprint);

}  // namespace scry::store::pg
