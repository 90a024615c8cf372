// Parse-and-compile benchmark: how long scry takes to understand a question,
// from its text to the SQL it would run (nlq::Parser::Parse, then
// sql::Compile: the stages of conversation::Pipeline before the guard and the
// run), against how long running that SQL on the demo warehouse takes.
// Understanding a question should cost a small fraction of answering it; the
// target is a 99th percentile under 5 ms per question.
//
//   parse_bench [--eval-dir DIR] [--golden-dir DIR] [--warehouse PATH]
//               [--rows N] [--runs R] [--slowest K] [--check]
//
// Question sets, each question timed once to warm up and then R times, its
// median kept; each set summarised as median and 99th percentile:
//   spider  the Spider eval questions, each against a model bootstrapped from
//           its own SQLite database as `scry eval` does (eval_timing.h);
//   sparc   the SParC conversations turn by turn, with context;
//   golden  tests/golden/*.golden against the demo warehouse's model, turns in
//           order with their previous turn, a clarification answered with the
//           case's choice.
// The baseline, measured in the same run: the golden questions' SQL, through
// the guard, run on the demo warehouse (DuckDB; generated when missing by
// `scry demo-data`'s code, with the golden tests' seed and end date, so the
// golden questions read as they do in the tests).
//
// Fails when a golden question that should be understood produces no SQL or
// SQL that does not run; with --check, also when the p99 misses the target.
// A missing eval suite is skipped.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/dataset.h"
#include "app/warehouse.h"
#include "bench/bench_util.h"
#include "bench/eval_timing.h"
#include "bench/question_timing.h"
#include "common/clock.h"
#include "conversation/pipeline.h"
#include "engine/duckdb/demo_data.h"
#include "golden/golden_file.h"
#include "nlq/parser.h"
#include "sql/dialect.h"
#include "sql/guard.h"

namespace scry::bench {
namespace {

namespace fs = std::filesystem;

constexpr double kTargetP99Ms = 5;
// The golden tests' "today" and demo warehouse seed (tests/golden/golden_warehouse.cc).
constexpr CivilDate kToday{2025, 11, 24};
constexpr uint64_t kGoldenSeed = 7;

struct BenchOptions {
  std::string eval_dir = fs::path(SCRY_DEFAULT_EVAL_DIR).lexically_normal().string();
  std::string golden_dir = SCRY_DEFAULT_GOLDEN_DIR;
  std::string warehouse;  // empty: a fresh one in a temporary directory
  int64_t rows = 200'000;
  int runs = 5;
  int slowest = 5;
  bool check = false;
};

// A golden turn that produced SQL: the baseline runs it.
struct GoldenSql {
  std::string where;
  std::string sql;
  double parse_ms = 0;
};

StatusOr<std::vector<golden::GoldenFile>> LoadGoldenFiles(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".golden") paths.push_back(entry.path().string());
  }
  if (error || paths.empty()) {
    return NotFoundError(fmt::format("no .golden files in '{}'", directory));
  }
  std::sort(paths.begin(), paths.end());
  std::vector<golden::GoldenFile> files;
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(golden::GoldenFile file, golden::ReadGoldenFile(path));
    files.push_back(std::move(file));
  }
  return files;
}

// Times every golden turn, with the previous understood turn as context as the
// golden test asks them. Collects the SQL to run, and in `failures` each turn
// the file says is understood that produced none.
SetTimings TimeGolden(const std::vector<golden::GoldenFile>& files,
                      const QuestionCompiler& compiler, int runs, std::vector<GoldenSql>* produced,
                      std::vector<std::string>* failures) {
  SetTimings set("golden");
  for (const golden::GoldenFile& file : files) {
    const std::string name = fs::path(file.path).filename().string();
    for (const golden::Case& golden_case : file.cases) {
      std::optional<nlq::PreviousTurn> previous;
      for (const golden::Turn& turn : golden_case.turns) {
        std::string where = fmt::format("{}:{} ({})", name, turn.line, golden_case.name);
        double ms = 0;
        Understood understood = TimeUnderstanding(
            compiler, turn.question, previous ? &*previous : nullptr, turn.choice, runs, &ms);
        if (!understood.sql.empty()) {
          produced->push_back(GoldenSql{where, understood.sql, ms});
        } else if (turn.understood) {
          failures->push_back(fmt::format(
              "{}: \"{}\" produced no SQL{}", where, turn.question,
              understood.compile_status.ok() ? "" : ": " + understood.compile_status.ToString()));
        }
        set.Add(understood, ms, std::move(where), turn.question);
        if (understood.query) {
          previous = nlq::PreviousTurn{turn.question, std::move(*understood.query)};
        }
      }
    }
  }
  return set;
}

struct RunTimings {
  std::vector<double> parse_ms;  // of the questions whose SQL ran
  std::vector<double> guard_ms;
  std::vector<double> run_ms;
};

// The baseline: each golden SQL through the guard, then run as the pipeline
// runs it (its default limits, the result collected). Timed like the parse.
RunTimings RunGoldenSql(const std::vector<GoldenSql>& produced, const sql::Guard& guard,
                        const sql::GuardPolicy& policy, engine::Connection& connection, int runs,
                        std::vector<std::string>* failures) {
  const conversation::PipelineOptions pipeline{};
  RunTimings timings;
  for (const GoldenSql& golden : produced) {
    StatusOr<sql::CheckedSql> checked = InternalError("not checked");
    const double guard_ms =
        MedianMilliseconds(runs, [&] { checked = guard.Check(golden.sql, policy); });
    if (!checked.ok()) {
      failures->push_back(fmt::format("{}: guard: {}", golden.where, checked.status().ToString()));
      continue;
    }
    StatusOr<engine::ResultSet> result = InternalError("not run");
    const double run_ms = MedianMilliseconds(
        runs, [&] { result = connection.Query(checked->sql, pipeline.execute, pipeline.collect); });
    if (!result.ok()) {
      failures->push_back(fmt::format("{}: run: {}", golden.where, result.status().ToString()));
      continue;
    }
    timings.parse_ms.push_back(golden.parse_ms);
    timings.guard_ms.push_back(guard_ms);
    timings.run_ms.push_back(run_ms);
  }
  return timings;
}

// The golden set and the baseline: the warehouse opened read-only and its
// model bootstrapped as `scry ask` does (app/dataset.h), the golden questions
// timed against it, then their SQL checked and run.
Status TimeGoldenAndRun(const BenchOptions& options, const std::vector<golden::GoldenFile>& files,
                        const Clock& clock, std::vector<SetTimings>* sets, RunTimings* run,
                        std::vector<std::string>* failures) {
  ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> warehouse,
                   app::OpenWarehouse(options.warehouse));
  ASSIGN_OR_RETURN(semantic::Model model, app::BootstrapWarehouseModel(*warehouse, "demo"));
  const nlq::Parser parser(model);
  const std::unique_ptr<sql::Dialect> dialect = sql::MakeDialect(warehouse->name());
  if (dialect == nullptr) {
    return UnimplementedError(fmt::format("no SQL dialect for the {} engine", warehouse->name()));
  }
  const QuestionCompiler compiler(model, parser, *dialect, clock);
  std::vector<GoldenSql> produced;
  sets->push_back(TimeGolden(files, compiler, options.runs, &produced, failures));

  ASSIGN_OR_RETURN(std::unique_ptr<sql::Guard> guard, sql::Guard::Create());
  sql::GuardPolicy policy;
  for (const semantic::TableModel& table : model.tables)
    policy.allowed_tables.push_back(table.name);
  ASSIGN_OR_RETURN(std::unique_ptr<engine::Connection> connection, warehouse->Connect());
  *run = RunGoldenSql(produced, *guard, policy, *connection, options.runs, failures);
  std::cout << fmt::format("golden SQL on the demo warehouse ({}): {} of {} ran\n",
                           warehouse->name(), run->run_ms.size(), produced.size());
  return Status::Ok();
}

void PrintRow(const std::string& name, const std::vector<double>& ms, int64_t with_sql,
              int64_t clarifications, int64_t not_understood, int64_t not_compiled) {
  const Distribution d = Describe(ms);
  std::cout << fmt::format("{:<8} {:>9} {:>6} {:>8} {:>8} {:>8} {:>10.3f} {:>10.3f} {:>10.3f}\n",
                           name, ms.size(), with_sql, clarifications, not_understood, not_compiled,
                           d.median, d.p99, d.max);
}

// The per-set table, the overall row and the slowest questions; returns the
// overall distribution.
Distribution PrintSets(const std::vector<SetTimings>& sets, int slowest) {
  std::cout << fmt::format("\n{:<8} {:>9} {:>6} {:>8} {:>8} {:>8} {:>10} {:>10} {:>10}\n", "set",
                           "questions", "SQL", "clarify", "unknown", "no SQL", "median ms",
                           "p99 ms", "max ms");
  std::vector<double> all_ms;
  std::vector<const QuestionTime*> all_questions;
  int64_t totals[4] = {0, 0, 0, 0};
  for (const SetTimings& set : sets) {
    const std::vector<double> ms = set.Milliseconds();
    PrintRow(set.name, ms, set.with_sql, set.clarifications, set.not_understood, set.not_compiled);
    all_ms.insert(all_ms.end(), ms.begin(), ms.end());
    for (const QuestionTime& question : set.questions) all_questions.push_back(&question);
    totals[0] += set.with_sql;
    totals[1] += set.clarifications;
    totals[2] += set.not_understood;
    totals[3] += set.not_compiled;
  }
  PrintRow("all", all_ms, totals[0], totals[1], totals[2], totals[3]);
  std::cout << "(SQL: compiled; clarify: a clarification left unanswered; unknown: not "
               "understood; no SQL: understood, not compiled)\n";
  const size_t shown = std::min(all_questions.size(), static_cast<size_t>(slowest));
  std::partial_sort(all_questions.begin(), all_questions.begin() + shown, all_questions.end(),
                    [](const QuestionTime* a, const QuestionTime* b) { return a->ms > b->ms; });
  if (shown > 0) std::cout << "slowest:\n";
  for (size_t i = 0; i < shown; ++i) {
    const QuestionTime& question = *all_questions[i];
    std::cout << fmt::format("  {:>7.3f} ms  {}: \"{}\"\n", question.ms, question.where,
                             question.question);
  }
  return Describe(std::move(all_ms));
}

Status RunBenchmark(BenchOptions options) {
  const FixedClock clock(kToday);
  std::cout << fmt::format(
      "parse+compile: question text to SQL (nlq::Parser::Parse + sql::Compile), "
      "per question the median of {} runs after one warm-up\n",
      options.runs);
  // The golden files first: a missing folder should not cost a warehouse.
  ASSIGN_OR_RETURN(std::vector<golden::GoldenFile> files, LoadGoldenFiles(options.golden_dir));
  ASSIGN_OR_RETURN(std::vector<SetTimings> sets,
                   TimeEvalSets(options.eval_dir, clock, options.runs));

  engine::DemoOptions demo;
  demo.rows = options.rows;
  demo.end_date = kToday;
  demo.seed = kGoldenSeed;
  std::string temporary;  // removed at the end, after the engine has closed it
  const Status prepared =
      PrepareDemoWarehouse("parse_bench", demo, &options.warehouse, &temporary, std::cout);
  const ScopedDirectory cleanup(temporary);
  RETURN_IF_ERROR(prepared);
  RunTimings run;
  std::vector<std::string> failures;
  RETURN_IF_ERROR(TimeGoldenAndRun(options, files, clock, &sets, &run, &failures));

  const Distribution overall = PrintSets(sets, options.slowest);
  const Distribution parse = Describe(run.parse_ms);
  const Distribution guard = Describe(run.guard_ms);
  const Distribution sql_run = Describe(run.run_ms);
  std::cout << fmt::format("\ngolden questions whose SQL ran ({}):\n", run.run_ms.size());
  std::cout << fmt::format("  parse+compile  median {:8.3f} ms, p99 {:8.3f} ms\n", parse.median,
                           parse.p99);
  std::cout << fmt::format("  guard check    median {:8.3f} ms, p99 {:8.3f} ms (in neither side)\n",
                           guard.median, guard.p99);
  std::cout << fmt::format("  SQL run        median {:8.3f} ms, p99 {:8.3f} ms\n\n", sql_run.median,
                           sql_run.p99);
  std::cout << fmt::format("parse+compile median: {:.3f} ms\n", overall.median);
  std::cout << fmt::format("parse+compile p99: {:.3f} ms (target < {:.0f} ms)\n", overall.p99,
                           kTargetP99Ms);
  if (!run.run_ms.empty()) {
    std::cout << fmt::format("ratio parse/run (median): {:.4f}\n", parse.median / sql_run.median);
    std::cout << fmt::format("ratio parse/run (p99): {:.4f}\n", parse.p99 / sql_run.p99);
  } else {
    std::cout << "ratio parse/run: no golden SQL ran\n";
  }

  if (!failures.empty()) {
    for (const std::string& failure : failures) std::cerr << "  " << failure << '\n';
    return InternalError(
        fmt::format("{} golden questions produced no SQL that ran", failures.size()));
  }
  std::cout << "every golden question that should be understood produced SQL that ran\n";
  if (options.check && overall.p99 >= kTargetP99Ms) {
    return FailedPreconditionError(fmt::format("parse+compile p99 {:.3f} ms is not under {:.0f} ms",
                                               overall.p99, kTargetP99Ms));
  }
  return Status::Ok();
}

}  // namespace
}  // namespace scry::bench

int main(int argc, char** argv) {
  CLI::App app("Parse-and-compile benchmark: understanding a question against answering it");
  scry::bench::BenchOptions options;
  app.add_option("--eval-dir", options.eval_dir,
                 "Eval suites (spider/, sparc/); skipped when missing");
  app.add_option("--golden-dir", options.golden_dir, "Folder of .golden files");
  app.add_option("--warehouse", options.warehouse,
                 "Demo warehouse to reuse, or to create when missing (default: a temporary one)");
  app.add_option("--rows", options.rows, "Order lines to generate when the warehouse is missing")
      ->check(CLI::Range(int64_t{1000}, int64_t{1'000'000'000}));
  app.add_option("--runs", options.runs, "Timed runs per question, after one warm-up")
      ->check(CLI::PositiveNumber);
  app.add_option("--slowest", options.slowest, "Slowest questions to list")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--check", options.check, "Exit non-zero unless the p99 is under 5 ms");
  CLI11_PARSE(app, argc, argv);
  scry::Status status = scry::bench::RunBenchmark(std::move(options));
  if (!status.ok()) {
    std::cerr << "parse_bench: " << status << '\n';
    return 1;
  }
  return 0;
}
