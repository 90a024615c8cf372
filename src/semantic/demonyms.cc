// Adjectives of place in general English, for questions such as "Asian
// countries" or "French singers" against a column of place names.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "semantic/lexicon.h"

namespace scry::semantic {
namespace {

const std::unordered_map<std::string_view, std::string_view>& Demonyms() {
  static const auto* places = new std::unordered_map<std::string_view, std::string_view>{
      // Continents and large regions.
      {"african", "africa"},
      {"asian", "asia"},
      {"european", "europe"},
      {"north american", "north america"},
      {"south american", "south america"},
      {"latin american", "latin america"},
      {"oceanian", "oceania"},
      {"antarctic", "antarctica"},
      {"caribbean", "caribbean"},
      {"scandinavian", "scandinavia"},
      {"middle eastern", "middle east"},
      // Countries.
      {"afghan", "afghanistan"},
      {"albanian", "albania"},
      {"algerian", "algeria"},
      {"american", "united states"},
      {"argentine", "argentina"},
      {"argentinian", "argentina"},
      {"australian", "australia"},
      {"austrian", "austria"},
      {"bangladeshi", "bangladesh"},
      {"belgian", "belgium"},
      {"bolivian", "bolivia"},
      {"brazilian", "brazil"},
      {"british", "united kingdom"},
      {"bulgarian", "bulgaria"},
      {"canadian", "canada"},
      {"chilean", "chile"},
      {"chinese", "china"},
      {"colombian", "colombia"},
      {"croatian", "croatia"},
      {"cuban", "cuba"},
      {"czech", "czech republic"},
      {"danish", "denmark"},
      {"dutch", "netherlands"},
      {"egyptian", "egypt"},
      {"english", "england"},
      {"estonian", "estonia"},
      {"ethiopian", "ethiopia"},
      {"filipino", "philippines"},
      {"finnish", "finland"},
      {"french", "france"},
      {"german", "germany"},
      {"greek", "greece"},
      {"hungarian", "hungary"},
      {"icelandic", "iceland"},
      {"indian", "india"},
      {"indonesian", "indonesia"},
      {"iranian", "iran"},
      {"iraqi", "iraq"},
      {"irish", "ireland"},
      {"israeli", "israel"},
      {"italian", "italy"},
      {"jamaican", "jamaica"},
      {"japanese", "japan"},
      {"kenyan", "kenya"},
      {"korean", "korea"},
      {"latvian", "latvia"},
      {"lithuanian", "lithuania"},
      {"malaysian", "malaysia"},
      {"mexican", "mexico"},
      {"moroccan", "morocco"},
      {"nigerian", "nigeria"},
      {"norwegian", "norway"},
      {"pakistani", "pakistan"},
      {"peruvian", "peru"},
      {"polish", "poland"},
      {"portuguese", "portugal"},
      {"romanian", "romania"},
      {"russian", "russia"},
      {"saudi", "saudi arabia"},
      {"scottish", "scotland"},
      {"serbian", "serbia"},
      {"singaporean", "singapore"},
      {"slovak", "slovakia"},
      {"slovenian", "slovenia"},
      {"spanish", "spain"},
      {"swedish", "sweden"},
      {"swiss", "switzerland"},
      {"syrian", "syria"},
      {"taiwanese", "taiwan"},
      {"thai", "thailand"},
      {"turkish", "turkey"},
      {"ukrainian", "ukraine"},
      {"venezuelan", "venezuela"},
      {"vietnamese", "vietnam"},
      {"welsh", "wales"},
  };
  return *places;
}

}  // namespace

std::string PlaceOfDemonym(std::string_view word) {
  auto it = Demonyms().find(word);
  return it == Demonyms().end() ? std::string() : std::string(it->second);
}

std::vector<std::string> DemonymsOfPlace(std::string_view place) {
  std::vector<std::string> demonyms;
  for (const auto& [demonym, name] : Demonyms()) {
    if (name == place) demonyms.emplace_back(demonym);
  }
  return demonyms;
}

}  // namespace scry::semantic
