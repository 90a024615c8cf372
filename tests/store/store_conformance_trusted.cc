// Conformance: trusted questions.
#include <gmock/gmock.h>

#include "store/store_conformance.h"

namespace scry::store::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TrustedQuestion MakeTrusted(const std::string& space_id, const std::string& id,
                            int64_t created_ms) {
  TrustedQuestion trusted;
  trusted.id = id;
  trusted.space_id = space_id;
  trusted.question = "revenue by channel in Europe";
  trusted.sql = "SELECT channel, sum(revenue) FROM sales WHERE region = 'Europe' GROUP BY 1";
  trusted.created_by = 7;
  trusted.created_ms = created_ms;
  trusted.updated_ms = created_ms;
  trusted.as_of_ms = created_ms - 100;
  return trusted;
}

std::vector<std::string> Ids(const std::vector<TrustedQuestion>& list) {
  std::vector<std::string> ids;
  ids.reserve(list.size());
  for (const TrustedQuestion& trusted : list) ids.push_back(trusted.id);
  return ids;
}

TEST_P(StoreConformanceTest, TrustedQuestionKeepsEveryField) {
  const TrustedQuestion made = MakeTrusted("sales", "t1", 5000);
  ASSERT_TRUE(store().CreateTrustedQuestion(made).ok());
  StatusOr<TrustedQuestion> read = store().GetTrustedQuestion("sales", "t1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id, "t1");
  EXPECT_EQ(read->space_id, "sales");
  EXPECT_EQ(read->question, made.question);
  EXPECT_EQ(read->sql, made.sql);
  EXPECT_EQ(read->created_by, 7);
  EXPECT_EQ(read->created_ms, 5000);
  EXPECT_EQ(read->updated_ms, 5000);
  EXPECT_EQ(read->as_of_ms, 4900);
  EXPECT_EQ(read->use_count, 0);
  EXPECT_FALSE(read->last_used_ms.has_value());
}

TEST_P(StoreConformanceTest, TrustedQuestionIdsAreUnique) {
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "t1", 5000)).ok());
  EXPECT_EQ(store().CreateTrustedQuestion(MakeTrusted("sales", "t1", 6000)).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store().GetTrustedQuestion("sales", "t1")->created_ms, 5000);
}

TEST_P(StoreConformanceTest, TrustedQuestionsAreListedPerSpaceInCreationOrder) {
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "b", 3000)).ok());
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "a", 4000)).ok());
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("hr", "c", 1000)).ok());
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "d", 3000)).ok());
  StatusOr<std::vector<TrustedQuestion>> sales = store().ListTrustedQuestions("sales");
  ASSERT_TRUE(sales.ok()) << sales.status();
  EXPECT_THAT(Ids(*sales), ElementsAre("b", "d", "a"));
  EXPECT_THAT(Ids(*store().ListTrustedQuestions("hr")), ElementsAre("c"));
  EXPECT_THAT(*store().ListTrustedQuestions("none"), IsEmpty());
}

TEST_P(StoreConformanceTest, TrustedQuestionsOfAnotherSpaceAreNotFound) {
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "t1", 5000)).ok());
  TrustedQuestion other = MakeTrusted("hr", "t1", 6000);
  EXPECT_EQ(store().GetTrustedQuestion("hr", "t1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().UpdateTrustedQuestion(other).code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteTrustedQuestion("hr", "t1").code(), StatusCode::kNotFound);
  EXPECT_EQ(store().RecordTrustedUse("hr", "t1", 7000).code(), StatusCode::kNotFound);
  EXPECT_EQ(store().GetTrustedQuestion("sales", "missing").status().code(), StatusCode::kNotFound);
  // Nothing changed the one that exists.
  StatusOr<TrustedQuestion> kept = store().GetTrustedQuestion("sales", "t1");
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->updated_ms, 5000);
  EXPECT_EQ(kept->use_count, 0);
}

TEST_P(StoreConformanceTest, UpdateTrustedQuestionReplacesTextSqlAndTimesOnly) {
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "t1", 5000)).ok());
  TrustedQuestion changed = MakeTrusted("sales", "t1", 1);
  changed.question = "revenue by channel in Asia Pacific";
  changed.sql = "SELECT 1";
  changed.created_by = 99;
  changed.updated_ms = 8000;
  changed.as_of_ms = 7900;
  changed.use_count = 50;
  ASSERT_TRUE(store().UpdateTrustedQuestion(changed).ok());
  StatusOr<TrustedQuestion> read = store().GetTrustedQuestion("sales", "t1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->question, "revenue by channel in Asia Pacific");
  EXPECT_EQ(read->sql, "SELECT 1");
  EXPECT_EQ(read->updated_ms, 8000);
  EXPECT_EQ(read->as_of_ms, 7900);
  EXPECT_EQ(read->created_ms, 5000);
  EXPECT_EQ(read->created_by, 7);
  EXPECT_EQ(read->use_count, 0);
}

TEST_P(StoreConformanceTest, RecordTrustedUseCountsAndKeepsTheLastTime) {
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "t1", 5000)).ok());
  ASSERT_TRUE(store().RecordTrustedUse("sales", "t1", 9000).ok());
  ASSERT_TRUE(store().RecordTrustedUse("sales", "t1", 9500).ok());
  StatusOr<TrustedQuestion> read = store().GetTrustedQuestion("sales", "t1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->use_count, 2);
  EXPECT_EQ(read->last_used_ms, 9500);
  EXPECT_EQ(read->updated_ms, 5000);
}

TEST_P(StoreConformanceTest, DeleteTrustedQuestionRemovesOnlyIt) {
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "t1", 5000)).ok());
  ASSERT_TRUE(store().CreateTrustedQuestion(MakeTrusted("sales", "t2", 6000)).ok());
  ASSERT_TRUE(store().DeleteTrustedQuestion("sales", "t1").ok());
  EXPECT_EQ(store().GetTrustedQuestion("sales", "t1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().DeleteTrustedQuestion("sales", "t1").code(), StatusCode::kNotFound);
  EXPECT_THAT(Ids(*store().ListTrustedQuestions("sales")), ElementsAre("t2"));
}

}  // namespace
}  // namespace scry::store::conformance
