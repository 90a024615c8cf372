// The whole harness on a real database of the shared evaluation suites, with
// predictors that know the answers (gold SQL → 100%) or get them wrong on
// purpose. Skipped when the suites are not checked out beside the repository.
#include "eval/harness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "eval/eval_command.h"
#include "eval/report.h"

namespace scry::eval {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;

constexpr char kEvalDir[] = SCRY_SOURCE_DIR "/../shared/eval";
constexpr char kDatabase[] = "concert_singer";

std::string SuitePath(const char* relative) { return std::string(kEvalDir) + relative; }

class HarnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(SuitePath("/spider/database/") + kDatabase)) {
      GTEST_SKIP() << "the shared evaluation suites are not at " << kEvalDir;
    }
    questions_ = LoadSpiderQuestions(SuitePath("/spider/questions.json")).value();
    conversations_ = LoadSparcConversations(SuitePath("/sparc/conversations.json")).value();
    schemas_ = LoadSpiderSchemas(SuitePath("/spider/tables.json")).value();
    options_.pool.db_dir = SuitePath("/spider/database");
    options_.only_db = kDatabase;
  }

  EvalCommandOptions CommandOptions() const {
    EvalCommandOptions options;
    options.questions_path = SuitePath("/spider/questions.json");
    options.tables_path = SuitePath("/spider/tables.json");
    options.db_dir = SuitePath("/spider/database");
    options.only_db = kDatabase;
    return options;
  }

  int64_t SelectedQuestions() const {
    int64_t count = 0;
    for (const SpiderQuestion& q : questions_) count += q.db_id == kDatabase ? 1 : 0;
    return count;
  }

  std::vector<SpiderQuestion> questions_;
  std::vector<SparcConversation> conversations_;
  std::vector<SpiderSchema> schemas_;
  HarnessOptions options_;
};

Prediction Answer(std::string sql) {
  Prediction prediction;
  prediction.kind = Prediction::Kind::kAnswer;
  prediction.sql = std::move(sql);
  return prediction;
}

TEST_F(HarnessTest, GoldPredictorScoresEverything) {
  auto factory = MakeFunctionPredictorFactory(
      [&](const EvalDatabase& database, const PredictRequest& request) {
        EXPECT_EQ(database.db_id, kDatabase);
        EXPECT_FALSE(database.schema->tables.empty());
        EXPECT_FALSE(database.annotations->display_names.empty());
        return Answer(questions_[request.item].query);
      });
  StatusOr<EvalSummary> summary = EvaluateSpider(questions_, schemas_, *factory, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->questions.total, SelectedQuestions());
  EXPECT_EQ(summary->questions.correct, summary->questions.total);
  EXPECT_TRUE(summary->misses.empty());
  EXPECT_EQ(summary->by_database.size(), 1u);
  int64_t by_hardness = 0;
  for (const Tally& tally : summary->by_hardness) by_hardness += tally.total;
  EXPECT_EQ(by_hardness, summary->questions.total);
}

TEST_F(HarnessTest, DatabasesGetKeysFromTablesJsonAndValueDictionaries) {
  std::optional<DatabaseSchema> schema;
  auto factory =
      MakeFunctionPredictorFactory([&](const EvalDatabase& database, const PredictRequest&) {
        if (!schema.has_value()) schema = *database.schema;
        return Prediction{};
      });
  options_.limit = 1;
  ASSERT_TRUE(EvaluateSpider(questions_, schemas_, *factory, options_).ok());
  ASSERT_TRUE(schema.has_value());
  bool has_foreign_key = false;
  bool has_values = false;
  for (const TableSchema& table : schema->tables) {
    EXPECT_FALSE(table.primary_key.empty()) << table.name;
    has_foreign_key = has_foreign_key || !table.foreign_keys.empty();
    for (const ColumnSchema& column : table.columns) {
      has_values = has_values || !column.top_values.empty();
    }
  }
  EXPECT_TRUE(has_foreign_key);
  EXPECT_TRUE(has_values);
}

// Every gold query of both suites, answered by itself: what does not score is
// a gold query that fails to run, reported as such.
TEST_F(HarnessTest, WholeSuitesWithGoldPredictor) {
  options_.only_db.clear();
  auto spider_factory =
      MakeFunctionPredictorFactory([&](const EvalDatabase&, const PredictRequest& request) {
        return Answer(questions_[request.item].query);
      });
  StatusOr<EvalSummary> spider = EvaluateSpider(questions_, schemas_, *spider_factory, options_);
  ASSERT_TRUE(spider.ok()) << spider.status();
  EXPECT_EQ(spider->questions.total, static_cast<int64_t>(questions_.size()));
  for (const Miss& miss : spider->misses) {
    EXPECT_EQ(miss.outcome, Outcome::kGoldFailed) << miss.question << ": " << miss.detail;
  }

  auto sparc_factory =
      MakeFunctionPredictorFactory([&](const EvalDatabase&, const PredictRequest& request) {
        return Answer(conversations_[request.item].turns[request.turn].query);
      });
  StatusOr<EvalSummary> sparc = EvaluateSparc(conversations_, schemas_, *sparc_factory, options_);
  ASSERT_TRUE(sparc.ok()) << sparc.status();
  for (const Miss& miss : sparc->misses) {
    EXPECT_EQ(miss.outcome, Outcome::kGoldFailed) << miss.question << ": " << miss.detail;
  }
}

// Clarifications, questions not understood, SQL that fails and wrong answers,
// in turn.
Prediction Wrong(const PredictRequest& request) {
  Prediction prediction;
  switch (request.item % 4) {
    case 0:
      return Answer("SELECT 'no such value', 42");
    case 1:
      prediction.kind = Prediction::Kind::kClarification;
      prediction.detail = "Which name do you mean?";
      return prediction;
    case 2:
      prediction.kind = Prediction::Kind::kNotUnderstood;
      prediction.detail = "I did not understand";
      return prediction;
    default:
      return Answer("SELECT * FROM no_such_table");
  }
}

TEST_F(HarnessTest, WrongPredictorMissesWithReasons) {
  auto factory = MakeFunctionPredictorFactory(
      [](const EvalDatabase&, const PredictRequest& request) { return Wrong(request); });
  StatusOr<EvalSummary> summary = EvaluateSpider(questions_, schemas_, *factory, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->questions.correct, 0);
  EXPECT_EQ(summary->misses.size(), static_cast<size_t>(summary->questions.total));
  EXPECT_GT(summary->outcomes[Outcome::kWrongResult], 0);
  EXPECT_GT(summary->outcomes[Outcome::kClarification], 0);
  EXPECT_GT(summary->outcomes[Outcome::kNotUnderstood], 0);
  EXPECT_GT(summary->outcomes[Outcome::kFailedToRun], 0);
  for (const Miss& miss : summary->misses) {
    EXPECT_EQ(miss.question, questions_[miss.item].question);
    EXPECT_EQ(miss.gold_sql, questions_[miss.item].query);
    if (miss.outcome == Outcome::kFailedToRun) {
      EXPECT_THAT(miss.detail, HasSubstr("no_such_table"));
      EXPECT_EQ(miss.predicted_sql, "SELECT * FROM no_such_table");
    }
    if (miss.outcome == Outcome::kClarification) {
      EXPECT_EQ(miss.detail, "Which name do you mean?");
    }
  }
}

// A predictor that runs its own SQL, as the pipeline does: the harness scores
// the result it hands back and does not run `sql` again.
class SelfRunningPredictor final : public Predictor {
 public:
  explicit SelfRunningPredictor(const std::vector<SpiderQuestion>& questions)
      : questions_(questions) {}
  Prediction Predict(const PredictRequest& request, engine::Connection& connection) override {
    Prediction prediction = Answer("this text is never run");
    prediction.result = connection.Query(questions_[request.item].query).value();
    return prediction;
  }

 private:
  const std::vector<SpiderQuestion>& questions_;
};

class SelfRunningFactory final : public PredictorFactory {
 public:
  explicit SelfRunningFactory(const std::vector<SpiderQuestion>& questions)
      : questions_(questions) {}
  StatusOr<std::unique_ptr<Predictor>> ForDatabase(const EvalDatabase&) override {
    return std::unique_ptr<Predictor>(std::make_unique<SelfRunningPredictor>(questions_));
  }

 private:
  const std::vector<SpiderQuestion>& questions_;
};

TEST_F(HarnessTest, ScoresResultsThePredictorAlreadyHas) {
  SelfRunningFactory factory(questions_);
  options_.limit = 10;
  StatusOr<EvalSummary> summary = EvaluateSpider(questions_, schemas_, factory, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->questions.total, 10);
  EXPECT_EQ(summary->questions.correct, 10);
}

TEST_F(HarnessTest, PredictionsPastTheTimeLimitFailToRun) {
  auto factory = MakeFunctionPredictorFactory([](const EvalDatabase&, const PredictRequest&) {
    return Answer(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");
  });
  options_.limit = 1;
  options_.score.timeout = std::chrono::milliseconds(200);
  StatusOr<EvalSummary> summary = EvaluateSpider(questions_, schemas_, *factory, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->misses.size(), 1u);
  EXPECT_EQ(summary->misses[0].outcome, Outcome::kFailedToRun);
  EXPECT_THAT(summary->misses[0].detail, HasSubstr("DEADLINE_EXCEEDED"));
}

class FailingFactory final : public PredictorFactory {
 public:
  StatusOr<std::unique_ptr<Predictor>> ForDatabase(const EvalDatabase&) override {
    return InvalidArgumentError("no model");
  }
};

TEST_F(HarnessTest, APredictorThatCannotBeBuiltMissesEveryQuestion) {
  FailingFactory factory;
  options_.limit = 3;
  StatusOr<EvalSummary> summary = EvaluateSpider(questions_, schemas_, factory, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->outcomes[Outcome::kFailedToRun], 3);
  EXPECT_EQ(summary->misses[0].detail, "predictor: INVALID_ARGUMENT: no model");
}

TEST_F(HarnessTest, MissingDatabaseFailsTheRun) {
  auto factory = MakeFunctionPredictorFactory(
      [](const EvalDatabase&, const PredictRequest&) { return Prediction{}; });
  options_.pool.db_dir = "/nonexistent";
  StatusOr<EvalSummary> summary = EvaluateSpider(questions_, schemas_, *factory, options_);
  EXPECT_EQ(summary.status().code(), StatusCode::kNotFound);
}

TEST_F(HarnessTest, SparcTurnsSeeTheLatestUnderstoodTurn) {
  std::vector<std::string> previous_questions;
  auto factory = MakeFunctionPredictorFactory([&](const EvalDatabase&,
                                                  const PredictRequest& request) {
    previous_questions.push_back(request.previous == nullptr ? "-" : request.previous->question);
    const SparcConversation& conversation = conversations_[request.item];
    Prediction prediction = Answer(conversation.turns[request.turn].query);
    // The second turn is answered but not understood as a query: the third
    // turn's context stays the first turn.
    if (request.turn != 1) {
      prediction.query.emplace();
      prediction.query->subject_table = "singer";
    }
    EXPECT_TRUE(request.previous == nullptr || request.previous->query.subject_table == "singer");
    return prediction;
  });
  options_.limit = 3;
  StatusOr<EvalSummary> summary = EvaluateSparc(conversations_, schemas_, *factory, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_TRUE(summary->interactions.has_value());
  EXPECT_EQ(summary->interactions->total, 3);
  EXPECT_EQ(summary->interactions->correct, 3);
  EXPECT_EQ(summary->questions.correct, summary->questions.total);

  // Replay the expectation over the selected conversations.
  std::vector<std::string> expected;
  int64_t taken = 0;
  for (const SparcConversation& conversation : conversations_) {
    if (conversation.db_id != kDatabase || taken == 3) continue;
    ++taken;
    for (size_t t = 0; t < conversation.turns.size(); ++t) {
      if (t == 0) expected.push_back("-");
      if (t == 1 || t == 2) expected.push_back(conversation.turns[0].question);
      if (t > 2) expected.push_back(conversation.turns[t - 1].question);
    }
  }
  EXPECT_EQ(previous_questions, expected);
}

TEST_F(HarnessTest, InteractionFailsWhenOneTurnIsWrong) {
  auto factory =
      MakeFunctionPredictorFactory([&](const EvalDatabase&, const PredictRequest& request) {
        if (request.turn == 1) return Answer("SELECT 'wrong', 'wrong', 'wrong'");
        return Answer(conversations_[request.item].turns[request.turn].query);
      });
  StatusOr<EvalSummary> summary = EvaluateSparc(conversations_, schemas_, *factory, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->interactions->correct, 0);  // every conversation has a second turn
  ASSERT_FALSE(summary->misses.empty());
  EXPECT_EQ(summary->misses[0].turn, std::optional<size_t>(1));
}

TEST_F(HarnessTest, CommandPrintsTheClosingLineAndWritesTheReport) {
  auto factory =
      MakeFunctionPredictorFactory([&](const EvalDatabase&, const PredictRequest& request) {
        return Answer(questions_[request.item].query);
      });
  EvalCommandOptions options = CommandOptions();
  options.min_ex = 100;
  options.report_path = ::testing::TempDir() + "/eval_gold_report.json";
  std::ostringstream out;
  ASSERT_TRUE(RunSpiderEval(options, *factory, out).ok());
  const int64_t n = SelectedQuestions();
  EXPECT_THAT(out.str(), EndsWith("\n" + std::to_string(n) + " passed, 0 failed\n"));
  EXPECT_THAT(out.str(), HasSubstr("Spider: execution accuracy (EX) 100.0%"));
  EXPECT_THAT(out.str(), HasSubstr("clarifications: 0\n"));

  std::ifstream in(options.report_path);
  const nlohmann::json report = nlohmann::json::parse(in);
  EXPECT_EQ(report["suite"], "spider");
  EXPECT_EQ(report["questions"]["total"], n);
  EXPECT_EQ(report["passed"], n);
  EXPECT_TRUE(report["misses"].empty());
  EXPECT_EQ(report["by_database"][kDatabase]["correct"], n);
}

TEST_F(HarnessTest, ReportListsEveryMissAndTheRatchetFails) {
  auto factory = MakeFunctionPredictorFactory(
      [](const EvalDatabase&, const PredictRequest& request) { return Wrong(request); });
  EvalCommandOptions options = CommandOptions();
  options.min_ex = 50;
  options.limit = 8;
  options.report_path = ::testing::TempDir() + "/eval_wrong_report.json";
  std::ostringstream out;
  const Status status = RunSpiderEval(options, *factory, out);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "EX 0.0% is below --min-ex 50");
  EXPECT_THAT(out.str(), EndsWith("\n0 passed, 8 failed\n"));

  std::ifstream in(options.report_path);
  const nlohmann::json report = nlohmann::json::parse(in);
  ASSERT_EQ(report["misses"].size(), 8u);
  for (const auto& miss : report["misses"]) {
    for (const char* field : {"db_id", "index", "question", "predicted_sql", "gold_sql", "hardness",
                              "reason", "detail"}) {
      EXPECT_TRUE(miss.contains(field)) << field;
    }
    EXPECT_FALSE(miss.contains("turn"));
  }
  EXPECT_EQ(report["misses"][0]["reason"], "wrong_result");
  EXPECT_EQ(report["misses"][1]["reason"], "clarification");
  EXPECT_EQ(report["misses"][2]["reason"], "not_understood");
  EXPECT_EQ(report["misses"][3]["reason"], "failed_to_run");
  EXPECT_EQ(report["outcomes"]["clarification"], 2);
}

TEST_F(HarnessTest, SparcCommandReportsTurns) {
  auto factory =
      MakeFunctionPredictorFactory([&](const EvalDatabase&, const PredictRequest& request) {
        if (request.turn == 0) return Prediction{};
        return Answer(conversations_[request.item].turns[request.turn].query);
      });
  EvalCommandOptions options = CommandOptions();
  options.questions_path = SuitePath("/sparc/conversations.json");
  options.limit = 2;
  options.report_path = ::testing::TempDir() + "/eval_sparc_report.json";
  std::ostringstream out;
  ASSERT_TRUE(RunSparcEval(options, *factory, out).ok());
  EXPECT_THAT(out.str(), HasSubstr("SParC: question match"));
  EXPECT_THAT(out.str(), HasSubstr("interaction match 0.0% (0 of 2)"));
  std::ifstream in(options.report_path);
  const nlohmann::json report = nlohmann::json::parse(in);
  EXPECT_EQ(report["interactions"]["total"], 2);
  ASSERT_EQ(report["misses"].size(), 2u);
  EXPECT_EQ(report["misses"][0]["turn"], 0);
  EXPECT_EQ(report["misses"][0]["reason"], "not_understood");
}

TEST_F(HarnessTest, CommandRejectsBadInput) {
  auto factory = MakeFunctionPredictorFactory(
      [](const EvalDatabase&, const PredictRequest&) { return Prediction{}; });
  std::ostringstream out;
  EvalCommandOptions options = CommandOptions();
  options.only_db = "no_such_database";
  EXPECT_EQ(RunSpiderEval(options, *factory, out).code(), StatusCode::kInvalidArgument);
  options = CommandOptions();
  options.tables_path = "/nonexistent/tables.json";
  EXPECT_EQ(RunSpiderEval(options, *factory, out).code(), StatusCode::kNotFound);
  options = CommandOptions();
  options.questions_path = options.tables_path;  // valid JSON, wrong shape
  const Status status = RunSpiderEval(options, *factory, out);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("'question' is missing"));
}

}  // namespace
}  // namespace scry::eval
