// Shared by the answer tests and the chart dumper: a small model of orders
// and customers, results built from text, and the catalogue of result shapes
// with the chart each should get.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "answer/chart.h"
#include "engine/result_set.h"
#include "semantic/model.h"
#include "semantic/query.h"

namespace scry::answer::testing {

const semantic::Model& TestModel();

struct TestColumn {
  std::string name;
  ColumnType type;
};
ColumnType Text();
ColumnType Integer();
ColumnType Double();
ColumnType Money();  // DECIMAL(12,2)
ColumnType Date();
ColumnType Timestamp();

// Rows as text, parsed by each column's type; "NULL" is null.
engine::ResultSet MakeResult(std::vector<TestColumn> columns,
                             const std::vector<std::vector<std::string>>& rows);

// Select items.
semantic::SelectItem Col(const std::string& table, const std::string& column,
                         semantic::TimeGrain grain = semantic::TimeGrain::kNone);
semantic::SelectItem Sum(const std::string& table, const std::string& column);
semantic::SelectItem Avg(const std::string& table, const std::string& column);
semantic::SelectItem CountRows(const std::string& table);
semantic::SemanticQuery Query(std::vector<semantic::SelectItem> select);
// A running total of `item`; `query` asking for a kind of chart.
semantic::SelectItem Running(semantic::SelectItem item);
semantic::SemanticQuery Asking(semantic::ChartPreference chart, semantic::SemanticQuery query);

struct ChartCase {
  std::string name;
  std::optional<semantic::SemanticQuery> query;  // none: an author's SQL
  engine::ResultSet result;
  std::string kind;  // expected Chart::kind; empty: no chart
  std::string mark;  // expected mark type (the first layer's for a KPI)
  // channel → field, for the channels that must be there.
  std::map<std::string, std::string> encodings;
  std::string note;  // expected Chart::note: why the chart asked for is not drawn
};

const std::vector<ChartCase>& ChartCases();
// Running totals and charts asked for (answer_fixtures_presentation.cc).
void AddPresentationCases(std::vector<ChartCase>* cases);
// The case called `name`; throws when there is none.
const ChartCase& CaseNamed(const std::string& name);

}  // namespace scry::answer::testing
