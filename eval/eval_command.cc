#include "eval/eval_command.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "eval/harness.h"
#include "eval/report.h"

namespace scry::eval {
namespace {

StatusOr<HarnessOptions> HarnessOptionsFor(const EvalCommandOptions& options) {
  if (options.db_dir.empty()) return InvalidArgumentError("--db-dir is required");
  if (!(options.timeout_seconds > 0)) return InvalidArgumentError("the timeout must be positive");
  HarnessOptions harness;
  harness.pool.db_dir = options.db_dir;
  harness.score.timeout = std::chrono::milliseconds(std::llround(options.timeout_seconds * 1000.0));
  harness.only_db = options.only_db;
  harness.limit = options.limit;
  return harness;
}

Status Finish(const EvalSummary& summary, const EvalCommandOptions& options, std::ostream& out) {
  PrintSummary(summary, out);
  if (!options.report_path.empty()) RETURN_IF_ERROR(WriteReport(summary, options.report_path));
  if (summary.questions.total == 0) {
    return InvalidArgumentError("no question was selected (check --db and --limit)");
  }
  if (options.min_ex.has_value() && summary.questions.Percent() < *options.min_ex) {
    return FailedPreconditionError(fmt::format("EX {:.1f}% is below --min-ex {}",
                                               summary.questions.Percent(), *options.min_ex));
  }
  return Status::Ok();
}

}  // namespace

Status RunSpiderEval(const EvalCommandOptions& options, PredictorFactory& factory,
                     std::ostream& out) {
  ASSIGN_OR_RETURN(HarnessOptions harness, HarnessOptionsFor(options));
  ASSIGN_OR_RETURN(std::vector<SpiderQuestion> questions,
                   LoadSpiderQuestions(options.questions_path));
  ASSIGN_OR_RETURN(std::vector<SpiderSchema> schemas, LoadSpiderSchemas(options.tables_path));
  ASSIGN_OR_RETURN(EvalSummary summary, EvaluateSpider(questions, schemas, factory, harness));
  return Finish(summary, options, out);
}

Status RunSparcEval(const EvalCommandOptions& options, PredictorFactory& factory,
                    std::ostream& out) {
  ASSIGN_OR_RETURN(HarnessOptions harness, HarnessOptionsFor(options));
  ASSIGN_OR_RETURN(std::vector<SparcConversation> conversations,
                   LoadSparcConversations(options.questions_path));
  ASSIGN_OR_RETURN(std::vector<SpiderSchema> schemas, LoadSpiderSchemas(options.tables_path));
  ASSIGN_OR_RETURN(EvalSummary summary, EvaluateSparc(conversations, schemas, factory, harness));
  return Finish(summary, options, out);
}

}  // namespace scry::eval
