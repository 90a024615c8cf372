// UTF-8 checks for text that comes from outside: a password, a file's name.
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

namespace scry {

// Counts the code points of `text` into `count`; false when `text` is not
// valid UTF-8 (a bad lead byte, a missing continuation byte, a cut sequence).
bool CountUtf8CodePoints(std::string_view text, size_t* count);

// Whether `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace scry
