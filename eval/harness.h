// The accuracy harness: every question of a suite answered by a Predictor on
// its database and scored by execution accuracy (scorer.h), tallied overall,
// per database and per Spider hardness level, with every miss kept for the
// report (report.h).
//
// Spider: each question stands alone. SParC: the turns of a conversation are
// asked in order, each with the conversation so far as context (the latest
// earlier turn the predictor understood as a query: its question and
// SemanticQuery, as the server keeps it); a conversation counts as matched
// when every one of its turns is right.
//
// Thread-compatible: one run uses one thread and the databases it opens.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status_or.h"
#include "eval/database_pool.h"
#include "eval/eval_data.h"
#include "eval/predictor.h"
#include "eval/scorer.h"
#include "eval/sql_shape.h"

namespace scry::eval {

struct HarnessOptions {
  PoolOptions pool;
  ScoreOptions score;
  // Only questions (conversations) on this database; all when empty.
  std::string only_db;
  // At most this many questions (conversations), after `only_db`; 0 = all.
  int64_t limit = 0;
};

struct Tally {
  int64_t total = 0;
  int64_t correct = 0;
  double Percent() const { return total == 0 ? 0 : 100.0 * correct / total; }
  void Add(bool right) {
    ++total;
    correct += right ? 1 : 0;
  }
};

struct Miss {
  std::string db_id;
  size_t item = 0;             // index of the question (conversation) in its file
  std::optional<size_t> turn;  // SParC only
  std::string question;
  std::string predicted_sql;
  std::string gold_sql;
  Hardness hardness = Hardness::kEasy;
  Outcome outcome = Outcome::kWrongResult;
  std::string detail;
};

struct EvalSummary {
  std::string suite;  // "spider" or "sparc"
  Tally questions;    // Spider questions, or SParC turns (question match)
  std::map<std::string, Tally> by_database;
  std::array<Tally, 4> by_hardness;  // indexed by Hardness
  // SParC: interaction match (every turn of a conversation right).
  std::optional<Tally> interactions;
  std::map<std::string, Tally> interactions_by_database;
  std::map<Outcome, int64_t> outcomes;  // how many of each
  std::vector<Miss> misses;
  struct Timings {
    double total_seconds = 0;
    double open_seconds = 0;     // opening, introspecting, building predictors
    double gold_seconds = 0;     // running the gold SQL
    double predict_seconds = 0;  // predictors, including their own runs
    double score_seconds = 0;    // running unrun predictions and comparing
  };
  Timings timings;

  int64_t passed() const { return questions.correct; }
  int64_t failed() const { return questions.total - questions.correct; }
};

// Fails when a database the selected questions need cannot be opened (no
// tables.json entry, no file, not SQLite); a predictor that cannot be built
// for a database makes its questions misses instead.
StatusOr<EvalSummary> EvaluateSpider(const std::vector<SpiderQuestion>& questions,
                                     const std::vector<SpiderSchema>& schemas,
                                     PredictorFactory& factory, const HarnessOptions& options);

StatusOr<EvalSummary> EvaluateSparc(const std::vector<SparcConversation>& conversations,
                                    const std::vector<SpiderSchema>& schemas,
                                    PredictorFactory& factory, const HarnessOptions& options);

}  // namespace scry::eval
