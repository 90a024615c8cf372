// Timing parse-and-compile for parse_bench: the timed path (question text to
// SQL text, as conversation::Pipeline does it before the guard), the repeat
// and median rule, and the per-set tallies the report prints.
//
// Thread-compatible: the benchmark runs on one thread.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_util.h"
#include "common/clock.h"
#include "common/status.h"
#include "nlq/parser.h"
#include "semantic/model.h"
#include "semantic/query.h"
#include "sql/compiler.h"
#include "sql/dialect.h"

namespace scry::bench {

// What parse-and-compile made of one question.
struct Understood {
  bool asked = false;  // the parser asked a clarification (answered when a choice was given)
  std::optional<semantic::SemanticQuery> query;  // understood, or the chosen reading
  std::string sql;                               // empty unless compiled
  Status compile_status;                         // why a query did not compile
};

// The timed path for one model: nlq::Parser::Parse, then sql::Compile with the
// options the eval predictor and the CLI use.
class QuestionCompiler {
 public:
  // Every argument must outlive the compiler.
  QuestionCompiler(const semantic::Model& model, const nlq::Parser& parser,
                   const sql::Dialect& dialect, const Clock& clock);

  // `choice` answers a clarification with the choice of that label, as a user
  // picking it would, and the chosen reading is compiled; empty leaves a
  // clarification unanswered (what the eval harness does).
  Understood Understand(std::string_view question, const nlq::PreviousTurn* previous,
                        std::string_view choice = {}) const;

 private:
  const semantic::Model& model_;
  const nlq::Parser& parser_;
  const sql::Dialect& dialect_;
  const Clock& clock_;
  sql::CompileOptions compile_;
};

// Understands `question` (see QuestionCompiler::Understand) once to warm up and
// `runs` more times; `*ms` is the median of the timed runs. Returns the last result.
Understood TimeUnderstanding(const QuestionCompiler& compiler, std::string_view question,
                             const nlq::PreviousTurn* previous, std::string_view choice, int runs,
                             double* ms);

struct QuestionTime {
  double ms = 0;  // the median of the question's runs
  std::string where;
  std::string question;
};

// One question set's timings and what its questions became.
struct SetTimings {
  explicit SetTimings(std::string set_name) : name(std::move(set_name)) {}

  void Add(const Understood& understood, double ms, std::string where, std::string question);
  // Each question's time, in the order asked.
  std::vector<double> Milliseconds() const;

  std::string name;
  std::vector<QuestionTime> questions;
  int64_t with_sql = 0;
  int64_t clarifications = 0;  // asked and left unanswered
  int64_t not_understood = 0;
  int64_t not_compiled = 0;  // understood, but the compiler refused the query
};

}  // namespace scry::bench
