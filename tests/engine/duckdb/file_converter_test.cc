// DuckDbFileConverter: uploads become Parquet files with their schema and
// statistics; what is not a table is refused, naming the file as uploaded
// (never the server's copy of it), and leaves no output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/duckdb/duckdb_engine.h"
#include "engine/duckdb/duckdb_file_converter.h"
#include "engine/duckdb/duckdb_writer.h"

namespace scry::engine {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class FileConverterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("scry_convert_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Input() const { return (dir_ / "upload").string(); }
  std::string Output() const { return (dir_ / "out.parquet").string(); }

  void WriteInput(const std::string& content) {
    std::ofstream(Input(), std::ios::binary) << content;
  }

  StatusOr<ConvertedFile> Convert(const std::string& file_name, const std::string& format = "",
                                  DuckDbConverterOptions options = {}) {
    DuckDbFileConverter converter(options);
    return converter.Convert({Input(), file_name, format, Output()});
  }

  // Converts a file that must be refused with InvalidArgument; checks that
  // nothing is left but the upload, and returns the message.
  std::string ExpectRefused(const std::string& file_name, const std::string& format = "",
                            DuckDbConverterOptions options = {}) {
    StatusOr<ConvertedFile> converted = Convert(file_name, format, options);
    EXPECT_EQ(converted.status().code(), StatusCode::kInvalidArgument) << converted.status();
    EXPECT_FALSE(fs::exists(Output()));
    EXPECT_FALSE(fs::exists(dir_ / "spill"));
    const std::string message(converted.status().message());
    if (getenv("SCRY_SHOW_ERRORS")) std::printf("  %s\n", message.c_str());
    EXPECT_THAT(message, Not(HasSubstr(dir_.string()))) << "the server's path leaked";
    return message;
  }

  // The rows of `sql` over the converted file, read the way a question reads
  // it: a locked-down engine with the folder readable and the converter's source.
  std::vector<std::string> ReadBack(const std::string& select) {
    DuckDbOptions options;
    options.readable_directories = {dir_.string()};
    auto engine = DuckDbEngine::Open(options);
    EXPECT_TRUE(engine.ok()) << engine.status();
    if (!engine.ok()) return {};
    auto connection = (*engine)->Connect();
    const std::string source = DuckDbFileConverter().SourceSql(Output());
    auto result = (*connection)->Query(select + " FROM " + source + " t");
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<std::string> rows;
    for (size_t r = 0; result.ok() && r < result->row_count(); ++r) {
      std::string row;
      for (size_t c = 0; c < result->column_count(); ++c) {
        if (c > 0) row += '|';
        row += FormatValue(result->column(c), r);
      }
      rows.push_back(row);
    }
    return rows;
  }

  fs::path dir_;
};

TEST_F(FileConverterTest, CsvBecomesParquetWithItsSchemaAndValues) {
  WriteInput("region,target\nEurope,500\nAmericas,300\nAsia,100\nEurope,50\n");
  StatusOr<ConvertedFile> converted = Convert("Targets 2025.csv");
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(converted->format, "csv");
  EXPECT_EQ(converted->row_count, 4);
  const TableSchema& table = converted->table;
  EXPECT_EQ(table.name, "targets_2025");
  EXPECT_EQ(table.row_count, 4);
  ASSERT_EQ(table.columns.size(), 2u);
  EXPECT_EQ(table.columns[0].name, "region");
  EXPECT_EQ(table.columns[0].type.id, TypeId::kText);
  EXPECT_EQ(table.columns[0].distinct_count, 3);
  ASSERT_FALSE(table.columns[0].top_values.empty());
  EXPECT_EQ(table.columns[0].top_values[0].value, "Europe");
  EXPECT_EQ(table.columns[0].top_values[0].count, 2);
  EXPECT_EQ(table.columns[1].name, "target");
  EXPECT_EQ(table.columns[1].type.id, TypeId::kInteger);
  EXPECT_TRUE(fs::exists(Output()));
  EXPECT_FALSE(fs::exists(dir_ / "spill"));
}

TEST_F(FileConverterTest, ReadBackThroughTheSource) {
  WriteInput("region,target\nEurope,500\nAsia,100\n");
  ASSERT_TRUE(Convert("targets.csv").ok());
  EXPECT_THAT(ReadBack("SELECT sum(target), count(*)"), ::testing::ElementsAre("600|2"));
}

TEST_F(FileConverterTest, ParquetAndJsonAreTables) {
  {
    auto writer = DuckDbWriter::Open("");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(
        (*writer)
            ->Execute("COPY (SELECT range AS id, 'x' || range AS label FROM range(5)) TO '" +
                      Input() + "' (FORMAT parquet)")
            .ok());
  }
  StatusOr<ConvertedFile> parquet = Convert("items.parquet");
  ASSERT_TRUE(parquet.ok()) << parquet.status();
  EXPECT_EQ(parquet->format, "parquet");
  EXPECT_EQ(parquet->row_count, 5);
  EXPECT_EQ(parquet->table.name, "items");

  WriteInput(R"([{"city": "Oslo", "people": 700000}, {"city": "Lima", "people": 10000000}])");
  StatusOr<ConvertedFile> json = Convert("cities.json");
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->format, "json");
  EXPECT_EQ(json->row_count, 2);
  EXPECT_THAT(ReadBack("SELECT city"), ::testing::ElementsAre("Oslo", "Lima"));

  WriteInput("{\"a\": 1}\n{\"a\": 2}\n");
  StatusOr<ConvertedFile> lines = Convert("events.ndjson");
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_EQ(lines->row_count, 2);
}

TEST_F(FileConverterTest, FormatComesFromTheRequestThenTheNameThenTheContent) {
  WriteInput("a;b\n1;2\n");
  StatusOr<ConvertedFile> unnamed = Convert("export");
  ASSERT_TRUE(unnamed.ok()) << unnamed.status();
  EXPECT_EQ(unnamed->format, "csv");
  EXPECT_EQ(unnamed->table.columns.size(), 2u);
  WriteInput(R"([{"a": 1}])");
  StatusOr<ConvertedFile> told = Convert("data.txt", "json");
  ASSERT_TRUE(told.ok()) << told.status();
  EXPECT_EQ(told->format, "json");
}

TEST_F(FileConverterTest, FilesThatAreNotTablesAreRefused) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 24);
  WriteInput(png);
  EXPECT_THAT(ExpectRefused("photo.png"), HasSubstr("'photo.png' is not a CSV, Parquet or JSON"));
  EXPECT_THAT(ExpectRefused("photo.csv"), HasSubstr("'photo.csv' is a binary file"));
  EXPECT_THAT(ExpectRefused("photo"), HasSubstr("'photo' is a binary file"));
  EXPECT_THAT(ExpectRefused("photo.parquet"), HasSubstr("not a Parquet file"));

  WriteInput("");
  EXPECT_THAT(ExpectRefused("empty.csv"), HasSubstr("'empty.csv' is empty"));
  WriteInput("   \n\n");
  EXPECT_THAT(ExpectRefused("blank.csv"), HasSubstr("only blank space"));
  WriteInput("region,target\n");
  EXPECT_THAT(ExpectRefused("header.csv"), HasSubstr("no data rows"));
  WriteInput("Dear team,\nplease find the numbers below. Thanks!\nBest regards; Ann.\n");
  EXPECT_THAT(ExpectRefused("letter.txt"), HasSubstr("letter.txt"));

  WriteInput("42");
  EXPECT_THAT(ExpectRefused("answer.json"), HasSubstr("'answer.json'"));
  WriteInput("[[1, 2], [3, 4]]");
  EXPECT_THAT(ExpectRefused("matrix.json"), HasSubstr("not a table"));
  WriteInput("{\"a\": ");
  EXPECT_THAT(ExpectRefused("broken.json"), HasSubstr("'broken.json'"));
}

TEST_F(FileConverterTest, BinaryGarbageIsRefused) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
  WriteInput(garbage);
  EXPECT_THAT(ExpectRefused("data.csv"), HasSubstr("'data.csv'"));
  EXPECT_THAT(ExpectRefused("data.json"), HasSubstr("'data.json'"));
  EXPECT_THAT(ExpectRefused("data.parquet"), HasSubstr("'data.parquet'"));
}

TEST_F(FileConverterTest, CompressedUnknownAndBadFormatsAreRefused) {
  WriteInput("a,b\n1,2\n");
  EXPECT_THAT(ExpectRefused("data.csv.gz"), HasSubstr("compressed"));
  EXPECT_THAT(ExpectRefused("report.xlsx"), HasSubstr("unknown extension '.xlsx'"));
  EXPECT_THAT(ExpectRefused("data.csv", "excel"), HasSubstr("not one of csv, parquet, json"));
}

TEST_F(FileConverterTest, TooManyColumnsAreRefused) {
  WriteInput("a,b,c,d\n1,2,3,4\n");
  DuckDbConverterOptions options;
  options.max_columns = 3;
  EXPECT_THAT(ExpectRefused("wide.csv", "", options), HasSubstr("'wide.csv' has 4 columns"));
  options.max_columns = 4;
  EXPECT_TRUE(Convert("wide.csv", "", options).ok());
}

TEST_F(FileConverterTest, RequestMustKeepBothFilesInOneFolder) {
  WriteInput("a\n1\n");
  DuckDbFileConverter converter;
  auto converted = converter.Convert({Input(), "a.csv", "", "/tmp/elsewhere.parquet"});
  EXPECT_EQ(converted.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(FileConverterTest, SourceEscapesGlobCharactersAndQuotes) {
  const std::string source = DuckDbFileConverter().SourceSql("/srv/it's/a[1]*.parquet");
  EXPECT_EQ(source, "read_parquet('/srv/it''s/a[[]1][*].parquet')");
}

}  // namespace
}  // namespace scry::engine
