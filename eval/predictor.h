// Predictor: the step of the accuracy harness that answers a question. The
// harness loads the suites, opens each database, runs the gold SQL and scores
// what a Predictor returns; it never knows how the answer was produced.
//
// Production uses the conversation Pipeline (pipeline_predictor.h: parse →
// compile → guard → run, exactly what the server does); tests use predictors
// that return the gold SQL or deliberately wrong SQL.
//
// Thread-safety: the harness calls one Predictor from one thread at a time;
// a PredictorFactory is used from the thread that runs the harness.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/database_schema.h"
#include "common/status_or.h"
#include "engine/engine.h"
#include "nlq/parser.h"
#include "semantic/bootstrap.h"
#include "semantic/query.h"

namespace scry::eval {

// One database of a suite, opened read-only and described.
struct EvalDatabase {
  std::string db_id;
  engine::Engine* engine = nullptr;
  // Introspected with value statistics, with the keys of tables.json merged in.
  const DatabaseSchema* schema = nullptr;
  // Display names from tables.json's natural-language names.
  const semantic::SchemaAnnotations* annotations = nullptr;
};

struct PredictRequest {
  std::string_view question;
  // The conversation so far, as the server keeps it: the latest earlier turn
  // of the conversation that was understood as a query; nullptr when none.
  const nlq::PreviousTurn* previous = nullptr;
  // Where the question sits: its index in the suite's file (a Spider question
  // or a SParC conversation) and, for SParC, the turn.
  size_t item = 0;
  size_t turn = 0;
};

struct Prediction {
  enum class Kind {
    kAnswer,         // SQL (and perhaps its result) to score
    kClarification,  // a question back instead of an answer
    kNotUnderstood,  // nothing recognizable
    kFailed,         // understood, but compiling, the guard or running failed
  };
  Kind kind = Kind::kNotUnderstood;
  // kAnswer: the SQL; kFailed: the SQL that failed, when there was one.
  std::string sql;
  // kAnswer: the result when the predictor already ran `sql` (the pipeline
  // does); otherwise the harness runs `sql` on the same connection.
  std::optional<engine::ResultSet> result;
  // The understood query: the next turn's context in a conversation.
  std::optional<semantic::SemanticQuery> query;
  // kClarification: the question asked; kNotUnderstood: the message;
  // kFailed: the error, naming the stage that failed.
  std::string detail;
};

// Answers questions on one database.
class Predictor {
 public:
  virtual ~Predictor() = default;
  // `connection` is a read-only connection to the database, shared with the
  // harness; the predictor may run its SQL on it.
  virtual Prediction Predict(const PredictRequest& request, engine::Connection& connection) = 0;
};

class PredictorFactory {
 public:
  virtual ~PredictorFactory() = default;
  // Builds the predictor for one database (once per database and run). A
  // failure (e.g. no model could be bootstrapped) makes every question on that
  // database a miss, with the status as the reason.
  virtual StatusOr<std::unique_ptr<Predictor>> ForDatabase(const EvalDatabase& database) = 0;
};

// A factory whose predictors call `function`: for tests and simple baselines.
using PredictFunction = std::function<Prediction(const EvalDatabase&, const PredictRequest&)>;
std::unique_ptr<PredictorFactory> MakeFunctionPredictorFactory(PredictFunction function);

}  // namespace scry::eval
