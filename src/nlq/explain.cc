#include "nlq/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "semantic/lexicon.h"

namespace scry::nlq {
namespace {

using semantic::Aggregation;
using semantic::CompareOp;
using semantic::Filter;
using semantic::Literal;
using semantic::Model;
using semantic::SemanticQuery;
using semantic::ValueExpr;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Capitalize(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string TableLabel(const Model& model, const std::string& table, bool plural) {
  const semantic::TableModel* found = model.FindTable(table);
  std::string name =
      Lower(found != nullptr && !found->display_name.empty() ? found->display_name : table);
  const size_t space = name.rfind(' ');
  std::string last = space == std::string::npos ? name : name.substr(space + 1);
  const std::string head = space == std::string::npos ? "" : name.substr(0, space + 1);
  return head + (plural ? semantic::Plural(semantic::Singular(last)) : semantic::Singular(last));
}

std::string LiteralText(const Literal& literal) {
  switch (literal.kind) {
    case Literal::Kind::kNull:
      return "empty";
    case Literal::Kind::kBoolean:
      return literal.boolean ? "yes" : "no";
    case Literal::Kind::kInteger:
      return std::to_string(literal.integer);
    case Literal::Kind::kNumber:
      return literal.text.empty() ? fmt::format("{}", literal.number) : literal.text;
    case Literal::Kind::kText:
      return literal.text;
    case Literal::Kind::kDate:
      return FormatIsoDate(literal.date);
  }
  return "";
}

std::string ValuesText(const std::vector<Literal>& values, const char* joiner) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? joiner : ", ";
    out += LiteralText(values[i]);
  }
  return out;
}

std::string OpText(CompareOp op, bool negated) {
  switch (op) {
    case CompareOp::kEq:
      return negated ? "is not" : "is";
    case CompareOp::kNe:
      return negated ? "is" : "is not";
    case CompareOp::kLt:
      return negated ? "is at least" : "is below";
    case CompareOp::kLe:
      return negated ? "is above" : "is at most";
    case CompareOp::kGt:
      return negated ? "is at most" : "is above";
    case CompareOp::kGe:
      return negated ? "is below" : "is at least";
    case CompareOp::kBetween:
      return negated ? "is not between" : "is between";
    case CompareOp::kIn:
      return negated ? "is none of" : "is one of";
    case CompareOp::kContains:
      return negated ? "does not contain" : "contains";
    case CompareOp::kStartsWith:
      return negated ? "does not start with" : "starts with";
    case CompareOp::kEndsWith:
      return negated ? "does not end with" : "ends with";
    case CompareOp::kIsNull:
      return negated ? "is known" : "is unknown";
  }
  return "is";
}

void FilterTexts(const Model& model, const Filter& filter, std::vector<std::string>* out);

std::string PredicateText(const Model& model, const semantic::Predicate& p) {
  const std::string lhs = ValueLabel(model, p.lhs);
  if (p.subquery) {
    const SemanticQuery& sub = **p.subquery;
    if (p.op == CompareOp::kIn && !sub.select.empty()) {
      std::vector<std::string> conditions;
      FilterTexts(model, sub.where, &conditions);
      std::string text = fmt::format("{} {} {}", lhs, p.negated ? "has no" : "has",
                                     TableLabel(model, sub.subject_table, true));
      for (size_t i = 0; i < conditions.size(); ++i) {
        text += (i == 0 ? " where " : " and ") + conditions[i];
      }
      return text;
    }
    const std::string what = sub.select.empty() ? "" : ValueLabel(model, sub.select.front().value);
    return fmt::format("{} {} the {}", lhs, OpText(p.op, p.negated), what);
  }
  if (p.op == CompareOp::kBetween && p.values.size() == 2) {
    return fmt::format("{} {} {} and {}", lhs, OpText(p.op, p.negated), LiteralText(p.values[0]),
                       LiteralText(p.values[1]));
  }
  if (p.op == CompareOp::kIn) {
    return fmt::format("{} is {}{}", lhs, p.negated ? "not " : "", ValuesText(p.values, " or "));
  }
  if (p.op == CompareOp::kIsNull) return fmt::format("{} {}", lhs, OpText(p.op, p.negated));
  return fmt::format("{} {} {}", lhs, OpText(p.op, p.negated), ValuesText(p.values, " and "));
}

void FilterTexts(const Model& model, const Filter& filter, std::vector<std::string>* out) {
  if (filter.kind == Filter::Kind::kPredicate) {
    out->push_back(PredicateText(model, filter.predicate));
    return;
  }
  if (filter.kind == Filter::Kind::kOr) {
    std::vector<std::string> parts;
    for (const Filter& child : filter.children) FilterTexts(model, child, &parts);
    std::string joined;
    for (size_t i = 0; i < parts.size(); ++i) joined += (i ? " or " : "") + parts[i];
    out->push_back("(" + joined + ")");
    return;
  }
  for (const Filter& child : filter.children) FilterTexts(model, child, out);
}

std::string AggregationText(Aggregation aggregation) {
  switch (aggregation) {
    case Aggregation::kCount:
      return "count of";
    case Aggregation::kCountDistinct:
      return "number of different";
    case Aggregation::kSum:
      return "sum of";
    case Aggregation::kAvg:
      return "average";
    case Aggregation::kMin:
      return "minimum";
    case Aggregation::kMax:
      return "maximum";
    case Aggregation::kMedian:
      return "median";
    case Aggregation::kNone:
      return "";
  }
  return "";
}

std::string TimeText(const semantic::TimeRange& range) {
  const std::string dates = fmt::format("{} to {}", FormatIsoDate(range.start),
                                        FormatIsoDate(CivilFromDays(DaysFromCivil(range.end) - 1)));
  if (range.start.year <= 1) {
    return fmt::format("until {}", FormatIsoDate(CivilFromDays(DaysFromCivil(range.end) - 1)));
  }
  if (range.end.year >= 9999) return fmt::format("since {}", FormatIsoDate(range.start));
  return range.phrase.empty() ? dates : fmt::format("{} ({})", range.phrase, dates);
}

std::string ChartText(semantic::ChartPreference chart) {
  return chart == semantic::ChartPreference::kTable
             ? "table"
             : std::string(semantic::ChartPreferenceName(chart)) + " chart";
}

}  // namespace

std::string ColumnLabel(const Model& model, const semantic::ColumnRef& column) {
  const semantic::ColumnModel* found = model.FindColumn(column.table, column.column);
  std::string name =
      Lower(found != nullptr && !found->display_name.empty() ? found->display_name : column.column);
  int same_name = 0;
  for (const semantic::TableModel& table : model.tables) {
    if (table.FindColumn(column.column) != nullptr) ++same_name;
  }
  const std::string table = TableLabel(model, column.table, false);
  if (same_name > 1 && name.find(table) == std::string::npos) name = table + " " + name;
  return name;
}

std::string ValueLabel(const Model& model, const ValueExpr& value) {
  switch (value.kind) {
    case ValueExpr::Kind::kColumn: {
      const std::string column = ColumnLabel(model, value.column);
      if (value.grain == semantic::TimeGrain::kNone) return column;
      return fmt::format("{} of {}", semantic::TimeGrainName(value.grain), column);
    }
    case ValueExpr::Kind::kAggregate:
      return fmt::format("{} {}", AggregationText(value.aggregation),
                         ColumnLabel(model, value.column));
    case ValueExpr::Kind::kCountRows:
      return fmt::format("number of {}", TableLabel(model, value.table, true));
    case ValueExpr::Kind::kMetric: {
      const semantic::MetricModel* metric = model.FindMetric(value.metric);
      return Lower(metric != nullptr && !metric->display_name.empty() ? metric->display_name
                                                                      : value.metric);
    }
    case ValueExpr::Kind::kAllColumns:
      return fmt::format("all about {}", TableLabel(model, value.table, true));
  }
  return "";
}

namespace {

// "running total of revenue": a cumulative item says so; a plain sum needs no "sum of" then.
std::string ItemLabel(const Model& model, const semantic::SelectItem& item) {
  if (!item.cumulative) return ValueLabel(model, item.value);
  const bool sum = item.value.kind == ValueExpr::Kind::kAggregate &&
                   item.value.aggregation == semantic::Aggregation::kSum;
  return "running total of " +
         (sum ? ColumnLabel(model, item.value.column) : ValueLabel(model, item.value));
}

}  // namespace

void Explain(const SemanticQuery& query, const Model& model, Interpretation* interpretation) {
  interpretation->chips.clear();
  std::vector<std::string> shown;
  for (const semantic::SelectItem& item : query.select) {
    const bool group =
        std::find(query.group_by.begin(), query.group_by.end(), item.value) != query.group_by.end();
    if (group) continue;
    const std::string label = ItemLabel(model, item);
    shown.push_back(label);
    interpretation->chips.push_back({item.value.IsAggregate() ? "measure" : "column", label});
  }
  std::vector<std::string> groups;
  for (const ValueExpr& group : query.group_by) {
    groups.push_back(ValueLabel(model, group));
    interpretation->chips.push_back({"group", ValueLabel(model, group)});
  }
  // A question that only names things ("which store has the most orders")
  // shows its groups.
  if (shown.empty()) {
    for (const semantic::SelectItem& item : query.select)
      shown.push_back(ValueLabel(model, item.value));
    groups.clear();
  }
  std::string text;
  for (size_t i = 0; i < shown.size(); ++i) {
    if (i > 0) text += i + 1 == shown.size() ? " and " : ", ";
    text += shown[i];
  }
  if (query.distinct) text = "different " + text;
  if (!groups.empty()) {
    text += " by ";
    for (size_t i = 0; i < groups.size(); ++i) text += (i ? " and " : "") + groups[i];
  }
  std::vector<std::string> filters;
  FilterTexts(model, query.where, &filters);
  FilterTexts(model, query.having, &filters);
  for (const std::string& filter : filters) {
    text += ", " + filter;
    interpretation->chips.push_back({"filter", filter});
  }
  if (query.time_range) {
    text += ", " + TimeText(*query.time_range);
    interpretation->chips.push_back({"time", TimeText(*query.time_range)});
  }
  if (query.comparison) {
    const char* against = query.comparison->kind == semantic::PeriodComparison::Kind::kPreviousYear
                              ? "the same period a year earlier"
                              : "the previous period";
    text += fmt::format(", compared with {}", against);
    interpretation->chips.push_back({"compare", against});
  }
  for (const semantic::OrderItem& item : query.order_by) {
    const std::string order = fmt::format("{} {}", ValueLabel(model, item.value),
                                          item.descending ? "highest first" : "lowest first");
    if (!(query.limit && query.order_by.size() == 1)) {
      text += ", sorted by " + order;
      interpretation->chips.push_back({"order", order});
    }
  }
  if (query.limit) {
    std::string limit =
        query.order_by.empty()
            ? fmt::format("first {}", *query.limit)
            : fmt::format("{} {} by {}", query.order_by.front().descending ? "top" : "bottom",
                          *query.limit, ValueLabel(model, query.order_by.front().value));
    text += ", " + limit;
    interpretation->chips.push_back({"limit", limit});
  }
  if (query.chart != semantic::ChartPreference::kAuto) {
    const std::string chart = ChartText(query.chart);
    text += ", as a " + chart;
    interpretation->chips.push_back({"chart", chart});
  }
  if (query.set_operation) {
    const char* op = (*query.set_operation)->op == semantic::SetOp::kIntersect ? "also in"
                     : (*query.set_operation)->op == semantic::SetOp::kExcept  ? "except"
                                                                               : "together with";
    text += fmt::format(", {} another list", op);
  }
  interpretation->restatement = Capitalize(text);
}

}  // namespace scry::nlq
