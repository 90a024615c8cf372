#include "engine/duckdb/duckdb_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace scry::engine {
namespace {

// A fresh directory under the test's temp dir, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::path(testing::TempDir()) / "scry-writer-XXXXXX").lexically_normal();
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

std::unique_ptr<DuckDbWriter> OpenInMemory() {
  auto writer = DuckDbWriter::Open("");
  EXPECT_TRUE(writer.ok()) << writer.status();
  return writer.ok() ? std::move(writer).value() : nullptr;
}

TEST(DuckDbWriterTest, ExecutesSeveralStatementsAndQueries) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer
                  ->Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR);"
                            "INSERT INTO t VALUES (1, 'one'), (2, 'two');"
                            "INSERT INTO t VALUES (3, NULL);")
                  .ok());
  auto result = writer->Query("SELECT id, name FROM t ORDER BY id");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->row_count(), 3u);
  EXPECT_EQ(result->total_rows(), 3);
  EXPECT_FALSE(result->truncated());
  EXPECT_EQ(result->columns()[0].name, "id");
  EXPECT_EQ(result->columns()[0].type.id, TypeId::kInteger);
  EXPECT_EQ(result->columns()[1].type.id, TypeId::kText);
  EXPECT_EQ(result->column(0).Int64At(2), 3);
  EXPECT_EQ(result->column(1).TextAt(1), "two");
  EXPECT_TRUE(result->column(1).IsNull(2));
}

TEST(DuckDbWriterTest, QueryKeepsEveryRow) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  auto result = writer->Query("SELECT i FROM range(50000) t(i)");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->row_count(), 50000u);
  EXPECT_FALSE(result->truncated());
}

TEST(DuckDbWriterTest, QueryReadsNestedTypesAsText) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  auto result = writer->Query("SELECT [1, 2] AS l, {'a': 1} AS s");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->columns()[0].type.id, TypeId::kOther);
  EXPECT_EQ(result->columns()[0].type.engine_name, "INTEGER[]");
  EXPECT_EQ(result->column(0).TextAt(0), "[1, 2]");
  EXPECT_EQ(result->column(1).TextAt(0), "{'a': 1}");
}

TEST(DuckDbWriterTest, QueryOfCatalogFunctionsWithLists) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Execute("CREATE TABLE t(a INTEGER, b INTEGER, PRIMARY KEY (a, b))").ok());
  auto result = writer->Query(
      "SELECT constraint_column_names FROM duckdb_constraints() "
      "WHERE table_name = 't' AND constraint_type = 'PRIMARY KEY'");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->row_count(), 1u);
  EXPECT_EQ(result->column(0).TextAt(0), "[a, b]");
}

TEST(DuckDbWriterTest, ErrorsAreInvalidArgumentWithDuckDbsMessage) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  Status status = writer->Execute("CREATE TABLE t(a INTEGER); SELEC 1");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("syntax error"), std::string_view::npos) << status;

  auto missing = writer->Query("SELECT * FROM no_such_table");
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("no_such_table"), std::string_view::npos);

  auto two = writer->Query("SELECT 1; SELECT 2");
  EXPECT_EQ(two.status().code(), StatusCode::kInvalidArgument);

  auto runtime = writer->Query("SELECT CAST('x' AS INTEGER)");
  EXPECT_EQ(runtime.status().code(), StatusCode::kInvalidArgument);
}

TEST(DuckDbWriterTest, FailedTransactionLeavesDataUnchanged) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Execute("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (1)").ok());
  Status status = writer->InTransaction([&]() -> Status {
    RETURN_IF_ERROR(writer->Execute("INSERT INTO t VALUES (2)"));
    RETURN_IF_ERROR(writer->Execute("CREATE TABLE u(b INTEGER)"));
    return writer->Execute("INSERT INTO t VALUES ('not a number')");
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  auto rows = writer->Query("SELECT count(*), sum(a) FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->column(0).Int64At(0), 1);
  EXPECT_EQ(rows->column(1).Int128At(0), 1);
  auto tables = writer->Query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'u'");
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(tables->column(0).Int64At(0), 0);
}

TEST(DuckDbWriterTest, SuccessfulTransactionCommits) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Execute("CREATE TABLE t(a INTEGER)").ok());
  ASSERT_TRUE(
      writer->InTransaction([&] { return writer->Execute("INSERT INTO t VALUES (7)"); }).ok());
  auto rows = writer->Query("SELECT a FROM t");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->row_count(), 1u);
  EXPECT_EQ(rows->column(0).Int64At(0), 7);
}

TEST(DuckDbWriterTest, UsesUtc) {
  auto writer = OpenInMemory();
  ASSERT_NE(writer, nullptr);
  auto zone = writer->Query("SELECT current_setting('TimeZone')");
  ASSERT_TRUE(zone.ok()) << zone.status();
  EXPECT_EQ(zone->column(0).TextAt(0), "UTC");
}

TEST(DuckDbWriterTest, FileKeepsDataAcrossOpens) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string path = dir.path() + "/nested/warehouse.duckdb";
  {
    auto writer = DuckDbWriter::Open(path);
    ASSERT_TRUE(writer.ok()) << writer.status();
    EXPECT_EQ((*writer)->path(), path);
    ASSERT_TRUE((*writer)->Execute("CREATE TABLE t AS SELECT 42 AS answer").ok());
    ASSERT_TRUE((*writer)->Checkpoint().ok());
  }
  auto writer = DuckDbWriter::Open(path);
  ASSERT_TRUE(writer.ok()) << writer.status();
  auto rows = (*writer)->Query("SELECT answer FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->column(0).Int64At(0), 42);
}

TEST(DuckDbWriterTest, RefusesAFileThatIsNotADatabase) {
  ScratchDir dir;
  const std::string path = dir.path() + "/notes.txt";
  std::ofstream(path) << "these are not the bytes of a DuckDB file\n";
  auto writer = DuckDbWriter::Open(path);
  EXPECT_EQ(writer.status().code(), StatusCode::kInvalidArgument) << writer.status();
}

}  // namespace
}  // namespace scry::engine
