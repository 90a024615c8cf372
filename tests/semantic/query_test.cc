#include "semantic/query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace scry::semantic {
namespace {

using ::testing::ElementsAre;

Filter Eq(std::string column, std::string value) {
  Predicate predicate;
  predicate.lhs = ValueExpr::Column({"t", std::move(column)});
  predicate.values = {Literal::Text(std::move(value))};
  return Filter::Of(std::move(predicate));
}

TEST(FilterTest, AddConjunctToEmptyTakesTheFilter) {
  Filter filter;
  filter.AddConjunct(Eq("a", "1"));
  EXPECT_EQ(filter, Eq("a", "1"));
}

TEST(FilterTest, AddConjunctToAPredicateMakesAnAnd) {
  Filter filter = Eq("a", "1");
  filter.AddConjunct(Eq("b", "2"));
  EXPECT_EQ(filter, Filter::And({Eq("a", "1"), Eq("b", "2")}));
  filter.AddConjunct(Eq("c", "3"));
  EXPECT_EQ(filter, Filter::And({Eq("a", "1"), Eq("b", "2"), Eq("c", "3")}));
}

TEST(FilterTest, AddConjunctWrapsAnOr) {
  Filter filter = Filter::Or({Eq("a", "1"), Eq("a", "2")});
  filter.AddConjunct(Eq("b", "2"));
  EXPECT_EQ(filter, Filter::And({Filter::Or({Eq("a", "1"), Eq("a", "2")}), Eq("b", "2")}));
}

TEST(FilterTest, AddingAnEmptyFilterChangesNothing) {
  Filter filter = Eq("a", "1");
  filter.AddConjunct(Filter());
  EXPECT_EQ(filter, Eq("a", "1"));
  EXPECT_TRUE(Filter().empty());
  EXPECT_FALSE(Eq("a", "1").empty());
}

TEST(SemanticQueryTest, EqualityLooksIntoSubqueriesAndSetOperations) {
  SemanticQuery a;
  a.subject_table = "orders";
  a.select = {{ValueExpr::CountRows("orders"), ""}};
  SemanticQuery b = a;
  EXPECT_EQ(a, b);
  b.limit = 5;
  EXPECT_NE(a, b);
  b = a;

  SemanticQuery inner;
  inner.select = {{ValueExpr::Column({"orders", "customer_id"}), ""}};
  Predicate predicate;
  predicate.lhs = ValueExpr::Column({"customers", "customer_id"});
  predicate.op = CompareOp::kIn;
  predicate.subquery = Box<SemanticQuery>(inner);
  a.where = Filter::Of(predicate);
  b.where = Filter::Of(predicate);
  EXPECT_EQ(a, b);
  (*b.where.predicate.subquery)->limit = 1;
  EXPECT_NE(a, b);
  b.where = a.where;

  a.set_operation = Box<SetOperation>(SetOperation{SetOp::kUnion, inner});
  EXPECT_NE(a, b);
  b.set_operation = a.set_operation;
  EXPECT_EQ(a, b);
  (*b.set_operation)->op = SetOp::kIntersect;
  EXPECT_NE(a, b);
}

TEST(SemanticQueryTest, CopiesAreDeep) {
  SemanticQuery a;
  a.set_operation = Box<SetOperation>(SetOperation{SetOp::kExcept, SemanticQuery{}});
  SemanticQuery b = a;
  (*b.set_operation)->rhs.subject_table = "changed";
  EXPECT_EQ((*a.set_operation)->rhs.subject_table, "");
}

TEST(SemanticQueryTest, TablesAndAggregates) {
  SemanticQuery query;
  query.subject_table = "orders";
  query.select = {{ValueExpr::Column({"stores", "region"}), ""},
                  {ValueExpr::Aggregate(Aggregation::kSum, {"order_items", "revenue"}), ""}};
  query.where = Eq("channel", "Online");
  query.time_range = TimeRange{{"orders", "order_date"}, {2024, 1, 1}, {2025, 1, 1}, ""};
  EXPECT_THAT(query.Tables(), ElementsAre("orders", "stores", "order_items", "t"));
  EXPECT_TRUE(query.HasAggregates());
  query.select.pop_back();
  EXPECT_FALSE(query.HasAggregates());
}

TEST(QueryNamesTest, RoundTrip) {
  for (TimeGrain grain : {TimeGrain::kNone, TimeGrain::kDay, TimeGrain::kWeek, TimeGrain::kMonth,
                          TimeGrain::kQuarter, TimeGrain::kYear}) {
    TimeGrain parsed = TimeGrain::kDay;
    EXPECT_TRUE(ParseTimeGrain(TimeGrainName(grain), &parsed));
    EXPECT_EQ(parsed, grain);
  }
  CompareOp op = CompareOp::kEq;
  EXPECT_TRUE(ParseCompareOp("starts_with", &op));
  EXPECT_EQ(op, CompareOp::kStartsWith);
  EXPECT_FALSE(ParseCompareOp("like", &op));
  ColumnRole role = ColumnRole::kText;
  EXPECT_TRUE(ParseColumnRole("Measure", &role));
  EXPECT_EQ(role, ColumnRole::kMeasure);
  EXPECT_EQ(AggregationName(Aggregation::kCountDistinct), "count_distinct");
}

}  // namespace
}  // namespace scry::semantic
