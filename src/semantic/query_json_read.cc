// JSON → SemanticQuery: the reader of the format query_json.cc writes. Every
// object is checked for unknown fields, so a typo in a golden file or a stored
// context fails loudly with its path ("where.and[1].op") instead of being
// dropped. nlohmann throws on type mismatches; every access checks the type
// first, and QueryFromJson catches anything left at the edge.
#include <string>

#include "semantic/query_json.h"
#include "semantic/query_json_names.h"

namespace scry::semantic {
namespace {

using nlohmann::json;
using namespace json_names;  // NOLINT: the enumeration names of this file's format

Status Error(const std::string& path, std::string_view message) {
  return InvalidArgumentError("query JSON: " + (path.empty() ? "" : "'" + path + "': ") +
                              std::string(message));
}

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Status ExpectObject(const json& value, const std::string& path,
                    std::initializer_list<std::string_view> allowed) {
  if (!value.is_object()) return Error(path, "expected an object");
  for (const auto& [key, unused] : value.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key == name;
    if (!known) return Error(Child(path, key), "unknown field");
  }
  return Status::Ok();
}

StatusOr<std::string> String(const json& value, const std::string& path) {
  if (!value.is_string()) return Error(path, "expected a string");
  return value.get<std::string>();
}

StatusOr<bool> Bool(const json& value, const std::string& path) {
  if (!value.is_boolean()) return Error(path, "expected true or false");
  return value.get<bool>();
}

StatusOr<int64_t> Int(const json& value, const std::string& path) {
  if (!value.is_number_integer()) return Error(path, "expected an integer");
  return value.get<int64_t>();
}

StatusOr<const json*> Required(const json& value, const char* key, const std::string& path) {
  if (!value.contains(key)) return Error(path, std::string("missing '") + key + "'");
  return &value[key];
}

StatusOr<const json*> Array(const json& value, const std::string& path) {
  if (!value.is_array()) return Error(path, "expected an array");
  return &value;
}

// Reads an enumeration by name with `parse`.
template <typename Enum, typename ParseFn>
StatusOr<Enum> Named(const json& value, const std::string& path, ParseFn parse) {
  ASSIGN_OR_RETURN(std::string name, String(value, path));
  Enum out{};
  if (!parse(name, &out)) return Error(path, "unknown value '" + name + "'");
  return out;
}

StatusOr<ColumnRef> ReadColumn(const json& value, const std::string& path) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    const size_t dot = text.rfind('.');
    if (dot == std::string::npos) return Error(path, "expected \"table.column\"");
    return ColumnRef{text.substr(0, dot), text.substr(dot + 1)};
  }
  RETURN_IF_ERROR(ExpectObject(value, path, {"table", "column"}));
  ColumnRef column;
  if (value.contains("table")) {
    ASSIGN_OR_RETURN(column.table, String(value["table"], Child(path, "table")));
  }
  if (value.contains("column")) {
    ASSIGN_OR_RETURN(column.column, String(value["column"], Child(path, "column")));
  }
  return column;
}

StatusOr<CivilDate> ReadDate(const json& value, const std::string& path) {
  if (value.is_string()) {
    std::optional<CivilDate> date = ParseIsoDate(value.get<std::string>());
    if (!date) return Error(path, "expected a date YYYY-MM-DD");
    return *date;
  }
  RETURN_IF_ERROR(ExpectObject(value, path, {"year", "month", "day"}));
  CivilDate date;
  int64_t part = 0;
  const std::pair<const char*, int*> parts[] = {
      {"year", &date.year}, {"month", &date.month}, {"day", &date.day}};
  for (auto [key, field] : parts) {
    if (!value.contains(key)) continue;
    ASSIGN_OR_RETURN(part, Int(value[key], Child(path, key)));
    *field = static_cast<int>(part);
  }
  return date;
}

StatusOr<ValueExpr> ReadValue(const json& value, const std::string& path) {
  RETURN_IF_ERROR(ExpectObject(
      value, path, {"kind", "column", "aggregation", "distinct", "grain", "metric", "table"}));
  if (!value.contains("kind")) return Error(path, "missing 'kind'");
  auto parse_kind = [](std::string_view name, ValueExpr::Kind* out) {
    return Parse(kValueKinds, name, out);
  };
  ASSIGN_OR_RETURN(ValueExpr::Kind kind,
                   Named<ValueExpr::Kind>(value["kind"], Child(path, "kind"), parse_kind));
  ValueExpr out = DefaultValue(kind);
  if (value.contains("column")) {
    ASSIGN_OR_RETURN(out.column, ReadColumn(value["column"], Child(path, "column")));
  }
  if (value.contains("aggregation")) {
    ASSIGN_OR_RETURN(
        out.aggregation,
        Named<Aggregation>(value["aggregation"], Child(path, "aggregation"), ParseAggregation));
  }
  if (value.contains("distinct")) {
    ASSIGN_OR_RETURN(out.distinct, Bool(value["distinct"], Child(path, "distinct")));
  }
  if (value.contains("grain")) {
    ASSIGN_OR_RETURN(out.grain,
                     Named<TimeGrain>(value["grain"], Child(path, "grain"), ParseTimeGrain));
  }
  if (value.contains("metric")) {
    ASSIGN_OR_RETURN(out.metric, String(value["metric"], Child(path, "metric")));
  }
  if (value.contains("table")) {
    ASSIGN_OR_RETURN(out.table, String(value["table"], Child(path, "table")));
  }
  return out;
}

StatusOr<Literal> ReadLiteralObject(const json& value, const std::string& path) {
  RETURN_IF_ERROR(
      ExpectObject(value, path, {"kind", "boolean", "integer", "number", "text", "date"}));
  if (!value.contains("kind")) return Error(path, "missing 'kind'");
  auto parse_kind = [](std::string_view name, Literal::Kind* out) {
    return Parse(kLiteralKinds, name, out);
  };
  Literal out;
  ASSIGN_OR_RETURN(out.kind, Named<Literal::Kind>(value["kind"], Child(path, "kind"), parse_kind));
  if (value.contains("boolean")) {
    ASSIGN_OR_RETURN(out.boolean, Bool(value["boolean"], Child(path, "boolean")));
  }
  if (value.contains("integer")) {
    ASSIGN_OR_RETURN(out.integer, Int(value["integer"], Child(path, "integer")));
  }
  if (value.contains("number")) {
    if (!value["number"].is_number()) return Error(Child(path, "number"), "expected a number");
    out.number = value["number"].get<double>();
  }
  if (value.contains("text")) {
    ASSIGN_OR_RETURN(out.text, String(value["text"], Child(path, "text")));
  }
  if (value.contains("date")) {
    ASSIGN_OR_RETURN(out.date, ReadDate(value["date"], Child(path, "date")));
  }
  return out;
}

StatusOr<Literal> ReadLiteral(const json& value, const std::string& path) {
  if (value.is_null()) return Literal::Null();
  if (value.is_boolean()) return Literal::Boolean(value.get<bool>());
  if (value.is_number_integer()) return Literal::Integer(value.get<int64_t>());
  if (value.is_number_float()) return Literal::Number(value.get<double>());
  if (value.is_string()) return Literal::Text(value.get<std::string>());
  return ReadLiteralObject(value, path);
}

StatusOr<SemanticQuery> ReadQuery(const json& value, const std::string& path);

StatusOr<Predicate> ReadPredicate(const json& value, const std::string& path) {
  RETURN_IF_ERROR(ExpectObject(value, path, {"lhs", "op", "negated", "values", "subquery"}));
  Predicate out;
  ASSIGN_OR_RETURN(const json* lhs, Required(value, "lhs", path));
  ASSIGN_OR_RETURN(out.lhs, ReadValue(*lhs, Child(path, "lhs")));
  if (value.contains("op")) {
    ASSIGN_OR_RETURN(out.op, Named<CompareOp>(value["op"], Child(path, "op"), ParseCompareOp));
  }
  if (value.contains("negated")) {
    ASSIGN_OR_RETURN(out.negated, Bool(value["negated"], Child(path, "negated")));
  }
  if (value.contains("values")) {
    ASSIGN_OR_RETURN(const json* values, Array(value["values"], Child(path, "values")));
    for (size_t i = 0; i < values->size(); ++i) {
      ASSIGN_OR_RETURN(Literal literal, ReadLiteral((*values)[i], Index(Child(path, "values"), i)));
      out.values.push_back(std::move(literal));
    }
  }
  if (value.contains("subquery")) {
    ASSIGN_OR_RETURN(SemanticQuery subquery, ReadQuery(value["subquery"], Child(path, "subquery")));
    out.subquery = Box<SemanticQuery>(std::move(subquery));
  }
  return out;
}

StatusOr<Filter> ReadFilter(const json& value, const std::string& path) {
  if (!value.is_object()) return Error(path, "expected an object");
  for (const char* key : {"and", "or"}) {
    if (!value.contains(key)) continue;
    RETURN_IF_ERROR(ExpectObject(value, path, {key}));
    ASSIGN_OR_RETURN(const json* list, Array(value[key], Child(path, key)));
    std::vector<Filter> children;
    for (size_t i = 0; i < list->size(); ++i) {
      ASSIGN_OR_RETURN(Filter child, ReadFilter((*list)[i], Index(Child(path, key), i)));
      children.push_back(std::move(child));
    }
    return std::string_view(key) == "and" ? Filter::And(std::move(children))
                                          : Filter::Or(std::move(children));
  }
  if (!value.contains("lhs")) return Error(path, "expected \"and\", \"or\" or a predicate");
  ASSIGN_OR_RETURN(Predicate predicate, ReadPredicate(value, path));
  return Filter::Of(std::move(predicate));
}

StatusOr<TimeRange> ReadTimeRange(const json& value, const std::string& path) {
  RETURN_IF_ERROR(ExpectObject(value, path, {"column", "start", "end", "phrase"}));
  TimeRange out;
  for (const char* key : {"column", "start", "end"}) {
    if (!value.contains(key)) return Error(path, std::string("missing '") + key + "'");
  }
  ASSIGN_OR_RETURN(out.column, ReadColumn(value["column"], Child(path, "column")));
  ASSIGN_OR_RETURN(out.start, ReadDate(value["start"], Child(path, "start")));
  ASSIGN_OR_RETURN(out.end, ReadDate(value["end"], Child(path, "end")));
  if (value.contains("phrase")) {
    ASSIGN_OR_RETURN(out.phrase, String(value["phrase"], Child(path, "phrase")));
  }
  return out;
}

// "select", "group_by" and "order_by" lists.
Status ReadLists(const json& value, const std::string& path, SemanticQuery* out) {
  if (value.contains("select")) {
    const std::string at = Child(path, "select");
    ASSIGN_OR_RETURN(const json* list, Array(value["select"], at));
    for (size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      RETURN_IF_ERROR(ExpectObject(item, Index(at, i), {"value", "label", "cumulative"}));
      SelectItem select;
      ASSIGN_OR_RETURN(const json* item_value, Required(item, "value", Index(at, i)));
      ASSIGN_OR_RETURN(select.value, ReadValue(*item_value, Child(Index(at, i), "value")));
      if (item.contains("label")) {
        ASSIGN_OR_RETURN(select.label, String(item["label"], Child(Index(at, i), "label")));
      }
      if (item.contains("cumulative")) {
        ASSIGN_OR_RETURN(select.cumulative,
                         Bool(item["cumulative"], Child(Index(at, i), "cumulative")));
      }
      out->select.push_back(std::move(select));
    }
  }
  if (value.contains("group_by")) {
    const std::string at = Child(path, "group_by");
    ASSIGN_OR_RETURN(const json* list, Array(value["group_by"], at));
    for (size_t i = 0; i < list->size(); ++i) {
      ASSIGN_OR_RETURN(ValueExpr group, ReadValue((*list)[i], Index(at, i)));
      out->group_by.push_back(std::move(group));
    }
  }
  if (value.contains("order_by")) {
    const std::string at = Child(path, "order_by");
    ASSIGN_OR_RETURN(const json* list, Array(value["order_by"], at));
    for (size_t i = 0; i < list->size(); ++i) {
      const json& item = (*list)[i];
      RETURN_IF_ERROR(ExpectObject(item, Index(at, i), {"value", "descending"}));
      OrderItem order;
      ASSIGN_OR_RETURN(const json* item_value, Required(item, "value", Index(at, i)));
      ASSIGN_OR_RETURN(order.value, ReadValue(*item_value, Child(Index(at, i), "value")));
      if (item.contains("descending")) {
        ASSIGN_OR_RETURN(order.descending,
                         Bool(item["descending"], Child(Index(at, i), "descending")));
      }
      out->order_by.push_back(std::move(order));
    }
  }
  return Status::Ok();
}

Status ReadSetOperation(const json& value, const std::string& path, SemanticQuery* out) {
  RETURN_IF_ERROR(ExpectObject(value, path, {"op", "query"}));
  SetOperation operation;
  auto parse_op = [](std::string_view name, SetOp* op) { return Parse(kSetOps, name, op); };
  ASSIGN_OR_RETURN(const json* op, Required(value, "op", path));
  ASSIGN_OR_RETURN(const json* rhs, Required(value, "query", path));
  ASSIGN_OR_RETURN(operation.op, Named<SetOp>(*op, Child(path, "op"), parse_op));
  ASSIGN_OR_RETURN(operation.rhs, ReadQuery(*rhs, Child(path, "query")));
  out->set_operation = Box<SetOperation>(std::move(operation));
  return Status::Ok();
}

StatusOr<SemanticQuery> ReadQuery(const json& value, const std::string& path) {
  RETURN_IF_ERROR(
      ExpectObject(value, path,
                   {"subject", "select", "distinct", "group_by", "where", "having", "time_range",
                    "comparison", "order_by", "limit", "set_operation", "chart"}));
  SemanticQuery out;
  if (value.contains("subject")) {
    ASSIGN_OR_RETURN(out.subject_table, String(value["subject"], Child(path, "subject")));
  }
  RETURN_IF_ERROR(ReadLists(value, path, &out));
  if (value.contains("distinct")) {
    ASSIGN_OR_RETURN(out.distinct, Bool(value["distinct"], Child(path, "distinct")));
  }
  if (value.contains("where")) {
    ASSIGN_OR_RETURN(out.where, ReadFilter(value["where"], Child(path, "where")));
  }
  if (value.contains("having")) {
    ASSIGN_OR_RETURN(out.having, ReadFilter(value["having"], Child(path, "having")));
  }
  if (value.contains("time_range")) {
    ASSIGN_OR_RETURN(out.time_range, ReadTimeRange(value["time_range"], Child(path, "time_range")));
  }
  if (value.contains("comparison")) {
    auto parse = [](std::string_view name, PeriodComparison::Kind* kind) {
      return Parse(kComparisons, name, kind);
    };
    ASSIGN_OR_RETURN(
        PeriodComparison::Kind kind,
        Named<PeriodComparison::Kind>(value["comparison"], Child(path, "comparison"), parse));
    out.comparison = PeriodComparison{kind};
  }
  if (value.contains("limit")) {
    ASSIGN_OR_RETURN(out.limit, Int(value["limit"], Child(path, "limit")));
  }
  if (value.contains("chart")) {
    ASSIGN_OR_RETURN(out.chart, Named<ChartPreference>(value["chart"], Child(path, "chart"),
                                                       ParseChartPreference));
  }
  if (value.contains("set_operation")) {
    RETURN_IF_ERROR(ReadSetOperation(value["set_operation"], Child(path, "set_operation"), &out));
  }
  return out;
}

}  // namespace

StatusOr<SemanticQuery> QueryFromJson(const json& json) {
  try {
    return ReadQuery(json, "");
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError(std::string("query JSON: ") + e.what());
  }
}

}  // namespace scry::semantic
