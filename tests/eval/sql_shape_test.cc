#include "eval/sql_shape.h"

#include <gtest/gtest.h>

namespace scry::eval {
namespace {

TEST(SqlShapeTest, TokenizesStringsQuotedNamesNumbersAndComments) {
  const std::vector<SqlToken> tokens =
      TokenizeSql("SELECT \"Name\", 'it''s' -- note\n FROM t WHERE x >= 1.5e3 /* c */");
  ASSERT_EQ(tokens.size(), 10u);
  EXPECT_TRUE(tokens[0].Is("select"));
  EXPECT_EQ(tokens[1].kind, SqlToken::Kind::kQuotedName);
  EXPECT_EQ(tokens[1].text, "Name");
  EXPECT_EQ(tokens[3].kind, SqlToken::Kind::kString);
  EXPECT_EQ(tokens[3].text, "it's");
  EXPECT_TRUE(tokens[4].Is("from"));
  EXPECT_TRUE(tokens[8].IsSymbol(">="));
  EXPECT_EQ(tokens[9].kind, SqlToken::Kind::kNumber);
  EXPECT_EQ(tokens[9].text, "1.5e3");
}

TEST(SqlShapeTest, FindsTopLevelOrderBy) {
  EXPECT_TRUE(HasTopLevelOrderBy("SELECT a FROM t ORDER BY a"));
  EXPECT_TRUE(HasTopLevelOrderBy("select a from t order\n  by a desc limit 1"));
  EXPECT_TRUE(HasTopLevelOrderBy("SELECT a FROM t UNION SELECT a FROM u ORDER BY a"));
  EXPECT_TRUE(HasTopLevelOrderBy(
      "SELECT a FROM t WHERE b IN (SELECT b FROM u) ORDER BY count(*) DESC LIMIT 1"));
}

TEST(SqlShapeTest, IgnoresOrderByInSubqueriesWindowsStringsAndComments) {
  EXPECT_FALSE(HasTopLevelOrderBy("SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY b)"));
  EXPECT_FALSE(HasTopLevelOrderBy("SELECT a FROM (SELECT a FROM u ORDER BY a LIMIT 3)"));
  EXPECT_FALSE(HasTopLevelOrderBy("SELECT a, rank() OVER (ORDER BY b) FROM t"));
  EXPECT_FALSE(HasTopLevelOrderBy("SELECT a FROM t WHERE s = 'ORDER BY x'"));
  EXPECT_FALSE(HasTopLevelOrderBy("SELECT a FROM t -- ORDER BY a"));
  EXPECT_FALSE(HasTopLevelOrderBy("SELECT \"order\", by FROM t"));
  EXPECT_FALSE(HasTopLevelOrderBy("SELECT a FROM t GROUP BY a"));
}

TEST(SqlShapeTest, EasyQueries) {
  EXPECT_EQ(ClassifyHardness("SELECT count(*) FROM singer"), Hardness::kEasy);
  EXPECT_EQ(ClassifyHardness("SELECT name FROM singer WHERE age BETWEEN 20 AND 30"),
            Hardness::kEasy);
  EXPECT_EQ(ClassifyHardness("SELECT name FROM t WHERE note = 'a OR b ORDER BY c'"),
            Hardness::kEasy);
}

TEST(SqlShapeTest, MediumQueries) {
  EXPECT_EQ(ClassifyHardness("SELECT name, country, age FROM singer ORDER BY age DESC"),
            Hardness::kMedium);
  EXPECT_EQ(
      ClassifyHardness("SELECT avg(age), min(age), max(age) FROM singer WHERE country = 'France'"),
      Hardness::kMedium);
  EXPECT_EQ(ClassifyHardness("SELECT T2.name, count(*) FROM concert AS T1 JOIN stadium AS T2 ON "
                             "T1.stadium_id = T2.stadium_id GROUP BY T1.stadium_id"),
            Hardness::kMedium);
}

TEST(SqlShapeTest, HardQueries) {
  EXPECT_EQ(ClassifyHardness("SELECT song_name FROM singer WHERE age > (SELECT avg(age) FROM "
                             "singer)"),
            Hardness::kHard);
  EXPECT_EQ(ClassifyHardness("SELECT name FROM stadium WHERE stadium_id NOT IN (SELECT "
                             "stadium_id FROM concert)"),
            Hardness::kHard);
  EXPECT_EQ(ClassifyHardness("SELECT country FROM singer WHERE age > 40 INTERSECT SELECT country "
                             "FROM singer WHERE age < 30"),
            Hardness::kHard);
  EXPECT_EQ(ClassifyHardness("SELECT name FROM t WHERE a = 1 OR b LIKE '%x%'"), Hardness::kHard);
}

TEST(SqlShapeTest, ExtraQueries) {
  const std::string sql =
      "SELECT T2.name, T2.capacity FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = "
      "T2.stadium_id WHERE T1.year >= 2014 GROUP BY T2.stadium_id ORDER BY count(*) DESC LIMIT 1";
  const SqlComponents components = CountComponents(sql);
  EXPECT_EQ(components.component1, 5);  // where, group, order, limit, one join
  EXPECT_EQ(components.component2, 0);
  EXPECT_EQ(components.others, 1);  // two selected columns
  EXPECT_EQ(ClassifyHardness(sql), Hardness::kExtra);
  EXPECT_EQ(ClassifyHardness("SELECT a, b FROM t WHERE c > (SELECT avg(c) FROM t) EXCEPT SELECT "
                             "a, b FROM u"),
            Hardness::kExtra);
}

TEST(SqlShapeTest, CountsOnlyTheOutermostSelect) {
  // The subquery's joins, groups and conditions belong to it, not to the query.
  const SqlComponents components = CountComponents(
      "SELECT name FROM t WHERE id IN (SELECT x.id FROM x JOIN y ON x.a = y.a WHERE x.b = 1 OR "
      "y.c = 2 GROUP BY x.id, y.d)");
  EXPECT_EQ(components.component1, 1);
  EXPECT_EQ(components.component2, 1);
  EXPECT_EQ(components.others, 0);
}

TEST(SqlShapeTest, CountsCommaJoinsAndConditions) {
  const SqlComponents components =
      CountComponents("SELECT a FROM t1, t2 WHERE t1.x = t2.x AND t1.y > 3 AND t2.z LIKE 'a%'");
  EXPECT_EQ(components.component1, 3);  // where, one more table, one LIKE
  EXPECT_EQ(components.others, 1);      // three conditions
}

TEST(SqlShapeTest, NamesHardness) {
  EXPECT_EQ(HardnessName(Hardness::kEasy), "easy");
  EXPECT_EQ(HardnessName(Hardness::kExtra), "extra");
}

}  // namespace
}  // namespace scry::eval
