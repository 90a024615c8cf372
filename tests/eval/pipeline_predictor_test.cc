// The production predictor end to end on one real database: the model is
// bootstrapped, every question goes through the conversation pipeline, and
// every outcome arrives with what the report needs. Accuracy itself is the
// harness's output, not asserted here (CI's --min-ex ratchet holds it).
#include "eval/pipeline_predictor.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "eval/harness.h"

namespace scry::eval {
namespace {

constexpr char kEvalDir[] = SCRY_SOURCE_DIR "/../shared/eval";
constexpr char kDatabase[] = "concert_singer";

std::string SuitePath(const char* relative) { return std::string(kEvalDir) + relative; }

class PipelinePredictorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::is_directory(SuitePath("/spider/database/") + kDatabase)) {
      GTEST_SKIP() << "the shared evaluation suites are not at " << kEvalDir;
    }
    schemas_ = LoadSpiderSchemas(SuitePath("/spider/tables.json")).value();
    options_.pool.db_dir = SuitePath("/spider/database");
    options_.only_db = kDatabase;
    StatusOr<std::unique_ptr<PipelinePredictorFactory>> factory =
        PipelinePredictorFactory::Create(clock_);
    ASSERT_TRUE(factory.ok()) << factory.status();
    factory_ = std::move(factory).value();
  }

  FixedClock clock_{CivilDate{2024, 6, 1}};
  std::vector<SpiderSchema> schemas_;
  HarnessOptions options_;
  std::unique_ptr<PipelinePredictorFactory> factory_;
};

void ExpectExplainedMisses(const EvalSummary& summary) {
  for (const Miss& miss : summary.misses) {
    EXPECT_NE(miss.outcome, Outcome::kGoldFailed) << miss.gold_sql;
    if (miss.outcome == Outcome::kWrongResult) {
      EXPECT_FALSE(miss.predicted_sql.empty()) << miss.question;
    } else {
      EXPECT_FALSE(miss.detail.empty()) << miss.question;
    }
  }
}

TEST_F(PipelinePredictorTest, AnswersEverySpiderQuestion) {
  const std::vector<SpiderQuestion> questions =
      LoadSpiderQuestions(SuitePath("/spider/questions.json")).value();
  StatusOr<EvalSummary> summary = EvaluateSpider(questions, schemas_, *factory_, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->questions.total, 45);
  ExpectExplainedMisses(*summary);
}

TEST_F(PipelinePredictorTest, AnswersSparcConversations) {
  const std::vector<SparcConversation> conversations =
      LoadSparcConversations(SuitePath("/sparc/conversations.json")).value();
  StatusOr<EvalSummary> summary = EvaluateSparc(conversations, schemas_, *factory_, options_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->interactions->total, 22);
  ExpectExplainedMisses(*summary);
}

}  // namespace
}  // namespace scry::eval
