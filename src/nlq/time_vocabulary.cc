#include "nlq/time_vocabulary.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace scry::nlq {
namespace {

bool Contains(std::initializer_list<std::string_view> words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

}  // namespace

std::string_view WordAt(const Tokens& tokens, size_t i) {
  if (i >= tokens.size() || !tokens[i].IsWord()) return {};
  return tokens[i].text;
}

bool WordIs(const Tokens& tokens, size_t i, std::string_view word) {
  return !word.empty() && WordAt(tokens, i) == word;
}

bool WordIn(const Tokens& tokens, size_t i, std::initializer_list<std::string_view> words) {
  const std::string_view word = WordAt(tokens, i);
  return !word.empty() && Contains(words, word);
}

bool PunctIs(const Tokens& tokens, size_t i, std::string_view punct) {
  return i < tokens.size() && tokens[i].kind == Token::Kind::kPunct && tokens[i].text == punct;
}

std::optional<size_t> MatchWords(const Tokens& tokens, size_t i,
                                 std::initializer_list<std::string_view> words) {
  bool first = true;
  for (std::string_view word : words) {
    if (!first && PunctIs(tokens, i, "-")) ++i;
    if (!WordIs(tokens, i, word)) return std::nullopt;
    ++i;
    first = false;
  }
  return i;
}

size_t SkipHyphen(const Tokens& tokens, size_t i) { return PunctIs(tokens, i, "-") ? i + 1 : i; }

bool StartsSentence(const Tokens& tokens, size_t i) {
  return i == 0 || PunctIs(tokens, i - 1, ".") || PunctIs(tokens, i - 1, "?") ||
         PunctIs(tokens, i - 1, "!");
}

size_t PlainDigitCount(const Tokens& tokens, size_t i) {
  if (i >= tokens.size()) return 0;
  const Token& token = tokens[i];
  if (token.kind != Token::Kind::kNumber || !token.integer || token.ordinal ||
      token.unit != Token::Unit::kNone || !AllDigits(token.original)) {
    return 0;
  }
  return token.original.size();
}

std::optional<int> CountAt(const Tokens& tokens, size_t i) {
  if (WordIn(tokens, i, {"a", "an", "one"})) return 1;
  if (i >= tokens.size()) return std::nullopt;
  const Token& token = tokens[i];
  if (token.kind != Token::Kind::kNumber || !token.integer || token.ordinal ||
      token.unit != Token::Unit::kNone || token.number < 1 || token.number > 1000) {
    return std::nullopt;
  }
  return static_cast<int>(token.number);
}

std::optional<int> DayNumberAt(const Tokens& tokens, size_t i) {
  if (i >= tokens.size()) return std::nullopt;
  const Token& token = tokens[i];
  const bool digits = PlainDigitCount(tokens, i) > 0 && PlainDigitCount(tokens, i) <= 2;
  const bool ordinal = token.ordinal && token.unit == Token::Unit::kNone;
  if (!digits && !ordinal) return std::nullopt;
  if (token.number < 1 || token.number > 31 || token.number != static_cast<int>(token.number)) {
    return std::nullopt;
  }
  return static_cast<int>(token.number);
}

std::optional<int> OrdinalAt(const Tokens& tokens, size_t i) {
  if (i >= tokens.size() || !tokens[i].ordinal) return std::nullopt;
  const double value = tokens[i].number;
  if (value < 1 || value > 4 || value != static_cast<int>(value)) return std::nullopt;
  return static_cast<int>(value);
}

std::optional<int> MonthOfWord(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, int>, 25> kMonths{{
      {"january", 1},   {"jan", 1},   {"february", 2},  {"feb", 2},      {"march", 3},
      {"mar", 3},       {"april", 4}, {"apr", 4},       {"may", 5},      {"june", 6},
      {"jun", 6},       {"july", 7},  {"jul", 7},       {"august", 8},   {"aug", 8},
      {"september", 9}, {"sep", 9},   {"sept", 9},      {"october", 10}, {"oct", 10},
      {"november", 11}, {"nov", 11},  {"december", 12}, {"dec", 12},     {"febuary", 2},
  }};
  for (const auto& [name, month] : kMonths) {
    if (name == word) return month;
  }
  return std::nullopt;
}

bool MonthWordNeedsContext(std::string_view word) {
  return Contains({"may", "march", "mar", "august", "aug", "jan", "dec"}, word);
}

std::optional<TimeUnit> UnitOfWord(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, TimeUnit>, 18> kUnits{{
      {"day", TimeUnit::kDay},
      {"days", TimeUnit::kDay},
      {"week", TimeUnit::kWeek},
      {"weeks", TimeUnit::kWeek},
      {"wk", TimeUnit::kWeek},
      {"wks", TimeUnit::kWeek},
      {"month", TimeUnit::kMonth},
      {"months", TimeUnit::kMonth},
      {"mth", TimeUnit::kMonth},
      {"mths", TimeUnit::kMonth},
      {"quarter", TimeUnit::kQuarter},
      {"quarters", TimeUnit::kQuarter},
      {"qtr", TimeUnit::kQuarter},
      {"qtrs", TimeUnit::kQuarter},
      {"year", TimeUnit::kYear},
      {"years", TimeUnit::kYear},
      {"yr", TimeUnit::kYear},
      {"yrs", TimeUnit::kYear},
  }};
  for (const auto& [name, unit] : kUnits) {
    if (name == word) return unit;
  }
  return std::nullopt;
}

bool IsPluralUnitWord(std::string_view word) {
  return Contains({"days", "weeks", "wks", "months", "mths", "quarters", "qtrs", "years", "yrs"},
                  word);
}

std::optional<TimeUnit> GrainAdverbOfWord(std::string_view word) {
  if (word == "daily") return TimeUnit::kDay;
  if (word == "weekly") return TimeUnit::kWeek;
  if (word == "monthly") return TimeUnit::kMonth;
  if (word == "quarterly") return TimeUnit::kQuarter;
  if (word == "yearly" || word == "annually") return TimeUnit::kYear;
  return std::nullopt;
}

std::string_view GrainAdverb(TimeUnit unit) {
  static constexpr std::array<std::string_view, 5> kAdverbs{"daily", "weekly", "monthly",
                                                            "quarterly", "yearly"};
  return kAdverbs[static_cast<size_t>(unit)];
}

bool IsQuantityWord(std::string_view word) {
  return Contains({"than",    "above", "below",  "over",          "under",   "least",   "most",
                   "exactly", "about", "around", "approximately", "nearly",  "almost",  "top",
                   "bottom",  "first", "last",   "next",          "limit",   "with",    "id",
                   "#",       "no",    "number", "code",          "equals",  "equal",   "within",
                   "only",    "just",  "max",    "min",           "maximum", "minimum", "upto"},
                  word);
}

bool IsTimePreposition(std::string_view word) {
  return Contains(
      {"in",       "during",    "since", "until",   "till", "til", "through", "thru",
       "before",   "after",     "from",  "between", "for",  "of",  "on",      "throughout",
       "starting", "beginning", "early", "mid",     "late", "end", "each",    "every"},
      word);
}

bool IsFunctionWord(std::string_view word) {
  return Contains(
      {"and",      "or",      "but",       "by",        "for",     "in",        "on",     "at",
       "of",       "to",      "from",      "with",      "without", "per",       "each",   "every",
       "vs",       "versus",  "than",      "the",       "a",       "an",        "only",   "please",
       "where",    "which",   "that",      "who",       "when",    "how",       "what",   "is",
       "are",      "was",     "were",      "be",        "been",    "do",        "does",   "did",
       "has",      "have",    "had",       "not",       "as",      "so",        "then",   "also",
       "compared", "against", "grouped",   "sorted",    "ordered", "order",     "group",  "broken",
       "split",    "show",    "list",      "give",      "me",      "it",        "they",   "them",
       "there",    "here",    "including", "excluding", "except",  "inclusive", "both",   "all",
       "any",      "between", "during",    "since",     "until",   "before",    "after",  "onwards",
       "onward",   "through", "compare",   "if",        "while",   "into",      "across", "among",
       "over",     "under",   "above",     "below",     "up",      "down"},
      word);
}

bool IsCountedNounAt(const Tokens& tokens, size_t i) {
  const std::string_view word = WordAt(tokens, i);
  if (word.empty() || IsFunctionWord(word)) return false;
  return !UnitOfWord(word) && !MonthOfWord(word) && !GrainAdverbOfWord(word) &&
         !Contains({"growth", "change", "yoy", "ytd", "onwards", "onward", "today", "now"}, word);
}

}  // namespace scry::nlq
