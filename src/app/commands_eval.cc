// scry eval spider|sparc: execution accuracy over public text-to-SQL suites,
// answered through the same pipeline the server uses.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.h"
#include "eval/eval_command.h"
#include "eval/pipeline_predictor.h"

namespace scry::app {

CLI::App* AddEvalCommands(CLI::App* app, EvalOptions* options) {
  CLI::App* eval = app->add_subcommand("eval", "Measure accuracy on a text-to-SQL suite");
  eval->require_subcommand(1);
  CLI::App* spider = eval->add_subcommand("spider", "Spider-format questions");
  CLI::App* sparc = eval->add_subcommand("sparc", "SParC-format conversations");
  spider->add_option("--questions", options->command.questions_path, "questions.json")->required();
  sparc->add_option("--conversations", options->command.questions_path, "conversations.json")
      ->required();
  for (CLI::App* suite : {spider, sparc}) {
    suite->add_option("--tables", options->command.tables_path, "tables.json")->required();
    suite->add_option("--db-dir", options->command.db_dir, "Folder of <db_id>/<db_id>.sqlite")
        ->required();
    suite->add_option("--report", options->command.report_path, "Write every miss as JSON");
    suite->add_option("--min-ex", options->min_ex,
                      "Exit non-zero when accuracy (percent) is below this");
    suite->add_option("--db", options->command.only_db, "Only this database");
    suite->add_option("--limit", options->command.limit, "Only the first N items");
    suite->add_option("--today", options->today, "The parser's today, YYYY-MM-DD");
    suite->add_option("--trace", options->trace,
                      "Print how the parser read each question containing this text");
  }
  options->spider = spider;
  return eval;
}

Status RunEval(const EvalOptions& options, std::ostream& out) {
  eval::EvalCommandOptions command = options.command;
  if (options.min_ex >= 0) command.min_ex = options.min_ex;
  std::unique_ptr<Clock> clock = std::make_unique<SystemClock>();
  if (!options.today.empty()) {
    auto date = ParseIsoDate(options.today);
    if (!date)
      return InvalidArgumentError(fmt::format("--today: '{}' is not a date", options.today));
    clock = std::make_unique<FixedClock>(*date);
  }
  eval::PipelinePredictorOptions predictor;
  predictor.trace_filter = options.trace;
  predictor.trace = &std::cerr;
  ASSIGN_OR_RETURN(auto factory, eval::PipelinePredictorFactory::Create(*clock, predictor));
  if (options.spider != nullptr && options.spider->parsed()) {
    return eval::RunSpiderEval(command, *factory, out);
  }
  return eval::RunSparcEval(command, *factory, out);
}

}  // namespace scry::app
