#include "answer/words.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace scry::answer {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string Humanize(std::string text) {
  std::replace(text.begin(), text.end(), '_', ' ');
  return Capitalized(std::move(text));
}

std::string Spoken(const std::string& display_name, const std::string& name) {
  std::string text = Lower(display_name.empty() ? name : display_name);
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::string MidSentence(const std::string& title) {
  if (title.size() < 2 || !std::islower(static_cast<unsigned char>(title[1]))) return title;
  std::string out = title;
  out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string Plural(const std::string& word) {
  if (word.empty()) return word;
  const char last = word.back();
  const bool consonant_y =
      last == 'y' && word.size() > 1 &&
      std::string_view("aeiou").find(word[word.size() - 2]) == std::string_view::npos;
  if (consonant_y) return word.substr(0, word.size() - 1) + "ies";
  if (last == 's' || last == 'x' || word.ends_with("ch") || word.ends_with("sh")) {
    return word + "es";
  }
  return word + "s";
}

}  // namespace scry::answer
