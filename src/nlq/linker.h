// Linking: which words of a question name which parts of the model.
//
// Finds every span of tokens that matches a phrase of a table, column,
// metric or dictionary value (in any order inside the span, with stop words
// as gaps, and with typo tolerance for longer words), then keeps a
// non-overlapping set of mentions, longest and best first. Each mention keeps
// all the entries it could mean, best first: "name" may be a singer's or a
// stadium's; the intent pass chooses with the rest of the question in view.
// Thread-safe (pure functions of their inputs).
#pragma once

#include <vector>

#include "nlq/schema_index.h"
#include "nlq/token.h"

namespace scry::nlq {

struct Candidate {
  int entry = -1;
  double score = 0;   // 0..1: how well the words match the entry's phrase
  bool full = false;  // every word of the phrase was matched
  bool fuzzy = false;
  int phrase = -1;  // which phrase of the entry matched
};

struct Mention {
  size_t begin = 0;                   // first token
  size_t end = 0;                     // one past the last token
  std::vector<size_t> positions;      // the content tokens matched
  std::vector<Candidate> candidates;  // best first, all over the same tokens

  const Candidate& best() const { return candidates.front(); }
};

// `blocked[i]` marks tokens already taken by an earlier pass (time expressions).
std::vector<Mention> LinkMentions(const Tokens& tokens, const SchemaIndex& index,
                                  const std::vector<bool>& blocked);

// Edit distance with a cap: returns cap + 1 as soon as it is exceeded.
int BoundedEditDistance(const std::string& a, const std::string& b, int cap);

}  // namespace scry::nlq
