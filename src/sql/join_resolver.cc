#include "sql/join_resolver.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <queue>
#include <utility>

namespace scry::sql {
namespace {

using semantic::JoinModel;
using semantic::Model;

// Candidate connector sets examined before falling back to shortest paths.
constexpr int kEnumerationBudget = 5'000;
// A fan-out step costs more than any number of plain steps, so trees prefer
// several many-to-one joins to one that repeats rows.
constexpr int kFanOutCost = 1'000;

struct Edge {
  int from = 0;  // the "many" side
  int to = 0;    // the "one" side
  const JoinModel* join = nullptr;
};

struct Graph {
  std::vector<std::string> nodes;
  std::vector<Edge> edges;
  std::vector<std::vector<int>> adjacent;  // edge indices, in model order

  int Find(std::string_view table) const {
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].size() == table.size() &&
          std::equal(table.begin(), table.end(), nodes[i].begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
};

Graph BuildGraph(const Model& model) {
  Graph graph;
  for (const auto& table : model.tables) graph.nodes.push_back(table.name);
  graph.adjacent.resize(graph.nodes.size());
  for (const JoinModel& join : model.joins) {
    const int from = graph.Find(join.from_table);
    const int to = graph.Find(join.to_table);
    if (from < 0 || to < 0 || from == to) continue;
    graph.adjacent[from].push_back(static_cast<int>(graph.edges.size()));
    graph.adjacent[to].push_back(static_cast<int>(graph.edges.size()));
    graph.edges.push_back({from, to, &join});
  }
  return graph;
}

// Whether walking `edge` away from node `at` fans out (goes to the many side).
bool FansOutFrom(const Edge& edge, int at) { return edge.to == at && !edge.join->one_to_one; }

int OtherEnd(const Edge& edge, int at) { return edge.from == at ? edge.to : edge.from; }

// Cheapest paths from `root` over nodes in `allowed`: each node's parent edge,
// -1 for the root and unreachable nodes. Returns the summed cost of reached
// nodes' parent edges in *cost.
std::vector<int> ShortestPathTree(const Graph& graph, int root, const std::vector<bool>& allowed,
                                  int* cost) {
  const int n = static_cast<int>(graph.nodes.size());
  std::vector<int> distance(n, std::numeric_limits<int>::max());
  std::vector<int> parent_edge(n, -1);
  using Entry = std::pair<int, int>;  // distance, node
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  distance[root] = 0;
  queue.push({0, root});
  while (!queue.empty()) {
    auto [d, node] = queue.top();
    queue.pop();
    if (d > distance[node]) continue;
    for (int e : graph.adjacent[node]) {
      const Edge& edge = graph.edges[e];
      const int next = OtherEnd(edge, node);
      if (!allowed[next]) continue;
      const int step = FansOutFrom(edge, node) ? kFanOutCost : 1;
      if (d + step < distance[next]) {
        distance[next] = d + step;
        parent_edge[next] = e;
        queue.push({d + step, next});
      }
    }
  }
  *cost = 0;
  for (int i = 0; i < n; ++i) {
    if (parent_edge[i] < 0) continue;
    *cost += FansOutFrom(graph.edges[parent_edge[i]], OtherEnd(graph.edges[parent_edge[i]], i))
                 ? kFanOutCost
                 : 1;
  }
  return parent_edge;
}

bool Spans(const std::vector<int>& parent_edge, int root, const std::vector<bool>& members) {
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i] && static_cast<int>(i) != root && parent_edge[i] < 0) return false;
  }
  return true;
}

// The cheapest tree over `members`, or an empty vector when they are not connected.
std::vector<int> TreeOver(const Graph& graph, int root, const std::vector<bool>& members,
                          int* cost) {
  std::vector<int> parent_edge = ShortestPathTree(graph, root, members, cost);
  if (!Spans(parent_edge, root, members)) return {};
  return parent_edge;
}

struct Search {
  Search(const Graph& g, int r) : graph(g), root(r), required(g.nodes.size(), false) {}

  const Graph& graph;
  int root;
  std::vector<bool> required;
  std::vector<int> optional;
  int examined = 0;
  int best_cost = std::numeric_limits<int>::max();
  std::vector<int> best_tree;

  // Tries every connector set of `size` optional nodes; false when the budget ran out.
  bool TrySize(size_t size) {
    std::vector<size_t> pick(size);
    for (size_t i = 0; i < size; ++i) pick[i] = i;
    while (true) {
      if (++examined > kEnumerationBudget) return false;
      std::vector<bool> members = required;
      for (size_t i : pick) members[optional[i]] = true;
      int cost = 0;
      std::vector<int> tree = TreeOver(graph, root, members, &cost);
      if (!tree.empty() && cost < best_cost) {
        best_cost = cost;
        best_tree = std::move(tree);
      }
      if (!NextCombination(&pick)) return true;
    }
  }

  bool NextCombination(std::vector<size_t>* pick) const {
    const size_t k = pick->size();
    const size_t n = optional.size();
    for (size_t i = k; i-- > 0;) {
      if ((*pick)[i] < n - k + i) {
        ++(*pick)[i];
        for (size_t j = i + 1; j < k; ++j) (*pick)[j] = (*pick)[j - 1] + 1;
        return true;
      }
    }
    return false;
  }
};

// The union of the cheapest paths from the root to each required node.
std::vector<int> ShortestPathsUnion(const Graph& graph, int root,
                                    const std::vector<bool>& required) {
  const std::vector<bool> everything(graph.nodes.size(), true);
  int cost = 0;
  const std::vector<int> parent_edge = ShortestPathTree(graph, root, everything, &cost);
  std::vector<bool> members = required;
  for (size_t i = 0; i < members.size(); ++i) {
    if (!required[i]) continue;
    for (int node = static_cast<int>(i); parent_edge[node] >= 0;) {
      node = OtherEnd(graph.edges[parent_edge[node]], node);
      members[node] = true;
    }
  }
  return TreeOver(graph, root, members, &cost);
}

JoinTree ToJoinTree(const Graph& graph, int root, const std::vector<int>& parent_edge) {
  JoinTree tree;
  tree.root = graph.nodes[root];
  // Breadth first from the root; children in the order their joins are declared.
  std::vector<int> frontier = {root};
  for (size_t head = 0; head < frontier.size(); ++head) {
    const int node = frontier[head];
    for (int e : graph.adjacent[node]) {
      const int child = OtherEnd(graph.edges[e], node);
      if (parent_edge[child] != e || child == root) continue;
      JoinStep step;
      step.join = graph.edges[e].join;
      step.parent = graph.nodes[node];
      step.child = graph.nodes[child];
      step.fans_out = FansOutFrom(graph.edges[e], node);
      tree.steps.push_back(std::move(step));
      frontier.push_back(child);
    }
  }
  return tree;
}

}  // namespace

std::vector<std::string> JoinTree::Tables() const {
  std::vector<std::string> tables = {root};
  for (const JoinStep& step : steps) tables.push_back(step.child);
  return tables;
}

bool JoinTree::HasFanOut() const {
  return std::any_of(steps.begin(), steps.end(), [](const JoinStep& s) { return s.fans_out; });
}

StatusOr<JoinTree> ResolveJoins(const Model& model, std::string_view root,
                                const std::vector<std::string>& required) {
  const Graph graph = BuildGraph(model);
  const int root_index = graph.Find(root);
  if (root_index < 0) return InvalidArgumentError(fmt::format("unknown table '{}'", root));
  Search search(graph, root_index);
  search.required[root_index] = true;
  for (const std::string& table : required) {
    const int index = graph.Find(table);
    if (index < 0) return InvalidArgumentError(fmt::format("unknown table '{}'", table));
    search.required[index] = true;
  }
  const std::vector<bool> everything(graph.nodes.size(), true);
  int cost = 0;
  const std::vector<int> reachable = ShortestPathTree(graph, root_index, everything, &cost);
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    if (search.required[i] && static_cast<int>(i) != root_index && reachable[i] < 0) {
      return InvalidArgumentError(fmt::format("no chain of joins connects table '{}' to '{}'",
                                              graph.nodes[i], graph.nodes[root_index]));
    }
    if (!search.required[i] && reachable[i] >= 0) search.optional.push_back(static_cast<int>(i));
  }
  for (size_t size = 0; size <= search.optional.size(); ++size) {
    if (!search.TrySize(size)) {
      search.best_tree = ShortestPathsUnion(graph, root_index, search.required);
      break;
    }
    if (!search.best_tree.empty()) break;
  }
  if (search.best_tree.empty()) search.best_tree.assign(graph.nodes.size(), -1);
  return ToJoinTree(graph, root_index, search.best_tree);
}

bool ReachesWithoutFanOut(const Model& model, std::string_view from, std::string_view to) {
  const Graph graph = BuildGraph(model);
  const int start = graph.Find(from);
  const int goal = graph.Find(to);
  if (start < 0 || goal < 0) return false;
  std::vector<bool> seen(graph.nodes.size(), false);
  std::vector<int> frontier = {start};
  seen[start] = true;
  for (size_t head = 0; head < frontier.size(); ++head) {
    const int node = frontier[head];
    if (node == goal) return true;
    for (int e : graph.adjacent[node]) {
      const Edge& edge = graph.edges[e];
      const int next = OtherEnd(edge, node);
      if (seen[next] || FansOutFrom(edge, node)) continue;
      seen[next] = true;
      frontier.push_back(next);
    }
  }
  return false;
}

bool RepeatsRowsOf(const JoinTree& tree, std::string_view table) {
  // Steps on the path from the root to `table` are walked the other way round
  // when the tree hangs from `table`.
  std::vector<bool> on_path(tree.steps.size(), false);
  std::string node(table);
  for (bool moved = true; moved && node != tree.root;) {
    moved = false;
    for (size_t i = 0; i < tree.steps.size(); ++i) {
      if (tree.steps[i].child != node) continue;
      on_path[i] = true;
      node = tree.steps[i].parent;
      moved = true;
      break;
    }
  }
  for (size_t i = 0; i < tree.steps.size(); ++i) {
    const JoinStep& step = tree.steps[i];
    const bool reversed_fans_out = !step.fans_out && !step.join->one_to_one;
    if (on_path[i] ? reversed_fans_out : step.fans_out) return true;
  }
  return false;
}

}  // namespace scry::sql
