#include "eval/scorer.h"

#include <fmt/format.h>

#include "eval/result_compare.h"

namespace scry::eval {
namespace {

Score Miss(Outcome outcome, std::string detail) { return Score{outcome, std::move(detail)}; }

Score CompareWithGold(const GoldAnswer& gold, const engine::ResultSet& predicted,
                      const ScoreOptions& options) {
  if (predicted.truncated()) {
    return Miss(Outcome::kWrongResult,
                fmt::format("the predicted result has more than {} rows", options.max_rows));
  }
  CompareOptions compare;
  compare.ordered = gold.ordered;
  compare.relative_tolerance = options.relative_tolerance;
  Comparison comparison = CompareResults(*gold.result, predicted, compare);
  if (comparison.equal) return Score{Outcome::kCorrect, ""};
  return Miss(Outcome::kWrongResult, std::move(comparison.difference));
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCorrect:
      return "correct";
    case Outcome::kWrongResult:
      return "wrong_result";
    case Outcome::kFailedToRun:
      return "failed_to_run";
    case Outcome::kClarification:
      return "clarification";
    case Outcome::kNotUnderstood:
      return "not_understood";
    case Outcome::kGoldFailed:
      return "gold_failed";
  }
  return "unknown";
}

StatusOr<engine::ResultSet> RunForScoring(engine::Connection& connection, std::string_view sql,
                                          const ScoreOptions& options) {
  engine::ExecuteOptions execute;
  execute.timeout = options.timeout;
  engine::CollectOptions collect;
  collect.max_rows = options.max_rows;
  collect.count_limit = 0;
  ASSIGN_OR_RETURN(engine::ResultSet result, connection.Query(sql, execute, collect));
  if (result.truncated()) {
    return ResourceExhaustedError(
        fmt::format("the result has more than {} rows", options.max_rows));
  }
  return result;
}

GoldAnswer RunGold(engine::Connection& connection, std::string_view gold_sql,
                   const ScoreOptions& options) {
  GoldAnswer gold;
  gold.ordered = HasTopLevelOrderBy(gold_sql);
  gold.hardness = ClassifyHardness(gold_sql);
  gold.result = RunForScoring(connection, gold_sql, options);
  return gold;
}

Score ScorePrediction(const GoldAnswer& gold, const Prediction& prediction,
                      engine::Connection& connection, const ScoreOptions& options) {
  if (!gold.result.ok()) {
    return Miss(Outcome::kGoldFailed, "the gold SQL failed: " + gold.result.status().ToString());
  }
  switch (prediction.kind) {
    case Prediction::Kind::kClarification:
      return Miss(Outcome::kClarification, prediction.detail);
    case Prediction::Kind::kNotUnderstood:
      return Miss(Outcome::kNotUnderstood, prediction.detail);
    case Prediction::Kind::kFailed:
      return Miss(Outcome::kFailedToRun, prediction.detail);
    case Prediction::Kind::kAnswer:
      break;
  }
  if (prediction.result.has_value()) return CompareWithGold(gold, *prediction.result, options);
  if (prediction.sql.empty()) return Miss(Outcome::kFailedToRun, "the prediction holds no SQL");
  StatusOr<engine::ResultSet> predicted = RunForScoring(connection, prediction.sql, options);
  if (!predicted.ok()) {
    return Miss(Outcome::kFailedToRun, "run: " + predicted.status().ToString());
  }
  return CompareWithGold(gold, *predicted, options);
}

}  // namespace scry::eval
