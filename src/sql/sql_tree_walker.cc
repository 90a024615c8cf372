#include "sql/sql_tree_walker.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "sql/sql_text.h"

namespace scry::sql {
namespace {

using Json = nlohmann::json;
// Lower-case names of the CTEs visible at a point of the tree.
using Scope = std::vector<std::string>;

// Returns the string member `key` of `object`, or "" when absent or not a string.
std::string_view StringField(const Json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

// The "query_location" of a node; DuckDB writes 2^64-1 when it has none.
std::optional<size_t> QueryLocation(const Json& node) {
  const auto it = node.find("query_location");
  if (it == node.end() || !it->is_number_integer()) return std::nullopt;
  if (!it->is_number_unsigned() && it->get<int64_t>() < 0) return std::nullopt;
  const uint64_t location = it->get<uint64_t>();
  if (location >= std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return static_cast<size_t>(location);
}

bool InScope(const Scope& scope, const std::string& lower_name) {
  return std::find(scope.begin(), scope.end(), lower_name) != scope.end();
}

// Table reference types a FROM slot may hold.
bool IsKnownTableRef(std::string_view type) {
  static constexpr std::array<std::string_view, 7> kKnown = {
      "BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION", "EMPTY", "EXPRESSION_LIST", "PIVOT"};
  return std::find(kKnown.begin(), kKnown.end(), type) != kKnown.end();
}

bool IsQueryNode(std::string_view type) {
  return type.size() > 5 && type.substr(type.size() - 5) == "_NODE";
}

class Walker {
 public:
  Status Walk(const Json& value, const Scope& scope, int depth) {
    if (depth > kMaxTreeDepth) {
      return InvalidArgumentError("the SQL is nested too deeply to check");
    }
    if (value.is_array()) {
      for (const Json& element : value) RETURN_IF_ERROR(Walk(element, scope, depth + 1));
      return Status::Ok();
    }
    if (value.is_object()) return WalkObject(value, scope, depth);
    return Status::Ok();
  }

  SqlTreeFacts TakeFacts() { return std::move(facts_); }

 private:
  Status WalkObject(const Json& object, const Scope& scope, int depth) {
    const std::string_view type = StringField(object, "type");
    if (type == "SELECT_NODE" || type == "SET_OPERATION_NODE" || type == "RECURSIVE_CTE_NODE") {
      return WalkQueryNode(object, type, scope, depth);
    }
    if (type == "CTE_NODE") return WalkCteNode(object, scope, depth);
    if (IsQueryNode(type)) {
      facts_.unsupported.push_back("a query of type " + std::string(type));
      return Status::Ok();
    }
    if (type == "TABLE_FUNCTION") return WalkTableFunction(object, scope, depth);
    if (type == "BASE_TABLE") AddBaseTable(object, scope);
    if (type == "JOIN") {
      CheckTableRefSlot(object, "left");
      CheckTableRefSlot(object, "right");
    }
    if (type == "PIVOT") CheckTableRefSlot(object, "source");
    const std::string_view function_name = StringField(object, "function_name");
    if (!function_name.empty()) {
      facts_.functions.push_back(
          {std::string(StringField(object, "schema")), std::string(function_name), std::nullopt});
    }
    return WalkMembers(object, scope, depth, {});
  }

  // Walks every member of `object` but those named in `skip`.
  Status WalkMembers(const Json& object, const Scope& scope, int depth,
                     std::initializer_list<std::string_view> skip) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
      RETURN_IF_ERROR(Walk(value, scope, depth + 1));
    }
    return Status::Ok();
  }

  // SELECT_NODE, SET_OPERATION_NODE, RECURSIVE_CTE_NODE: the node's CTEs are
  // visible in all of its body; a recursive CTE's own name only in its
  // recursive ("right") branch, where DuckDB binds it to the working table.
  Status WalkQueryNode(const Json& node, std::string_view type, const Scope& scope, int depth) {
    CheckTableRefSlot(node, "from_table");
    Scope inner = scope;
    RETURN_IF_ERROR(WalkCteMap(node, scope, depth, inner));
    for (const auto& [key, value] : node.items()) {
      if (key == "cte_map") continue;
      if (type == "RECURSIVE_CTE_NODE" && key == "right") {
        Scope recursive = inner;
        recursive.push_back(AsciiLower(StringField(node, "cte_name")));
        RETURN_IF_ERROR(Walk(value, recursive, depth + 1));
      } else {
        RETURN_IF_ERROR(Walk(value, inner, depth + 1));
      }
    }
    return Status::Ok();
  }

  // Walks the cte_map of `node` and appends its CTE names, in order, to
  // `names`. Each body sees the enclosing scope and the CTEs listed before
  // it: "WITH t AS (SELECT * FROM t)" reads the table t, as DuckDB binds it.
  // A map of another shape is walked like any tree and names nothing.
  Status WalkCteMap(const Json& node, const Scope& scope, int depth, Scope& names) {
    const auto map = node.find("cte_map");
    if (map == node.end()) return Status::Ok();
    const Json* entries = nullptr;
    if (map->is_object()) {
      const auto found = map->find("map");
      if (found != map->end() && found->is_array()) entries = &*found;
    }
    if (entries == nullptr) return Walk(*map, scope, depth + 1);
    RETURN_IF_ERROR(WalkMembers(*map, scope, depth + 1, {"map"}));
    Scope body_scope = scope;
    for (const Json& entry : *entries) {
      RETURN_IF_ERROR(Walk(entry, body_scope, depth + 2));
      std::string name = entry.is_object() ? AsciiLower(StringField(entry, "key")) : "";
      body_scope.push_back(name);
      names.push_back(std::move(name));
    }
    return Status::Ok();
  }

  // A materialized CTE becomes a CTE_NODE: "query" is the body of cte_name
  // (seeing the CTEs listed before it), "child" the rest of the statement
  // (seeing cte_name). Its cte_map repeats the whole WITH list and is walked
  // with the same rules, so every copy of a body is checked.
  Status WalkCteNode(const Json& node, const Scope& scope, int depth) {
    const std::string cte_name = AsciiLower(StringField(node, "cte_name"));
    Scope names;
    RETURN_IF_ERROR(WalkCteMap(node, scope, depth, names));
    Scope before = scope;
    for (const std::string& name : names) {
      if (name == cte_name) break;
      before.push_back(name);
    }
    Scope after = scope;
    after.push_back(cte_name);
    for (const auto& [key, value] : node.items()) {
      if (key == "cte_map") continue;
      const Scope& member_scope = key == "query" ? before : key == "child" ? after : scope;
      RETURN_IF_ERROR(Walk(value, member_scope, depth + 1));
    }
    return Status::Ok();
  }

  void AddBaseTable(const Json& ref, const Scope& scope) {
    TableReference table{std::string(StringField(ref, "catalog_name")),
                         std::string(StringField(ref, "schema_name")),
                         std::string(StringField(ref, "table_name")), QueryLocation(ref),
                         !StringField(ref, "alias").empty()};
    // Only an unqualified name can refer to a CTE: "main.t" is always a table.
    if (table.catalog.empty() && table.schema.empty() && InScope(scope, AsciiLower(table.table))) {
      return;
    }
    facts_.tables.push_back(std::move(table));
  }

  // The function object of a TABLE_FUNCTION is recorded as a table function
  // only; its arguments may hold subqueries and are walked like any tree.
  Status WalkTableFunction(const Json& ref, const Scope& scope, int depth) {
    const auto function = ref.find("function");
    const std::string_view name =
        function == ref.end() ? std::string_view() : StringField(*function, "function_name");
    if (name.empty()) {
      facts_.unsupported.push_back("a table function call of an unexpected shape");
      return Status::Ok();
    }
    std::optional<size_t> location = QueryLocation(ref);
    if (!location) location = QueryLocation(*function);
    facts_.table_functions.push_back(
        {std::string(StringField(*function, "schema")), std::string(name), location});
    RETURN_IF_ERROR(WalkMembers(*function, scope, depth + 1, {}));
    return WalkMembers(ref, scope, depth, {"function"});
  }

  void CheckTableRefSlot(const Json& object, std::string_view key) {
    const auto slot = object.find(key);
    if (slot == object.end() || slot->is_null()) return;
    const std::string_view type = slot->is_object() ? StringField(*slot, "type") : "";
    if (IsKnownTableRef(type)) return;
    if (type == "SHOW_REF") {
      facts_.unsupported.push_back("DESCRIBE, SHOW and SUMMARIZE (they read the catalog)");
    } else {
      facts_.unsupported.push_back("a table reference of type " +
                                   std::string(type.empty() ? "unknown" : type));
    }
  }

  SqlTreeFacts facts_;
};

}  // namespace

StatusOr<SqlTreeFacts> WalkSqlTree(const nlohmann::json& statement) {
  Walker walker;
  RETURN_IF_ERROR(walker.Walk(statement, Scope(), 0));
  SqlTreeFacts facts = walker.TakeFacts();
  // A statement must be a query: an empty walk must never pass as "reads nothing".
  const auto node = statement.is_object() ? statement.find("node") : statement.end();
  if (node == statement.end() || !node->is_object() || !IsQueryNode(StringField(*node, "type"))) {
    facts.unsupported.push_back("a statement that is not a query");
  }
  return facts;
}

}  // namespace scry::sql
