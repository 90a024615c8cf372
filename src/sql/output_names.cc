#include "sql/output_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace scry::sql {
namespace {

using semantic::Aggregation;
using semantic::ValueExpr;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The preferred name and the one to fall back on when it is taken.
struct Candidates {
  std::string first;
  std::string second;
};

std::string AggregateName(const ValueExpr& value) {
  const std::string& column = value.column.column;
  const bool distinct = value.distinct || value.aggregation == Aggregation::kCountDistinct;
  if (value.aggregation == Aggregation::kCountDistinct ||
      (value.aggregation == Aggregation::kCount && distinct)) {
    return "count_distinct_" + column;
  }
  const std::string_view aggregation = semantic::AggregationName(value.aggregation);
  return fmt::format("{}_{}{}", aggregation, distinct ? "distinct_" : "", column);
}

Candidates Derived(const ValueExpr& value) {
  switch (value.kind) {
    case ValueExpr::Kind::kColumn: {
      const std::string grain(semantic::TimeGrainName(value.grain));
      return {grain, value.column.column + "_" + grain};
    }
    case ValueExpr::Kind::kAggregate: {
      const std::string full = AggregateName(value);
      const bool plain_sum = value.aggregation == Aggregation::kSum && !value.distinct;
      return {plain_sum ? value.column.column : full, full};
    }
    case ValueExpr::Kind::kCountRows:
      return {"count", "count_" + value.table};
    case ValueExpr::Kind::kMetric:
      return {value.metric, value.metric};
    case ValueExpr::Kind::kAllColumns:
      return {"", ""};
  }
  return {"", ""};
}

bool IsPlainColumn(const ValueExpr& value) {
  return value.kind == ValueExpr::Kind::kColumn && value.grain == semantic::TimeGrain::kNone;
}

}  // namespace

std::vector<OutputName> OutputNames(const std::vector<semantic::SelectItem>& select) {
  std::vector<OutputName> names(select.size());
  std::set<std::string> taken;
  // Plain columns first: their natural names are what people expect to see.
  std::multiset<std::string> natural;
  for (const semantic::SelectItem& item : select) {
    if (item.label.empty() && IsPlainColumn(item.value))
      natural.insert(Lower(item.value.column.column));
  }
  for (size_t i = 0; i < select.size(); ++i) {
    const semantic::SelectItem& item = select[i];
    if (!item.label.empty()) {
      names[i] = {item.label, true};
    } else if (IsPlainColumn(item.value)) {
      const std::string& column = item.value.column.column;
      names[i] = natural.count(Lower(column)) > 1
                     ? OutputName{item.value.column.table + "_" + column, true}
                     : OutputName{column, false};
    } else {
      continue;
    }
    taken.insert(Lower(names[i].name));
  }
  for (size_t i = 0; i < select.size(); ++i) {
    if (!names[i].name.empty() || select[i].value.kind == ValueExpr::Kind::kAllColumns) continue;
    Candidates candidates = Derived(select[i].value);
    if (select[i].cumulative) {
      candidates = {"cumulative_" + candidates.first, "cumulative_" + candidates.second};
    }
    std::string name =
        taken.count(Lower(candidates.first)) == 0 ? candidates.first : candidates.second;
    for (int suffix = 2; taken.count(Lower(name)) > 0; ++suffix) {
      name = fmt::format("{}_{}", candidates.second, suffix);
    }
    taken.insert(Lower(name));
    names[i] = {name, true};
  }
  return names;
}

}  // namespace scry::sql
