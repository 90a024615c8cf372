// End-to-end tests of the scry program: each test runs the real binary in a
// child process against a small generated warehouse and checks its output,
// its error messages and its exit code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/output_format.h"

namespace scry::app {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ShellQuote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ =
        new fs::path(fs::temp_directory_path() / ("scry_cli_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    warehouse_ = new std::string((*dir_ / "w.duckdb").string());
    CliRun demo = Scry({"demo-data", "--rows", "20000", "--end-date", "2025-06-30", "--seed", "7"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete warehouse_;
    delete dir_;
  }

  // Runs scry with `args` and --warehouse pointing at the test warehouse.
  static CliRun Scry(std::vector<std::string> args, bool with_warehouse = true) {
    if (with_warehouse) {
      args.push_back("--warehouse");
      args.push_back(*warehouse_);
    }
    std::string command = ShellQuote(SCRY_BINARY);
    for (const std::string& arg : args) {
      command += ' ';
      command += ShellQuote(arg);
    }
    const fs::path out = *dir_ / "stdout.txt";
    const fs::path err = *dir_ / "stderr.txt";
    command += " >" + ShellQuote(out.string()) + " 2>" + ShellQuote(err.string());
    const int status = std::system(command.c_str());
    CliRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(out);
    run.err = ReadFile(err);
    return run;
  }

  static fs::path* dir_;
  static std::string* warehouse_;
};

fs::path* CliTest::dir_ = nullptr;
std::string* CliTest::warehouse_ = nullptr;

TEST_F(CliTest, TablesListsTheDemoSchema) {
  CliRun run = Scry({"tables"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* table :
       {"customers", "products", "stores", "orders", "order_items", "sales_targets"}) {
    EXPECT_THAT(run.out, HasSubstr(table));
  }
  EXPECT_THAT(run.out, HasSubstr("20000"));  // order_items rows
}

TEST_F(CliTest, DescribeShowsKeysAndFrequentValues) {
  CliRun run = Scry({"describe", "orders"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("primary key"));
  EXPECT_THAT(run.out, HasSubstr("→ customers.customer_id"));
  EXPECT_THAT(run.out, HasSubstr("completed"));
}

TEST_F(CliTest, DescribeUnknownTableFails) {
  CliRun run = Scry({"describe", "nope"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("no table named 'nope'"));
}

TEST_F(CliTest, SqlPrintsATable) {
  CliRun run =
      Scry({"sql", "SELECT channel, count(*) AS stores FROM stores GROUP BY 1 ORDER BY 1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("channel"));
  EXPECT_THAT(run.out, HasSubstr("Online"));
  EXPECT_THAT(run.out, HasSubstr("(3 rows"));
}

TEST_F(CliTest, SqlTableIsCappedAndSaysSo) {
  CliRun run = Scry({"sql", "SELECT * FROM order_items", "--max-rows", "5"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("showing the first 5 of 20000 rows"));
}

TEST_F(CliTest, SqlCsvStreamsEveryRow) {
  CliRun run = Scry(
      {"sql", "SELECT order_id, line_number FROM order_items ORDER BY 1, 2", "--format", "csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const size_t lines = std::count(run.out.begin(), run.out.end(), '\n');
  EXPECT_EQ(lines, 20001u);  // header + every row, no cap
  EXPECT_EQ(run.out.substr(0, run.out.find('\n')), "order_id,line_number");
}

TEST_F(CliTest, SqlJsonIsOneObject) {
  CliRun run = Scry({"sql", "SELECT 1::INTEGER AS one, 'a\"b' AS quote, NULL::DATE AS nothing",
                     "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "{\"columns\":[{\"name\":\"one\",\"type\":\"integer\"},{\"name\":\"quote\",\"type\":"
            "\"text\"},{\"name\":\"nothing\",\"type\":\"date\"}],\"rows\":[[1,\"a\\\"b\",null]],"
            "\"row_count\":1,\"total_rows\":1,\"truncated\":false}\n");
}

TEST_F(CliTest, SqlThatWritesIsRefusedByTheGuard) {
  CliRun run = Scry({"sql", "DELETE FROM orders"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("DELETE"));
  CliRun count = Scry({"sql", "SELECT count(*) AS n FROM orders", "--format", "csv"});
  ASSERT_EQ(count.exit_code, 0) << count.err;
  EXPECT_THAT(count.out, Not(HasSubstr("\n0\n")));
}

TEST_F(CliTest, SqlReadingAFileIsRefused) {
  CliRun run = Scry({"sql", "SELECT * FROM read_csv('/etc/passwd')"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("read_csv"));
}

TEST_F(CliTest, SqlSyntaxErrorIsClear) {
  CliRun run = Scry({"sql", "SELEC 1"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("syntax error"));
}

TEST_F(CliTest, MissingWarehouseSaysHowToCreateOne) {
  CliRun run = Scry({"tables", "--warehouse", (*dir_ / "absent.duckdb").string()}, false);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("scry demo-data"));
}

TEST_F(CliTest, ImportCsvThenQueryIt) {
  const fs::path csv = *dir_ / "Regional Targets.csv";
  std::ofstream(csv)
      << "region,goal,starts\nEurope,10.5,2024-01-01\nAsia Pacific,7.25,2024-02-01\n";
  CliRun run = Scry({"import", csv.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("regional_targets"));
  CliRun query = Scry({"sql", "SELECT sum(goal) AS s FROM regional_targets", "--format", "csv"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_EQ(query.out, "s\n17.75\n");

  // Appending a file whose columns do not match fails and changes nothing.
  const fs::path bad = *dir_ / "bad.csv";
  std::ofstream(bad) << "area,amount\nX,1\n";
  CliRun append = Scry({"import", bad.string(), "--table", "regional_targets", "--append"});
  EXPECT_NE(append.exit_code, 0);
  EXPECT_FALSE(append.err.empty());
  CliRun after = Scry({"sql", "SELECT count(*) AS n FROM regional_targets", "--format", "csv"});
  EXPECT_EQ(after.out, "n\n2\n");
}

TEST_F(CliTest, ImportOfAFileThatIsNotATableFails) {
  const fs::path binary = *dir_ / "noise.csv";
  std::ofstream(binary, std::ios::binary) << std::string("\x00\x01\x02\xff\xfe", 5);
  CliRun run = Scry({"import", binary.string()});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_FALSE(run.err.empty());
  CliRun tables = Scry({"tables"});
  EXPECT_THAT(tables.out, Not(HasSubstr("noise")));
}

TEST_F(CliTest, UsageErrorsExitNonZero) {
  EXPECT_NE(Scry({}, false).exit_code, 0);
  EXPECT_NE(Scry({"sql"}).exit_code, 0);
  EXPECT_NE(Scry({"demo-data", "--rows", "10"}).exit_code, 0);
  CliRun bad_date = Scry({"demo-data", "--end-date", "2025-02-30", "--rows", "1000", "--warehouse",
                          (*dir_ / "other.duckdb").string()},
                         false);
  EXPECT_NE(bad_date.exit_code, 0);
  EXPECT_THAT(bad_date.err, HasSubstr("--end-date"));
}

TEST_F(CliTest, AccountsRolesAttributesGrantsAndTokens) {
  const std::string config = (*dir_ / "accounts.yaml").string();
  {
    std::ofstream out(config);
    out << "store: {kind: sqlite, path: accounts.db}\n"
        << "spaces:\n  - id: sales\n    title: Sales\n    warehouse: " << *warehouse_ << "\n";
  }
  auto scry = [&](std::vector<std::string> args) {
    args.push_back("--config");
    args.push_back(config);
    return Scry(args, false);
  };
  EXPECT_EQ(scry({"user", "add", "ana@example.com", "--role", "admin", "--password",
                  "a long enough passphrase"})
                .exit_code,
            0);
  CliRun added = scry({"user", "add", "ben@example.com"});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("(viewer)"));
  EXPECT_NE(scry({"user", "add", "ben@example.com"}).exit_code, 0) << "the email is taken";
  EXPECT_NE(scry({"user", "add", "cy@example.com", "--role", "boss"}).exit_code, 0);

  EXPECT_EQ(scry({"user", "set-role", "ben@example.com", "author"}).exit_code, 0);
  EXPECT_EQ(scry({"user", "set-attr", "ben@example.com", "region=Europe"}).exit_code, 0);
  CliRun bad_attr = scry({"user", "set-attr", "ben@example.com", "region"});
  EXPECT_NE(bad_attr.exit_code, 0);
  EXPECT_THAT(bad_attr.err, HasSubstr("key=value"));
  CliRun list = scry({"user", "list"});
  EXPECT_THAT(list.out, HasSubstr("ben@example.com"));
  EXPECT_THAT(list.out, HasSubstr("author"));
  EXPECT_THAT(list.out, HasSubstr("region=Europe")) << "set-attr kept the role set before";

  EXPECT_EQ(scry({"grant", "add", "sales", "--user", "ben@example.com"}).exit_code, 0);
  EXPECT_EQ(scry({"grant", "add", "sales", "--group", "finance"}).exit_code, 0);
  EXPECT_NE(scry({"grant", "add", "sales"}).exit_code, 0) << "a user or a group";
  EXPECT_NE(scry({"grant", "add", "nope", "--group", "finance"}).exit_code, 0);
  CliRun grants = scry({"grant", "list", "sales"});
  EXPECT_THAT(grants.out, HasSubstr("ben@example.com"));
  EXPECT_THAT(grants.out, HasSubstr("finance"));
  EXPECT_EQ(scry({"grant", "remove", "sales", "--group", "finance"}).exit_code, 0);
  EXPECT_THAT(scry({"grant", "list", "sales"}).out, Not(HasSubstr("finance")));

  CliRun token = scry({"token", "create", "ben@example.com", "--name", "ci"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  EXPECT_THAT(token.out, HasSubstr("scry_"));
  CliRun tokens = scry({"token", "list", "ben@example.com"});
  EXPECT_THAT(tokens.out, HasSubstr("ci"));
  std::string secret = token.out;
  while (!secret.empty() && secret.back() == '\n') secret.pop_back();
  EXPECT_THAT(tokens.out, Not(HasSubstr(secret)));
  EXPECT_EQ(scry({"token", "revoke", "ben@example.com", "1"}).exit_code, 0);
  EXPECT_THAT(scry({"token", "list", "ben@example.com"}).out, HasSubstr("revoked"));
}

TEST(OutputFormatTest, CsvFieldQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
}

TEST(OutputFormatTest, TableAlignsAndReportsTruncation) {
  engine::ResultSet result({{"name", engine::ColumnType::Of(engine::TypeId::kText)},
                            {"amount", engine::ColumnType::Decimal(10, 2)}});
  result.mutable_column(0).AppendText("Zürich");
  result.mutable_column(1).AppendInt128(12345);
  result.mutable_column(0).AppendNull();
  result.mutable_column(1).AppendInt128(-5);
  result.set_total_rows(10);
  result.set_truncated(true);
  std::ostringstream out;
  WriteTable(result, out);
  EXPECT_EQ(out.str(),
            " name   | amount\n"
            "--------+--------\n"
            " Zürich | 123.45\n"
            " NULL   |  -0.05\n"
            "(showing the first 2 of 10 rows; use --max-rows N or --format csv)\n");
}

TEST(OutputFormatTest, LongValuesAreCut) {
  engine::ResultSet result({{"t", engine::ColumnType::Of(engine::TypeId::kText)}});
  result.mutable_column(0).AppendText(std::string(100, 'x'));
  result.set_total_rows(1);
  std::ostringstream out;
  TableStyle style;
  style.max_column_width = 10;
  WriteTable(result, out, style);
  EXPECT_THAT(out.str(), HasSubstr(" xxxxxxxxx…\n"));
}

}  // namespace
}  // namespace scry::app
