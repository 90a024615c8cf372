// `scry eval spider` and `scry eval sparc` as plain functions: options in, the
// summary printed, the JSON report written, a Status back. The CLI (src/app)
// parses flags into these structs and passes the predictor factory it
// composes (the conversation pipeline, pipeline_predictor.h).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "common/status.h"
#include "eval/predictor.h"

namespace scry::eval {

struct EvalCommandOptions {
  // Spider: questions.json (--questions); SParC: conversations.json (--conversations).
  std::string questions_path;
  std::string tables_path;  // Spider's tables.json format
  std::string db_dir;       // holds <db_id>/<db_id>.sqlite
  std::string report_path;  // empty: no JSON report
  // The ratchet: fail when EX (SParC: question match), in percent, is below it.
  std::optional<double> min_ex;
  std::string only_db;  // --db
  int64_t limit = 0;    // --limit: first N questions (conversations); 0 = all
  // Per statement the harness runs: the gold SQL, and predicted SQL the
  // predictor did not run itself (the pipeline predictor runs its own, under
  // PipelinePredictorOptions' limit, also 10 s by default).
  double timeout_seconds = 10;
};

// Each loads the files, runs the harness, prints the summary to `out` (its
// last line "N passed, M failed") and writes the report. Fails with
// InvalidArgument or NotFound for bad files or a missing database, and with
// FailedPrecondition ("EX 41.2% is below --min-ex 45") when the score is below
// `min_ex` — after printing and writing everything.
Status RunSpiderEval(const EvalCommandOptions& options, PredictorFactory& factory,
                     std::ostream& out);
Status RunSparcEval(const EvalCommandOptions& options, PredictorFactory& factory,
                    std::ostream& out);

}  // namespace scry::eval
