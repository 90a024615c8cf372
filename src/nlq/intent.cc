#include "nlq/intent.h"

#include <algorithm>
#include <deque>

#include "nlq/intent_steps.h"
#include "nlq/intent_util.h"

namespace scry::nlq {
namespace {

using semantic::ValueExpr;

std::vector<std::vector<int>> TableDistances(const semantic::Model& model) {
  const size_t n = model.tables.size();
  std::vector<std::vector<int>> adjacent(n);
  for (const semantic::JoinModel& join : model.joins) {
    const semantic::TableModel* from_table = model.FindTable(join.from_table);
    const semantic::TableModel* to_table = model.FindTable(join.to_table);
    if (from_table == nullptr || to_table == nullptr) continue;
    const int from = static_cast<int>(from_table - model.tables.data());
    const int to = static_cast<int>(to_table - model.tables.data());
    adjacent[from].push_back(to);
    adjacent[to].push_back(from);
  }
  std::vector<std::vector<int>> distance(n, std::vector<int>(n, -1));
  for (size_t start = 0; start < n; ++start) {
    std::deque<int> queue{static_cast<int>(start)};
    distance[start][start] = 0;
    while (!queue.empty()) {
      const int at = queue.front();
      queue.pop_front();
      for (int next : adjacent[at]) {
        if (distance[start][next] >= 0) continue;
        distance[start][next] = distance[start][at] + 1;
        queue.push_back(next);
      }
    }
  }
  return distance;
}

// A mention that covers a cue's words wholly and is at least two words long
// is the more specific reading ("number of products" as a column name).
bool MentionOutranksCue(const Mention& mention) {
  return mention.positions.size() >= 2 && mention.best().full;
}

bool Overlaps(size_t a_begin, size_t a_end, size_t b_begin, size_t b_end) {
  return a_begin < b_end && b_begin < a_end;
}

// Cues that apply to what follows them lose to a mention only when nothing
// they could apply to follows ("average" as a column name vs "average age").
bool CueAppliesForward(const Cue& cue) {
  return cue.kind == Cue::Kind::kAggregate || cue.kind == Cue::Kind::kCount ||
         cue.kind == Cue::Kind::kSuperlative || cue.kind == Cue::Kind::kAverageRef;
}

bool MentionFollows(const Reading& r, size_t from, const std::vector<bool>& dropped_mentions) {
  size_t t = from;
  while (t < r.tokens->size() && IsFiller(r.token(t))) ++t;
  for (size_t m = 0; m < r.mentions.size(); ++m) {
    if (!dropped_mentions[m] && r.mentions[m].begin == t) return true;
  }
  return false;
}

}  // namespace

void BuildElements(Reading* r) {
  const size_t n = r->tokens->size();
  std::vector<bool> dropped_mention(r->mentions.size(), false);
  std::vector<bool> dropped_cue(r->cues.size(), false);
  for (size_t c = 0; c < r->cues.size(); ++c) {
    const Cue& cue = r->cues[c];
    for (size_t m = 0; m < r->mentions.size(); ++m) {
      const Mention& mention = r->mentions[m];
      if (dropped_mention[m] || !Overlaps(cue.begin, cue.end, mention.begin, mention.end)) continue;
      if (MentionOutranksCue(mention)) {
        dropped_cue[c] = true;
      } else if (CueAppliesForward(cue) && mention.best().full &&
                 !MentionFollows(*r, cue.end, dropped_mention)) {
        // "average" as a column's whole name, with nothing after it to average.
        dropped_cue[c] = true;
      } else {
        dropped_mention[m] = true;
      }
    }
  }
  std::vector<Element> elements;
  std::vector<bool> covered(n, false);
  auto add = [&](Element::Kind kind, size_t begin, size_t end, int index) {
    elements.push_back({kind, begin, end, index, false});
    for (size_t t = begin; t < end; ++t) covered[t] = true;
  };
  for (size_t i = 0; i < r->times.size(); ++i) {
    add(Element::Kind::kTime, r->times[i].begin, r->times[i].end, static_cast<int>(i));
  }
  for (size_t c = 0; c < r->cues.size(); ++c) {
    if (!dropped_cue[c]) {
      add(Element::Kind::kCue, r->cues[c].begin, r->cues[c].end, static_cast<int>(c));
    }
  }
  std::vector<Mention> kept;
  for (size_t m = 0; m < r->mentions.size(); ++m) {
    if (dropped_mention[m]) continue;
    const Mention& mention = r->mentions[m];
    add(Element::Kind::kMention, mention.begin, mention.end, static_cast<int>(kept.size()));
    kept.push_back(mention);
  }
  r->mentions = std::move(kept);
  for (size_t t = 0; t < n; ++t) {
    if (covered[t]) continue;
    const Token& token = r->token(t);
    if (token.kind == Token::Kind::kNumber) add(Element::Kind::kNumber, t, t + 1, static_cast<int>(t));
    if (token.kind == Token::Kind::kQuoted) add(Element::Kind::kQuoted, t, t + 1, static_cast<int>(t));
  }
  std::sort(elements.begin(), elements.end(),
            [](const Element& a, const Element& b) { return a.begin < b.begin; });
  r->elements = std::move(elements);
  r->element_of_token.assign(n, -1);
  for (size_t e = 0; e < r->elements.size(); ++e) {
    for (size_t t = r->elements[e].begin; t < r->elements[e].end; ++t) {
      r->element_of_token[t] = static_cast<int>(e);
    }
  }
  r->table_distance = TableDistances(r->model());
}

namespace {

Resolved ResolveCandidate(const Reading& r, const Candidate& candidate) {
  const Entry& entry = r.index->entries()[candidate.entry];
  Resolved resolved;
  resolved.score = candidate.score;
  resolved.table = entry.table;
  resolved.column = entry.column;
  resolved.metric = entry.metric;
  resolved.value = entry.value;
  switch (entry.kind) {
    case Entry::Kind::kTable: resolved.kind = Resolved::Kind::kTable; break;
    case Entry::Kind::kColumn: resolved.kind = Resolved::Kind::kColumn; break;
    case Entry::Kind::kMetric: resolved.kind = Resolved::Kind::kMetric; break;
    case Entry::Kind::kValue: resolved.kind = Resolved::Kind::kValue; break;
  }
  return resolved;
}

// How well a candidate fits the tables the question is about.
double ContextBonus(const Reading& r, const Resolved& candidate, const std::vector<int>& focus) {
  int candidate_table = candidate.table;
  double curated = 0;
  if (candidate.kind == Resolved::Kind::kMetric) {
    // A metric is the curated reading of its words: ahead of a column of the
    // same name, judged by its table like a column.
    curated = 0.05;
    const auto& tables = r.model().metrics[candidate.metric].tables;
    candidate_table = tables.empty() ? -1 : TableIndex(r, tables.front());
  }
  if (candidate_table < 0 || focus.empty()) return curated;
  int nearest = -1;
  for (int table : focus) {
    const int d = r.table_distance[candidate_table][table];
    if (d >= 0 && (nearest < 0 || d < nearest)) nearest = d;
  }
  if (nearest == 0) return curated + 0.3;
  if (nearest > 0) return curated + 0.15 / nearest;
  return curated - 0.1;  // not connected to what the question is about
}

// In a conversation, what the previous answer used is what a short follow-up
// most likely means ("what about Europe?" after a filter on store region).
double PreviousTurnBonus(const Reading& r, const Resolved& candidate) {
  if (r.previous == nullptr || candidate.table < 0) return 0;
  const std::string& table = r.model().tables[candidate.table].name;
  if (candidate.column >= 0) {
    const std::string& column = r.model().tables[candidate.table].columns[candidate.column].name;
    for (const semantic::ColumnRef& used : r.previous_columns) {
      if (used.table == table && used.column == column) return 0.4;
    }
  }
  for (const std::string& used : r.previous->Tables()) {
    if (used == table) return 0.15;
  }
  return 0;
}

bool SameMeaning(const Resolved& a, const Resolved& b) {
  return a.kind == b.kind && a.table == b.table && a.column == b.column && a.metric == b.metric &&
         a.value == b.value;
}

}  // namespace

void ResolveMentions(Reading* r) {
  r->resolved.assign(r->mentions.size(), Resolved());
  // First pass: each mention's best lexical reading, to see the focus.
  for (size_t m = 0; m < r->mentions.size(); ++m) {
    r->resolved[m] = ResolveCandidate(*r, r->mentions[m].best());
  }
  const std::vector<int> focus = FocusTables(*r);
  for (size_t m = 0; m < r->mentions.size(); ++m) {
    const Mention& mention = r->mentions[m];
    std::vector<std::pair<double, Resolved>> ranked;
    for (const Candidate& candidate : mention.candidates) {
      Resolved resolved = ResolveCandidate(*r, candidate);
      // Partial matches of long names are weak; full names and values are not.
      double score = candidate.score + ContextBonus(*r, resolved, focus) + PreviousTurnBonus(*r, resolved);
      if (resolved.kind == Resolved::Kind::kTable && candidate.full) score += 0.02;
      ranked.emplace_back(score, std::move(resolved));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    r->resolved[m] = ranked.front().second;
    r->resolved[m].score = ranked.front().first;
    const auto forced = std::find_if(r->forced.begin(), r->forced.end(),
                                     [&](const auto& f) { return f.first == static_cast<int>(m); });
    if (forced != r->forced.end()) {
      r->resolved[m] = forced->second;
      continue;
    }
    // A tie between two different columns (or values of two columns) that
    // context cannot break is a question to ask, not a guess to make.
    Reading::Ambiguity ambiguity;
    ambiguity.mention = static_cast<int>(m);
    for (const auto& [score, resolved] : ranked) {
      if (ranked.front().first - score > 0.05) break;
      if (resolved.kind != ranked.front().second.kind) continue;
      if (resolved.kind != Resolved::Kind::kColumn && resolved.kind != Resolved::Kind::kValue) {
        continue;
      }
      const bool duplicate = std::any_of(
          ambiguity.options.begin(), ambiguity.options.end(),
          [&](const Resolved& o) { return SameMeaning(o, resolved) || (o.table == resolved.table && o.column == resolved.column); });
      if (!duplicate) ambiguity.options.push_back(resolved);
    }
    if (ambiguity.options.size() > 1) r->ambiguities.push_back(std::move(ambiguity));
  }
}

void ReadIntent(Reading* reading) {
  BuildElements(reading);
  ResolveMentions(reading);
  ApplyTimes(reading);
  ApplyComparisons(reading);
  ApplyTextMatches(reading);
  ApplyValues(reading);
  ApplyExistence(reading);
  ApplyGroups(reading);
  ApplyOrdering(reading);
  ApplyAggregates(reading);
  ApplyProjection(reading);
  Assemble(reading);
}

semantic::SemanticQuery ToQuery(const Reading& r) {
  semantic::SemanticQuery query;
  query.subject_table = r.subject_table;
  std::vector<Reading::SelectPart> select = r.select;
  std::stable_sort(select.begin(), select.end(),
                   [](const auto& a, const auto& b) { return a.position < b.position; });
  for (const auto& part : select) query.select.push_back({part.value, ""});
  query.distinct = r.distinct;
  query.group_by = r.group_by;
  for (const semantic::Filter& filter : r.where) query.where.AddConjunct(filter);
  for (const semantic::Filter& filter : r.having) query.having.AddConjunct(filter);
  query.time_range = r.time_range;
  query.comparison = r.comparison;
  query.order_by = r.order_by;
  query.limit = r.limit;
  if (r.set_operation) query.set_operation = semantic::Box<semantic::SetOperation>(*r.set_operation);
  return query;
}

}  // namespace scry::nlq
