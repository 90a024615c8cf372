#include <gtest/gtest.h>
#include <iostream>
#include "sql/compiler_test_support.h"
namespace scry::sql::testing {
namespace {
void Print(const char* name, const SemanticQuery& q) {
  for (const char* d : {"duckdb", "sqlite"}) {
    auto c = CompileFor(q, d);
    std::cout << "=== " << name << " [" << d << "]\n" << (c.ok() ? c->sql : c.status().ToString()) << "\n";
  }
}
TEST(Scratch, Print) {
  SemanticQuery q;
  q.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue"))};
  q.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  q.where = Eq("stores", "channel", Text("Online"));
  Print("online", q);
  SemanticQuery m;
  m.select = {Item(Column("orders", "order_date", TimeGrain::kQuarter)), Item(ValueExpr::Metric("average_order_value"))};
  m.order_by = {{Column("orders", "order_date", TimeGrain::kQuarter), false}};
  Print("metric", m);
  SemanticQuery a; a.select = {Item(AvgOf("customers", "age"))}; a.where = Eq("orders", "status", Text("completed"));
  Print("semi", a);
  SemanticQuery d; d.select = {Item(Column("products", "category")), Item(SumOf("orders", "shipping"))};
  d.having = Is(SumOf("orders", "shipping"), CompareOp::kGe, {Int(25)}); d.order_by = {{SumOf("orders", "shipping"), true}};
  Print("dedupe", d);
  SemanticQuery c; c.select = {Item(Column("orders", "status")), Item(CountRows("customers"))};
  Print("distinct count", c);
  SemanticQuery p; p.select = {Item(Column("stores", "region")), Item(SumOf("order_items", "revenue")), Item(CountRows("orders"))};
  p.time_range = Range("orders", "order_date", {2024, 1, 1}, {2024, 4, 1});
  p.comparison = semantic::PeriodComparison{semantic::PeriodComparison::Kind::kPreviousYear};
  p.order_by = {{SumOf("order_items", "revenue"), true}};
  Print("comparison", p);
  SemanticQuery e; e.select = {Item(SumOf("order_items", "revenue"))}; e.where = Eq("shipments", "carrier", Text("DHL"));
  Print("exists", e);
  SemanticQuery avg; avg.select = {Item(AvgOf("products", "list_price"))};
  SemanticQuery s; s.select = {Item(Column("products", "product_name"))};
  s.where = Filter::And({InSubquery(Column("products", "list_price"), avg, CompareOp::kGt), Is(Column("products", "product_name"), CompareOp::kContains, {Text("50%")}, true)});
  Print("subquery", s);
  SemanticQuery o; o.select = {Item(Column("orders", "customer_id"))};
  SemanticQuery n; n.subject_table = "customers"; n.select = {Item(Column("customers", "customer_name"))};
  n.where = InSubquery(Column("customers", "customer_id"), o, CompareOp::kIn, true);
  SemanticQuery r = n; r.where = Eq("customers", "region", Text("Asia")); r.limit = 1; r.order_by = {{Column("customers", "customer_name"), false}};
  n.set_operation = semantic::SetOperation{semantic::SetOp::kUnion, r};
  n.order_by = {{Column("customers", "customer_name"), false}};
  Print("setop", n);
  SemanticQuery w; w.select = {Item(Column("Client", "group")), Item(SumOf("order", "Total Amount"))}; w.time_range = Range("order", "placed", {2024,1,1},{2025,1,1});
  Print("odd", w);
  SemanticQuery h; h.select = {Item(Column("customers", "customer_name")), Item(Column("orders", "order_date", TimeGrain::kWeek))};
  h.where = Filter::Or({Filter::And({Eq("orders", "status", Text("returned")), Eq("customers", "region", Text("Europe"))}), Is(Column("orders", "order_id"), CompareOp::kBetween, {Int(105), Int(107)})});
  CompileOptions opt; opt.default_limit = 100;
  for (const char* dd : {"duckdb", "sqlite"}) { auto cc = CompileFor(h, dd, opt); std::cout << "=== listing [" << dd << "]\n" << cc->sql << "\n"; }
}
}  // namespace
}  // namespace scry::sql::testing
