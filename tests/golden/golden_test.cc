// Golden tests of the question parser and the SQL compiler: every case in
// tests/golden/*.golden is asked on the demo warehouse (see golden_file.h for
// the format); its clarification, restatement, follow-up decision and SQL per
// dialect must match, the SQL must run on DuckDB and on SQLite, and the two
// engines must return the same rows.
//
// SCRY_GOLDEN_UPDATE=1 rewrites the files with what the parser does now, for
// reviewing the difference with git diff.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/clock.h"
#include "engine/result_set.h"
#include "golden/golden_file.h"
#include "golden/golden_warehouse.h"
#include "nlq/parser.h"
#include "sql/compiler.h"
#include "sql/dialect.h"
#include "sql/guard.h"

namespace scry::golden {
namespace {

namespace fs = std::filesystem;

GoldenWarehouse* warehouse = nullptr;

class WarehouseEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto built = BuildGoldenWarehouse(fs::temp_directory_path().string());
    ASSERT_TRUE(built.ok()) << built.status();
    warehouse = built->release();
  }
  void TearDown() override {
    const std::string directory = warehouse->directory;
    delete warehouse;
    fs::remove_all(directory);
  }
};

const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new WarehouseEnvironment);  // NOLINT: owned by gtest

std::vector<std::string> GoldenFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(std::string(SCRY_SOURCE_DIR) + "/tests/golden")) {
    if (entry.path().extension() == ".golden") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A result as rows of cells, sorted, so two engines can be compared: numbers
// as doubles (compared with a relative tolerance: SQLite adds REALs where
// DuckDB adds exact decimals), everything else as text.
struct Cell {
  bool number = false;
  double value = 0;
  std::string text;
};
using Rows = std::vector<std::vector<Cell>>;

Rows Canonical(const engine::ResultSet& result) {
  Rows rows(result.row_count());
  for (size_t r = 0; r < result.row_count(); ++r) {
    for (size_t c = 0; c < result.column_count(); ++c) {
      const engine::Column& column = result.column(c);
      Cell cell;
      if (column.IsNull(r)) {
        cell.text = "NULL";
      } else if (IsNumeric(column.type().id)) {
        cell.number = true;
        cell.value = column.NumberAt(r);
      } else {
        cell.text = engine::FormatValue(column, r);
        if (cell.text.size() > 10 && cell.text.ends_with(" 00:00:00")) cell.text.resize(10);
      }
      rows[r].push_back(cell);
    }
  }
  // Sort on the text cells first, then on the numbers, so near-equal numbers
  // from two engines land in the same place. (Numbers rounded to 4 digits as
  // sort keys did not: a sum a hair under a rounding boundary in one engine
  // and a hair over it in the other gets two different keys.)
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    for (size_t c = 0; c < a.size(); ++c) {
      if (a[c].number || b[c].number) continue;
      if (a[c].text != b[c].text) return a[c].text < b[c].text;
    }
    for (size_t c = 0; c < a.size(); ++c) {
      if (a[c].number != b[c].number) return a[c].number < b[c].number;
    }
    for (size_t c = 0; c < a.size(); ++c) {
      if (a[c].number && b[c].number && a[c].value != b[c].value) return a[c].value < b[c].value;
    }
    return false;
  });
  return rows;
}

// Empty when equal; otherwise the first difference in words.
std::string Difference(const Rows& a, const Rows& b) {
  if (a.size() != b.size()) return fmt::format("{} rows vs {}", a.size(), b.size());
  for (size_t r = 0; r < a.size(); ++r) {
    if (a[r].size() != b[r].size()) return "different column counts";
    for (size_t c = 0; c < a[r].size(); ++c) {
      const Cell& x = a[r][c];
      const Cell& y = b[r][c];
      const bool same = x.number && y.number
                            ? std::fabs(x.value - y.value) <=
                                  1e-6 * std::max({1.0, std::fabs(x.value), std::fabs(y.value)})
                            : x.text == y.text && x.number == y.number;
      if (!same) {
        return fmt::format("row {} column {}: {} vs {}", r, c,
                           x.number ? fmt::format("{}", x.value) : x.text,
                           y.number ? fmt::format("{}", y.value) : y.text);
      }
    }
  }
  return "";
}

struct TurnResult {
  Turn actual;
  semantic::SemanticQuery query;
  bool has_query = false;
};

StatusOr<engine::ResultSet> Run(engine::Engine& engine, const std::string& sql) {
  sql::GuardPolicy policy;
  for (const auto& table : warehouse->model.tables) policy.allowed_tables.push_back(table.name);
  ASSIGN_OR_RETURN(auto guard, sql::Guard::Create());
  ASSIGN_OR_RETURN(sql::CheckedSql checked, guard->Check(sql, policy));
  ASSIGN_OR_RETURN(auto connection, engine.Connect());
  engine::CollectOptions collect;
  collect.max_rows = 100'000;
  return connection->Query(checked.sql, {}, collect);
}

TurnResult Ask(const nlq::Parser& parser, const Turn& expected, const nlq::PreviousTurn* previous,
               const std::string& where) {
  TurnResult out;
  out.actual.question = expected.question;
  out.actual.choice = expected.choice;
  const FixedClock clock(CivilDate{2025, 11, 24});
  nlq::ParseResult parse = parser.Parse(expected.question, clock, previous);
  if (parse.kind == nlq::ParseResult::Kind::kClarification) {
    out.actual.clarification = parse.clarification.question;
    const auto& choices = parse.clarification.choices;
    auto chosen = std::find_if(choices.begin(), choices.end(),
                               [&](const auto& c) { return c.label == expected.choice; });
    if (chosen == choices.end()) {
      ADD_FAILURE() << where << ": clarification \"" << out.actual.clarification
                    << "\" has no choice labelled \"" << expected.choice << "\"";
      return out;
    }
    parse.kind = nlq::ParseResult::Kind::kQuery;
    parse.query = chosen->query;
    parse.interpretation = chosen->interpretation;
  }
  if (parse.kind == nlq::ParseResult::Kind::kNotUnderstood) {
    out.actual.understood = false;
    return out;
  }
  out.actual.restatement = parse.interpretation.restatement;
  out.actual.follow_up = parse.interpretation.follow_up;
  out.query = parse.query;
  out.has_query = true;
  for (const char* name : {"duckdb", "sqlite"}) {
    auto dialect = sql::MakeDialect(name);
    auto compiled = sql::Compile(parse.query, warehouse->model, *dialect);
    // A dialect that cannot express a query says so; the expectation pins
    // the message (median on SQLite).
    std::string& sql =
        std::string(name) == "duckdb" ? out.actual.duckdb_sql : out.actual.sqlite_sql;
    sql =
        compiled.ok() ? compiled->sql : "unsupported: " + std::string(compiled.status().message());
  }
  const bool duck_ran = !out.actual.duckdb_sql.starts_with("unsupported:");
  const bool lite_ran = !out.actual.sqlite_sql.starts_with("unsupported:");
  auto duck = duck_ran ? Run(*warehouse->duckdb, out.actual.duckdb_sql)
                       : StatusOr<engine::ResultSet>(UnimplementedError("not compiled"));
  auto lite = lite_ran ? Run(*warehouse->sqlite, out.actual.sqlite_sql)
                       : StatusOr<engine::ResultSet>(UnimplementedError("not compiled"));
  if ((duck_ran && !duck.ok()) || (lite_ran && !lite.ok()) || (!duck_ran && !lite_ran)) {
    ADD_FAILURE() << where << ": run: duckdb " << duck.status() << ", sqlite " << lite.status();
    return out;
  }
  out.actual.rows = static_cast<int64_t>(duck_ran ? duck->row_count() : lite->row_count());
  if (duck_ran && lite_ran) {
    EXPECT_EQ(Difference(Canonical(*duck), Canonical(*lite)), "")
        << where << ": DuckDB and SQLite disagree";
  }
  return out;
}

void Compare(const Turn& expected, const Turn& actual, const std::string& where) {
  EXPECT_EQ(actual.clarification, expected.clarification) << where;
  EXPECT_EQ(actual.understood, expected.understood) << where;
  if (!expected.understood) return;
  EXPECT_EQ(actual.restatement, expected.restatement) << where;
  if (expected.follow_up) EXPECT_EQ(actual.follow_up, expected.follow_up) << where;
  EXPECT_EQ(actual.duckdb_sql, expected.duckdb_sql) << where << ": duckdb SQL";
  EXPECT_EQ(actual.sqlite_sql, expected.sqlite_sql) << where << ": sqlite SQL";
  if (expected.rows) EXPECT_EQ(actual.rows, expected.rows) << where << ": rows";
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, EveryCaseReadsAndRuns) {
  auto file = ReadGoldenFile(GetParam());
  ASSERT_TRUE(file.ok()) << file.status();
  const nlq::Parser parser(warehouse->model);
  const bool update = std::getenv("SCRY_GOLDEN_UPDATE") != nullptr;
  for (Case& c : file->cases) {
    std::optional<nlq::PreviousTurn> previous;
    for (Turn& turn : c.turns) {
      const std::string where =
          fmt::format("{}:{} ({}: \"{}\")", fs::path(GetParam()).filename().string(), turn.line,
                      c.name, turn.question);
      TurnResult result = Ask(parser, turn, previous ? &*previous : nullptr, where);
      if (update) {
        result.actual.line = turn.line;
        // The follow-up decision is pinned for every turn after the first.
        if (!previous) result.actual.follow_up.reset();
        turn = result.actual;
      } else {
        Compare(turn, result.actual, where);
      }
      if (result.has_query) previous = nlq::PreviousTurn{turn.question, result.query};
    }
  }
  if (update) std::ofstream(GetParam()) << FormatGoldenFile(*file);
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenTest, ::testing::ValuesIn(GoldenFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = fs::path(info.param).stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace scry::golden
