#include "engine/sqlite/sqlite_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace scry::engine {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Never ends on its own: only a cancel or a deadline stops it.
constexpr const char* kEndlessCount =
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class SqliteEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           (std::string("scry_sqlite_") + info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Creates `name` in the test's directory with a writable handle and runs `sql` on it.
  std::string CreateDb(const std::string& name, const std::string& sql) {
    const std::string path = (dir_ / name).string();
    sqlite3* db = nullptr;
    EXPECT_EQ(
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
        SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
    return path;
  }

  std::unique_ptr<SqliteEngine> OpenEngine(const std::string& path,
                                           std::vector<std::string> allowed = {}) {
    auto engine = SqliteEngine::Open(SqliteOptions{path, std::move(allowed)});
    EXPECT_TRUE(engine.ok()) << engine.status();
    return engine.ok() ? *std::move(engine) : nullptr;
  }

  std::unique_ptr<Connection> Connect(SqliteEngine& engine) {
    auto connection = engine.Connect();
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? *std::move(connection) : nullptr;
  }

  // One row of values as FormatValue prints them.
  static std::vector<std::string> Row(const ResultSet& result, size_t row) {
    std::vector<std::string> values;
    for (size_t c = 0; c < result.column_count(); ++c) {
      values.push_back(FormatValue(result.column(c), row));
    }
    return values;
  }

  static std::vector<TypeId> Types(const ResultSet& result) {
    std::vector<TypeId> types;
    for (const ColumnInfo& column : result.columns()) types.push_back(column.type.id);
    return types;
  }

  fs::path dir_;
};

// ---------------------------------------------------------------- types

TEST_F(SqliteEngineTest, DeclaredTypesBecomeColumnTypes) {
  const std::string path = CreateDb("types.db", R"(
    CREATE TABLE t(i INTEGER, b BIGINT, r REAL, d DOUBLE PRECISION, s TEXT, v VARCHAR(20),
                   bl BLOB, flag BOOLEAN, day DATE, ts DATETIME, tm TIME, price DECIMAL(10,2));
    INSERT INTO t VALUES (1, 9007199254740993, 1.5, 2.0, 'x', 'y', x'00ff', 1, '2024-03-01',
                          '2024-03-01 14:05:00', '08:30:00', 12.5);
    INSERT INTO t VALUES (-2, -1, -0.25, 3, '', 'z', x'', 0, '1969-12-31',
                          '1999-12-31 23:59:59.5', '23:59:59', 3);)");
  auto engine = OpenEngine(path);
  auto connection = Connect(*engine);
  auto result = connection->Query("SELECT * FROM t");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Types(*result),
              ElementsAre(TypeId::kInteger, TypeId::kInteger, TypeId::kDouble, TypeId::kDouble,
                          TypeId::kText, TypeId::kText, TypeId::kBlob, TypeId::kBoolean,
                          TypeId::kDate, TypeId::kTimestamp, TypeId::kTime, TypeId::kDecimal));
  EXPECT_EQ(result->columns()[11].type.scale, 2);
  EXPECT_EQ(result->columns()[11].type.engine_name, "DECIMAL(10,2)");
  EXPECT_THAT(Row(*result, 0),
              ElementsAre("1", "9007199254740993", "1.5", "2", "x", "y", "\\x00\\xFF", "true",
                          "2024-03-01", "2024-03-01 14:05:00", "08:30:00", "12.50"));
  EXPECT_THAT(Row(*result, 1),
              ElementsAre("-2", "-1", "-0.25", "3", "", "z", "", "false", "1969-12-31",
                          "1999-12-31 23:59:59.5", "23:59:59", "3.00"));
  EXPECT_EQ(result->column(1).Int64At(0), 9007199254740993);
  EXPECT_EQ(result->column(8).Int64At(1), -1);  // days since 1970-01-01
  EXPECT_EQ(result->column(11).Int128At(0), 1250);
}

TEST_F(SqliteEngineTest, NullsKeepTheColumnType) {
  const std::string path = CreateDb("nulls.db", R"(
    CREATE TABLE t(i INTEGER, r REAL, s TEXT, day DATE, u);
    INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL);
    INSERT INTO t VALUES (7, 0.5, 'a', '2020-02-29', NULL);)");
  auto engine = OpenEngine(path);
  auto connection = Connect(*engine);
  auto result = connection->Query("SELECT * FROM t");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Types(*result), ElementsAre(TypeId::kInteger, TypeId::kDouble, TypeId::kText,
                                          TypeId::kDate, TypeId::kText));
  for (size_t c = 0; c < 5; ++c) EXPECT_TRUE(result->column(c).IsNull(0)) << c;
  EXPECT_TRUE(result->column(4).IsNull(1));
  EXPECT_THAT(Row(*result, 1), ElementsAre("7", "0.5", "a", "2020-02-29", ""));

  // Only nulls and no declaration: text, which can hold whatever comes later.
  auto all_null = connection->Query("SELECT NULL AS x, max(i) AS m FROM t WHERE 0");
  ASSERT_TRUE(all_null.ok()) << all_null.status();
  EXPECT_THAT(Types(*all_null), ElementsAre(TypeId::kText, TypeId::kText));
  EXPECT_TRUE(all_null->column(0).IsNull(0));
}

TEST_F(SqliteEngineTest, ExpressionTypesFollowTheirValues) {
  const std::string path = CreateDb("expr.db",
                                    "CREATE TABLE t(i INTEGER); "
                                    "INSERT INTO t VALUES (1), (2), (4);");
  auto engine = OpenEngine(path);
  auto connection = Connect(*engine);
  auto result = connection->Query(
      "SELECT 1 + 1, 2.5 * 2, 'a' || 'b', count(*), sum(i), avg(i), date('2024-03-01'), "
      "datetime('2024-03-01 10:00:00'), x'00ff', strftime('%Y-%m', '2024-03-01'), 1e308 * 10 "
      "FROM t");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Types(*result),
              ElementsAre(TypeId::kInteger, TypeId::kDouble, TypeId::kText, TypeId::kInteger,
                          TypeId::kInteger, TypeId::kDouble, TypeId::kDate, TypeId::kTimestamp,
                          TypeId::kBlob, TypeId::kText, TypeId::kDouble));
  EXPECT_THAT(Row(*result, 0),
              ElementsAre("2", "5", "ab", "3", "7", "2.3333333333333335", "2024-03-01",
                          "2024-03-01 10:00:00", "\\x00\\xFF", "2024-03", "Infinity"));
  EXPECT_EQ(result->columns()[0].name, "1 + 1");
}

TEST_F(SqliteEngineTest, MixedTypeColumnsFallBackWithoutLosingValues) {
  const std::string path = CreateDb("mixed.db", R"(
    CREATE TABLE t(u, n INTEGER, f INTEGER, flag BOOL, day DATE, ts DATETIME, price NUMERIC(8,2),
                   big INTEGER);
    INSERT INTO t VALUES (1, 1, 1, 'T', '2024-3-1', '2024-03-01', 1.5, 9223372036854775807);
    INSERT INTO t VALUES ('abc', 'n/a', 1.25, 'F', '2024-03-02', '2024-03-02', 1.125, 1);
    INSERT INTO t VALUES (2.5, 3, 2, NULL, NULL, NULL, 7, 2.5);)");
  auto engine = OpenEngine(path);
  auto connection = Connect(*engine);
  auto result = connection->Query("SELECT * FROM t");
  ASSERT_TRUE(result.ok()) << result.status();
  // u: mixed -> text; n: text in an INTEGER column -> text; f: integral and
  // fractional reals -> double; flag: 'T'/'F' -> text; day: not canonical ->
  // text; ts: date-only values -> date; price: 1.125 has three decimals ->
  // double; big: 2^63-1 is not exact as a double -> text.
  EXPECT_THAT(Types(*result),
              ElementsAre(TypeId::kText, TypeId::kText, TypeId::kDouble, TypeId::kText,
                          TypeId::kText, TypeId::kDate, TypeId::kDouble, TypeId::kText));
  EXPECT_THAT(Row(*result, 0), ElementsAre("1", "1", "1", "T", "2024-3-1", "2024-03-01", "1.5",
                                           "9223372036854775807"));
  EXPECT_THAT(Row(*result, 1),
              ElementsAre("abc", "n/a", "1.25", "F", "2024-03-02", "2024-03-02", "1.125", "1"));
  EXPECT_THAT(Row(*result, 2), ElementsAre("2.5", "3", "2", "", "", "", "7", "2.5"));
}

TEST_F(SqliteEngineTest, LaterChunksConvertExactlyOrFail) {
  const std::string path = CreateDb("later.db", R"(
    CREATE TABLE t(n INTEGER, u);
    WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5000)
    INSERT INTO t SELECT n, CASE WHEN n = 4000 THEN 'oops' ELSE n END FROM c;)");
  auto engine = OpenEngine(path);
  auto connection = Connect(*engine);
  // After the first chunk: integral reals into an integer column, integers
  // into a double column.
  auto converted = connection->Query(
      "SELECT CASE WHEN n <= 2048 THEN n ELSE n * 1.0 END AS i, "
      "CASE WHEN n <= 2048 THEN n + 0.5 ELSE n END AS d FROM t ORDER BY n");
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_THAT(Types(*converted), ElementsAre(TypeId::kInteger, TypeId::kDouble));
  EXPECT_EQ(converted->row_count(), 5000u);
  EXPECT_EQ(converted->column(0).Int64At(4999), 5000);
  EXPECT_EQ(converted->column(1).DoubleAt(4999), 5000.0);

  // A text where the first chunk decided integer cannot be kept: the stream
  // fails rather than drop or change it.
  auto stream = connection->Execute("SELECT u FROM t ORDER BY n", {});
  ASSERT_TRUE(stream.ok()) << stream.status();
  EXPECT_EQ((*stream)->columns()[0].type.id, TypeId::kInteger);
  Chunk chunk;
  Status failure;
  while (true) {
    auto more = (*stream)->Next(&chunk);
    if (!more.ok()) {
      failure = more.status();
      break;
    }
    ASSERT_TRUE(*more) << "the stream ended without reaching the text value";
  }
  EXPECT_EQ(failure.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(failure.message()), HasSubstr("'oops'"));
  EXPECT_THAT(std::string(failure.message()), HasSubstr("CAST"));
  EXPECT_EQ((*stream)->Next(&chunk).status().code(), StatusCode::kInvalidArgument);
  stream->reset();
  auto cast = connection->Query("SELECT CAST(u AS TEXT) FROM t ORDER BY n");
  ASSERT_TRUE(cast.ok()) << cast.status();
  EXPECT_EQ(FormatValue(cast->column(0), 3999), "oops");
}

// ---------------------------------------------------------------- streaming

class SqliteBigTableTest : public SqliteEngineTest {
 protected:
  void SetUp() override {
    SqliteEngineTest::SetUp();
    path_ = CreateDb("big.db", R"(
      CREATE TABLE big(n INTEGER PRIMARY KEY, s TEXT);
      WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000)
      INSERT INTO big SELECT n, 'row ' || n FROM c;)");
    engine_ = OpenEngine(path_);
    connection_ = Connect(*engine_);
  }
  std::string path_;
  std::unique_ptr<SqliteEngine> engine_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(SqliteBigTableTest, StreamsInChunks) {
  auto stream = connection_->Execute("SELECT n, s FROM big ORDER BY n", {});
  ASSERT_TRUE(stream.ok()) << stream.status();
  Chunk chunk;
  int chunks = 0;
  int64_t rows = 0, sum = 0;
  while (true) {
    auto more = (*stream)->Next(&chunk);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    ++chunks;
    ASSERT_GT(chunk.row_count(), 0u);
    ASSERT_LE(chunk.row_count(), 2048u);
    ASSERT_EQ(chunk.columns[0].Int64At(0), rows + 1);
    for (size_t r = 0; r < chunk.row_count(); ++r) sum += chunk.columns[0].Int64At(r);
    rows += static_cast<int64_t>(chunk.row_count());
  }
  EXPECT_EQ(chunk.row_count(), 0u);
  EXPECT_EQ(rows, 100000);
  EXPECT_EQ(sum, int64_t{100000} * 100001 / 2);
  EXPECT_GE(chunks, 49);
  auto again = (*stream)->Next(&chunk);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

TEST_F(SqliteBigTableTest, CollectCapsRows) {
  auto capped = connection_->Query("SELECT n FROM big", {}, CollectOptions{.max_rows = 10});
  ASSERT_TRUE(capped.ok()) << capped.status();
  EXPECT_EQ(capped->row_count(), 10u);
  EXPECT_TRUE(capped->truncated());
  EXPECT_EQ(capped->total_rows(), 100000);

  auto uncounted = connection_->Query("SELECT n FROM big", {},
                                      CollectOptions{.max_rows = 10, .count_limit = 5000});
  ASSERT_TRUE(uncounted.ok()) << uncounted.status();
  EXPECT_EQ(uncounted->row_count(), 10u);
  EXPECT_EQ(uncounted->total_rows(), -1);

  // An abandoned stream frees the connection for the next statement.
  auto next = connection_->Query("SELECT count(*) FROM big");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->column(0).Int64At(0), 100000);
}

// ---------------------------------------------------------------- cancel and deadlines

// Generous: the contract is "within a second"; this only catches a cancel or
// deadline that does not stop the statement, on a machine as loaded as need be.
constexpr auto kPromptly = std::chrono::seconds(20);

TEST_F(SqliteBigTableTest, CancelFromAnotherThreadStopsTheStatement) {
  std::atomic<bool> done{false};
  std::chrono::steady_clock::time_point cancelled_at;
  // Cancel once the statement has had time to start; the statement never
  // ends by itself, so Cancelled is the only possible outcome either way.
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancelled_at = std::chrono::steady_clock::now();
    connection_->Cancel();
    // Retry in case the first call landed before Execute() began.
    while (!done.load()) {
      connection_->Cancel();
      std::this_thread::yield();
    }
  });
  auto result = connection_->Query(kEndlessCount, ExecuteOptions{.timeout = {}});
  const auto returned_at = std::chrono::steady_clock::now();
  done = true;
  canceller.join();
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled) << result.status();
  EXPECT_LT(returned_at - cancelled_at, kPromptly);

  auto after = connection_->Query("SELECT count(*) FROM big");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->column(0).Int64At(0), 100000);
}

TEST_F(SqliteBigTableTest, CancelRacingWithStatementStartIsNeverLost) {
  for (int i = 0; i < 50; ++i) {
    std::atomic<bool> done{false};
    std::thread canceller([&] {
      while (!done.load()) connection_->Cancel();
    });
    auto result = connection_->Query(kEndlessCount, ExecuteOptions{.timeout = {}});
    done = true;
    canceller.join();
    ASSERT_EQ(result.status().code(), StatusCode::kCancelled) << result.status();
  }
  auto after = connection_->Query("SELECT 1");
  ASSERT_TRUE(after.ok()) << after.status();
}

TEST_F(SqliteBigTableTest, CancelWhileIdleDoesNotAffectTheNextStatement) {
  connection_->Cancel();
  auto first = connection_->Query("SELECT count(*) FROM big");
  ASSERT_TRUE(first.ok()) << first.status();
  // Also after a finished stream that is still alive.
  auto stream = connection_->Execute("SELECT 1", {});
  ASSERT_TRUE(stream.ok());
  Chunk chunk;
  ASSERT_TRUE((*stream)->Next(&chunk).ok());
  ASSERT_FALSE(*(*stream)->Next(&chunk));
  connection_->Cancel();
  stream->reset();
  auto second = connection_->Query("SELECT count(*) FROM big");
  ASSERT_TRUE(second.ok()) << second.status();
}

TEST_F(SqliteBigTableTest, TimeoutEndsTheStatementWithDeadlineExceeded) {
  const auto start = std::chrono::steady_clock::now();
  auto result =
      connection_->Query(kEndlessCount, ExecuteOptions{.timeout = std::chrono::milliseconds(200)});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.status().code(), StatusCode::kDeadlineExceeded) << result.status();
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("200 ms"));
  EXPECT_GE(elapsed, std::chrono::milliseconds(200));
  EXPECT_LT(elapsed, kPromptly);

  auto after = connection_->Query("SELECT max(n) FROM big");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->column(0).Int64At(0), 100000);
}

TEST_F(SqliteBigTableTest, TimeoutCoversTheWholeStream) {
  auto stream = connection_->Execute(
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c",
      ExecuteOptions{.timeout = std::chrono::milliseconds(100)});
  ASSERT_TRUE(stream.ok()) << stream.status();
  Chunk chunk;
  StatusOr<bool> more = true;
  while (more.ok() && *more) more = (*stream)->Next(&chunk);
  EXPECT_EQ(more.status().code(), StatusCode::kDeadlineExceeded) << more.status();
  stream->reset();
  EXPECT_TRUE(connection_->Query("SELECT 1").ok());
}

// ---------------------------------------------------------------- read-only locks

class SqliteLockTest : public SqliteEngineTest {
 protected:
  void SetUp() override {
    SqliteEngineTest::SetUp();
    path_ = CreateDb("locks.db", R"(
      CREATE TABLE pub(id INTEGER PRIMARY KEY, secret_id INTEGER, label TEXT);
      CREATE TABLE secret(id INTEGER PRIMARY KEY, code TEXT);
      CREATE VIEW pub_view AS SELECT id, label FROM pub;
      CREATE VIEW secret_view AS SELECT code FROM secret;
      CREATE VIEW json_view AS SELECT json_extract('{"a": 7}', '$.a') AS a;
      CREATE VIEW sneaky_view AS SELECT load_extension('/nonexistent/evil.so') AS x;
      INSERT INTO pub VALUES (1, 1, 'one'), (2, 2, 'two');
      INSERT INTO secret VALUES (1, 'alpha'), (2, 'beta');)");
  }
  Status Run(Connection& connection, const std::string& sql) {
    return connection.Query(sql).status();
  }
  std::string path_;
};

TEST_F(SqliteLockTest, AllowListRefusesOtherTablesWhereverTheyAppear) {
  auto engine = OpenEngine(path_, {"PUB", "Pub_View"});
  auto connection = Connect(*engine);
  auto ok = connection->Query("SELECT label FROM pub WHERE id IN (SELECT id FROM pub_view)");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->row_count(), 2u);

  // A CTE read without columns is reported like a table; it is not one.
  auto cte = connection->Query("WITH c AS (SELECT label FROM pub) SELECT count(*) FROM c");
  ASSERT_TRUE(cte.ok()) << cte.status();
  EXPECT_EQ(cte->column(0).Int64At(0), 2);

  // Created after the connection was set up: still not readable.
  CreateDb("locks.db", "CREATE TABLE later(a); INSERT INTO later VALUES (1);");
  EXPECT_EQ(Run(*connection, "SELECT count(*) FROM later").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Run(*connection, "SELECT a FROM later").code(), StatusCode::kPermissionDenied);

  for (const char* sql : {
           "SELECT * FROM secret",
           "SELECT * FROM SECRET",
           "SELECT 1 FROM secret",
           "SELECT count(*) FROM main.secret",
           "SELECT count(*) FROM secret",
           "SELECT p.label, s.code FROM pub p JOIN secret s ON s.id = p.secret_id",
           "SELECT label FROM pub WHERE secret_id IN (SELECT id FROM secret)",
           "SELECT (SELECT max(code) FROM secret) FROM pub",
           "WITH pub AS (SELECT code FROM secret) SELECT * FROM pub",
           "WITH RECURSIVE r(x) AS (SELECT code FROM main.secret) SELECT x FROM r",
           "SELECT label FROM pub UNION SELECT code FROM secret",
           "SELECT * FROM secret_view",
       }) {
    const Status status = Run(*connection, sql);
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << sql << ": " << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr("reading table 'secret'")) << sql;
  }
}

TEST_F(SqliteLockTest, SchemaAndVirtualTablesAreNotForUsers) {
  auto engine = OpenEngine(path_);
  auto connection = Connect(*engine);
  EXPECT_TRUE(connection->Query("SELECT * FROM secret_view").ok());
  for (const char* sql : {
           "SELECT * FROM sqlite_master",
           "SELECT sql FROM sqlite_schema",
           "SELECT * FROM sqlite_temp_master",
           "SELECT * FROM pragma_table_info('secret')",
           "SELECT * FROM json_each('[1, 2]')",
           "SELECT * FROM dbstat",
           "SELECT * FROM other.pub",
       }) {
    const Status status = Run(*connection, sql);
    EXPECT_TRUE(status.code() == StatusCode::kPermissionDenied ||
                status.code() == StatusCode::kInvalidArgument)
        << sql << ": " << status;
    EXPECT_NE(status.code(), StatusCode::kOk) << sql;
  }
  EXPECT_EQ(Run(*connection, "SELECT * FROM sqlite_master").code(), StatusCode::kPermissionDenied);
}

TEST_F(SqliteLockTest, ViewsMayCallOrdinaryFunctionsOnly) {
  auto engine = OpenEngine(path_);
  auto connection = Connect(*engine);
  auto json = connection->Query("SELECT a FROM json_view");
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->column(0).Int64At(0), 7);
  // The file defines the view, yet what it calls is checked: SQLite refuses
  // direct-only functions in views itself, and the authorizer sees every
  // function a view calls.
  const Status sneaky = Run(*connection, "SELECT * FROM sneaky_view");
  EXPECT_FALSE(sneaky.ok());
  EXPECT_THAT(std::string(sneaky.message()), HasSubstr("load_extension"));
}

TEST_F(SqliteLockTest, WritesDdlAndSideEffectsAreRefusedAndTheFileStaysTheSame) {
  const std::string before = ReadFile(path_);
  const std::string attached = (dir_ / "attached.db").string();
  const std::string copy = (dir_ / "copy.db").string();
  auto engine = OpenEngine(path_);
  auto connection = Connect(*engine);
  const std::vector<std::string> refused = {
      "INSERT INTO pub VALUES (3, 3, 'three')",
      "INSERT INTO pub SELECT id + 10, secret_id, label FROM pub",
      "REPLACE INTO pub VALUES (1, 1, 'uno')",
      "UPDATE pub SET label = 'x'",
      "DELETE FROM pub",
      "WITH x AS (SELECT 9, 9, 'nine') INSERT INTO pub SELECT * FROM x",
      "INSERT INTO pub VALUES (4, 4, 'four') RETURNING id",
      "CREATE TABLE t(a)",
      "CREATE TEMP TABLE t(a)",
      "CREATE TABLE t AS SELECT * FROM pub",
      "CREATE VIEW v AS SELECT 1",
      "CREATE TEMP VIEW v AS SELECT 1",
      "CREATE INDEX i ON pub(label)",
      "CREATE TRIGGER tr AFTER INSERT ON pub BEGIN DELETE FROM pub; END",
      "CREATE VIRTUAL TABLE f USING fts5(a)",
      "DROP TABLE pub",
      "DROP VIEW pub_view",
      "ALTER TABLE pub RENAME TO pub2",
      "ALTER TABLE pub ADD COLUMN extra TEXT",
      "ATTACH DATABASE '" + attached + "' AS other",
      "DETACH DATABASE main",
      "PRAGMA user_version",
      "PRAGMA user_version = 5",
      "PRAGMA table_info(pub)",
      "PRAGMA writable_schema = ON",
      "PRAGMA journal_mode = WAL",
      "BEGIN",
      "BEGIN IMMEDIATE",
      "COMMIT",
      "ROLLBACK",
      "SAVEPOINT s",
      "RELEASE s",
      "ANALYZE",
      "REINDEX",
      "VACUUM",
      "VACUUM INTO '" + copy + "'",
      "SELECT load_extension('libm')",
      "SELECT fts3_tokenizer('simple')",
      "SELECT 1; DROP TABLE pub",
      "SELECT 1; SELECT 2",
      "SELECT 1 -- fine\n; /* still fine */ SELECT 2",
  };
  for (const std::string& sql : refused) {
    const Status status = Run(*connection, sql);
    EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << sql << ": " << status;
    EXPECT_FALSE(status.message().empty()) << sql;
  }
  EXPECT_THAT(std::string(Run(*connection, "SELECT load_extension('x')").message()),
              HasSubstr("function 'load_extension' is not allowed"));
  EXPECT_THAT(std::string(Run(*connection, "DELETE FROM pub").message()), HasSubstr("read-only"));
  EXPECT_THAT(std::string(Run(*connection, "PRAGMA user_version").message()),
              HasSubstr("PRAGMA user_version is not allowed"));
  EXPECT_THAT(std::string(Run(*connection, "SELECT 1; SELECT 2").message()),
              HasSubstr("one statement"));

  // Still usable, unchanged, and nothing was written beside it.
  auto rows = connection->Query("SELECT count(*) FROM pub");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->column(0).Int64At(0), 2);
  connection.reset();
  engine.reset();
  EXPECT_EQ(ReadFile(path_), before);
  EXPECT_FALSE(fs::exists(attached));
  EXPECT_FALSE(fs::exists(copy));
}

TEST_F(SqliteLockTest, OneStatementWithTrailingCommentsRuns) {
  auto engine = OpenEngine(path_);
  auto connection = Connect(*engine);
  for (const char* sql : {"SELECT 1;", "SELECT 1 ;; -- done", "SELECT 1 /* a */ ; /* b",
                          "  -- leading\nSELECT 1\n", "EXPLAIN QUERY PLAN SELECT * FROM pub"}) {
    EXPECT_TRUE(connection->Query(sql).ok()) << sql;
  }
  EXPECT_EQ(Run(*connection, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Run(*connection, "-- nothing").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Run(*connection, "SELEC 1").code(), StatusCode::kInvalidArgument);
  const Status unknown = Run(*connection, "SELECT * FROM nowhere");
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.message()), HasSubstr("no such table"));
  EXPECT_EQ(Run(*connection, "SELECT nope FROM pub").code(), StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------- introspection

class SqliteIntrospectTest : public SqliteEngineTest {
 protected:
  void SetUp() override {
    SqliteEngineTest::SetUp();
    path_ = CreateDb("shop.db", R"(
      CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT);
      CREATE TABLE products(sku TEXT, variant INTEGER, price DECIMAL(10,2),
                            PRIMARY KEY (sku, variant));
      CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers,
                          sku TEXT, variant INTEGER, day DATE,
                          FOREIGN KEY (sku, variant) REFERENCES products(sku, variant));
      CREATE VIEW big_orders AS SELECT * FROM orders WHERE id > 1;
      CREATE TABLE gone(a);
      CREATE VIEW broken AS SELECT a FROM gone;
      DROP TABLE gone;
      INSERT INTO customers VALUES (1, 'Ann', 'Paris'), (2, 'Bob', 'Paris'), (3, 'Cy', 'Lyon'),
        (4, 'Di', 'Paris'), (5, 'Ed', 'Lyon'), (6, 'Flo', 'Nice'), (7, 'Gil', NULL),
        (8, 'Hal', printf('%.300c', 'x'));
      INSERT INTO products VALUES ('A', 1, 9.99), ('B', 1, 20);
      INSERT INTO orders VALUES (1, 1, 'A', 1, '2024-01-05'), (2, 2, 'B', 1, '2024-01-06'),
        (3, 1, 'A', 1, '2024-02-01');)");
  }
  std::string path_;
};

TEST_F(SqliteIntrospectTest, DescribesTablesKeysCountsAndValues) {
  auto engine = OpenEngine(path_);
  auto schema = engine->Introspect(IntrospectOptions{});
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::vector<std::string> names;
  for (const TableSchema& table : schema->tables) names.push_back(table.name);
  // The view over a dropped table cannot be described, nor queried: left out.
  EXPECT_THAT(names, ElementsAre("big_orders", "customers", "orders", "products"));

  const TableSchema* customers = schema->FindTable("customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_FALSE(customers->is_view);
  EXPECT_EQ(customers->row_count, 8);
  EXPECT_THAT(customers->primary_key, ElementsAre("id"));
  ASSERT_EQ(customers->columns.size(), 3u);
  EXPECT_EQ(customers->columns[0].type.id, TypeId::kInteger);
  EXPECT_FALSE(customers->columns[0].nullable);
  EXPECT_FALSE(customers->columns[1].nullable);
  const ColumnSchema* city = customers->FindColumn("city");
  ASSERT_NE(city, nullptr);
  EXPECT_TRUE(city->nullable);
  EXPECT_EQ(city->type.id, TypeId::kText);
  EXPECT_EQ(city->distinct_count, 4);      // Paris, Lyon, Nice and the long one
  ASSERT_EQ(city->top_values.size(), 3u);  // the 300-character value is left out
  EXPECT_EQ(city->top_values[0].value, "Paris");
  EXPECT_EQ(city->top_values[0].count, 3);
  EXPECT_EQ(city->top_values[1].value, "Lyon");
  EXPECT_EQ(city->top_values[2].value, "Nice");
  EXPECT_EQ(customers->FindColumn("id")->distinct_count, -1);  // not text

  const TableSchema* products = schema->FindTable("products");
  ASSERT_NE(products, nullptr);
  EXPECT_THAT(products->primary_key, ElementsAre("sku", "variant"));
  EXPECT_EQ(products->FindColumn("price")->type.id, TypeId::kDecimal);
  EXPECT_EQ(products->FindColumn("price")->type.scale, 2);

  const TableSchema* orders = schema->FindTable("orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->FindColumn("day")->type.id, TypeId::kDate);
  ASSERT_EQ(orders->foreign_keys.size(), 2u);
  // In declaration order; "REFERENCES customers" resolves to its primary key.
  EXPECT_THAT(orders->foreign_keys[0].columns, ElementsAre("customer_id"));
  EXPECT_EQ(orders->foreign_keys[0].referenced_table, "customers");
  EXPECT_THAT(orders->foreign_keys[0].referenced_columns, ElementsAre("id"));
  EXPECT_THAT(orders->foreign_keys[1].columns, ElementsAre("sku", "variant"));
  EXPECT_EQ(orders->foreign_keys[1].referenced_table, "products");
  EXPECT_THAT(orders->foreign_keys[1].referenced_columns, ElementsAre("sku", "variant"));

  const TableSchema* view = schema->FindTable("big_orders");
  ASSERT_NE(view, nullptr);
  EXPECT_TRUE(view->is_view);
  EXPECT_EQ(view->row_count, 2);
  EXPECT_EQ(view->columns.size(), 5u);
}

TEST_F(SqliteIntrospectTest, RespectsTheAllowListAndTheRequest) {
  auto engine = OpenEngine(path_, {"Customers", "ORDERS"});
  IntrospectOptions one_value;
  one_value.max_top_values = 1;
  auto schema = engine->Introspect(one_value);
  ASSERT_TRUE(schema.ok()) << schema.status();
  ASSERT_EQ(schema->tables.size(), 2u);
  EXPECT_EQ(schema->tables[0].name, "customers");
  EXPECT_EQ(schema->tables[1].name, "orders");
  // The key to products would name a hidden table.
  ASSERT_EQ(schema->tables[1].foreign_keys.size(), 1u);
  EXPECT_EQ(schema->tables[1].foreign_keys[0].referenced_table, "customers");
  EXPECT_EQ(schema->tables[0].FindColumn("city")->top_values.size(), 1u);

  IntrospectOptions request;
  request.tables = {"orders", "products"};
  request.row_counts = false;
  request.value_stats = false;
  auto only = engine->Introspect(request);
  ASSERT_TRUE(only.ok()) << only.status();
  ASSERT_EQ(only->tables.size(), 1u);
  EXPECT_EQ(only->tables[0].name, "orders");
  EXPECT_EQ(only->tables[0].row_count, -1);
  EXPECT_EQ(only->tables[0].FindColumn("sku")->distinct_count, -1);
  EXPECT_TRUE(only->tables[0].FindColumn("sku")->top_values.empty());

  // Introspection reads the schema; user statements still may not.
  auto connection = Connect(*engine);
  EXPECT_EQ(connection->Query("SELECT * FROM sqlite_schema").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(connection->Query("SELECT * FROM products").status().code(),
            StatusCode::kPermissionDenied);
}

// ---------------------------------------------------------------- opening

TEST_F(SqliteEngineTest, OpenFailsForMissingFilesAndOtherFiles) {
  auto missing = SqliteEngine::Open(SqliteOptions{(dir_ / "missing.db").string(), {}});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "missing.db"));

  const fs::path text = dir_ / "notes.txt";
  std::ofstream(text) << "These are not the bytes of a SQLite database, not even close.\n";
  auto not_db = SqliteEngine::Open(SqliteOptions{text.string(), {}});
  EXPECT_EQ(not_db.status().code(), StatusCode::kInvalidArgument) << not_db.status();
  EXPECT_THAT(std::string(not_db.status().message()), HasSubstr("not a SQLite database"));

  auto directory = SqliteEngine::Open(SqliteOptions{dir_.string(), {}});
  EXPECT_EQ(directory.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteEngineTest, PathsAreNeverUris) {
  CreateDb("file:data.db", "CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (42);");
  const fs::path previous = fs::current_path();
  fs::current_path(dir_);
  auto engine = SqliteEngine::Open(SqliteOptions{"file:data.db", {}});
  auto missing = SqliteEngine::Open(SqliteOptions{"file:other.db?mode=rwc", {}});
  fs::current_path(previous);
  ASSERT_TRUE(engine.ok()) << engine.status();
  auto connection = Connect(**engine);
  auto result = connection->Query("SELECT a FROM t");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->column(0).Int64At(0), 42);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "other.db"));
}

TEST_F(SqliteEngineTest, ReadsASpiderDatabaseWithoutChangingIt) {
  const fs::path path = fs::path(SCRY_SOURCE_DIR) /
                        "../shared/eval/spider/database/concert_singer/concert_singer.sqlite";
  if (!fs::exists(path)) GTEST_SKIP() << "no eval data at " << path;
  const std::string before = ReadFile(path);
  {
    auto engine = OpenEngine(path.string());
    ASSERT_NE(engine, nullptr);
    auto schema = engine->Introspect(IntrospectOptions{});
    ASSERT_TRUE(schema.ok()) << schema.status();
    const TableSchema* singer = schema->FindTable("singer");
    ASSERT_NE(singer, nullptr);
    EXPECT_EQ(singer->row_count, 6);
    EXPECT_THAT(singer->primary_key, ElementsAre("Singer_ID"));
    EXPECT_EQ(singer->FindColumn("Age")->type.id, TypeId::kInteger);
    EXPECT_EQ(singer->FindColumn("Is_male")->type.id, TypeId::kText);  // 'T' / 'F'
    const TableSchema* concert = schema->FindTable("concert");
    ASSERT_NE(concert, nullptr);
    ASSERT_EQ(concert->foreign_keys.size(), 1u);
    EXPECT_EQ(concert->foreign_keys[0].referenced_table, "stadium");

    auto connection = Connect(*engine);
    auto result = connection->Query(
        "SELECT Country, count(*) AS n, avg(Age) FROM singer GROUP BY Country ORDER BY n DESC, "
        "Country");
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_THAT(Types(*result), ElementsAre(TypeId::kText, TypeId::kInteger, TypeId::kDouble));
    EXPECT_GT(result->row_count(), 0u);
  }
  EXPECT_EQ(ReadFile(path), before);
}

}  // namespace
}  // namespace scry::engine
