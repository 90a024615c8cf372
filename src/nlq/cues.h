// Cues: the function words and phrases that give a question its shape —
// "how many", "average", "more than", "by", "for each", "sorted by", "top",
// "youngest", "not", "different". A general English lexicon written for
// scry; nothing in it names a particular dataset. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nlq/token.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::nlq {

struct Cue {
  enum class Kind {
    kCount,        // how many, number of, count of
    kAggregate,    // average, total, maximum, ... (`aggregation`)
    kCompare,      // more than, at least, between, equal to ... (`op`, `negated`)
    kGroup,        // by, per, for each, each, broken down by
    kOrder,        // sorted by, ordered by, in order of, rank by
    kDirection,    // descending, ascending, alphabetical, from highest to lowest (`descending`)
    kSuperlative,  // most, highest, youngest, cheapest ... (`descending`, `quantity`)
    kComparative,  // older than, cheaper than ... (`op`, `quantity`)
    kLimit,        // top, first, bottom (with a number next to it)
    kDistinct,     // different, distinct, unique
    kNegation,     // not, no, never, without, except, other than
    kAllColumns,   // all information, all details, everything
    kTextMatch,    // containing, starting with, ending with (`op`)
    kAverageRef,   // the average (in "above the average"): compare with an aggregate
    kEither,       // either
    kAlso,         // both, as well as, and also: a set operation may follow
    kList,         // show, list, give, find, return, what is, which
    kCumulative,   // cumulative, running total, to date: added up period after period
  };
  Kind kind = Kind::kList;
  size_t begin = 0;
  size_t end = 0;  // one past the last token
  semantic::Aggregation aggregation = semantic::Aggregation::kNone;
  semantic::CompareOp op = semantic::CompareOp::kEq;
  bool negated = false;
  bool descending = false;
  // For superlatives and comparatives that imply a quantity ("youngest" →
  // age, "cheapest" → price): stems of the words a column would be named by.
  std::vector<std::string> quantity;
  // True when the implied quantity runs the other way in time columns
  // ("youngest" = latest birth date).
  bool quantity_is_age = false;
};

// Finds cues left to right, longest first, skipping `blocked` tokens.
std::vector<Cue> FindCues(const Tokens& tokens, const std::vector<bool>& blocked);

// Whether `token` is a word that never names anything in the model ("what",
// "show", "are") — used to report the words a reading did not use.
bool IsFunctionWord(const Token& token);

}  // namespace scry::nlq
