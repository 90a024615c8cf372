#include "nlq/linker.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <unordered_map>

#include "semantic/lexicon.h"

namespace scry::nlq {
namespace {

// Stop words that may sit inside a mention: "name of the song", "singer's age".
bool IsGapWord(const Token& token) {
  return token.text == "of" || token.text == "the" || token.text == "a" || token.text == "an" ||
         token.text == "'s" || token.text == "-" || token.text == "for";
}

// How a question token can be compared with phrase stems: its stem, its
// digits for numbers, and a typo-corrected stem when it has none of its own.
struct TokenKeys {
  std::string stem;
  std::string corrected;  // empty when the stem is known or no close stem exists
};

TokenKeys KeysOf(const Token& token, const SchemaIndex& index) {
  TokenKeys keys;
  if (token.kind == Token::Kind::kNumber) {
    keys.stem = token.number_text;
    return keys;
  }
  if (token.kind != Token::Kind::kWord) return keys;
  keys.stem = token.stem;
  // "the second line" names line_2: an ordinal word also reads as its digits.
  if (token.ordinal && !token.number_text.empty()) {
    keys.corrected = token.number_text;
    return keys;
  }
  // Short stems are too close to too many words ("owned" is one letter from "town").
  if (!index.EntriesWithStem(token.stem).empty() || token.stem.size() < 5 ||
      IsStopWord(token.text)) {
    return keys;
  }
  int best = 2;
  // Typed words are compared with the words the model's names are made of
  // ("custmers" is one letter from "customers", three from its stem "custom").
  for (const auto& [word, stem] : index.words()) {
    if (word.size() < 5 ||
        std::abs(static_cast<int>(word.size()) - static_cast<int>(token.text.size())) > 1) {
      continue;
    }
    const int distance = BoundedEditDistance(token.text, word, 1);
    if (distance < best) {
      best = distance;
      keys.corrected = stem;
    }
  }
  if (!keys.corrected.empty()) return keys;
  for (const std::string& stem : index.stems()) {
    if (stem.size() < 5 ||
        std::abs(static_cast<int>(stem.size()) - static_cast<int>(token.stem.size())) > 1) {
      continue;
    }
    const int distance = BoundedEditDistance(token.stem, stem, 1);
    if (distance < best) {
      best = distance;
      keys.corrected = stem;
    }
  }
  return keys;
}

// A past or present participle the lexicon does not list as a word of its own.
bool IsVerbForm(const std::string& word) {
  return word.size() > 4 && (word.ends_with("ed") || word.ends_with("ing")) &&
         !semantic::IsLexiconWord(word);
}

struct RawMatch {
  int entry;
  std::vector<size_t> positions;
  double score;
  bool full;
  bool fuzzy;
  int phrase;
};

class Matcher {
 public:
  Matcher(const Tokens& tokens, const SchemaIndex& index, const std::vector<bool>& blocked)
      : tokens_(tokens), index_(index), blocked_(blocked) {
    keys_.reserve(tokens.size());
    for (const Token& token : tokens) keys_.push_back(KeysOf(token, index));
  }

  std::vector<RawMatch> FindAll() const {
    std::vector<RawMatch> matches;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (!Usable(i)) continue;
      for (const std::string* key : {&keys_[i].stem, &keys_[i].corrected}) {
        if (key->empty()) continue;
        const bool fuzzy = key == &keys_[i].corrected;
        for (const auto& [entry, phrase] : index_.EntriesWithStem(*key)) {
          if (auto match = MatchFrom(i, entry, phrase, fuzzy)) matches.push_back(*match);
        }
      }
    }
    return matches;
  }

 private:
  bool Usable(size_t i) const {
    const Token& token = tokens_[i];
    if (blocked_[i]) return false;
    if (token.kind == Token::Kind::kPunct || token.kind == Token::Kind::kQuoted) return false;
    return !(token.kind == Token::Kind::kWord && IsStopWord(token.text));
  }

  const std::string& KeyMatching(size_t i, const std::vector<std::string>& stems) const {
    for (const std::string* key : {&keys_[i].stem, &keys_[i].corrected}) {
      if (!key->empty() && std::find(stems.begin(), stems.end(), *key) != stems.end()) {
        return *key;
      }
    }
    static const std::string kNone;
    return kNone;
  }

  // Extends a match that starts at token `start` over the following tokens
  // whose stems belong to the phrase, allowing gap words between them.
  std::optional<RawMatch> MatchFrom(size_t start, int entry_index, int phrase_index,
                                    bool fuzzy) const {
    const Entry& entry = index_.entries()[entry_index];
    const Entry::Phrase& phrase = entry.phrases[phrase_index];
    const bool ordered = entry.kind == Entry::Kind::kValue;
    // A phrase is matched once per start: only where its first usable word is.
    if (start > 0 && Usable(start - 1) && !KeyMatching(start - 1, phrase.stems).empty()) {
      return std::nullopt;
    }
    std::vector<std::string> matched;
    std::vector<size_t> positions;
    bool any_fuzzy = false;
    size_t j = start;
    int gaps = 0;
    while (j < tokens_.size() && matched.size() < phrase.stems.size()) {
      if (blocked_[j]) break;
      const std::string& key = KeyMatching(j, phrase.stems);
      const bool fresh =
          !key.empty() && std::find(matched.begin(), matched.end(), key) == matched.end();
      const bool in_order =
          !ordered || (matched.size() < phrase.stems.size() && phrase.stems[matched.size()] == key);
      if (fresh && in_order) {
        matched.push_back(key);
        positions.push_back(j);
        any_fuzzy = any_fuzzy || key == keys_[j].corrected;
        gaps = 0;
        ++j;
        continue;
      }
      // Values may hold punctuation the tokenizer split off: "amc hornet (sw)".
      if (ordered && tokens_[j].kind == Token::Kind::kPunct && !matched.empty() &&
          tokens_[j].text != "," && tokens_[j].text != "?" && gaps < 3) {
        ++gaps;
        ++j;
        continue;
      }
      if (!ordered && IsGapWord(tokens_[j]) && gaps < 2 && !matched.empty()) {
        ++gaps;
        ++j;
        continue;
      }
      break;
    }
    if (matched.empty()) return std::nullopt;
    // "kinds of", "types of": a word of measure before "of" names a column
    // only with the noun it measures ("type of pet" for pet type).
    if (positions.size() == 1 && positions.front() + 1 < tokens_.size() &&
        tokens_[positions.front() + 1].text == "of") {
      const std::string& word = tokens_[positions.front()].text;
      if (word == "kind" || word == "kinds" || word == "type" || word == "types" ||
          word == "sort" || word == "sorts" || word == "variety" || word == "varieties") {
        return std::nullopt;
      }
    }
    const bool full = matched.size() == phrase.stems.size();
    // A number names a column only with the rest of its name ("line 2"); on
    // its own it is a value, not a partial column name.
    const bool only_numbers = std::all_of(positions.begin(), positions.end(), [&](size_t p) {
      return tokens_[p].kind == Token::Kind::kNumber;
    });
    // Nor a stored value: "more than one performance" is not a rank of '1'.
    // A number next to its column ("weekly rank 1") is read as a value of it
    // by the intent pass.
    if (only_numbers) return std::nullopt;
    if (ordered && !full) return std::nullopt;  // a value is named whole or not at all
    // A metric is named whole: "meaning" is not half of "mean discount".
    if (entry.kind == Entry::Kind::kMetric && !full) return std::nullopt;
    // A verb names no column through a synonym it shares a stem with
    // ("produced" is not "producer").
    // A synonym read with a verb in it ("cars produced" is not "car producers").
    if (phrase.weight < 1 && entry.kind != Entry::Kind::kValue) {
      for (size_t p : positions) {
        // Unless the lexicon has the verb itself ("described" for description).
        if (IsVerbForm(tokens_[p].text)) return std::nullopt;
      }
    }
    // nor half of a name ("listed" is not the model list).
    if (positions.size() == 1 && entry.kind != Entry::Kind::kValue &&
        (phrase.weight < 1 || matched.size() < phrase.stems.size())) {
      if (IsVerbForm(tokens_[positions.front()].text)) return std::nullopt;
    }
    if (entry.kind == Entry::Kind::kValue && !LooseValueMatchAllowed(entry, positions)) {
      return std::nullopt;
    }
    double score = phrase.weight * static_cast<double>(matched.size()) / phrase.stems.size();
    if (!full) score *= 0.8;
    if (any_fuzzy || fuzzy) score *= 0.85;
    return RawMatch{entry_index, positions, score, full, any_fuzzy || fuzzy, phrase_index};
  }

  // In a long list of names (cities, people), a word typed in lower case that
  // only resembles a capitalized name ("spoken" ~ "Spokane", "independent" ~
  // "Independence") is an ordinary word of the question, not the name. Short
  // lists of categories keep their typo tolerance ("europ" for "Europe").
  bool LooseValueMatchAllowed(const Entry& entry, const std::vector<size_t>& positions) const {
    constexpr size_t kLongList = 300;
    const auto& values = index_.model().tables[entry.table].columns[entry.column].values;
    if (values.size() <= kLongList) return true;
    if (entry.value.empty() || !std::isupper(static_cast<unsigned char>(entry.value.front()))) {
      return true;
    }
    std::string typed;
    for (size_t p : positions) {
      if (!typed.empty()) typed += ' ';
      typed += tokens_[p].text;
    }
    std::string stored;
    for (char c : entry.value)
      stored += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (typed == stored) return true;
    const std::string& first = tokens_[positions.front()].original;
    return !first.empty() && std::isupper(static_cast<unsigned char>(first.front()));
  }

  const Tokens& tokens_;
  const SchemaIndex& index_;
  const std::vector<bool>& blocked_;
  std::vector<TokenKeys> keys_;
};

// Keeps the best score per (entry, positions).
std::vector<RawMatch> Deduplicate(std::vector<RawMatch> matches) {
  std::map<std::pair<int, std::vector<size_t>>, RawMatch> best;
  for (RawMatch& match : matches) {
    auto key = std::make_pair(match.entry, match.positions);
    auto it = best.find(key);
    if (it == best.end() || it->second.score < match.score) best[key] = std::move(match);
  }
  std::vector<RawMatch> out;
  for (auto& [key, match] : best) out.push_back(std::move(match));
  return out;
}

// "the first, middle, and last names": modifiers listed before one head noun
// each name a column with that head. For a multi-word match ending a list,
// the words before it are tried with the rest of the phrase.
void DistributeHeads(const Tokens& tokens, const SchemaIndex& index,
                     const std::vector<bool>& blocked, std::vector<RawMatch>* matches) {
  std::vector<RawMatch> added;
  for (const RawMatch& match : *matches) {
    if (match.positions.size() < 2 || !match.full) continue;
    const Entry& entry = index.entries()[match.entry];
    if (entry.kind != Entry::Kind::kColumn) continue;
    const size_t first = match.positions.front();
    // Walk back over "A , B , and": single modifier words and joiners.
    size_t t = first;
    while (t > 0) {
      const Token& joiner = tokens[t - 1];
      if (joiner.text != "," && joiner.text != "and" && joiner.text != "or") break;
      size_t word = t - 1;
      while (word > 0 && (tokens[word - 1].text == "," || tokens[word - 1].text == "and")) --word;
      if (word == 0 || blocked[word - 1]) break;
      const Token& modifier = tokens[word - 1];
      if (modifier.kind != Token::Kind::kWord || IsStopWord(modifier.text)) break;
      // The modifier replaces the matched phrase's first word: "first" + "name".
      std::vector<std::string> wanted;
      wanted.push_back(modifier.ordinal && !modifier.number_text.empty() ? modifier.number_text
                                                                         : modifier.stem);
      for (size_t k = 1; k < match.positions.size(); ++k) {
        wanted.push_back(tokens[match.positions[k]].stem);
      }
      std::sort(wanted.begin(), wanted.end());
      for (const auto& [other, phrase] : index.EntriesWithStem(wanted.front())) {
        const Entry& candidate = index.entries()[other];
        if (candidate.kind != Entry::Kind::kColumn) continue;
        std::vector<std::string> stems = candidate.phrases[phrase].stems;
        std::sort(stems.begin(), stems.end());
        if (stems != wanted) continue;
        added.push_back({other, {word - 1}, match.score * 0.95, true, false, phrase});
      }
      t = word - 1;
    }
  }
  for (RawMatch& match : added) matches->push_back(std::move(match));
}

}  // namespace

int BoundedEditDistance(const std::string& a, const std::string& b, int cap) {
  // Optimal string alignment: insertions, deletions, substitutions and
  // transpositions of neighbours ("categroy") each cost one. Three rolling
  // rows (two back for transpositions); on the stack for words of ordinary
  // length, since this runs for every unknown word against the model's words.
  const size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > cap) return cap + 1;
  constexpr size_t kStack = 64;
  std::array<int, 3 * (kStack + 1)> stack_rows;
  std::vector<int> heap_rows;
  int* rows = stack_rows.data();
  if (m > kStack) {
    heap_rows.resize(3 * (m + 1));
    rows = heap_rows.data();
  }
  int* two_back = rows;
  int* previous = rows + (m + 1);
  int* current = rows + 2 * (m + 1);
  for (size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    int row_min = current[0];
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, two_back[j - 2] + 1);
      }
      current[j] = best;
      row_min = std::min(row_min, best);
    }
    if (row_min > cap) return cap + 1;
    int* recycled = two_back;
    two_back = previous;
    previous = current;
    current = recycled;
  }
  return previous[m];
}

std::vector<Mention> LinkMentions(const Tokens& tokens, const SchemaIndex& index,
                                  const std::vector<bool>& blocked) {
  std::vector<RawMatch> matches = Matcher(tokens, index, blocked).FindAll();
  DistributeHeads(tokens, index, blocked, &matches);
  matches = Deduplicate(std::move(matches));
  // Whole phrases first, then longest, then best scored: a longer phrase is a
  // more specific reading, but half of one ("number ... orders" as part of
  // "order item line number") must not hide a whole one ("orders").
  std::sort(matches.begin(), matches.end(), [](const RawMatch& a, const RawMatch& b) {
    if (a.full != b.full) return a.full;
    if (a.positions.size() != b.positions.size()) return a.positions.size() > b.positions.size();
    if (a.score != b.score) return a.score > b.score;
    return a.entry < b.entry;
  });
  std::vector<bool> taken(tokens.size(), false);
  std::vector<Mention> mentions;
  std::map<std::vector<size_t>, size_t> by_positions;
  for (const RawMatch& match : matches) {
    auto it = by_positions.find(match.positions);
    if (it != by_positions.end()) {
      mentions[it->second].candidates.push_back(
          {match.entry, match.score, match.full, match.fuzzy, match.phrase});
      continue;
    }
    const bool free = std::none_of(match.positions.begin(), match.positions.end(),
                                   [&](size_t p) { return taken[p]; });
    if (!free) continue;
    for (size_t p : match.positions) taken[p] = true;
    Mention mention;
    mention.positions = match.positions;
    mention.begin = match.positions.front();
    mention.end = match.positions.back() + 1;
    mention.candidates.push_back({match.entry, match.score, match.full, match.fuzzy, match.phrase});
    by_positions[match.positions] = mentions.size();
    mentions.push_back(std::move(mention));
  }
  for (Mention& mention : mentions) {
    std::stable_sort(mention.candidates.begin(), mention.candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  }
  // "car models": a word that only half names something, right before a word
  // that names something whole, is a modifier of it, not a mention.
  std::vector<bool> whole(tokens.size(), false);
  for (const Mention& mention : mentions) {
    if (mention.best().full) {
      for (size_t p : mention.positions) whole[p] = true;
    }
  }
  mentions.erase(std::remove_if(mentions.begin(), mentions.end(),
                                [&](const Mention& mention) {
                                  return mention.positions.size() == 1 && !mention.best().full &&
                                         mention.end < tokens.size() && whole[mention.end];
                                }),
                 mentions.end());
  std::sort(mentions.begin(), mentions.end(),
            [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  return mentions;
}

}  // namespace scry::nlq
