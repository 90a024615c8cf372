#include "conversation/pipeline.h"

#include <chrono>
#include <utility>

#include "answer/result_shape.h"
#include "answer/suggestions.h"
#include "answer/summary.h"
#include "conversation/suggestions.h"

namespace scry::conversation {
namespace {

using SteadyClock = std::chrono::steady_clock;

double MillisecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

void CheckRun(const sql::Guard& guard, const sql::GuardPolicy& policy,
              engine::Connection& connection, const PipelineOptions& options, Answer* answer);

// The stages after understanding, shared by Ask() and Run(). Each failure keeps
// its code and names the stage in the message; `answer->sql` keeps the last
// SQL produced, so a failed answer still shows what was tried.
void CompileCheckRun(const semantic::Model& model, const sql::Dialect& dialect,
                     const sql::Guard& guard, const sql::GuardPolicy& policy,
                     engine::Connection& connection, const PipelineOptions& options,
                     Answer* answer) {
  auto start = SteadyClock::now();
  StatusOr<sql::CompiledSql> compiled =
      sql::Compile(answer->parse.query, model, dialect, options.compile);
  answer->timings.compile_ms = MillisecondsSince(start);
  if (!compiled.ok()) {
    answer->status = compiled.status().WithContext("compile");
    return;
  }
  answer->sql = std::move(compiled->sql);
  answer->follows_parse = true;
  CheckRun(guard, policy, connection, options, answer);
}

// Whether `sql` is exactly what the reading `parse`, of every word of its
// question, compiles to.
bool CompilesTo(const nlq::ParseResult& parse, std::string_view sql, const semantic::Model& model,
                const sql::Dialect& dialect, const sql::CompileOptions& options) {
  if (!parse.UnderstoodWhole()) return false;
  StatusOr<sql::CompiledSql> compiled = sql::Compile(parse.query, model, dialect, options);
  return compiled.ok() && compiled->sql == sql;
}

// Checks answer->sql with the guard and runs the text it lets through.
void CheckRun(const sql::Guard& guard, const sql::GuardPolicy& policy,
              engine::Connection& connection, const PipelineOptions& options, Answer* answer) {
  auto start = SteadyClock::now();
  StatusOr<sql::CheckedSql> checked = guard.Check(answer->sql, policy);
  answer->timings.guard_ms = MillisecondsSince(start);
  if (!checked.ok()) {
    answer->status = checked.status().WithContext("guard");
    return;
  }
  // What runs is the guard's text (with the asker's row filters); what is
  // shown and stored is the compiled query, so a stored answer can be checked
  // again under the policy of the day.
  answer->executed_sql = std::move(checked->sql);

  start = SteadyClock::now();
  StatusOr<engine::ResultSet> result =
      connection.Query(answer->executed_sql, options.execute, options.collect);
  answer->timings.run_ms = MillisecondsSince(start);
  if (!result.ok()) {
    answer->status = result.status().WithContext("run");
    return;
  }
  answer->result = std::move(result).value();
}

}  // namespace

void Pipeline::Compose(const PipelineOptions& options, Answer* answer) const {
  if (!options.compose || !answer->status.ok()) return;
  const auto start = SteadyClock::now();
  // The result of SQL (an author's, a trusted question's) is described from
  // its columns, not from a parse it may not follow.
  const semantic::SemanticQuery* query = answer->follows_parse ? &answer->parse.query : nullptr;
  const answer::ResultShape shape = answer::DescribeResult(model_, query, answer->result);
  answer->chart = answer::ChooseChart(shape, answer->result, options.chart);
  answer->summary = answer::Summarize(shape, query, answer->result, model_);
  if (query != nullptr) {
    answer->suggestions = KeepParsedSuggestions(
        answer::FollowUpCandidates(model_, *query, shape, answer->result), parser_, clock_, *query);
  }
  answer->timings.compose_ms = MillisecondsSince(start);
}

Pipeline::Pipeline(const semantic::Model& model, const nlq::Parser& parser,
                   const sql::Dialect& dialect, const sql::Guard& guard, sql::GuardPolicy policy,
                   const Clock& clock)
    : model_(model),
      parser_(parser),
      dialect_(dialect),
      guard_(guard),
      policy_(std::move(policy)),
      clock_(clock) {}

Answer Pipeline::Ask(std::string_view question, const nlq::PreviousTurn* previous,
                     engine::Connection& connection, const PipelineOptions& options) const {
  Answer answer;
  const auto start = SteadyClock::now();
  answer.parse = parser_.Parse(question, clock_, previous);
  answer.timings.understand_ms = MillisecondsSince(start);
  if (answer.parse.kind != nlq::ParseResult::Kind::kQuery) return answer;
  CompileCheckRun(model_, dialect_, guard_, options.policy ? *options.policy : policy_, connection,
                  options, &answer);
  Compose(options, &answer);
  return answer;
}

Answer Pipeline::Run(const nlq::ParseResult& parse, engine::Connection& connection,
                     const PipelineOptions& options) const {
  Answer answer;
  answer.parse = parse;
  if (parse.kind != nlq::ParseResult::Kind::kQuery) {
    answer.status = FailedPreconditionError("run: only an understood query can run");
    return answer;
  }
  CompileCheckRun(model_, dialect_, guard_, options.policy ? *options.policy : policy_, connection,
                  options, &answer);
  Compose(options, &answer);
  return answer;
}

Answer Pipeline::RunSql(std::string_view sql, engine::Connection& connection,
                        const PipelineOptions& options) const {
  Answer answer;
  answer.own_sql = true;
  answer.parse.kind = nlq::ParseResult::Kind::kNotUnderstood;
  answer.sql = std::string(sql);
  CheckRun(guard_, options.policy ? *options.policy : policy_, connection, options, &answer);
  Compose(options, &answer);
  return answer;
}

Answer Pipeline::RunTrusted(const nlq::ParseResult& parse, const TrustedMatch& match,
                            engine::Connection& connection, const PipelineOptions& options) const {
  Answer answer;
  answer.parse = parse;
  answer.trusted = Answer::Trusted{match.id, match.question};
  answer.sql = match.sql;
  answer.follows_parse = CompilesTo(parse, match.sql, model_, dialect_, options.compile);
  CheckRun(guard_, options.policy ? *options.policy : policy_, connection, options, &answer);
  Compose(options, &answer);
  return answer;
}

}  // namespace scry::conversation
