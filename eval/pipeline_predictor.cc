#include "eval/pipeline_predictor.h"

#include <fmt/format.h>

#include "semantic/bootstrap.h"

namespace scry::eval {
namespace {

std::string ClarificationText(const nlq::Clarification& clarification) {
  std::string text = clarification.question;
  for (size_t i = 0; i < clarification.choices.size(); ++i) {
    text += i == 0 ? " [choices: " : "; ";
    text += clarification.choices[i].label;
  }
  if (!clarification.choices.empty()) text += "]";
  return text;
}

Prediction FromAnswer(conversation::Answer answer) {
  Prediction prediction;
  switch (answer.parse.kind) {
    case nlq::ParseResult::Kind::kClarification:
      prediction.kind = Prediction::Kind::kClarification;
      prediction.detail = ClarificationText(answer.parse.clarification);
      return prediction;
    case nlq::ParseResult::Kind::kNotUnderstood:
      prediction.kind = Prediction::Kind::kNotUnderstood;
      prediction.detail = answer.parse.message;
      return prediction;
    case nlq::ParseResult::Kind::kQuery:
      break;
  }
  prediction.query = std::move(answer.parse.query);
  prediction.sql = std::move(answer.sql);
  if (!answer.status.ok()) {
    prediction.kind = Prediction::Kind::kFailed;
    prediction.detail = answer.status.ToString();
    return prediction;
  }
  prediction.kind = Prediction::Kind::kAnswer;
  prediction.result = std::move(answer.result);
  return prediction;
}

// One database's model, parser and pipeline. The parser and the pipeline hold
// references to the model, so it lives here behind a stable address.
class PipelinePredictor final : public Predictor {
 public:
  PipelinePredictor(std::unique_ptr<semantic::Model> model, const PipelinePredictorOptions& options,
                    const sql::Dialect& dialect, const sql::Guard& guard, sql::GuardPolicy policy,
                    const Clock& clock)
      : model_(std::move(model)),
        parser_(*model_, options.parser),
        pipeline_(*model_, parser_, dialect, guard, std::move(policy), clock),
        options_(options.pipeline),
        trace_filter_(options.trace_filter),
        trace_(options.trace),
        clock_(clock) {}

  Prediction Predict(const PredictRequest& request, engine::Connection& connection) override {
    conversation::Answer answer =
        pipeline_.Ask(request.question, request.previous, connection, options_);
    if (trace_ != nullptr && !trace_filter_.empty() &&
        request.question.find(trace_filter_) != std::string_view::npos) {
      *trace_ << "Q: " << request.question << '\n'
              << parser_.Trace(request.question, clock_) << "SQL: " << answer.sql << "\n"
              << (answer.status.ok() ? "" : answer.status.ToString() + "\n") << '\n';
    }
    return FromAnswer(std::move(answer));
  }

 private:
  std::unique_ptr<semantic::Model> model_;
  nlq::Parser parser_;
  conversation::Pipeline pipeline_;
  conversation::PipelineOptions options_;
  std::string trace_filter_;
  std::ostream* trace_;
  const Clock& clock_;
};

sql::GuardPolicy PolicyFor(const DatabaseSchema& schema) {
  sql::GuardPolicy policy;
  for (const TableSchema& table : schema.tables) policy.allowed_tables.push_back(table.name);
  return policy;
}

}  // namespace

conversation::PipelineOptions PipelinePredictorOptions::DefaultPipelineOptions() {
  conversation::PipelineOptions options;
  options.execute.timeout = std::chrono::milliseconds(10'000);
  options.collect.max_rows = 1'000'000;
  options.collect.count_limit = 0;
  return options;
}

StatusOr<std::unique_ptr<PipelinePredictorFactory>> PipelinePredictorFactory::Create(
    const Clock& clock, PipelinePredictorOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Guard> guard, sql::Guard::Create());
  std::unique_ptr<sql::Dialect> dialect = sql::MakeDialect("sqlite");
  if (dialect == nullptr) return InternalError("the sqlite dialect is not available");
  return std::unique_ptr<PipelinePredictorFactory>(
      new PipelinePredictorFactory(clock, options, std::move(guard), std::move(dialect)));
}

PipelinePredictorFactory::PipelinePredictorFactory(const Clock& clock,
                                                   PipelinePredictorOptions options,
                                                   std::unique_ptr<sql::Guard> guard,
                                                   std::unique_ptr<sql::Dialect> dialect)
    : clock_(clock), options_(options), guard_(std::move(guard)), dialect_(std::move(dialect)) {}

StatusOr<std::unique_ptr<Predictor>> PipelinePredictorFactory::ForDatabase(
    const EvalDatabase& database) {
  semantic::BootstrapOptions bootstrap;
  bootstrap.model_name = database.db_id;
  bootstrap.annotations = *database.annotations;
  bootstrap.max_dictionary_values = options_.max_dictionary_values;
  StatusOr<semantic::Model> model = semantic::BootstrapModel(*database.schema, bootstrap);
  if (!model.ok()) return model.status().WithContext("bootstrapping the model");
  return std::unique_ptr<Predictor>(std::make_unique<PipelinePredictor>(
      std::make_unique<semantic::Model>(std::move(model).value()), options_, *dialect_, *guard_,
      PolicyFor(*database.schema), clock_));
}

}  // namespace scry::eval
