#include "bench/eval_timing.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "eval/database_pool.h"
#include "eval/eval_data.h"
#include "eval/pipeline_predictor.h"
#include "semantic/bootstrap.h"

namespace scry::bench {
namespace {

namespace fs = std::filesystem;

// One Spider database's model, parser and compiler. The bench only times
// compiler(); Predict() is there because the eval library's DatabasePool,
// which opens and introspects the databases, keeps a Predictor per database.
class ParsingPredictor final : public eval::Predictor {
 public:
  ParsingPredictor(std::unique_ptr<semantic::Model> model, const nlq::ParserOptions& options,
                   const sql::Dialect& dialect, const Clock& clock)
      : model_(std::move(model)),
        parser_(*model_, options),
        compiler_(*model_, parser_, dialect, clock) {}

  const QuestionCompiler& compiler() const { return compiler_; }

  // Answers with the compiled SQL without running it.
  eval::Prediction Predict(const eval::PredictRequest& request, engine::Connection&) override {
    Understood understood = compiler_.Understand(request.question, request.previous);
    eval::Prediction prediction;
    prediction.kind = understood.sql.empty() ? eval::Prediction::Kind::kNotUnderstood
                                             : eval::Prediction::Kind::kAnswer;
    prediction.sql = std::move(understood.sql);
    prediction.query = std::move(understood.query);
    return prediction;
  }

 private:
  std::unique_ptr<semantic::Model> model_;  // the parser reads it: a stable address
  nlq::Parser parser_;
  QuestionCompiler compiler_;
};

// Bootstraps each database's model with PipelinePredictorFactory's options
// and steps (`scry eval`), so a question meets the model it meets there.
class ParsingPredictorFactory final : public eval::PredictorFactory {
 public:
  explicit ParsingPredictorFactory(const Clock& clock)
      : clock_(clock), dialect_(sql::MakeDialect("sqlite")) {}

  StatusOr<std::unique_ptr<eval::Predictor>> ForDatabase(
      const eval::EvalDatabase& database) override {
    if (dialect_ == nullptr) return InternalError("the sqlite dialect is not available");
    semantic::BootstrapOptions bootstrap;
    bootstrap.model_name = database.db_id;
    bootstrap.annotations = *database.annotations;
    bootstrap.max_dictionary_values = options_.max_dictionary_values;
    StatusOr<semantic::Model> model = semantic::BootstrapModel(*database.schema, bootstrap);
    if (!model.ok()) return model.status().WithContext("bootstrapping the model");
    return std::unique_ptr<eval::Predictor>(std::make_unique<ParsingPredictor>(
        std::make_unique<semantic::Model>(std::move(model).value()), options_.parser, *dialect_,
        clock_));
  }

 private:
  const Clock& clock_;
  const eval::PipelinePredictorOptions options_{};
  std::unique_ptr<sql::Dialect> dialect_;
};

// The database's compiler, opening and bootstrapping it on first use.
StatusOr<const QuestionCompiler*> CompilerFor(eval::DatabasePool& pool, const std::string& db_id) {
  ASSIGN_OR_RETURN(eval::OpenDatabase * database, pool.Get(db_id));
  const auto* predictor = dynamic_cast<const ParsingPredictor*>(database->predictor.get());
  if (predictor == nullptr) {
    return database->predictor_status.WithContext(fmt::format("database '{}'", db_id));
  }
  return &predictor->compiler();
}

StatusOr<SetTimings> TimeSpider(const std::vector<eval::SpiderQuestion>& questions,
                                eval::DatabasePool& pool, int runs) {
  SetTimings set("spider");
  for (size_t i = 0; i < questions.size(); ++i) {
    const eval::SpiderQuestion& question = questions[i];
    ASSIGN_OR_RETURN(const QuestionCompiler* compiler, CompilerFor(pool, question.db_id));
    double ms = 0;
    const Understood understood =
        TimeUnderstanding(*compiler, question.question, nullptr, {}, runs, &ms);
    set.Add(understood, ms, fmt::format("spider #{} ({})", i, question.db_id), question.question);
  }
  return set;
}

// Turns in order; the context is the latest earlier turn understood as a
// query, the context the eval harness and the server keep.
StatusOr<SetTimings> TimeSparc(const std::vector<eval::SparcConversation>& conversations,
                               eval::DatabasePool& pool, int runs) {
  SetTimings set("sparc");
  for (size_t i = 0; i < conversations.size(); ++i) {
    const eval::SparcConversation& conversation = conversations[i];
    ASSIGN_OR_RETURN(const QuestionCompiler* compiler, CompilerFor(pool, conversation.db_id));
    std::optional<nlq::PreviousTurn> previous;
    for (size_t t = 0; t < conversation.turns.size(); ++t) {
      const std::string& question = conversation.turns[t].question;
      double ms = 0;
      Understood understood =
          TimeUnderstanding(*compiler, question, previous ? &*previous : nullptr, {}, runs, &ms);
      set.Add(understood, ms, fmt::format("sparc #{} turn {} ({})", i, t, conversation.db_id),
              question);
      if (understood.query) previous = nlq::PreviousTurn{question, std::move(*understood.query)};
    }
  }
  return set;
}

}  // namespace

StatusOr<std::vector<SetTimings>> TimeEvalSets(const std::string& eval_dir, const Clock& clock,
                                               int runs) {
  const fs::path spider_dir = fs::path(eval_dir) / "spider";
  const fs::path questions_path = spider_dir / "questions.json";
  const fs::path conversations_path = fs::path(eval_dir) / "sparc" / "conversations.json";
  std::error_code error;
  if (!fs::is_regular_file(questions_path, error)) {
    std::cout << fmt::format("eval suite not found, skipped (no {})\n", questions_path.string());
    return std::vector<SetTimings>{};
  }
  ASSIGN_OR_RETURN(auto schemas, eval::LoadSpiderSchemas((spider_dir / "tables.json").string()));
  ASSIGN_OR_RETURN(auto questions, eval::LoadSpiderQuestions(questions_path.string()));
  ParsingPredictorFactory factory(clock);
  eval::PoolOptions pool_options;
  pool_options.db_dir = (spider_dir / "database").string();
  eval::DatabasePool pool(schemas, factory, pool_options);

  std::vector<SetTimings> sets;
  ASSIGN_OR_RETURN(SetTimings spider, TimeSpider(questions, pool, runs));
  sets.push_back(std::move(spider));
  if (fs::is_regular_file(conversations_path, error)) {
    ASSIGN_OR_RETURN(auto conversations, eval::LoadSparcConversations(conversations_path.string()));
    ASSIGN_OR_RETURN(SetTimings sparc, TimeSparc(conversations, pool, runs));
    sets.push_back(std::move(sparc));
  } else {
    std::cout << fmt::format("SParC conversations not found, skipped (no {})\n",
                             conversations_path.string());
  }
  std::cout << fmt::format(
      "eval suite {}: databases opened, introspected and modelled in {:.1f} s (not timed)\n",
      eval_dir, pool.open_seconds());
  return sets;
}

}  // namespace scry::bench
