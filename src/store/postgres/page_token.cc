#include "store/postgres/page_token.h"

#include <charconv>

namespace scry::store::pg {
namespace {

constexpr std::string_view kVersion = "p1";  // bumped if the layout changes
constexpr char kHex[] = "0123456789abcdef";

std::string Hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
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
    int high = HexDigit(hex[i]);
    int low = HexDigit(hex[i + 1]);
    if (high < 0 || low < 0) return false;
    out->push_back(static_cast<char>(high * 16 + low));
  }
  return true;
}

// Splits "a.b.c.d" into exactly four fields.
bool SplitFour(std::string_view text, std::string_view fields[4]) {
  for (int i = 0; i < 3; ++i) {
    size_t dot = text.find('.');
    if (dot == std::string_view::npos) return false;
    fields[i] = text.substr(0, dot);
    text.remove_prefix(dot + 1);
  }
  fields[3] = text;
  return text.find('.') == std::string_view::npos;
}

template <typename T>
bool ParseNumber(std::string_view text, int base, T* out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out, base);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

uint64_t ListingFingerprint(const std::vector<std::string_view>& parts) {
  uint64_t hash = 14695981039346656037ull;
  for (std::string_view part : parts) {
    for (unsigned char c : part) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ 0xff) * 1099511628211ull;  // a separator no UTF-8 text contains
  }
  return hash;
}

std::string EncodePageToken(uint64_t fingerprint, const PageKey& key) {
  char print[17];
  auto [end, ec] = std::to_chars(print, print + sizeof(print), fingerprint, 16);
  return std::string(kVersion) + "." + std::string(print, end) + "." + std::to_string(key.number) +
         "." + Hex(key.id);
}

StatusOr<PageKey> DecodePageToken(std::string_view token, uint64_t fingerprint) {
  auto malformed = [&] {
    return InvalidArgumentError("malformed page token '" + std::string(token.substr(0, 64)) + "'");
  };
  std::string_view fields[4];
  if (!SplitFour(token, fields) || fields[0] != kVersion) return malformed();
  uint64_t print = 0;
  PageKey key;
  if (!ParseNumber(fields[1], 16, &print) || !ParseNumber(fields[2], 10, &key.number) ||
      !Unhex(fields[3], &key.id)) {
    return malformed();
  }
  if (print != fingerprint) {
    return InvalidArgumentError("page token belongs to another listing");
  }
  return key;
}

}  // namespace scry::store::pg
