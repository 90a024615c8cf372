// Prints every chart the chart tests' result shapes get, with the rows the
// reader would put in its "result" dataset, as one JSON array:
//   [{"name": "...", "kind": "bar", "spec": {...}, "values": [{...}, ...]}, ...]
// render_charts.mjs compiles and renders each with vega-lite and vega.
#include <iostream>

#include "answer/chart.h"
#include "answer/result_shape.h"
#include "answer_fixtures.h"

int main() {
  using namespace scry::answer;
  nlohmann::json charts = nlohmann::json::array();
  for (const testing::ChartCase& c : testing::ChartCases()) {
    const auto* query = c.query ? &*c.query : nullptr;
    const Chart chart =
        ChooseChart(DescribeResult(testing::TestModel(), query, c.result), c.result);
    if (chart.kind.empty()) continue;
    charts.push_back({{"name", c.name},
                      {"kind", chart.kind},
                      {"spec", chart.spec},
                      {"values", ChartValues(c.result)}});
  }
  std::cout << charts.dump() << '\n';
  return 0;
}
