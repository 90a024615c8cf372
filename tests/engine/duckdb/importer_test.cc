#include "engine/duckdb/importer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace scry::engine {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("scry_import_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto writer = DuckDbWriter::Open("");
    ASSERT_TRUE(writer.ok()) << writer.status();
    writer_ = std::move(*writer);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  // Writes a file through DuckDB's COPY (Parquet, compressed CSV, ...).
  std::string Copy(const std::string& name, const std::string& select, const std::string& format) {
    const std::string path = (dir_ / name).string();
    EXPECT_TRUE(writer_->Execute("COPY (" + select + ") TO '" + path + "' (" + format + ")").ok());
    return path;
  }

  StatusOr<ImportReport> Import(const std::vector<std::string>& files, ImportOptions options = {}) {
    return ImportFiles(*writer_, files, options);
  }

  // One value of a one-row query, as text.
  std::string Value(const std::string& sql) {
    auto result = writer_->Query(sql);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok() || result->row_count() == 0) return "<none>";
    return FormatValue(result->column(0), 0);
  }

  // Tables, row counts and a checksum of every row: equal before and after a
  // failed import means the warehouse did not change.
  std::string Snapshot() {
    auto tables = writer_->Query("SELECT table_name FROM duckdb_tables() ORDER BY 1");
    EXPECT_TRUE(tables.ok()) << tables.status();
    std::string out;
    for (size_t i = 0; tables.ok() && i < tables->row_count(); ++i) {
      const std::string name = tables->column(0).TextAt(i);
      out += name + ":" +
             Value("SELECT count(*) || '/' || coalesce(sum(hash(t)), 0) FROM \"" + name + "\" t") +
             ";";
    }
    return out;
  }

  // Runs an import that must fail with `code`, checks that it changed
  // nothing, and returns the error message.
  std::string ExpectFailure(StatusCode code, const std::vector<std::string>& files,
                            ImportOptions options = {}) {
    const std::string before = Snapshot();
    auto report = Import(files, options);
    EXPECT_FALSE(report.ok());
    EXPECT_EQ(report.status().code(), code) << report.status();
    EXPECT_EQ(Snapshot(), before);
    if (getenv("SCRY_SHOW_ERRORS")) std::printf("  %s\n", report.status().ToString().c_str());
    return report.ok() ? "" : std::string(report.status().message());
  }

  fs::path dir_;
  std::unique_ptr<DuckDbWriter> writer_;
};

constexpr const char* kSalesCsv =
    "id,product,price,sold_on,note\n"
    "1,apple,1.50,2024-01-02,\n"
    "2,\"pear, green\",2.25,2024-02-03,ripe\n"
    "3,plum,,2024-03-04,\n";

TEST(TableNameForFileTest, DerivesSafeNames) {
  EXPECT_EQ(TableNameForFile("Sales 2024.csv"), "sales_2024");
  EXPECT_EQ(TableNameForFile("/data/in/My-Data.v2.CSV.gz"), "my_data_v2");
  EXPECT_EQ(TableNameForFile("2024 report.parquet"), "t_2024_report");
  EXPECT_EQ(TableNameForFile("order.csv"), "order_data");
  EXPECT_EQ(TableNameForFile("Café Orders.json"), "caf_orders");
  EXPECT_EQ(TableNameForFile("--.csv"), "imported");
  EXPECT_EQ(TableNameForFile("it's \"x\"; DROP TABLE t; --.csv"), "it_s_x_drop_table_t");
  EXPECT_LE(TableNameForFile(std::string(200, 'a') + ".csv").size(), 63u);
}

TEST_F(ImporterTest, CsvWithDetectedTypes) {
  auto report = Import({Write("Sales 2024.csv", kSalesCsv)});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->table, "sales_2024");
  EXPECT_TRUE(report->created);
  EXPECT_EQ(report->rows_imported, 3);
  EXPECT_EQ(report->table_rows, 3);
  ASSERT_EQ(report->columns.size(), 5u);
  EXPECT_EQ(report->columns[0].name, "id");
  EXPECT_EQ(report->columns[0].type.id, TypeId::kInteger);
  EXPECT_TRUE(report->columns[2].type.id == TypeId::kDouble ||
              report->columns[2].type.id == TypeId::kDecimal);
  EXPECT_EQ(report->columns[3].type.id, TypeId::kDate);
  EXPECT_EQ(report->columns[1].type.id, TypeId::kText);
  EXPECT_EQ(Value("SELECT product FROM sales_2024 WHERE id = 2"), "pear, green");
  EXPECT_EQ(Value("SELECT count(*) FROM sales_2024 WHERE price IS NULL"), "1");
  EXPECT_EQ(Value("SELECT count(*) FROM sales_2024 WHERE note IS NULL"), "2");
}

TEST_F(ImporterTest, ParquetFile) {
  const std::string file =
      Copy("points.parquet",
           "SELECT range AS id, 'p' || range AS label, range * 1.5 AS score, DATE '2024-01-01' + "
           "range::INTEGER AS day FROM range(100)",
           "FORMAT parquet");
  auto report = Import({file});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->table, "points");
  EXPECT_EQ(report->table_rows, 100);
  EXPECT_EQ(report->columns[3].type.id, TypeId::kDate);
  EXPECT_EQ(Value("SELECT sum(id) FROM points"), "4950");
}

TEST_F(ImporterTest, JsonArrayAndNewlineDelimited) {
  auto array = Import({Write("array.json", R"([{"a": 1, "b": "x"}, {"a": 2, "b": null}])")});
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_EQ(array->table_rows, 2);
  EXPECT_EQ(array->columns[0].type.id, TypeId::kInteger);
  auto lines =
      Import({Write("lines.ndjson", "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 3, \"b\": \"y\"}\n")});
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_EQ(lines->table, "lines");
  EXPECT_EQ(Value("SELECT sum(a) FROM lines"), "4");
}

TEST_F(ImporterTest, FormatFromContentAndCompression) {
  auto json = Import({Write("export", "[{\"k\": 1}]")});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->columns[0].name, "k");
  const std::string gz =
      Copy("zipped.csv.gz", "SELECT range AS n FROM range(10)", "FORMAT csv, COMPRESSION gzip");
  auto zipped = Import({gz});
  ASSERT_TRUE(zipped.ok()) << zipped.status();
  EXPECT_EQ(zipped->table, "zipped");
  EXPECT_EQ(zipped->table_rows, 10);
  ImportOptions as_csv;
  as_csv.format = FileFormat::kCsv;
  as_csv.table = "forced";
  auto forced = Import({Write("data.dat", "x,y\n1,2\n")}, as_csv);
  ASSERT_TRUE(forced.ok()) << forced.status();
  EXPECT_EQ(forced->table_rows, 1);
}

TEST_F(ImporterTest, ManyFilesOfOneShape) {
  const std::string a = Write("a.csv", "id,amount\n1,10\n2,20\n");
  const std::string b = Write("b.csv", "amount,id\n2.5,3\n");  // other order, decimals
  ImportOptions options;
  options.table = "payments";
  auto report = Import({a, b}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->table_rows, 3);
  EXPECT_EQ(report->rows_imported, 3);
  EXPECT_EQ(Value("SELECT sum(amount) FROM payments"), "32.5");
  EXPECT_EQ(Value("SELECT amount FROM payments WHERE id = 3"), "2.5");
}

TEST_F(ImporterTest, ManyFilesOfDifferentShapesFail) {
  const std::string a = Write("a.csv", "id,amount\n1,10\n");
  const std::string b = Write("b.csv", "id,total\n2,20\n");
  std::string status = ExpectFailure(StatusCode::kInvalidArgument, {a, b});
  EXPECT_THAT(status, HasSubstr("missing column(s) 'amount'"));
  EXPECT_THAT(status, HasSubstr("extra column(s) 'total'"));
}

TEST_F(ImporterTest, ExistingTableNeedsAppendOrReplace) {
  ASSERT_TRUE(Import({Write("sales.csv", kSalesCsv)}).ok());
  const std::string again = Write("sales_again.csv", "id,product\n9,kiwi\n");
  ImportOptions options;
  options.table = "SALES";  // names compare without case, as in SQL
  std::string status = ExpectFailure(StatusCode::kAlreadyExists, {again}, options);
  EXPECT_THAT(status, HasSubstr("already exists"));
  options.replace = true;
  auto replaced = Import({again}, options);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_FALSE(replaced->created);
  EXPECT_EQ(replaced->table, "sales");
  EXPECT_EQ(replaced->table_rows, 1);
  EXPECT_EQ(replaced->columns.size(), 2u);
}

TEST_F(ImporterTest, AppendMatchesColumnsByName) {
  ASSERT_TRUE(Import({Write("sales.csv", kSalesCsv)}).ok());
  ImportOptions options;
  options.table = "sales";
  options.append = true;
  // Other column order; integer prices fit the table's floating type.
  auto report = Import(
      {Write("more.csv",
             "note,sold_on,price,product,id\nnew,2024-05-06,3,fig,4\n,2024-05-07,4,date,5\n")},
      options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->created);
  EXPECT_EQ(report->rows_imported, 2);
  EXPECT_EQ(report->table_rows, 5);
  EXPECT_EQ(Value("SELECT product FROM sales WHERE id = 5"), "date");
  EXPECT_EQ(Value("SELECT typeof(price) FROM sales LIMIT 1"), "DOUBLE");
}

TEST_F(ImporterTest, AppendReportsMismatches) {
  ASSERT_TRUE(Import({Write("sales.csv", kSalesCsv)}).ok());
  ImportOptions options;
  options.table = "sales";
  options.append = true;
  std::string missing =
      ExpectFailure(StatusCode::kInvalidArgument,
                    {Write("m.csv", "id,product,price,sold_on\n4,fig,3,2024-05-06\n")}, options);
  EXPECT_THAT(missing, HasSubstr("missing column(s) 'note'"));
  std::string extra = ExpectFailure(
      StatusCode::kInvalidArgument,
      {Write("e.csv", "id,product,price,sold_on,note,color\n4,fig,3,2024-05-06,x,red\n")}, options);
  EXPECT_THAT(extra, HasSubstr("extra column(s) 'color'"));
  std::string date = ExpectFailure(
      StatusCode::kInvalidArgument,
      {Write("d.csv", "id,product,price,sold_on,note\n4,fig,3,next tuesday,x\n")}, options);
  EXPECT_THAT(date, HasSubstr("column 'sold_on'"));
  EXPECT_THAT(date, HasSubstr("next tuesday"));
  std::string fraction = ExpectFailure(
      StatusCode::kInvalidArgument,
      {Write("f.csv", "id,product,price,sold_on,note\n4.5,fig,3,2024-05-06,x\n")}, options);
  EXPECT_THAT(fraction, HasSubstr("column 'id'"));
  EXPECT_THAT(fraction, HasSubstr("BIGINT"));
}

TEST_F(ImporterTest, AppendToMissingTableIsNotFound) {
  ImportOptions options;
  options.table = "nowhere";
  options.append = true;
  ExpectFailure(StatusCode::kNotFound, {Write("a.csv", "x\n1\n")}, options);
}

TEST_F(ImporterTest, FailedAppendOfManyFilesChangesNothing) {
  ASSERT_TRUE(writer_
                  ->Execute("CREATE TABLE keyed (id BIGINT PRIMARY KEY, v VARCHAR);"
                            "INSERT INTO keyed VALUES (1, 'one')")
                  .ok());
  ImportOptions options;
  options.table = "keyed";
  options.append = true;
  // The second file repeats key 1: the insert fails after the first file's
  // rows went in, and the transaction takes them out again.
  const std::string good = Write("good.csv", "id,v\n2,two\n3,three\n");
  const std::string dup = Write("dup.csv", "id,v\n1,again\n");
  std::string status = ExpectFailure(StatusCode::kInvalidArgument, {good, dup}, options);
  EXPECT_THAT(status, HasSubstr("keyed"));
  EXPECT_THAT(status, HasSubstr("dup.csv"));
  EXPECT_EQ(Value("SELECT count(*) FROM keyed"), "1");
}

TEST_F(ImporterTest, FilesThatAreNotTables) {
  ASSERT_TRUE(Import({Write("base.csv", kSalesCsv)}).ok());  // something to keep intact
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
  ExpectFailure(StatusCode::kInvalidArgument, {Write("garbage.csv", garbage)});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("garbage.bin", garbage)});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("empty.csv", "")});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("blank.csv", "  \n\n \n")});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("header.csv", "id,name\n")});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("scalar.json", "42\n")});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("list.json", "[1, 2, 3]")});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("nothing.json", "[]")});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("broken.json", "{\"a\": 1,")});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("bad.parquet", "PAR1" + garbage)});
  ExpectFailure(StatusCode::kInvalidArgument, {Write("text.parquet", "a,b\n1,2\n")});
  std::string prose = ExpectFailure(
      StatusCode::kInvalidArgument,
      {Write(
          "notes.txt",
          "This is a letter, not a table.\nIt goes on for a while.\nKind regards, the author.\n")});
  EXPECT_THAT(prose, HasSubstr("plain text"));
  std::string ragged =
      ExpectFailure(StatusCode::kInvalidArgument, {Write("ragged.csv", "a;b;c\n1;2\n3;4;5;6;7\n")});
  EXPECT_THAT(ragged, HasSubstr("first 2 line(s)"));
  // Text the CSV reader gives up on; its message quotes the 3 MB line, which
  // must not reach the user.
  std::string unreadable = ExpectFailure(StatusCode::kInvalidArgument,
                                         {Write("long.csv", "h\n" + std::string(3'000'000, 'x'))});
  EXPECT_THAT(unreadable, HasSubstr("cannot be read as CSV"));
  EXPECT_LT(unreadable.size(), 1000u);
  ExpectFailure(StatusCode::kInvalidArgument, {Write("objects.json", "[{}, {}]")});
  ExpectFailure(StatusCode::kNotFound, {(dir_ / "missing.csv").string()});
  fs::create_directories(dir_ / "folder.csv");
  ExpectFailure(StatusCode::kInvalidArgument, {(dir_ / "folder.csv").string()});
  ExpectFailure(StatusCode::kInvalidArgument, {});
}

TEST_F(ImporterTest, TitleLinesAboveTheHeaderAreSkipped) {
  auto report = Import({Write("report.csv", "Sales report Q1\n\nid,name\n1,a\n2,b\n")});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->table_rows, 2);
  EXPECT_EQ(report->columns[0].name, "id");
}

TEST_F(ImporterTest, SingleColumnTablesAreAccepted) {
  auto ids = Import({Write("ids.csv", "customer_id\n17\n42\n")});
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(ids->table_rows, 2);
  auto names = Import({Write("names.csv", "city\nBoston\nLyon\n")});
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_EQ(names->columns[0].name, "city");
}

TEST_F(ImporterTest, QuotesInNamesAreNotSql) {
  const std::string file = Write("it's \"x\"; DROP TABLE t; --.csv", "a,b\n1,2\n");
  auto report = Import({file});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->table, "it_s_x_drop_table_t");
  for (const char* bad : {"t\"; DROP TABLE it_s_x_drop_table_t; --", "a b", "x'y", "1abc", "",
                          "select", "caf\xC3\xA9"}) {
    ImportOptions options;
    options.table = bad;
    if (std::string(bad).empty()) continue;  // empty means "derive from the file"
    ExpectFailure(StatusCode::kInvalidArgument, {file}, options);
  }
  EXPECT_EQ(Value("SELECT count(*) FROM it_s_x_drop_table_t"), "1");
}

TEST_F(ImporterTest, GlobCharactersAreLiteral) {
  Write("data1.csv", "n\n100\n");
  auto report = Import({Write("data[1].csv", "n\n1\n")});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->table, "data_1");
  EXPECT_EQ(Value("SELECT sum(n) FROM data_1"), "1");
  Write("qa.csv", "n\n100\n");
  auto question = Import({Write("q?.csv", "n\n2\n")});
  ASSERT_TRUE(question.ok()) << question.status();
  EXPECT_EQ(Value("SELECT sum(n) FROM q"), "2");
}

TEST_F(ImporterTest, LateValuesWidenTheType) {
  // DuckDB types CSV columns from a sample of the first rows; a text value
  // after it must not fail the import.
  std::string csv = "id,code\n";
  for (int i = 0; i < 30000; ++i) csv += std::to_string(i) + "," + std::to_string(i) + "\n";
  csv += "30000,N/A\n";
  auto report = Import({Write("late.csv", csv)});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->table_rows, 30001);
  EXPECT_EQ(report->columns[1].type.id, TypeId::kText);
}

}  // namespace
}  // namespace scry::engine
