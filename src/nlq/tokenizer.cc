#include "nlq/tokenizer.h"

#include <fmt/format.h>
#include <libstemmer.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace scry::nlq {
namespace {

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80); }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)); }
bool IsWordChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Multi-byte punctuation that people paste from word processors.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kUnicodeReplacements{{
    {"\u2018", "'"},
    {"\u2019", "'"},
    {"\u201c", "\""},
    {"\u201d", "\""},
    {"\u2013", "-"},
    {"\u2014", " - "},
    {"\u00a0", " "},
    {"\u2026", "..."},
    {"\u00b4", "'"},
    {"\u20ac", "$"},  // the unit is what matters to a question, not the currency
    {"\u00a3", "$"},
}};

// Contractions whose apostrophe would otherwise read as a possessive.
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kContractions{{
    {"won't", "will not"},   {"can't", "can not"},    {"cannot", "can not"},
    {"shan't", "shall not"}, {"ain't", "is not"},     {"what's", "what is"},
    {"that's", "that is"},   {"it's", "it is"},       {"there's", "there is"},
    {"who's", "who is"},     {"where's", "where is"}, {"how's", "how is"},
    {"here's", "here is"},   {"let's", "let us"},     {"when's", "when is"},
    {"which's", "which is"}, {"he's", "he is"},       {"she's", "she is"},
    {"i'm", "i am"},         {"y'all", "you all"},    {"whats", "what is"},
    {"wheres", "where is"},  {"thats", "that is"},    {"hows", "how is"},
}};

std::string ReplaceUnicode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      for (const auto& [from, to] : kUnicodeReplacements) {
        if (text.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

// Whether a single quote opened before `position` is still unclosed: a quote
// at the start of a word opens, one at the end of a word closes.
bool QuoteIsOpen(std::string_view text, size_t position) {
  bool open = false;
  for (size_t i = 0; i < position; ++i) {
    if (text[i] != '\'') continue;
    const bool at_word_start = (i == 0 || IsSpace(text[i - 1]) || text[i - 1] == '(') &&
                               i + 1 < text.size() && !IsSpace(text[i + 1]);
    if (at_word_start)
      open = true;
    else if (open && (i + 1 == text.size() || !IsWordChar(text[i + 1])))
      open = false;
  }
  return open;
}

// Expands contractions word by word, keeping everything else as typed.
std::string ExpandContractions(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAlpha(text[i])) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && (IsWordChar(text[end]) || text[end] == '\'')) ++end;
    // A trailing apostrophe (plural possessive "dogs'") is not part of the word.
    size_t word_end = end;
    while (word_end > i && text[word_end - 1] == '\'') --word_end;
    std::string word(text.substr(i, word_end - i));
    const std::string lower = Lower(word);
    bool done = false;
    for (const auto& [from, to] : kContractions) {
      if (lower == from) {
        out += to;
        done = true;
        break;
      }
    }
    if (!done && lower.size() > 3 && lower.ends_with("n't")) {
      out += word.substr(0, word.size() - 3) + " not";
      done = true;
    }
    if (!done) {
      static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kSuffixes{
          {{"'re", " are"}, {"'ve", " have"}, {"'ll", " will"}, {"'d", " would"}, {"'m", " am"}}};
      for (const auto& [suffix, expansion] : kSuffixes) {
        if (lower.size() > suffix.size() && lower.ends_with(suffix)) {
          out += word.substr(0, word.size() - suffix.size());
          out += expansion;
          done = true;
          break;
        }
      }
    }
    if (!done && lower.size() > 2 && lower.ends_with("'s")) {
      out += word.substr(0, word.size() - 2) + " 's";
      done = true;
    }
    if (!done) out += word;
    // "dogs'" → "dogs 's"; but "'London'" closes a quote.
    if (word_end < end) out += QuoteIsOpen(text, i) ? "'" : " 's";
    i = end;
  }
  return out;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// ---- numbers -------------------------------------------------------------

const std::unordered_map<std::string, int>& NumberWords() {
  static const auto* words = new std::unordered_map<std::string, int>{
      {"zero", 0},        {"one", 1},           {"two", 2},
      {"three", 3},       {"four", 4},          {"five", 5},
      {"six", 6},         {"seven", 7},         {"eight", 8},
      {"nine", 9},        {"ten", 10},          {"eleven", 11},
      {"twelve", 12},     {"thirteen", 13},     {"fourteen", 14},
      {"fifteen", 15},    {"sixteen", 16},      {"seventeen", 17},
      {"eighteen", 18},   {"nineteen", 19},     {"twenty", 20},
      {"thirty", 30},     {"forty", 40},        {"fifty", 50},
      {"sixty", 60},      {"seventy", 70},      {"eighty", 80},
      {"ninety", 90},     {"dozen", 12},        {"hundred", 100},
      {"thousand", 1000}, {"million", 1000000}, {"billion", 1000000000}};
  return *words;
}

const std::unordered_map<std::string, int>& OrdinalWords() {
  static const auto* words = new std::unordered_map<std::string, int>{
      {"first", 1},     {"second", 2},   {"third", 3},      {"fourth", 4},     {"fifth", 5},
      {"sixth", 6},     {"seventh", 7},  {"eighth", 8},     {"ninth", 9},      {"tenth", 10},
      {"eleventh", 11}, {"twelfth", 12}, {"twentieth", 20}, {"hundredth", 100}};
  return *words;
}

// 1 for "k"/"thousand", 1e6 for "m"/"mn"/"million", 1e9 for "b"/"bn"/"billion".
double MultiplierOf(std::string_view word) {
  if (word == "k" || word == "thousand") return 1e3;
  if (word == "m" || word == "mn" || word == "mm" || word == "million" || word == "millions") {
    return 1e6;
  }
  if (word == "b" || word == "bn" || word == "billion" || word == "billions") return 1e9;
  return 0;
}

std::string NumberText(double value) {
  if (std::fabs(value) < 1e15 && value == std::floor(value)) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  std::string text = fmt::format("{:.10g}", value);
  return text;
}

void SetNumber(Token* token, double value) {
  token->kind = Token::Kind::kNumber;
  token->number = value;
  token->integer = value == std::floor(value) && std::fabs(value) < 1e15;
  token->number_text = NumberText(value);
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  Tokens Run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (IsSpace(c)) {
        ++pos_;
      } else if ((c == '"' || c == '\'') && TryQuoted(c)) {
      } else if (IsDigit(c) ||
                 ((c == '$') && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1])) ||
                 (c == '.' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]))) {
        ReadNumber();
      } else if (IsWordChar(c)) {
        ReadWord();
      } else {
        ReadPunct();
      }
    }
    CombineNumberWords();
    ApplyMultiplierWords();
    for (Token& token : tokens_) {
      if (token.kind == Token::Kind::kWord) token.stem = Stem(token.text);
    }
    return std::move(tokens_);
  }

 private:
  // A quote starts a quoted value when a matching quote closes it before the
  // end; an apostrophe inside a word never gets here (contractions are gone).
  bool TryQuoted(char quote) {
    const size_t close = text_.find(quote, pos_ + 1);
    if (close == std::string_view::npos || close == pos_ + 1) return false;
    if (close + 1 < text_.size() && IsWordChar(text_[close + 1])) return false;
    Token token;
    token.kind = Token::Kind::kQuoted;
    token.original = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
    token.text = Lower(token.original);
    token.begin = pos_;
    token.end = close + 1;
    tokens_.push_back(std::move(token));
    pos_ = close + 1;
    return true;
  }

  bool IsThousandsSeparator(size_t comma) const {
    if (comma + 3 >= text_.size()) return false;
    for (size_t k = 1; k <= 3; ++k) {
      if (!IsDigit(text_[comma + k])) return false;
    }
    return comma + 4 >= text_.size() || !IsDigit(text_[comma + 4]);
  }

  void ReadNumber() {
    Token token;
    token.begin = pos_;
    if (text_[pos_] == '$') {
      token.unit = Token::Unit::kCurrency;
      ++pos_;
    }
    std::string digits;
    bool seen_point = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (IsDigit(c)) {
        digits += c;
      } else if (c == ',' && IsThousandsSeparator(pos_)) {
        // "1,234": skipped; only a comma followed by exactly three digits.
      } else if (c == '.' && !seen_point && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1])) {
        seen_point = true;
        digits += c;
      } else {
        break;
      }
      ++pos_;
    }
    // A token such as "3rd", "1970s", "a320": letters right after the digits.
    size_t suffix_end = pos_;
    while (suffix_end < text_.size() && IsWordChar(text_[suffix_end])) ++suffix_end;
    const std::string suffix = Lower(text_.substr(pos_, suffix_end - pos_));
    double value = std::strtod(digits.c_str(), nullptr);
    if (!suffix.empty()) {
      if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
        token.ordinal = true;
      } else if (const double m = MultiplierOf(suffix); m > 0) {
        value *= m;
      } else if (suffix == "s" && digits.size() == 4) {
        // "1990s": a decade; the time pass reads it from the original text.
      } else {
        // Not a number after all: an identifier such as "a320" or "5g".
        token.kind = Token::Kind::kWord;
        token.text = Lower(text_.substr(token.begin, suffix_end - token.begin));
        token.original = std::string(text_.substr(token.begin, suffix_end - token.begin));
        token.end = suffix_end;
        pos_ = suffix_end;
        tokens_.push_back(std::move(token));
        return;
      }
    }
    pos_ = suffix_end;
    if (pos_ < text_.size() && text_[pos_] == '%') {
      token.unit = Token::Unit::kPercent;
      ++pos_;
    }
    SetNumber(&token, value);
    token.end = pos_;
    token.original = std::string(text_.substr(token.begin, token.end - token.begin));
    token.text = Lower(token.original);
    tokens_.push_back(std::move(token));
  }

  void ReadWord() {
    Token token;
    token.begin = pos_;
    while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
    token.end = pos_;
    token.original = std::string(text_.substr(token.begin, token.end - token.begin));
    token.text = Lower(token.original);
    if (auto it = OrdinalWords().find(token.text); it != OrdinalWords().end()) {
      // Stays a word ("first name" is a column); the number is there for "third highest".
      token.ordinal = true;
      token.number = it->second;
      token.number_text = NumberText(it->second);
    }
    tokens_.push_back(std::move(token));
  }

  void ReadPunct() {
    Token token;
    token.begin = pos_;
    if (text_.substr(pos_, 2) == "'s") {
      token.kind = Token::Kind::kPunct;
      token.text = "'s";
      pos_ += 2;
    } else if (text_[pos_] == '&') {
      token.kind = Token::Kind::kWord;  // "Home & Garden": a word that values contain
      token.text = "&";
      ++pos_;
    } else if (static_cast<unsigned char>(text_[pos_]) >= 0x80) {
      ++pos_;
      while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) {
        ++pos_;
      }
      token.kind = Token::Kind::kPunct;
      token.text = std::string(text_.substr(token.begin, pos_ - token.begin));
    } else {
      token.kind = Token::Kind::kPunct;
      token.text = std::string(1, text_[pos_]);
      ++pos_;
    }
    token.end = pos_;
    token.original = token.text;
    tokens_.push_back(std::move(token));
  }

  // "twenty five" → 25, "three hundred" → 300, "a dozen" → 12. A lone "one"
  // stays a word unless a comparison or count frames it ("more than one"),
  // because "the one with the most" is a pronoun.
  void CombineNumberWords() {
    Tokens out;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      const auto& words = NumberWords();
      auto it = words.find(tokens_[i].text);
      if (tokens_[i].kind != Token::Kind::kWord || it == words.end() ||
          tokens_[i].text == "hundred" || tokens_[i].text == "thousand" ||
          tokens_[i].text == "million" || tokens_[i].text == "billion") {
        out.push_back(std::move(tokens_[i]));
        continue;
      }
      if (tokens_[i].text == "dozen" && !(out.size() > 0 && out.back().Is("a"))) {
        out.push_back(std::move(tokens_[i]));
        continue;
      }
      size_t j = i;
      double total = 0, group = 0;
      while (j < tokens_.size() && tokens_[j].kind == Token::Kind::kWord) {
        auto w = words.find(tokens_[j].text);
        if (w == words.end()) break;
        const int v = w->second;
        if (v == 100) {
          group = (group == 0 ? 1 : group) * 100;
        } else if (v >= 1000) {
          total += (group == 0 ? 1 : group) * v;
          group = 0;
        } else {
          group += v;
        }
        ++j;
        if (j < tokens_.size() && tokens_[j].Is("and") && j + 1 < tokens_.size() &&
            words.count(tokens_[j + 1].text) && words.at(tokens_[j + 1].text) < 100 &&
            group >= 100) {
          ++j;  // "three hundred and five"
        }
      }
      total += group;
      const bool lone_one = j == i + 1 && tokens_[i].text == "one";
      if (lone_one && !FramesCount(out)) {
        out.push_back(std::move(tokens_[i]));
        continue;
      }
      if (tokens_[i].text == "dozen") out.pop_back();  // "a dozen": drop the "a"
      Token number = tokens_[i];
      SetNumber(&number, total);
      number.end = tokens_[j - 1].end;
      number.original = tokens_[i].original;
      for (size_t k = i + 1; k < j; ++k) number.original += " " + tokens_[k].original;
      number.text = Lower(number.original);
      out.push_back(std::move(number));
      i = j - 1;
    }
    tokens_ = std::move(out);
  }

  static bool FramesCount(const Tokens& before) {
    if (before.empty()) return false;
    static constexpr std::array<std::string_view, 13> kFrames{
        "than", "least", "most",  "exactly", "only", "just", "top",
        "over", "under", "above", "below",   "with", "to"};
    for (std::string_view frame : kFrames) {
      if (before.back().text == frame) return true;
    }
    return false;
  }

  // "5 million", "2.5 billion": a multiplier word after a number.
  void ApplyMultiplierWords() {
    Tokens out;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (!out.empty() && out.back().kind == Token::Kind::kNumber && !out.back().ordinal &&
          tokens_[i].kind == Token::Kind::kWord) {
        const double m = MultiplierOf(tokens_[i].text);
        if (m > 0 && tokens_[i].text != "m" && tokens_[i].text != "b") {
          Token& number = out.back();
          SetNumber(&number, number.number * m);
          number.end = tokens_[i].end;
          number.original += " " + tokens_[i].original;
          number.text = Lower(number.original);
          continue;
        }
        if (tokens_[i].text == "percent" || tokens_[i].text == "pct") {
          out.back().unit = Token::Unit::kPercent;
          out.back().end = tokens_[i].end;
          continue;
        }
      }
      out.push_back(std::move(tokens_[i]));
    }
    tokens_ = std::move(out);
  }

  std::string_view text_;
  size_t pos_ = 0;
  Tokens tokens_;
};

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};

}  // namespace

std::string Normalize(std::string_view question) {
  return CollapseSpaces(ExpandContractions(ReplaceUnicode(question)));
}

Tokens Tokenize(std::string_view normalized) { return Tokenizer(normalized).Run(); }

std::string Stem(std::string_view word) {
  // A Snowball stemmer is not thread-safe; one per thread costs a few KB.
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", "UTF_8"));
  if (!stemmer || word.empty()) return std::string(word);
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (stemmed == nullptr) return std::string(word);
  return std::string(reinterpret_cast<const char*>(stemmed), sb_stemmer_length(stemmer.get()));
}

}  // namespace scry::nlq
