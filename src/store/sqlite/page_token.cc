#include "store/sqlite/page_token.h"

#include <charconv>

namespace scry::store::sqlite {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr char kSeparator = '\n';  // Never part of a number; ids may hold anything else.

std::string Hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool Unhex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = HexDigit(hex[i]);
    const int low = HexDigit(hex[i + 1]);
    if (high < 0 || low < 0) return false;
    *out += static_cast<char>(high * 16 + low);
  }
  return true;
}

bool ParseInt(std::string_view text, int64_t* value) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

// Splits "<tag>\n<first>\n<rest>" (rest may be absent when `fields` is 2).
bool Split(std::string_view plain, std::string_view tag, int fields, std::string_view* first,
           std::string_view* rest) {
  if (plain.substr(0, tag.size()) != tag || plain.size() <= tag.size() ||
      plain[tag.size()] != kSeparator) {
    return false;
  }
  plain.remove_prefix(tag.size() + 1);
  if (fields == 1) {
    *first = plain;
    return true;
  }
  const size_t cut = plain.find(kSeparator);
  if (cut == std::string_view::npos) return false;
  *first = plain.substr(0, cut);
  *rest = plain.substr(cut + 1);
  return true;
}

Status Malformed(std::string_view token) {
  return InvalidArgumentError("malformed page token '" + std::string(token.substr(0, 64)) +
                              "': pass back the next_page_token of the same listing");
}

}  // namespace

std::string EncodeConversationCursor(const ConversationCursor& cursor) {
  return Hex(std::string("c") + kSeparator + std::to_string(cursor.updated_ms) + kSeparator +
             cursor.id);
}

StatusOr<ConversationCursor> DecodeConversationCursor(std::string_view token) {
  std::string plain;
  std::string_view time;
  std::string_view id;
  ConversationCursor cursor;
  if (!Unhex(token, &plain) || !Split(plain, "c", 2, &time, &id) ||
      !ParseInt(time, &cursor.updated_ms)) {
    return Malformed(token);
  }
  cursor.id = std::string(id);
  return cursor;
}

std::string EncodeMessageCursor(int64_t seq) {
  return Hex(std::string("m") + kSeparator + std::to_string(seq));
}

StatusOr<int64_t> DecodeMessageCursor(std::string_view token) {
  std::string plain;
  std::string_view seq_text;
  int64_t seq = 0;
  if (!Unhex(token, &plain) || !Split(plain, "m", 1, &seq_text, nullptr) ||
      !ParseInt(seq_text, &seq) || seq < 0) {
    return Malformed(token);
  }
  return seq;
}

}  // namespace scry::store::sqlite
