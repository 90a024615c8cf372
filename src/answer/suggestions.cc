#include "answer/suggestions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "answer/words.h"
#include "engine/column.h"
#include "semantic/lexicon.h"

namespace scry::answer {
namespace {

using semantic::Aggregation;
using semantic::ColumnRole;
using semantic::TimeGrain;
using semantic::ValueExpr;

std::string PlainWords(const semantic::ColumnModel& column) {
  return Spoken(column.display_name, column.name);
}

// Equal as Spoken() writes them (case and '_' folded), without copies: these
// comparisons run over every column and value list of the model for each
// candidate.
bool SameWords(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto fold = [](char ch) {
    return ch == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  };
  for (size_t i = 0; i < a.size(); ++i) {
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

std::string_view ShownName(const semantic::ColumnModel& column) {
  return column.display_name.empty() ? column.name : column.display_name;
}

// Whether a dimension of another table is called `words` too.
bool NameShared(const semantic::Model& model, const semantic::ColumnRef& ref,
                std::string_view words) {
  for (const semantic::TableModel& table : model.tables) {
    if (SameWords(table.name, ref.table)) continue;
    for (const semantic::ColumnModel& column : table.columns) {
      if (column.role == ColumnRole::kDimension && SameWords(ShownName(column), words)) return true;
    }
  }
  return false;
}

// How a column is named so that the parser cannot take it for another: its
// words, after its table's in the singular when another table has a column
// called the same ("store region", "customer country"); a question naming the
// bare word would only get a clarifying question back.
std::string ColumnWords(const semantic::Model& model, const semantic::ColumnRef& ref) {
  const semantic::ColumnModel* column = model.FindColumn(ref.table, ref.column);
  const std::string words = column ? PlainWords(*column) : Spoken("", ref.column);
  const semantic::TableModel* table = model.FindTable(ref.table);
  if (table == nullptr || !NameShared(model, ref, words)) return words;
  std::string owner = Spoken(table->display_name, table->name);
  const size_t last = owner.rfind(' ');
  const size_t start = last == std::string::npos ? 0 : last + 1;
  owner = owner.substr(0, start) + semantic::Singular(owner.substr(start));
  return owner + " " + words;
}

// A value of a column as a filter names it: the value alone, or after its
// column's words when another column holds the same value ("North America"
// is a customer region and a store region: "store region North America").
std::string ValueWords(const semantic::Model& model, const semantic::ColumnRef& ref,
                       const std::string& value) {
  for (const semantic::TableModel& table : model.tables) {
    const bool same_table = SameWords(table.name, ref.table);
    for (const semantic::ColumnModel& column : table.columns) {
      if (same_table && SameWords(column.name, ref.column)) continue;
      for (const std::string& other : column.values) {
        if (SameWords(other, value)) return ColumnWords(model, ref) + " " + value;
      }
    }
  }
  return value;
}

// "revenue", "average price", "number of orders": the query's first measure.
std::optional<std::string> MeasureWords(const semantic::Model& model,
                                        const semantic::SemanticQuery& query) {
  for (const semantic::SelectItem& item : query.select) {
    const ValueExpr& value = item.value;
    switch (value.kind) {
      case ValueExpr::Kind::kMetric: {
        const semantic::MetricModel* metric = model.FindMetric(value.metric);
        return metric ? Spoken(metric->display_name, metric->name) : Spoken("", value.metric);
      }
      case ValueExpr::Kind::kCountRows: {
        const semantic::TableModel* table = model.FindTable(value.table);
        return "number of " + (table ? Spoken(table->display_name, table->name) : value.table);
      }
      case ValueExpr::Kind::kAggregate: {
        const std::string column = ColumnWords(model, value.column);
        switch (value.aggregation) {
          case Aggregation::kSum:
            return "total " + column;
          case Aggregation::kAvg:
            return "average " + column;
          case Aggregation::kMax:
            return "maximum " + column;
          case Aggregation::kMin:
            return "minimum " + column;
          default:
            continue;
        }
      }
      default:
        continue;
    }
  }
  return std::nullopt;
}

struct Dimension {
  semantic::ColumnRef ref;
  std::string words;
  std::vector<std::string> values;
};

// Dimensions worth grouping by (a handful of values), those of the query's
// tables first.
std::vector<Dimension> Dimensions(const semantic::Model& model,
                                  const semantic::SemanticQuery& query) {
  const std::vector<std::string> tables = query.Tables();
  std::vector<Dimension> near;
  std::vector<Dimension> far;
  for (const semantic::TableModel& table : model.tables) {
    const bool used = std::find(tables.begin(), tables.end(), table.name) != tables.end();
    for (const semantic::ColumnModel& column : table.columns) {
      if (column.role != ColumnRole::kDimension || column.values.size() < 2 ||
          column.values.size() > 30) {
        continue;
      }
      const semantic::ColumnRef ref{table.name, column.name};
      (used ? near : far).push_back({ref, ColumnWords(model, ref), column.values});
    }
  }
  near.insert(near.end(), far.begin(), far.end());
  return near;
}

bool HasTime(const semantic::Model& model, const semantic::SemanticQuery& query) {
  const semantic::TableModel* table = model.FindTable(query.subject_table);
  return table != nullptr && !table->time_column.empty();
}

const char* OtherGrain(TimeGrain grain) {
  switch (grain) {
    case TimeGrain::kDay:
      return "week";
    case TimeGrain::kWeek:
    case TimeGrain::kQuarter:
      return "month";
    case TimeGrain::kMonth:
    case TimeGrain::kYear:
      return "quarter";
    case TimeGrain::kNone:
      return "month";
  }
  return "month";
}

// The row with the largest first measure.
std::optional<size_t> LeaderRow(const ResultShape& shape, const engine::ResultSet& result) {
  const auto measures = shape.Of(FieldKind::kMeasure);
  if (measures.empty() || shape.rows == 0) return std::nullopt;
  const engine::Column& column = result.column(measures.front()->index);
  std::optional<size_t> best;
  for (size_t row = 0; row < shape.rows; ++row) {
    if (column.IsNull(row)) continue;
    if (!best || column.NumberAt(row) > column.NumberAt(*best)) best = row;
  }
  return best;
}

// The query's grouping: its plain columns and its time grain.
struct Grouping {
  std::vector<semantic::ColumnRef> columns;
  TimeGrain grain = TimeGrain::kNone;
};

Grouping GroupingOf(const semantic::SemanticQuery& query) {
  Grouping grouping;
  for (const ValueExpr& value : query.group_by) {
    if (value.kind != ValueExpr::Kind::kColumn) continue;
    if (value.grain != TimeGrain::kNone) {
      grouping.grain = value.grain;
    } else {
      grouping.columns.push_back(value.column);
    }
  }
  return grouping;
}

// An equality filter on a text dimension: the slice the query looked at.
std::optional<std::pair<semantic::ColumnRef, std::string>> Slice(
    const semantic::SemanticQuery& query) {
  std::vector<const semantic::Filter*> stack = {&query.where};
  while (!stack.empty()) {
    const semantic::Filter* filter = stack.back();
    stack.pop_back();
    if (filter->kind == semantic::Filter::Kind::kAnd) {
      for (const auto& child : filter->children) stack.push_back(&child);
    } else if (filter->kind == semantic::Filter::Kind::kPredicate) {
      const semantic::Predicate& p = filter->predicate;
      if (p.op == semantic::CompareOp::kEq && !p.negated && p.values.size() == 1 &&
          p.values[0].kind == semantic::Literal::Kind::kText &&
          p.lhs.kind == ValueExpr::Kind::kColumn) {
        return std::make_pair(p.lhs.column, p.values[0].text);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> FollowUpCandidates(const semantic::Model& model,
                                            const semantic::SemanticQuery& query,
                                            const ResultShape& shape,
                                            const engine::ResultSet& result) {
  const std::optional<std::string> measure = MeasureWords(model, query);
  if (!measure) return {};
  const std::string range =
      query.time_range && !query.time_range->phrase.empty() ? " " + query.time_range->phrase : "";
  const Grouping grouping = GroupingOf(query);
  std::vector<Dimension> others;
  for (Dimension& dimension : Dimensions(model, query)) {
    if (std::find(grouping.columns.begin(), grouping.columns.end(), dimension.ref) ==
        grouping.columns.end()) {
      others.push_back(std::move(dimension));
    }
  }
  const bool has_time = HasTime(model, query);
  const auto categories = shape.Of(FieldKind::kCategory);
  const std::optional<size_t> leader = LeaderRow(shape, result);
  std::vector<std::string> out;

  const std::optional<std::pair<semantic::ColumnRef, std::string>> slice = Slice(query);
  // The slice looked at stays in suggestions over time.
  const std::string sliced = slice ? " for " + ValueWords(model, slice->first, slice->second) : "";
  if (grouping.grain != TimeGrain::kNone) {
    // A running total stays one over another grain or another slice.
    const bool running =
        std::any_of(query.select.begin(), query.select.end(),
                    [](const semantic::SelectItem& item) { return item.cumulative; });
    const std::string over_time = running ? "cumulative " + *measure : *measure;
    out.push_back(
        fmt::format("{}{} by {}{}", over_time, sliced, OtherGrain(grouping.grain), range));
    if (!others.empty()) {
      out.push_back(fmt::format("{}{} by {}{}", *measure, sliced, others[0].words, range));
    }
    if (!others.empty()) {
      out.push_back(fmt::format("{} for {} by {}{}", over_time,
                                ValueWords(model, others[0].ref, others[0].values.front()),
                                semantic::TimeGrainName(grouping.grain), range));
    }
  }
  if (!grouping.columns.empty() && categories.size() == 1 && leader) {
    // The grouping column the category's values come from (a name beside
    // its identifier: the name).
    semantic::ColumnRef source = grouping.columns[0];
    for (const semantic::ColumnRef& ref : grouping.columns) {
      if (Lower(ref.column) == Lower(categories[0]->name)) source = ref;
    }
    const std::string value = ValueWords(
        model, source, engine::FormatValue(result.column(categories[0]->index), *leader));
    if (!others.empty()) {
      out.push_back(fmt::format("{} for {} by {}{}", *measure, value, others[0].words, range));
    }
    if (has_time && grouping.grain == TimeGrain::kNone) {
      out.push_back(fmt::format("{} for {} by month{}", *measure, value, range));
    }
    const semantic::TableModel* table = model.FindTable(source.table);
    if (table != nullptr && Lower(table->name_column) == Lower(source.column) &&
        categories[0]->distinct > 10 && !query.limit) {
      out.push_back(fmt::format("top 10 {} by {}{}", Spoken(table->display_name, table->name),
                                *measure, range));
    }
  }
  if (grouping.columns.empty() && grouping.grain == TimeGrain::kNone) {
    if (!others.empty()) out.push_back(fmt::format("{} by {}{}", *measure, others[0].words, range));
    if (has_time) out.push_back(fmt::format("{} by month{}", *measure, range));
  }
  if (query.time_range && !range.empty() && !query.comparison &&
      grouping.grain == TimeGrain::kNone) {
    out.push_back(fmt::format("{}{} compared with the previous period", *measure, range));
  }
  if (slice) {
    const semantic::ColumnModel* column = model.FindColumn(slice->first.table, slice->first.column);
    if (column != nullptr) {
      for (const std::string& value : column->values) {
        if (Lower(value) == Lower(slice->second)) continue;
        out.push_back(
            fmt::format("{} for {}{}", *measure, ValueWords(model, slice->first, value), range));
        break;
      }
    }
  }
  // More groupings, so that three remain when some do not read.
  for (size_t i = 1; i < others.size() && i < 5; ++i) {
    out.push_back(fmt::format("{} by {}{}", *measure, others[i].words, range));
  }
  return out;
}

}  // namespace scry::answer
