// SynonymsOf and the vocabulary index over the groups of lexicon_words.cc.
// Singular and Plural are in inflection.cc.
#include "semantic/lexicon.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "semantic/identifier_words.h"
#include "semantic/lexicon_data.h"

namespace scry::semantic {
namespace {

struct LexiconIndex {
  // Word or phrase → the groups it belongs to, in group order.
  std::unordered_map<std::string, std::vector<size_t>> groups_of;
  // Single words of every group and of the extra vocabulary.
  std::unordered_set<std::string> words;
};

const LexiconIndex& Index() {
  static const LexiconIndex* const kIndex = [] {
    auto* index = new LexiconIndex;
    const auto& groups = SynonymGroups();
    for (size_t g = 0; g < groups.size(); ++g) {
      for (std::string_view entry : groups[g]) {
        std::vector<size_t>& list = index->groups_of[std::string(entry)];
        if (list.empty() || list.back() != g) list.push_back(g);
        if (entry.find(' ') == std::string_view::npos) index->words.emplace(entry);
      }
    }
    for (std::string_view word : ExtraVocabulary()) index->words.emplace(word);
    return index;
  }();
  return *kIndex;
}

// "daily sale" → "daily sales": the plural of a phrase is that of its last
// word. Question phrases ("how many", "number of") have none.
std::string PluralPhrase(const std::string& phrase) {
  const bool question =
      phrase.rfind("how ", 0) == 0 || phrase.ends_with(" of") || phrase.ends_with(" old");
  if (question) return phrase;
  const size_t space = phrase.rfind(' ');
  if (space == std::string::npos) return Plural(phrase);
  return phrase.substr(0, space + 1) + Plural(phrase.substr(space + 1));
}

std::vector<std::string> GroupMates(const std::string& word) {
  const LexiconIndex& index = Index();
  std::vector<std::string> synonyms;
  auto found = index.groups_of.find(word);
  if (found == index.groups_of.end()) return synonyms;
  for (size_t g : found->second) {
    for (std::string_view entry : SynonymGroups()[g]) {
      if (entry == word) continue;
      if (std::find(synonyms.begin(), synonyms.end(), entry) != synonyms.end()) continue;
      synonyms.emplace_back(entry);
    }
  }
  return synonyms;
}

// Lower case, words separated by single spaces.
std::string NormalizePhrase(std::string_view text) {
  std::string normalized;
  for (char c : ToLower(text)) {
    const bool space = c == ' ' || c == '_' || c == '\t';
    if (space) {
      if (!normalized.empty() && normalized.back() != ' ') normalized += ' ';
    } else {
      normalized += c;
    }
  }
  while (!normalized.empty() && normalized.back() == ' ') normalized.pop_back();
  return normalized;
}

}  // namespace

std::vector<std::string> SynonymsOf(std::string_view word) {
  const std::string normalized = NormalizePhrase(word);
  if (normalized.empty()) return {};
  std::vector<std::string> synonyms = GroupMates(normalized);
  if (!synonyms.empty()) return synonyms;
  // "clients" → the synonyms of "client", in the plural.
  const std::string singular = Singular(normalized);
  if (singular == normalized) return synonyms;
  for (const std::string& synonym : GroupMates(singular)) {
    std::string plural = PluralPhrase(synonym);
    if (plural == normalized) continue;
    if (std::find(synonyms.begin(), synonyms.end(), plural) == synonyms.end()) {
      synonyms.push_back(std::move(plural));
    }
  }
  return synonyms;
}

bool IsLexiconWord(std::string_view word) {
  const LexiconIndex& index = Index();
  const std::string lower = ToLower(word);
  return index.words.count(lower) > 0 || index.words.count(Singular(lower)) > 0;
}

}  // namespace scry::semantic
