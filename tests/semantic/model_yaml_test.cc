#include "semantic/model_yaml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "semantic/bootstrap.h"
#include "semantic/schema_fixtures.h"

namespace scry::semantic {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Model RichModel() {
  Model model;
  model.name = "retail";
  model.description = "Shops and what they sell.\nSecond line: with a colon.";
  TableModel orders;
  orders.name = "orders";
  orders.display_name = "Orders";
  orders.description = "One row per order";
  orders.synonyms = {"purchases", "sales orders"};
  orders.primary_key = {"order_id"};
  orders.name_column = "order_number";
  orders.time_column = "order_date";
  orders.row_count = 5000;
  ColumnModel id =
      testing::ModelColumn("order_id", DataType::kInteger, ColumnRole::kIdentifier, "Order ID");
  id.format = ValueFormat::kIdentifier;
  id.primary_key = true;
  ColumnModel channel =
      testing::ModelColumn("channel", DataType::kText, ColumnRole::kDimension, "Channel");
  channel.description = "Where it was sold";
  // Values that YAML would read as something else unless quoted.
  channel.values = {"Online",   "yes",  "No",    "null",   "~",   "",     "123",        "1.5",
                    " padded ", "a: b", "#hash", "- dash", "[x]", "it's", "say \"hi\"", "true"};
  channel.distinct_count = 16;
  channel.synonyms = {"sales channel"};
  ColumnModel total =
      testing::ModelColumn("total", DataType::kNumber, ColumnRole::kMeasure, "Total");
  total.default_aggregation = Aggregation::kSum;
  total.format = ValueFormat::kCurrency;
  ColumnModel when =
      testing::ModelColumn("order_date", DataType::kDate, ColumnRole::kTime, "Order date");
  orders.columns = {id, channel, total, when};
  TableModel lines;
  lines.name = "Order Lines";
  lines.columns = {testing::ModelColumn("order_id", DataType::kInteger, ColumnRole::kIdentifier),
                   testing::ModelColumn("line.no", DataType::kInteger, ColumnRole::kIdentifier),
                   testing::ModelColumn("qty", DataType::kInteger, ColumnRole::kMeasure)};
  lines.columns[2].default_aggregation = Aggregation::kMedian;
  lines.columns[2].format = ValueFormat::kCount;
  lines.time_column = "orders.order_date";
  model.tables = {orders, lines};
  model.joins = {{"Order Lines", {"order_id"}, "orders", {"order_id"}},
                 {"Order Lines",
                  {"order_id", "line.no"},
                  "orders",
                  {"order_id", "order_id"},
                  JoinSource::kManual,
                  true},
                 {"orders", {"order_id"}, "Order Lines", {"order_id"}, JoinSource::kInferred}};
  MetricModel revenue{"revenue",
                      "Revenue",
                      "All sales",
                      "sum(orders.total)",
                      ValueFormat::kCurrency,
                      {"sales", "turnover"},
                      {"orders"}};
  MetricModel lines_per_order{"lines_per_order",
                              "",
                              "",
                              "count(*) / count(DISTINCT \"Order Lines\".order_id)",
                              ValueFormat::kPlain,
                              {},
                              {"Order Lines"}};
  model.metrics = {revenue, lines_per_order};
  orders.columns[1].values.push_back("two\nlines |\n  - indented: |\n");
  model.tables[0] = orders;
  model.examples = {{"Revenue by channel?", "SELECT channel, sum(total)\nFROM orders\nGROUP BY 1"},
                    {"Kept", "SELECT 1\n\n"},
                    {"Orders today", "SELECT count(*) FROM orders", false}};
  return model;
}

TEST(ModelYamlTest, RichModelRoundTrips) {
  const Model model = RichModel();
  const std::string yaml = ModelToYaml(model);
  StatusOr<Model> back = ModelFromYaml(yaml);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << yaml;
  EXPECT_EQ(*back, model) << yaml;
  EXPECT_EQ(ModelToYaml(*back), yaml);
}

TEST(ModelYamlTest, BootstrappedModelRoundTrips) {
  BootstrapOptions options;
  options.model_name = "retail";
  StatusOr<Model> model = BootstrapModel(testing::RetailSchema(), options);
  ASSERT_TRUE(model.ok());
  const std::string yaml = ModelToYaml(*model);
  StatusOr<Model> back = ModelFromYaml(yaml);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, *model) << yaml;
}

TEST(ModelYamlTest, LayoutIsShortAndReadable) {
  const std::string yaml = ModelToYaml(RichModel());
  EXPECT_THAT(yaml, HasSubstr("  - name: orders\n"));
  EXPECT_THAT(yaml, HasSubstr("from: Order Lines.order_id\n"));
  EXPECT_THAT(yaml, HasSubstr("to: orders.order_id\n"));
  EXPECT_THAT(yaml, HasSubstr("synonyms: [purchases, sales orders]"));
  EXPECT_THAT(yaml, HasSubstr("        type: date\n        role: time\n"));
  // Defaults are left out.
  EXPECT_THAT(yaml, Not(HasSubstr("format: plain")));
  EXPECT_THAT(yaml, Not(HasSubstr("aggregation: none")));
  EXPECT_THAT(yaml, Not(HasSubstr("source: declared")));
  EXPECT_THAT(yaml, Not(HasSubstr("trusted: true")));
  EXPECT_THAT(yaml, Not(HasSubstr("distinct_count: -1")));
}

TEST(ModelYamlTest, MinimalFileFillsDefaults) {
  StatusOr<Model> model = ModelFromYaml(R"(
name: tiny
tables:
  - name: t
    columns:
      - name: c
        type: integer
        role: measure
        aggregation: sum
metrics:
  - name: m
    expression: sum(t.c)
)");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->tables[0].row_count, -1);
  EXPECT_EQ(model->tables[0].columns[0].format, ValueFormat::kPlain);
  EXPECT_EQ(model->metrics[0].tables, std::vector<std::string>{"t"});
  EXPECT_TRUE(ModelFromYaml("").ok());
}

struct BadYaml {
  const char* text;
  const char* message;
};

class ModelYamlErrorTest : public ::testing::TestWithParam<BadYaml> {};

TEST_P(ModelYamlErrorTest, NamesLineAndProblem) {
  StatusOr<Model> model = ModelFromYaml(GetParam().text);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(model.status().message()), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ModelYamlErrorTest,
    ::testing::Values(
        BadYaml{"name: x\ntables:\n  - name: t\n    colums: []\n",
                "line 4: unknown key 'colums' in a table"},
        BadYaml{"nmae: x\n", "line 1: unknown key 'nmae' in the model"},
        BadYaml{"tables:\n  - name: t\n    columns:\n      - name: c\n        type: integer\n"
                "        role: metric\n",
                "line 6: unknown role 'metric'"},
        BadYaml{"tables:\n  - name: t\n    columns:\n      - name: c\n        type: int\n",
                "line 5: unknown type 'int'"},
        BadYaml{"tables:\n  - name: t\n    row_count: many\n",
                "line 3: 'row_count' must be an integer"},
        BadYaml{"tables:\n  - name: t\n    synonyms: one\n", "line 3: 'synonyms' must be a list"},
        BadYaml{"tables:\n  - columns: []\n", "a table needs a name"},
        BadYaml{"joins:\n  - from: orders\n    to: customers.id\n",
                "line 2: 'from' must be table.column"},
        BadYaml{"joins:\n  - from: a.b\n", "needs 'from' and 'to'"},
        BadYaml{"joins:\n  - from: a.b\n    to: c.d\n    source: guessed\n",
                "line 4: unknown source"},
        BadYaml{"joins:\n  - from: a.b\n    to: c.d\n    one_to_one: maybe\n", "true or false"},
        BadYaml{"joins:\n  - from: {table: a}\n    to: c.d\n", "needs 'table' and 'columns'"},
        BadYaml{"metrics:\n  - name: m\n    expression: sum(t.c)\n    fromat: currency\n",
                "line 4: unknown key 'fromat' in a metric"},
        BadYaml{"examples:\n  - question: q\n    sql: s\n    trusted: perhaps\n", "line 4"},
        BadYaml{"tables: [unclosed\n", "line 2"}, BadYaml{"tables: 3\n", "'tables' must be a list"},
        BadYaml{"- a\n- b\n", "the model must be a map"}));

TEST(ModelYamlTest, SaveAndLoad) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "scry_model_yaml_test.yaml").string();
  const Model model = RichModel();
  ASSERT_TRUE(SaveModel(model, path).ok());
  StatusOr<Model> back = LoadModel(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, model);
  std::remove(path.c_str());
  EXPECT_EQ(LoadModel(path).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(SaveModel(model, "/nonexistent-dir/x.yaml").code(), StatusCode::kUnavailable);
}

TEST(ModelYamlTest, LoadErrorsNameTheFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "scry_model_yaml_bad.yaml").string();
  {
    FILE* file = std::fopen(path.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("name: x\nextra: 1\n", file);
    std::fclose(file);
  }
  StatusOr<Model> model = LoadModel(path);
  EXPECT_THAT(std::string(model.status().message()), HasSubstr(path + ": model YAML: line 2"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace scry::semantic
