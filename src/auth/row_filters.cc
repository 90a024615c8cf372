#include "auth/row_filters.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

namespace scry::auth {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kNoRows = "false";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// `text` between `quote`s, each `quote` inside it doubled.
std::string Quoted(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    out += c;
    if (c == quote) out += quote;
  }
  out += quote;
  return out;
}

bool SameName(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Status BadRule(size_t index, std::string_view why) {
  return InvalidArgumentError(fmt::format("row_filters[{}]: {}", index, why));
}

// Reads the string member `key` into `out`; absent is empty.
Status ReadText(const Json& object, const std::string& key, size_t index, std::string& out) {
  const auto it = object.find(key);
  if (it == object.end()) return Status::Ok();
  if (!it->is_string()) return BadRule(index, fmt::format("'{}' must be a string", key));
  out = it->get<std::string>();
  return Status::Ok();
}

StatusOr<RowFilterRule> RuleFromJson(const Json& object, size_t index) {
  if (!object.is_object()) return BadRule(index, "a rule must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    if (key != "attribute" && key != "column" && key != "table" && key != "list") {
      return BadRule(index,
                     fmt::format("unknown key '{}' (known: attribute, column, table, list)", key));
    }
  }
  RowFilterRule rule;
  RETURN_IF_ERROR(ReadText(object, "attribute", index, rule.attribute));
  RETURN_IF_ERROR(ReadText(object, "column", index, rule.column));
  RETURN_IF_ERROR(ReadText(object, "table", index, rule.table));
  if (const auto list = object.find("list"); list != object.end()) {
    if (!list->is_boolean()) return BadRule(index, "'list' must be true or false");
    rule.list = list->get<bool>();
  }
  if (rule.attribute.empty()) return BadRule(index, "'attribute' is required");
  if (rule.column.empty()) return BadRule(index, "'column' is required");
  return rule;
}

StatusOr<Json> ParseConfigObject(std::string_view config_json) {
  if (Trim(config_json).empty()) return Json::object();
  Json config = Json::parse(config_json, nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded() || !config.is_object()) {
    return InvalidArgumentError("the space's configuration is not a JSON object");
  }
  return config;
}

// The values of `rule`'s attribute for a user; empty when the user has none.
StatusOr<std::vector<std::string>> AttributeValues(
    const RowFilterRule& rule, const std::map<std::string, std::string>& attributes) {
  const auto it = attributes.find(rule.attribute);
  if (it == attributes.end()) return std::vector<std::string>();
  for (char c : it->second) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return InvalidArgumentError(fmt::format(
          "the user's attribute '{}' holds a control character, so it cannot filter rows",
          rule.attribute));
    }
  }
  std::vector<std::string> values;
  std::string_view rest = it->second;
  while (true) {
    const size_t comma = rule.list ? rest.find(',') : std::string_view::npos;
    const std::string_view value = Trim(rest.substr(0, comma));
    if (!value.empty()) values.emplace_back(rule.list ? value : std::string_view(it->second));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return values;
}

// "col" = 'v', "col" IN ('a', 'b'), or false when there is no value.
std::string Condition(std::string_view column, const std::vector<std::string>& values) {
  if (values.empty()) return std::string(kNoRows);
  if (values.size() == 1) {
    return fmt::format("{} = {}", QuoteSqlIdentifier(column), QuoteSqlString(values[0]));
  }
  std::string list;
  for (const std::string& value : values) {
    if (!list.empty()) list += ", ";
    list += QuoteSqlString(value);
  }
  return fmt::format("{} IN ({})", QuoteSqlIdentifier(column), list);
}

const ColumnSchema* FindColumnIgnoringCase(const TableSchema& table, std::string_view name) {
  for (const ColumnSchema& column : table.columns) {
    if (SameName(column.name, name)) return &column;
  }
  return nullptr;
}

// Adds `rule`'s conditions for `values` to `conditions` (table -> conditions).
Status AddRule(const RowFilterRule& rule, const std::vector<std::string>& values,
               const DatabaseSchema& catalog,
               std::map<std::string, std::vector<std::string>>& conditions) {
  bool table_found = false;
  for (const TableSchema& table : catalog.tables) {
    if (!rule.table.empty() && !SameName(table.name, rule.table)) continue;
    table_found = true;
    const ColumnSchema* column = FindColumnIgnoringCase(table, rule.column);
    if (column == nullptr) {
      if (rule.table.empty()) continue;
      return InvalidArgumentError(fmt::format("row filter on '{}': table '{}' has no column '{}'",
                                              rule.attribute, table.name, rule.column));
    }
    conditions[Lower(table.name)].push_back(Condition(column->name, values));
  }
  if (!rule.table.empty() && !table_found) {
    conditions[Lower(rule.table)].push_back(std::string(kNoRows));
  }
  return Status::Ok();
}

std::string JoinConditions(const std::vector<std::string>& conditions) {
  if (conditions.size() == 1) return conditions[0];
  std::string out;
  for (const std::string& condition : conditions) {
    if (!out.empty()) out += " AND ";
    out += "(" + condition + ")";
  }
  return out;
}

}  // namespace

StatusOr<std::vector<RowFilterRule>> ParseRowFilterRules(std::string_view config_json) {
  ASSIGN_OR_RETURN(Json config, ParseConfigObject(config_json));
  const auto rules = config.find(kRowFiltersKey);
  if (rules == config.end() || rules->is_null()) return std::vector<RowFilterRule>();
  if (!rules->is_array()) return InvalidArgumentError("row_filters must be an array of rules");
  std::vector<RowFilterRule> parsed;
  for (size_t i = 0; i < rules->size(); ++i) {
    ASSIGN_OR_RETURN(RowFilterRule rule, RuleFromJson((*rules)[i], i));
    parsed.push_back(std::move(rule));
  }
  return parsed;
}

std::string RowFilterRulesToJson(const std::vector<RowFilterRule>& rules) {
  Json array = Json::array();
  for (const RowFilterRule& rule : rules) {
    Json object = {{"attribute", rule.attribute}, {"column", rule.column}};
    if (!rule.table.empty()) object["table"] = rule.table;
    if (rule.list) object["list"] = true;
    array.push_back(std::move(object));
  }
  return array.dump();
}

StatusOr<std::string> SetRowFilterRules(std::string_view config_json,
                                        const std::vector<RowFilterRule>& rules) {
  ASSIGN_OR_RETURN(Json config, ParseConfigObject(config_json));
  config[std::string(kRowFiltersKey)] = Json::parse(RowFilterRulesToJson(rules));
  return config.dump();
}

StatusOr<RowFilters> BuildRowFilters(const std::vector<RowFilterRule>& rules,
                                     const std::map<std::string, std::string>& attributes,
                                     const DatabaseSchema& catalog) {
  std::map<std::string, std::vector<std::string>> conditions;
  for (const RowFilterRule& rule : rules) {
    ASSIGN_OR_RETURN(std::vector<std::string> values, AttributeValues(rule, attributes));
    RETURN_IF_ERROR(AddRule(rule, values, catalog, conditions));
  }
  RowFilters filters;
  for (const auto& [table, table_conditions] : conditions) {
    filters[table] = JoinConditions(table_conditions);
  }
  return filters;
}

std::string QuoteSqlIdentifier(std::string_view identifier) { return Quoted(identifier, '"'); }

std::string QuoteSqlString(std::string_view text) { return Quoted(text, '\''); }

}  // namespace scry::auth
