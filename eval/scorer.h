// Scoring one question by execution accuracy: the gold SQL runs once on the
// database's read-only connection (it is trusted data from the suite, so it
// skips the guard but not the engine's locks), and the prediction is right
// when its result equals the gold result (result_compare.h), ordered when the
// gold query has a top-level ORDER BY. Everything else is a miss with a
// reason: a wrong result (with a short account of the difference), SQL that
// failed or ran past the time limit, a clarifying question, a question not
// understood, or a gold query that did not run.
//
// Plain functions; each call uses the connection it is given.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status_or.h"
#include "engine/engine.h"
#include "eval/predictor.h"
#include "eval/sql_shape.h"

namespace scry::eval {

enum class Outcome {
  kCorrect,
  kWrongResult,
  kFailedToRun,    // not compiled, refused by the guard, failed, timed out
  kClarification,  // wrong for EX, counted on its own
  kNotUnderstood,
  kGoldFailed,  // the gold SQL did not run: a miss, reported on its own
};
inline constexpr Outcome kAllOutcomes[] = {Outcome::kCorrect,       Outcome::kWrongResult,
                                           Outcome::kFailedToRun,   Outcome::kClarification,
                                           Outcome::kNotUnderstood, Outcome::kGoldFailed};
// "correct", "wrong_result", "failed_to_run", "clarification",
// "not_understood", "gold_failed".
std::string_view OutcomeName(Outcome outcome);

struct ScoreOptions {
  // Time each statement (gold or predicted) may run.
  std::chrono::milliseconds timeout{10'000};
  // Rows collected per result; a larger result cannot be compared and is a miss.
  int64_t max_rows = 1'000'000;
  double relative_tolerance = 1e-6;
};

struct GoldAnswer {
  StatusOr<engine::ResultSet> result = InternalError("gold not run");
  bool ordered = false;
  Hardness hardness = Hardness::kEasy;
};

// Runs `sql` and collects every row. Fails with the engine's error, or
// ResourceExhausted when the result has more than `options.max_rows` rows.
StatusOr<engine::ResultSet> RunForScoring(engine::Connection& connection, std::string_view sql,
                                          const ScoreOptions& options);

// Runs and classifies the gold SQL.
GoldAnswer RunGold(engine::Connection& connection, std::string_view gold_sql,
                   const ScoreOptions& options);

struct Score {
  Outcome outcome = Outcome::kWrongResult;
  std::string detail;  // empty when correct
};

// Scores `prediction` against `gold`, running the predicted SQL on
// `connection` when the prediction carries no result.
Score ScorePrediction(const GoldAnswer& gold, const Prediction& prediction,
                      engine::Connection& connection, const ScoreOptions& options);

}  // namespace scry::eval
