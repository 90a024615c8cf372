// Tokens: a question after normalization, split into words, numbers, quoted
// strings and punctuation, each with its stem. The unit every pass of the
// parser works on; passes refer to tokens by index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scry::nlq {

struct Token {
  enum class Kind { kWord, kNumber, kQuoted, kPunct };
  enum class Unit { kNone, kPercent, kCurrency };

  Kind kind = Kind::kWord;
  std::string text;      // lower case; for kQuoted, the inner text in lower case
  std::string original;  // as typed (case kept), for values
  std::string stem;      // Snowball English stem of `text` (words only)

  // kNumber: the value, whether it was written as an integer, and its unit.
  // "1.5k" → 1500, "$2M" → 2000000 (kCurrency), "10%" → 10 (kPercent),
  // "twenty five" → 25, "third" → 3 (ordinal).
  double number = 0;
  bool integer = false;
  bool ordinal = false;
  Unit unit = Unit::kNone;
  std::string number_text;  // canonical digits: "1500", "2.5"

  // Byte offsets in the normalized question.
  size_t begin = 0;
  size_t end = 0;

  bool IsWord() const { return kind == Kind::kWord; }
  bool Is(const char* word) const { return kind == Kind::kWord && text == word; }
};

using Tokens = std::vector<Token>;

}  // namespace scry::nlq
