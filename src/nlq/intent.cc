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
// A mention outranks a cue it overlaps when it is a longer name read whole
// ("number of products" as a column), or when it starts before the cue, so
// the cue's word is the end of a noun phrase ("phone number of the man").
bool MentionOutranksCue(const Mention& mention, const Cue& cue) {
  if (mention.positions.size() < 2) return false;
  return mention.best().full || mention.begin < cue.begin;
}

bool Overlaps(size_t a_begin, size_t a_end, size_t b_begin, size_t b_end) {
  return a_begin < b_end && b_begin < a_end;
}

// Cues that apply to what follows them lose to a mention only when nothing
// they could apply to follows ("average" as a column name vs "average age").
bool CueAppliesForward(const Cue& cue) {
  return cue.kind == Cue::Kind::kAggregate || cue.kind == Cue::Kind::kCount ||
         cue.kind == Cue::Kind::kSuperlative;
}

// Whether a mention follows the cue, directly or at the end of a list of
// aggregates ("the average, minimum, and maximum age").
bool MentionFollows(const Reading& r, size_t from, const std::vector<bool>& dropped_mentions) {
  const size_t n = r.tokens->size();
  size_t t = from;
  for (;;) {
    while (t < n && IsFiller(r.token(t))) ++t;
    for (size_t m = 0; m < r.mentions.size(); ++m) {
      if (!dropped_mentions[m] && r.mentions[m].begin == t) return true;
    }
    size_t next = t;
    while (next < n && (r.token(next).text == "," || r.token(next).text == "and" ||
                        r.token(next).text == "or" || IsFiller(r.token(next)))) {
      ++next;
    }
    if (next == t) return false;
    const Cue* aggregate = nullptr;
    for (const Cue& cue : r.cues) {
      if (cue.begin == next && cue.kind == Cue::Kind::kAggregate) aggregate = &cue;
    }
    if (aggregate == nullptr) return false;
    t = aggregate->end;
  }
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
      // "ordered", "sorted" order only with a "by" after them; else "ordered"
      // is a verb that names the orders ("customers who ordered in 2023").
      bool by_follows = false;
      for (size_t t = cue.end; t < n && t < cue.end + 4; ++t) {
        by_follows = by_follows || r->token(t).text == "by" || r->token(t).text == "according";
      }
      const bool verb_order = cue.kind == Cue::Kind::kOrder && cue.end - cue.begin == 1 &&
                              !by_follows && mention.best().full;
      if (verb_order) {
        dropped_cue[c] = true;
        continue;
      }
      // "first" limits only with a number or "one" after it ("first 5"); else it
      // is a word of a name ("the first, middle and last names").
      const bool bare_limit = cue.kind == Cue::Kind::kLimit && cue.end < n &&
                              r->token(cue.end).kind != Token::Kind::kNumber &&
                              r->token(cue.end).text != "one" && mention.best().full;
      if (cue.kind == Cue::Kind::kCumulative && cue.begin < mention.begin &&
          MentionOutranksCue(mention, cue)) {
        // "running total of revenue" with a metric named "total revenue": the
        // cue keeps its words before the name.
        r->cues[c].end = mention.begin;
      } else if (MentionOutranksCue(mention, cue) || bare_limit) {
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
    if (token.kind == Token::Kind::kNumber)
      add(Element::Kind::kNumber, t, t + 1, static_cast<int>(t));
    if (token.kind == Token::Kind::kQuoted)
      add(Element::Kind::kQuoted, t, t + 1, static_cast<int>(t));
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

// Whether the previous turn filtered on the column.
bool PreviousFilters(const semantic::Filter& filter, const semantic::ColumnRef& column) {
  if (filter.kind == semantic::Filter::Kind::kPredicate) {
    return filter.predicate.lhs.kind == semantic::ValueExpr::Kind::kColumn &&
           filter.predicate.lhs.column == column;
  }
  return std::any_of(filter.children.begin(), filter.children.end(),
                     [&](const semantic::Filter& child) { return PreviousFilters(child, column); });
}

// "the total population in that district": a column named with "that" or
// "this" after a turn that filtered on it is the previous condition, kept by
// the follow-up; it is neither shown nor grouped by.
void ApplyBackReferences(Reading* r) {
  if (r->previous == nullptr) return;
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    const Element& element = r->elements[e];
    if (element.used || !IsColumn(*r, e) || element.begin == 0) continue;
    const std::string& before = r->token(element.begin - 1).text;
    if (before != "that" && before != "this" && before != "same") continue;
    const Resolved& resolved = *ResolvedOf(*r, e);
    if (PreviousFilters(r->previous->where, RefOf(*r, resolved.table, resolved.column))) {
      MarkUsed(r, e);
      r->refers_back = true;
    }
  }
}

}  // namespace

// "cumulative revenue by month", "running total of orders by week", "revenue
// to date by day": what adds up (semantic::AddsUp) is added up period after
// period, when the question has exactly one time dimension. Without one the
// words mean the plain total they also say ("cumulative revenue"), and an
// average stays an average.
void ApplyCumulative(Reading* r) {
  bool asked = false;
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || !IsCue(*r, e, Cue::Kind::kCumulative)) continue;
    MarkUsed(r, e);
    asked = true;
  }
  semantic::SemanticQuery grouping;
  grouping.group_by = r->group_by;
  if (!asked || grouping.Periods().size() != 1 || r->comparison) return;
  for (Reading::SelectPart& part : r->select) {
    part.cumulative = part.value.IsAggregate() && semantic::AddsUp(part.value, r->model());
  }
}

void ReadIntent(Reading* reading) {
  BuildElements(reading);
  ResolveMentions(reading);
  ApplyBackReferences(reading);
  ApplyTimes(reading);
  ApplyComparisons(reading);
  ApplyTextMatches(reading);
  ApplyValues(reading);
  ApplyExistence(reading);
  ApplyGroups(reading);
  ApplyOrdering(reading);
  ApplyAggregates(reading);
  ApplyProjection(reading);
  ApplyBareNumber(reading);
  Assemble(reading);
  ApplyCumulative(reading);
}

semantic::SemanticQuery ToQuery(const Reading& r) {
  semantic::SemanticQuery query;
  query.subject_table = r.subject_table;
  std::vector<Reading::SelectPart> select = r.select;
  std::stable_sort(select.begin(), select.end(),
                   [](const auto& a, const auto& b) { return a.position < b.position; });
  for (const auto& part : select) query.select.push_back({part.value, "", part.cumulative});
  query.distinct = r.distinct;
  query.group_by = r.group_by;
  for (const semantic::Filter& filter : r.where) query.where.AddConjunct(filter);
  for (const semantic::Filter& filter : r.having) query.having.AddConjunct(filter);
  query.time_range = r.time_range;
  query.comparison = r.comparison;
  query.order_by = r.order_by;
  query.limit = r.limit;
  if (r.set_operation)
    query.set_operation = semantic::Box<semantic::SetOperation>(*r.set_operation);
  if (r.both_time) {
    semantic::SemanticQuery rhs = query;
    rhs.order_by.clear();
    rhs.limit.reset();
    rhs.time_range = r.both_time;
    query.set_operation = semantic::Box<semantic::SetOperation>(
        semantic::SetOperation{semantic::SetOp::kIntersect, rhs});
  }
  if (r.both && r.both->values.size() >= 2) {
    // "both cats and dogs": the rows that qualify for the first value, also
    // qualifying for the second.
    semantic::SemanticQuery rhs = query;
    rhs.order_by.clear();
    rhs.limit.reset();
    auto condition = [&](const semantic::Literal& value) {
      semantic::Predicate predicate;
      predicate.lhs = semantic::ValueExpr::Column(r.both->column);
      predicate.values.push_back(value);
      return semantic::Filter::Of(std::move(predicate));
    };
    query.where.AddConjunct(condition(r.both->values[0]));
    rhs.where.AddConjunct(condition(r.both->values[1]));
    query.set_operation = semantic::Box<semantic::SetOperation>(
        semantic::SetOperation{semantic::SetOp::kIntersect, rhs});
  }
  return query;
}

}  // namespace scry::nlq
