// The eval suites' question sets for parse_bench: Spider questions, each
// parsed against a model bootstrapped from its own SQLite database exactly as
// `scry eval` bootstraps it, and SParC conversations turn by turn with the
// latest understood turn as context, as the eval harness asks them.
//
// Thread-compatible: the benchmark runs on one thread.
#pragma once

#include <string>
#include <vector>

#include "bench/question_timing.h"
#include "common/clock.h"
#include "common/status_or.h"

namespace scry::bench {

// Times every question of the suite under `eval_dir` (spider/questions.json,
// spider/tables.json, spider/database/<db_id>/<db_id>.sqlite and
// sparc/conversations.json): one SetTimings per suite found. Returns none, and
// prints "eval suite not found, skipped", when the Spider questions are
// missing. Fails with the loader's error for a malformed file, and with the
// pool's or the bootstrap's error for a database that cannot be opened or
// modelled (as `scry eval` does).
StatusOr<std::vector<SetTimings>> TimeEvalSets(const std::string& eval_dir, const Clock& clock,
                                               int runs);

}  // namespace scry::bench
