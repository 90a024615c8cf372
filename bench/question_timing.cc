#include "bench/question_timing.h"

#include "eval/pipeline_predictor.h"

namespace scry::bench {

QuestionCompiler::QuestionCompiler(const semantic::Model& model, const nlq::Parser& parser,
                                   const sql::Dialect& dialect, const Clock& clock)
    : model_(model),
      parser_(parser),
      dialect_(dialect),
      clock_(clock),
      compile_(eval::PipelinePredictorOptions::DefaultPipelineOptions().compile) {}

Understood QuestionCompiler::Understand(std::string_view question,
                                        const nlq::PreviousTurn* previous,
                                        std::string_view choice) const {
  Understood out;
  nlq::ParseResult parse = parser_.Parse(question, clock_, previous);
  if (parse.kind == nlq::ParseResult::Kind::kClarification) {
    out.asked = true;
    for (nlq::Clarification::Choice& option : parse.clarification.choices) {
      if (!choice.empty() && option.label == choice) out.query = std::move(option.query);
    }
  } else if (parse.kind == nlq::ParseResult::Kind::kQuery) {
    out.query = std::move(parse.query);
  }
  if (!out.query) return out;
  StatusOr<sql::CompiledSql> compiled = sql::Compile(*out.query, model_, dialect_, compile_);
  if (compiled.ok()) {
    out.sql = std::move(compiled->sql);
  } else {
    out.compile_status = compiled.status();
  }
  return out;
}

Understood TimeUnderstanding(const QuestionCompiler& compiler, std::string_view question,
                             const nlq::PreviousTurn* previous, std::string_view choice, int runs,
                             double* ms) {
  Understood last;
  *ms = MedianMilliseconds(runs, [&] { last = compiler.Understand(question, previous, choice); });
  return last;
}

void SetTimings::Add(const Understood& understood, double ms, std::string where,
                     std::string question) {
  questions.push_back(QuestionTime{ms, std::move(where), std::move(question)});
  if (!understood.sql.empty()) {
    ++with_sql;
  } else if (understood.query) {
    ++not_compiled;
  } else if (understood.asked) {
    ++clarifications;
  } else {
    ++not_understood;
  }
}

std::vector<double> SetTimings::Milliseconds() const {
  std::vector<double> ms;
  ms.reserve(questions.size());
  for (const QuestionTime& question : questions) ms.push_back(question.ms);
  return ms;
}

}  // namespace scry::bench
