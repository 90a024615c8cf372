#include "eval/harness.h"

#include <chrono>

namespace scry::eval {
namespace {

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// One question to answer and score.
struct Question {
  const std::string& db_id;
  const std::string& text;
  const std::string& gold_sql;
  size_t item = 0;
  std::optional<size_t> turn;
  const nlq::PreviousTurn* previous = nullptr;
};

struct Answered {
  Prediction prediction;
  bool correct = false;
};

void Record(const Question& question, Hardness hardness, const Prediction& prediction, Score score,
            EvalSummary* summary) {
  const bool correct = score.outcome == Outcome::kCorrect;
  summary->questions.Add(correct);
  summary->by_database[question.db_id].Add(correct);
  summary->by_hardness[static_cast<size_t>(hardness)].Add(correct);
  ++summary->outcomes[score.outcome];
  if (correct) return;
  summary->misses.push_back(Miss{question.db_id, question.item, question.turn, question.text,
                                 prediction.sql, question.gold_sql, hardness, score.outcome,
                                 std::move(score.detail)});
}

Prediction Predict(OpenDatabase& database, const Question& question) {
  if (database.predictor == nullptr) {
    Prediction failed;
    failed.kind = Prediction::Kind::kFailed;
    failed.detail = "predictor: " + database.predictor_status.ToString();
    return failed;
  }
  PredictRequest request;
  request.question = question.text;
  request.previous = question.previous;
  request.item = question.item;
  request.turn = question.turn.value_or(0);
  return database.predictor->Predict(request, *database.connection);
}

StatusOr<Answered> AskAndScore(DatabasePool& pool, const Question& question,
                               const HarnessOptions& options, EvalSummary* summary) {
  ASSIGN_OR_RETURN(OpenDatabase * database, pool.Get(question.db_id));
  auto start = SteadyClock::now();
  const GoldAnswer gold = RunGold(*database->connection, question.gold_sql, options.score);
  summary->timings.gold_seconds += SecondsSince(start);

  start = SteadyClock::now();
  Answered answered;
  answered.prediction = Predict(*database, question);
  summary->timings.predict_seconds += SecondsSince(start);

  start = SteadyClock::now();
  Score score = ScorePrediction(gold, answered.prediction, *database->connection, options.score);
  summary->timings.score_seconds += SecondsSince(start);
  answered.correct = score.outcome == Outcome::kCorrect;
  Record(question, gold.hardness, answered.prediction, std::move(score), summary);
  return answered;
}

bool Selected(const std::string& db_id, int64_t taken, const HarnessOptions& options) {
  if (!options.only_db.empty() && db_id != options.only_db) return false;
  return options.limit <= 0 || taken < options.limit;
}

Status AskConversation(DatabasePool& pool, const SparcConversation& conversation, size_t item,
                       const HarnessOptions& options, EvalSummary* summary) {
  std::optional<nlq::PreviousTurn> previous;
  bool all_right = true;
  for (size_t t = 0; t < conversation.turns.size(); ++t) {
    const SparcTurn& turn = conversation.turns[t];
    const Question question{conversation.db_id,
                            turn.question,
                            turn.query,
                            item,
                            t,
                            previous.has_value() ? &*previous : nullptr};
    ASSIGN_OR_RETURN(Answered answered, AskAndScore(pool, question, options, summary));
    all_right = all_right && answered.correct;
    if (answered.prediction.query.has_value()) {
      previous = nlq::PreviousTurn{turn.question, std::move(*answered.prediction.query)};
    }
  }
  summary->interactions->Add(all_right);
  summary->interactions_by_database[conversation.db_id].Add(all_right);
  return Status::Ok();
}

}  // namespace

StatusOr<EvalSummary> EvaluateSpider(const std::vector<SpiderQuestion>& questions,
                                     const std::vector<SpiderSchema>& schemas,
                                     PredictorFactory& factory, const HarnessOptions& options) {
  const auto start = SteadyClock::now();
  EvalSummary summary;
  summary.suite = "spider";
  DatabasePool pool(schemas, factory, options.pool);
  int64_t taken = 0;
  for (size_t i = 0; i < questions.size(); ++i) {
    const SpiderQuestion& spider = questions[i];
    if (!Selected(spider.db_id, taken, options)) continue;
    ++taken;
    const Question question{spider.db_id, spider.question, spider.query, i, std::nullopt, nullptr};
    RETURN_IF_ERROR(AskAndScore(pool, question, options, &summary).status());
  }
  summary.timings.open_seconds = pool.open_seconds();
  summary.timings.total_seconds = SecondsSince(start);
  return summary;
}

StatusOr<EvalSummary> EvaluateSparc(const std::vector<SparcConversation>& conversations,
                                    const std::vector<SpiderSchema>& schemas,
                                    PredictorFactory& factory, const HarnessOptions& options) {
  const auto start = SteadyClock::now();
  EvalSummary summary;
  summary.suite = "sparc";
  summary.interactions.emplace();
  DatabasePool pool(schemas, factory, options.pool);
  int64_t taken = 0;
  for (size_t i = 0; i < conversations.size(); ++i) {
    if (!Selected(conversations[i].db_id, taken, options)) continue;
    ++taken;
    RETURN_IF_ERROR(AskConversation(pool, conversations[i], i, options, &summary));
  }
  summary.timings.open_seconds = pool.open_seconds();
  summary.timings.total_seconds = SecondsSince(start);
  return summary;
}

}  // namespace scry::eval
