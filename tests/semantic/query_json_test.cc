#include "semantic/query_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace scry::semantic {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

Predicate Compare(ValueExpr lhs, CompareOp op, std::vector<Literal> values, bool negated = false) {
  Predicate predicate;
  predicate.lhs = std::move(lhs);
  predicate.op = op;
  predicate.values = std::move(values);
  predicate.negated = negated;
  return predicate;
}

// Customers who bought online in 2024 but not in 2025, with revenue above the
// average customer's, by region and month: every part of the IR at once.
SemanticQuery ComplexQuery() {
  SemanticQuery average;
  average.subject_table = "order_items";
  average.select = {{ValueExpr::Aggregate(Aggregation::kAvg, {"order_items", "revenue"}), ""}};

  SemanticQuery online;
  online.subject_table = "orders";
  online.select = {{ValueExpr::Column({"orders", "customer_id"}), ""}};
  online.where = Filter::Of(
      Compare(ValueExpr::Column({"orders", "channel"}), CompareOp::kEq, {Literal::Text("Online")}));

  SemanticQuery query;
  query.subject_table = "customers";
  query.select = {
      {ValueExpr::Column({"stores", "region"}), "Region"},
      {ValueExpr::Column({"orders", "order_date"}, TimeGrain::kMonth), ""},
      {ValueExpr::Aggregate(Aggregation::kSum, {"order_items", "revenue"}), "revenue"},
      {ValueExpr::Aggregate(Aggregation::kSum, {"order_items", "revenue"}), "", true},
      {ValueExpr::Aggregate(Aggregation::kCount, {"orders", "order_id"}, true), ""},
      {ValueExpr::CountRows("orders"), "orders"},
      {ValueExpr::Metric("average_order_value"), ""},
      {ValueExpr::AllColumns("customers"), ""},
  };
  query.distinct = true;
  query.group_by = {ValueExpr::Column({"stores", "region"}),
                    ValueExpr::Column({"orders", "order_date"}, TimeGrain::kMonth)};
  Predicate in_online =
      Compare(ValueExpr::Column({"customers", "customer_id"}), CompareOp::kIn, {});
  in_online.subquery = Box<SemanticQuery>(online);
  query.where = Filter::And({
      Filter::Of(in_online),
      Filter::Or({
          Filter::Of(Compare(ValueExpr::Column({"customers", "segment"}), CompareOp::kIn,
                             {Literal::Text("Consumer"), Literal::Text("Corporate")})),
          Filter::Of(Compare(ValueExpr::Column({"customers", "name"}), CompareOp::kStartsWith,
                             {Literal::Text("A")}, true)),
      }),
      Filter::Of(Compare(ValueExpr::Column({"orders", "discount"}), CompareOp::kBetween,
                         {Literal::Number(0.05, "0.05"), Literal::Number(0.5)})),
      Filter::Of(Compare(ValueExpr::Column({"customers", "email"}), CompareOp::kIsNull, {}, true)),
      Filter::Of(Compare(ValueExpr::Column({"orders", "is_gift"}), CompareOp::kEq,
                         {Literal::Boolean(false)})),
      Filter::Of(Compare(ValueExpr::Column({"orders", "shipped"}), CompareOp::kGe,
                         {Literal::Date({2024, 2, 29})})),
      Filter::Of(Compare(ValueExpr::Column({"orders", "note"}), CompareOp::kNe, {Literal::Null()})),
  });
  Predicate above = Compare(ValueExpr::Aggregate(Aggregation::kSum, {"order_items", "revenue"}),
                            CompareOp::kGt, {});
  above.subquery = Box<SemanticQuery>(average);
  query.having = Filter::And(
      {Filter::Of(above), Filter::Of(Compare(ValueExpr::CountRows("orders"), CompareOp::kGt,
                                             {Literal::Integer(100)}))});
  query.time_range = TimeRange{{"orders", "order_date"}, {2024, 1, 1}, {2025, 1, 1}, "in 2024"};
  query.comparison = PeriodComparison{PeriodComparison::Kind::kPreviousYear};
  query.order_by = {{ValueExpr::Aggregate(Aggregation::kSum, {"order_items", "revenue"}), true},
                    {ValueExpr::Column({"stores", "region"}), false}};
  query.limit = 10;
  query.chart = ChartPreference::kPie;
  SemanticQuery later = query;
  later.set_operation.reset();
  later.time_range = TimeRange{{"orders", "order_date"}, {2025, 1, 1}, {2026, 1, 1}, ""};
  query.set_operation = Box<SetOperation>(SetOperation{SetOp::kExcept, later});
  return query;
}

TEST(QueryJsonTest, ComplexQueryRoundTrips) {
  const SemanticQuery query = ComplexQuery();
  const json encoded = QueryToJson(query);
  StatusOr<SemanticQuery> back = QueryFromJson(encoded);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << encoded.dump(2);
  EXPECT_EQ(*back, query) << encoded.dump(2);
  // Through text too, as stored.
  StatusOr<SemanticQuery> reparsed = QueryFromJson(json::parse(encoded.dump()));
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  EXPECT_EQ(*reparsed, query);
}

TEST(QueryJsonTest, ReadableShape) {
  SemanticQuery query;
  query.subject_table = "orders";
  query.select = {{ValueExpr::Aggregate(Aggregation::kSum, {"order_items", "revenue"}), ""}};
  query.group_by = {ValueExpr::Column({"stores", "region"})};
  EXPECT_EQ(QueryToJson(query), json::parse(R"({
    "subject": "orders",
    "select": [{"value": {"kind": "aggregate", "aggregation": "sum",
                          "column": "order_items.revenue"}}],
    "group_by": [{"kind": "column", "column": "stores.region"}]})"));
  EXPECT_EQ(QueryToJson(SemanticQuery{}), json::object());
}

TEST(QueryJsonTest, CumulativeAndChartPreference) {
  SemanticQuery query;
  query.select = {{ValueExpr::Column({"orders", "order_date"}, TimeGrain::kMonth), ""},
                  {ValueExpr::Metric("revenue"), "", true}};
  query.chart = ChartPreference::kLine;
  const json encoded = QueryToJson(query);
  EXPECT_EQ(encoded, json::parse(R"({
    "select": [{"value": {"kind": "column", "column": "orders.order_date", "grain": "month"}},
               {"value": {"kind": "metric", "metric": "revenue"}, "cumulative": true}],
    "chart": "line"})"));
  StatusOr<SemanticQuery> back = QueryFromJson(encoded);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, query);
  for (ChartPreference preference :
       {ChartPreference::kPie, ChartPreference::kBar, ChartPreference::kTable}) {
    query.chart = preference;
    back = QueryFromJson(QueryToJson(query));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->chart, preference);
  }
}

TEST(QueryJsonTest, LiteralsArePlainWhenTheirKindSaysAll) {
  SemanticQuery query;
  query.where = Filter::Of(
      Compare(ValueExpr::Column({"t", "c"}), CompareOp::kIn,
              {Literal::Null(), Literal::Boolean(true), Literal::Integer(42), Literal::Number(2.5),
               Literal::Text("x"), Literal::Number(2.5, "2.50"), Literal::Date({2024, 1, 31})}));
  const json values = QueryToJson(query)["where"]["values"];
  EXPECT_EQ(values, json::parse(R"([null, true, 42, 2.5, "x",
      {"kind": "number", "number": 2.5, "text": "2.50"},
      {"kind": "date", "date": "2024-01-31"}])"));
}

TEST(QueryJsonTest, OddValuesStayExact) {
  SemanticQuery query;
  ValueExpr odd = ValueExpr::Column({"a.b", "c.d"});
  odd.aggregation = Aggregation::kMax;  // not meaningful for a column, still kept
  query.select = {{odd, ""}, {ValueExpr::Column({"", "x"}), ""}};
  Literal date = Literal::Date({2023, 2, 30});  // not a real date
  query.where = Filter::Of(Compare(ValueExpr::Column({"t", "c"}), CompareOp::kEq, {date}));
  query.having = Filter::Or({});
  StatusOr<SemanticQuery> back = QueryFromJson(QueryToJson(query));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, query) << QueryToJson(query).dump(2);
}

struct BadJson {
  const char* text;
  const char* message;
};

class QueryJsonErrorTest : public ::testing::TestWithParam<BadJson> {};

TEST_P(QueryJsonErrorTest, NamesTheField) {
  StatusOr<SemanticQuery> query = QueryFromJson(json::parse(GetParam().text));
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(query.status().message()), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, QueryJsonErrorTest,
    ::testing::Values(
        BadJson{"[]", "expected an object"}, BadJson{R"({"selct": []})", "'selct': unknown field"},
        BadJson{R"({"select": [{"value": {"kind": "sum"}}]})", "'select[0].value.kind': unknown"},
        BadJson{R"({"select": [{"value": {"column": "a.b"}}]})", "missing 'kind'"},
        BadJson{R"({"select": [{"label": "x"}]})", "'select[0]': missing 'value'"},
        BadJson{R"({"group_by": [{"kind": "column", "column": "nodot"}]})", "table.column"},
        BadJson{R"({"where": {"and": [{"lhs": {"kind": "column"}, "op": "like"}]}})",
                "'where.and[0].op': unknown value 'like'"},
        BadJson{R"({"where": {"nand": []}})", "expected \"and\""},
        BadJson{R"({"where": {"and": [], "or": []}})", "'where.or': unknown field"},
        BadJson{R"({"limit": "ten"})", "'limit': expected an integer"},
        BadJson{R"({"distinct": 1})", "expected true or false"},
        BadJson{R"({"time_range": {"column": "a.b", "start": "2024-13-01", "end": "2025-01-01"}})",
                "'time_range.start': expected a date"},
        BadJson{R"({"time_range": {"column": "a.b"}})", "missing 'start'"},
        BadJson{R"({"comparison": "last_week"})", "unknown value"},
        BadJson{R"({"chart": "donut"})", "'chart': unknown value 'donut'"},
        BadJson{R"({"chart": ""})", "'chart': unknown value ''"},
        BadJson{R"({"select": [{"value": {"kind": "metric"}, "cumulative": "yes"}]})",
                "'select[0].cumulative': expected true or false"},
        BadJson{R"({"select": [{"value": {"kind": "metric"}, "running": true}]})",
                "'select[0].running': unknown field"},
        BadJson{R"({"set_operation": {"op": "union"}})", "missing 'query'"},
        BadJson{R"({"where": {"lhs": {"kind": "column"}, "values": [{"kind": "money"}]}})",
                "'where.values[0].kind'"},
        BadJson{R"({"where": {"lhs": {"kind": "column"}, "subquery": {"limit": -1.5}}})",
                "'where.subquery.limit'"}));

}  // namespace
}  // namespace scry::semantic
