// Pipeline: one question through every stage — understand (nlq), compile
// (sql), check (guard), run (engine) — into an Answer. This is the one path
// by which the server, `scry ask`, `scry chat` and the accuracy harness answer
// a question, so what is measured is what users get.
//
// Thread-safe: a Pipeline holds only references to thread-safe parts; each
// call takes the connection it runs on.
#pragma once

#include <string>
#include <string_view>

#include "answer/chart.h"
#include "common/clock.h"
#include "common/status.h"
#include "conversation/trusted_questions.h"
#include "engine/engine.h"
#include "nlq/parser.h"
#include "semantic/model.h"
#include "sql/compiler.h"
#include "sql/dialect.h"
#include "sql/guard.h"

namespace scry::conversation {

struct PipelineOptions {
  engine::ExecuteOptions execute;
  engine::CollectOptions collect;
  sql::CompileOptions compile;
  // Replaces the pipeline's guard policy for this call: the asker's allowed
  // tables and row filters. Must outlive the call.
  const sql::GuardPolicy* policy = nullptr;
  // Whether to compose the chart, summary and suggestions of a result
  // (answer/); `chart.max_rows` should be the rows a reader keeps.
  bool compose = true;
  answer::ChartOptions chart;
};

struct Answer {
  // A question's parse; unused (kNotUnderstood) when `own_sql`.
  nlq::ParseResult parse;
  // SQL an author wrote, run as written through the guard (RunSql).
  bool own_sql = false;
  // Set when a trusted question answered (RunTrusted): which one. `sql` is
  // its SQL with the asker's values; `parse` is the parser's own reading,
  // kept as the context of follow-ups.
  struct Trusted {
    std::string id;
    std::string question;
  };
  std::optional<Trusted> trusted;
  // Whether the result is described from `parse` (chart, summary,
  // suggestions): for every parsed question, and for a trusted answer whose
  // SQL is what the parser's reading of the question compiles to (as when an
  // answer is marked as trusted as it was given). Not for an author's SQL.
  bool follows_parse = false;
  // Set when the question was understood as a query (parse.kind == kQuery):
  // the compiled SQL, and the text the guard let run (the same query with the
  // asker's row filters applied).
  std::string sql;
  std::string executed_sql;
  engine::ResultSet result;
  // Not OK when compiling, the guard or the engine failed; the parse is kept.
  Status status;
  // What a person reads at a glance, set when a result is in (and
  // options.compose): the chart (kind empty: the table alone), one or two
  // sentences of facts from the result, and follow-up questions that parse
  // (none for an author's SQL).
  answer::Chart chart;
  std::string summary;
  std::vector<std::string> suggestions;
  struct Timings {
    double understand_ms = 0;
    double compile_ms = 0;
    double guard_ms = 0;
    double run_ms = 0;
    double compose_ms = 0;
  };
  Timings timings;
};

class Pipeline {
 public:
  // Every argument must outlive the pipeline.
  Pipeline(const semantic::Model& model, const nlq::Parser& parser, const sql::Dialect& dialect,
           const sql::Guard& guard, sql::GuardPolicy policy, const Clock& clock);

  // Understands `question` (as a follow-up of `previous` when given) and,
  // when it is a query, compiles, checks and runs it on `connection`.
  Answer Ask(std::string_view question, const nlq::PreviousTurn* previous,
             engine::Connection& connection, const PipelineOptions& options) const;

  // Compiles, checks and runs an already understood query (a clarification's
  // choice, a stored turn re-run on purpose).
  Answer Run(const nlq::ParseResult& parse, engine::Connection& connection,
             const PipelineOptions& options) const;

  // Checks SQL an author wrote with the guard (under options.policy, so with
  // the author's row filters) and runs what the guard lets through.
  Answer RunSql(std::string_view sql, engine::Connection& connection,
                const PipelineOptions& options) const;

  // Runs a trusted question's SQL (matched to the question by
  // TrustedQuestionService) through the guard like an author's SQL; `parse`
  // is the parser's reading of the question, kept for follow-ups.
  Answer RunTrusted(const nlq::ParseResult& parse, const TrustedMatch& match,
                    engine::Connection& connection, const PipelineOptions& options) const;

 private:
  // Chart, summary and suggestions of a successful answer.
  void Compose(const PipelineOptions& options, Answer* answer) const;

  const semantic::Model& model_;
  const nlq::Parser& parser_;
  const sql::Dialect& dialect_;
  const sql::Guard& guard_;
  sql::GuardPolicy policy_;
  const Clock& clock_;
};

}  // namespace scry::conversation
