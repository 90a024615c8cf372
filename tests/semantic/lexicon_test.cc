#include "semantic/lexicon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "semantic/lexicon_data.h"

namespace scry::semantic {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(LexiconTest, SynonymsGoBothWays) {
  EXPECT_THAT(SynonymsOf("revenue"), Contains("turnover"));
  EXPECT_THAT(SynonymsOf("turnover"), Contains("revenue"));
  EXPECT_THAT(SynonymsOf("customer"), Contains("client"));
  EXPECT_THAT(SynonymsOf("client"), Contains("customer"));
  EXPECT_THAT(SynonymsOf("quantity"), Contains("units"));
  EXPECT_THAT(SynonymsOf("staff member"), Contains("employee"));
  EXPECT_THAT(SynonymsOf("town"), Contains("city"));
  EXPECT_THAT(SynonymsOf("inhabitants"), Contains("population"));
  EXPECT_THAT(SynonymsOf("surface"), Contains("area"));
}

TEST(LexiconTest, SynonymsExcludeTheWordAndAreNormalized) {
  EXPECT_THAT(SynonymsOf("revenue"), Not(Contains("revenue")));
  EXPECT_THAT(SynonymsOf("Revenue"), Contains("sales"));
  EXPECT_THAT(SynonymsOf("unit_price"), Contains("price"));
  EXPECT_THAT(SynonymsOf("  first   name "), Contains("given name"));
}

TEST(LexiconTest, DistinctThingsAreNotSynonyms) {
  EXPECT_THAT(SynonymsOf("price"), Not(Contains("cost")));
  EXPECT_THAT(SynonymsOf("name"), Not(Contains("title")));
  EXPECT_THAT(SynonymsOf("region"), Not(Contains("area")));
}

TEST(LexiconTest, PluralsFindTheSingularsGroup) {
  EXPECT_THAT(SynonymsOf("clients"), Contains("customers"));
  EXPECT_THAT(SynonymsOf("employees"), Contains("workers"));
  EXPECT_THAT(SynonymsOf("numbers"), Not(Contains("how manies")));
}

TEST(LexiconTest, UnknownWordsHaveNone) {
  EXPECT_THAT(SynonymsOf("zorblax"), IsEmpty());
  EXPECT_THAT(SynonymsOf(""), IsEmpty());
}

TEST(LexiconTest, HasManyGroups) { EXPECT_GE(SynonymGroups().size(), 150u); }

TEST(LexiconTest, KnowsItsWords) {
  EXPECT_TRUE(IsLexiconWord("customer"));
  EXPECT_TRUE(IsLexiconWord("customers"));
  EXPECT_FALSE(IsLexiconWord("val"));
}

struct Inflection {
  const char* singular;
  const char* plural;
};

class InflectionTest : public ::testing::TestWithParam<Inflection> {};

TEST_P(InflectionTest, SingularAndPlural) {
  EXPECT_EQ(Singular(GetParam().plural), GetParam().singular);
  EXPECT_EQ(Plural(GetParam().singular), GetParam().plural);
  // Already in the wanted number: unchanged.
  EXPECT_EQ(Singular(GetParam().singular), GetParam().singular);
  EXPECT_EQ(Plural(GetParam().plural), GetParam().plural);
}

INSTANTIATE_TEST_SUITE_P(
    Nouns, InflectionTest,
    ::testing::Values(
        Inflection{"customer", "customers"}, Inflection{"category", "categories"},
        Inflection{"company", "companies"}, Inflection{"day", "days"},
        Inflection{"person", "people"}, Inflection{"child", "children"}, Inflection{"man", "men"},
        Inflection{"woman", "women"}, Inflection{"salesman", "salesmen"},
        Inflection{"salesperson", "salespeople"}, Inflection{"mouse", "mice"},
        Inflection{"foot", "feet"}, Inflection{"tooth", "teeth"}, Inflection{"goose", "geese"},
        Inflection{"criterion", "criteria"}, Inflection{"analysis", "analyses"},
        Inflection{"crisis", "crises"}, Inflection{"status", "statuses"},
        Inflection{"address", "addresses"}, Inflection{"bus", "buses"}, Inflection{"box", "boxes"},
        Inflection{"tax", "taxes"}, Inflection{"match", "matches"}, Inflection{"dish", "dishes"},
        Inflection{"leaf", "leaves"}, Inflection{"life", "lives"}, Inflection{"wife", "wives"},
        Inflection{"knife", "knives"}, Inflection{"hero", "heroes"},
        Inflection{"potato", "potatoes"}, Inflection{"photo", "photos"},
        Inflection{"movie", "movies"}, Inflection{"database", "databases"},
        Inflection{"house", "houses"}, Inflection{"purchase", "purchases"},
        Inflection{"course", "courses"}, Inflection{"price", "prices"}, Inflection{"size", "sizes"},
        Inflection{"quiz", "quizzes"}, Inflection{"series", "series"},
        Inflection{"species", "species"}, Inflection{"news", "news"}, Inflection{"sales", "sales"},
        Inflection{"data", "data"}, Inflection{"id", "ids"},
        Inflection{"order item", "order items"}, Inflection{"human", "humans"},
        Inflection{"specimen", "specimens"}));

TEST(InflectionTest, OddCases) {
  EXPECT_EQ(Singular("indices"), "index");
  EXPECT_EQ(Singular("Categories"), "category");
  EXPECT_EQ(Plural("datum"), "data");
  EXPECT_EQ(Singular("analytics"), "analytics");
  EXPECT_EQ(Singular("class"), "class");
  EXPECT_EQ(Plural("class"), "classes");
  EXPECT_EQ(Singular("glasses"), "glass");
  EXPECT_EQ(Singular(""), "");
  EXPECT_EQ(Plural(""), "");
}

}  // namespace
}  // namespace scry::semantic
