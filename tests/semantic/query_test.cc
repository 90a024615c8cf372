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

TEST(SemanticQueryTest, WhatAddsUpOverRows) {
  Model model;
  auto metric = [&](std::string name, std::string expression) {
    MetricModel m;
    m.name = std::move(name);
    m.expression = std::move(expression);
    model.metrics.push_back(std::move(m));
  };
  metric("revenue", "sum(order_items.revenue)");
  metric("margin", "sum(order_items.revenue) - sum(order_items.cost) + count(*)");
  metric("gross", "sum(order_items.quantity * order_items.unit_price)");
  metric("aov", "sum(order_items.revenue) / count(DISTINCT orders.order_id)");
  metric("buyers", "count(DISTINCT orders.customer_id)");
  metric("rounded", "round(sum(order_items.revenue), 2)");
  metric("share", "sum(CASE WHEN orders.status = 'done' THEN 1 ELSE 0 END) * 100.0 / count(*)");
  metric("mean", "avg(products.price)");
  for (const char* name : {"revenue", "margin", "gross"}) {
    EXPECT_TRUE(AddsUp(ValueExpr::Metric(name), model)) << name;
  }
  for (const char* name : {"aov", "buyers", "rounded", "share", "mean", "unknown"}) {
    EXPECT_FALSE(AddsUp(ValueExpr::Metric(name), model)) << name;
  }
  EXPECT_TRUE(AddsUp(ValueExpr::CountRows("orders"), model));
  EXPECT_TRUE(AddsUp(ValueExpr::Aggregate(Aggregation::kSum, {"t", "x"}), model));
  EXPECT_TRUE(AddsUp(ValueExpr::Aggregate(Aggregation::kCount, {"t", "x"}), model));
  EXPECT_FALSE(AddsUp(ValueExpr::Aggregate(Aggregation::kCount, {"t", "x"}, true), model));
  EXPECT_FALSE(AddsUp(ValueExpr::Aggregate(Aggregation::kAvg, {"t", "x"}), model));
  EXPECT_FALSE(AddsUp(ValueExpr::Aggregate(Aggregation::kMax, {"t", "x"}), model));
  EXPECT_FALSE(AddsUp(ValueExpr::Column({"t", "x"}), model));
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
