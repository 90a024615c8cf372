// The last step of the intent pass: settle the subject table, apply times to
// the right column, add the groups and defaults the question implies.
#include <fmt/format.h>

#include <algorithm>

#include "nlq/intent_steps.h"
#include "nlq/intent_util.h"
#include "semantic/lexicon.h"

namespace scry::nlq {
namespace {

using semantic::Aggregation;
using semantic::ColumnRef;
using semantic::CompareOp;
using semantic::DataType;
using semantic::Filter;
using semantic::Literal;
using semantic::Predicate;
using semantic::ValueExpr;

const ColumnRef* ColumnOfValue(const ValueExpr& value) {
  if (value.kind == ValueExpr::Kind::kColumn || value.kind == ValueExpr::Kind::kAggregate) {
    return &value.column;
  }
  return nullptr;
}

std::string TableOfValue(const Reading& r, const ValueExpr& value) {
  if (const ColumnRef* column = ColumnOfValue(value)) return column->table;
  if (value.kind == ValueExpr::Kind::kMetric) {
    const semantic::MetricModel* metric = r.model().FindMetric(value.metric);
    return metric != nullptr && !metric->tables.empty() ? metric->tables.front() : "";
  }
  return value.table;
}

std::string FirstFilterTable(const Reading& r, const Filter& filter) {
  if (filter.kind == Filter::Kind::kPredicate) return TableOfValue(r, filter.predicate.lhs);
  for (const Filter& child : filter.children) {
    std::string table = FirstFilterTable(r, child);
    if (!table.empty()) return table;
  }
  return "";
}

bool HasAggregate(const Reading& r) {
  return std::any_of(r.select.begin(), r.select.end(),
                     [](const auto& part) { return part.value.IsAggregate(); });
}

bool OrdersByAggregate(const Reading& r) {
  return std::any_of(r.order_by.begin(), r.order_by.end(),
                     [](const semantic::OrderItem& item) { return item.value.IsAggregate(); });
}

void SettleSubject(Reading* r) {
  if (r->count_table >= 0) {
    r->subject_table = TableModelOf(*r, r->count_table).name;
    r->subject_named = true;
    return;
  }
  if (!r->subject_table.empty()) return;
  for (const auto& part : r->select) {
    std::string table = TableOfValue(*r, part.value);
    if (!table.empty()) {
      r->subject_table = table;
      return;
    }
  }
  for (const Filter& filter : r->where) {
    std::string table = FirstFilterTable(*r, filter);
    if (!table.empty()) {
      r->subject_table = table;
      return;
    }
  }
  if (r->model().tables.size() == 1) r->subject_table = r->model().tables.front().name;
}

// Fills the counts whose table was left open ("how many are there").
void FillCounts(Reading* r) {
  for (auto& part : r->select) {
    if (part.value.kind == ValueExpr::Kind::kCountRows && part.value.table.empty()) {
      part.value.table = r->subject_table;
    }
  }
  for (auto& item : r->order_by) {
    if (item.value.kind == ValueExpr::Kind::kCountRows && item.value.table.empty()) {
      item.value.table = r->subject_table;
    }
  }
  for (Filter& filter : r->having) {
    if (filter.kind == Filter::Kind::kPredicate &&
        filter.predicate.lhs.kind == ValueExpr::Kind::kCountRows &&
        filter.predicate.lhs.table.empty()) {
      filter.predicate.lhs.table = r->subject_table;
    }
  }
}

// A date column for a time range: named in the question, else the time column
// of the table the measures come from, else of the subject, else any.
std::optional<std::pair<int, int>> DateColumnFor(const Reading& r, int preferred_table) {
  auto time_column_of = [&](int table) -> std::optional<std::pair<int, int>> {
    const semantic::TableModel& t = TableModelOf(r, table);
    if (!t.time_column.empty()) {
      std::string table_name = t.name, column_name = t.time_column;
      if (const size_t dot = column_name.find('.'); dot != std::string::npos) {
        table_name = column_name.substr(0, dot);
        column_name = column_name.substr(dot + 1);
      }
      const int other = TableIndex(r, table_name);
      if (other >= 0) {
        const semantic::ColumnModel* column = TableModelOf(r, other).FindColumn(column_name);
        if (column != nullptr) {
          return std::make_pair(other,
                                static_cast<int>(column - TableModelOf(r, other).columns.data()));
        }
      }
    }
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].type == DataType::kDate || t.columns[c].type == DataType::kTimestamp) {
        return std::make_pair(table, static_cast<int>(c));
      }
    }
    return std::nullopt;
  };
  if (preferred_table >= 0) {
    if (auto column = time_column_of(preferred_table)) return column;
  }
  for (int table : FocusTables(r)) {
    if (auto column = time_column_of(table)) return column;
  }
  return std::nullopt;
}

// An integer column named like a year in the preferred or focus tables, else
// in the table nearest to them by joins ("cars produced in 1980").
std::optional<std::pair<int, int>> YearColumnFor(const Reading& r, int preferred_table) {
  std::vector<int> tables;
  if (preferred_table >= 0) tables.push_back(preferred_table);
  for (int table : FocusTables(r)) tables.push_back(table);
  std::vector<std::pair<int, int>> others;  // (distance, table)
  for (size_t t = 0; t < r.model().tables.size(); ++t) {
    if (std::find(tables.begin(), tables.end(), static_cast<int>(t)) != tables.end()) continue;
    int distance = 1000;
    for (int near : tables) {
      const int d = r.table_distance[near][t];
      if (d >= 0) distance = std::min(distance, d);
    }
    others.emplace_back(distance, static_cast<int>(t));
  }
  std::sort(others.begin(), others.end());
  for (const auto& [distance, table] : others) tables.push_back(table);
  for (int table : tables) {
    const semantic::TableModel& t = TableModelOf(r, table);
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].type != DataType::kInteger && t.columns[c].type != DataType::kText &&
          t.columns[c].type != DataType::kNumber) {
        continue;
      }
      const std::vector<std::string> words = WordsOf(t.columns[c].name);
      if (std::find(words.begin(), words.end(), "year") != words.end() ||
          t.columns[c].format == semantic::ValueFormat::kYear) {
        return std::make_pair(table, static_cast<int>(c));
      }
    }
  }
  return std::nullopt;
}

Filter YearPredicate(const Reading& r, int table, int column, CompareOp op, int year) {
  Predicate predicate;
  predicate.lhs = ValueExpr::Column(RefOf(r, table, column));
  predicate.op = op;
  const semantic::ColumnModel& model = ColumnModelOf(r, table, column);
  predicate.values.push_back(model.type == DataType::kText ? Literal::Text(std::to_string(year))
                                                           : Literal::Integer(year));
  return Filter::Of(std::move(predicate));
}

// A date range on whole years as comparisons of an integer year column.
void AddYearFilters(Reading* r, int table, int column, const TimeExpression& time) {
  const CivilDate start = *time.range_start;
  const CivilDate end = *time.range_end;
  const bool open_start = start.year <= 1;
  const bool open_end = end.year >= 9999;
  if (!open_start && !open_end && end.year == start.year + 1) {
    r->where.push_back(YearPredicate(*r, table, column, CompareOp::kEq, start.year));
    return;
  }
  if (!open_start) r->where.push_back(YearPredicate(*r, table, column, CompareOp::kGe, start.year));
  if (!open_end) {
    const int last = end.month == 1 && end.day == 1 ? end.year - 1 : end.year;
    r->where.push_back(YearPredicate(*r, table, column, CompareOp::kLe, last));
  }
}

int MeasureTable(const Reading& r) {
  for (const auto& part : r.select) {
    if (part.value.kind == ValueExpr::Kind::kAggregate)
      return TableIndex(r, part.value.column.table);
    if (part.value.kind == ValueExpr::Kind::kMetric) {
      const semantic::MetricModel* metric = r.model().FindMetric(part.value.metric);
      if (metric != nullptr && !metric->tables.empty())
        return TableIndex(r, metric->tables.front());
    }
  }
  return TableIndex(r, r.subject_table);
}

// "in 2014 or 2015": bare years joined by "or" on the same column are one list.
bool JoinedByOr(const Reading& r, const TimeExpression& a, const TimeExpression& b) {
  if (b.begin < a.end) return false;
  bool has_or = false;
  for (size_t t = a.end; t < b.begin; ++t) {
    const std::string& word = r.token(t).text;
    if (word == "or")
      has_or = true;
    else if (word != "," && word != "either" && !IsFiller(r.token(t)))
      return false;
  }
  return has_or;
}

void ApplyPendingTimes(Reading* r) {
  const int preferred = MeasureTable(*r);
  // Bare years listed with "or" on an integer year column: year IN (…).
  if (r->pending_times.size() > 1) {
    auto year = YearColumnFor(*r, preferred);
    const Reading::PendingTime& first = r->pending_times.front();
    if (first.table >= 0) year = std::make_pair(first.table, first.column);
    bool all_bare = year.has_value();
    for (size_t i = 0; all_bare && i < r->pending_times.size(); ++i) {
      const TimeExpression& time = r->times[r->pending_times[i].time];
      all_bare = time.bare_year.has_value() &&
                 (i == 0 || JoinedByOr(*r, r->times[r->pending_times[i - 1].time], time));
    }
    if (all_bare && !DateColumnFor(*r, preferred)) {
      Predicate predicate;
      predicate.lhs = ValueExpr::Column(RefOf(*r, year->first, year->second));
      predicate.op = CompareOp::kIn;
      const bool text = ColumnModelOf(*r, year->first, year->second).type == DataType::kText;
      for (const Reading::PendingTime& pending : r->pending_times) {
        const int value = *r->times[pending.time].bare_year;
        predicate.values.push_back(text ? Literal::Text(std::to_string(value))
                                        : Literal::Integer(value));
      }
      r->where.push_back(Filter::Of(std::move(predicate)));
      return;
    }
  }
  // "in both 2023 and 2024": the rows in the first year that are also in the second.
  if (r->pending_times.size() == 2) {
    const TimeExpression& first = r->times[r->pending_times[0].time];
    const TimeExpression& second = r->times[r->pending_times[1].time];
    bool both = false;
    for (size_t t = first.begin; t-- > 0 && first.begin - t <= 2;) {
      if (r->token(t).text == "both") both = true;
    }
    bool joined = second.begin >= first.end;
    for (size_t t = first.end; joined && t < second.begin; ++t) joined = r->token(t).text == "and";
    if (both && joined && first.range_start && second.range_start) {
      std::optional<std::pair<int, int>> date;
      if (r->pending_times[0].table >= 0) {
        date = std::make_pair(r->pending_times[0].table, r->pending_times[0].column);
      } else {
        date = DateColumnFor(*r, preferred);
      }
      if (date) {
        semantic::TimeRange range;
        range.column = RefOf(*r, date->first, date->second);
        range.start = *first.range_start;
        range.end = *first.range_end;
        range.phrase = first.phrase;
        r->time_range = range;
        range.start = *second.range_start;
        range.end = *second.range_end;
        range.phrase = second.phrase;
        r->both_time = range;
        return;
      }
    }
  }
  for (const Reading::PendingTime& pending : r->pending_times) {
    const TimeExpression& time = r->times[pending.time];
    std::optional<std::pair<int, int>> date;
    std::optional<std::pair<int, int>> year;
    if (pending.table >= 0) {
      const semantic::ColumnModel& model = ColumnModelOf(*r, pending.table, pending.column);
      if (model.type == DataType::kDate || model.type == DataType::kTimestamp) {
        date = std::make_pair(pending.table, pending.column);
      } else {
        year = std::make_pair(pending.table, pending.column);
      }
    }
    if (!date && !year) date = DateColumnFor(*r, preferred);
    if (!date && !year) year = YearColumnFor(*r, preferred);
    // Whole years, or open on one side ("after 1950": up to 9999-12-31).
    const bool whole_years =
        ((time.range_start->month == 1 && time.range_start->day == 1) ||
         time.range_start->year <= 1) &&
        ((time.range_end->month == 1 && time.range_end->day == 1) || time.range_end->year >= 9999);
    if (year && whole_years) {
      AddYearFilters(r, year->first, year->second, time);
    } else if (date) {
      semantic::TimeRange range;
      range.column = RefOf(*r, date->first, date->second);
      range.start = *time.range_start;
      range.end = *time.range_end;
      range.phrase = time.phrase;
      r->time_range = range;
    } else {
      r->unapplied_times.push_back(time);
      r->penalty += 0.3;  // a time the data has no column for
    }
  }
}

void ApplyGrain(Reading* r) {
  if (r->grain == semantic::TimeGrain::kNone) return;
  auto date = DateColumnFor(*r, MeasureTable(*r));
  if (!date) {
    r->penalty += 0.2;
    return;
  }
  const ValueExpr value = ValueExpr::Column(RefOf(*r, date->first, date->second), r->grain);
  if (std::find(r->group_by.begin(), r->group_by.end(), value) == r->group_by.end()) {
    r->group_by.insert(r->group_by.begin(), value);
  }
  // "weekly orders": rows per period are counted.
  if (!HasAggregate(*r)) {
    r->select.clear();
    r->select.push_back({ValueExpr::CountRows(r->subject_table), 1, false});
  }
  r->select.insert(r->select.begin(), {value, 0, true});
  if (r->order_by.empty()) r->order_by.push_back({value, false});
}

// Groups read from "for each" or "by" only mean something when the question
// aggregates; otherwise they were part of the listing ("the name of each singer").
void DropGroupsWithoutAggregates(Reading* r) {
  if (HasAggregate(*r) || !r->having.empty() || OrdersByAggregate(*r)) return;
  // "orders by status", "customers by segment and region": a table named and
  // grouped, with nothing else to show, is counted per group.
  const bool only_groups =
      !r->select.empty() && std::all_of(r->select.begin(), r->select.end(),
                                        [](const auto& part) { return part.from_group; });
  if (only_groups && r->subject_named && !r->group_by.empty()) {
    r->select.push_back({ValueExpr::CountRows(r->subject_table), SIZE_MAX, false});
    return;
  }
  r->group_by.clear();
  // "the first name and sex of each student": the columns asked for are
  // what is listed of each row; the row's name is not added to them.
  auto asked_of = [&](const std::string& table) {
    return std::any_of(r->select.begin(), r->select.end(), [&](const auto& part) {
      return !part.from_group && part.value.kind == ValueExpr::Kind::kColumn &&
             part.value.column.table == table;
    });
  };
  std::vector<Reading::SelectPart> kept;
  for (auto& part : r->select) {
    const bool duplicate = std::any_of(
        kept.begin(), kept.end(), [&](const auto& other) { return other.value == part.value; });
    if (duplicate) continue;
    if (part.from_group && part.value.kind == ValueExpr::Kind::kColumn &&
        asked_of(part.value.column.table)) {
      const int table = TableIndex(*r, part.value.column.table);
      const int name = table >= 0 ? NameColumn(*r, table) : -1;
      if (name >= 0 && r->model().tables[table].columns[name].name == part.value.column.column) {
        continue;
      }
    }
    kept.push_back(part);
  }
  r->select = std::move(kept);
}

void DefaultSelect(Reading* r) {
  if (!r->select.empty() || r->subject_table.empty()) return;
  r->default_select = true;
  const int subject = TableIndex(*r, r->subject_table);
  if (r->all_columns || subject < 0) {
    r->select.push_back({ValueExpr::AllColumns(r->subject_table), 0, false});
    return;
  }
  const int name = NameColumn(*r, subject);
  if (name >= 0) {
    r->select.push_back({ValueExpr::Column(RefOf(*r, subject, name)), 0, false});
  } else {
    r->select.push_back({ValueExpr::AllColumns(r->subject_table), 0, false});
  }
}

// HAVING or an order by a count need a group. When what is shown is the
// subject itself (its name or key), the group is the subject's rows, by key;
// when it is an attribute ("the year with the most concerts"), the group is
// that attribute's values.
void GroupBySubjectWhenNeeded(Reading* r) {
  const bool needs = !r->having.empty() || OrdersByAggregate(*r);
  if (!needs || !r->group_by.empty()) return;
  const int subject = TableIndex(*r, r->subject_table);
  if (subject < 0) return;
  // "orders with more than 5 lines": every column of the subject, grouped by
  // its key, spelled out so that the grouping is valid SQL.
  for (size_t i = 0; i < r->select.size(); ++i) {
    if (r->select[i].value.kind != ValueExpr::Kind::kAllColumns) continue;
    const int table = TableIndex(*r, r->select[i].value.table);
    if (table < 0) continue;
    const size_t position = r->select[i].position;
    r->select.erase(r->select.begin() + static_cast<std::ptrdiff_t>(i));
    const auto& columns = TableModelOf(*r, table).columns;
    for (size_t c = 0; c < columns.size(); ++c) {
      r->select.insert(r->select.begin() + static_cast<std::ptrdiff_t>(i + c),
                       {ValueExpr::Column(RefOf(*r, table, static_cast<int>(c))), position, false});
    }
    break;
  }
  std::vector<ValueExpr> plain;
  bool names_entity = false;
  for (const auto& part : r->select) {
    if (part.value.kind != ValueExpr::Kind::kColumn) continue;
    plain.push_back(part.value);
    const semantic::ColumnModel* column =
        r->model().FindColumn(part.value.column.table, part.value.column.column);
    // One column of a key of several ("language" of a country's languages)
    // is an attribute shared by many rows, not a row's identity.
    const semantic::TableModel* table = r->model().FindTable(part.value.column.table);
    const bool whole_key = column != nullptr && column->primary_key && table != nullptr &&
                           table->primary_key.size() <= 1;
    if (column != nullptr && (whole_key || column->role == semantic::ColumnRole::kName ||
                              column->role == semantic::ColumnRole::kIdentifier ||
                              column->role == semantic::ColumnRole::kText)) {
      names_entity = true;
    }
    if (part.value.column.table != r->subject_table) names_entity = true;
  }
  const int key = KeyColumn(*r, subject);
  if ((names_entity || plain.empty()) && key >= 0) {
    r->group_by.push_back(ValueExpr::Column(RefOf(*r, subject, key)));
  } else if (plain.empty()) {
    return;
  }
  for (const ValueExpr& value : plain) {
    if (std::find(r->group_by.begin(), r->group_by.end(), value) == r->group_by.end()) {
      r->group_by.push_back(value);
    }
  }
}

// Whether a row of `to_table` stands for many rows of `from_table`: a path of
// references from `from_table` up to it ("order_items → orders → stores")
// with a join that is not one-to-one.
bool ManyRowsPer(const semantic::Model& model, const std::string& from_table,
                 const std::string& to_table) {
  // (table, many so far), breadth-first over references.
  std::vector<std::pair<std::string, bool>> queue{{from_table, false}};
  for (size_t i = 0; i < queue.size(); ++i) {
    const auto [table, many] = queue[i];
    for (const semantic::JoinModel& join : model.joins) {
      if (join.from_table != table || join.to_table == from_table) continue;
      const bool next_many = many || !join.one_to_one;
      if (join.to_table == to_table && next_many) return true;
      const bool seen = std::any_of(queue.begin(), queue.end(), [&](const auto& state) {
        return state.first == join.to_table && state.second == next_many;
      });
      if (!seen) queue.emplace_back(join.to_table, next_many);
    }
  }
  return false;
}

// "revenue by store": a group by a thing that has many of the measure's rows.
bool GroupedByParent(const Reading& r, const std::string& measure_table) {
  return std::any_of(r.entity_groups.begin(), r.entity_groups.end(), [&](const ValueExpr& group) {
    return group.column.table != measure_table &&
           std::find(r.group_by.begin(), r.group_by.end(), group) != r.group_by.end() &&
           ManyRowsPer(r.model(), measure_table, group.column.table);
  });
}

// "revenue by region": a measure shown per group of something other than its
// own rows is aggregated the way the model says it adds up. Grouping by the
// measure's own table ("the age of each singer") leaves it as it is, and so
// does a thing with one row of the measure each ("stadium capacity for each
// concert"); "revenue by store" groups many order lines per store.
void AggregateGroupedMeasures(Reading* r) {
  if (r->group_by.empty() && r->grain == semantic::TimeGrain::kNone) return;
  // "monthly revenue": a time grain groups by something other than the rows.
  bool other_grouping = r->grain != semantic::TimeGrain::kNone;
  for (const ValueExpr& group : r->group_by) {
    if (group.kind != ValueExpr::Kind::kColumn) continue;
    const semantic::ColumnModel* column =
        r->model().FindColumn(group.column.table, group.column.column);
    const bool own_key =
        column != nullptr && (column->primary_key || column->role == semantic::ColumnRole::kName);
    if (!own_key || group.grain != semantic::TimeGrain::kNone) other_grouping = true;
  }
  for (auto& part : r->select) {
    if (part.value.kind != ValueExpr::Kind::kColumn || part.from_group) continue;
    if (!other_grouping && !GroupedByParent(*r, part.value.column.table)) continue;
    if (std::find(r->group_by.begin(), r->group_by.end(), part.value) != r->group_by.end())
      continue;
    const semantic::ColumnModel* column =
        r->model().FindColumn(part.value.column.table, part.value.column.column);
    if (column == nullptr || column->role != semantic::ColumnRole::kMeasure) continue;
    const Aggregation aggregation = column->default_aggregation == Aggregation::kNone
                                        ? Aggregation::kSum
                                        : column->default_aggregation;
    // The model's metric for this column, when there is one, names it best.
    const semantic::MetricModel* metric = r->model().FindMetric(column->name);
    const std::string expected = fmt::format("{}({}.{})", semantic::AggregationName(aggregation),
                                             part.value.column.table, part.value.column.column);
    if (metric != nullptr && metric->expression == expected) {
      part.value = ValueExpr::Metric(metric->name);
    } else {
      part.value = ValueExpr::Aggregate(aggregation, part.value.column);
    }
  }
}

// "revenue last quarter": a measure of a table with too many rows to list,
// shown with nothing that names a row, is its total.
void TotalOfLargeMeasures(Reading* r) {
  constexpr int64_t kListableRows = 10'000;
  if (!r->group_by.empty() || r->limit || !r->order_by.empty()) return;
  for (const auto& part : r->select) {
    if (part.value.kind != ValueExpr::Kind::kColumn) return;
    // "revenue of order lines" asks for the lines; "revenue from online
    // stores" names the stores only as a condition.
    if (r->subject_named && part.value.column.table == r->subject_table) return;
    const semantic::ColumnModel* column =
        r->model().FindColumn(part.value.column.table, part.value.column.column);
    const semantic::TableModel* table = r->model().FindTable(part.value.column.table);
    if (column == nullptr || column->role != semantic::ColumnRole::kMeasure ||
        table->row_count <= kListableRows) {
      return;
    }
  }
  for (auto& part : r->select) {
    const semantic::ColumnModel* column =
        r->model().FindColumn(part.value.column.table, part.value.column.column);
    part.value = ValueExpr::Aggregate(column->default_aggregation == Aggregation::kNone
                                          ? Aggregation::kSum
                                          : column->default_aggregation,
                                      part.value.column);
  }
}

void ImplicitGroups(Reading* r) {
  if (!HasAggregate(*r)) return;
  for (const auto& part : r->select) {
    if (part.value.kind == ValueExpr::Kind::kColumn &&
        std::find(r->group_by.begin(), r->group_by.end(), part.value) == r->group_by.end()) {
      r->group_by.push_back(part.value);
    }
  }
}

// "top 5 products by revenue": a measure of another table orders the subject's
// rows by its total, so it is aggregated (and shown) rather than compared row
// by row.
void AggregateForeignOrderMeasures(Reading* r) {
  for (semantic::OrderItem& item : r->order_by) {
    if (item.value.kind != ValueExpr::Kind::kColumn || item.value.column.empty()) continue;
    if (item.value.column.table == r->subject_table) continue;
    const semantic::ColumnModel* column =
        r->model().FindColumn(item.value.column.table, item.value.column.column);
    if (column == nullptr || column->role != semantic::ColumnRole::kMeasure) continue;
    const Aggregation aggregation = column->default_aggregation == Aggregation::kNone
                                        ? Aggregation::kSum
                                        : column->default_aggregation;
    item.value = ValueExpr::Aggregate(aggregation, item.value.column);
    r->select.push_back({item.value, SIZE_MAX, false});
  }
  for (semantic::OrderItem& item : r->order_by) {
    if (item.value.kind == ValueExpr::Kind::kMetric) {
      const bool shown = std::any_of(r->select.begin(), r->select.end(),
                                     [&](const auto& part) { return part.value == item.value; });
      if (!shown) r->select.push_back({item.value, SIZE_MAX, false});
    }
  }
}

// "the number of concerts in the stadium with the highest capacity": a
// superlative inside an aggregate picks the thing the aggregate is about,
// as a condition: stadium_id IN (SELECT stadium_id … ORDER BY capacity DESC LIMIT 1).
void SuperlativeAsCondition(Reading* r) {
  if (!HasAggregate(*r) || !r->group_by.empty() || r->order_by.size() != 1 || r->limit != 1) return;
  const semantic::OrderItem item = r->order_by.front();
  if (item.value.kind != ValueExpr::Kind::kColumn || item.value.column.empty()) return;
  const int table = TableIndex(*r, item.value.column.table);
  const int key = table >= 0 ? KeyColumn(*r, table) : -1;
  if (key < 0) return;
  semantic::SemanticQuery sub;
  sub.subject_table = item.value.column.table;
  sub.select.push_back({ValueExpr::Column(RefOf(*r, table, key)), ""});
  sub.order_by.push_back(item);
  sub.limit = 1;
  Predicate predicate;
  predicate.lhs = ValueExpr::Column(RefOf(*r, table, key));
  predicate.op = CompareOp::kIn;
  predicate.subquery = semantic::Box<semantic::SemanticQuery>(std::move(sub));
  r->where.push_back(Filter::Of(std::move(predicate)));
  r->order_by.clear();
  r->limit.reset();
}

void DefaultOrder(Reading* r) {
  for (auto& item : r->order_by) {
    if (item.value.kind == ValueExpr::Kind::kColumn && item.value.column.empty() &&
        !r->select.empty()) {
      // A direction alone ("in descending order") orders by the measure if
      // there is one, else by the first column shown.
      const auto measure = std::find_if(r->select.begin(), r->select.end(),
                                        [](const auto& part) { return part.value.IsAggregate(); });
      const auto column = std::find_if(r->select.begin(), r->select.end(), [](const auto& part) {
        return part.value.kind == ValueExpr::Kind::kColumn;
      });
      if (measure != r->select.end()) {
        item.value = measure->value;
      } else if (column != r->select.end()) {
        item.value = column->value;
      }
    }
  }
  r->order_by.erase(std::remove_if(r->order_by.begin(), r->order_by.end(),
                                   [](const semantic::OrderItem& item) {
                                     return item.value.kind == ValueExpr::Kind::kColumn &&
                                            item.value.column.empty();
                                   }),
                    r->order_by.end());
  if (r->limit && r->order_by.empty()) {
    const auto measure = std::find_if(r->select.begin(), r->select.end(),
                                      [](const auto& part) { return part.value.IsAggregate(); });
    if (measure != r->select.end() && !r->group_by.empty()) {
      r->order_by.push_back({measure->value, true});
    }
  }
}

}  // namespace

// Whether the mention that starts at `position` ends in a plural noun.
bool NamedInPlural(const Reading& r, size_t position) {
  if (position >= r.element_of_token.size() || r.element_of_token[position] < 0) return false;
  const Element& element = r.elements[r.element_of_token[position]];
  const std::string& head = r.token(element.end - 1).text;
  // "every product category" counts as the plural it means.
  for (size_t t = element.begin; t-- > 0 && element.begin - t <= 2;) {
    const std::string& word = r.token(t).text;
    if (word == "every" || word == "each" || word == "all") return true;
  }
  return semantic::Singular(head) != head;
}

// "what are the regions that …": listing a category, named in the plural,
// shows its different values ("the model of the car" lists every row).
void DistinctCategories(Reading* r) {
  if (r->select.empty() || r->limit || HasAggregate(*r) || !r->group_by.empty()) return;
  for (const auto& part : r->select) {
    if (part.value.kind != ValueExpr::Kind::kColumn) return;
    if (!NamedInPlural(*r, part.position)) return;
    const semantic::ColumnModel* column =
        r->model().FindColumn(part.value.column.table, part.value.column.column);
    if (column == nullptr || column->role != semantic::ColumnRole::kDimension) return;
  }
  r->distinct = true;
}

void Assemble(Reading* r) {
  AggregateGroupedMeasures(r);
  SettleSubject(r);
  FillCounts(r);
  DropGroupsWithoutAggregates(r);
  DefaultSelect(r);
  AggregateForeignOrderMeasures(r);
  ApplyPendingTimes(r);
  ApplyGrain(r);
  GroupBySubjectWhenNeeded(r);
  TotalOfLargeMeasures(r);
  SuperlativeAsCondition(r);
  ImplicitGroups(r);
  DistinctCategories(r);
  DefaultOrder(r);
}

}  // namespace scry::nlq
