#include "nlq/examples.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace scry::nlq {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// What people call a column or a metric in a question: its display name
// (lower case), or its name with underscores as spaces.
std::string Spoken(const std::string& display_name, const std::string& name) {
  std::string text = Lower(display_name.empty() ? name : display_name);
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

struct Dimension {
  std::string words;
  std::string first_value;
};

// The things to measure, metrics first, then the measures of the model's
// tables (larger tables first); within each, amounts of money that add up
// before other money, and money before other quantities: what most
// questions are about.
int Interest(semantic::ValueFormat format, bool sums) {
  return (format == semantic::ValueFormat::kCurrency ? 0 : 2) + (sums ? 0 : 1);
}

std::vector<std::string> Measures(const semantic::Model& model) {
  std::vector<std::pair<int, std::string>> metrics;
  for (const semantic::MetricModel& metric : model.metrics) {
    metrics.emplace_back(Interest(metric.format, Lower(metric.expression).starts_with("sum(")),
                         Spoken(metric.display_name, metric.name));
  }
  std::vector<const semantic::TableModel*> tables;
  for (const semantic::TableModel& table : model.tables) tables.push_back(&table);
  std::stable_sort(tables.begin(), tables.end(),
                   [](const auto* a, const auto* b) { return a->row_count > b->row_count; });
  std::vector<std::pair<int, std::string>> columns;
  for (const semantic::TableModel* table : tables) {
    for (const semantic::ColumnModel& column : table->columns) {
      if (column.role != semantic::ColumnRole::kMeasure) continue;
      columns.emplace_back(
          Interest(column.format, column.default_aggregation == semantic::Aggregation::kSum),
          Spoken(column.display_name, column.name));
    }
  }
  std::vector<std::string> measures;
  for (auto* list : {&metrics, &columns}) {
    std::stable_sort(list->begin(), list->end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [interest, words] : *list) measures.push_back(std::move(words));
  }
  return measures;
}

// Dimensions worth grouping by: a handful of values, each a word people use.
std::vector<Dimension> Dimensions(const semantic::Model& model) {
  std::vector<Dimension> dimensions;
  for (const semantic::TableModel& table : model.tables) {
    for (const semantic::ColumnModel& column : table.columns) {
      if (column.role != semantic::ColumnRole::kDimension || column.values.size() < 2 ||
          column.values.size() > 30) {
        continue;
      }
      dimensions.push_back({Spoken(column.display_name, column.name), column.values.front()});
    }
  }
  return dimensions;
}

// Tables whose rows have names (customers, products): "top 10 customers".
std::vector<std::string> NamedEntities(const semantic::Model& model) {
  std::vector<std::string> entities;
  for (const semantic::TableModel& table : model.tables) {
    if (!table.name_column.empty()) entities.push_back(Spoken(table.display_name, table.name));
  }
  return entities;
}

bool HasTime(const semantic::Model& model) {
  for (const semantic::TableModel& table : model.tables) {
    if (!table.time_column.empty()) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> SuggestExampleQuestions(const semantic::Model& model, const Parser& parser,
                                                 const Clock& clock, size_t limit) {
  const std::vector<std::string> measures = Measures(model);
  if (measures.empty() || limit == 0) return {};
  const std::vector<Dimension> dimensions = Dimensions(model);
  const std::vector<std::string> entities = NamedEntities(model);
  const bool has_time = HasTime(model);

  // Candidates in the order they are worth showing, rotating through the
  // measures and dimensions so the examples cover the space.
  std::vector<std::string> candidates;
  auto measure = [&](size_t i) { return measures[i % measures.size()]; };
  auto dimension = [&](size_t i) -> const Dimension* {
    return dimensions.empty() ? nullptr : &dimensions[i % dimensions.size()];
  };
  candidates.push_back("total " + measure(0));
  if (const Dimension* by = dimension(0)) candidates.push_back(measure(0) + " by " + by->words);
  if (has_time) candidates.push_back(measure(0) + " by month last year");
  if (!entities.empty()) candidates.push_back("top 10 " + entities.front() + " by " + measure(0));
  if (const Dimension* by = dimension(1)) candidates.push_back(measure(1) + " by " + by->words);
  if (const Dimension* slice = dimension(0); slice != nullptr && has_time) {
    candidates.push_back(fmt::format("{} for {} by quarter", measure(0), slice->first_value));
  }
  if (const Dimension* by = dimension(2); by != nullptr && has_time) {
    candidates.push_back(measure(2) + " by " + by->words + " this year");
  }
  if (entities.size() > 1) candidates.push_back("top 5 " + entities[1] + " by " + measure(1));
  for (size_t i = 3; i < 3 + dimensions.size() && i < 12; ++i) {
    candidates.push_back(measure(i) + " by " + dimension(i)->words);
  }
  for (size_t i = 1; i < measures.size() && i < 6; ++i) candidates.push_back("total " + measure(i));

  std::vector<std::string> examples;
  std::set<std::string> seen;
  for (std::string& candidate : candidates) {
    if (examples.size() >= limit) break;
    if (!seen.insert(candidate).second) continue;
    const ParseResult parse = parser.Parse(candidate, clock);
    if (!parse.UnderstoodWhole()) continue;
    candidate[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(candidate[0])));
    examples.push_back(std::move(candidate));
  }
  return examples;
}

}  // namespace scry::nlq
