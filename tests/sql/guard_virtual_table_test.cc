// Virtual tables in the guard: a conversation's attachment is read by name
// and replaced with the source the server wrote, while the file itself (by
// path, by glob, through read_parquet) stays out of reach, and row filters
// still hold on the warehouse tables read beside it.
//
// The data: orders as in guard_row_filter_test.cc (3 of 6 in Europe, worth
// 170), and two Parquet files in the readable folder: c1/a1.parquet, the
// targets of the conversation under test (Europe 500, Americas 300, Asia
// 100), and c2/b1.parquet, another conversation's (a secret of 42).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/column.h"
#include "engine/duckdb/duckdb_engine.h"
#include "engine/duckdb/duckdb_writer.h"
#include "sql/guard.h"
#include "sql/guard_test_support.h"

namespace scry::sql {
namespace {

using guard_testing::SharedGuard;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class VirtualTableTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new std::string(
        (std::filesystem::temp_directory_path() / ("scry_virtual_" + std::to_string(::getpid())))
            .string());
    std::filesystem::remove_all(*folder_);
    std::filesystem::create_directories(*folder_ + "/c1");
    std::filesystem::create_directories(*folder_ + "/c2");
    {
      auto writer = engine::DuckDbWriter::Open("");
      ASSERT_TRUE(writer.ok()) << writer.status();
      ASSERT_TRUE((*writer)
                      ->Execute("COPY (SELECT * FROM (VALUES ('Europe', 500), ('Americas', 300), "
                                "('Asia', 100)) t(region, target)) TO '" +
                                Targets() + "' (FORMAT parquet)")
                      .ok());
      ASSERT_TRUE((*writer)
                      ->Execute("COPY (SELECT 42 AS secret) TO '" + Secret() + "' (FORMAT parquet)")
                      .ok());
    }
    engine::DuckDbOptions options;
    options.threads = 1;
    options.readable_directories = {*folder_};
    options.setup_sql = {
        "CREATE TABLE orders (order_id INTEGER, customer_id INTEGER, region VARCHAR, amount "
        "INTEGER)",
        "INSERT INTO orders VALUES (10, 1, 'Europe', 100), (11, 1, 'Europe', 50), "
        "(12, 2, 'Americas', 70), (13, 3, 'Asia', 30), (14, 4, 'Europe', 20), "
        "(15, 2, 'Americas', 5)",
        "CREATE TABLE products (product_id INTEGER, name VARCHAR)",
        "INSERT INTO products VALUES (1, 'Widget')",
    };
    auto engine = engine::DuckDbEngine::Open(options);
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = engine->release();
    auto connection = engine_->Connect();
    ASSERT_TRUE(connection.ok()) << connection.status();
    connection_ = connection->release();
  }

  static void TearDownTestSuite() {
    delete connection_;
    delete engine_;
    std::filesystem::remove_all(*folder_);
    delete folder_;
  }

  static std::string Targets() { return *folder_ + "/c1/a1.parquet"; }
  static std::string Secret() { return *folder_ + "/c2/b1.parquet"; }

  // The policy of the conversation under test: orders filtered to Europe,
  // its attachment "targets" as a virtual table.
  static GuardPolicy Policy() {
    GuardPolicy policy;
    policy.allowed_tables = {"orders", "products"};
    policy.row_filters = {{"orders", R"("region" = 'Europe')"}};
    policy.virtual_tables = {{"targets", "read_parquet('" + Targets() + "')"}};
    return policy;
  }

  // Checks `sql` and runs what the guard returns; rows as "a|b".
  static StatusOr<std::vector<std::string>> CheckAndRun(const std::string& sql,
                                                        const GuardPolicy& policy = Policy()) {
    ASSIGN_OR_RETURN(CheckedSql checked, SharedGuard().Check(sql, policy));
    ASSIGN_OR_RETURN(engine::ResultSet result, connection_->Query(checked.sql));
    std::vector<std::string> rows;
    for (size_t r = 0; r < result.row_count(); ++r) {
      std::string row;
      for (size_t c = 0; c < result.column_count(); ++c) {
        if (c > 0) row += '|';
        row += result.column(c).IsNull(r) ? "NULL" : engine::FormatValue(result.column(c), r);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  static void ExpectRefused(const std::string& sql, const GuardPolicy& policy = Policy()) {
    StatusOr<CheckedSql> checked = SharedGuard().Check(sql, policy);
    EXPECT_EQ(checked.status().code(), StatusCode::kPermissionDenied)
        << sql << "\n"
        << (checked.ok() ? checked->sql : std::string(checked.status().message()));
  }

  static inline std::string* folder_ = nullptr;
  static inline engine::DuckDbEngine* engine_ = nullptr;
  static inline engine::Connection* connection_ = nullptr;
};

TEST_F(VirtualTableTest, ReferenceIsReplacedWithItsSource) {
  StatusOr<CheckedSql> checked = SharedGuard().Check("SELECT sum(target) FROM targets", Policy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->sql, "SELECT sum(target) FROM (SELECT * FROM read_parquet('" + Targets() +
                              "')) AS \"targets\"");
  EXPECT_THAT(checked->tables, ElementsAre("targets"));
  EXPECT_THAT(checked->virtual_tables, ElementsAre("targets"));
  EXPECT_TRUE(checked->filtered_tables.empty());
  StatusOr<std::vector<std::string>> rows = CheckAndRun("SELECT sum(target) FROM targets");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre("900"));
}

TEST_F(VirtualTableTest, EveryPlaceATableCanStand) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"SELECT target FROM targets t WHERE t.region = 'Asia'", "100"},
      {R"(SELECT targets.target FROM "Targets" WHERE targets.region = 'Asia')", "100"},
      {"SELECT count(*) FROM TARGETS AS x(r, v) WHERE v > 200", "2"},
      {"WITH big AS (SELECT * FROM targets WHERE target > 200) SELECT count(*) FROM big", "2"},
      {"SELECT (SELECT max(target) FROM targets)", "500"},
      {"SELECT count(*) FROM products WHERE 100 IN (SELECT target FROM targets)", "1"},
      {"SELECT sum(a.target) FROM targets a JOIN targets b USING (region)", "900"},
      {"SELECT count(*) FROM (SELECT region FROM targets UNION ALL SELECT region FROM targets)",
       "6"},
      {"SELECT count(*) FROM products, LATERAL (SELECT * FROM targets WHERE target > 400)", "1"},
  };
  for (const auto& [sql, expected] : cases) {
    StatusOr<std::vector<std::string>> rows = CheckAndRun(sql);
    ASSERT_TRUE(rows.ok()) << rows.status() << "\n" << sql;
    EXPECT_THAT(*rows, ElementsAre(expected)) << sql;
  }
}

TEST_F(VirtualTableTest, RowFiltersStillHoldInAJoinWithAnAttachment) {
  StatusOr<std::vector<std::string>> rows = CheckAndRun(
      "SELECT o.region, sum(o.amount), max(t.target) FROM orders o JOIN targets t "
      "ON t.region = o.region GROUP BY o.region");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre("Europe|170|500"));
  rows = CheckAndRun(
      "SELECT t.region, count(o.order_id) FROM targets t LEFT JOIN orders o "
      "ON o.region = t.region GROUP BY t.region ORDER BY t.region");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre("Americas|0", "Asia|0", "Europe|3"));
  StatusOr<CheckedSql> checked =
      SharedGuard().Check("SELECT * FROM orders JOIN targets USING (region)", Policy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(checked->filtered_tables, ElementsAre("orders"));
  EXPECT_THAT(checked->virtual_tables, ElementsAre("targets"));
}

TEST_F(VirtualTableTest, TheFileItselfStaysOutOfReach) {
  const std::string targets = Targets();
  const std::string secret = Secret();
  for (const std::string& sql : {
           "SELECT * FROM read_parquet('" + targets + "')",
           "SELECT * FROM read_parquet('" + secret + "')",
           "SELECT * FROM read_parquet('" + *folder_ + "/*/*.parquet')",
           "SELECT * FROM read_parquet(['" + targets + "', '" + secret + "'])",
           "SELECT * FROM '" + secret + "'",
           "SELECT * FROM \"" + secret + "\"",
           "SELECT * FROM parquet_scan('" + secret + "')",
           "SELECT * FROM parquet_metadata('" + secret + "')",
           "SELECT * FROM read_csv('" + secret + "')",
           "SELECT * FROM glob('" + *folder_ + "/*')",
           "SELECT * FROM targets, read_parquet('" + secret + "')",
           "SELECT * FROM targets WHERE target IN (SELECT secret FROM read_parquet('" + secret +
               "'))",
       }) {
    ExpectRefused(sql);
  }
}

TEST_F(VirtualTableTest, OnlyTheBareNameOfThisConversationsTablesIsVirtual) {
  ExpectRefused("SELECT * FROM main.targets");
  ExpectRefused("SELECT * FROM memory.main.targets");
  ExpectRefused("SELECT * FROM b1");     // another conversation's table
  ExpectRefused("SELECT * FROM other");  // not an attachment here
  // A CTE of the same name is not the attachment and is not replaced.
  StatusOr<std::vector<std::string>> rows =
      CheckAndRun("WITH targets AS (SELECT 7 AS target) SELECT sum(target) FROM targets");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre("7"));
}

TEST_F(VirtualTableTest, ConstructsThatCannotTakeASubqueryAreRefused) {
  ExpectRefused("TABLE targets");
  ExpectRefused("SELECT * FROM targets AT (VERSION => 1)");
}

TEST_F(VirtualTableTest, APolicyWhereANameMeansTwoThingsIsRefused) {
  GuardPolicy policy = Policy();
  policy.virtual_tables["orders"] = "read_parquet('" + Targets() + "')";
  EXPECT_EQ(SharedGuard().Check("SELECT 1", policy).status().code(), StatusCode::kInvalidArgument);
  policy = Policy();
  policy.row_filters["targets"] = "true";
  EXPECT_EQ(SharedGuard().Check("SELECT 1", policy).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(VirtualTableTest, WithoutTheVirtualTableTheNameIsUnknown) {
  GuardPolicy policy = Policy();
  policy.virtual_tables.clear();
  StatusOr<CheckedSql> checked = SharedGuard().Check("SELECT * FROM targets", policy);
  EXPECT_EQ(checked.status().code(), StatusCode::kPermissionDenied);
  EXPECT_THAT(checked.status().message(), HasSubstr("not on the allow-list"));
}

}  // namespace
}  // namespace scry::sql
