// YAML → Model: the reader of the layout model_yaml.cc writes. A person edits
// these files, so every problem names its line and the field: an unknown key
// (a typo would otherwise drop a setting silently), a value of the wrong
// kind, an unknown role or format. yaml-cpp throws; ModelFromYaml catches at
// this edge.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <initializer_list>

#include "semantic/expression.h"
#include "semantic/identifier_words.h"
#include "semantic/model_yaml.h"

namespace scry::semantic {
namespace {

Status ErrorAt(const YAML::Node& node, std::string_view message) {
  const YAML::Mark mark = node.Mark();
  const std::string line = mark.line >= 0 ? "line " + std::to_string(mark.line + 1) + ": " : "";
  return InvalidArgumentError("model YAML: " + line + std::string(message));
}

// Fails for a key of `node` (a map) outside `allowed`, naming `what` it is in.
Status CheckKeys(const YAML::Node& node, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
  if (!node.IsMap()) return ErrorAt(node, std::string(what) + " must be a map of keys");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    bool known = false;
    for (std::string_view name : allowed) known = known || key == name;
    if (!known) return ErrorAt(it->first, "unknown key '" + key + "' in " + std::string(what));
  }
  return Status::Ok();
}

StatusOr<std::string> Text(const YAML::Node& node, std::string_view key) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) return ErrorAt(node, "'" + std::string(key) + "' must be text");
  return node.Scalar();
}

StatusOr<int64_t> Integer(const YAML::Node& node, std::string_view key) {
  const std::string& text = node.IsScalar() ? node.Scalar() : std::string();
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return ErrorAt(node, "'" + std::string(key) + "' must be an integer");
  }
  return value;
}

StatusOr<bool> Boolean(const YAML::Node& node, std::string_view key) {
  const std::string text = node.IsScalar() ? ToLower(node.Scalar()) : "";
  if (text == "true" || text == "yes") return true;
  if (text == "false" || text == "no") return false;
  return ErrorAt(node, "'" + std::string(key) + "' must be true or false");
}

StatusOr<std::vector<std::string>> TextList(const YAML::Node& node, std::string_view key) {
  std::vector<std::string> items;
  if (node.IsNull()) return items;
  if (!node.IsSequence()) return ErrorAt(node, "'" + std::string(key) + "' must be a list");
  for (const YAML::Node& item : node) {
    ASSIGN_OR_RETURN(std::string text, Text(item, key));
    items.push_back(std::move(text));
  }
  return items;
}

template <typename Enum>
StatusOr<Enum> Named(const YAML::Node& node, std::string_view key,
                     bool (*parse)(std::string_view, Enum*)) {
  ASSIGN_OR_RETURN(std::string text, Text(node, key));
  Enum value{};
  if (!parse(text, &value)) {
    return ErrorAt(node, "unknown " + std::string(key) + " '" + text + "'");
  }
  return value;
}

StatusOr<ColumnModel> ReadColumn(const YAML::Node& node) {
  RETURN_IF_ERROR(CheckKeys(node, "a column",
                            {"name", "type", "role", "display_name", "description", "aggregation",
                             "format", "primary_key", "distinct_count", "synonyms", "values"}));
  ColumnModel column;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node value = it->second;  // a copy: `it->` yields a temporary
    if (key == "name") {
      ASSIGN_OR_RETURN(column.name, Text(value, key));
    }
    if (key == "type") {
      ASSIGN_OR_RETURN(column.type, Named(value, key, ParseDataType));
    }
    if (key == "role") {
      ASSIGN_OR_RETURN(column.role, Named(value, key, ParseColumnRole));
    }
    if (key == "display_name") {
      ASSIGN_OR_RETURN(column.display_name, Text(value, key));
    }
    if (key == "description") {
      ASSIGN_OR_RETURN(column.description, Text(value, key));
    }
    if (key == "aggregation") {
      ASSIGN_OR_RETURN(column.default_aggregation, Named(value, key, ParseAggregation));
    }
    if (key == "format") {
      ASSIGN_OR_RETURN(column.format, Named(value, key, ParseValueFormat));
    }
    if (key == "primary_key") {
      ASSIGN_OR_RETURN(column.primary_key, Boolean(value, key));
    }
    if (key == "distinct_count") {
      ASSIGN_OR_RETURN(column.distinct_count, Integer(value, key));
    }
    if (key == "synonyms") {
      ASSIGN_OR_RETURN(column.synonyms, TextList(value, key));
    }
    if (key == "values") {
      ASSIGN_OR_RETURN(column.values, TextList(value, key));
    }
  }
  if (column.name.empty()) return ErrorAt(node, "a column needs a name");
  return column;
}

Status ReadTableField(const std::string& key, const YAML::Node& value, TableModel* table) {
  if (key == "name") {
    ASSIGN_OR_RETURN(table->name, Text(value, key));
  }
  if (key == "display_name") {
    ASSIGN_OR_RETURN(table->display_name, Text(value, key));
  }
  if (key == "description") {
    ASSIGN_OR_RETURN(table->description, Text(value, key));
  }
  if (key == "synonyms") {
    ASSIGN_OR_RETURN(table->synonyms, TextList(value, key));
  }
  if (key == "primary_key") {
    ASSIGN_OR_RETURN(table->primary_key, TextList(value, key));
  }
  if (key == "name_column") {
    ASSIGN_OR_RETURN(table->name_column, Text(value, key));
  }
  if (key == "time_column") {
    ASSIGN_OR_RETURN(table->time_column, Text(value, key));
  }
  if (key == "row_count") {
    ASSIGN_OR_RETURN(table->row_count, Integer(value, key));
  }
  if (key == "columns") {
    if (!value.IsSequence()) return ErrorAt(value, "'columns' must be a list");
    for (const YAML::Node& item : value) {
      ASSIGN_OR_RETURN(ColumnModel column, ReadColumn(item));
      table->columns.push_back(std::move(column));
    }
  }
  return Status::Ok();
}

StatusOr<TableModel> ReadTable(const YAML::Node& node) {
  RETURN_IF_ERROR(CheckKeys(node, "a table",
                            {"name", "display_name", "description", "synonyms", "primary_key",
                             "name_column", "time_column", "row_count", "columns"}));
  TableModel table;
  for (auto it = node.begin(); it != node.end(); ++it) {
    RETURN_IF_ERROR(ReadTableField(it->first.Scalar(), it->second, &table));
  }
  if (table.name.empty()) return ErrorAt(node, "a table needs a name");
  return table;
}

// "table.column", or {table: t, columns: [a, b]}.
Status ReadJoinEnd(const YAML::Node& node, std::string_view key, std::string* table,
                   std::vector<std::string>* columns) {
  if (node.IsScalar()) {
    const std::string text = node.Scalar();
    const size_t dot = text.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
      return ErrorAt(node, "'" + std::string(key) + "' must be table.column");
    }
    *table = text.substr(0, dot);
    *columns = {text.substr(dot + 1)};
    return Status::Ok();
  }
  RETURN_IF_ERROR(CheckKeys(node, "a join end", {"table", "columns"}));
  if (!node["table"] || !node["columns"]) {
    return ErrorAt(node, "'" + std::string(key) + "' needs 'table' and 'columns'");
  }
  ASSIGN_OR_RETURN(*table, Text(node["table"], "table"));
  ASSIGN_OR_RETURN(*columns, TextList(node["columns"], "columns"));
  return Status::Ok();
}

StatusOr<JoinModel> ReadJoin(const YAML::Node& node) {
  RETURN_IF_ERROR(CheckKeys(node, "a join", {"from", "to", "source", "one_to_one"}));
  JoinModel join;
  if (!node["from"] || !node["to"]) return ErrorAt(node, "a join needs 'from' and 'to'");
  RETURN_IF_ERROR(ReadJoinEnd(node["from"], "from", &join.from_table, &join.from_columns));
  RETURN_IF_ERROR(ReadJoinEnd(node["to"], "to", &join.to_table, &join.to_columns));
  if (const YAML::Node source = node["source"]) {
    ASSIGN_OR_RETURN(std::string text, Text(source, "source"));
    if (text == "declared") {
      join.source = JoinSource::kDeclared;
    } else if (text == "inferred") {
      join.source = JoinSource::kInferred;
    } else if (text == "manual") {
      join.source = JoinSource::kManual;
    } else {
      return ErrorAt(source, "unknown source '" + text + "'");
    }
  }
  if (const YAML::Node one = node["one_to_one"]) {
    ASSIGN_OR_RETURN(join.one_to_one, Boolean(one, "one_to_one"));
  }
  return join;
}

StatusOr<MetricModel> ReadMetric(const YAML::Node& node) {
  RETURN_IF_ERROR(
      CheckKeys(node, "a metric",
                {"name", "expression", "display_name", "description", "format", "synonyms"}));
  MetricModel metric;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node value = it->second;  // a copy: `it->` yields a temporary
    if (key == "name") {
      ASSIGN_OR_RETURN(metric.name, Text(value, key));
    }
    if (key == "expression") {
      ASSIGN_OR_RETURN(metric.expression, Text(value, key));
    }
    if (key == "display_name") {
      ASSIGN_OR_RETURN(metric.display_name, Text(value, key));
    }
    if (key == "description") {
      ASSIGN_OR_RETURN(metric.description, Text(value, key));
    }
    if (key == "format") {
      ASSIGN_OR_RETURN(metric.format, Named(value, key, ParseValueFormat));
    }
    if (key == "synonyms") {
      ASSIGN_OR_RETURN(metric.synonyms, TextList(value, key));
    }
  }
  if (metric.name.empty()) return ErrorAt(node, "a metric needs a name");
  // The tables are derived; an expression that does not parse is reported by
  // the model check, with its position, rather than refusing the whole file.
  StatusOr<std::vector<ExpressionToken>> tokens = ParseExpression(metric.expression);
  if (tokens.ok()) metric.tables = ExpressionTables(*tokens);
  return metric;
}

StatusOr<ExampleQuestion> ReadExample(const YAML::Node& node) {
  RETURN_IF_ERROR(CheckKeys(node, "an example", {"question", "sql", "trusted"}));
  ExampleQuestion example;
  if (node["question"]) {
    ASSIGN_OR_RETURN(example.question, Text(node["question"], "question"));
  }
  if (node["sql"]) {
    ASSIGN_OR_RETURN(example.sql, Text(node["sql"], "sql"));
  }
  if (node["trusted"]) {
    ASSIGN_OR_RETURN(example.trusted, Boolean(node["trusted"], "trusted"));
  }
  return example;
}

template <typename T, typename ReadFn>
Status ReadSection(const YAML::Node& node, std::string_view key, ReadFn read, std::vector<T>* out) {
  if (!node || node.IsNull()) return Status::Ok();
  if (!node.IsSequence()) return ErrorAt(node, "'" + std::string(key) + "' must be a list");
  for (const YAML::Node& item : node) {
    ASSIGN_OR_RETURN(T value, read(item));
    out->push_back(std::move(value));
  }
  return Status::Ok();
}

StatusOr<Model> ReadModel(const YAML::Node& root) {
  Model model;
  if (!root || root.IsNull()) return model;
  RETURN_IF_ERROR(CheckKeys(root, "the model",
                            {"name", "description", "tables", "joins", "metrics", "examples"}));
  if (root["name"]) {
    ASSIGN_OR_RETURN(model.name, Text(root["name"], "name"));
  }
  if (root["description"]) {
    ASSIGN_OR_RETURN(model.description, Text(root["description"], "description"));
  }
  RETURN_IF_ERROR(ReadSection(root["tables"], "tables", ReadTable, &model.tables));
  RETURN_IF_ERROR(ReadSection(root["joins"], "joins", ReadJoin, &model.joins));
  RETURN_IF_ERROR(ReadSection(root["metrics"], "metrics", ReadMetric, &model.metrics));
  RETURN_IF_ERROR(ReadSection(root["examples"], "examples", ReadExample, &model.examples));
  return model;
}

}  // namespace

StatusOr<Model> ModelFromYaml(std::string_view yaml) {
  try {
    return ReadModel(YAML::Load(std::string(yaml)));
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) return InvalidArgumentError("model YAML: " + e.msg);
    return InvalidArgumentError("model YAML: line " + std::to_string(e.mark.line + 1) + ": " +
                                e.msg);
  }
}

}  // namespace scry::semantic
