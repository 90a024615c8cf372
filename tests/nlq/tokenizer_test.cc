// The first passes: normalization and tokens, numbers with separators and
// units, number words, ordinals, quoted strings and stems.
#include "nlq/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scry::nlq {
namespace {

Tokens Read(std::string_view question) { return Tokenize(Normalize(question)); }

std::vector<std::string> Texts(const Tokens& tokens) {
  std::vector<std::string> texts;
  for (const Token& token : tokens) texts.push_back(token.text);
  return texts;
}

const Token& OnlyNumber(const Tokens& tokens) {
  const Token* found = nullptr;
  for (const Token& token : tokens) {
    if (token.kind == Token::Kind::kNumber) {
      EXPECT_EQ(found, nullptr) << "more than one number";
      found = &token;
    }
  }
  EXPECT_NE(found, nullptr) << "no number";
  static const Token kNone;
  return found != nullptr ? *found : kNone;
}

TEST(NormalizeTest, ExpandsContractionsAndSplitsPossessives) {
  EXPECT_EQ(Texts(Read("What's the singer's age?")),
            (std::vector<std::string>{"what", "is", "the", "singer", "'s", "age", "?"}));
  EXPECT_EQ(Texts(Read("customers who don't order")),
            (std::vector<std::string>{"customers", "who", "do", "not", "order"}));
}

TEST(NormalizeTest, TypographicQuotesAndDashesBecomeAscii) {
  const Tokens tokens = Read("products named \u201cHome \u2013 Kitchen\u201d");
  ASSERT_FALSE(tokens.empty());
  EXPECT_EQ(tokens.back().kind, Token::Kind::kQuoted);
  EXPECT_EQ(tokens.back().original, "Home - Kitchen");
  EXPECT_EQ(tokens.back().text, "home - kitchen");
}

TEST(TokenizeTest, WordsAreLowerCaseAndKeepWhatWasTyped) {
  const Tokens tokens = Read("Revenue in Europe");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].text, "europe");
  EXPECT_EQ(tokens[2].original, "Europe");
  EXPECT_EQ(tokens[0].stem, Stem("revenue"));
}

TEST(TokenizeTest, NumbersWithSeparatorsAndUnits) {
  EXPECT_DOUBLE_EQ(OnlyNumber(Read("more than 1,234 orders")).number, 1234);
  EXPECT_DOUBLE_EQ(OnlyNumber(Read("above 1.5k")).number, 1500);

  const Token money = OnlyNumber(Read("revenue over $2M"));
  EXPECT_DOUBLE_EQ(money.number, 2000000);
  EXPECT_EQ(money.unit, Token::Unit::kCurrency);

  const Token percent = OnlyNumber(Read("a discount of 10%"));
  EXPECT_DOUBLE_EQ(percent.number, 10);
  EXPECT_EQ(percent.unit, Token::Unit::kPercent);

  EXPECT_DOUBLE_EQ(OnlyNumber(Read("2.5 million people")).number, 2500000);
}

TEST(TokenizeTest, IntegersAreKnownAsIntegers) {
  EXPECT_TRUE(OnlyNumber(Read("top 5")).integer);
  EXPECT_FALSE(OnlyNumber(Read("ratio above 0.75")).integer);
}

TEST(TokenizeTest, NumberWordsAndOrdinals) {
  EXPECT_DOUBLE_EQ(OnlyNumber(Read("the top twenty five stores")).number, 25);
  // An ordinal word stays a word ("first name" is a column) that knows its number.
  const Tokens third = Read("the third quarter");
  ASSERT_EQ(third.size(), 3u);
  EXPECT_EQ(third[1].kind, Token::Kind::kWord);
  EXPECT_TRUE(third[1].ordinal);
  EXPECT_DOUBLE_EQ(third[1].number, 3);
  const Token third_digits = OnlyNumber(Read("the 3rd quarter"));
  EXPECT_DOUBLE_EQ(third_digits.number, 3);
  EXPECT_TRUE(third_digits.ordinal);
}

TEST(TokenizeTest, QuotedStringsStayWholeAsTyped) {
  const Tokens tokens = Read("songs with 'Hey Jude' in the title");
  const auto quoted = std::find_if(tokens.begin(), tokens.end(), [](const Token& token) {
    return token.kind == Token::Kind::kQuoted;
  });
  ASSERT_NE(quoted, tokens.end());
  EXPECT_EQ(quoted->original, "Hey Jude");
}

TEST(TokenizeTest, EmptyAndPunctuationOnlyQuestions) {
  EXPECT_TRUE(Read("").empty());
  for (const Token& token : Read("?!")) EXPECT_EQ(token.kind, Token::Kind::kPunct);
}

TEST(StemTest, InflectionsShareAStem) {
  EXPECT_EQ(Stem("orders"), Stem("order"));
  EXPECT_EQ(Stem("ordered"), Stem("order"));
  EXPECT_EQ(Stem("categories"), Stem("category"));
  EXPECT_NE(Stem("customer"), Stem("custom") + "x");
}

}  // namespace
}  // namespace scry::nlq
