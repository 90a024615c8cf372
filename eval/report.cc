#include "eval/report.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace scry::eval {
namespace {

using Json = nlohmann::json;

std::string SuiteTitle(const EvalSummary& summary) {
  if (summary.suite == "spider") return "Spider";
  if (summary.suite == "sparc") return "SParC";
  return summary.suite;
}

std::string PercentText(const Tally& tally) {
  return fmt::format("{:.1f}% ({} of {})", tally.Percent(), tally.correct, tally.total);
}

void PrintHeadline(const EvalSummary& summary, std::ostream& out) {
  if (summary.interactions.has_value()) {
    out << fmt::format("{}: question match {} turns; interaction match {} conversations\n",
                       SuiteTitle(summary), PercentText(summary.questions),
                       PercentText(*summary.interactions));
    return;
  }
  out << fmt::format("{}: execution accuracy (EX) {}\n", SuiteTitle(summary),
                     PercentText(summary.questions));
}

void PrintDatabases(const EvalSummary& summary, std::ostream& out) {
  const bool sparc = summary.interactions.has_value();
  out << fmt::format("\n{:<32} {:>9} {:>8} {:>7}", "database", sparc ? "turns" : "questions",
                     "correct", "EX");
  out << (sparc ? fmt::format(" {:>13} {:>8} {:>7}\n", "conversations", "correct", "match") : "\n");
  for (const auto& [db_id, tally] : summary.by_database) {
    out << fmt::format("{:<32} {:>9} {:>8} {:>6.1f}%", db_id, tally.total, tally.correct,
                       tally.Percent());
    if (sparc) {
      const auto it = summary.interactions_by_database.find(db_id);
      const Tally conversations =
          it == summary.interactions_by_database.end() ? Tally{} : it->second;
      out << fmt::format(" {:>13} {:>8} {:>6.1f}%", conversations.total, conversations.correct,
                         conversations.Percent());
    }
    out << '\n';
  }
}

void PrintHardness(const EvalSummary& summary, std::ostream& out) {
  out << fmt::format("\n{:<32} {:>9} {:>8} {:>7}\n", "hardness (of the gold SQL)", "total",
                     "correct", "EX");
  for (Hardness hardness : kAllHardness) {
    const Tally& tally = summary.by_hardness[static_cast<size_t>(hardness)];
    out << fmt::format("{:<32} {:>9} {:>8} {:>6.1f}%\n", HardnessName(hardness), tally.total,
                       tally.correct, tally.Percent());
  }
}

int64_t CountOf(const EvalSummary& summary, Outcome outcome) {
  const auto it = summary.outcomes.find(outcome);
  return it == summary.outcomes.end() ? 0 : it->second;
}

void PrintOutcomes(const EvalSummary& summary, std::ostream& out) {
  out << fmt::format(
      "\nclarifications: {}\nnot understood: {}\nfailed to run: {}\nwrong result: {}\n"
      "gold failed: {}\n",
      CountOf(summary, Outcome::kClarification), CountOf(summary, Outcome::kNotUnderstood),
      CountOf(summary, Outcome::kFailedToRun), CountOf(summary, Outcome::kWrongResult),
      CountOf(summary, Outcome::kGoldFailed));
  const EvalSummary::Timings& t = summary.timings;
  out << fmt::format(
      "time: {:.1f} s (opening databases {:.1f} s, gold SQL {:.1f} s, answering {:.1f} s, "
      "scoring {:.1f} s)\n",
      t.total_seconds, t.open_seconds, t.gold_seconds, t.predict_seconds, t.score_seconds);
}

Json TallyJson(const Tally& tally) {
  return Json{{"total", tally.total}, {"correct", tally.correct}, {"ex", tally.Percent()}};
}

Json MissJson(const Miss& miss) {
  Json json{{"db_id", miss.db_id},
            {"index", miss.item},
            {"question", miss.question},
            {"predicted_sql", miss.predicted_sql},
            {"gold_sql", miss.gold_sql},
            {"hardness", HardnessName(miss.hardness)},
            {"reason", OutcomeName(miss.outcome)},
            {"detail", miss.detail}};
  if (miss.turn.has_value()) json["turn"] = *miss.turn;
  return json;
}

Json SummaryJson(const EvalSummary& summary) {
  Json json{{"suite", summary.suite},
            {"questions", TallyJson(summary.questions)},
            {"passed", summary.passed()},
            {"failed", summary.failed()}};
  if (summary.interactions.has_value()) {
    json["interactions"] = TallyJson(*summary.interactions);
    for (const auto& [db_id, tally] : summary.interactions_by_database) {
      json["interactions_by_database"][db_id] = TallyJson(tally);
    }
  }
  json["by_database"] = Json::object();
  for (const auto& [db_id, tally] : summary.by_database)
    json["by_database"][db_id] = TallyJson(tally);
  for (Hardness hardness : kAllHardness) {
    json["by_hardness"][HardnessName(hardness)] =
        TallyJson(summary.by_hardness[static_cast<size_t>(hardness)]);
  }
  for (Outcome outcome : kAllOutcomes)
    json["outcomes"][OutcomeName(outcome)] = CountOf(summary, outcome);
  const EvalSummary::Timings& t = summary.timings;
  json["timings"] = Json{{"total_seconds", t.total_seconds},
                         {"open_seconds", t.open_seconds},
                         {"gold_seconds", t.gold_seconds},
                         {"predict_seconds", t.predict_seconds},
                         {"score_seconds", t.score_seconds}};
  json["misses"] = Json::array();
  for (const Miss& miss : summary.misses) json["misses"].push_back(MissJson(miss));
  return json;
}

}  // namespace

void PrintSummary(const EvalSummary& summary, std::ostream& out) {
  PrintHeadline(summary, out);
  PrintDatabases(summary, out);
  PrintHardness(summary, out);
  PrintOutcomes(summary, out);
  out << fmt::format("{} passed, {} failed\n", summary.passed(), summary.failed());
}

std::string ReportJson(const EvalSummary& summary) {
  // Questions and SQL come from files: invalid UTF-8 is replaced, not thrown on.
  return SummaryJson(summary).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Status WriteReport(const EvalSummary& summary, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return UnavailableError(fmt::format("{}: cannot write the report", path));
  out << ReportJson(summary);
  out.close();
  if (!out) return UnavailableError(fmt::format("{}: cannot write the report", path));
  return Status::Ok();
}

}  // namespace scry::eval
