// The production predictor of the accuracy harness: every question goes
// through conversation::Pipeline (nlq parse → compile for the sqlite dialect
// → guard → run), exactly as the server answers it, over a semantic model
// bootstrapped from the database with no per-dataset configuration (the
// introspected schema and value dictionaries, and tables.json's
// natural-language names as annotations).
//
// Thread-compatible: the harness uses a factory and its predictors from one
// thread.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "common/clock.h"
#include "common/status_or.h"
#include "conversation/pipeline.h"
#include "eval/predictor.h"
#include "nlq/parser.h"
#include "sql/dialect.h"
#include "sql/guard.h"

namespace scry::eval {

struct PipelinePredictorOptions {
  nlq::ParserOptions parser;
  // Defaults fit scoring: 10 s per statement, every row collected.
  conversation::PipelineOptions pipeline = DefaultPipelineOptions();
  // Text columns with at most this many distinct values get a value dictionary.
  int64_t max_dictionary_values = 5000;
  // Questions containing this text get the parser's trace printed to `trace`
  // (`scry eval --trace TEXT`); empty traces nothing.
  std::string trace_filter;
  std::ostream* trace = nullptr;

  static conversation::PipelineOptions DefaultPipelineOptions();
};

class PipelinePredictorFactory final : public PredictorFactory {
 public:
  // `clock` (the parser's "today") must outlive the factory. Fails with
  // Internal when the guard cannot start.
  static StatusOr<std::unique_ptr<PipelinePredictorFactory>> Create(
      const Clock& clock, PipelinePredictorOptions options = {});

  // Bootstraps the database's model and builds its parser and pipeline. Fails
  // with the bootstrap's error.
  StatusOr<std::unique_ptr<Predictor>> ForDatabase(const EvalDatabase& database) override;

 private:
  PipelinePredictorFactory(const Clock& clock, PipelinePredictorOptions options,
                           std::unique_ptr<sql::Guard> guard,
                           std::unique_ptr<sql::Dialect> dialect);

  const Clock& clock_;
  PipelinePredictorOptions options_;
  std::unique_ptr<sql::Guard> guard_;
  std::unique_ptr<sql::Dialect> dialect_;
};

}  // namespace scry::eval
