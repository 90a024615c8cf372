// The demo warehouse driver: validates the options, derives the plan, and runs
// the generation steps (demo_dimensions.cc, demo_facts.cc) in one transaction.
//
// Everything is set-based SQL over range(); pseudo-randomness is a hash of the
// row's key and a salted seed (demo_sql.h), so the result is the same for the
// same seed, row count and end date whatever the thread count.
//
// Speed: most of the time goes to DuckDB's keys, not to generating rows.
// DuckDB keeps an index for every primary key and for both sides of every
// foreign key, fills each twice (in the transaction, then again at commit) on
// one thread, and checks every reference row by row. Measured on 2 cores for
// 10M items: ~10 s without keys, ~34 s with them even for trivial data. With
// insertion order preserved, inserts into tables with indexes take another
// path that is more than twice as slow, so the generator turns preservation
// off for its session; the staging tables are in date order and rows still
// land in date order, so zone maps on order_date keep pruning.
#include "engine/duckdb/demo_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "engine/duckdb/demo_sql.h"

namespace scry::engine {
namespace {

using demo::DemoPlan;

constexpr int64_t kMinRows = 1000;
constexpr int kMinYear = 1975;
constexpr int kMaxYear = 9999;
constexpr int kHistoryYears = 5;

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE customers (
  customer_id BIGINT PRIMARY KEY, customer_name VARCHAR, email VARCHAR, segment VARCHAR,
  country VARCHAR, region VARCHAR, city VARCHAR, signup_date DATE);
CREATE TABLE products (
  product_id BIGINT PRIMARY KEY, product_name VARCHAR, category VARCHAR, subcategory VARCHAR,
  brand VARCHAR, list_price DECIMAL(10,2), unit_cost DECIMAL(10,2));
CREATE TABLE stores (
  store_id BIGINT PRIMARY KEY, store_name VARCHAR, channel VARCHAR, country VARCHAR,
  region VARCHAR, city VARCHAR, opened_date DATE);
CREATE TABLE orders (
  order_id BIGINT PRIMARY KEY, order_date DATE,
  customer_id BIGINT REFERENCES customers (customer_id),
  store_id BIGINT REFERENCES stores (store_id), status VARCHAR, payment_method VARCHAR);
CREATE TABLE order_items (
  order_id BIGINT REFERENCES orders (order_id), line_number INTEGER,
  product_id BIGINT REFERENCES products (product_id), quantity INTEGER,
  unit_price DECIMAL(10,2), discount DECIMAL(4,3), revenue DECIMAL(12,2), cost DECIMAL(12,2));
CREATE TABLE sales_targets (month DATE, region VARCHAR, target_revenue DECIMAL(14,2));
)sql";

constexpr const char* kTempTables[] = {
    "demo_geo",         "demo_subcategories", "demo_product_rank",   "demo_countries",
    "demo_store_stage", "demo_physical",      "demo_country_stores", "demo_patterns",
    "demo_order_count", "demo_weights",       "demo_days",           "demo_slots",
    "demo_order_stage"};

bool IsRealDate(const CivilDate& date) { return CivilFromDays(DaysFromCivil(date)) == date; }

Status Validate(const DemoOptions& options) {
  if (options.rows < kMinRows) {
    return InvalidArgumentError(
        fmt::format("demo warehouse: rows must be at least {}, got {}", kMinRows, options.rows));
  }
  const CivilDate& end = options.end_date;
  if (!IsRealDate(end)) {
    return InvalidArgumentError(fmt::format("demo warehouse: end date {}-{}-{} is not a date",
                                            end.year, end.month, end.day));
  }
  if (end.year < kMinYear || end.year > kMaxYear) {
    return InvalidArgumentError(
        fmt::format("demo warehouse: end date {} must be in the years {}-{}", FormatIsoDate(end),
                    kMinYear, kMaxYear));
  }
  return Status::Ok();
}

// The same day `years` earlier; 29 February becomes 28 February.
CivilDate YearsBefore(const CivilDate& date, int years) {
  CivilDate earlier{date.year - years, date.month, date.day};
  while (!IsRealDate(earlier)) --earlier.day;
  return earlier;
}

DemoPlan MakePlan(const DemoOptions& options) {
  const CivilDate& end = options.end_date;
  const CivilDate start = CivilFromDays(DaysFromCivil(YearsBefore(end, kHistoryYears)) + 1);
  const CivilDate next_month =
      end.month == 12 ? CivilDate{end.year + 1, 1, 1} : CivilDate{end.year, end.month + 1, 1};
  DemoPlan plan;
  plan.rows = options.rows;
  plan.customers = std::max<int64_t>(options.rows / 100, 1);
  plan.seed = options.seed;
  plan.start = FormatIsoDate(start);
  plan.end = FormatIsoDate(end);
  plan.first_month = FormatIsoDate(CivilDate{start.year, start.month, 1});
  plan.last_day = FormatIsoDate(CivilFromDays(DaysFromCivil(next_month) - 1));
  plan.days = DaysFromCivil(end) - DaysFromCivil(start) + 1;
  return plan;
}

Status ReplaceSchema(DuckDbWriter& writer) {
  std::string drops;
  for (auto it = std::rbegin(kDemoTables); it != std::rend(kDemoTables); ++it) {
    drops += fmt::format("DROP TABLE IF EXISTS \"{}\";\n", *it);
  }
  RETURN_IF_ERROR(demo::RunStep(writer, "dropping the old tables", drops));
  return demo::RunStep(writer, "creating the tables", kSchemaSql);
}

// A cheap self-check: the exact row count is part of the contract.
Status CheckRowCount(DuckDbWriter& writer, const DemoPlan& plan) {
  return demo::RunStep(
      writer, "checking the row count",
      fmt::format("SELECT CASE WHEN n <> {0} THEN error('order_items has ' || n || ' rows, "
                  "expected {0}') END FROM (SELECT count(*) AS n FROM order_items)",
                  plan.rows));
}

Status DropTempTables(DuckDbWriter& writer) {
  std::string drops;
  for (const char* table : kTempTables) {
    drops += fmt::format("DROP TABLE IF EXISTS temp.{};\n", table);
  }
  return demo::RunStep(writer, "dropping the staging tables", drops);
}

Status Generate(DuckDbWriter& writer, const DemoPlan& plan) {
  RETURN_IF_ERROR(ReplaceSchema(writer));
  RETURN_IF_ERROR(demo::GenerateCustomers(writer, plan));
  RETURN_IF_ERROR(demo::GenerateProducts(writer, plan));
  RETURN_IF_ERROR(demo::GenerateStores(writer, plan));
  RETURN_IF_ERROR(demo::GenerateCalendar(writer, plan));
  RETURN_IF_ERROR(demo::GenerateOrders(writer, plan));
  RETURN_IF_ERROR(demo::GenerateOrderItems(writer, plan));
  RETURN_IF_ERROR(demo::GenerateSalesTargets(writer, plan));
  RETURN_IF_ERROR(CheckRowCount(writer, plan));
  return DropTempTables(writer);
}

}  // namespace

Status GenerateDemoWarehouse(DuckDbWriter& writer, const DemoOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  const DemoPlan plan = MakePlan(options);
  RETURN_IF_ERROR(writer.Execute("SET SESSION preserve_insertion_order = false"));
  Status generated = writer.InTransaction([&] { return Generate(writer, plan); });
  Status reset = writer.Execute("RESET SESSION preserve_insertion_order");
  RETURN_IF_ERROR(generated);
  RETURN_IF_ERROR(reset);
  return writer.Checkpoint();
}

}  // namespace scry::engine
