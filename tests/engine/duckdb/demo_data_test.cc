#include "engine/duckdb/demo_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace scry::engine {
namespace {

constexpr int64_t kRows = 200'000;

DemoOptions Options(int64_t rows, uint64_t seed = 42) {
  DemoOptions options;
  options.rows = rows;
  options.end_date = CivilDate{2024, 12, 31};
  options.seed = seed;
  return options;
}

std::unique_ptr<DuckDbWriter> Generate(const DemoOptions& options, int threads = 0) {
  DuckDbWriterOptions writer_options;
  writer_options.threads = threads;
  auto writer = DuckDbWriter::Open("", writer_options);
  EXPECT_TRUE(writer.ok()) << writer.status();
  if (!writer.ok()) return nullptr;
  Status status = GenerateDemoWarehouse(**writer, options);
  EXPECT_TRUE(status.ok()) << status;
  return std::move(*writer);
}

// Every row of a query as "a|b|c" lines.
std::string Rows(DuckDbWriter& writer, const std::string& sql) {
  auto result = writer.Query(sql);
  EXPECT_TRUE(result.ok()) << result.status() << "\n" << sql;
  if (!result.ok()) return "<error>";
  std::string out;
  for (size_t row = 0; row < result->row_count(); ++row) {
    for (size_t col = 0; col < result->column_count(); ++col) {
      if (col > 0) out += '|';
      out += FormatValue(result->column(col), row);
    }
    out += "\n";
  }
  return out;
}

int64_t Number(DuckDbWriter& writer, const std::string& sql) {
  return std::atoll(Rows(writer, sql).c_str());
}

// A checksum of every row of every demo table, independent of row order.
std::string Checksum(DuckDbWriter& writer) {
  std::string out;
  for (const char* table : kDemoTables) {
    out += Rows(writer, std::string("SELECT count(*) || ':' || sum(hash(t)) FROM ") + table + " t");
  }
  return out;
}

// One warehouse of kRows rows, shared by the tests that only read it.
class DemoWarehouseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { writer_ = Generate(Options(kRows)).release(); }
  static void TearDownTestSuite() {
    delete writer_;
    writer_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(writer_, nullptr); }

  std::string Q(const std::string& sql) { return Rows(*writer_, sql); }
  int64_t N(const std::string& sql) { return Number(*writer_, sql); }

  static DuckDbWriter* writer_;
};

DuckDbWriter* DemoWarehouseTest::writer_ = nullptr;

TEST_F(DemoWarehouseTest, SchemaIsExact) {
  EXPECT_EQ(Q("SELECT table_name, column_name, data_type FROM duckdb_columns() "
              "WHERE table_name IN ('customers', 'products', 'stores', 'orders', 'order_items', "
              "'sales_targets') ORDER BY table_name, column_index"),
            "customers|customer_id|BIGINT\n"
            "customers|customer_name|VARCHAR\n"
            "customers|email|VARCHAR\n"
            "customers|segment|VARCHAR\n"
            "customers|country|VARCHAR\n"
            "customers|region|VARCHAR\n"
            "customers|city|VARCHAR\n"
            "customers|signup_date|DATE\n"
            "order_items|order_id|BIGINT\n"
            "order_items|line_number|INTEGER\n"
            "order_items|product_id|BIGINT\n"
            "order_items|quantity|INTEGER\n"
            "order_items|unit_price|DECIMAL(10,2)\n"
            "order_items|discount|DECIMAL(4,3)\n"
            "order_items|revenue|DECIMAL(12,2)\n"
            "order_items|cost|DECIMAL(12,2)\n"
            "orders|order_id|BIGINT\n"
            "orders|order_date|DATE\n"
            "orders|customer_id|BIGINT\n"
            "orders|store_id|BIGINT\n"
            "orders|status|VARCHAR\n"
            "orders|payment_method|VARCHAR\n"
            "products|product_id|BIGINT\n"
            "products|product_name|VARCHAR\n"
            "products|category|VARCHAR\n"
            "products|subcategory|VARCHAR\n"
            "products|brand|VARCHAR\n"
            "products|list_price|DECIMAL(10,2)\n"
            "products|unit_cost|DECIMAL(10,2)\n"
            "sales_targets|month|DATE\n"
            "sales_targets|region|VARCHAR\n"
            "sales_targets|target_revenue|DECIMAL(14,2)\n"
            "stores|store_id|BIGINT\n"
            "stores|store_name|VARCHAR\n"
            "stores|channel|VARCHAR\n"
            "stores|country|VARCHAR\n"
            "stores|region|VARCHAR\n"
            "stores|city|VARCHAR\n"
            "stores|opened_date|DATE\n");
  // The staging tables are gone.
  EXPECT_EQ(N("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'demo_%'"), 0);
}

TEST_F(DemoWarehouseTest, KeysAreDeclared) {
  EXPECT_EQ(Q("SELECT table_name, constraint_type, constraint_column_names, referenced_table "
              "FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') "
              "ORDER BY ALL"),
            "customers|PRIMARY KEY|[customer_id]|\n"
            "order_items|FOREIGN KEY|[order_id]|orders\n"
            "order_items|FOREIGN KEY|[product_id]|products\n"
            "orders|FOREIGN KEY|[customer_id]|customers\n"
            "orders|FOREIGN KEY|[store_id]|stores\n"
            "orders|PRIMARY KEY|[order_id]|\n"
            "products|PRIMARY KEY|[product_id]|\n"
            "stores|PRIMARY KEY|[store_id]|\n");
}

TEST_F(DemoWarehouseTest, RowCounts) {
  EXPECT_EQ(N("SELECT count(*) FROM order_items"), kRows);
  EXPECT_NEAR(N("SELECT count(*) FROM orders"), kRows / 2.5, kRows / 2.5 * 0.1);
  EXPECT_NEAR(N("SELECT count(*) FROM customers"), kRows / 100, kRows / 100 * 0.1);
  EXPECT_EQ(N("SELECT count(*) FROM products"), 2000);
  EXPECT_EQ(N("SELECT count(*) FROM stores"), 200);
  EXPECT_EQ(N("SELECT count(*) FROM sales_targets"), 60 * 4);
  EXPECT_EQ(N("SELECT count(DISTINCT month) FROM sales_targets WHERE day(month) = 1"), 60);
}

TEST_F(DemoWarehouseTest, FiveYearsEndingAtTheEndDate) {
  EXPECT_EQ(Q("SELECT min(order_date), max(order_date) FROM orders"), "2020-01-01|2024-12-31\n");
  EXPECT_EQ(Q("SELECT min(month), max(month) FROM sales_targets"), "2020-01-01|2024-12-01\n");
  // Orders are numbered in date order.
  EXPECT_EQ(N("SELECT count(*) FROM (SELECT order_date < lag(order_date) OVER (ORDER BY order_id) "
              "AS back FROM orders) WHERE back"),
            0);
}

TEST_F(DemoWarehouseTest, YearlyGrowthAndDecemberPeak) {
  const std::string monthly =
      "SELECT year(order_date) AS y, month(order_date) AS m, sum(revenue) AS r "
      "FROM orders JOIN order_items USING (order_id) GROUP BY ALL";
  // Each year (all five are full) earns more than the one before.
  EXPECT_EQ(N("SELECT count(*) FROM (SELECT y, sum(r) AS total, lag(sum(r)) OVER (ORDER BY y) AS "
              "previous FROM (" +
              monthly + ") GROUP BY y) WHERE total <= previous"),
            0);
  // December beats the year's monthly mean, every year.
  EXPECT_EQ(N("SELECT count(*) FROM (SELECT y, max(r) FILTER (WHERE m = 12) AS december, avg(r) "
              "AS mean FROM (" +
              monthly + ") GROUP BY y) WHERE december <= mean"),
            0);
  // Weekends are busier than midweek.
  EXPECT_GT(N("SELECT count(*) FROM orders WHERE isodow(order_date) = 6"),
            N("SELECT count(*) FROM orders WHERE isodow(order_date) = 2") * 11 / 10);
}

TEST_F(DemoWarehouseTest, OrdersAndItemsAreConsistent) {
  const int64_t orders = N("SELECT count(*) FROM orders");
  const int64_t returned = N("SELECT count(*) FROM orders WHERE status = 'returned'");
  const int64_t cancelled = N("SELECT count(*) FROM orders WHERE status = 'cancelled'");
  EXPECT_GT(returned, orders * 2 / 100);
  EXPECT_LT(returned, orders * 6 / 100);
  EXPECT_GT(cancelled, orders * 5 / 1000);
  EXPECT_LT(cancelled, orders * 3 / 100);
  EXPECT_EQ(Q("SELECT DISTINCT status FROM orders ORDER BY 1"), "cancelled\ncompleted\nreturned\n");
  // Every order has items, numbered 1..k.
  EXPECT_EQ(N("SELECT count(*) FROM orders o WHERE NOT EXISTS "
              "(SELECT 1 FROM order_items i WHERE i.order_id = o.order_id)"),
            0);
  EXPECT_EQ(
      N("SELECT count(*) FROM (SELECT order_id, count(*) AS k, min(line_number) AS lo, "
        "max(line_number) AS hi FROM order_items GROUP BY 1) WHERE lo <> 1 OR hi <> k OR k > 6"),
      0);
  EXPECT_NEAR(static_cast<double>(kRows) / orders, 2.5, 0.05);
  EXPECT_EQ(N("SELECT count(*) FROM order_items "
              "WHERE revenue <> round(quantity * unit_price * (1 - discount), 2)"),
            0);
  EXPECT_EQ(N("SELECT count(*) FROM order_items WHERE discount NOT IN (0, 0.05, 0.10, 0.15, 0.20, "
              "0.25, 0.30) OR quantity < 1 OR unit_price <= 0 OR cost / quantity >= unit_price"),
            0);
  EXPECT_EQ(N("SELECT count(*) FROM products WHERE unit_cost >= list_price OR list_price <= 0"), 0);
}

TEST_F(DemoWarehouseTest, ReferencesHold) {
  EXPECT_EQ(N("SELECT count(*) FROM orders LEFT JOIN customers USING (customer_id) "
              "WHERE customers.customer_id IS NULL"),
            0);
  EXPECT_EQ(N("SELECT count(*) FROM orders LEFT JOIN stores USING (store_id) "
              "WHERE stores.store_id IS NULL"),
            0);
  EXPECT_EQ(N("SELECT count(*) FROM order_items LEFT JOIN products USING (product_id) "
              "WHERE products.product_id IS NULL"),
            0);
  // Customers order only after signing up, from stores in their own country.
  EXPECT_EQ(N("SELECT count(*) FROM orders JOIN customers c USING (customer_id) "
              "WHERE c.signup_date > order_date"),
            0);
  EXPECT_EQ(N("SELECT count(*) FROM orders o JOIN customers c USING (customer_id) "
              "JOIN stores s USING (store_id) WHERE s.country <> c.country"),
            0);
}

TEST_F(DemoWarehouseTest, BelievableDimensions) {
  EXPECT_EQ(Q("SELECT DISTINCT region FROM customers ORDER BY 1"),
            "Asia Pacific\nEurope\nLatin America\nNorth America\n");
  EXPECT_EQ(Q("SELECT DISTINCT segment FROM customers ORDER BY 1"),
            "Consumer\nCorporate\nSmall Business\n");
  EXPECT_EQ(Q("SELECT DISTINCT channel FROM stores ORDER BY 1"), "Online\nRetail\nWholesale\n");
  // A city belongs to one country, a country to one region, in both tables.
  EXPECT_EQ(N("SELECT count(*) FROM (SELECT city FROM (SELECT city, country, region FROM customers "
              "UNION ALL SELECT city, country, region FROM stores) GROUP BY city "
              "HAVING count(DISTINCT country) > 1 OR count(DISTINCT region) > 1)"),
            0);
  const int64_t categories = N("SELECT count(DISTINCT category) FROM products");
  EXPECT_GE(categories, 6);
  EXPECT_LE(categories, 10);
  EXPECT_EQ(N("SELECT count(*) FROM customers WHERE email NOT LIKE '%@%.%' OR customer_name = ''"),
            0);
  // Cash only in shops; every payment method is one of the six.
  EXPECT_EQ(N("SELECT count(*) FROM orders JOIN stores USING (store_id) "
              "WHERE channel = 'Online' AND payment_method = 'Cash'"),
            0);
  EXPECT_EQ(Q("SELECT DISTINCT payment_method FROM orders ORDER BY 1"),
            "Bank Transfer\nCash\nCredit Card\nDebit Card\nGift Card\nPayPal\n");
  // Regions differ in size.
  EXPECT_GT(N("SELECT count(*) FROM customers WHERE region = 'North America'"),
            2 * N("SELECT count(*) FROM customers WHERE region = 'Latin America'"));
}

TEST_F(DemoWarehouseTest, LongTailOfProducts) {
  // The most popular tenth of the products sells far more than a tenth of
  // the units, and the least popular half still sells.
  const int64_t top_share = N(
      "SELECT (100 * sum(q) FILTER (WHERE rn <= 200) / sum(q))::BIGINT FROM (SELECT sum(quantity) "
      "AS q, row_number() OVER (ORDER BY sum(quantity) DESC) AS rn FROM order_items GROUP BY "
      "product_id)");
  EXPECT_GT(top_share, 35);
  EXPECT_LT(top_share, 80);
  EXPECT_GT(N("SELECT count(DISTINCT product_id) FROM order_items"), 1500);
}

TEST(DemoDataTest, SameOptionsGiveTheSameWarehouse) {
  auto first = Generate(Options(kRows, 7));
  auto second = Generate(Options(kRows, 7), /*threads=*/1);  // whatever the scheduling
  auto other = Generate(Options(kRows, 8));
  ASSERT_TRUE(first && second && other);
  EXPECT_EQ(Checksum(*first), Checksum(*second));
  EXPECT_NE(Checksum(*first), Checksum(*other));
}

TEST(DemoDataTest, ReplacesTheDemoTablesOnly) {
  auto writer = Generate(Options(kRows));
  ASSERT_TRUE(writer);
  ASSERT_TRUE(
      writer->Execute("CREATE TABLE notes (id INTEGER); INSERT INTO notes VALUES (1)").ok());
  const std::string before = Checksum(*writer);
  ASSERT_TRUE(GenerateDemoWarehouse(*writer, Options(kRows)).ok());
  EXPECT_EQ(Checksum(*writer), before);
  EXPECT_EQ(Number(*writer, "SELECT count(*) FROM notes"), 1);
  EXPECT_EQ(Number(*writer, "SELECT count(*) FROM duckdb_tables()"), 7);
}

TEST(DemoDataTest, OtherEndDatesAndSizes) {
  // A leap day ends the history: it starts the day after 2019-02-28.
  DemoOptions options = Options(1000, 3);
  options.end_date = CivilDate{2024, 2, 29};
  auto small = Generate(options);
  ASSERT_TRUE(small);
  EXPECT_EQ(Number(*small, "SELECT count(*) FROM order_items"), 1000);
  EXPECT_EQ(Number(*small,
                   "SELECT count(*) FROM orders WHERE order_date < DATE '2019-03-01' OR "
                   "order_date > DATE '2024-02-29'"),
            0);
  EXPECT_EQ(Rows(*small, "SELECT min(month), max(month), count(*) FROM sales_targets"),
            "2019-03-01|2024-02-01|240\n");
  // Ending mid-month, the first and last months are partial: 61 months.
  options.end_date = CivilDate{2023, 6, 15};
  auto mid_month = Generate(options);
  ASSERT_TRUE(mid_month);
  EXPECT_EQ(Rows(*mid_month, "SELECT min(month), max(month), count(*) FROM sales_targets"),
            "2018-06-01|2023-06-01|244\n");
  auto large = Generate(Options(1'000'000));
  ASSERT_TRUE(large);
  EXPECT_EQ(Number(*large, "SELECT count(*) FROM order_items"), 1'000'000);
  EXPECT_NEAR(Number(*large, "SELECT count(*) FROM orders"), 400'000, 4'000);
}

TEST(DemoDataTest, RejectsBadOptions) {
  auto writer = DuckDbWriter::Open("");
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ(GenerateDemoWarehouse(**writer, Options(999)).code(), StatusCode::kInvalidArgument);
  DemoOptions old = Options(1000);
  old.end_date = CivilDate{1974, 12, 31};
  EXPECT_EQ(GenerateDemoWarehouse(**writer, old).code(), StatusCode::kInvalidArgument);
  DemoOptions impossible = Options(1000);
  impossible.end_date = CivilDate{2023, 2, 30};
  EXPECT_EQ(GenerateDemoWarehouse(**writer, impossible).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Number(**writer, "SELECT count(*) FROM duckdb_tables()"), 0);
}

// Run by hand (not part of the suite):
//   build-demo/bin/duckdb_import_test --gtest_also_run_disabled_tests
//     --gtest_filter='*TenMillionRowsTiming*'
// SCRY_DEMO_ROWS and SCRY_DEMO_FILE override the row count and the file.
TEST(DemoDataTest, DISABLED_TenMillionRowsTiming) {
  const char* rows_env = std::getenv("SCRY_DEMO_ROWS");
  const char* file_env = std::getenv("SCRY_DEMO_FILE");
  const int64_t rows = rows_env != nullptr ? std::atoll(rows_env) : 10'000'000;
  const std::filesystem::path path =
      file_env != nullptr ? std::filesystem::path(file_env)
                          : std::filesystem::temp_directory_path() / "scry_demo_timing.duckdb";
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + ".wal");
  auto writer = DuckDbWriter::Open(path.string());
  ASSERT_TRUE(writer.ok()) << writer.status();
  const auto start = std::chrono::steady_clock::now();
  Status status = GenerateDemoWarehouse(**writer, Options(rows));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(status.ok()) << status;
  std::printf("demo warehouse: %lld order_items rows in %.1f s (%s)\n",
              static_cast<long long>(rows), seconds, path.c_str());
}

}  // namespace
}  // namespace scry::engine
