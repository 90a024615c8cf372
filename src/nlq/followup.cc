#include "nlq/followup.h"

#include <algorithm>

#include "nlq/intent_util.h"

namespace scry::nlq {
namespace {

using semantic::Filter;
using semantic::SemanticQuery;
using semantic::ValueExpr;

bool HasWord(const Reading& r, std::initializer_list<const char*> words) {
  for (const Token& token : *r.tokens) {
    for (const char* word : words) {
      if (token.text == word) return true;
    }
  }
  return false;
}

bool HasPhrase(const Reading& r, std::initializer_list<const char*> words) {
  const std::vector<const char*> phrase(words);
  for (size_t i = 0; i + phrase.size() <= r.tokens->size(); ++i) {
    bool match = true;
    for (size_t k = 0; k < phrase.size() && match; ++k) match = r.token(i + k).text == phrase[k];
    if (match) return true;
  }
  return false;
}

bool StartsWith(const Reading& r,
                std::initializer_list<std::initializer_list<const char*>> openers) {
  for (const auto& opener : openers) {
    size_t i = 0;
    bool match = true;
    for (const char* word : opener) {
      if (i >= r.tokens->size() || r.token(i).text != word) {
        match = false;
        break;
      }
      ++i;
    }
    if (match) return true;
  }
  return false;
}

// Whether the question names something to show of its own, not counting
// what it groups by ("by payment method" shows nothing new).
bool NamesSomethingToShow(const Reading& r) {
  if (r.default_select) return false;
  return std::any_of(r.select.begin(), r.select.end(),
                     [](const auto& part) { return !part.from_group; });
}

const ValueExpr* FilterLhs(const Filter& filter) {
  return filter.kind == Filter::Kind::kPredicate ? &filter.predicate.lhs : nullptr;
}

// Top-level conjuncts of a filter.
std::vector<Filter> Conjuncts(const Filter& filter) {
  if (filter.kind == Filter::Kind::kAnd) return filter.children;
  if (filter.empty()) return {};
  return {filter};
}

void MergeFilters(const Filter& current, Filter* merged) {
  std::vector<Filter> result = Conjuncts(*merged);
  for (const Filter& filter : Conjuncts(current)) {
    const ValueExpr* lhs = FilterLhs(filter);
    // A new condition on a column already filtered replaces the old one
    // ("what about Europe?" after "in North America").
    if (lhs != nullptr && lhs->kind == ValueExpr::Kind::kColumn) {
      result.erase(std::remove_if(result.begin(), result.end(),
                                  [&](const Filter& old) {
                                    const ValueExpr* old_lhs = FilterLhs(old);
                                    return old_lhs != nullptr && old_lhs->kind == lhs->kind &&
                                           old_lhs->column == lhs->column &&
                                           !old.predicate.subquery && !filter.predicate.subquery &&
                                           old.predicate.op != semantic::CompareOp::kGt &&
                                           old.predicate.op != semantic::CompareOp::kLt;
                                  }),
                   result.end());
    }
    result.push_back(filter);
  }
  *merged = Filter::And(std::move(result));
  if (merged->children.size() == 1) *merged = merged->children.front();
}

// A plain condition on a column of a table related to the subject, not in
// a subquery: "language is English" for countries.
bool RelatedCondition(const Filter& filter, const std::string& subject) {
  const ValueExpr* lhs = FilterLhs(filter);
  return lhs != nullptr && lhs->kind == ValueExpr::Kind::kColumn && !filter.predicate.subquery &&
         !filter.predicate.negated && lhs->column.table != subject &&
         (filter.predicate.op == semantic::CompareOp::kEq ||
          filter.predicate.op == semantic::CompareOp::kIn);
}

// An equality or list condition on a column of the subject's own table.
bool OwnCondition(const Filter& filter, const std::string& subject) {
  const ValueExpr* lhs = FilterLhs(filter);
  return lhs != nullptr && lhs->kind == ValueExpr::Kind::kColumn && !filter.predicate.subquery &&
         !filter.predicate.negated && lhs->column.table == subject &&
         (filter.predicate.op == semantic::CompareOp::kEq ||
          filter.predicate.op == semantic::CompareOp::kIn);
}

// "which of those also speak Dutch" after "countries that speak English": a
// second condition on the same related column asks for subjects with a
// related row of each kind, so each becomes its own "key IN (…)" instead of
// the new one replacing the old.
void KeepBothConditions(const Reading& r, const std::string& subject_table, Filter* current,
                        Filter* previous) {
  const int subject = TableIndex(r, subject_table);
  if (subject < 0) return;
  std::vector<Filter> old_conjuncts = Conjuncts(*previous);
  std::vector<Filter> new_conjuncts = Conjuncts(*current);
  bool changed = false;
  for (Filter& filter : new_conjuncts) {
    // "also show those in 2015" after "in 2014": a column of the subject's
    // own rows holds one value each, so "also" widens the list.
    if (OwnCondition(filter, subject_table)) {
      for (Filter& old : old_conjuncts) {
        if (!OwnCondition(old, subject_table) ||
            !(old.predicate.lhs.column == filter.predicate.lhs.column)) {
          continue;
        }
        for (const semantic::Literal& value : filter.predicate.values) {
          if (std::find(old.predicate.values.begin(), old.predicate.values.end(), value) ==
              old.predicate.values.end()) {
            old.predicate.values.push_back(value);
          }
        }
        if (old.predicate.values.size() > 1) old.predicate.op = semantic::CompareOp::kIn;
        filter = Filter();
        changed = true;
        break;
      }
      continue;
    }
    if (!RelatedCondition(filter, subject_table)) continue;
    const semantic::ColumnRef& column = filter.predicate.lhs.column;
    const int related = TableIndex(r, column.table);
    if (related < 0) continue;
    const std::optional<ReferenceHop> hop = ReferenceInto(r, related, subject);
    if (!hop) continue;
    auto in_related = [&](Filter condition) {
      Filter in = NotInRelated(r, subject, *hop, std::move(condition));
      in.predicate.negated = false;
      return in;
    };
    for (Filter& old : old_conjuncts) {
      if (!RelatedCondition(old, subject_table) || !(old.predicate.lhs.column == column)) continue;
      old = in_related(std::move(old));
      filter = in_related(std::move(filter));
      changed = true;
      break;
    }
  }
  if (!changed) return;
  new_conjuncts.erase(std::remove_if(new_conjuncts.begin(), new_conjuncts.end(),
                                     [](const Filter& filter) { return filter.empty(); }),
                      new_conjuncts.end());
  *previous = Filter::And(std::move(old_conjuncts));
  if (previous->children.size() == 1) *previous = previous->children.front();
  *current = Filter::And(std::move(new_conjuncts));
  if (current->children.size() == 1) *current = current->children.front();
}

// The date column a query's time applies to: its time range's, else its
// time group's, else the time column of the table its measures come from.
semantic::ColumnRef TimeColumnOf(const semantic::Model& model, const SemanticQuery& query) {
  if (query.time_range) return query.time_range->column;
  for (const ValueExpr& group : query.group_by) {
    if (group.grain != semantic::TimeGrain::kNone) return group.column;
  }
  std::vector<std::string> tables;
  for (const semantic::SelectItem& item : query.select) {
    if (item.value.kind == ValueExpr::Kind::kAggregate) tables.push_back(item.value.column.table);
    if (item.value.kind == ValueExpr::Kind::kCountRows) tables.push_back(item.value.table);
    if (item.value.kind == ValueExpr::Kind::kMetric) {
      if (const semantic::MetricModel* metric = model.FindMetric(item.value.metric)) {
        tables.insert(tables.end(), metric->tables.begin(), metric->tables.end());
      }
    }
  }
  tables.push_back(query.subject_table);
  for (const std::string& name : tables) {
    const semantic::TableModel* table = model.FindTable(name);
    if (table == nullptr || table->time_column.empty()) continue;
    const size_t dot = table->time_column.find('.');
    if (dot == std::string::npos) return {table->name, table->time_column};
    return {table->time_column.substr(0, dot), table->time_column.substr(dot + 1)};
  }
  return {};
}

// Whether a metric is "agg(table.column)", and which column.
bool SingleColumnOf(const semantic::MetricModel& metric, semantic::ColumnRef* column) {
  const std::string& expression = metric.expression;
  const size_t open = expression.find('(');
  const size_t dot = expression.find('.');
  if (open == std::string::npos || dot == std::string::npos || expression.back() != ')') {
    return false;
  }
  const std::string inner = expression.substr(open + 1, expression.size() - open - 2);
  if (inner.find_first_of("()+-*/ ") != std::string::npos) return false;
  const size_t split = inner.find('.');
  *column = {inner.substr(0, split), inner.substr(split + 1)};
  return true;
}

semantic::Predicate* FirstComparison(semantic::Filter* filter) {
  if (filter->kind == semantic::Filter::Kind::kPredicate) {
    semantic::Predicate& p = filter->predicate;
    const bool compares = p.op == semantic::CompareOp::kEq || p.op == semantic::CompareOp::kGt ||
                          p.op == semantic::CompareOp::kGe || p.op == semantic::CompareOp::kLt ||
                          p.op == semantic::CompareOp::kLe;
    const bool numeric =
        p.values.size() == 1 && (p.values.front().kind == semantic::Literal::Kind::kInteger ||
                                 p.values.front().kind == semantic::Literal::Kind::kNumber);
    return compares && numeric && !p.subquery ? &p : nullptr;
  }
  for (semantic::Filter& child : filter->children) {
    if (semantic::Predicate* found = FirstComparison(&child)) return found;
  }
  return nullptr;
}

// "how about more than 3?": the previous comparison with a new operator and
// number; "how about 3?": with a new number only.
void ChangeComparison(const Reading::DanglingCompare& change, SemanticQuery* query) {
  semantic::Predicate* target = FirstComparison(&query->having);
  if (target == nullptr) target = FirstComparison(&query->where);
  if (target == nullptr) return;
  if (change.has_op) {
    target->op = change.op;
    target->negated = change.negated;
  }
  target->values = {change.value};
}

// A plain column that holds quantities (a measure), which a follow-up may aggregate.
bool IsQuantity(const Reading& reading, const ValueExpr& value) {
  const semantic::ColumnModel* column =
      reading.model().FindColumn(value.column.table, value.column.column);
  return column != nullptr && column->role == semantic::ColumnRole::kMeasure;
}

// An integer column named like a year among the columns a query shows or
// filters, else in its tables.
semantic::ColumnRef YearColumnOf(const semantic::Model& model, const SemanticQuery& query) {
  auto is_year = [&](const semantic::ColumnRef& ref) {
    const semantic::ColumnModel* column = model.FindColumn(ref.table, ref.column);
    if (column == nullptr || column->type != semantic::DataType::kInteger) return false;
    std::string lower = column->name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("year") != std::string::npos ||
           column->format == semantic::ValueFormat::kYear;
  };
  for (const semantic::SelectItem& item : query.select) {
    if (!item.value.column.empty() && is_year(item.value.column)) return item.value.column;
  }
  for (const std::string& name : query.Tables()) {
    const semantic::TableModel* table = model.FindTable(name);
    if (table == nullptr) continue;
    for (const semantic::ColumnModel& column : table->columns) {
      if (is_year({table->name, column.name})) return {table->name, column.name};
    }
  }
  return {};
}

// The column under "sum(x)" or a metric that only aggregates x; else the value.
ValueExpr PlainColumnOf(const Reading& reading, const ValueExpr& value) {
  semantic::ColumnRef column;
  if (value.kind == ValueExpr::Kind::kMetric) {
    const semantic::MetricModel* metric = reading.model().FindMetric(value.metric);
    if (metric != nullptr && SingleColumnOf(*metric, &column)) return ValueExpr::Column(column);
  }
  if (value.kind == ValueExpr::Kind::kAggregate && !value.column.empty()) {
    return ValueExpr::Column(value.column);
  }
  return value;
}

// "which one has the most …", "which of those has the largest …": a pick
// among the rows the previous answer listed, by a quantity of each row. The
// question shows nothing but the quantity it ranks by.
bool PicksAmongPrevious(const Reading& reading, const SemanticQuery& current,
                        const SemanticQuery& previous) {
  if (previous.HasAggregates() || current.order_by.empty() || !current.limit ||
      reading.subject_named || !current.group_by.empty()) {
    return false;
  }
  if (!HasWord(reading, {"one", "ones", "those", "them", "these"})) return false;
  return std::all_of(current.select.begin(), current.select.end(), [&](const auto& item) {
    return std::any_of(current.order_by.begin(), current.order_by.end(),
                       [&](const semantic::OrderItem& order) { return order.value == item.value; });
  });
}

bool IsCountOnly(const SemanticQuery& query) {
  return query.select.size() == 1 && query.select.front().value.kind == ValueExpr::Kind::kCountRows;
}

}  // namespace

FollowUpDecision DecideFollowUp(const Reading& current, const SemanticQuery& previous) {
  if (previous.select.empty()) return {false, ""};
  if (StartsWith(current, {{"and"},
                           {"but"},
                           {"only"},
                           {"just"},
                           {"what", "about"},
                           {"how", "about"},
                           {"now"},
                           {"then"},
                           {"also"},
                           {"and", "what"},
                           {"same"},
                           {"instead"},
                           {"of", "those"},
                           {"of", "them"},
                           {"among"}})) {
    return {true, "it starts the way a follow-up does"};
  }
  if (HasWord(current, {"them", "those", "these", "they", "their", "it", "its", "ones", "instead",
                        "same", "one", "also", "too", "previous", "above"})) {
    return {true, "it refers back to the previous answer"};
  }
  if (current.refers_back) return {true, "it names the previous condition"};
  if (!NamesSomethingToShow(current) && !current.subject_named) {
    return {true, "it names nothing to show of its own"};
  }
  if (current.dangling_aggregation != semantic::Aggregation::kNone) {
    return {true, "it changes how the previous measure is aggregated"};
  }
  if (current.dangling_compare || current.dangling_superlative) {
    return {true, "it changes the previous condition or order"};
  }
  if (!current.unapplied_times.empty() && !NamesSomethingToShow(current)) {
    return {true, "it only names a time"};
  }
  const bool counts_only =
      std::all_of(current.select.begin(), current.select.end(),
                  [](const auto& part) { return part.value.kind == ValueExpr::Kind::kCountRows; });
  if (counts_only && !current.subject_named && !current.select.empty()) {
    return {true, "it counts without naming what"};
  }
  return {false, "it names its own measure and subject"};
}

SemanticQuery MergeFollowUp(const Reading& current_reading, const SemanticQuery& current,
                            const SemanticQuery& previous) {
  SemanticQuery merged = previous;
  const Reading& reading = current_reading;
  const bool instead = HasWord(reading, {"instead", "rather"});
  const bool adds_group = HasWord(reading, {"also", "drill", "break", "breakdown", "further"});

  // What to show.
  if (reading.dangling_aggregation != semantic::Aggregation::kNone) {
    // "and the average?", "how about the minimum and maximum?": the previous
    // measure (or listed quantity) under each aggregate named, in order.
    std::vector<semantic::SelectItem> select;
    for (const semantic::SelectItem& item : merged.select) {
      semantic::ColumnRef column;
      bool quantity = false;
      if (item.value.kind == ValueExpr::Kind::kMetric) {
        const semantic::MetricModel* metric = reading.model().FindMetric(item.value.metric);
        quantity = metric != nullptr && SingleColumnOf(*metric, &column);
      } else if (item.value.kind == ValueExpr::Kind::kAggregate ||
                 (item.value.kind == ValueExpr::Kind::kColumn && IsQuantity(reading, item.value))) {
        column = item.value.column;
        quantity = true;
      }
      if (!quantity) {
        select.push_back(item);
        continue;
      }
      for (semantic::Aggregation aggregation : reading.dangling_aggregations) {
        select.push_back({ValueExpr::Aggregate(aggregation, column), ""});
      }
    }
    merged.select = std::move(select);
    if (!merged.HasAggregates()) merged.group_by.clear();
    merged.order_by.clear();
    merged.limit.reset();
  } else if (PicksAmongPrevious(reading, current, previous)) {
    // "which one has the shortest life expectancy?": the previous rows, the
    // one with the extreme value of the quantity.
    std::vector<semantic::OrderItem> order;
    for (const semantic::OrderItem& item : current.order_by) {
      order.push_back({PlainColumnOf(reading, item.value), item.descending});
    }
    merged.order_by = std::move(order);
  } else if (!reading.default_select && NamesSomethingToShow(reading)) {
    if (IsCountOnly(current) && !reading.subject_named) {
      // "how many are there?": count the rows the previous answer listed, or
      // its different values when it listed different values.
      if (previous.distinct && previous.select.size() == 1 &&
          previous.select.front().value.kind == ValueExpr::Kind::kColumn) {
        merged.select = {{ValueExpr::Aggregate(semantic::Aggregation::kCountDistinct,
                                               previous.select.front().value.column, true),
                          ""}};
      } else {
        merged.select = {{ValueExpr::CountRows(previous.subject_table), ""}};
      }
      merged.distinct = false;
      merged.group_by.clear();
      merged.order_by.clear();
      merged.limit.reset();
    } else {
      std::vector<semantic::SelectItem> select;
      for (const semantic::SelectItem& item : current.select) {
        const bool group = std::find(reading.group_requests.begin(), reading.group_requests.end(),
                                     item.value) != reading.group_requests.end();
        if (!group) select.push_back(item);
      }
      // "show their horsepower as well", "also give the names": added to what
      // was shown, unless the new items are aggregates replacing a listing.
      const bool adds_columns =
          HasWord(reading, {"also", "too", "additionally"}) || HasPhrase(reading, {"as", "well"});
      if (!select.empty() && adds_columns && !current.HasAggregates() &&
          !previous.HasAggregates()) {
        for (const semantic::SelectItem& item : select) {
          if (item.value.kind == ValueExpr::Kind::kAllColumns) continue;
          merged.select.push_back(item);
        }
        merged.select.erase(std::remove_if(merged.select.begin(), merged.select.end(),
                                           [&](const semantic::SelectItem& item) {
                                             return item.value.kind ==
                                                        ValueExpr::Kind::kAllColumns &&
                                                    merged.select.size() > 1;
                                           }),
                            merged.select.end());
      } else if (!select.empty()) {
        // Keep the previous grouping columns in front of the new measures.
        std::vector<semantic::SelectItem> kept;
        for (const semantic::SelectItem& item : merged.select) {
          if (std::find(merged.group_by.begin(), merged.group_by.end(), item.value) !=
              merged.group_by.end()) {
            kept.push_back(item);
          }
        }
        if (!current.HasAggregates()) kept.clear();
        kept.insert(kept.end(), select.begin(), select.end());
        merged.select = std::move(kept);
        if (!merged.HasAggregates()) merged.group_by.clear();
      }
    }
  }

  // Grouping: what the question asked to group by, even if its own reading
  // (with nothing to aggregate) dropped it.
  std::vector<ValueExpr> groups;
  for (const ValueExpr& group : reading.group_requests) {
    if (group.grain == semantic::TimeGrain::kNone) groups.push_back(group);
  }
  for (const ValueExpr& group : current.group_by) {
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  if (!groups.empty() && merged.HasAggregates()) {
    if (!adds_group || instead) {
      for (const ValueExpr& old : merged.group_by) {
        merged.select.erase(
            std::remove_if(merged.select.begin(), merged.select.end(),
                           [&](const semantic::SelectItem& item) { return item.value == old; }),
            merged.select.end());
      }
      merged.group_by.clear();
      merged.order_by.erase(std::remove_if(merged.order_by.begin(), merged.order_by.end(),
                                           [](const semantic::OrderItem& item) {
                                             return item.value.kind == ValueExpr::Kind::kColumn;
                                           }),
                            merged.order_by.end());
    }
    std::vector<semantic::SelectItem> front;
    for (const ValueExpr& group : groups) {
      if (std::find(merged.group_by.begin(), merged.group_by.end(), group) ==
          merged.group_by.end()) {
        merged.group_by.push_back(group);
        front.push_back({group, ""});
      }
    }
    merged.select.insert(merged.select.begin(), front.begin(), front.end());
    if (merged.order_by.empty() && groups.front().grain != semantic::TimeGrain::kNone) {
      merged.order_by.push_back({groups.front(), false});
    }
  }

  // "by month instead": a grain with no date of its own applies to the
  // previous query's time column.
  if (current_reading.grain != semantic::TimeGrain::kNone) {
    const bool has_time_group = std::any_of(
        current.group_by.begin(), current.group_by.end(),
        [](const ValueExpr& group) { return group.grain != semantic::TimeGrain::kNone; });
    if (!has_time_group) {
      const semantic::ColumnRef time = TimeColumnOf(current_reading.model(), merged);
      if (!time.empty()) {
        if (!adds_group || instead) {
          for (const ValueExpr& old : merged.group_by) {
            merged.select.erase(
                std::remove_if(merged.select.begin(), merged.select.end(),
                               [&](const semantic::SelectItem& item) { return item.value == old; }),
                merged.select.end());
          }
          merged.group_by.clear();
        }
        const ValueExpr group = ValueExpr::Column(time, current_reading.grain);
        merged.group_by.insert(merged.group_by.begin(), group);
        merged.select.insert(merged.select.begin(), {group, ""});
        merged.order_by = {{group, false}};
      }
    }
  }

  Filter where = current.where;
  if (HasWord(reading, {"also", "too", "both"}) || HasPhrase(reading, {"as", "well"})) {
    KeepBothConditions(reading, previous.subject_table, &where, &merged.where);
  }
  MergeFilters(where, &merged.where);
  MergeFilters(current.having, &merged.having);
  if (current.time_range) merged.time_range = current.time_range;
  // "and last year?": a range this question alone had no column for.
  if (!current.time_range && !reading.unapplied_times.empty()) {
    const TimeExpression& time = reading.unapplied_times.front();
    const semantic::ColumnRef column = TimeColumnOf(reading.model(), merged);
    if (!column.empty() && time.range_start) {
      merged.time_range =
          semantic::TimeRange{column, *time.range_start, *time.range_end, time.phrase};
    } else if (time.bare_year) {
      // "only for the ones born in 1948": a year column of the previous answer.
      const semantic::ColumnRef year = YearColumnOf(reading.model(), merged);
      if (!year.empty()) {
        semantic::Predicate predicate;
        predicate.lhs = ValueExpr::Column(year);
        predicate.values.push_back(semantic::Literal::Integer(*time.bare_year));
        merged.where.AddConjunct(semantic::Filter::Of(std::move(predicate)));
      }
    }
  }
  if (current.comparison) merged.comparison = current.comparison;
  if (!current.order_by.empty()) merged.order_by = current.order_by;
  if (current.limit) merged.limit = current.limit;
  // "top 3 only": the biggest by the measure, whatever the previous order was.
  if (reading.limit_descending && current.order_by.empty()) {
    for (const semantic::SelectItem& item : merged.select) {
      if (item.value.IsAggregate()) {
        merged.order_by = {{item.value, *reading.limit_descending}};
        break;
      }
    }
  }
  if (current.distinct && !merged.HasAggregates()) merged.distinct = true;
  // The same column shown twice (kept from before and named again) once.
  std::vector<semantic::SelectItem> unique;
  for (semantic::SelectItem& item : merged.select) {
    const bool seen = std::any_of(unique.begin(), unique.end(), [&](const semantic::SelectItem& u) {
      return u.value == item.value;
    });
    if (!seen) unique.push_back(std::move(item));
  }
  merged.select = std::move(unique);
  if (reading.dangling_compare) ChangeComparison(*reading.dangling_compare, &merged);
  if (reading.dangling_superlative) {
    const bool descending = *reading.dangling_superlative;
    if (!merged.order_by.empty()) {
      merged.order_by.front().descending = descending;
    } else {
      for (const semantic::SelectItem& item : merged.select) {
        if (item.value.IsAggregate()) {
          merged.order_by.push_back({item.value, descending});
          break;
        }
      }
    }
    if (!merged.order_by.empty() && !merged.limit) merged.limit = 1;
  }
  // "greater surface area than that": compared with the previous answer.
  if (reading.compare_with_previous) {
    semantic::Predicate predicate = *reading.compare_with_previous;
    if (previous.select.size() == 1) {
      predicate.subquery = semantic::Box<SemanticQuery>(previous);
      merged.where.AddConjunct(semantic::Filter::Of(std::move(predicate)));
    }
  }
  if (merged.HasAggregates()) merged.distinct = false;
  if (merged.limit && merged.order_by.empty() && merged.HasAggregates()) {
    for (const semantic::SelectItem& item : merged.select) {
      if (item.value.IsAggregate()) {
        merged.order_by.push_back({item.value, true});
        break;
      }
    }
  }
  return merged;
}

}  // namespace scry::nlq
