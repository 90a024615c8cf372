// scry ask, scry chat, scry model init|check: questions in plain English and
// the semantic model they are read against.
#include <fmt/format.h>

#include <filesystem>
#include <istream>

#include "app/commands.h"
#include "app/dataset.h"
#include "conversation/answer_json.h"
#include "conversation/pipeline.h"
#include "semantic/model_check.h"
#include "semantic/model_yaml.h"

namespace scry::app {
namespace {

using conversation::Answer;

conversation::PipelineOptions AskPipelineOptions(const AskCommandOptions& options) {
  conversation::PipelineOptions pipeline;
  pipeline.collect.max_rows = options.max_rows;
  pipeline.execute.timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.timeout_seconds * 1000));
  return pipeline;
}

void PrintAnswer(const Answer& answer, std::ostream& out) {
  const nlq::ParseResult& parse = answer.parse;
  if (parse.kind == nlq::ParseResult::Kind::kNotUnderstood) {
    out << parse.message << '\n';
    for (const std::string& hint : parse.hints) out << "  " << hint << '\n';
    return;
  }
  if (parse.kind == nlq::ParseResult::Kind::kClarification) {
    out << parse.clarification.question << '\n';
    for (size_t i = 0; i < parse.clarification.choices.size(); ++i) {
      const auto& choice = parse.clarification.choices[i];
      out << fmt::format("  {}. {}: {}\n", i + 1, choice.label, choice.interpretation.restatement);
    }
    return;
  }
  const nlq::Interpretation& interpretation = parse.interpretation;
  out << interpretation.restatement;
  if (interpretation.follow_up) out << "  (follow-up: " << interpretation.follow_up_reason << ")";
  out << '\n';
  if (!interpretation.unused_words.empty()) {
    out << "  (not used: " << fmt::format("{}", fmt::join(interpretation.unused_words, ", "))
        << ")\n";
  }
  if (!answer.sql.empty()) out << '\n' << answer.sql << "\n\n";
  if (!answer.status.ok()) {
    out << "Could not answer: " << answer.status.message() << '\n';
    return;
  }
  if (!answer.summary.empty()) out << answer.summary << "\n\n";
  TableStyle style;
  style.elapsed_seconds = answer.timings.run_ms / 1000;
  WriteTable(answer.result, out, style);
  if (!answer.suggestions.empty()) {
    out << "\nYou could also ask:\n";
    for (const std::string& suggestion : answer.suggestions) out << "  " << suggestion << '\n';
  }
}

std::unique_ptr<Clock> ClockFor(const std::string& today) {
  if (today.empty()) return std::make_unique<SystemClock>();
  return std::make_unique<FixedClock>(*ParseIsoDate(today));
}

Status CheckToday(const std::string& today) {
  if (!today.empty() && !ParseIsoDate(today)) {
    return InvalidArgumentError(
        fmt::format("--today: '{}' is not a date of the form YYYY-MM-DD", today));
  }
  return Status::Ok();
}

}  // namespace

Status RunAsk(const AskCommandOptions& options, std::ostream& out) {
  RETURN_IF_ERROR(CheckToday(options.today));
  ASSIGN_OR_RETURN(auto dataset, OpenDataset(options.warehouse, options.model));
  const std::unique_ptr<Clock> clock = ClockFor(options.today);
  conversation::Pipeline pipeline(dataset->model, *dataset->parser, *dataset->dialect,
                                  *dataset->guard, dataset->policy, *clock);
  if (options.trace) out << dataset->parser->Trace(options.question, *clock) << '\n';
  ASSIGN_OR_RETURN(auto connection, dataset->engine->Connect());
  const Answer answer =
      pipeline.Ask(options.question, nullptr, *connection, AskPipelineOptions(options));
  if (options.json) {
    out << conversation::AnswerToJson(options.question, answer).dump(2) << '\n';
  } else {
    PrintAnswer(answer, out);
  }
  // A question that could not be answered is reported, not an error of the
  // program; a failure to run the understood query is.
  return answer.status;
}

Status RunChat(const AskCommandOptions& options, std::istream& in, std::ostream& out) {
  RETURN_IF_ERROR(CheckToday(options.today));
  ASSIGN_OR_RETURN(auto dataset, OpenDataset(options.warehouse, options.model));
  const std::unique_ptr<Clock> clock = ClockFor(options.today);
  conversation::Pipeline pipeline(dataset->model, *dataset->parser, *dataset->dialect,
                                  *dataset->guard, dataset->policy, *clock);
  ASSIGN_OR_RETURN(auto connection, dataset->engine->Connect());
  out << "Ask a question (an empty line or Ctrl-D ends; 'new' starts afresh).\n";
  std::optional<nlq::PreviousTurn> previous;
  std::optional<nlq::Clarification> pending;
  std::string line;
  while (out << "> " << std::flush, std::getline(in, line)) {
    if (line.empty()) break;
    if (line == "new") {
      previous.reset();
      pending.reset();
      continue;
    }
    Answer answer;
    // A number answers the clarifying question just asked.
    if (pending && line.size() <= 2 && std::isdigit(static_cast<unsigned char>(line[0]))) {
      const size_t choice = std::stoul(line) - 1;
      if (choice >= pending->choices.size()) {
        out << "Choose one of the numbers above.\n";
        continue;
      }
      nlq::ParseResult parse;
      parse.kind = nlq::ParseResult::Kind::kQuery;
      parse.query = pending->choices[choice].query;
      parse.interpretation = pending->choices[choice].interpretation;
      answer = pipeline.Run(parse, *connection, AskPipelineOptions(options));
      line = pending->choices[choice].label;
    } else {
      answer = pipeline.Ask(line, previous ? &*previous : nullptr, *connection,
                            AskPipelineOptions(options));
    }
    PrintAnswer(answer, out);
    pending.reset();
    if (answer.parse.kind == nlq::ParseResult::Kind::kClarification) {
      pending = answer.parse.clarification;
    } else if (answer.parse.kind == nlq::ParseResult::Kind::kQuery && answer.status.ok()) {
      previous = nlq::PreviousTurn{line, answer.parse.query};
    }
  }
  return Status::Ok();
}

Status RunModelInit(const ModelCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(auto warehouse, OpenWarehouse(options.warehouse));
  const std::string path =
      options.model.empty() ? DefaultModelPath(options.warehouse) : options.model;
  std::error_code ec;
  if (!options.force && std::filesystem::exists(path, ec)) {
    return AlreadyExistsError(fmt::format(
        "'{}' exists; edit it, or pass --force to replace it with a fresh bootstrap", path));
  }
  const std::string name = std::filesystem::path(options.warehouse).stem().string();
  ASSIGN_OR_RETURN(semantic::Model model, BootstrapWarehouseModel(*warehouse, name));
  RETURN_IF_ERROR(semantic::SaveModel(model, path));
  size_t columns = 0;
  for (const semantic::TableModel& table : model.tables) columns += table.columns.size();
  out << fmt::format("Wrote {}: {} tables, {} columns, {} joins, {} metrics.\n", path,
                     model.tables.size(), columns, model.joins.size(), model.metrics.size());
  out << "Review the roles, names and synonyms, then run `scry model check`.\n";
  return Status::Ok();
}

Status RunModelCheck(const ModelCommandOptions& options, std::ostream& out) {
  ASSIGN_OR_RETURN(auto warehouse, OpenWarehouse(options.warehouse));
  const std::string path =
      options.model.empty() ? DefaultModelPath(options.warehouse) : options.model;
  ASSIGN_OR_RETURN(semantic::Model model, semantic::LoadModel(path));
  engine::IntrospectOptions introspect;
  introspect.value_stats = false;
  ASSIGN_OR_RETURN(engine::DatabaseSchema schema, warehouse->Introspect(introspect));
  const std::vector<semantic::ModelIssue> issues = semantic::CheckModel(model, schema);
  size_t errors = 0;
  for (const semantic::ModelIssue& issue : issues) {
    const bool error = issue.severity == semantic::ModelIssue::Severity::kError;
    errors += error ? 1 : 0;
    out << fmt::format("{}: {}: {}\n", error ? "error" : "warning", issue.where, issue.message);
  }
  if (errors > 0) {
    return InvalidArgumentError(
        fmt::format("{}: {} error{} (listed above)", path, errors, errors == 1 ? "" : "s"));
  }
  out << fmt::format("{}: no errors{}.\n", path,
                     issues.empty() ? "" : fmt::format(", {} warnings", issues.size()));
  return Status::Ok();
}

}  // namespace scry::app
