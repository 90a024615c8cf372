#include "sql/sql_literals.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace scry::sql {
namespace {

using ::testing::ElementsAre;

// The literals as "s:<value>" or "n:<digits>".
std::vector<std::string> Literals(std::string_view sql) {
  std::vector<std::string> out;
  for (const SqlLiteral& literal : FindLiterals(sql)) {
    out.push_back((literal.kind == SqlLiteral::Kind::kString ? "s:" : "n:") + literal.value);
    EXPECT_LE(literal.end, sql.size());
  }
  return out;
}

TEST(SqlLiterals, StringsAndNumbers) {
  EXPECT_THAT(Literals("SELECT a FROM t WHERE r = 'Europe' AND d >= DATE '2024-01-01' LIMIT 5"),
              ElementsAre("s:Europe", "s:2024-01-01", "n:5"));
  EXPECT_THAT(Literals("select 1.5, .5, 2e3, 'it''s'"),
              ElementsAre("n:1.5", "n:.5", "n:2e3", "s:it's"));
}

TEST(SqlLiterals, WhatOnlyLooksLikeALiteralIsSkipped) {
  EXPECT_THAT(Literals("select col1, \"it's 5\", x2y -- 'a' 7\n from t /* 'b' /* 8 */ 9 */"),
              ElementsAre());
  EXPECT_THAT(Literals("select E'a\\'b', $$ 'c' 3 $$, $tag$x$tag$, 4"), ElementsAre("n:4"));
  EXPECT_THAT(Literals("select 'unclosed"), ElementsAre());
}

TEST(SqlLiterals, ReplacingKeepsEverythingElse) {
  const std::string sql = "SELECT * FROM t WHERE r = 'Europe' AND d < DATE '2025-01-01'";
  std::vector<SqlLiteral> found = FindLiterals(sql);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(ReplaceLiterals(sql, {{found[1].begin, found[1].end, "'2024-01-01'"},
                                  {found[0].begin, found[0].end, QuoteSqlString("O'Brien")}}),
            "SELECT * FROM t WHERE r = 'O''Brien' AND d < DATE '2024-01-01'");
  EXPECT_EQ(QuoteSqlString("a'b''c"), "'a''b''''c'");
}

}  // namespace
}  // namespace scry::sql
