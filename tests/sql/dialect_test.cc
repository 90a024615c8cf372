#include "sql/dialect.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string>

#include "sql/compiler_test_support.h"
#include "sql/dialect_duckdb.h"
#include "sql/dialect_sqlite.h"

namespace scry::sql {
namespace {

using semantic::Aggregation;
using semantic::CompareOp;
using semantic::TimeGrain;

class DialectTest : public ::testing::Test {
 protected:
  DuckDbDialect duckdb_;
  SqliteDialect sqlite_;
};

TEST_F(DialectTest, MakeDialectByName) {
  EXPECT_EQ(MakeDialect("duckdb")->name(), "duckdb");
  EXPECT_EQ(MakeDialect("sqlite")->name(), "sqlite");
  EXPECT_EQ(MakeDialect("oracle"), nullptr);
  EXPECT_EQ(MakeDialect(""), nullptr);
}

TEST_F(DialectTest, PlainLowerCaseWordsAreNotQuoted) {
  for (const Dialect* dialect :
       {static_cast<const Dialect*>(&duckdb_), static_cast<const Dialect*>(&sqlite_)}) {
    EXPECT_EQ(dialect->QuoteIdentifier("order_items"), "order_items");
    EXPECT_EQ(dialect->QuoteIdentifier("_x9"), "_x9");
    EXPECT_EQ(dialect->QuoteIdentifier("revenue"), "revenue");
  }
}

TEST_F(DialectTest, ReservedWordsAreQuoted) {
  for (const char* word : {"order", "group", "select", "from", "left", "join", "table", "values"}) {
    EXPECT_EQ(duckdb_.QuoteIdentifier(word), std::string("\"") + word + "\"") << word;
    EXPECT_EQ(sqlite_.QuoteIdentifier(word), std::string("\"") + word + "\"") << word;
  }
  // SQLite keywords DuckDB accepts as names, and the other way round.
  EXPECT_EQ(duckdb_.QuoteIdentifier("key"), "key");
  EXPECT_EQ(sqlite_.QuoteIdentifier("key"), "\"key\"");
  EXPECT_EQ(sqlite_.QuoteIdentifier("pivot"), "\"pivot\"");
}

TEST_F(DialectTest, CapitalsSpacesAndQuotesAreQuoted) {
  EXPECT_EQ(sqlite_.QuoteIdentifier("Name"), "\"Name\"");
  EXPECT_EQ(sqlite_.QuoteIdentifier("Total Amount"), "\"Total Amount\"");
  EXPECT_EQ(duckdb_.QuoteIdentifier("9lives"), "\"9lives\"");
  EXPECT_EQ(duckdb_.QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(duckdb_.QuoteIdentifier("émile"), "\"émile\"");
  EXPECT_EQ(duckdb_.QuoteIdentifier(""), "\"\"");
}

TEST_F(DialectTest, ReservedWordListsAreSortedForBinarySearch) {
  for (auto words : {DuckDbDialect::ReservedWords(), SqliteDialect::ReservedWords()}) {
    EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
    EXPECT_EQ(std::adjacent_find(words.begin(), words.end()), words.end());
  }
  // Every word DuckDB reserves is reserved for SQLite too: the guard parses
  // SQLite's SQL with DuckDB's parser.
  for (std::string_view word : DuckDbDialect::ReservedWords()) {
    const auto sqlite = SqliteDialect::ReservedWords();
    EXPECT_TRUE(std::binary_search(sqlite.begin(), sqlite.end(), word)) << word;
  }
}

TEST_F(DialectTest, Literals) {
  EXPECT_EQ(duckdb_.QuoteString("O'Neil"), "'O''Neil'");
  EXPECT_EQ(sqlite_.QuoteString("a\\b"), "'a\\b'");
  EXPECT_EQ(duckdb_.DateLiteral({2024, 2, 29}), "DATE '2024-02-29'");
  EXPECT_EQ(sqlite_.DateLiteral({2024, 2, 29}), "'2024-02-29'");
  EXPECT_EQ(duckdb_.BooleanLiteral(true), "true");
  EXPECT_EQ(sqlite_.BooleanLiteral(false), "0");
}

TEST_F(DialectTest, DuckDbTruncatesWithDateTrunc) {
  EXPECT_EQ(duckdb_.TruncateDate("orders.order_date", TimeGrain::kMonth),
            "date_trunc('month', orders.order_date)::DATE");
  EXPECT_EQ(duckdb_.TruncateDate("d", TimeGrain::kWeek), "date_trunc('week', d)::DATE");
  EXPECT_EQ(duckdb_.TruncateDate("d", TimeGrain::kQuarter), "date_trunc('quarter', d)::DATE");
  EXPECT_EQ(duckdb_.TruncateDate("d", TimeGrain::kDay), "date_trunc('day', d)::DATE");
}

TEST_F(DialectTest, SqliteTruncatesWithStrftime) {
  EXPECT_EQ(sqlite_.TruncateDate("d", TimeGrain::kMonth),
            "strftime('%Y-%m-%d', d, 'start of month')");
  EXPECT_EQ(sqlite_.TruncateDate("d", TimeGrain::kYear),
            "strftime('%Y-%m-%d', d, 'start of year')");
  EXPECT_EQ(sqlite_.TruncateDate("d", TimeGrain::kWeek),
            "strftime('%Y-%m-%d', d, 'weekday 0', '-6 days')");
  EXPECT_EQ(sqlite_.TruncateDate("d", TimeGrain::kDay), "strftime('%Y-%m-%d', d)");
  EXPECT_EQ(sqlite_.TruncateDate("d", TimeGrain::kQuarter),
            "strftime('%Y-%m-%d', d, 'start of year', "
            "((CAST(strftime('%m', d) AS INTEGER) - 1) / 3 * 3) || ' months')");
}

// Each grain on real dates at the edges (Sundays, Mondays, year ends, leap
// days), evaluated by SQLite itself.
TEST_F(DialectTest, SqliteTruncationEvaluates) {
  struct Case {
    const char* date;
    TimeGrain grain;
    const char* start;
  };
  const Case cases[] = {
      {"2024-03-31", TimeGrain::kWeek, "2024-03-25"},  // Sunday
      {"2024-04-01", TimeGrain::kWeek, "2024-04-01"},  // Monday
      {"2025-01-01", TimeGrain::kWeek, "2024-12-30"},  // across a year
      {"2024-02-29", TimeGrain::kMonth, "2024-02-01"},
      {"2024-01-01", TimeGrain::kQuarter, "2024-01-01"},
      {"2024-03-31", TimeGrain::kQuarter, "2024-01-01"},
      {"2024-05-15", TimeGrain::kQuarter, "2024-04-01"},
      {"2024-09-30", TimeGrain::kQuarter, "2024-07-01"},
      {"2024-12-31", TimeGrain::kQuarter, "2024-10-01"},
      {"2024-12-31 23:59:59", TimeGrain::kYear, "2024-01-01"},
      {"2024-06-30 10:00:00", TimeGrain::kDay, "2024-06-30"},
  };
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  for (const Case& c : cases) {
    const std::string sql = "SELECT " + sqlite_.TruncateDate(sqlite_.QuoteString(c.date), c.grain);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
              std::string(c.start))
        << c.date << " " << semantic::TimeGrainName(c.grain);
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
}

TEST_F(DialectTest, DuckDbTruncationEvaluates) {
  auto& warehouse = testing::Warehouse::Get();
  const std::string sql = "SELECT " + duckdb_.TruncateDate("DATE '2025-01-01'", TimeGrain::kWeek) +
                          ", " + duckdb_.TruncateDate("DATE '2024-09-30'", TimeGrain::kQuarter);
  StatusOr<testing::Rows> rows = warehouse.Query("duckdb", sql);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (testing::Rows{{"2024-12-30", "2024-07-01"}}));
}

TEST_F(DialectTest, Aggregates) {
  EXPECT_EQ(*duckdb_.Aggregate(Aggregation::kSum, "x", false), "sum(x)");
  EXPECT_EQ(*duckdb_.Aggregate(Aggregation::kCount, "*", false), "count(*)");
  EXPECT_EQ(*duckdb_.Aggregate(Aggregation::kCount, "x", true), "count(DISTINCT x)");
  EXPECT_EQ(*sqlite_.Aggregate(Aggregation::kCountDistinct, "x", false), "count(DISTINCT x)");
  EXPECT_EQ(*sqlite_.Aggregate(Aggregation::kAvg, "x", true), "avg(DISTINCT x)");
  // DISTINCT changes nothing for min and max.
  EXPECT_EQ(*sqlite_.Aggregate(Aggregation::kMax, "x", true), "max(x)");
  EXPECT_EQ(*duckdb_.Aggregate(Aggregation::kMedian, "x", false), "median(x)");
  EXPECT_EQ(sqlite_.Aggregate(Aggregation::kMedian, "x", false).status().code(),
            StatusCode::kUnimplemented);
  EXPECT_EQ(duckdb_.Aggregate(Aggregation::kNone, "x", false).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(DialectTest, TextMatchesEscapeWildcards) {
  EXPECT_EQ(duckdb_.TextMatch("name", CompareOp::kContains, "lamp"), "name ILIKE '%lamp%'");
  EXPECT_EQ(sqlite_.TextMatch("name", CompareOp::kStartsWith, "Bean"), "name LIKE 'Bean%'");
  EXPECT_EQ(sqlite_.TextMatch("name", CompareOp::kEndsWith, "x"), "name LIKE '%x'");
  EXPECT_EQ(duckdb_.TextMatch("name", CompareOp::kContains, "50%"),
            "name ILIKE '%50\\%%' ESCAPE '\\'");
  EXPECT_EQ(sqlite_.TextMatch("brand", CompareOp::kStartsWith, "bean_"),
            "brand LIKE 'bean\\_%' ESCAPE '\\'");
  EXPECT_EQ(sqlite_.TextMatch("path", CompareOp::kContains, "a\\b"),
            "path LIKE '%a\\\\b%' ESCAPE '\\'");
  EXPECT_EQ(duckdb_.TextMatch("name", CompareOp::kContains, "O'Neil"), "name ILIKE '%O''Neil%'");
}

TEST_F(DialectTest, CastsAndCapabilities) {
  EXPECT_EQ(duckdb_.CastToText("x"), "CAST(x AS VARCHAR)");
  EXPECT_EQ(sqlite_.CastToText("x"), "CAST(x AS TEXT)");
  EXPECT_FALSE(duckdb_.IntegerDivisionTruncates());
  EXPECT_TRUE(sqlite_.IntegerDivisionTruncates());
  for (const Dialect* dialect :
       {static_cast<const Dialect*>(&duckdb_), static_cast<const Dialect*>(&sqlite_)}) {
    EXPECT_TRUE(dialect->SupportsCte());
    EXPECT_TRUE(dialect->SupportsWindowFunctions());
    EXPECT_EQ(dialect->MaxJoinsPerSelect(), -1);
    EXPECT_TRUE(dialect->SupportsNullsLast());
  }
}

}  // namespace
}  // namespace scry::sql
