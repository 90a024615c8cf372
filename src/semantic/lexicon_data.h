// The word lists behind lexicon.h, internal to semantic/.
#pragma once

#include <string_view>
#include <vector>

namespace scry::semantic {

// Groups of words and phrases that mean the same thing (lexicon_words.cc).
const std::vector<std::vector<std::string_view>>& SynonymGroups();

// Common words of business schemas that are in no synonym group but help to
// split run-together identifiers ("orderdate"); lexicon_words.cc.
const std::vector<std::string_view>& ExtraVocabulary();

// True when `word` (lower case), or its singular, is a single word of the
// lexicon: used to split run-together identifiers.
bool IsLexiconWord(std::string_view word);

}  // namespace scry::semantic
