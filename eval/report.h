// What a harness run prints and writes: the text summary for people and CI
// logs (EX overall, per database, per hardness, how each miss went, timings,
// and a last line exactly "N passed, M failed"), and the JSON report with
// every miss (database, question, turn, predicted SQL, gold SQL, reason).
//
// Plain functions; thread-safe.
#pragma once

#include <ostream>
#include <string>

#include "common/status.h"
#include "eval/harness.h"

namespace scry::eval {

void PrintSummary(const EvalSummary& summary, std::ostream& out);

// The JSON report, pretty-printed.
std::string ReportJson(const EvalSummary& summary);

// Writes ReportJson() to `path`; fails with Unavailable when it cannot.
Status WriteReport(const EvalSummary& summary, const std::string& path);

}  // namespace scry::eval
