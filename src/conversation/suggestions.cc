#include "conversation/suggestions.h"

#include <cctype>
#include <set>

namespace scry::conversation {

std::vector<std::string> KeepParsedSuggestions(const std::vector<std::string>& candidates,
                                               const nlq::Parser& parser, const Clock& clock,
                                               const semantic::SemanticQuery& current,
                                               size_t limit) {
  std::vector<std::string> kept;
  std::set<std::string> seen;
  std::vector<semantic::SemanticQuery> queries = {current};
  for (const std::string& candidate : candidates) {
    if (kept.size() >= limit) break;
    if (candidate.empty() || !seen.insert(candidate).second) continue;
    nlq::ParseResult parse = parser.Parse(candidate, clock);
    if (!parse.UnderstoodWhole()) continue;
    // Two wordings of one query are one suggestion, and the answered query is none.
    bool repeated = false;
    for (const semantic::SemanticQuery& query : queries)
      repeated = repeated || query == parse.query;
    if (repeated) continue;
    queries.push_back(std::move(parse.query));
    std::string text = candidate;
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    kept.push_back(std::move(text));
  }
  return kept;
}

}  // namespace scry::conversation
