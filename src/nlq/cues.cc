#include "nlq/cues.h"

#include <algorithm>
#include <sstream>
#include <unordered_set>

namespace scry::nlq {
namespace {

using semantic::Aggregation;
using semantic::CompareOp;
using Kind = Cue::Kind;

struct CueSpec {
  const char* phrase;  // space-separated lower-case words
  Kind kind;
  Aggregation aggregation = Aggregation::kNone;
  CompareOp op = CompareOp::kEq;
  bool negated = false;
  bool descending = false;
  const char* quantity = "";  // space-separated words naming the implied quantity
  bool quantity_is_age = false;
};

// The order within a kind does not matter: the longest phrase wins.
const std::vector<CueSpec>& Specs() {
  static const auto* specs = new std::vector<CueSpec>{
      // Counting.
      {"how many", Kind::kCount},
      {"number of", Kind::kCount},
      {"numbers of", Kind::kCount},
      {"count of", Kind::kCount},
      {"count", Kind::kCount},
      {"counts", Kind::kCount},
      {"total number of", Kind::kCount},
      {"how much", Kind::kAggregate, Aggregation::kSum},
      // Aggregates.
      {"average", Kind::kAggregate, Aggregation::kAvg},
      {"averages", Kind::kAggregate, Aggregation::kAvg},
      {"mean", Kind::kAggregate, Aggregation::kAvg},
      {"avg", Kind::kAggregate, Aggregation::kAvg},
      {"typical", Kind::kAggregate, Aggregation::kAvg},
      {"total", Kind::kAggregate, Aggregation::kSum},
      {"totals", Kind::kAggregate, Aggregation::kSum},
      {"sum of", Kind::kAggregate, Aggregation::kSum},
      {"sum", Kind::kAggregate, Aggregation::kSum},
      {"combined", Kind::kAggregate, Aggregation::kSum},
      {"overall", Kind::kAggregate, Aggregation::kSum},
      {"maximum", Kind::kAggregate, Aggregation::kMax},
      {"max", Kind::kAggregate, Aggregation::kMax},
      {"minimum", Kind::kAggregate, Aggregation::kMin},
      {"min", Kind::kAggregate, Aggregation::kMin},
      {"median", Kind::kAggregate, Aggregation::kMedian},
      // Running totals: the measure added up period after period; with no
      // periods, the plain total they also say.
      {"cumulative", Kind::kCumulative},
      {"cumulatively", Kind::kCumulative},
      {"cumulated", Kind::kCumulative},
      {"accumulated", Kind::kCumulative},
      {"cumulative total", Kind::kCumulative},
      {"cumulative total of", Kind::kCumulative},
      {"cumulative sum", Kind::kCumulative},
      {"cumulative sum of", Kind::kCumulative},
      {"running total", Kind::kCumulative},
      {"running totals", Kind::kCumulative},
      {"running total of", Kind::kCumulative},
      {"running sum", Kind::kCumulative},
      {"running sum of", Kind::kCumulative},
      {"to date", Kind::kCumulative},
      // Comparisons.
      {"more than", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"greater than", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"larger than", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"bigger than", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"higher than", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"over", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"above", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"exceeding", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"exceeds", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"exceed", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"in excess of", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"at least", Kind::kCompare, Aggregation::kNone, CompareOp::kGe},
      {"no less than", Kind::kCompare, Aggregation::kNone, CompareOp::kGe},
      {"not less than", Kind::kCompare, Aggregation::kNone, CompareOp::kGe},
      {"or more", Kind::kCompare, Aggregation::kNone, CompareOp::kGe},
      {"minimum of", Kind::kCompare, Aggregation::kNone, CompareOp::kGe},
      {"less than", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"fewer than", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"smaller than", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"lower than", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"under", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"below", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"at most", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"no more than", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"not more than", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"or less", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"or fewer", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"up to", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"maximum of", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"between", Kind::kCompare, Aggregation::kNone, CompareOp::kBetween},
      {"equal to", Kind::kCompare, Aggregation::kNone, CompareOp::kEq},
      {"equals", Kind::kCompare, Aggregation::kNone, CompareOp::kEq},
      {"exactly", Kind::kCompare, Aggregation::kNone, CompareOp::kEq},
      {"not equal to", Kind::kCompare, Aggregation::kNone, CompareOp::kEq, true},
      {"other than", Kind::kCompare, Aggregation::kNone, CompareOp::kEq, true},
      {"different from", Kind::kCompare, Aggregation::kNone, CompareOp::kEq, true},
      {">", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {">=", Kind::kCompare, Aggregation::kNone, CompareOp::kGe},
      {"<", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"<=", Kind::kCompare, Aggregation::kNone, CompareOp::kLe},
      {"=", Kind::kCompare, Aggregation::kNone, CompareOp::kEq},
      // Comparative adjectives that may stand before the quantity they compare
      // ("a greater weight than 10"): read with the "than" that follows.
      {"greater", Kind::kCompare, Aggregation::kNone, CompareOp::kGt, false, false, "#split"},
      {"higher", Kind::kCompare, Aggregation::kNone, CompareOp::kGt, false, false, "#split"},
      {"larger", Kind::kCompare, Aggregation::kNone, CompareOp::kGt, false, false, "#split"},
      {"bigger", Kind::kCompare, Aggregation::kNone, CompareOp::kGt, false, false, "#split"},
      {"more", Kind::kCompare, Aggregation::kNone, CompareOp::kGt, false, false, "#split"},
      {"smaller", Kind::kCompare, Aggregation::kNone, CompareOp::kLt, false, false, "#split"},
      {"lower", Kind::kCompare, Aggregation::kNone, CompareOp::kLt, false, false, "#split"},
      {"less", Kind::kCompare, Aggregation::kNone, CompareOp::kLt, false, false, "#split"},
      {"fewer", Kind::kCompare, Aggregation::kNone, CompareOp::kLt, false, false, "#split"},
      // Comparatives that imply the quantity compared.
      {"older than", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false, "age",
       true},
      {"younger than", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false, "age",
       true},
      {"heavier than", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false,
       "weight"},
      {"lighter than", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false,
       "weight"},
      {"taller than", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false,
       "height"},
      {"shorter than", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false,
       "height length duration"},
      {"longer than", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false,
       "length duration"},
      {"cheaper than", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false,
       "price cost"},
      {"more expensive than", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false,
       "price cost"},
      {"earlier than", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false,
       "date year time"},
      {"later than", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false,
       "date year time"},
      {"faster than", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false,
       "speed"},
      {"slower than", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false,
       "speed"},
      {"aged over", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false, "age",
       true},
      {"aged under", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false, "age",
       true},
      {"aged", Kind::kComparative, Aggregation::kNone, CompareOp::kEq, false, false, "age", true},
      {"weighing", Kind::kComparative, Aggregation::kNone, CompareOp::kEq, false, false, "weight"},
      {"weigh", Kind::kComparative, Aggregation::kNone, CompareOp::kEq, false, false, "weight"},
      {"weighs", Kind::kComparative, Aggregation::kNone, CompareOp::kEq, false, false, "weight"},
      {"costing", Kind::kComparative, Aggregation::kNone, CompareOp::kEq, false, false,
       "price cost"},
      {"priced", Kind::kComparative, Aggregation::kNone, CompareOp::kEq, false, false,
       "price cost"},
      {"born after", Kind::kComparative, Aggregation::kNone, CompareOp::kGt, false, false,
       "birth born"},
      {"born before", Kind::kComparative, Aggregation::kNone, CompareOp::kLt, false, false,
       "birth born"},
      {"born in", Kind::kComparative, Aggregation::kNone, CompareOp::kEq, false, false,
       "birth born"},
      {"after", Kind::kCompare, Aggregation::kNone, CompareOp::kGt},
      {"before", Kind::kCompare, Aggregation::kNone, CompareOp::kLt},
      {"since", Kind::kCompare, Aggregation::kNone, CompareOp::kGe},
      // Grouping.
      {"by", Kind::kGroup},
      {"per", Kind::kGroup},
      {"for each", Kind::kGroup},
      {"for every", Kind::kGroup},
      {"each", Kind::kGroup},
      {"every", Kind::kGroup},
      {"of each", Kind::kGroup},
      {"in each", Kind::kGroup},
      {"across", Kind::kGroup},
      {"grouped by", Kind::kGroup},
      {"group by", Kind::kGroup},
      {"broken down by", Kind::kGroup},
      {"break down by", Kind::kGroup},
      {"breakdown by", Kind::kGroup},
      {"split by", Kind::kGroup},
      {"for different", Kind::kGroup},
      {"for the different", Kind::kGroup},
      {"of different", Kind::kGroup},
      {"by each", Kind::kGroup},
      // Ordering.
      {"order by", Kind::kOrder},
      {"ordered by", Kind::kOrder},
      {"sorted by", Kind::kOrder},
      {"sort by", Kind::kOrder},
      {"sorted on", Kind::kOrder},
      {"ranked by", Kind::kOrder},
      {"rank by", Kind::kOrder},
      {"arranged by", Kind::kOrder},
      {"in order of", Kind::kOrder},
      {"order of", Kind::kOrder},
      {"ordered", Kind::kOrder},
      {"sorted", Kind::kOrder},
      // Verbs whose "by" comes later: "sort the names by age".
      {"sort", Kind::kOrder, Aggregation::kNone, CompareOp::kEq, false, false, "#verb"},
      {"order", Kind::kOrder, Aggregation::kNone, CompareOp::kEq, false, false, "#verb"},
      {"rank", Kind::kOrder, Aggregation::kNone, CompareOp::kEq, false, false, "#verb"},
      {"arrange", Kind::kOrder, Aggregation::kNone, CompareOp::kEq, false, false, "#verb"},
      {"descending", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"descending order", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"decreasing", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"desc", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"from highest to lowest", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"from high to low", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"from largest to smallest", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false,
       true},
      {"from most to least", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"from the oldest to the youngest", Kind::kDirection, Aggregation::kNone, CompareOp::kEq,
       false, true},
      {"from oldest to youngest", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false,
       true},
      {"highest first", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"largest first", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"newest first", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"most recent first", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"reverse alphabetical", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"reversed alphabetical", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"reverse lexicographical", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false,
       true},
      {"reversed lexicographical", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false,
       true},
      {"reverse lexicographic", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"reverse order", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"reversed order", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false, true},
      {"descending alphabetical", Kind::kDirection, Aggregation::kNone, CompareOp::kEq, false,
       true},
      {"ascending", Kind::kDirection},
      {"ascending order", Kind::kDirection},
      {"increasing", Kind::kDirection},
      {"asc", Kind::kDirection},
      {"alphabetical", Kind::kDirection},
      {"alphabetically", Kind::kDirection},
      {"alphabetic", Kind::kDirection},
      {"lexicographic", Kind::kDirection},
      {"lexicographically", Kind::kDirection},
      {"from lowest to highest", Kind::kDirection},
      {"from low to high", Kind::kDirection},
      {"from smallest to largest", Kind::kDirection},
      {"from least to most", Kind::kDirection},
      {"from the youngest to the oldest", Kind::kDirection},
      {"from youngest to oldest", Kind::kDirection},
      {"oldest first", Kind::kDirection},
      // Superlatives.
      {"most", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true},
      {"the most", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true},
      {"highest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true},
      {"largest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "size area capacity"},
      {"biggest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "size area capacity"},
      {"greatest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true},
      {"maximal", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true},
      {"best", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "rating score rank"},
      {"least", Kind::kSuperlative},
      {"the least", Kind::kSuperlative},
      {"fewest", Kind::kSuperlative},
      {"the fewest", Kind::kSuperlative},
      {"lowest", Kind::kSuperlative},
      {"smallest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "size area capacity"},
      {"minimal", Kind::kSuperlative},
      {"worst", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "rating score rank"},
      {"youngest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false, "age",
       true},
      {"oldest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true, "age", true},
      {"newest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "date year time"},
      {"latest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "date year time"},
      {"most recent", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "date year time"},
      {"the last", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "date time year"},
      {"earliest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "date year time"},
      {"cheapest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "price cost"},
      {"most expensive", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "price cost"},
      {"least expensive", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "price cost"},
      {"heaviest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true, "weight"},
      {"lightest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false, "weight"},
      {"tallest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true, "height"},
      {"shortest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "height length duration"},
      {"longest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "length duration"},
      {"fastest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true, "speed"},
      {"slowest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false, "speed"},
      {"richest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "worth wealth income"},
      {"poorest", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "worth wealth income"},
      {"most popular", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "popularity"},
      {"the most common", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "#count"},
      {"the most frequent", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "#count"},
      {"the least common", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "#count"},
      {"the most popular", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "#count"},
      {"the most expensive", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "price cost"},
      {"the least expensive", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "price cost"},
      {"the most recent", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "date year time"},
      {"most common", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "#count"},
      {"most frequent", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, true,
       "#count"},
      {"least common", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "#count"},
      {"least frequent", Kind::kSuperlative, Aggregation::kNone, CompareOp::kEq, false, false,
       "#count"},
      {"limit it to", Kind::kLimit},
      {"limit to", Kind::kLimit},
      {"limit the results to", Kind::kLimit},
      {"limit the result to", Kind::kLimit},
      {"top", Kind::kLimit, Aggregation::kNone, CompareOp::kEq, false, true},
      {"first", Kind::kLimit},
      {"bottom", Kind::kLimit},
      // Distinct values.
      {"different", Kind::kDistinct},
      {"distinct", Kind::kDistinct},
      {"unique", Kind::kDistinct},
      {"various", Kind::kDistinct},
      // Negation.
      {"not", Kind::kNegation},
      {"no", Kind::kNegation},
      {"never", Kind::kNegation},
      {"without", Kind::kNegation},
      {"except", Kind::kNegation},
      {"except for", Kind::kNegation},
      {"excluding", Kind::kNegation},
      {"apart from", Kind::kNegation},
      {"none", Kind::kNegation},
      {"non", Kind::kNegation},
      // All columns.
      {"all information", Kind::kAllColumns},
      {"all the information", Kind::kAllColumns},
      {"all info", Kind::kAllColumns},
      {"all details", Kind::kAllColumns},
      {"all the details", Kind::kAllColumns},
      {"all data", Kind::kAllColumns},
      {"all the data", Kind::kAllColumns},
      {"all attributes", Kind::kAllColumns},
      {"all columns", Kind::kAllColumns},
      {"all fields", Kind::kAllColumns},
      {"everything", Kind::kAllColumns},
      {"information", Kind::kAllColumns},
      {"details", Kind::kAllColumns},
      {"all the records", Kind::kAllColumns},
      {"all records", Kind::kAllColumns},
      // Text matches.
      {"containing", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"contains", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"contain", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"including the word", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"with the word", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"like", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"has substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"have substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"with substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"has the substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"have the substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"with the substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"the substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"substring", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"has the word", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"have the word", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"contains the word", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"containing the word", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"includes", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"including", Kind::kTextMatch, Aggregation::kNone, CompareOp::kContains},
      {"starting with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kStartsWith},
      {"starts with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kStartsWith},
      {"start with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kStartsWith},
      {"beginning with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kStartsWith},
      {"begins with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kStartsWith},
      {"begin with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kStartsWith},
      {"ending with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kEndsWith},
      {"ends with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kEndsWith},
      {"end with", Kind::kTextMatch, Aggregation::kNone, CompareOp::kEndsWith},
      // Comparison with an aggregate.
      // Lists and sets.
      {"either", Kind::kEither},
      {"both", Kind::kAlso},
      {"as well as", Kind::kAlso},
      {"and also", Kind::kAlso},
      {"show", Kind::kList},
      {"list", Kind::kList},
      {"give", Kind::kList},
      {"find", Kind::kList},
      {"return", Kind::kList},
      {"display", Kind::kList},
      {"tell", Kind::kList},
      {"what", Kind::kList},
      {"which", Kind::kList},
      {"who", Kind::kList},
  };
  return *specs;
}

std::vector<std::string> SplitWords(const char* text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

struct CompiledSpec {
  std::vector<std::string> words;
  const CueSpec* spec;
};

const std::vector<CompiledSpec>& Compiled() {
  static const auto* compiled = [] {
    auto* out = new std::vector<CompiledSpec>;
    for (const CueSpec& spec : Specs()) out->push_back({SplitWords(spec.phrase), &spec});
    // Longest phrases first, so "more than" beats "more" and "the most" beats "most".
    std::stable_sort(out->begin(), out->end(), [](const CompiledSpec& a, const CompiledSpec& b) {
      return a.words.size() > b.words.size();
    });
    return out;
  }();
  return *compiled;
}

bool MatchesAt(const Tokens& tokens, const std::vector<bool>& blocked, size_t at,
               const std::vector<std::string>& words) {
  if (at + words.size() > tokens.size()) return false;
  for (size_t k = 0; k < words.size(); ++k) {
    const Token& token = tokens[at + k];
    if (blocked[at + k] || token.kind == Token::Kind::kQuoted || token.text != words[k]) {
      return false;
    }
  }
  return true;
}

Cue MakeCue(const CueSpec& spec, size_t begin, size_t end) {
  Cue cue;
  cue.kind = spec.kind;
  cue.begin = begin;
  cue.end = end;
  cue.aggregation = spec.aggregation;
  cue.op = spec.op;
  cue.negated = spec.negated;
  cue.descending = spec.descending;
  cue.quantity = SplitWords(spec.quantity);
  cue.quantity_is_age = spec.quantity_is_age;
  return cue;
}

}  // namespace

std::vector<Cue> FindCues(const Tokens& tokens, const std::vector<bool>& blocked) {
  std::vector<Cue> cues;
  size_t i = 0;
  while (i < tokens.size()) {
    bool found = false;
    for (const CompiledSpec& compiled : Compiled()) {
      if (MatchesAt(tokens, blocked, i, compiled.words)) {
        cues.push_back(MakeCue(*compiled.spec, i, i + compiled.words.size()));
        i += compiled.words.size();
        found = true;
        break;
      }
    }
    if (!found) ++i;
  }
  return cues;
}

bool IsFunctionWord(const Token& token) {
  static const auto* words = new std::unordered_set<std::string>{
      "what",  "which",  "who",   "whom",   "whose", "where",   "when",  "how",     "show",
      "list",  "give",   "find",  "return", "tell",  "display", "me",    "us",      "is",
      "are",   "was",    "were",  "be",     "the",   "a",       "an",    "of",      "for",
      "in",    "on",     "at",    "to",     "and",   "or",      "do",    "does",    "did",
      "have",  "has",    "had",   "that",   "this",  "those",   "these", "there",   "it",
      "its",   "their",  "they",  "them",   "with",  "from",    "as",    "all",     "please",
      "i",     "we",     "you",   "our",    "my",    "can",     "could", "would",   "will",
      "shall", "should", "get",   "want",   "know",  "see",     "need",  "also",    "both",
      "any",   "some",   "each",  "every",  "'s",    "?",       ".",     ",",       "!",
      "by",    "per",    "whose", "been",   "being", "only",    "just",  "about",   "into",
      "than",  "then",   "so",    "such",   "same",  "own",     "other", "another", "one",
      "ones"};
  return words->count(token.text) > 0;
}

}  // namespace scry::nlq
