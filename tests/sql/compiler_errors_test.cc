// The compiler's errors: every way a query can fail to compile, with the
// status code and a message that names what is wrong.
#include <gtest/gtest.h>

#include "sql/compiler_test_support.h"
#include "sql/dialect_duckdb.h"

namespace scry::sql::testing {
namespace {

using semantic::PeriodComparison;

SemanticQuery RevenueByStoreRegionLastQuarter() {
  SemanticQuery query;
  query.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue"))};
  query.time_range = Range("orders", "order_date", {2025, 7, 1}, {2025, 10, 1});
  return query;
}

void ExpectError(const SemanticQuery& query, StatusCode code, std::string_view fragment,
                 std::string_view dialect = "duckdb") {
  StatusOr<CompiledSql> compiled = CompileFor(query, dialect);
  ASSERT_FALSE(compiled.ok()) << compiled->sql;
  EXPECT_EQ(compiled.status().code(), code) << compiled.status();
  EXPECT_NE(compiled.status().message().find(fragment), std::string_view::npos)
      << compiled.status();
}

// --- errors ------------------------------------------------------------------------

TEST(CompilerErrors, UnknownNames) {
  SemanticQuery query;
  query.select = {Item(Column("invoices", "total"))};
  ExpectError(query, StatusCode::kInvalidArgument, "unknown table 'invoices'");
  query.select = {Item(Column("orders", "total"))};
  ExpectError(query, StatusCode::kInvalidArgument, "table 'orders' has no column 'total'");
  query.select = {Item(ValueExpr::Metric("profit"))};
  ExpectError(query, StatusCode::kInvalidArgument, "unknown metric 'profit'");
  query.select = {Item(CountRows("orders"))};
  query.where = Eq("orders", "colour", Text("red"));
  ExpectError(query, StatusCode::kInvalidArgument, "no column 'colour'");
  query.where = {};
  query.order_by = {{Column("ghosts", "id"), false}};
  ExpectError(query, StatusCode::kInvalidArgument, "unknown table 'ghosts'");
}

TEST(CompilerErrors, MalformedMetricExpression) {
  semantic::Model model = RetailModel();
  model.metrics.push_back(Metric("broken", "sum(order_items.revenue"));
  model.metrics.push_back(Metric("stray", "sum(order_items.nothing)"));
  const std::unique_ptr<Dialect> dialect = MakeDialect("duckdb");
  SemanticQuery query;
  query.select = {Item(ValueExpr::Metric("broken"))};
  StatusOr<CompiledSql> compiled = Compile(query, model, *dialect);
  EXPECT_EQ(compiled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(compiled.status().message().find("metric 'broken'"), std::string_view::npos);
  query.select = {Item(ValueExpr::Metric("stray"))};
  compiled = Compile(query, model, *dialect);
  EXPECT_EQ(compiled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(compiled.status().message().find("no column 'nothing'"), std::string_view::npos);
}

TEST(CompilerErrors, AggregatesTheTypeCannotTake) {
  SemanticQuery query;
  query.select = {Item(SumOf("customers", "customer_name"))};
  ExpectError(query, StatusCode::kInvalidArgument, "cannot take the sum of text column");
  query.select = {Item(Agg(Aggregation::kNone, "customers", "age"))};
  ExpectError(query, StatusCode::kInvalidArgument, "no aggregation");
  query.select = {Item(Column("customers", "age", TimeGrain::kMonth))};
  ExpectError(query, StatusCode::kInvalidArgument, "is not a date");
}

TEST(CompilerErrors, MedianIsUnimplementedInSqlite) {
  SemanticQuery query;
  query.select = {Item(Agg(Aggregation::kMedian, "customers", "age"))};
  ExpectError(query, StatusCode::kUnimplemented, "median", "sqlite");
  ExpectSql(query, "duckdb", "SELECT median(age) AS median_age\nFROM customers");
  StatusOr<Rows> rows = CompileAndRun(query, "duckdb");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows, (Rows{{"35"}}));
}

TEST(CompilerErrors, UnconnectedTables) {
  SemanticQuery query;
  query.select = {Item(Column("sales_targets", "region")), Item(SumOf("order_items", "revenue"))};
  ExpectError(query, StatusCode::kInvalidArgument, "no chain of joins");
}

TEST(CompilerErrors, ComparisonProblems) {
  SemanticQuery query;
  query.select = {Item(SumOf("order_items", "revenue"))};
  query.comparison = PeriodComparison{};
  ExpectError(query, StatusCode::kInvalidArgument, "needs a time range");
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  query.select.push_back(Item(Column("orders", "order_date", TimeGrain::kMonth)));
  ExpectError(query, StatusCode::kUnimplemented, "its own date column");
}

TEST(CompilerErrors, RunningTotalProblems) {
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_date", TimeGrain::kMonth)),
                  SelectItem{AvgOf("products", "list_price"), "", true}};
  ExpectError(query, StatusCode::kInvalidArgument, "a running total adds up a sum or a count");
  for (const char* metric : {"average_order_value", "revenue_per_unit", "completed_share"}) {
    query.select[1] = SelectItem{ValueExpr::Metric(metric), "", true};
    ExpectError(query, StatusCode::kInvalidArgument, "adds up a sum or a count");
  }
  query.select[1] = SelectItem{Agg(Aggregation::kCountDistinct, "orders", "customer_id"), "", true};
  ExpectError(query, StatusCode::kInvalidArgument, "adds up a sum or a count");
  // A metric of sums and differences adds up.
  query.select[1] = SelectItem{ValueExpr::Metric("margin"), "", true};
  EXPECT_TRUE(CompileFor(query, "duckdb").ok());
  query.select[0] = Item(Column("stores", "region"));
  ExpectError(query, StatusCode::kInvalidArgument, "needs a date broken down by");
  query.select.push_back(Item(Column("orders", "order_date", TimeGrain::kMonth)));
  query.select.push_back(Item(Column("orders", "order_date", TimeGrain::kYear)));
  ExpectError(query, StatusCode::kInvalidArgument, "one time dimension");
  query.select.pop_back();
  query.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  query.comparison = PeriodComparison{};
  ExpectError(query, StatusCode::kUnimplemented, "compared with an earlier period");
}

TEST(CompilerErrors, MalformedPredicates) {
  SemanticQuery query;
  query.select = {Item(CountRows("orders"))};
  query.where = Is(Column("orders", "order_id"), CompareOp::kBetween, {Int(1)});
  ExpectError(query, StatusCode::kInvalidArgument, "needs 2 values");
  query.where = Is(Column("orders", "order_id"), CompareOp::kIn, {});
  ExpectError(query, StatusCode::kInvalidArgument, "needs values");
  query.where = Is(Column("orders", "shipping"), CompareOp::kGt, {Literal::Number(1, "1; DROP")});
  ExpectError(query, StatusCode::kInvalidArgument, "is not a number");
  query.where = Is(Column("orders", "status"), CompareOp::kContains, {Day(2024, 1, 1)});
  ExpectError(query, StatusCode::kInvalidArgument, "needs a text value");
  SemanticQuery two;
  two.select = {Item(Column("orders", "order_id")), Item(Column("orders", "status"))};
  query.where = InSubquery(Column("orders", "order_id"), two);
  ExpectError(query, StatusCode::kInvalidArgument, "exactly one value");
}

TEST(CompilerErrors, ShapesThatCannotBeWritten) {
  SemanticQuery query;
  query.select = {};
  ExpectError(query, StatusCode::kInvalidArgument, "selects nothing");
  query.select = {Item(CountRows("orders"))};
  query.order_by = {{Column("orders", "status"), false}};
  ExpectError(query, StatusCode::kInvalidArgument, "can only be ordered by");
  query.order_by.clear();
  query.time_range = Range("orders", "order_date", {2024, 4, 1}, {2024, 4, 1});
  ExpectError(query, StatusCode::kInvalidArgument, "is empty");
  query.time_range.reset();
  query.where = Filter::Or(
      {Eq("orders", "status", Text("x")), Is(CountRows("orders"), CompareOp::kGt, {Int(1)})});
  ExpectError(query, StatusCode::kInvalidArgument, "cannot be split");
  SemanticQuery names;
  names.select = {Item(Column("customers", "customer_name")), Item(Column("customers", "email"))};
  SemanticQuery one;
  one.select = {Item(Column("customers", "customer_name"))};
  names.set_operation = semantic::SetOperation{semantic::SetOp::kUnion, one};
  ExpectError(names, StatusCode::kInvalidArgument, "select 2 and 1 values");
}

// A dialect that allows one JOIN per SELECT, as ClickHouse 18 does: a new
// engine is a new Dialect, and the compiler asks it what it can do.
class OneJoinDialect final : public Dialect {
 public:
  std::string_view name() const override { return "one_join"; }
  std::string QuoteIdentifier(std::string_view id) const override {
    return base_.QuoteIdentifier(id);
  }
  std::string QuoteString(std::string_view text) const override { return base_.QuoteString(text); }
  std::string DateLiteral(const CivilDate& date) const override { return base_.DateLiteral(date); }
  std::string BooleanLiteral(bool value) const override { return base_.BooleanLiteral(value); }
  std::string TruncateDate(std::string_view e, TimeGrain grain) const override {
    return base_.TruncateDate(e, grain);
  }
  StatusOr<std::string> Aggregate(Aggregation a, std::string_view e, bool d) const override {
    return base_.Aggregate(a, e, d);
  }
  std::string TextMatch(std::string_view e, CompareOp op, std::string_view p) const override {
    return base_.TextMatch(e, op, p);
  }
  std::string CastToText(std::string_view e) const override { return base_.CastToText(e); }
  bool IntegerDivisionTruncates() const override { return false; }
  bool SupportsCte() const override { return false; }
  bool SupportsWindowFunctions() const override { return false; }
  int MaxJoinsPerSelect() const override { return 1; }
  bool SupportsNullsLast() const override { return false; }

 private:
  DuckDbDialect base_;
};

TEST(CompilerErrors, RunningTotalNeedsWindowFunctions) {
  const OneJoinDialect dialect;
  SemanticQuery query;
  query.select = {Item(Column("orders", "order_date", TimeGrain::kMonth)),
                  SelectItem{CountRows("orders"), "", true}};
  StatusOr<CompiledSql> compiled = Compile(query, Warehouse::Get().model(), dialect);
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(compiled.status().message().find("window functions"), std::string_view::npos);
}

TEST(CompilerErrors, JoinsBeyondTheDialectsLimit) {
  const OneJoinDialect dialect;
  SemanticQuery query = RevenueByStoreRegionLastQuarter();
  StatusOr<CompiledSql> compiled = Compile(query, Warehouse::Get().model(), dialect);
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(compiled.status().message().find("allows 1 join(s)"), std::string_view::npos);
  query.select[0] = Item(Column("orders", "status"));
  compiled = Compile(query, Warehouse::Get().model(), dialect);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_EQ(compiled->sql.find("WITH"), std::string::npos);
}

TEST(CompilerErrors, GuardAcceptsEveryShapeAbove) {
  // The guard is exercised on every executed query in the other files; here
  // on a few that only compile.
  SemanticQuery query = RevenueByStoreRegionLastQuarter();
  query.comparison = PeriodComparison{PeriodComparison::Kind::kPreviousYear};
  // A running total per region (a window function with PARTITION BY).
  SemanticQuery running = RevenueByStoreRegionLastQuarter();
  running.select.push_back(Item(Column("orders", "order_date", TimeGrain::kWeek)));
  running.select[1].cumulative = true;
  for (const SemanticQuery* shape : {&query, &running}) {
    for (const char* dialect : {"duckdb", "sqlite"}) {
      StatusOr<CompiledSql> compiled = CompileFor(*shape, dialect);
      ASSERT_TRUE(compiled.ok()) << compiled.status();
      StatusOr<CheckedSql> checked =
          Warehouse::Get().guard().Check(compiled->sql, Warehouse::Get().Policy());
      EXPECT_TRUE(checked.ok()) << checked.status() << "\n" << compiled->sql;
    }
  }
}

}  // namespace
}  // namespace scry::sql::testing
