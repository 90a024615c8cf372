// Row filters end to end: rules from a space's config and a user's
// attributes become predicates (auth/row_filters.h) that the guard applies to
// the SQL that runs (sql/guard.h), on a real DuckDB database.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "auth/row_filters.h"
#include "engine/column.h"
#include "engine/duckdb/duckdb_engine.h"
#include "sql/guard.h"

namespace scry::auth {
namespace {

constexpr const char* kSpaceConfig =
    R"({"row_filters": [{"attribute": "region", "column": "region"}]})";

class Warehouse {
 public:
  static Warehouse& Get() {
    static Warehouse* warehouse = new Warehouse();  // lives for the test binary
    return *warehouse;
  }

  // The policy of a user with `attributes` in the space of kSpaceConfig.
  StatusOr<sql::GuardPolicy> PolicyFor(const std::map<std::string, std::string>& attributes) {
    ASSIGN_OR_RETURN(std::vector<RowFilterRule> rules, ParseRowFilterRules(kSpaceConfig));
    sql::GuardPolicy policy;
    for (const TableSchema& table : catalog_.tables) policy.allowed_tables.push_back(table.name);
    ASSIGN_OR_RETURN(policy.row_filters, BuildRowFilters(rules, attributes, catalog_));
    return policy;
  }

  // Checks `sql` under `policy`, runs it, returns each row's cells joined by '|'.
  StatusOr<std::vector<std::string>> Run(const std::string& sql, const sql::GuardPolicy& policy) {
    ASSIGN_OR_RETURN(sql::CheckedSql checked, guard_->Check(sql, policy));
    ASSIGN_OR_RETURN(engine::ResultSet result, connection_->Query(checked.sql));
    std::vector<std::string> rows;
    for (size_t r = 0; r < result.row_count(); ++r) {
      std::string row;
      for (size_t c = 0; c < result.column_count(); ++c) {
        if (c > 0) row += '|';
        row += engine::FormatValue(result.column(c), r);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  Warehouse() {
    engine::DuckDbOptions options;
    options.threads = 1;
    options.setup_sql = {
        "CREATE TABLE stores (store_id INTEGER, region VARCHAR)",
        "INSERT INTO stores VALUES (1, 'Europe'), (2, 'Americas'), (3, 'O''Brien')",
        "CREATE TABLE sales (store_id INTEGER, region VARCHAR, revenue INTEGER)",
        "INSERT INTO sales VALUES (1, 'Europe', 10), (1, 'Europe', 5), (2, 'Americas', 100), "
        "(3, 'O''Brien', 1000)",
        "CREATE TABLE calendar (day DATE)",
        "INSERT INTO calendar VALUES (DATE '2024-01-01'), (DATE '2024-01-02')",
    };
    engine_ = Must(engine::DuckDbEngine::Open(options));
    connection_ = Must(engine_->Connect());
    catalog_ = Must(engine_->Introspect({}));
    guard_ = Must(sql::Guard::Create());
  }

  template <typename T>
  static T Must(StatusOr<T> value) {
    if (!value.ok()) {
      ADD_FAILURE() << value.status();
      std::abort();
    }
    return std::move(value).value();
  }

  std::unique_ptr<engine::DuckDbEngine> engine_;
  std::unique_ptr<engine::Connection> connection_;
  DatabaseSchema catalog_;
  std::unique_ptr<sql::Guard> guard_;
};

std::vector<std::string> MustRun(const std::string& sql,
                                 const std::map<std::string, std::string>& attributes) {
  StatusOr<sql::GuardPolicy> policy = Warehouse::Get().PolicyFor(attributes);
  EXPECT_TRUE(policy.ok()) << policy.status();
  if (!policy.ok()) return {};
  StatusOr<std::vector<std::string>> rows = Warehouse::Get().Run(sql, *policy);
  EXPECT_TRUE(rows.ok()) << rows.status() << "\n" << sql;
  return rows.ok() ? *rows : std::vector<std::string>{};
}

TEST(RowFiltersThroughTheGuard, EuropeSeesOnlyEurope) {
  const std::map<std::string, std::string> europe = {{"region", "Europe"}};
  EXPECT_EQ(MustRun("SELECT sum(revenue) FROM sales", europe), std::vector<std::string>{"15"});
  EXPECT_EQ(MustRun("SELECT region, sum(revenue) FROM sales JOIN stores USING (store_id, region) "
                    "GROUP BY region",
                    europe),
            std::vector<std::string>{"Europe|15"});
  EXPECT_EQ(MustRun("SELECT count(*) FROM stores", europe), std::vector<std::string>{"1"});
  // A table without the dimension is not filtered.
  EXPECT_EQ(MustRun("SELECT count(*) FROM calendar", europe), std::vector<std::string>{"2"});
}

TEST(RowFiltersThroughTheGuard, AnotherUserSeesTheirRegion) {
  EXPECT_EQ(MustRun("SELECT sum(revenue) FROM sales", {{"region", "Americas"}}),
            std::vector<std::string>{"100"});
  EXPECT_EQ(MustRun("SELECT sum(revenue) FROM sales", {{"region", "O'Brien"}}),
            std::vector<std::string>{"1000"});
}

TEST(RowFiltersThroughTheGuard, NoAttributeNoRows) {
  EXPECT_EQ(MustRun("SELECT count(*) FROM sales", {}), std::vector<std::string>{"0"});
  EXPECT_EQ(MustRun("SELECT count(*) FROM stores", {{"team", "x"}}), std::vector<std::string>{"0"});
}

TEST(RowFiltersThroughTheGuard, HostileAttributeValuesStayValues) {
  for (const char* value : {"Europe' OR '1'='1", "x') OR (1=1", "Europe'; DROP TABLE sales; --",
                            "\\' OR 1=1 --", "Europe\" OR \"1\"=\"1"}) {
    EXPECT_EQ(MustRun("SELECT count(*) FROM sales", {{"region", value}}),
              std::vector<std::string>{"0"})
        << value;
  }
}

TEST(RowFiltersThroughTheGuard, AuthorsOwnSqlCannotEscape) {
  const std::map<std::string, std::string> europe = {{"region", "Europe"}};
  EXPECT_EQ(
      MustRun("WITH sales AS (SELECT * FROM main.sales) SELECT sum(revenue) FROM sales", europe),
      std::vector<std::string>{"15"});
  EXPECT_EQ(
      MustRun("SELECT sum(revenue) FROM \"SALES\" s WHERE s.region <> 'Europe' OR true", europe),
      std::vector<std::string>{"15"});
  EXPECT_EQ(MustRun("SELECT (SELECT sum(revenue) FROM sales) + 0 FROM calendar LIMIT 1", europe),
            std::vector<std::string>{"15"});
}

}  // namespace
}  // namespace scry::auth
