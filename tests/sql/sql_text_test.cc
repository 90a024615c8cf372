#include "sql/sql_text.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace scry::sql {
namespace {

using Pieces = std::vector<std::string_view>;

TEST(TrimSqlTest, DropsWhitespaceAndSemicolonsAtBothEnds) {
  EXPECT_EQ(TrimSql("  SELECT 1 ;\n ; "), "SELECT 1");
  EXPECT_EQ(TrimSql(";SELECT 1"), "SELECT 1");
  EXPECT_EQ(TrimSql(" ;; \t"), "");
  EXPECT_EQ(TrimSql("SELECT 'a;'"), "SELECT 'a;'");
}

TEST(SplitStatementsTest, SplitsOnTopLevelSemicolons) {
  EXPECT_EQ(SplitStatements("SELECT 1; DROP TABLE t"), (Pieces{"SELECT 1", " DROP TABLE t"}));
  EXPECT_EQ(SplitStatements("SELECT 1;"), (Pieces{"SELECT 1"}));
  EXPECT_EQ(SplitStatements("SELECT 1; -- done"), (Pieces{"SELECT 1"}));
}

TEST(SplitStatementsTest, IgnoresSemicolonsInStringsIdentifiersAndComments) {
  EXPECT_EQ(SplitStatements("SELECT ';', \"a;b\" -- x;y\n"),
            (Pieces{"SELECT ';', \"a;b\" -- x;y\n"}));
  EXPECT_EQ(SplitStatements("SELECT 'it''s;'"), (Pieces{"SELECT 'it''s;'"}));
  EXPECT_EQ(SplitStatements("SELECT E'a\\';'; SELECT 2").size(), 2u);
  EXPECT_EQ(SplitStatements("SELECT $$a;b$$, $t$;$t$").size(), 1u);
  EXPECT_EQ(SplitStatements("SELECT /* a /* b; */ c; */ 1").size(), 1u);
  EXPECT_EQ(SplitStatements("SELECT $1; SELECT 2").size(), 2u);
}

TEST(SplitStatementsTest, UnterminatedConstructsRunToTheEnd) {
  EXPECT_EQ(SplitStatements("SELECT 'abc; DROP").size(), 1u);
  EXPECT_EQ(SplitStatements("SELECT 1 /* ; DROP").size(), 1u);
}

TEST(StatementKeywordTest, FindsTheStatementKind) {
  EXPECT_EQ(StatementKeyword("  drop table t"), "DROP");
  EXPECT_EQ(StatementKeyword("/* SELECT */ -- SELECT\n delete from t"), "DELETE");
  EXPECT_EQ(StatementKeyword("((SELECT 1))"), "SELECT");
  EXPECT_EQ(StatementKeyword("WITH a AS (SELECT 1), b AS (DELETE FROM t) INSERT INTO t SELECT 1"),
            "INSERT");
  EXPECT_EQ(StatementKeyword("WITH RECURSIVE a(x) AS (SELECT 1) SELECT * FROM a"), "SELECT");
  EXPECT_EQ(StatementKeyword("force install httpfs"), "FORCE INSTALL");
  EXPECT_EQ(StatementKeyword("update extensions"), "UPDATE EXTENSIONS");
  EXPECT_EQ(StatementKeyword("update t set a = 1"), "UPDATE");
  EXPECT_EQ(StatementKeyword("-- nothing"), "");
  EXPECT_EQ(StatementKeyword("'text'"), "");
}

TEST(WhyStatementIsRefusedTest, SaysWhy) {
  EXPECT_EQ(WhyStatementIsRefused("DELETE"), "DELETE statements change data");
  EXPECT_EQ(WhyStatementIsRefused("DROP"), "DROP statements change the schema");
  EXPECT_EQ(WhyStatementIsRefused("FROBNICATE"), "FROBNICATE statements are not a SELECT");
  EXPECT_EQ(WhyStatementIsRefused(""), "the statement is not a SELECT");
}

}  // namespace
}  // namespace scry::sql
