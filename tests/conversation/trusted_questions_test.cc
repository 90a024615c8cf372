// Trusted questions on the demo warehouse: which questions a trusted question
// answers (its paraphrases, with other values in the same places) and which
// it must not (near-misses), and the SQL each match runs.
#include "conversation/trusted_questions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conversation/test_space.h"
#include "engine/engine.h"

namespace scry::conversation {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 2025-11-24, the demo warehouse's last day, as epoch milliseconds.
constexpr int64_t kMarkedMs = 1'763'942'400'000;

constexpr const char* kByChannel =
    "SELECT stores.channel, sum(order_items.revenue) AS revenue\n"
    "FROM stores\n"
    "JOIN orders ON orders.store_id = stores.store_id\n"
    "JOIN order_items ON order_items.order_id = orders.order_id\n"
    "WHERE stores.region = 'Europe'\n"
    "GROUP BY stores.channel\n"
    "ORDER BY revenue DESC";

constexpr const char* kOrdersInYear =
    "SELECT count(*) AS orders FROM orders "
    "WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01'";

constexpr const char* kTopProducts =
    "SELECT products.product_name, sum(order_items.revenue) AS revenue\n"
    "FROM products JOIN order_items ON order_items.product_id = products.product_id\n"
    "GROUP BY products.product_name ORDER BY revenue DESC LIMIT 5";

// Q3 2025 is "last quarter" on 2025-11-24; the last day written inclusive.
constexpr const char* kMonthlyLastQuarter =
    "SELECT date_trunc('month', orders.order_date)::DATE AS month, "
    "sum(order_items.revenue) AS revenue\n"
    "FROM orders JOIN order_items ON order_items.order_id = orders.order_id\n"
    "WHERE orders.order_date BETWEEN '2025-07-01' AND '2025-09-30'\n"
    "GROUP BY 1 ORDER BY 1";

constexpr const char* kChannelYear =
    "SELECT sum(order_items.revenue) AS revenue FROM stores "
    "JOIN orders ON orders.store_id = stores.store_id "
    "JOIN order_items ON order_items.order_id = orders.order_id "
    "WHERE lower(stores.channel) = 'online' AND year(orders.order_date) = 2024";

constexpr const char* kPaidIn =
    "SELECT count(*) AS orders FROM orders WHERE payment_method = 'Cash'";

class TrustedMatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    StatusOr<std::unique_ptr<testing::TestSpace>> space = testing::BuildTestSpace("trusted", 3000);
    ASSERT_TRUE(space.ok()) << space.status();
    space_ = std::move(space).value().release();
    templater_ = new nlq::QuestionTemplater(space_->model);
  }
  static void TearDownTestSuite() {
    delete templater_;
    delete space_;
  }

  static PreparedTrusted Prepare(const std::string& question, const std::string& sql,
                                 int64_t as_of_ms = kMarkedMs) {
    store::TrustedQuestion record;
    record.id = "t";
    record.space_id = "trusted";
    record.question = question;
    record.sql = sql;
    record.as_of_ms = as_of_ms;
    return PrepareTrusted(*templater_, record);
  }

  // The SQL `trusted` answers `question` with, asked on `today`.
  static std::optional<std::string> Answer(const PreparedTrusted& trusted,
                                           const std::string& question,
                                           CivilDate today = {2025, 11, 24}) {
    return MatchTrusted(trusted, templater_->Read(question, today));
  }

  static std::string Template(const std::string& question) {
    return templater_->Read(question, {2025, 11, 24}).ToString();
  }

  // Runs `sql` through the space's guard and engine; the rows.
  static engine::ResultSet Run(const std::string& sql) {
    StatusOr<sql::CheckedSql> checked = space_->guard->Check(sql, space_->runtime.policy);
    EXPECT_TRUE(checked.ok()) << checked.status() << "\n" << sql;
    if (!checked.ok()) return {};
    StatusOr<std::unique_ptr<engine::Connection>> connection = space_->engine->Connect();
    EXPECT_TRUE(connection.ok()) << connection.status();
    StatusOr<engine::ResultSet> rows = (*connection)->Query(checked->sql, {}, {});
    EXPECT_TRUE(rows.ok()) << rows.status() << "\n" << sql;
    return rows.ok() ? std::move(rows).value() : engine::ResultSet{};
  }

  static testing::TestSpace* space_;
  static nlq::QuestionTemplater* templater_;
};

testing::TestSpace* TrustedMatchTest::space_ = nullptr;
nlq::QuestionTemplater* TrustedMatchTest::templater_ = nullptr;

TEST_F(TrustedMatchTest, ValuesOfTheMarkedQuestionBecomeParameters) {
  const PreparedTrusted trusted = Prepare("revenue by channel in Europe", kByChannel);
  ASSERT_EQ(trusted.parameters.size(), 1u) << trusted.question.ToString();
  EXPECT_EQ(trusted.parameters[0].name, "region");
  EXPECT_EQ(trusted.parameters[0].kind, "value");
  EXPECT_EQ(trusted.parameters[0].value, "Europe");

  const PreparedTrusted year = Prepare("how many orders in 2024", kOrdersInYear);
  ASSERT_EQ(year.parameters.size(), 1u) << year.question.ToString();
  EXPECT_EQ(year.parameters[0].kind, "year");
  EXPECT_EQ(year.parameters[0].value, "2024");
  EXPECT_EQ(year.bindings.size(), 2u);  // the first day and the day after

  const PreparedTrusted two = Prepare("revenue of online stores in 2024", kChannelYear);
  ASSERT_EQ(two.parameters.size(), 2u) << two.question.ToString();
}

TEST_F(TrustedMatchTest, AnExactRepeatRunsTheSqlAsMarked) {
  const PreparedTrusted trusted = Prepare("revenue by channel in Europe", kByChannel);
  EXPECT_EQ(Answer(trusted, "revenue by channel in Europe"), kByChannel);
  EXPECT_EQ(Answer(trusted, "  Revenue by channel in Europe?  "), kByChannel);
}

TEST_F(TrustedMatchTest, ParaphrasesWithAnotherValueMatchWithThatValue) {
  const PreparedTrusted trusted = Prepare("revenue by channel in Europe", kByChannel);
  struct Case {
    const char* question;
    const char* value;
  };
  const Case cases[] = {
      {"revenue per channel in Asia Pacific", "'Asia Pacific'"},
      {"What is the total revenue by channel for Latin America?", "'Latin America'"},
      {"North America revenue by channel", "'North America'"},
      {"show me revenue for each channel in North America", "'North America'"},
      {"REVENUE BY CHANNEL, EUROPE", "'Europe'"},
      {"revenue by channels in europe", "'Europe'"},
      {"in Asia Pacific, what was the revenue by channel", "'Asia Pacific'"},
      {"sales by channel in Asia Pacific", "'Asia Pacific'"},
      {"Could you please give me the revenue broken down by channel for Europe", "'Europe'"},
      {"European revenue by channel", "'Europe'"},
  };
  for (const Case& c : cases) {
    std::optional<std::string> sql = Answer(trusted, c.question);
    ASSERT_TRUE(sql.has_value()) << c.question << "\n  asked:   " << Template(c.question)
                                 << "\n  trusted: " << trusted.question.ToString();
    EXPECT_THAT(*sql, HasSubstr("WHERE stores.region = " + std::string(c.value))) << c.question;
  }
  // The new value really filters: Asia Pacific's channels, all of them.
  const engine::ResultSet rows = Run(*Answer(trusted, "revenue per channel in Asia Pacific"));
  EXPECT_GT(rows.row_count(), 0u);
}

TEST_F(TrustedMatchTest, AnotherYearReplacesBothEndsOfTheRange) {
  const PreparedTrusted trusted = Prepare("how many orders in 2024", kOrdersInYear);
  for (const char* question : {"number of orders in 2023", "count of orders during 2023",
                               "How many orders were there in 2023?"}) {
    std::optional<std::string> sql = Answer(trusted, question);
    ASSERT_TRUE(sql.has_value()) << question << "\n  asked:   " << Template(question)
                                 << "\n  trusted: " << trusted.question.ToString();
    EXPECT_THAT(*sql, HasSubstr("order_date >= DATE '2023-01-01' AND order_date < DATE "
                                "'2024-01-01'"))
        << question;
  }
}

TEST_F(TrustedMatchTest, AnotherNumberReplacesTheLimit) {
  const PreparedTrusted trusted = Prepare("top 5 products by revenue", kTopProducts);
  std::optional<std::string> sql = Answer(trusted, "top 10 products by revenue");
  ASSERT_TRUE(sql.has_value()) << Template("top 10 products by revenue") << "\n"
                               << trusted.question.ToString();
  EXPECT_THAT(*sql, HasSubstr("LIMIT 10"));
  sql = Answer(trusted, "the top 3 products by revenue");
  ASSERT_TRUE(sql.has_value());
  EXPECT_THAT(*sql, HasSubstr("LIMIT 3"));
  EXPECT_EQ(Run(*sql).row_count(), 3u);
}

TEST_F(TrustedMatchTest, RelativeRangesAreReadOnTheirOwnDay) {
  const PreparedTrusted trusted = Prepare("revenue by month last quarter", kMonthlyLastQuarter);
  ASSERT_EQ(trusted.parameters.size(), 1u) << trusted.question.ToString();
  EXPECT_EQ(trusted.parameters[0].kind, "quarter");
  // Asked later, "last quarter" is another quarter.
  std::optional<std::string> sql =
      Answer(trusted, "monthly revenue last quarter", CivilDate{2026, 2, 10});
  ASSERT_TRUE(sql.has_value()) << Template("monthly revenue last quarter");
  EXPECT_THAT(*sql, HasSubstr("BETWEEN '2025-10-01' AND '2025-12-31'"));
  sql = Answer(trusted, "revenue by month in Q1 2025");
  ASSERT_TRUE(sql.has_value()) << Template("revenue by month in Q1 2025");
  EXPECT_THAT(*sql, HasSubstr("BETWEEN '2025-01-01' AND '2025-03-31'"));
  EXPECT_EQ(Run(*sql).row_count(), 3u);
}

TEST_F(TrustedMatchTest, SeveralParametersAndTheSqlsOwnCase) {
  const PreparedTrusted trusted = Prepare("revenue of online stores in 2024", kChannelYear);
  std::optional<std::string> sql = Answer(trusted, "revenue of Retail stores in 2023");
  ASSERT_TRUE(sql.has_value()) << Template("revenue of Retail stores in 2023") << "\n"
                               << trusted.question.ToString();
  EXPECT_THAT(*sql, HasSubstr("lower(stores.channel) = 'retail'"));
  EXPECT_THAT(*sql, HasSubstr("year(orders.order_date) = 2023"));
  EXPECT_GT(Run(*sql).row_count(), 0u);
}

TEST_F(TrustedMatchTest, ADayAndAPercentTakeTheirNewValues) {
  const PreparedTrusted day = Prepare("orders on 5 March 2024",
                                      "SELECT * FROM orders WHERE order_date = DATE '2024-03-05'");
  ASSERT_EQ(day.parameters.size(), 1u) << day.question.ToString();
  EXPECT_EQ(day.parameters[0].kind, "day");
  std::optional<std::string> sql = Answer(day, "orders on April 7, 2024");
  ASSERT_TRUE(sql.has_value()) << Template("orders on April 7, 2024");
  EXPECT_THAT(*sql, HasSubstr("order_date = DATE '2024-04-07'"));
  EXPECT_FALSE(Answer(day, "orders in April 2024").has_value());  // a month, not a day

  const PreparedTrusted percent = Prepare("order lines with a discount over 10%",
                                          "SELECT count(*) FROM order_items WHERE discount > 0.1");
  ASSERT_EQ(percent.parameters.size(), 1u) << percent.question.ToString();
  EXPECT_EQ(percent.parameters[0].kind, "percent");
  sql = Answer(percent, "order lines with a discount over 25%");
  ASSERT_TRUE(sql.has_value()) << Template("order lines with a discount over 25%");
  EXPECT_THAT(*sql, HasSubstr("discount > 0.25"));
  EXPECT_FALSE(Answer(percent, "order lines with a discount over 25").has_value());
}

TEST_F(TrustedMatchTest, NearMissesDoNotMatch) {
  const PreparedTrusted by_channel = Prepare("revenue by channel in Europe", kByChannel);
  const PreparedTrusted orders = Prepare("how many orders in 2024", kOrdersInYear);
  const PreparedTrusted top = Prepare("top 5 products by revenue", kTopProducts);
  const PreparedTrusted paid = Prepare("orders paid in Cash", kPaidIn);
  struct Case {
    const PreparedTrusted* trusted;
    const char* question;
  };
  const Case cases[] = {
      {&by_channel, "cost by channel in Europe"},                // another measure
      {&by_channel, "average revenue by channel in Europe"},     // another aggregate
      {&by_channel, "revenue by region in Europe"},              // another grouping
      {&by_channel, "revenue by channel"},                       // a filter fewer
      {&by_channel, "revenue by channel in Europe in 2024"},     // a filter more
      {&by_channel, "revenue by channel in Europe for Online"},  // a value more
      {&by_channel, "revenue by channel in France"},             // a value of another column
      {&by_channel, "revenue by channel not in Europe"},         // negated
      {&by_channel, "revenue by channel in Europe by month"},    // a grain more
      {&by_channel, "revenue by channel in Europe compared with last year"},
      {&by_channel, "number of orders by channel in Europe"},
      {&orders, "how many customers in 2024"},     // another table
      {&orders, "how many orders in March 2024"},  // a month, not a year
      {&orders, "how many orders since 2024"},     // an open range
      {&orders, "how many orders by store in 2024"},
      {&top, "bottom 5 products by revenue"},
      {&top, "top 5 brands by revenue"},
      {&top, "top 5 products by quantity"},
      {&top, "top 5 products by revenue in 2024"},
      {&paid, "orders not paid in Cash"},
      {&paid, "customers paid in Cash"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(Answer(*c.trusted, c.question).has_value())
        << c.question << "\n  asked:   " << Template(c.question)
        << "\n  trusted: " << c.trusted->question.ToString();
  }
}

TEST_F(TrustedMatchTest, AValueTheSqlDoesNotHoldIsFixed) {
  // The SQL computes the quarter itself: "last quarter" matches when said the
  // same way, another quarter does not (the SQL could not answer it).
  const PreparedTrusted trusted =
      Prepare("revenue last quarter",
              "SELECT sum(order_items.revenue) AS revenue FROM orders JOIN order_items ON "
              "order_items.order_id = orders.order_id WHERE orders.order_date >= "
              "date_trunc('quarter', current_date) - INTERVAL 3 MONTH AND orders.order_date < "
              "date_trunc('quarter', current_date)");
  EXPECT_TRUE(trusted.parameters.empty());
  EXPECT_TRUE(Answer(trusted, "revenue last quarter", CivilDate{2026, 2, 10}).has_value());
  EXPECT_FALSE(Answer(trusted, "revenue in Q1 2025").has_value());
}

TEST_F(TrustedMatchTest, AFixedRangeWithDatesOfItsOwnNeedsTheSameDates) {
  // The SQL writes its dates in a form that is no parameter (timestamps):
  // "last quarter" asked in another quarter must not run the old dates.
  const PreparedTrusted trusted = Prepare(
      "revenue last quarter",
      "SELECT sum(order_items.revenue) AS revenue FROM orders JOIN order_items ON "
      "order_items.order_id = orders.order_id WHERE orders.order_date >= "
      "TIMESTAMP '2025-07-01 00:00:00' AND orders.order_date < TIMESTAMP '2025-10-01 00:00:00'");
  EXPECT_TRUE(trusted.parameters.empty());
  EXPECT_TRUE(trusted.sql_has_dates);
  EXPECT_TRUE(Answer(trusted, "revenue last quarter").has_value());
  EXPECT_FALSE(Answer(trusted, "revenue last quarter", CivilDate{2026, 2, 10}).has_value());
}

TEST_F(TrustedMatchTest, ALiteralOfTwoValuesBindsNeither) {
  // 5 is both the limit and the threshold: which a new number replaces is
  // unknown, so both stay as marked.
  const PreparedTrusted trusted =
      Prepare("top 5 customers with more than 5 orders",
              "SELECT customer_id, count(*) AS orders FROM orders GROUP BY customer_id "
              "HAVING count(*) > 5 ORDER BY orders DESC LIMIT 5");
  EXPECT_TRUE(trusted.parameters.empty()) << trusted.question.ToString();
  EXPECT_TRUE(Answer(trusted, "top 5 customers with more than 5 orders").has_value());
  EXPECT_FALSE(Answer(trusted, "top 3 customers with more than 5 orders").has_value());
}

TEST_F(TrustedMatchTest, QuotesInANewValueAreEscaped) {
  const PreparedTrusted trusted =
      Prepare("orders of customer \"Aria Edwards\"",
              "SELECT count(*) FROM orders JOIN customers ON customers.customer_id = "
              "orders.customer_id WHERE customers.customer_name = 'Aria Edwards'");
  std::optional<std::string> sql = Answer(trusted, "orders of customer \"O'Brien; DROP TABLE\"");
  ASSERT_TRUE(sql.has_value()) << trusted.question.ToString();
  EXPECT_THAT(*sql, HasSubstr("customer_name = 'O''Brien; DROP TABLE'"));
  EXPECT_THAT(*sql, Not(HasSubstr("'Aria Edwards'")));
  EXPECT_EQ(Run(*sql).row_count(), 1u);  // count(*) of nothing
}

}  // namespace
}  // namespace scry::conversation
