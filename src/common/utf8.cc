#include "common/utf8.h"

namespace scry {

bool CountUtf8CodePoints(std::string_view text, size_t* count) {
  *count = 0;
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xE  ? 3
                          : (lead >> 3) == 0x1E ? 4
                                                : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
    ++*count;
  }
  return true;
}

bool IsValidUtf8(std::string_view text) {
  size_t count = 0;
  return CountUtf8CodePoints(text, &count);
}

}  // namespace scry
