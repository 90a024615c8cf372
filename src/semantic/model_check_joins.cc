// Joins: that they name real columns of compatible types, that none repeats
// another, and what their cycles mean.
//
// How cycles are judged. The compiler connects the tables of a query by the
// smallest set of joins; a cycle means two different chains connect some
// pair of tables. That is usually legitimate: an order reaches a region
// through its store and through its customer; a flight refers to an airport
// twice (origin, destination); two tables may refer to each other. The two
// readings mean different things, so the parser asks which one is meant (or
// the question names it), and the check reports such cycles as warnings that
// name both chains. A cycle is an error only when nothing can tell its paths
// apart: the same join written twice (in either direction), or a join from a
// column to itself.
#include <algorithm>
#include <map>
#include <set>

#include "semantic/model_check_internal.h"
#include "semantic/type_rules.h"

namespace scry::semantic {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool SameColumns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!SameName(a[i], b[i])) return false;
  }
  return true;
}

bool SameJoin(const JoinModel& a, const JoinModel& b) {
  const bool forward = SameName(a.from_table, b.from_table) && SameName(a.to_table, b.to_table) &&
                       SameColumns(a.from_columns, b.from_columns) &&
                       SameColumns(a.to_columns, b.to_columns);
  const bool backward = SameName(a.from_table, b.to_table) && SameName(a.to_table, b.from_table) &&
                        SameColumns(a.from_columns, b.to_columns) &&
                        SameColumns(a.to_columns, b.from_columns);
  return forward || backward;
}

// Columns exist, pair up, and hold comparable values; false when the join is
// unusable (so the cycle analysis leaves it out).
bool CheckJoinColumns(const Model& model, const JoinModel& join, IssueList* issues) {
  const std::string where = JoinLabel(join);
  const TableModel* from = model.FindTable(join.from_table);
  const TableModel* to = model.FindTable(join.to_table);
  if (from == nullptr || to == nullptr) {
    issues->Error(where,
                  "unknown table '" + (from == nullptr ? join.from_table : join.to_table) + "'");
    return false;
  }
  if (join.from_columns.empty() || join.from_columns.size() != join.to_columns.size()) {
    issues->Error(where, "needs the same number of columns on both sides, at least one");
    return false;
  }
  bool usable = true;
  for (size_t i = 0; i < join.from_columns.size(); ++i) {
    const ColumnModel* a = from->FindColumn(join.from_columns[i]);
    const ColumnModel* b = to->FindColumn(join.to_columns[i]);
    if (a == nullptr || b == nullptr) {
      issues->Error(where,
                    "unknown column " + (a == nullptr ? from->name + "." + join.from_columns[i]
                                                      : to->name + "." + join.to_columns[i]));
      usable = false;
    } else if (!TypesCompatible(a->type, b->type)) {
      // SQLite converts such values when it compares them; other engines refuse.
      issues->Warning(where, "compares " + std::string(DataTypeName(a->type)) + " with " +
                                 std::string(DataTypeName(b->type)) +
                                 ": engines that do not convert types will refuse it");
    }
  }
  if (usable && SameName(join.from_table, join.to_table) &&
      SameColumns(join.from_columns, join.to_columns)) {
    issues->Error(where, "joins columns to themselves");
    return false;
  }
  // A join must land on one row: on the key of the table it refers to.
  if (usable && !to->primary_key.empty() &&
      !std::is_permutation(to->primary_key.begin(), to->primary_key.end(), join.to_columns.begin(),
                           join.to_columns.end(), SameName)) {
    issues->Warning(where, "the columns it refers to are not the primary key of '" + to->name +
                               "'; if they are not unique, this join multiplies rows "
                               "(is it written in the wrong direction?)");
  }
  return usable;
}

// Many-to-one edges of the usable joins, by lower-case table name.
struct JoinGraph {
  std::map<std::string, std::vector<size_t>> out;  // table → joins leaving it
  const std::vector<JoinModel>* joins = nullptr;

  const std::string& To(size_t join) const { return (*joins)[join].to_table; }
};

// Every simple chain of many-to-one joins from one table.
struct PathSearch {
  const JoinGraph* graph = nullptr;
  std::string source;  // lower case
  // Reached table (lower case) → the chains of joins that reach it.
  std::map<std::string, std::vector<std::vector<size_t>>> paths;
  std::set<std::string> on_path;
  std::vector<size_t> stack;
  int budget = 20000;  // chains explored per source, so a dense graph stays fast

  void Walk(const std::string& table) {
    auto edges = graph->out.find(table);
    if (edges == graph->out.end()) return;
    for (size_t join : edges->second) {
      const std::string next = Lower(graph->To(join));
      if (on_path.count(next) > 0 || --budget < 0) continue;
      stack.push_back(join);
      paths[next].push_back(stack);
      on_path.insert(next);
      Walk(next);
      on_path.erase(next);
      stack.pop_back();
    }
  }
};

PathSearch SearchFrom(const JoinGraph& graph, const std::string& table) {
  PathSearch search;
  search.graph = &graph;
  search.source = Lower(table);
  search.on_path.insert(search.source);
  search.Walk(search.source);
  return search;
}

// "orders.customer_id → customers.region → regions": each hop names the
// columns it leaves by, so two joins between the same tables read apart.
std::string Chain(const JoinGraph& graph, const std::string& start,
                  const std::vector<size_t>& joins) {
  std::string chain = start;
  for (size_t join : joins) {
    const std::vector<std::string>& columns = (*graph.joins)[join].from_columns;
    chain += ".";
    for (size_t i = 0; i < columns.size(); ++i) chain += (i > 0 ? "+" : "") + columns[i];
    chain += " → " + graph.To(join);
  }
  return chain;
}

// Two chains of many-to-one joins from one table to another that differ in
// both their first and their last join: the smallest such "diamond" is
// reported once, not again for every table that leads into it.
void ReportDiamonds(const Model& model, const JoinGraph& graph, IssueList* issues) {
  int reported = 0;
  for (const TableModel& table : model.tables) {
    const PathSearch search = SearchFrom(graph, table.name);
    for (const auto& [target, found] : search.paths) {
      for (size_t i = 1; i < found.size() && reported < 50; ++i) {
        const std::vector<size_t>& a = found[0];
        const std::vector<size_t>& b = found[i];
        if (a.front() == b.front() || a.back() == b.back()) continue;
        issues->Warning("joins from '" + table.name + "' to '" + graph.To(a.back()) + "'",
                        "two chains connect them (" + Chain(graph, table.name, a) + "; " +
                            Chain(graph, table.name, b) +
                            "): questions that need both tables will ask which one is meant");
        ++reported;
        break;
      }
    }
  }
}

// A chain of many-to-one joins that returns to where it started, once per
// set of tables.
void ReportDirectedCycles(const Model& model, const JoinGraph& graph, IssueList* issues) {
  std::set<std::set<std::string>> seen;
  for (const TableModel& table : model.tables) {
    const PathSearch search = SearchFrom(graph, table.name);
    for (const auto& [from, found] : search.paths) {
      auto edges = graph.out.find(from);
      if (edges == graph.out.end()) continue;
      for (size_t join : edges->second) {
        if (Lower(graph.To(join)) != search.source) continue;
        std::vector<size_t> cycle = found.front();
        cycle.push_back(join);
        std::set<std::string> members;
        for (size_t j : cycle) members.insert(Lower(graph.To(j)));
        if (!seen.insert(members).second) continue;
        issues->Warning("join cycle " + Chain(graph, table.name, cycle),
                        "each table refers to the next and the last back to the first; "
                        "questions that cross it will ask which way is meant");
      }
    }
  }
}

}  // namespace

std::string JoinLabel(const JoinModel& join) {
  auto side = [](const std::string& table, const std::vector<std::string>& columns) {
    std::string text = table + ".";
    if (columns.size() != 1) text += "(";
    for (size_t i = 0; i < columns.size(); ++i) text += (i > 0 ? ", " : "") + columns[i];
    if (columns.size() != 1) text += ")";
    return text;
  };
  return "join " + side(join.from_table, join.from_columns) + " → " +
         side(join.to_table, join.to_columns);
}

bool TablesConnected(const Model& model, std::string_view a, std::string_view b) {
  std::set<std::string> reached{Lower(a)};
  std::vector<std::string> frontier{Lower(a)};
  while (!frontier.empty()) {
    const std::string table = frontier.back();
    frontier.pop_back();
    for (const JoinModel& join : model.joins) {
      const std::string from = Lower(join.from_table);
      const std::string to = Lower(join.to_table);
      const std::string* next = from == table ? &to : to == table ? &from : nullptr;
      if (next != nullptr && reached.insert(*next).second) frontier.push_back(*next);
    }
  }
  return reached.count(Lower(b)) > 0;
}

void CheckJoins(const Model& model, IssueList* issues) {
  JoinGraph graph;
  graph.joins = &model.joins;
  for (size_t i = 0; i < model.joins.size(); ++i) {
    const JoinModel& join = model.joins[i];
    bool duplicate = false;
    for (size_t j = 0; j < i && !duplicate; ++j) duplicate = SameJoin(join, model.joins[j]);
    if (duplicate) {
      issues->Error(JoinLabel(join), "the same join is written twice");
      continue;
    }
    if (!CheckJoinColumns(model, join, issues)) continue;
    // A self-join (a hierarchy: employees.manager_id → employees) is taken
    // only when a question asks for it, so it is no cycle.
    if (!SameName(join.from_table, join.to_table)) graph.out[Lower(join.from_table)].push_back(i);
  }
  ReportDiamonds(model, graph, issues);
  ReportDirectedCycles(model, graph, issues);
}

}  // namespace scry::semantic
