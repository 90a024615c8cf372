// The general English lexicon of business words: which words people use for
// the same thing (revenue, sales, turnover; customer, client; quantity,
// units), and the singular and plural of nouns. Product data written for scry
// from general English, never from a particular dataset. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::semantic {

// Words and phrases that mean the same as `word` in business questions,
// lower case, without `word` itself; empty when the lexicon has none.
std::vector<std::string> SynonymsOf(std::string_view word);

// Whether the lexicon lists `word` (or its singular) in one of its groups.
bool IsLexiconWord(std::string_view word);

// "categories" → "category", "people" → "person", "sales" → "sales".
std::string Singular(std::string_view word);
// "category" → "categories", "person" → "people".
std::string Plural(std::string_view word);

}  // namespace scry::semantic

namespace scry::semantic {

// The place a demonym or adjective of place names ("Asian" → "Asia",
// "French" → "France"), lower case; empty when the word is not one.
std::string PlaceOfDemonym(std::string_view word);
// The demonyms of a place ("asia" → {"asian"}), lower case.
std::vector<std::string> DemonymsOfPlace(std::string_view place);

}  // namespace scry::semantic
