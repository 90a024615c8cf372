// SemanticQuery → JSON. Fields equal to their defaults are left out, so a
// simple query reads as what it asks for:
//   {"subject": "orders",
//    "select": [{"value": {"kind": "aggregate", "aggregation": "sum",
//                          "column": "order_items.revenue"}}],
//    "group_by": [{"kind": "column", "column": "stores.region"}]}
// A column is "table.column" (an object {"table", "column"} when the column's
// own name has a dot); a literal is a plain JSON value when its kind says
// everything (null, true, 42, "Online", 2.5), else an object with "kind".
// query_json_read.cc reads it back.
#include "semantic/query_json.h"

#include <cmath>

#include "semantic/query_json_names.h"

namespace scry::semantic {
namespace {

using nlohmann::json;
using namespace json_names;  // NOLINT: the enumeration names of this file's format

json ColumnToJson(const ColumnRef& column) {
  if (!column.table.empty() && !column.column.empty() &&
      column.column.find('.') == std::string::npos) {
    return column.table + "." + column.column;
  }
  return json{{"table", column.table}, {"column", column.column}};
}

json DateToJson(const CivilDate& date) {
  const std::string iso = FormatIsoDate(date);
  const std::optional<CivilDate> back = ParseIsoDate(iso);
  if (back && *back == date) return iso;
  return json{{"year", date.year}, {"month", date.month}, {"day", date.day}};
}

json ValueToJson(const ValueExpr& value) {
  const ValueExpr base = DefaultValue(value.kind);
  json out{{"kind", NameOf(kValueKinds, value.kind)}};
  if (value.column != base.column) out["column"] = ColumnToJson(value.column);
  if (value.aggregation != base.aggregation)
    out["aggregation"] = AggregationName(value.aggregation);
  if (value.distinct != base.distinct) out["distinct"] = value.distinct;
  if (value.grain != base.grain) out["grain"] = TimeGrainName(value.grain);
  if (value.metric != base.metric) out["metric"] = value.metric;
  if (value.table != base.table) out["table"] = value.table;
  return out;
}

json LiteralObject(const Literal& literal) {
  const Literal base;
  json out{{"kind", NameOf(kLiteralKinds, literal.kind)}};
  if (literal.boolean != base.boolean) out["boolean"] = literal.boolean;
  if (literal.integer != base.integer) out["integer"] = literal.integer;
  if (literal.number != base.number && std::isfinite(literal.number)) {
    out["number"] = literal.number;
  }
  if (literal.text != base.text) out["text"] = literal.text;
  if (literal.date != base.date) out["date"] = DateToJson(literal.date);
  return out;
}

json LiteralToJson(const Literal& literal) {
  switch (literal.kind) {
    case Literal::Kind::kNull:
      if (literal == Literal::Null()) return nullptr;
      break;
    case Literal::Kind::kBoolean:
      if (literal == Literal::Boolean(literal.boolean)) return literal.boolean;
      break;
    case Literal::Kind::kInteger:
      if (literal == Literal::Integer(literal.integer)) return literal.integer;
      break;
    case Literal::Kind::kNumber:
      if (literal == Literal::Number(literal.number) && std::isfinite(literal.number)) {
        return literal.number;
      }
      break;
    case Literal::Kind::kText:
      if (literal == Literal::Text(literal.text)) return literal.text;
      break;
    case Literal::Kind::kDate:
      break;
  }
  return LiteralObject(literal);
}

json FilterToJson(const Filter& filter);

json PredicateToJson(const Predicate& predicate) {
  json out{{"lhs", ValueToJson(predicate.lhs)}};
  if (predicate.op != CompareOp::kEq) out["op"] = CompareOpName(predicate.op);
  if (predicate.negated) out["negated"] = true;
  if (!predicate.values.empty()) {
    json values = json::array();
    for (const Literal& literal : predicate.values) values.push_back(LiteralToJson(literal));
    out["values"] = std::move(values);
  }
  if (predicate.subquery) out["subquery"] = QueryToJson(**predicate.subquery);
  return out;
}

// A predicate is its own object; a combination is {"and": [...]} or {"or": [...]}.
json FilterToJson(const Filter& filter) {
  if (filter.kind == Filter::Kind::kPredicate) return PredicateToJson(filter.predicate);
  json children = json::array();
  for (const Filter& child : filter.children) children.push_back(FilterToJson(child));
  return json{{filter.kind == Filter::Kind::kAnd ? "and" : "or", std::move(children)}};
}

json TimeRangeToJson(const TimeRange& range) {
  json out{{"column", ColumnToJson(range.column)},
           {"start", DateToJson(range.start)},
           {"end", DateToJson(range.end)}};
  if (!range.phrase.empty()) out["phrase"] = range.phrase;
  return out;
}

void AddSelect(const SemanticQuery& query, json* out) {
  if (query.select.empty()) return;
  json select = json::array();
  for (const SelectItem& item : query.select) {
    json entry{{"value", ValueToJson(item.value)}};
    if (!item.label.empty()) entry["label"] = item.label;
    if (item.cumulative) entry["cumulative"] = true;
    select.push_back(std::move(entry));
  }
  (*out)["select"] = std::move(select);
}

void AddGroupAndOrder(const SemanticQuery& query, json* out) {
  if (!query.group_by.empty()) {
    json group = json::array();
    for (const ValueExpr& value : query.group_by) group.push_back(ValueToJson(value));
    (*out)["group_by"] = std::move(group);
  }
  if (!query.order_by.empty()) {
    json order = json::array();
    for (const OrderItem& item : query.order_by) {
      json entry{{"value", ValueToJson(item.value)}};
      if (item.descending) entry["descending"] = true;
      order.push_back(std::move(entry));
    }
    (*out)["order_by"] = std::move(order);
  }
}

}  // namespace

json QueryToJson(const SemanticQuery& query) {
  json out = json::object();
  if (!query.subject_table.empty()) out["subject"] = query.subject_table;
  AddSelect(query, &out);
  if (query.distinct) out["distinct"] = true;
  if (query.where != Filter()) out["where"] = FilterToJson(query.where);
  if (query.time_range) out["time_range"] = TimeRangeToJson(*query.time_range);
  if (query.comparison) out["comparison"] = NameOf(kComparisons, query.comparison->kind);
  AddGroupAndOrder(query, &out);
  if (query.having != Filter()) out["having"] = FilterToJson(query.having);
  if (query.limit) out["limit"] = *query.limit;
  if (query.chart != ChartPreference::kAuto) out["chart"] = ChartPreferenceName(query.chart);
  if (query.set_operation) {
    out["set_operation"] = json{{"op", NameOf(kSetOps, (*query.set_operation)->op)},
                                {"query", QueryToJson((*query.set_operation)->rhs)}};
  }
  return out;
}

}  // namespace scry::semantic
