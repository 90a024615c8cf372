// Singular and plural of English nouns: the regular rules, the irregular
// nouns a business question may use, and the nouns that have one form.
// Everything is lower case; a phrase inflects its last word ("order item" →
// "order items").
#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "semantic/identifier_words.h"
#include "semantic/lexicon.h"

namespace scry::semantic {
namespace {

// Singular → plural where no rule gives it.
constexpr std::array<std::pair<std::string_view, std::string_view>, 76> kIrregular{{
    {"person", "people"},
    {"child", "children"},
    {"man", "men"},
    {"woman", "women"},
    {"mouse", "mice"},
    {"foot", "feet"},
    {"tooth", "teeth"},
    {"goose", "geese"},
    {"ox", "oxen"},
    {"louse", "lice"},
    {"die", "dice"},
    {"criterion", "criteria"},
    {"phenomenon", "phenomena"},
    {"datum", "data"},
    {"cactus", "cacti"},
    {"alumnus", "alumni"},
    {"stimulus", "stimuli"},
    {"nucleus", "nuclei"},
    {"fungus", "fungi"},
    {"radius", "radii"},
    {"syllabus", "syllabi"},
    {"curriculum", "curricula"},
    {"bacterium", "bacteria"},
    {"memorandum", "memoranda"},
    {"matrix", "matrices"},
    {"vertex", "vertices"},
    {"appendix", "appendices"},
    {"quiz", "quizzes"},
    {"leaf", "leaves"},
    {"life", "lives"},
    {"wife", "wives"},
    {"knife", "knives"},
    {"wolf", "wolves"},
    {"half", "halves"},
    {"shelf", "shelves"},
    {"thief", "thieves"},
    {"loaf", "loaves"},
    {"calf", "calves"},
    {"self", "selves"},
    {"elf", "elves"},
    {"scarf", "scarves"},
    {"hoof", "hooves"},
    {"hero", "heroes"},
    {"potato", "potatoes"},
    {"tomato", "tomatoes"},
    {"echo", "echoes"},
    {"veto", "vetoes"},
    {"torpedo", "torpedoes"},
    {"volcano", "volcanoes"},
    {"mosquito", "mosquitoes"},
    {"embargo", "embargoes"},
    {"domino", "dominoes"},
    {"cargo", "cargoes"},
    {"axis", "axes"},
    {"epoch", "epochs"},
    {"stomach", "stomachs"},
    {"monarch", "monarchs"},
    {"patriarch", "patriarchs"},
    {"tech", "techs"},
    {"movie", "movies"},
    {"cookie", "cookies"},
    {"rookie", "rookies"},
    {"calorie", "calories"},
    {"selfie", "selfies"},
    {"zombie", "zombies"},
    {"brownie", "brownies"},
    {"smoothie", "smoothies"},
    {"goalie", "goalies"},
    {"prairie", "prairies"},
    {"cache", "caches"},
    {"niche", "niches"},
    {"ache", "aches"},
    {"headache", "headaches"},
    {"cliche", "cliches"},
    {"avalanche", "avalanches"},
    {"moustache", "moustaches"},
}};

// Nouns with one form for both numbers, and words that only look plural.
constexpr std::array<std::string_view, 78> kInvariant{
    "news",         "series",       "species",     "sheep",    "fish",      "deer",
    "moose",        "equipment",    "information", "data",     "software",  "hardware",
    "furniture",    "feedback",     "research",    "evidence", "advice",    "luggage",
    "baggage",      "traffic",      "weather",     "rice",     "aircraft",  "spacecraft",
    "offspring",    "headquarters", "means",       "sales",    "staff",     "personnel",
    "police",       "cattle",       "money",       "music",    "mail",      "media",
    "gas",          "yes",          "plus",        "lens",     "atlas",     "canvas",
    "alias",        "bias",         "chaos",       "this",     "his",       "was",
    "has",          "does",         "its",         "goods",    "earnings",  "savings",
    "proceeds",     "premises",     "thanks",      "arrears",  "outskirts", "belongings",
    "surroundings", "clothes",      "kudos",       "jeans",    "pants",     "scissors",
    "tennis",       "chess",        "revenue",     "income",   "inventory", "homework",
    "education",    "knowledge",    "access",      "progress", "wildlife",  "merchandise"};

// Latin nouns in -us whose plural adds -es ("buses", "statuses").
constexpr std::array<std::string_view, 30> kUsNouns{
    "bus",       "status",    "bonus",  "campus",   "virus",     "census",  "focus", "prospectus",
    "apparatus", "chorus",    "circus", "surplus",  "consensus", "nexus",   "sinus", "octopus",
    "walrus",    "thesaurus", "minus",  "genus",    "corpus",    "lotus",   "fetus", "hiatus",
    "impetus",   "abacus",    "stylus", "terminus", "citrus",    "syllabus"};

// "-men" words that are not the plural of "-man".
constexpr std::array<std::string_view, 11> kMenWords{"specimen", "abdomen", "omen", "stamen",
                                                     "regimen",  "semen",   "amen", "hymen",
                                                     "lumen",    "acumen",  "yemen"};
constexpr std::array<std::string_view, 9> kManWords{
    "human", "german", "roman", "shaman", "talisman", "caiman", "ottoman", "cayman", "walkman"};

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view word) {
  for (std::string_view candidate : list) {
    if (candidate == word) return true;
  }
  return false;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

std::string_view Lookup(std::string_view word, bool to_plural) {
  for (const auto& [singular, plural] : kIrregular) {
    if (to_plural && singular == word) return plural;
    if (!to_plural && plural == word) return singular;
  }
  return {};
}

// "salesperson" → "salespeople", "grandchild" → "grandchildren".
std::string CompoundPlural(const std::string& w) {
  if (w.ends_with("person")) return w.substr(0, w.size() - 6) + "people";
  if (w.ends_with("child")) return w + "ren";
  if (w.ends_with("man") && w.size() > 3 && !In(kManWords, w)) {
    return w.substr(0, w.size() - 3) + "men";
  }
  return "";
}

std::string CompoundSingular(const std::string& w) {
  if (w.ends_with("people")) return w.substr(0, w.size() - 6) + "person";
  if (w.ends_with("children")) return w.substr(0, w.size() - 3);
  if (w.ends_with("men") && w.size() > 3 && !In(kMenWords, w)) {
    return w.substr(0, w.size() - 3) + "man";
  }
  return "";
}

std::string Strip(const std::string& w, size_t n) { return w.substr(0, w.size() - n); }

// "-ses", "-xes", "-ches", ...: which part of the ending is the plural's.
std::string SingularOfEs(const std::string& w) {
  if (w.ends_with("sses") || w.ends_with("shes") || w.ends_with("xes")) return Strip(w, 2);
  if (w.ends_with("yses")) return Strip(w, 2) + "is";  // analyses
  if (w.ends_with("uses")) return In(kUsNouns, Strip(w, 2)) ? Strip(w, 2) : Strip(w, 1);
  if (w.ends_with("ches")) return Strip(w, 2);  // matches (caches etc. are irregular)
  if (w.ends_with("oes")) return Strip(w, 1);   // shoes (heroes etc. are irregular)
  if (w.ends_with("ses") && (w.ends_with("ises") || w.ends_with("eses") || w.ends_with("oses"))) {
    // crises, theses, diagnoses: a Greek -is noun when the stem is long enough to be one.
    static const std::unordered_set<std::string> kIsNouns{
        "crises",      "theses",   "diagnoses", "hypotheses", "synopses",
        "parentheses", "emphases", "oases",     "prognoses",  "ellipses"};
    if (kIsNouns.count(w) > 0) return Strip(w, 2) + "is";
  }
  return Strip(w, 1);
}

std::string SingularWord(const std::string& w) {
  if (w.size() < 3 || In(kInvariant, w)) return w;
  if (std::string_view irregular = Lookup(w, /*to_plural=*/false); !irregular.empty()) {
    return std::string(irregular);
  }
  if (std::string compound = CompoundSingular(w); !compound.empty()) return compound;
  if (w.ends_with("indices")) return Strip(w, 4) + "ex";
  if (w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") || w.ends_with("ics")) return w;
  if (!w.ends_with('s')) return w;
  if (w.ends_with("ies") && w.size() > 4) return Strip(w, 3) + "y";
  if (w.ends_with("es")) return SingularOfEs(w);
  return Strip(w, 1);
}

std::string PluralWord(const std::string& w) {
  if (w.empty() || In(kInvariant, w)) return w;
  if (std::string_view irregular = Lookup(w, /*to_plural=*/true); !irregular.empty()) {
    return std::string(irregular);
  }
  if (std::string compound = CompoundPlural(w); !compound.empty()) return compound;
  if (w.ends_with("is") && w.size() > 3) return Strip(w, 2) + "es";  // analysis
  if (w.ends_with('y') && w.size() > 1 && !IsVowel(w[w.size() - 2])) return Strip(w, 1) + "ies";
  if (w.ends_with('s') || w.ends_with("sh") || w.ends_with("ch") || w.ends_with('x') ||
      w.ends_with('z')) {
    return w + "es";
  }
  return w + "s";
}

// Applies `inflect` to the last word of a lower-case phrase.
template <typename Inflect>
std::string InflectLast(std::string_view text, Inflect inflect) {
  const std::string lower = ToLower(text);
  const size_t space = lower.rfind(' ');
  if (space == std::string::npos) return inflect(lower);
  return lower.substr(0, space + 1) + inflect(lower.substr(space + 1));
}

}  // namespace

std::string Singular(std::string_view word) { return InflectLast(word, SingularWord); }

std::string Plural(std::string_view word) {
  return InflectLast(word, [](const std::string& w) {
    // A word that is already plural stays as it is ("customers", "people").
    const std::string singular = SingularWord(w);
    if (singular != w && PluralWord(singular) == w) return w;
    return PluralWord(w);
  });
}

}  // namespace scry::semantic
