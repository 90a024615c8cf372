#include "eval/eval_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace scry::eval {
namespace {

using ::testing::HasSubstr;

TEST(EvalDataTest, ParsesSpiderQuestions) {
  StatusOr<std::vector<SpiderQuestion>> questions = ParseSpiderQuestions(
      R"([{"db_id": "shop", "question": "How many?", "query": "SELECT count(*) FROM t",
           "extra": 1}])",
      "q.json");
  ASSERT_TRUE(questions.ok()) << questions.status();
  ASSERT_EQ(questions->size(), 1u);
  EXPECT_EQ((*questions)[0].db_id, "shop");
  EXPECT_EQ((*questions)[0].question, "How many?");
  EXPECT_EQ((*questions)[0].query, "SELECT count(*) FROM t");
}

TEST(EvalDataTest, NamesTheFileAndFieldOfAnError) {
  StatusOr<std::vector<SpiderQuestion>> missing = ParseSpiderQuestions(
      R"([{"db_id": "a", "question": "q", "query": "x"}, {"db_id": "a"}])", "q.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(), "q.json: item 1: 'question' is missing");

  StatusOr<std::vector<SpiderQuestion>> wrong_type =
      ParseSpiderQuestions(R"([{"db_id": 3, "question": "q", "query": "x"}])", "q.json");
  EXPECT_EQ(wrong_type.status().message(), "q.json: item 0: 'db_id' must be a string");

  EXPECT_EQ(ParseSpiderQuestions(R"({"a": 1})", "q.json").status().message(),
            "q.json: must be a list");
  StatusOr<std::vector<SpiderQuestion>> not_json = ParseSpiderQuestions("[{", "q.json");
  EXPECT_EQ(not_json.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(not_json.status().message()), HasSubstr("q.json: not valid JSON"));
}

TEST(EvalDataTest, ParsesSparcConversations) {
  StatusOr<std::vector<SparcConversation>> conversations = ParseSparcConversations(
      R"([{"db_id": "pets", "turns": [{"question": "All pets?", "query": "SELECT * FROM pets"},
                                       {"question": "How many?", "query": "SELECT count(*) FROM pets"}]}])",
      "c.json");
  ASSERT_TRUE(conversations.ok()) << conversations.status();
  ASSERT_EQ(conversations->size(), 1u);
  ASSERT_EQ((*conversations)[0].turns.size(), 2u);
  EXPECT_EQ((*conversations)[0].turns[1].question, "How many?");

  StatusOr<std::vector<SparcConversation>> bad =
      ParseSparcConversations(R"([{"db_id": "pets", "turns": [{"question": "x"}]}])", "c.json");
  EXPECT_EQ(bad.status().message(), "c.json: item 0: turn 0: 'query' is missing");
}

constexpr const char* kTables = R"([{
  "db_id": "shop",
  "table_names": ["customer", "order line"],
  "table_names_original": ["Customer", "Order_Line"],
  "column_names": [[-1, "*"], [0, "customer id"], [0, "name"], [1, "line id"], [1, "customer id"]],
  "column_names_original": [[-1, "*"], [0, "CustomerID"], [0, "Name"], [1, "LineID"],
                            [1, "Customer_ID"]],
  "column_types": ["text", "number", "text", "number", "number"],
  "primary_keys": [1, [3, 4]],
  "foreign_keys": [[4, 1]]
}])";

TEST(EvalDataTest, ParsesSpiderSchemas) {
  StatusOr<std::vector<SpiderSchema>> schemas = ParseSpiderSchemas(kTables, "t.json");
  ASSERT_TRUE(schemas.ok()) << schemas.status();
  ASSERT_EQ(schemas->size(), 1u);
  const SpiderSchema& schema = (*schemas)[0];
  EXPECT_EQ(schema.db_id, "shop");
  EXPECT_EQ(schema.table_names_original[1], "Order_Line");
  EXPECT_EQ(schema.column_names[1].name, "customer id");
  EXPECT_EQ(schema.column_names_original[4].table, 1);
  EXPECT_EQ(schema.primary_keys, (std::vector<int>{1, 3, 4}));
  ASSERT_EQ(schema.foreign_keys.size(), 1u);
  EXPECT_EQ(schema.foreign_keys[0], (std::pair<int, int>{4, 1}));
}

TEST(EvalDataTest, RejectsIndexesOutOfRange) {
  std::string tables = kTables;
  tables.replace(tables.find("[[4, 1]]"), 8, "[[4, 9]]");
  StatusOr<std::vector<SpiderSchema>> schemas = ParseSpiderSchemas(tables, "t.json");
  ASSERT_FALSE(schemas.ok());
  EXPECT_EQ(schemas.status().message(), "t.json: item 0 (shop): 'foreign_keys' is out of range");
}

TEST(EvalDataTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadSpiderQuestions("/nonexistent/q.json").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace scry::eval
