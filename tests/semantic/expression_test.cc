#include "semantic/expression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace scry::semantic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Kind = ExpressionToken::Kind;

class AcceptTest : public ::testing::TestWithParam<const char*> {};

TEST_P(AcceptTest, Parses) {
  StatusOr<std::vector<ExpressionToken>> tokens = ParseExpression(GetParam());
  EXPECT_TRUE(tokens.ok()) << GetParam() << ": " << tokens.status();
}

INSTANTIATE_TEST_SUITE_P(
    Metrics, AcceptTest,
    ::testing::Values(
        "sum(order_items.revenue)", "SUM(order_items.revenue)",
        "sum(order_items.revenue) / count(DISTINCT orders.order_id)", "count(*)",
        "count(orders.order_id)", "median(products.price)", "min(a.x) + max(a.x)", "-sum(a.x)",
        "sum(a.x) * 1.5e2 - .5", "(sum(a.x) - sum(a.y)) / nullif(sum(a.x), 0)",
        "sum(CASE WHEN orders.channel = 'Online' THEN order_items.revenue ELSE 0 END)",
        "sum(CASE orders.status WHEN 'done' THEN 1 END)",
        "count(CASE WHEN a.x IS NOT NULL AND NOT a.y <> 2 OR a.z >= 3 THEN 1 END)",
        "sum(CASE WHEN a.x BETWEEN 1 AND 5 THEN 1 ELSE 0 END)",
        "sum(CASE WHEN a.s IN ('x', 'y''s') THEN 1 END)",
        "sum(CASE WHEN a.s NOT LIKE 'x%' THEN 1 END)", "avg(cast(a.x AS DOUBLE))",
        "sum(cast(a.x AS decimal(12, 2)))", "round(avg(a.x), 2)", "coalesce(sum(a.x), 0)",
        "greatest(max(a.x), max(a.y), 0)", "abs(sum(a.x)) % 7",
        "sum(\"Order Items\".\"Revenue ($)\")", "sum(a.x) / 100.0", "sum(a.x != 1)",
        "sum(a.x) <= sum(a.y)", "a.x + 1", "ceil(avg(a.x))", "sum(a.x) * TRUE", "sum(a.x) + NULL"));

struct Rejected {
  const char* text;
  const char* message;
};

class RejectTest : public ::testing::TestWithParam<Rejected> {};

TEST_P(RejectTest, FailsWithPosition) {
  StatusOr<std::vector<ExpressionToken>> tokens = ParseExpression(GetParam().text);
  ASSERT_FALSE(tokens.ok()) << GetParam().text;
  EXPECT_EQ(tokens.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(tokens.status().message()), HasSubstr(GetParam().message));
  EXPECT_THAT(std::string(tokens.status().message()), HasSubstr("position"));
}

INSTANTIATE_TEST_SUITE_P(
    Refused, RejectTest,
    ::testing::Values(
        Rejected{"", "empty"}, Rejected{"sum(revenue)", "must be qualified"},
        Rejected{"sum(a.b.c)", "two parts"}, Rejected{"foo(a.x)", "unknown function 'foo'"},
        Rejected{"sum(a.x); DROP TABLE a", "one expression only"},
        Rejected{"sum(a.x) -- comment", "comments"}, Rejected{"sum(a.x) /* c */", "comments"},
        Rejected{"sum((SELECT 1))", "subqueries"}, Rejected{"sum(a.x", "unexpected end"},
        Rejected{"sum(a.x))", "unexpected ')'"}, Rejected{"sum(sum(a.x))", "nested"},
        Rejected{"sum(a.x) + a.y", "outside an aggregate"},
        Rejected{"sum(a.x) OVER (PARTITION BY a.y)", "window"},
        Rejected{"'unterminated", "unterminated string"},
        Rejected{"sum(\"a.x)", "unterminated quoted name"}, Rejected{"sum(a.x) @ 2", "'@'"},
        Rejected{"cast(a.x AS blob)", "unknown type"}, Rejected{"nullif(sum(a.x))", "arguments"},
        Rejected{"CASE WHEN a.x THEN 1", "unexpected end"}, Rejected{"sum(a.x) 2", "'2'"},
        Rejected{"EXISTS (SELECT 1)", "unexpected"}, Rejected{"a.x IS 3", "unexpected '3'"}));

TEST(ExpressionTest, TokensForTheCompiler) {
  StatusOr<std::vector<ExpressionToken>> tokens =
      ParseExpression("SUM(order_items.revenue) / count(DISTINCT \"Orders\".order_id)");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  std::vector<Kind> kinds;
  for (const ExpressionToken& token : *tokens) kinds.push_back(token.kind);
  EXPECT_THAT(kinds, ElementsAre(Kind::kFunction, Kind::kOpen, Kind::kColumn, Kind::kClose,
                                 Kind::kOperator, Kind::kFunction, Kind::kOpen, Kind::kKeyword,
                                 Kind::kColumn, Kind::kClose));
  EXPECT_EQ((*tokens)[0].text, "sum");
  EXPECT_EQ((*tokens)[2].text, "order_items.revenue");
  EXPECT_EQ((*tokens)[2].column, (ColumnRef{"order_items", "revenue"}));
  EXPECT_EQ((*tokens)[7].text, "distinct");
  EXPECT_EQ((*tokens)[8].text, "\"Orders\".order_id");
  EXPECT_EQ((*tokens)[8].column, (ColumnRef{"Orders", "order_id"}));
  EXPECT_THAT(ExpressionTables(*tokens), ElementsAre("order_items", "Orders"));
}

TEST(ExpressionTest, StringsKeepTheirQuotes) {
  StatusOr<std::vector<ExpressionToken>> tokens =
      ParseExpression("count(CASE WHEN a.s = 'it''s' THEN 1 END)");
  ASSERT_TRUE(tokens.ok());
  bool found = false;
  for (const ExpressionToken& token : *tokens) {
    if (token.kind == Kind::kString) found = token.text == "'it''s'";
  }
  EXPECT_TRUE(found);
}

TEST(ExpressionTest, PositionIsOneBased) {
  StatusOr<std::vector<ExpressionToken>> tokens = ParseExpression("sum(x)");
  EXPECT_THAT(std::string(tokens.status().message()), HasSubstr("position 5"));
}

TEST(ExpressionTest, DeepNestingIsRefused) {
  std::string text = std::string(200, '(') + "1" + std::string(200, ')');
  EXPECT_FALSE(ParseExpression(text).ok());
}

}  // namespace
}  // namespace scry::semantic
