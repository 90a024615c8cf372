#include "sql/join_resolver.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/compiler_test_support.h"

namespace scry::sql {
namespace {

using testing::Join;
using testing::RetailModel;

semantic::Model Graph(std::vector<std::string> tables, std::vector<semantic::JoinModel> joins) {
  semantic::Model model;
  for (std::string& name : tables) {
    semantic::TableModel table;
    table.name = std::move(name);
    table.columns = {
        testing::Col("id", semantic::DataType::kInteger, semantic::ColumnRole::kIdentifier)};
    model.tables.push_back(std::move(table));
  }
  model.joins = std::move(joins);
  return model;
}

std::string Describe(const JoinTree& tree) {
  std::string out = tree.root;
  for (const JoinStep& step : tree.steps) {
    out += fmt::format(" {}{}{}", step.parent, step.fans_out ? "<" : ">", step.child);
  }
  return out;
}

TEST(JoinResolver, OneTableNeedsNoJoin) {
  StatusOr<JoinTree> tree = ResolveJoins(RetailModel(), "orders", {"orders"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "orders");
  EXPECT_FALSE(tree->HasFanOut());
}

TEST(JoinResolver, FindsConnectorTables) {
  // order_items to customers and stores goes through orders.
  StatusOr<JoinTree> tree =
      ResolveJoins(RetailModel(), "order_items", {"customers", "stores", "order_items"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "order_items order_items>orders orders>customers orders>stores");
  EXPECT_FALSE(tree->HasFanOut());
}

TEST(JoinResolver, MarksStepsThatFanOut) {
  StatusOr<JoinTree> tree = ResolveJoins(RetailModel(), "customers", {"products"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "customers customers<orders orders<order_items order_items>products");
  EXPECT_TRUE(RepeatsRowsOf(*tree, "customers"));
  EXPECT_TRUE(RepeatsRowsOf(*tree, "orders"));
  EXPECT_FALSE(RepeatsRowsOf(*tree, "order_items"));
  EXPECT_TRUE(RepeatsRowsOf(*tree, "products"));
}

TEST(JoinResolver, NamesAreCaseInsensitive) {
  StatusOr<JoinTree> tree = ResolveJoins(RetailModel(), "ORDERS", {"Stores"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "orders orders>stores");
}

TEST(JoinResolver, UnconnectedTablesFail) {
  StatusOr<JoinTree> tree = ResolveJoins(RetailModel(), "orders", {"sales_targets"});
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(tree.status().message().find("sales_targets"), std::string_view::npos);
  EXPECT_EQ(ResolveJoins(RetailModel(), "nope", {}).status().code(), StatusCode::kInvalidArgument);
}

TEST(JoinResolver, PrefersManyToOneStepsAmongEquallyShortTrees) {
  // x reaches y through a (x → a → y, never fanning out) or through b (x ← b
  // → y, fanning out); b's joins are declared first.
  const semantic::Model model =
      Graph({"x", "y", "a", "b"}, {Join("b", "id", "x", "id"), Join("b", "id", "y", "id"),
                                   Join("x", "id", "a", "id"), Join("a", "id", "y", "id")});
  StatusOr<JoinTree> tree = ResolveJoins(model, "x", {"y"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "x x>a a>y");
}

TEST(JoinResolver, PrefersFewerTablesOverFewerFanOuts) {
  // x ← y directly (fans out) against x → a → c → y (three plain steps).
  const semantic::Model model =
      Graph({"x", "y", "a", "c"}, {Join("y", "id", "x", "id"), Join("x", "id", "a", "id"),
                                   Join("a", "id", "c", "id"), Join("c", "id", "y", "id")});
  StatusOr<JoinTree> tree = ResolveJoins(model, "x", {"y"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "x x<y");
}

TEST(JoinResolver, SteinerTreeSharesConnectors) {
  // A star: hub joins to everything. Reaching s1, s2 and s3 from s1 needs the
  // hub once, not a path per table.
  const semantic::Model model =
      Graph({"s1", "s2", "s3", "hub", "far"},
            {Join("s1", "id", "hub", "id"), Join("s2", "id", "hub", "id"),
             Join("s3", "id", "hub", "id"), Join("far", "id", "s3", "id")});
  StatusOr<JoinTree> tree = ResolveJoins(model, "s1", {"s2", "s3"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "s1 s1>hub hub<s2 hub<s3");
}

TEST(JoinResolver, SelfJoinsAreIgnored) {
  const semantic::Model model =
      Graph({"employee", "dept"},
            {Join("employee", "id", "employee", "id"), Join("employee", "id", "dept", "id")});
  StatusOr<JoinTree> tree = ResolveJoins(model, "employee", {"dept"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(Describe(*tree), "employee employee>dept");
}

TEST(JoinResolver, LargeGraphsFallBackToShortestPaths) {
  // A chain of 40 tables with every table required but the ends' neighbours:
  // too many connector sets to enumerate, the shortest paths still connect.
  std::vector<std::string> tables;
  std::vector<semantic::JoinModel> joins;
  for (int i = 0; i < 40; ++i) tables.push_back(fmt::format("t{}", i));
  for (int i = 0; i + 1 < 40; ++i) {
    joins.push_back(Join(tables[i], "id", tables[i + 1], "id"));
  }
  const semantic::Model model = Graph(tables, joins);
  StatusOr<JoinTree> tree = ResolveJoins(model, "t0", {"t39", "t20"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(tree->steps.size(), 39u);
  EXPECT_FALSE(tree->HasFanOut());
  EXPECT_TRUE(ReachesWithoutFanOut(model, "t0", "t39"));
  EXPECT_FALSE(ReachesWithoutFanOut(model, "t39", "t0"));
}

TEST(JoinResolver, OneToOneJoinsNeverFanOut) {
  semantic::Model model = Graph({"person", "passport"}, {Join("passport", "id", "person", "id")});
  model.joins[0].one_to_one = true;
  StatusOr<JoinTree> tree = ResolveJoins(model, "person", {"passport"});
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_FALSE(tree->HasFanOut());
  EXPECT_FALSE(RepeatsRowsOf(*tree, "person"));
  EXPECT_TRUE(ReachesWithoutFanOut(model, "person", "passport"));
}

}  // namespace
}  // namespace scry::sql
