#include "semantic/identifier_words.h"

#include <array>
#include <cctype>

#include "semantic/bootstrap.h"
#include "semantic/lexicon_data.h"

namespace scry::semantic {
namespace {

bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Endings that run-together identifiers commonly end with ("customerid").
constexpr std::array<std::string_view, 16> kCommonEndings{
    "id",   "date", "name",  "code",   "key",   "number", "num",   "time",
    "year", "type", "count", "amount", "price", "total",  "level", "status"};

// Acronyms shown in capitals in display names.
constexpr std::array<std::string_view, 44> kAcronyms{
    "id",  "url",  "uri",  "ip",   "sku", "vat",  "gdp", "usd",  "eur", "gbp", "iso",
    "api", "uuid", "guid", "pdf",  "ceo", "cfo",  "cto", "cpu",  "gpu", "tv",  "uk",
    "usa", "eu",   "kpi",  "roi",  "ytd", "mtd",  "faq", "html", "sql", "gps", "dob",
    "ssn", "upc",  "ean",  "isbn", "vin", "iban", "hr",  "pc",   "crm", "erp", "sms"};

bool Contains(const auto& list, std::string_view word) {
  for (std::string_view candidate : list) {
    if (candidate == word) return true;
  }
  return false;
}

// Whether a word boundary falls between text[i - 1] and text[i] of one
// alphanumeric run.
bool IsBoundary(std::string_view run, size_t i) {
  const char prev = run[i - 1];
  const char cur = run[i];
  if (IsLower(prev) && IsUpper(cur)) return true;
  // "HTTPServer": the last capital of a run starts the next word.
  if (IsUpper(prev) && IsUpper(cur) && i + 1 < run.size() && IsLower(run[i + 1])) return true;
  if (IsDigit(prev) != IsDigit(cur)) {
    if (IsDigit(prev)) {
      // "2nd", "3rd", "4th", "21st" stay whole.
      const std::string rest = ToLower(run.substr(i, 2));
      const bool ordinal = rest == "st" || rest == "nd" || rest == "rd" || rest == "th";
      return !(ordinal && (i + 2 == run.size() || !std::isalpha(run[i + 2])));
    }
    // "Q1", "x2" stay whole: a single letter before digits.
    const bool single_letter = i == 1 || !std::isalpha(static_cast<unsigned char>(run[i - 2]));
    return !single_letter;
  }
  return false;
}

bool LooksLikeAcronym(std::string_view token, bool mixed_case) {
  if (token.size() < 2) return false;
  for (char c : token) {
    if (IsLower(c)) return false;
  }
  return mixed_case && !IsDigit(token[0]);
}

// "customerid" → "customer", "id" when "customer" is a word of the lexicon.
void SplitRunTogether(IdentifierWord word, std::vector<IdentifierWord>* out) {
  if (word.lower.size() >= 5 && !IsLexiconWord(word.lower)) {
    for (std::string_view ending : kCommonEndings) {
      const size_t cut = word.lower.size() - ending.size();
      if (word.lower.size() < ending.size() + 3 || word.lower.substr(cut) != ending) continue;
      if (!IsLexiconWord(word.lower.substr(0, cut))) continue;
      out->push_back({word.lower.substr(0, cut), word.written.substr(0, cut), false});
      out->push_back({word.lower.substr(cut), word.written.substr(cut), false});
      return;
    }
  }
  out->push_back(std::move(word));
}

}  // namespace

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string Squeeze(std::string_view identifier) {
  std::string squeezed;
  for (char c : identifier) {
    if (IsAlnum(c)) squeezed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return squeezed;
}

std::vector<IdentifierWord> SplitIdentifierWords(std::string_view identifier) {
  bool has_upper = false;
  bool has_lower = false;
  for (char c : identifier) {
    has_upper = has_upper || IsUpper(c);
    has_lower = has_lower || IsLower(c);
  }
  const bool mixed_case = has_upper && has_lower;
  std::vector<IdentifierWord> words;
  size_t i = 0;
  while (i < identifier.size()) {
    if (!IsAlnum(identifier[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < identifier.size() && IsAlnum(identifier[end])) ++end;
    const std::string_view run = identifier.substr(i, end - i);
    size_t start = 0;
    for (size_t k = 1; k <= run.size(); ++k) {
      if (k < run.size() && !IsBoundary(run, k)) continue;
      const std::string_view token = run.substr(start, k - start);
      IdentifierWord word{ToLower(token), std::string(token), LooksLikeAcronym(token, mixed_case)};
      if (word.acronym) {
        words.push_back(std::move(word));
      } else {
        SplitRunTogether(std::move(word), &words);
      }
      start = k;
    }
    i = end;
  }
  return words;
}

std::vector<std::string> IdentifierWords(std::string_view identifier) {
  std::vector<std::string> words;
  for (IdentifierWord& word : SplitIdentifierWords(identifier)) {
    words.push_back(std::move(word.lower));
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, std::string_view separator) {
  std::string joined;
  for (const std::string& word : words) {
    if (!joined.empty()) joined += separator;
    joined += word;
  }
  return joined;
}

// Words in lower case, the first capitalized; acronyms in capitals. A short
// all-capital word without vowels in an all-capital identifier ("GNP",
// "SSN") is taken for an acronym too.
std::string DisplayNameFor(std::string_view identifier) {
  std::string display;
  for (const IdentifierWord& word : SplitIdentifierWords(identifier)) {
    std::string shown = word.lower;
    const bool no_vowel = word.lower.find_first_of("aeiouy") == std::string::npos;
    const bool all_caps =
        word.written.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos &&
        ToLower(word.written) != word.written;
    if (word.acronym) {
      shown = word.written;
    } else if (Contains(kAcronyms, word.lower) ||
               (all_caps && no_vowel && word.lower.size() <= 4 && !IsDigit(word.lower[0]))) {
      for (char& c : shown) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (display.empty()) {
      shown[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(shown[0])));
    } else {
      display += ' ';
    }
    display += shown;
  }
  return display;
}

}  // namespace scry::semantic
