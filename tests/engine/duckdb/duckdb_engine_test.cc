#include "engine/duckdb/duckdb_engine.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/duckdb/duckdb_writer.h"

extern char** environ;

namespace scry::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kDistinctThresholdForTest = 10'000;

// A fresh directory under the test's temp dir, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::path(testing::TempDir()) / "scry-duckdb-XXXXXX").lexically_normal();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<DuckDbEngine> MustOpen(const DuckDbOptions& options) {
  auto engine = DuckDbEngine::Open(options);
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? std::move(engine).value() : nullptr;
}

std::unique_ptr<Connection> MustConnect(Engine& engine) {
  auto connection = engine.Connect();
  EXPECT_TRUE(connection.ok()) << connection.status();
  return connection.ok() ? std::move(connection).value() : nullptr;
}

Status QueryStatus(Connection& connection, std::string_view sql,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(30'000)) {
  ExecuteOptions options;
  options.timeout = timeout;
  return connection.Query(sql, options).status();
}

// ---------------------------------------------------------------------------
// Types

class DuckDbTypesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DuckDbOptions options;
    options.setup_sql = {"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"};
    engine_ = MustOpen(options);
    ASSERT_NE(engine_, nullptr);
    connection_ = MustConnect(*engine_);
    ASSERT_NE(connection_, nullptr);
  }

  // Expects `expression` to read as `text` in its first row and NULL in a second.
  void ExpectValue(const std::string& expression, TypeId id, const std::string& engine_name,
                   const std::string& text) {
    ExpectSelect(
        "SELECT CASE WHEN k = 0 THEN " + expression + " END AS v FROM range(2) t(k) ORDER BY k", id,
        engine_name, text);
  }

  // Expects `sql` to give one column v: `text`, then NULL.
  void ExpectSelect(const std::string& sql, TypeId id, const std::string& engine_name,
                    const std::string& text) {
    SCOPED_TRACE(sql);
    auto result = connection_->Query(sql);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_EQ(result->row_count(), 2u);
    EXPECT_EQ(result->columns()[0].name, "v");
    EXPECT_EQ(result->columns()[0].type.id, id);
    EXPECT_EQ(result->columns()[0].type.engine_name, engine_name);
    EXPECT_EQ(FormatValue(result->column(0), 0), text);
    EXPECT_FALSE(result->column(0).IsNull(0));
    EXPECT_TRUE(result->column(0).IsNull(1));
  }

  std::unique_ptr<DuckDbEngine> engine_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(DuckDbTypesTest, Integers) {
  ExpectValue("true", TypeId::kBoolean, "BOOLEAN", "true");
  ExpectValue("CAST(-128 AS TINYINT)", TypeId::kInteger, "TINYINT", "-128");
  ExpectValue("CAST(-32768 AS SMALLINT)", TypeId::kInteger, "SMALLINT", "-32768");
  ExpectValue("CAST(-2147483648 AS INTEGER)", TypeId::kInteger, "INTEGER", "-2147483648");
  ExpectValue("CAST(-9223372036854775808 AS BIGINT)", TypeId::kInteger, "BIGINT",
              "-9223372036854775808");
  ExpectValue("CAST(255 AS UTINYINT)", TypeId::kInteger, "UTINYINT", "255");
  ExpectValue("CAST(65535 AS USMALLINT)", TypeId::kInteger, "USMALLINT", "65535");
  ExpectValue("CAST(4294967295 AS UINTEGER)", TypeId::kInteger, "UINTEGER", "4294967295");
  ExpectValue("CAST(18446744073709551615 AS UBIGINT)", TypeId::kHugeInteger, "UBIGINT",
              "18446744073709551615");
  ExpectValue("CAST(-170141183460469231731687303715884105727 AS HUGEINT)", TypeId::kHugeInteger,
              "HUGEINT", "-170141183460469231731687303715884105727");
  ExpectValue("CAST(170141183460469231731687303715884105727 AS UHUGEINT)", TypeId::kHugeInteger,
              "UHUGEINT", "170141183460469231731687303715884105727");
}

TEST_F(DuckDbTypesTest, UHugeIntBeyondHugeIntIsOutOfRange) {
  auto result =
      connection_->Query("SELECT CAST(340282366920938463463374607431768211455 AS UHUGEINT)");
  EXPECT_EQ(result.status().code(), StatusCode::kOutOfRange) << result.status();
}

TEST_F(DuckDbTypesTest, DecimalsOfEveryWidth) {
  ExpectValue("CAST(-12.34 AS DECIMAL(4,2))", TypeId::kDecimal, "DECIMAL(4,2)", "-12.34");
  ExpectValue("CAST(123456.789 AS DECIMAL(9,3))", TypeId::kDecimal, "DECIMAL(9,3)", "123456.789");
  ExpectValue("CAST(-123456789012345.678 AS DECIMAL(18,3))", TypeId::kDecimal, "DECIMAL(18,3)",
              "-123456789012345.678");
  ExpectValue("CAST('12345678901234567890123456789.1234567' AS DECIMAL(38,7))", TypeId::kDecimal,
              "DECIMAL(38,7)", "12345678901234567890123456789.1234567");
  ExpectValue("CAST(0.05 AS DECIMAL(5,2))", TypeId::kDecimal, "DECIMAL(5,2)", "0.05");
  auto result = connection_->Query("SELECT CAST(1.5 AS DECIMAL(12,2)) AS d");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->columns()[0].type.precision, 12);
  EXPECT_EQ(result->columns()[0].type.scale, 2);
  EXPECT_EQ(result->column(0).Int128At(0), 150);
}

TEST_F(DuckDbTypesTest, FloatsAndText) {
  ExpectValue("CAST(1.5 AS FLOAT)", TypeId::kDouble, "FLOAT", "1.5");
  ExpectValue("CAST(0.1 AS DOUBLE)", TypeId::kDouble, "DOUBLE", "0.1");
  ExpectValue("'héllo'", TypeId::kText, "VARCHAR", "héllo");
  ExpectValue("'a string longer than twelve bytes'", TypeId::kText, "VARCHAR",
              "a string longer than twelve bytes");
  ExpectValue("CAST('ok' AS mood)", TypeId::kText, "ENUM('sad', 'ok', 'happy')", "ok");
  ExpectValue("CAST('a' AS ENUM('a', 'b'))", TypeId::kText, "ENUM('a', 'b')", "a");
  ExpectValue("'\\xAA\\x00z'::BLOB", TypeId::kBlob, "BLOB", "\\xAA\\x00z");
}

TEST_F(DuckDbTypesTest, Temporal) {
  ExpectValue("DATE '1969-12-31'", TypeId::kDate, "DATE", "1969-12-31");
  ExpectValue("TIME '13:45:00.5'", TypeId::kTime, "TIME", "13:45:00.5");
  ExpectValue("TIMESTAMP '2024-03-01 14:05:00.123456'", TypeId::kTimestamp, "TIMESTAMP",
              "2024-03-01 14:05:00.123456");
  ExpectValue("TIMESTAMP '1960-01-01 00:00:01'", TypeId::kTimestamp, "TIMESTAMP",
              "1960-01-01 00:00:01");
  ExpectValue("CAST(TIMESTAMP '2024-03-01 14:05:07' AS TIMESTAMP_S)", TypeId::kTimestamp,
              "TIMESTAMP_S", "2024-03-01 14:05:07");
  ExpectValue("CAST(TIMESTAMP '2024-03-01 14:05:07.25' AS TIMESTAMP_MS)", TypeId::kTimestamp,
              "TIMESTAMP_MS", "2024-03-01 14:05:07.25");
  ExpectValue("CAST('1969-12-31 23:59:59.999999999' AS TIMESTAMP_NS)", TypeId::kTimestamp,
              "TIMESTAMP_NS", "1969-12-31 23:59:59.999999");
  ExpectValue("TIMESTAMPTZ '2024-03-01 14:05:00+02'", TypeId::kTimestampTz,
              "TIMESTAMP WITH TIME ZONE", "2024-03-01 12:05:00+00");
  ExpectValue("INTERVAL '1 year 2 months 3 days 04:05:06'", TypeId::kInterval, "INTERVAL",
              "1 year 2 months 3 days 04:05:06");
}

TEST_F(DuckDbTypesTest, OtherTypesArriveAsDuckDbText) {
  ExpectValue("[1, 2, 3]", TypeId::kOther, "INTEGER[]", "[1, 2, 3]");
  ExpectValue("{'a': 1, 'b': 'x'}", TypeId::kOther, "STRUCT(a INTEGER, b VARCHAR)",
              "{'a': 1, 'b': x}");
  ExpectValue("MAP {'k': 1}", TypeId::kOther, "MAP(VARCHAR, INTEGER)", "{k=1}");
  // CASE cannot produce an ARRAY, so the CAST goes around it.
  ExpectSelect(
      "SELECT CAST(CASE WHEN k = 0 THEN [1, 2] END AS INTEGER[2]) AS v "
      "FROM range(2) t(k) ORDER BY k",
      TypeId::kOther, "INTEGER[2]", "[1, 2]");
  ExpectValue("UUID '0e2f6a74-5d5e-4a8f-9b1c-2a1e3c4d5e6f'", TypeId::kOther, "UUID",
              "0e2f6a74-5d5e-4a8f-9b1c-2a1e3c4d5e6f");
  ExpectValue("TIMETZ '10:00:00+02'", TypeId::kOther, "TIME WITH TIME ZONE", "10:00:00+02");
  ExpectValue("'0101'::BIT", TypeId::kOther, "BIT", "0101");
  ExpectValue("'{\"a\": 1}'::JSON", TypeId::kOther, "JSON", "{\"a\": 1}");
}

TEST_F(DuckDbTypesTest, TextCastKeepsOrderAndDuplicateNames) {
  auto result = connection_->Query(
      "SELECT i AS x, [i] AS x, 'it''s' AS \"quoted \"\"name\"\"\" FROM range(5000) t(i) "
      "ORDER BY i DESC; -- trailing comment");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->row_count(), 5000u);
  EXPECT_EQ(result->columns()[0].name, "x");
  EXPECT_EQ(result->columns()[1].name, "x");
  EXPECT_EQ(result->columns()[2].name, "quoted \"name\"");
  EXPECT_EQ(result->columns()[1].type.engine_name, "BIGINT[]");
  for (size_t row = 0; row < result->row_count(); ++row) {
    ASSERT_EQ(result->column(0).Int64At(row), 4999 - static_cast<int64_t>(row));
    ASSERT_EQ(result->column(1).TextAt(row), fmt::format("[{}]", 4999 - row));
  }
}

TEST_F(DuckDbTypesTest, StreamsLargeResultsChunkByChunk) {
  ExecuteOptions options;
  auto stream = connection_->Execute("SELECT i, i::VARCHAR AS s FROM range(1000000) t(i)", options);
  ASSERT_TRUE(stream.ok()) << stream.status();
  ASSERT_EQ((*stream)->columns().size(), 2u);
  Chunk chunk;
  int64_t rows = 0;
  int64_t chunks = 0;
  int64_t sum = 0;
  size_t largest = 0;
  while (true) {
    auto more = (*stream)->Next(&chunk);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ++chunks;
    largest = std::max(largest, chunk.row_count());
    for (size_t row = 0; row < chunk.row_count(); ++row) {
      sum += chunk.columns[0].Int64At(row);
      ASSERT_EQ(chunk.columns[1].TextAt(row), std::to_string(chunk.columns[0].Int64At(row)));
    }
    rows += static_cast<int64_t>(chunk.row_count());
  }
  EXPECT_EQ(rows, 1'000'000);
  EXPECT_EQ(sum, int64_t{999'999} * 1'000'000 / 2);
  EXPECT_GT(chunks, 100);
  EXPECT_LE(largest, 100'000u);  // chunks, not the whole result
  EXPECT_EQ(chunk.row_count(), 0u);
  auto again = (*stream)->Next(&chunk);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

TEST_F(DuckDbTypesTest, CollectCapsRowsAndCountsTheRest) {
  CollectOptions collect;
  collect.max_rows = 10;
  auto result = connection_->Query("SELECT i FROM range(100000) t(i)", {}, collect);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->row_count(), 10u);
  EXPECT_EQ(result->total_rows(), 100000);
  EXPECT_TRUE(result->truncated());
}

TEST_F(DuckDbTypesTest, ErrorsInTheSqlAreInvalidArgument) {
  EXPECT_EQ(QueryStatus(*connection_, "SELEC 1").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryStatus(*connection_, "SELECT * FROM nowhere").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryStatus(*connection_, "SELECT nothing FROM range(1)").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryStatus(*connection_, "SELECT 1; SELECT 2").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryStatus(*connection_, "").code(), StatusCode::kInvalidArgument);
  Status conversion = QueryStatus(*connection_, "SELECT CAST('x' AS INTEGER)");
  EXPECT_EQ(conversion.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(conversion.message()), HasSubstr("Conversion Error"));
  // An error raised while rows stream arrives from Next().
  auto stream = connection_->Execute(
      "SELECT CASE WHEN i < 100000 THEN i ELSE CAST('x' || i AS INTEGER) END FROM range(200000) "
      "t(i)",
      {});
  if (stream.ok()) {
    Chunk chunk;
    StatusOr<bool> more = true;
    while (more.ok() && *more) more = (*stream)->Next(&chunk);
    EXPECT_EQ(more.status().code(), StatusCode::kInvalidArgument);
  } else {
    EXPECT_EQ(stream.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(connection_->Query("SELECT 1").ok());
}

// ---------------------------------------------------------------------------
// A warehouse file, written by DuckDbWriter and opened read-only.

constexpr const char* kWarehouseSql = R"sql(
CREATE TABLE customers(
  id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, region VARCHAR, email VARCHAR);
INSERT INTO customers
SELECT i, 'name ' || i, CASE i % 3 WHEN 0 THEN 'North' WHEN 1 THEN 'South' ELSE 'East' END,
       'user' || i || '@example.com'
FROM range(1, 20001) t(i);
CREATE TABLE orders(
  id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
  amount DECIMAL(10,2), ordered_on DATE, status VARCHAR, note VARCHAR);
INSERT INTO orders
SELECT i, 1 + i % 100, (i % 500) * 1.25, DATE '2024-01-01' + (i % 365)::INTEGER,
       CASE WHEN i % 10 = 0 THEN 'returned' WHEN i % 10 < 3 THEN 'open' ELSE 'shipped' END,
       CASE WHEN i % 2 = 0 THEN repeat('x', 300) WHEN i % 4 = 1 THEN 'short' END
FROM range(1, 1001) t(i);
CREATE TABLE order_lines(
  order_id INTEGER, line INTEGER, product VARCHAR,
  PRIMARY KEY (order_id, line), FOREIGN KEY (order_id) REFERENCES orders(id));
INSERT INTO order_lines VALUES (1, 1, 'pen'), (1, 2, 'ink'), (2, 1, 'pen');
CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100;
CREATE SCHEMA sales;
CREATE TABLE sales.targets(region VARCHAR, target DOUBLE);
CREATE SEQUENCE order_numbers;
)sql";

class DuckDbWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    path_ = dir_.path() + "/warehouse.duckdb";
    {
      auto writer = DuckDbWriter::Open(path_);
      ASSERT_TRUE(writer.ok()) << writer.status();
      ASSERT_TRUE((*writer)->Execute(kWarehouseSql).ok());
      ASSERT_TRUE((*writer)->Checkpoint().ok());
    }
    DuckDbOptions options;
    options.path = path_;
    options.threads = 2;
    options.memory_limit = "256MB";
    engine_ = MustOpen(options);
    ASSERT_NE(engine_, nullptr);
    connection_ = MustConnect(*engine_);
    ASSERT_NE(connection_, nullptr);
  }

  std::string Setting(const std::string& name) {
    auto result = connection_->Query("SELECT current_setting('" + name + "')::VARCHAR");
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() && result->row_count() == 1 ? FormatValue(result->column(0), 0) : "";
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<DuckDbEngine> engine_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(DuckDbWarehouseTest, ReadsTheWarehouse) {
  auto result = connection_->Query("SELECT count(*), sum(amount) FROM orders");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->column(0).Int64At(0), 1000);
  EXPECT_EQ(result->columns()[1].type.engine_name, "DECIMAL(38,2)");
}

TEST_F(DuckDbWarehouseTest, InstanceIsLockedDown) {
  EXPECT_EQ(Setting("access_mode"), "read_only");
  EXPECT_EQ(Setting("enable_external_access"), "false");
  EXPECT_EQ(Setting("lock_configuration"), "true");
  EXPECT_EQ(Setting("autoinstall_known_extensions"), "false");
  EXPECT_EQ(Setting("autoload_known_extensions"), "false");
  EXPECT_EQ(Setting("TimeZone"), "UTC");
  EXPECT_EQ(Setting("threads"), "2");
  EXPECT_EQ(Setting("temp_directory"), path_ + ".tmp");
}

TEST_F(DuckDbWarehouseTest, RefusesWhatAQuestionMayNotDo) {
  const std::string outside = dir_.path() + "/out.csv";
  const std::string spill = path_ + ".tmp/out.csv";
  const std::vector<std::string> refused = {
      "CREATE TABLE t(a INTEGER)",
      "CREATE TEMP TABLE t(a INTEGER)",
      "CREATE VIEW v AS SELECT 1",
      "INSERT INTO customers VALUES (0, 'x', 'y', 'z')",
      "UPDATE customers SET name = 'x'",
      "DELETE FROM customers",
      "DROP TABLE customers",
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM read_text('/etc/hostname')",
      "SELECT * FROM glob('/etc/*')",
      "SELECT * FROM read_json('http://example.com/x.json')",
      "SELECT nextval('order_numbers')",
      "COPY customers TO '" + outside + "'",
      "COPY (SELECT 1) TO '" + spill + "'",
      "EXPORT DATABASE '" + dir_.path() + "/export'",
      "ATTACH '" + dir_.path() + "/other.duckdb' AS other",
      "ATTACH ':memory:' AS scratch",
      "INSTALL httpfs",
      "LOAD httpfs",
      "SET threads = 1",
      "SET memory_limit = '100GB'",
      "RESET memory_limit",
      "SET enable_external_access = true",
      "SET lock_configuration = false",
      "SET TimeZone = 'Europe/Paris'",
      "PRAGMA enable_profiling",
      "CALL pragma_version()",
      "CHECKPOINT",
      "BEGIN TRANSACTION",
  };
  for (const std::string& sql : refused) {
    Status status = QueryStatus(*connection_, sql);
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << sql << " -> " << status;
  }
  EXPECT_FALSE(std::filesystem::exists(outside));
  EXPECT_FALSE(std::filesystem::exists(spill));
  // Still usable after all those refusals.
  EXPECT_TRUE(connection_->Query("SELECT count(*) FROM customers").ok());
}

TEST_F(DuckDbWarehouseTest, MissingExtensionFunctionIsARefusalOrUnknown) {
  // read_xlsx lives in an extension that may not be loaded: DuckDB answers
  // with a catalog error rather than fetching it.
  Status status = QueryStatus(*connection_, "SELECT * FROM read_xlsx('/tmp/x.xlsx')");
  EXPECT_TRUE(status.code() == StatusCode::kInvalidArgument ||
              status.code() == StatusCode::kPermissionDenied)
      << status;
}

TEST_F(DuckDbWarehouseTest, IntrospectsTablesKeysAndValues) {
  IntrospectOptions options;
  auto schema = engine_->Introspect(options);
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::vector<std::string> names;
  for (const TableSchema& table : schema->tables) names.push_back(table.name);
  EXPECT_THAT(names,
              ElementsAre("big_orders", "customers", "order_lines", "orders", "sales.targets"));

  const TableSchema* customers = schema->FindTable("customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_FALSE(customers->is_view);
  EXPECT_EQ(customers->row_count, 20000);
  EXPECT_THAT(customers->primary_key, ElementsAre("id"));
  ASSERT_EQ(customers->columns.size(), 4u);
  EXPECT_EQ(customers->columns[0].name, "id");
  EXPECT_EQ(customers->columns[0].type.id, TypeId::kInteger);
  EXPECT_FALSE(customers->columns[0].nullable);
  EXPECT_FALSE(customers->FindColumn("name")->nullable);
  EXPECT_TRUE(customers->FindColumn("region")->nullable);
  EXPECT_EQ(customers->columns[0].distinct_count, -1);  // only text columns get value stats

  const ColumnSchema* region = customers->FindColumn("region");
  EXPECT_EQ(region->distinct_count, 3);
  ASSERT_EQ(region->top_values.size(), 3u);
  EXPECT_EQ(region->top_values[0].value, "East");
  EXPECT_EQ(region->top_values[0].count, 6667);
  EXPECT_EQ(region->top_values[1].value, "South");
  EXPECT_EQ(region->top_values[2].value, "North");
  EXPECT_EQ(region->top_values[2].count, 6666);

  // Too many distinct e-mails for a dictionary: approximate count, no values.
  const ColumnSchema* email = customers->FindColumn("email");
  EXPECT_GT(email->distinct_count, kDistinctThresholdForTest);
  EXPECT_TRUE(email->top_values.empty());

  const TableSchema* orders = schema->FindTable("orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->row_count, 1000);
  ASSERT_EQ(orders->foreign_keys.size(), 1u);
  EXPECT_THAT(orders->foreign_keys[0].columns, ElementsAre("customer_id"));
  EXPECT_EQ(orders->foreign_keys[0].referenced_table, "customers");
  EXPECT_THAT(orders->foreign_keys[0].referenced_columns, ElementsAre("id"));
  EXPECT_EQ(orders->FindColumn("amount")->type, ColumnType::Decimal(10, 2));
  EXPECT_EQ(orders->FindColumn("ordered_on")->type.id, TypeId::kDate);
  const ColumnSchema* status = orders->FindColumn("status");
  EXPECT_EQ(status->distinct_count, 3);
  ASSERT_EQ(status->top_values.size(), 3u);
  EXPECT_EQ(status->top_values[0].value, "shipped");
  EXPECT_EQ(status->top_values[0].count, 700);
  // Values longer than max_value_length are counted but not kept.
  const ColumnSchema* note = orders->FindColumn("note");
  EXPECT_EQ(note->distinct_count, 2);
  ASSERT_EQ(note->top_values.size(), 1u);
  EXPECT_EQ(note->top_values[0].value, "short");
  EXPECT_EQ(note->top_values[0].count, 250);

  const TableSchema* lines = schema->FindTable("order_lines");
  ASSERT_NE(lines, nullptr);
  EXPECT_THAT(lines->primary_key, ElementsAre("order_id", "line"));
  ASSERT_EQ(lines->foreign_keys.size(), 1u);
  EXPECT_EQ(lines->foreign_keys[0].referenced_table, "orders");
  EXPECT_EQ(lines->row_count, 3);

  const TableSchema* view = schema->FindTable("big_orders");
  ASSERT_NE(view, nullptr);
  EXPECT_TRUE(view->is_view);
  ASSERT_EQ(view->columns.size(), 2u);
  EXPECT_EQ(view->columns[1].type, ColumnType::Decimal(10, 2));
  EXPECT_EQ(view->row_count, 838);  // 419 of every 500 amounts exceed 100

  const TableSchema* targets = schema->FindTable("sales.targets");
  ASSERT_NE(targets, nullptr);
  EXPECT_EQ(targets->row_count, 0);
  EXPECT_EQ(targets->FindColumn("region")->distinct_count, 0);
}

TEST_F(DuckDbWarehouseTest, IntrospectionHonoursItsOptions) {
  IntrospectOptions options;
  options.tables = {"orders"};
  options.max_top_values = 2;
  options.row_counts = false;
  auto schema = engine_->Introspect(options);
  ASSERT_TRUE(schema.ok()) << schema.status();
  ASSERT_EQ(schema->tables.size(), 1u);
  const TableSchema& orders = schema->tables[0];
  EXPECT_EQ(orders.row_count, -1);
  const ColumnSchema* status = orders.FindColumn("status");
  EXPECT_EQ(status->distinct_count, 3);
  ASSERT_EQ(status->top_values.size(), 2u);
  EXPECT_EQ(status->top_values[1].value, "open");
  EXPECT_EQ(status->top_values[1].count, 200);

  options.value_stats = false;
  options.row_counts = true;
  schema = engine_->Introspect(options);
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_EQ(schema->tables[0].row_count, 1000);
  EXPECT_EQ(schema->tables[0].FindColumn("status")->distinct_count, -1);
  EXPECT_TRUE(schema->tables[0].FindColumn("status")->top_values.empty());
}

TEST_F(DuckDbWarehouseTest, WriterOfTheSameProcessIsKeptOut) {
  auto writer = DuckDbWriter::Open(path_);
  EXPECT_EQ(writer.status().code(), StatusCode::kUnavailable) << writer.status();
  engine_.reset();
  connection_.reset();
  connection_ = nullptr;
}

// ---------------------------------------------------------------------------
// Cancellation and deadlines

// Runs for hours unless interrupted; the answer is needed before any row exists.
constexpr const char* kEndlessSql =
    "SELECT sum(a.x * b.y) FROM range(1000000000) a(x), range(1000000) b(y)";
// Produces rows forever, slowly enough that a reader waits on the engine.
constexpr const char* kEndlessStreamSql =
    "SELECT i FROM range(1000000000000) t(i) WHERE i % 100000007 = 0";

// Generous: the contract is "within a second"; this only catches hangs, on
// a machine as loaded as need be. Below QueryStatus's own 30 s time limit.
constexpr auto kPromptly = std::chrono::seconds(20);

// Runs `sql` while another thread cancels it: first after 100 ms, so that the
// query is usually running by then, and again every 10 ms until it returns. A
// Cancel() that comes before the statement started is a no-op, as on an idle
// connection, so a single one is lost when this thread is slow to begin.
Status QueryWhileCancelling(Connection& connection, std::string_view sql) {
  std::atomic<bool> returned{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    while (!returned) {
      connection.Cancel();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  Status status = QueryStatus(connection, sql);
  returned = true;
  canceller.join();
  return status;
}

class DuckDbCancelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DuckDbOptions options;
    options.threads = 2;
    engine_ = MustOpen(options);
    ASSERT_NE(engine_, nullptr);
    connection_ = MustConnect(*engine_);
    ASSERT_NE(connection_, nullptr);
  }

  void ExpectUsable() {
    auto result = connection_->Query("SELECT 42 AS answer");
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->column(0).Int64At(0), 42);
  }

  std::unique_ptr<DuckDbEngine> engine_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(DuckDbCancelTest, CancelFromAnotherThreadStopsTheQuery) {
  const auto start = std::chrono::steady_clock::now();
  Status status = QueryWhileCancelling(*connection_, kEndlessSql);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.code(), StatusCode::kCancelled) << status;
  EXPECT_LT(elapsed, kPromptly);
  ExpectUsable();
}

TEST_F(DuckDbCancelTest, CancelRacingTheStartIsNotLost) {
  // Cancel() hammers the connection while Execute() starts, so that some calls
  // land before DuckDB itself is running the statement.
  for (int round = 0; round < 5; ++round) {
    std::atomic<bool> done{false};
    std::thread canceller([&] {
      while (!done.load()) connection_->Cancel();
    });
    Status status = QueryStatus(*connection_, kEndlessSql);
    done = true;
    canceller.join();
    EXPECT_EQ(status.code(), StatusCode::kCancelled) << status;
    ExpectUsable();
  }
}

TEST_F(DuckDbCancelTest, CancelWhileIdleDoesNotAffectTheNextStatement) {
  connection_->Cancel();
  ExpectUsable();
  connection_->Cancel();
  auto stream = connection_->Execute("SELECT i FROM range(10) t(i)", {});
  ASSERT_TRUE(stream.ok()) << stream.status();
  Chunk chunk;
  auto more = (*stream)->Next(&chunk);
  ASSERT_TRUE(more.ok()) << more.status();
  EXPECT_TRUE(*more);
}

TEST_F(DuckDbCancelTest, DeadlineStopsTheQuery) {
  const auto start = std::chrono::steady_clock::now();
  Status status = QueryStatus(*connection_, kEndlessSql, std::chrono::milliseconds(200));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.code(), StatusCode::kDeadlineExceeded) << status;
  EXPECT_GE(elapsed, std::chrono::milliseconds(200));
  EXPECT_LT(elapsed, kPromptly);
  ExpectUsable();
}

TEST_F(DuckDbCancelTest, DeadlineCoversReadingTheStream) {
  ExecuteOptions options;
  options.timeout = std::chrono::milliseconds(300);
  auto stream = connection_->Execute(kEndlessStreamSql, options);
  Status status;
  if (stream.ok()) {
    Chunk chunk;
    StatusOr<bool> more = true;
    while (more.ok() && *more) more = (*stream)->Next(&chunk);
    status = more.status();
    // The stream is finished after a failure.
    auto after = (*stream)->Next(&chunk);
    ASSERT_TRUE(after.ok());
    EXPECT_FALSE(*after);
  } else {
    status = stream.status();
  }
  EXPECT_EQ(status.code(), StatusCode::kDeadlineExceeded) << status;
  stream = StatusOr<std::unique_ptr<ResultStream>>(CancelledError("released"));
  ExpectUsable();
}

TEST_F(DuckDbCancelTest, CancelWhileStreaming) {
  auto stream = connection_->Execute("SELECT i FROM range(1000000000000) t(i)", {});
  ASSERT_TRUE(stream.ok()) << stream.status();
  Chunk chunk;
  auto first = (*stream)->Next(&chunk);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(*first);
  connection_->Cancel();
  auto next = (*stream)->Next(&chunk);
  EXPECT_EQ(next.status().code(), StatusCode::kCancelled) << next.status();
  stream = StatusOr<std::unique_ptr<ResultStream>>(CancelledError("released"));
  ExpectUsable();
}

TEST_F(DuckDbCancelTest, DroppingAStreamEarlyLeavesTheConnectionUsable) {
  {
    auto stream = connection_->Execute("SELECT i FROM range(1000000000000) t(i) ORDER BY i % 7",
                                       {std::chrono::milliseconds(200)});
    // Either the sort outlives the deadline, or rows arrive and the stream is dropped.
    if (stream.ok()) {
      Chunk chunk;
      (void)(*stream)->Next(&chunk);
    }
  }
  ExpectUsable();
  {
    auto stream = connection_->Execute("SELECT i FROM range(100000000) t(i)", {});
    ASSERT_TRUE(stream.ok());
    Chunk chunk;
    ASSERT_TRUE((*stream)->Next(&chunk).ok());
  }
  ExpectUsable();
}

TEST_F(DuckDbCancelTest, ConnectionsAreIndependent) {
  auto other = MustConnect(*engine_);
  ASSERT_NE(other, nullptr);
  Status cancelled = QueryWhileCancelling(*connection_, kEndlessSql);
  EXPECT_EQ(cancelled.code(), StatusCode::kCancelled);
  auto result = other->Query("SELECT count(*) FROM range(1000)");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->column(0).Int64At(0), 1000);
}

// ---------------------------------------------------------------------------
// Opening

TEST(DuckDbOpenTest, MissingFileIsNotFound) {
  ScratchDir dir;
  DuckDbOptions options;
  options.path = dir.path() + "/missing.duckdb";
  auto engine = DuckDbEngine::Open(options);
  EXPECT_EQ(engine.status().code(), StatusCode::kNotFound) << engine.status();
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST(DuckDbOpenTest, FileThatIsNotADatabaseIsInvalidArgument) {
  ScratchDir dir;
  DuckDbOptions options;
  options.path = dir.path() + "/notes.txt";
  std::ofstream(options.path) << "not a database\n";
  auto engine = DuckDbEngine::Open(options);
  EXPECT_EQ(engine.status().code(), StatusCode::kInvalidArgument) << engine.status();
}

TEST(DuckDbOpenTest, BadOptionIsInvalidArgument) {
  DuckDbOptions options;
  options.memory_limit = "lots";
  EXPECT_EQ(DuckDbEngine::Open(options).status().code(), StatusCode::kInvalidArgument);
  options.memory_limit = "";
  options.threads = -1;
  EXPECT_EQ(DuckDbEngine::Open(options).status().code(), StatusCode::kInvalidArgument);
}

TEST(DuckDbOpenTest, InMemorySpillDirectoryIsPrivateAndRemoved) {
  std::string spill;
  {
    auto engine = MustOpen({});
    ASSERT_NE(engine, nullptr);
    auto connection = MustConnect(*engine);
    auto result = connection->Query("SELECT current_setting('temp_directory')");
    ASSERT_TRUE(result.ok()) << result.status();
    spill = result->column(0).TextAt(0);
    EXPECT_TRUE(std::filesystem::is_directory(spill)) << spill;
  }
  EXPECT_FALSE(std::filesystem::exists(spill)) << spill;
}

TEST(DuckDbOpenTest, ReadableDirectoryIsReadableAndNothingElseIs) {
  ScratchDir dir;
  const std::string readable = dir.path() + "/readable";
  const std::string other = dir.path() + "/other";
  std::filesystem::create_directories(readable);
  std::filesystem::create_directories(other);
  {
    auto writer = DuckDbWriter::Open("");
    ASSERT_TRUE(writer.ok()) << writer.status();
    for (const std::string& folder : {readable, other}) {
      ASSERT_TRUE((*writer)
                      ->Execute(fmt::format("COPY (SELECT 42 AS answer) TO '{}/t.parquet' "
                                            "(FORMAT parquet)",
                                            folder))
                      .ok());
    }
  }
  DuckDbOptions options;
  options.readable_directories = {readable};
  auto engine = MustOpen(options);
  ASSERT_NE(engine, nullptr);
  auto connection = MustConnect(*engine);
  auto result =
      connection->Query(fmt::format("SELECT answer FROM read_parquet('{}/t.parquet')", readable));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->column(0).Int64At(0), 42);
  // A sibling directory, a path escaping the readable one, and writing into it.
  for (const std::string& sql :
       {fmt::format("SELECT * FROM read_parquet('{}/t.parquet')", other),
        fmt::format("SELECT * FROM read_parquet('{}/../other/t.parquet')", readable),
        fmt::format("COPY (SELECT 1) TO '{}/x.parquet' (FORMAT parquet)", readable),
        std::string("SET allowed_directories = ['/']")}) {
    EXPECT_FALSE(connection->Query(sql).ok()) << sql;
  }
  EXPECT_FALSE(std::filesystem::exists(readable + "/x.parquet"));
}

TEST(DuckDbOpenTest, MissingReadableDirectoryIsNotFound) {
  ScratchDir dir;
  DuckDbOptions options;
  options.readable_directories = {dir.path() + "/nowhere"};
  EXPECT_EQ(DuckDbEngine::Open(options).status().code(), StatusCode::kNotFound);
}

TEST(DuckDbOpenTest, BigSortSpillsToTheTempDirectory) {
  ScratchDir dir;
  DuckDbOptions options;
  options.memory_limit = "32MB";
  options.threads = 1;
  options.temp_directory = dir.path() + "/spill";
  auto engine = MustOpen(options);
  ASSERT_NE(engine, nullptr);
  auto connection = MustConnect(*engine);
  auto observer = MustConnect(*engine);
  // ~100 MB of sort payload under a 32 MB limit: this only works by spilling.
  auto stream = connection->Execute(
      "SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS h FROM range(1200000) t(i) "
      "ORDER BY h",
      {});
  ASSERT_TRUE(stream.ok()) << stream.status();
  auto files = observer->Query("SELECT count(*) FROM duckdb_temporary_files()");
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_GT(files->column(0).Int64At(0), 0);
  Chunk chunk;
  std::string previous;
  int64_t rows = 0;
  while (true) {
    auto more = (*stream)->Next(&chunk);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    for (size_t row = 0; row < chunk.row_count(); ++row) {
      ASSERT_LE(previous, chunk.columns[1].TextAt(row));
      previous = chunk.columns[1].TextAt(row);
    }
    rows += static_cast<int64_t>(chunk.row_count());
  }
  EXPECT_EQ(rows, 1'200'000);
}

// When SCRY_TEST_HOLD_WAREHOUSE names a file, this test binary only holds that
// warehouse open for writing, says "ready", and exits when its stdin closes.
// LockedWarehouseIsUnavailable starts it as a second process.
const bool kHoldingWarehouse = [] {
  const char* path = std::getenv("SCRY_TEST_HOLD_WAREHOUSE");
  if (path == nullptr) return false;
  auto writer = DuckDbWriter::Open(path);
  std::printf("%s\n", writer.ok() ? "ready" : "failed");
  std::fflush(stdout);
  char buffer[64];
  while (read(STDIN_FILENO, buffer, sizeof(buffer)) > 0) {
  }
  std::_Exit(0);
}();

TEST(DuckDbOpenTest, WarehouseHeldByAnotherProcessIsUnavailable) {
  ScratchDir dir;
  const std::string path = dir.path() + "/held.duckdb";
  {
    auto writer = DuckDbWriter::Open(path);
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->Execute("CREATE TABLE t AS SELECT 1 AS a").ok());
  }
  int to_child[2];
  int from_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  ASSERT_EQ(pipe(from_child), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  std::vector<std::string> env_strings = {"SCRY_TEST_HOLD_WAREHOUSE=" + path};
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> env;
  for (std::string& entry : env_strings) env.push_back(entry.data());
  env.push_back(nullptr);
  std::string program = "/proc/self/exe";
  char* argv[] = {program.data(), nullptr};
  pid_t child = 0;
  const int spawned = posix_spawn(&child, program.c_str(), &actions, nullptr, argv, env.data());
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  ASSERT_EQ(spawned, 0);
  char line[16] = {};
  const ssize_t got = read(from_child[0], line, sizeof(line) - 1);
  EXPECT_GT(got, 0);
  EXPECT_EQ(std::string(line).substr(0, 5), "ready");

  DuckDbOptions options;
  options.path = path;
  auto engine = DuckDbEngine::Open(options);
  EXPECT_EQ(engine.status().code(), StatusCode::kUnavailable) << engine.status();

  close(to_child[1]);
  close(from_child[0]);
  int wait_status = 0;
  waitpid(child, &wait_status, 0);
  engine = DuckDbEngine::Open(options);
  EXPECT_TRUE(engine.ok()) << engine.status();
}

}  // namespace
}  // namespace scry::engine
