// compose_bench: how long composing an answer takes — the chart, the summary
// and the suggestions of a result, what conversation::Pipeline times as
// timings_ms.compose — against how long running the question's SQL takes,
// both measured in this run on the demo warehouse.
//
// For each typical question (a single number, a time series, a top list, two
// dimensions, a running total, a pie) the pipeline answers it once; then
//  - compose: the steps of Pipeline::Compose on that answer's result
//    (answer::DescribeResult, ChooseChart, Summarize, FollowUpCandidates and
//    conversation::KeepParsedSuggestions, which parses each candidate), one
//    warm-up and --reps timed repetitions; median and p99;
//  - query: the SQL the guard let through, run on the same connection as the
//    pipeline runs it (its default limits, the result collected), one warm-up
//    and --runs timed runs; median;
//  - the pipeline's own timings_ms.compose over --runs answers, as a check
//    that the steps above are what it measures.
// It prints per question the compose median and p99, the suggestions' share,
// the query median and compose/query, then the same over all questions. It
// fails when a question is not answered with the chart kind it should get;
// --check also fails it when the p99 of composing is 1 ms or more.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "answer/chart.h"
#include "answer/result_shape.h"
#include "answer/suggestions.h"
#include "answer/summary.h"
#include "app/dataset.h"
#include "app/warehouse.h"
#include "bench/bench_util.h"
#include "common/clock.h"
#include "conversation/pipeline.h"
#include "conversation/suggestions.h"
#include "engine/duckdb/demo_data.h"
#include "nlq/parser.h"
#include "sql/dialect.h"
#include "sql/guard.h"

namespace scry::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr CivilDate kToday{2025, 11, 24};
constexpr uint64_t kSeed = 7;
constexpr double kTargetMs = 1.0;

struct BenchOptions {
  std::string warehouse;  // empty: a temporary one
  int64_t rows = 200'000;
  int reps = 1000;
  int runs = 20;
  bool check = false;
};

struct Question {
  const char* shape;
  const char* text;
  const char* chart;  // the chart kind it must get
};

// Typical questions of each shape on the demo warehouse.
const std::vector<Question>& Questions() {
  static const std::vector<Question> questions = {
      {"kpi", "revenue last month", "kpi"},
      {"time series", "revenue by month this year", "line"},
      {"top list", "top 10 customers by revenue", "bar"},
      {"two dimensions", "revenue by store region and channel", "stacked_bar"},
      {"cumulative", "cumulative revenue by month this year", "area"},
      {"pie", "share of revenue by channel as a pie chart", "pie"},
  };
  return questions;
}

struct Timing {
  std::vector<double> compose_ms;
  std::vector<double> suggestions_ms;
  double query_ms = 0;
  double pipeline_compose_ms = 0;  // the median of timings_ms.compose
  size_t rows = 0;
  size_t suggestions = 0;
};

// What Pipeline::Compose does with an answer, timed as a whole and for the
// suggestions part alone.
struct Composer {
  const semantic::Model& model;
  const nlq::Parser& parser;
  const Clock& clock;
  answer::ChartOptions chart;
  mutable size_t sink_ = 0;

  void Compose(const conversation::Answer& answer, double* total_ms, double* suggestions_ms,
               size_t* kept) const {
    const auto start = SteadyClock::now();
    const semantic::SemanticQuery& query = answer.parse.query;
    const answer::ResultShape shape = answer::DescribeResult(model, &query, answer.result);
    const answer::Chart drawn = answer::ChooseChart(shape, answer.result, chart);
    const std::string summary = answer::Summarize(shape, &query, answer.result, model);
    const auto suggested = SteadyClock::now();
    const std::vector<std::string> suggestions = conversation::KeepParsedSuggestions(
        answer::FollowUpCandidates(model, query, shape, answer.result), parser, clock, query);
    const auto end = SteadyClock::now();
    *total_ms = MillisecondsBetween(start, end);
    *suggestions_ms = MillisecondsBetween(suggested, end);
    *kept = suggestions.size();
    sink_ += drawn.kind.size() + summary.size();  // what was composed is used
  }
};

StatusOr<Timing> TimeQuestion(const Question& question, const conversation::Pipeline& pipeline,
                              const Composer& composer, engine::Connection& connection,
                              const BenchOptions& options) {
  const conversation::PipelineOptions pipeline_options{};
  const conversation::Answer answer = pipeline.Ask(question.text, nullptr, connection, {});
  if (answer.parse.kind != nlq::ParseResult::Kind::kQuery || !answer.status.ok()) {
    return InternalError(
        fmt::format("\"{}\" was not answered: {}", question.text,
                    answer.status.ok() ? "not understood as a query" : answer.status.ToString()));
  }
  if (answer.chart.kind != question.chart) {
    return InternalError(fmt::format("\"{}\" got the chart '{}', not '{}'", question.text,
                                     answer.chart.kind, question.chart));
  }
  Timing timing;
  timing.rows = answer.result.row_count();
  double total = 0;
  double suggestions = 0;
  composer.Compose(answer, &total, &suggestions, &timing.suggestions);  // warm-up
  for (int i = 0; i < options.reps; ++i) {
    composer.Compose(answer, &total, &suggestions, &timing.suggestions);
    timing.compose_ms.push_back(total);
    timing.suggestions_ms.push_back(suggestions);
  }
  StatusOr<engine::ResultSet> result = InternalError("not run");
  timing.query_ms = MedianMilliseconds(options.runs, [&] {
    result =
        connection.Query(answer.executed_sql, pipeline_options.execute, pipeline_options.collect);
  });
  if (!result.ok()) return result.status().WithContext(question.text);
  std::vector<double> pipeline_ms;
  for (int i = 0; i < options.runs; ++i) {
    pipeline_ms.push_back(pipeline.Run(answer.parse, connection, {}).timings.compose_ms);
  }
  timing.pipeline_compose_ms = Median(std::move(pipeline_ms));
  return timing;
}

void PrintHeader() {
  std::cout << fmt::format("\n{:<15} {:>5} {:>4} {:>11} {:>11} {:>9} {:>11} {:>11} {:>9}\n",
                           "question", "rows", "sugg", "compose p50", "compose p99", "of which",
                           "pipeline", "query p50", "compose/");
  std::cout << fmt::format("{:<15} {:>5} {:>4} {:>11} {:>11} {:>9} {:>11} {:>11} {:>9}\n", "", "",
                           "", "ms", "ms", "sugg. ms", "compose ms", "ms", "query");
}

Status RunBenchmark(BenchOptions options) {
  engine::DemoOptions demo;
  demo.rows = options.rows;
  demo.end_date = kToday;
  demo.seed = kSeed;
  std::string temporary;  // removed at the end, after the engine has closed it
  const Status prepared =
      PrepareDemoWarehouse("compose_bench", demo, &options.warehouse, &temporary, std::cout);
  const ScopedDirectory cleanup(temporary);
  RETURN_IF_ERROR(prepared);

  const FixedClock clock(kToday);
  ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> warehouse,
                   app::OpenWarehouse(options.warehouse));
  ASSIGN_OR_RETURN(semantic::Model model, app::BootstrapWarehouseModel(*warehouse, "demo"));
  const nlq::Parser parser(model);
  const std::unique_ptr<sql::Dialect> dialect = sql::MakeDialect(warehouse->name());
  if (dialect == nullptr) {
    return UnimplementedError(fmt::format("no SQL dialect for the {} engine", warehouse->name()));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Guard> guard, sql::Guard::Create());
  sql::GuardPolicy policy;
  for (const semantic::TableModel& table : model.tables) {
    policy.allowed_tables.push_back(table.name);
  }
  const conversation::Pipeline pipeline(model, parser, *dialect, *guard, policy, clock);
  const Composer composer{model, parser, clock, conversation::PipelineOptions{}.chart};
  ASSIGN_OR_RETURN(std::unique_ptr<engine::Connection> connection, warehouse->Connect());

  std::cout << fmt::format(
      "compose: chart + summary + suggestions of a result (Pipeline::Compose), {} repetitions "
      "after a warm-up; query: its SQL run {} times after a warm-up; medians unless said\n",
      options.reps, options.runs);
  PrintHeader();
  std::vector<double> all_compose;
  double compose_sum = 0;
  double query_sum = 0;
  for (const Question& question : Questions()) {
    ASSIGN_OR_RETURN(Timing timing,
                     TimeQuestion(question, pipeline, composer, *connection, options));
    const Distribution compose = Describe(timing.compose_ms);
    const double suggestions = Median(timing.suggestions_ms);
    std::cout << fmt::format(
        "{:<15} {:>5} {:>4} {:>11.4f} {:>11.4f} {:>9.4f} {:>11.4f} {:>11.3f} {:>9.4f}\n",
        question.shape, timing.rows, timing.suggestions, compose.median, compose.p99, suggestions,
        timing.pipeline_compose_ms, timing.query_ms, compose.median / timing.query_ms);
    all_compose.insert(all_compose.end(), timing.compose_ms.begin(), timing.compose_ms.end());
    compose_sum += compose.median;
    query_sum += timing.query_ms;
  }
  const Distribution overall = Describe(std::move(all_compose));
  std::cout << fmt::format(
      "\ncompose over all questions: median {:.4f} ms, p99 {:.4f} ms, max {:.4f} ms (target < "
      "{:.0f} ms)\n",
      overall.median, overall.p99, overall.max, kTargetMs);
  std::cout << fmt::format("ratio compose/query (sum of medians over the {} questions): {:.4f}\n",
                           Questions().size(), compose_sum / query_sum);
  std::cout << "questions:\n";
  for (const Question& question : Questions()) {
    std::cout << fmt::format("  {:<15} \"{}\" ({})\n", question.shape, question.text,
                             question.chart);
  }
  if (options.check && overall.p99 >= kTargetMs) {
    return FailedPreconditionError(
        fmt::format("compose p99 {:.4f} ms is not under {:.0f} ms", overall.p99, kTargetMs));
  }
  return Status::Ok();
}

}  // namespace
}  // namespace scry::bench

int main(int argc, char** argv) {
  CLI::App app("Compose benchmark: chart, summary and suggestions of a result against its query");
  scry::bench::BenchOptions options;
  app.add_option("--warehouse", options.warehouse,
                 "Demo warehouse to reuse, or to create when missing (default: a temporary one)");
  app.add_option("--rows", options.rows, "Order lines to generate when the warehouse is missing")
      ->check(CLI::Range(int64_t{1000}, int64_t{1'000'000'000}));
  app.add_option("--reps", options.reps, "Timed compositions per question, after one warm-up")
      ->check(CLI::PositiveNumber);
  app.add_option("--runs", options.runs, "Timed query runs per question, after one warm-up")
      ->check(CLI::PositiveNumber);
  app.add_flag("--check", options.check, "Exit non-zero unless the compose p99 is under 1 ms");
  CLI11_PARSE(app, argc, argv);
  const scry::Status status = scry::bench::RunBenchmark(std::move(options));
  return scry::bench::ExitCode("compose_bench",
                               status.ok() ? scry::StatusOr<int>(0) : scry::StatusOr<int>(status));
}
