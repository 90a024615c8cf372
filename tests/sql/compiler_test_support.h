// Shared by the compiler tests: a small retail model built by hand, a
// deterministic dataset loaded into an in-memory DuckDB and a SQLite file,
// the guard, and helpers that compile a SemanticQuery for a dialect, check it
// with the guard and run it.
//
// The dataset is small enough to check by hand: 5 customers (Eve has no
// orders), 4 products (names and brands hold %, _ and near misses for LIKE),
// 3 stores, 11 orders (one with no customer, one with no payment method) and
// 15 order items (order 108 holds the same product twice), shipments of
// order items (item 104/1 shipped twice by DHL), plus two tables with awkward
// names: "order" and "Client".
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/duckdb/duckdb_engine.h"
#include "engine/sqlite/sqlite_engine.h"
#include "semantic/model.h"
#include "semantic/query.h"
#include "sql/compiler.h"
#include "sql/dialect.h"
#include "sql/guard.h"

namespace scry::sql::testing {

using semantic::Aggregation;
using semantic::ColumnModel;
using semantic::ColumnRole;
using semantic::CompareOp;
using semantic::DataType;
using semantic::Filter;
using semantic::Literal;
using semantic::Predicate;
using semantic::SelectItem;
using semantic::SemanticQuery;
using semantic::TimeGrain;
using semantic::ValueExpr;

using Rows = std::vector<std::vector<std::string>>;

inline const std::vector<std::string>& DatasetSql() {
  static const std::vector<std::string> statements =
      {R"sql(CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR, email VARCHAR, segment VARCHAR, country VARCHAR, region VARCHAR, city VARCHAR, signup_date DATE, age INTEGER))sql",
       R"sql(CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name VARCHAR, category VARCHAR, subcategory VARCHAR, brand VARCHAR, list_price DECIMAL(10,2), unit_cost DECIMAL(10,2)))sql",
       R"sql(CREATE TABLE stores (store_id INTEGER PRIMARY KEY, store_name VARCHAR, channel VARCHAR, country VARCHAR, region VARCHAR, city VARCHAR, opened_date DATE))sql",
       R"sql(CREATE TABLE orders (order_id INTEGER PRIMARY KEY, order_date DATE, customer_id INTEGER, store_id INTEGER, status VARCHAR, payment_method VARCHAR, shipping DECIMAL(8,2)))sql",
       R"sql(CREATE TABLE order_items (order_id INTEGER, line_number INTEGER, product_id INTEGER, quantity INTEGER, unit_price DECIMAL(10,2), discount DECIMAL(4,3), revenue DECIMAL(12,2), cost DECIMAL(12,2)))sql",
       R"sql(CREATE TABLE sales_targets (month DATE, region VARCHAR, target_revenue DECIMAL(14,2)))sql",
       R"sql(CREATE TABLE "order" ("Order Id" INTEGER PRIMARY KEY, "Client" INTEGER, "Total Amount" DECIMAL(10,2), placed DATE))sql",
       R"sql(CREATE TABLE "Client" ("ClientID" INTEGER PRIMARY KEY, "Full Name" VARCHAR, "group" VARCHAR))sql",
       R"sql(INSERT INTO customers VALUES (1, 'Alice Martin', 'alice@example.com', 'Consumer', 'France', 'Europe', 'Paris', '2022-01-10', 30), (2, 'Bob Schulz', 'bob@example.com', 'Corporate', 'Germany', 'Europe', 'Berlin', '2022-03-05', 40), (3, 'Carla Diaz', 'carla@example.com', 'Consumer', 'USA', 'Americas', 'Boston', '2023-06-01', 25), (4, 'Dan Ito', 'dan@example.com', 'Home Office', 'Japan', 'Asia', 'Tokyo', '2023-11-20', 50), (5, 'Eve Stone', 'eve@example.com', 'Consumer', 'USA', 'Americas', 'Denver', '2024-01-15', 35))sql",
       R"sql(INSERT INTO products VALUES (1, 'Desk Lamp 500W', 'Home', 'Lighting', 'Lumo', 40.00, 15.00), (2, 'Office Chair', 'Furniture', 'Chairs', 'Beanstalk', 150.00, 80.00), (3, 'Coffee 50% Arabica', 'Grocery', 'Coffee', 'Bean_Co', 12.50, 5.00), (4, 'Notebook', 'Office', 'Paper', 'Papery', 3.00, 1.00))sql",
       R"sql(INSERT INTO stores VALUES (1, 'Paris Central', 'Retail', 'France', 'Europe', 'Paris', '2020-01-01'), (2, 'Online EU', 'Online', 'Germany', 'Europe', 'Berlin', '2021-01-01'), (3, 'Boston Mall', 'Retail', 'USA', 'Americas', 'Boston', '2019-05-01'))sql",
       R"sql(INSERT INTO orders VALUES (101, '2024-01-15', 1, 1, 'completed', 'card', 5.00), (102, '2024-02-03', 1, 2, 'completed', 'paypal', 0.00), (103, '2024-02-20', 2, 2, 'returned', 'card', 10.00), (104, '2024-03-31', 3, 3, 'completed', 'cash', 15.00), (105, '2024-04-01', 3, 2, 'completed', 'card', 5.00), (106, '2024-05-12', 4, 2, 'cancelled', 'card', 0.00), (107, '2023-02-10', 2, 1, 'completed', 'card', 5.00), (108, '2023-04-02', 1, 3, 'completed', 'cash', 10.00), (109, '2024-12-30', 4, 1, 'completed', NULL, 5.00), (110, '2024-06-30', 2, 3, 'completed', 'card', 0.00), (111, '2022-12-01', NULL, 1, 'completed', 'cash', 0.00))sql",
       R"sql(INSERT INTO order_items VALUES (101, 1, 1, 2, 40.00, 0, 80.00, 30.00), (101, 2, 4, 5, 3.00, 0, 15.00, 5.00), (102, 1, 3, 4, 12.50, 0, 50.00, 20.00), (103, 1, 2, 1, 150.00, 0, 150.00, 80.00), (104, 1, 2, 2, 150.00, 0.1, 270.00, 160.00), (104, 2, 1, 1, 40.00, 0, 40.00, 15.00), (104, 3, 4, 10, 3.00, 0, 30.00, 10.00), (105, 1, 3, 2, 12.50, 0, 25.00, 10.00), (106, 1, 1, 3, 40.00, 0, 120.00, 45.00), (107, 1, 4, 20, 3.00, 0, 60.00, 20.00), (107, 2, 3, 1, 12.50, 0, 12.50, 5.00), (108, 1, 2, 1, 150.00, 0, 150.00, 80.00), (108, 2, 2, 1, 150.00, 0, 150.00, 80.00), (109, 1, 1, 1, 40.00, 0, 40.00, 15.00), (110, 1, 3, 8, 12.50, 0.2, 80.00, 40.00))sql",
       R"sql(INSERT INTO sales_targets VALUES ('2024-01-01', 'Europe', 100.00), ('2024-02-01', 'Europe', 200.00), ('2024-01-01', 'Americas', 300.00))sql",
       R"sql(INSERT INTO "order" VALUES (1, 1, 10.50, '2024-01-01'), (2, 1, 4.50, '2024-02-01'), (3, 2, 7.00, '2024-02-15'))sql",
       R"sql(INSERT INTO "Client" VALUES (1, 'Ann Lee', 'A'), (2, 'Bo Chan', 'B'))sql",
       R"sql(CREATE TABLE shipments (shipment_id INTEGER PRIMARY KEY, order_id INTEGER, line_number INTEGER, carrier VARCHAR))sql",
       R"sql(INSERT INTO shipments VALUES (1, 101, 1, 'DHL'), (2, 101, 1, 'UPS'), (3, 104, 1, 'DHL'), (4, 104, 1, 'DHL'), (5, 108, 2, 'UPS'))sql"};
  return statements;
}

// --- the model ---------------------------------------------------------------

inline ColumnModel Col(std::string name, DataType type, ColumnRole role,
                       Aggregation aggregation = Aggregation::kNone) {
  ColumnModel column;
  column.name = std::move(name);
  column.type = type;
  column.role = role;
  column.default_aggregation = aggregation;
  return column;
}

inline semantic::TableModel Table(std::string name, std::vector<ColumnModel> columns,
                                  std::vector<std::string> primary_key,
                                  std::string time_column = "") {
  semantic::TableModel table;
  table.name = std::move(name);
  table.columns = std::move(columns);
  table.primary_key = std::move(primary_key);
  table.time_column = std::move(time_column);
  return table;
}

inline semantic::JoinModel Join(std::string from, std::string from_column, std::string to,
                                std::string to_column) {
  semantic::JoinModel join;
  join.from_table = std::move(from);
  join.from_columns = {std::move(from_column)};
  join.to_table = std::move(to);
  join.to_columns = {std::move(to_column)};
  return join;
}

// shipments → order_items on their two-column key (order_id, line_number).
inline semantic::JoinModel ShipmentJoin() {
  semantic::JoinModel join;
  join.from_table = "shipments";
  join.from_columns = {"order_id", "line_number"};
  join.to_table = "order_items";
  join.to_columns = {"order_id", "line_number"};
  return join;
}

inline semantic::MetricModel Metric(std::string name, std::string expression) {
  semantic::MetricModel metric;
  metric.name = std::move(name);
  metric.expression = std::move(expression);
  return metric;
}

inline semantic::Model RetailModel() {
  using T = DataType;
  using R = ColumnRole;
  const Aggregation sum = Aggregation::kSum;
  semantic::Model model;
  model.name = "retail";
  model.tables = {
      Table("customers",
            {Col("customer_id", T::kInteger, R::kIdentifier),
             Col("customer_name", T::kText, R::kName), Col("email", T::kText, R::kText),
             Col("segment", T::kText, R::kDimension), Col("country", T::kText, R::kDimension),
             Col("region", T::kText, R::kDimension), Col("city", T::kText, R::kDimension),
             Col("signup_date", T::kDate, R::kTime),
             Col("age", T::kInteger, R::kMeasure, Aggregation::kAvg)},
            {"customer_id"}, "signup_date"),
      Table(
          "products",
          {Col("product_id", T::kInteger, R::kIdentifier), Col("product_name", T::kText, R::kName),
           Col("category", T::kText, R::kDimension), Col("subcategory", T::kText, R::kDimension),
           Col("brand", T::kText, R::kDimension), Col("list_price", T::kNumber, R::kMeasure, sum),
           Col("unit_cost", T::kNumber, R::kMeasure, sum)},
          {"product_id"}),
      Table("stores",
            {Col("store_id", T::kInteger, R::kIdentifier), Col("store_name", T::kText, R::kName),
             Col("channel", T::kText, R::kDimension), Col("country", T::kText, R::kDimension),
             Col("region", T::kText, R::kDimension), Col("city", T::kText, R::kDimension),
             Col("opened_date", T::kDate, R::kTime)},
            {"store_id"}),
      Table("orders",
            {Col("order_id", T::kInteger, R::kIdentifier), Col("order_date", T::kDate, R::kTime),
             Col("customer_id", T::kInteger, R::kIdentifier),
             Col("store_id", T::kInteger, R::kIdentifier), Col("status", T::kText, R::kDimension),
             Col("payment_method", T::kText, R::kDimension),
             Col("shipping", T::kNumber, R::kMeasure, sum)},
            {"order_id"}, "order_date"),
      Table(
          "order_items",
          {Col("order_id", T::kInteger, R::kIdentifier),
           Col("line_number", T::kInteger, R::kIdentifier),
           Col("product_id", T::kInteger, R::kIdentifier),
           Col("quantity", T::kInteger, R::kMeasure, sum),
           Col("unit_price", T::kNumber, R::kMeasure, Aggregation::kAvg),
           Col("discount", T::kNumber, R::kMeasure, Aggregation::kAvg),
           Col("revenue", T::kNumber, R::kMeasure, sum), Col("cost", T::kNumber, R::kMeasure, sum)},
          {"order_id", "line_number"}, "orders.order_date"),
      Table("sales_targets",
            {Col("month", T::kDate, R::kTime), Col("region", T::kText, R::kDimension),
             Col("target_revenue", T::kNumber, R::kMeasure, sum)},
            {}, "month"),
      Table(
          "order",
          {Col("Order Id", T::kInteger, R::kIdentifier), Col("Client", T::kInteger, R::kIdentifier),
           Col("Total Amount", T::kNumber, R::kMeasure, sum), Col("placed", T::kDate, R::kTime)},
          {"Order Id"}, "placed"),
      Table("shipments",
            {Col("shipment_id", T::kInteger, R::kIdentifier),
             Col("order_id", T::kInteger, R::kIdentifier),
             Col("line_number", T::kInteger, R::kIdentifier),
             Col("carrier", T::kText, R::kDimension)},
            {"shipment_id"}),
      Table("Client",
            {Col("ClientID", T::kInteger, R::kIdentifier), Col("Full Name", T::kText, R::kName),
             Col("group", T::kText, R::kDimension)},
            {"ClientID"}),
  };
  model.joins = {
      Join("order_items", "order_id", "orders", "order_id"),
      Join("order_items", "product_id", "products", "product_id"),
      Join("orders", "customer_id", "customers", "customer_id"),
      Join("orders", "store_id", "stores", "store_id"),
      Join("order", "Client", "Client", "ClientID"),
      ShipmentJoin(),
  };
  model.metrics = {
      Metric("total_revenue", "sum(order_items.revenue)"),
      Metric("average_order_value", "sum(order_items.revenue) / count(DISTINCT orders.order_id)"),
      Metric("margin", "sum(order_items.revenue) - sum(order_items.cost)"),
      Metric("revenue_per_unit", "sum(order_items.revenue) / sum(order_items.quantity)"),
      Metric("completed_share",
             "sum(CASE WHEN orders.status = 'completed' THEN 1 ELSE 0 END) * 100.0 / count(*)"),
  };
  return model;
}

// --- building queries ----------------------------------------------------------

inline semantic::ColumnRef Ref(std::string table, std::string column) {
  return {std::move(table), std::move(column)};
}
inline ValueExpr Column(std::string table, std::string column, TimeGrain grain = TimeGrain::kNone) {
  return ValueExpr::Column(Ref(std::move(table), std::move(column)), grain);
}
inline ValueExpr Agg(Aggregation aggregation, std::string table, std::string column,
                     bool distinct = false) {
  return ValueExpr::Aggregate(aggregation, Ref(std::move(table), std::move(column)), distinct);
}
inline ValueExpr SumOf(std::string table, std::string column) {
  return Agg(Aggregation::kSum, std::move(table), std::move(column));
}
inline ValueExpr AvgOf(std::string table, std::string column) {
  return Agg(Aggregation::kAvg, std::move(table), std::move(column));
}
inline ValueExpr CountRows(std::string table) { return ValueExpr::CountRows(std::move(table)); }
inline SelectItem Item(ValueExpr value, std::string label = "") {
  return {std::move(value), std::move(label)};
}
inline Literal Text(std::string text) { return Literal::Text(std::move(text)); }
inline Literal Int(int64_t value) { return Literal::Integer(value); }
inline Literal Day(int year, int month, int day) { return Literal::Date({year, month, day}); }

inline Filter Is(ValueExpr lhs, CompareOp op, std::vector<Literal> values, bool negated = false) {
  Predicate predicate;
  predicate.lhs = std::move(lhs);
  predicate.op = op;
  predicate.values = std::move(values);
  predicate.negated = negated;
  return Filter::Of(std::move(predicate));
}
inline Filter Eq(std::string table, std::string column, Literal value) {
  return Is(Column(std::move(table), std::move(column)), CompareOp::kEq, {std::move(value)});
}
inline Filter InSubquery(ValueExpr lhs, SemanticQuery subquery, CompareOp op = CompareOp::kIn,
                         bool negated = false) {
  Predicate predicate;
  predicate.lhs = std::move(lhs);
  predicate.op = op;
  predicate.negated = negated;
  predicate.subquery = std::move(subquery);
  return Filter::Of(std::move(predicate));
}
inline semantic::TimeRange Range(std::string table, std::string column, CivilDate start,
                                 CivilDate end) {
  return {Ref(std::move(table), std::move(column)), start, end, ""};
}

// --- running -------------------------------------------------------------------

// The value as the assertions spell it: NULL, integers without a point,
// other numbers rounded to 4 decimals without trailing zeros, the rest as
// the engine formats it (dates as 2024-01-31 in both engines).
inline std::string Cell(const engine::Column& column, size_t row) {
  if (column.IsNull(row)) return "NULL";
  if (!IsNumeric(column.type().id)) return engine::FormatValue(column, row);
  const double value = column.NumberAt(row);
  if (std::fabs(value - std::round(value)) < 1e-9) {
    return fmt::format("{}", static_cast<long long>(std::llround(value)));
  }
  std::string text = fmt::format("{:.4f}", value);
  while (text.back() == '0') text.pop_back();
  return text;
}

class Warehouse {
 public:
  static Warehouse& Get() {
    static Warehouse* warehouse = new Warehouse();  // lives for the whole test binary
    return *warehouse;
  }

  const semantic::Model& model() const { return model_; }
  const Guard& guard() const { return *guard_; }
  GuardPolicy Policy() const {
    GuardPolicy policy;
    for (const auto& table : model_.tables) policy.allowed_tables.push_back(table.name);
    return policy;
  }

  // Runs SQL text on the engine for `dialect` ("duckdb" or "sqlite").
  StatusOr<Rows> Query(std::string_view dialect, const std::string& sql) {
    engine::Connection& connection = dialect == "duckdb" ? *duckdb_ : *sqlite_;
    ASSIGN_OR_RETURN(engine::ResultSet result, connection.Query(sql));
    Rows rows(result.row_count());
    for (size_t r = 0; r < result.row_count(); ++r) {
      for (size_t c = 0; c < result.column_count(); ++c) {
        rows[r].push_back(Cell(result.column(c), r));
      }
    }
    return rows;
  }

  StatusOr<std::vector<std::string>> ColumnNames(std::string_view dialect, const std::string& sql) {
    engine::Connection& connection = dialect == "duckdb" ? *duckdb_ : *sqlite_;
    ASSIGN_OR_RETURN(engine::ResultSet result, connection.Query(sql));
    std::vector<std::string> names;
    for (const auto& column : result.columns()) names.push_back(column.name);
    return names;
  }

 private:
  Warehouse() : model_(RetailModel()) {
    engine::DuckDbOptions options;
    options.threads = 1;
    options.setup_sql = DatasetSql();
    duckdb_engine_ = Must(engine::DuckDbEngine::Open(options));
    duckdb_ = Must(duckdb_engine_->Connect());
    const std::string path = CreateSqliteFile();
    sqlite_engine_ = Must(engine::SqliteEngine::Open(engine::SqliteOptions{path, {}}));
    sqlite_ = Must(sqlite_engine_->Connect());
    guard_ = Must(Guard::Create());
  }

  template <typename T>
  static T Must(StatusOr<T> value) {
    if (!value.ok()) {
      ADD_FAILURE() << value.status();
      std::abort();
    }
    return std::move(value).value();
  }

  static std::string CreateSqliteFile() {
    const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) /
                                       fmt::format("scry_compiler_test_{}.db", ::getpid());
    std::filesystem::remove(path);
    // Removed when the test binary exits (the open connection keeps it readable).
    static const struct Remover {
      std::filesystem::path path;
      ~Remover() {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
      }
    } remover{path};
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) std::abort();
    for (const std::string& statement : DatasetSql()) {
      char* error = nullptr;
      if (sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        ADD_FAILURE() << error;
        std::abort();
      }
    }
    sqlite3_close(db);
    return path.string();
  }

  semantic::Model model_;
  std::unique_ptr<engine::DuckDbEngine> duckdb_engine_;
  std::unique_ptr<engine::Connection> duckdb_;
  std::unique_ptr<engine::SqliteEngine> sqlite_engine_;
  std::unique_ptr<engine::Connection> sqlite_;
  std::unique_ptr<Guard> guard_;
};

// Compiles `query` for `dialect` against the retail model.
inline StatusOr<CompiledSql> CompileFor(const SemanticQuery& query, std::string_view dialect,
                                        const CompileOptions& options = {}) {
  const std::unique_ptr<Dialect> spelling = MakeDialect(dialect);
  return Compile(query, Warehouse::Get().model(), *spelling, options);
}

// Compiles for `dialect`, passes the SQL through the guard, runs it.
inline StatusOr<Rows> CompileAndRun(const SemanticQuery& query, std::string_view dialect,
                                    const CompileOptions& options = {}) {
  ASSIGN_OR_RETURN(CompiledSql compiled, CompileFor(query, dialect, options));
  Warehouse& warehouse = Warehouse::Get();
  StatusOr<CheckedSql> checked = warehouse.guard().Check(compiled.sql, warehouse.Policy());
  if (!checked.ok()) return checked.status().WithContext("guard on " + compiled.sql);
  StatusOr<Rows> rows = warehouse.Query(dialect, compiled.sql);
  if (!rows.ok()) return rows.status().WithContext(compiled.sql);
  return rows;
}

inline Rows Sorted(Rows rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Runs `query` on both engines and expects `expected` (in this order when
// the query orders its rows, in any order otherwise).
inline void ExpectRows(const SemanticQuery& query, const Rows& expected,
                       const CompileOptions& options = {}) {
  for (const char* dialect : {"duckdb", "sqlite"}) {
    SCOPED_TRACE(dialect);
    StatusOr<Rows> rows = CompileAndRun(query, dialect, options);
    ASSERT_TRUE(rows.ok()) << rows.status();
    if (query.order_by.empty()) {
      EXPECT_EQ(Sorted(*rows), Sorted(expected));
    } else {
      EXPECT_EQ(*rows, expected);
    }
  }
}

// Expects the SQL text `query` compiles to for `dialect`.
inline void ExpectSql(const SemanticQuery& query, std::string_view dialect,
                      const std::string& expected, const CompileOptions& options = {}) {
  StatusOr<CompiledSql> compiled = CompileFor(query, dialect, options);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_EQ(compiled->sql, expected);
}

// Runs hand-written reference SQL on `dialect`'s engine.
inline Rows Reference(std::string_view dialect, const std::string& sql) {
  StatusOr<Rows> rows = Warehouse::Get().Query(dialect, sql);
  EXPECT_TRUE(rows.ok()) << rows.status() << "\n" << sql;
  return rows.ok() ? *rows : Rows{};
}

}  // namespace scry::sql::testing
