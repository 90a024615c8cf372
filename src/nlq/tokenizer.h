// The first passes of the parser: normalize the text and split it into tokens.
//
// Normalization: Unicode quotes and dashes to ASCII, contractions expanded
// ("what's" → "what is", "don't" → "do not"), possessives split ("singer's" →
// "singer 's"), whitespace collapsed. Tokenization: words, numbers with
// separators and units (1,234  1.5k  $2M  10%  2.5 million), number words
// ("twenty five", "a dozen"), ordinals ("3rd", "third"), quoted strings kept
// whole, punctuation. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "nlq/token.h"

namespace scry::nlq {

std::string Normalize(std::string_view question);

// Tokenizes normalized text; every word token gets its stem.
Tokens Tokenize(std::string_view normalized);

// The Snowball English stem of a lower-case word.
std::string Stem(std::string_view word);

}  // namespace scry::nlq
