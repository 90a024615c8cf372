#include "conversation/answer_json.h"

#include "engine/result_json.h"
#include "semantic/query_json.h"

namespace scry::conversation {
namespace {

using nlohmann::json;

const char* KindName(nlq::ParseResult::Kind kind) {
  switch (kind) {
    case nlq::ParseResult::Kind::kQuery:
      return "query";
    case nlq::ParseResult::Kind::kClarification:
      return "clarification";
    case nlq::ParseResult::Kind::kNotUnderstood:
      return "not_understood";
  }
  return "not_understood";
}

json ClarificationToJson(const nlq::Clarification& clarification) {
  json choices = json::array();
  for (const auto& choice : clarification.choices) {
    choices.push_back({{"label", choice.label},
                       {"restatement", choice.interpretation.restatement},
                       {"query", semantic::QueryToJson(choice.query)}});
  }
  return {{"question", clarification.question}, {"choices", std::move(choices)}};
}

// What the parser understood: the interpretation and the query, the
// clarifying question, or why it could not read the question.
void AddUnderstanding(const nlq::ParseResult& parse, json* out) {
  switch (parse.kind) {
    case nlq::ParseResult::Kind::kQuery:
      (*out)["interpretation"] = InterpretationToJson(parse.interpretation);
      (*out)["query"] = semantic::QueryToJson(parse.query);
      break;
    case nlq::ParseResult::Kind::kClarification:
      (*out)["interpretation"] = InterpretationToJson(parse.interpretation);
      (*out)["clarification"] = ClarificationToJson(parse.clarification);
      break;
    case nlq::ParseResult::Kind::kNotUnderstood:
      (*out)["message"] = parse.message;
      (*out)["hints"] = parse.hints;
      break;
  }
}

}  // namespace

json InterpretationToJson(const nlq::Interpretation& interpretation) {
  json chips = json::array();
  for (const auto& chip : interpretation.chips) {
    chips.push_back({{"kind", chip.kind}, {"text", chip.text}});
  }
  return {{"restatement", interpretation.restatement},
          {"chips", std::move(chips)},
          {"unused_words", interpretation.unused_words},
          {"confidence", interpretation.confidence},
          {"follow_up", interpretation.follow_up},
          {"follow_up_reason", interpretation.follow_up_reason}};
}

json AnswerToJson(std::string_view question, const Answer& answer) {
  const nlq::ParseResult& parse = answer.parse;
  const char* kind = answer.own_sql ? "sql" : answer.trusted ? "query" : KindName(parse.kind);
  json out = {{"question", question}, {"kind", kind}};
  // The author's own SQL has no interpretation: it is the whole request. A
  // trusted answer keeps the parser's reading only when it understood the
  // question (the context of a follow-up).
  if (!answer.own_sql && (!answer.trusted || parse.kind == nlq::ParseResult::Kind::kQuery)) {
    AddUnderstanding(parse, &out);
  }
  if (answer.trusted) {
    out["trusted"] = {{"id", answer.trusted->id}, {"question", answer.trusted->question}};
  }
  if (!answer.sql.empty()) out["sql"] = answer.sql;
  if (!answer.status.ok()) {
    out["error"] = {{"code", std::string(StatusCodeName(answer.status.code()))},
                    {"message", std::string(answer.status.message())}};
  } else if (answer.own_sql || answer.trusted || parse.kind == nlq::ParseResult::Kind::kQuery) {
    json result = json::parse(engine::ResultSetToJson(answer.result));
    for (auto& [key, value] : result.items()) out[key] = std::move(value);
    if (!answer.chart.kind.empty()) out["chart"] = answer.chart.spec;
    if (!answer.chart.note.empty()) out["chart_note"] = answer.chart.note;
    if (!answer.summary.empty()) out["summary"] = answer.summary;
    out["suggestions"] = answer.suggestions;
  }
  out["timings_ms"] = {{"understand", answer.timings.understand_ms},
                       {"compile", answer.timings.compile_ms},
                       {"guard", answer.timings.guard_ms},
                       {"run", answer.timings.run_ms},
                       {"compose", answer.timings.compose_ms}};
  return out;
}

}  // namespace scry::conversation
