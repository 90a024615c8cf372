// The steps that read the shape of the answer: groups, ordering and limits,
// aggregates, the projection, and the final assembly.
#include <algorithm>

#include "nlq/intent_steps.h"
#include "nlq/intent_util.h"

namespace scry::nlq {
namespace {

using semantic::Aggregation;
using semantic::ColumnRole;
using semantic::ValueExpr;

void AddSelect(Reading* r, ValueExpr value, size_t position, bool from_group = false) {
  for (auto& part : r->select) {
    if (part.value == value) {
      // Named twice ("the name ... of each singer"): shown where first named,
      // and named outright if either naming was.
      part.position = std::min(part.position, position);
      part.from_group = part.from_group && from_group;
      return;
    }
  }
  r->select.push_back({std::move(value), position, from_group});
}

void AddGroup(Reading* r, const ValueExpr& value) {
  if (std::find(r->group_by.begin(), r->group_by.end(), value) == r->group_by.end()) {
    r->group_by.push_back(value);
  }
  if (std::find(r->group_requests.begin(), r->group_requests.end(), value) ==
      r->group_requests.end()) {
    r->group_requests.push_back(value);
  }
}

bool IsMeasure(const Reading& r, int table, int column) {
  return ColumnModelOf(r, table, column).role == ColumnRole::kMeasure;
}

ValueExpr ColumnValue(const Reading& r, const Resolved& resolved) {
  return ValueExpr::Column(RefOf(r, resolved.table, resolved.column));
}

// The element after `e`, stepping over cues of the given kinds ("different").
int NextSkipping(const Reading& r, int e, std::initializer_list<Cue::Kind> kinds) {
  int next = NextElement(r, e, 3);
  while (next >= 0) {
    bool skip = false;
    for (Cue::Kind kind : kinds) skip = skip || IsCue(r, next, kind);
    if (!skip) break;
    next = NextElement(r, next, 3);
  }
  return next;
}

// Whether a superlative modifies a thing ("the stadium with the highest
// capacity", "which employee received the biggest bonus") rather than asking
// for the extreme value itself ("what is the highest capacity", "show the
// maximum price"): it asks for the value only when nothing but the question's
// opening words stands before it.
bool ModifiesEntity(const Reading& r, int e) {
  static const char* kOpeners[] = {
      "what", "which", "is",      "are", "was", "were", "show", "list", "give", "find",   "return",
      "tell", "me",    "display", "the", "a",   "an",   "also", "'s",   "s",    "what's", "us"};
  // "for each citizenship, what is the maximum net worth": per group, the
  // extreme value is what is asked.
  for (int k = 0; k < static_cast<int>(r.elements.size()); ++k) {
    if (IsCue(r, k, Cue::Kind::kGroup) && r.token(r.elements[k].begin).text != "by") return false;
  }
  // Only the words of the superlative's own clause count.
  size_t start = 0;
  for (size_t t = r.elements[e].begin; t-- > 0;) {
    const std::string& word = r.token(t).text;
    if (word == "," || word == "and" || word == "?" || word == "." || word == ";") {
      start = t + 1;
      break;
    }
  }
  for (size_t t = start; t < r.elements[e].begin; ++t) {
    const std::string& word = r.token(t).text;
    bool opener = false;
    for (const char* candidate : kOpeners) opener = opener || word == candidate;
    if (!opener) return true;
  }
  return false;
}

// A number just before a superlative: "the 3 largest", "5 most".
std::optional<int64_t> NumberBefore(const Reading& r, int e) {
  const int p = PrevElement(r, e, 1);
  if (p >= 0 && r.elements[p].kind == Element::Kind::kNumber && !r.elements[p].used) {
    const Token& token = r.token(r.elements[p].index);
    if (token.integer && token.number > 0) return static_cast<int64_t>(token.number);
  }
  return std::nullopt;
}

}  // namespace

// "owned by students", "made by": "by" after a participle names who did it.
bool IsAgentBy(const Reading& r, int e) {
  const size_t at = r.elements[e].begin;
  if (r.token(at).text != "by" || at == 0) return false;
  const Token& before = r.token(at - 1);
  if (before.kind != Token::Kind::kWord || r.element_of_token[at - 1] >= 0) return false;
  static const char* kIrregular[] = {"made", "written", "sold",   "bought",  "held",  "led",
                                     "run",  "built",   "taken",  "given",   "done",  "won",
                                     "lost", "shot",    "drawn",  "sung",    "known", "seen",
                                     "paid", "taught",  "caught", "brought", "kept",  "told"};
  for (const char* word : kIrregular) {
    if (before.text == word) return true;
  }
  return before.text.size() > 4 && before.text.ends_with("ed");
}

void ApplyGroups(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || !IsCue(*r, e, Cue::Kind::kGroup)) continue;
    if (IsAgentBy(*r, e)) continue;
    // "across all the shops", "for all students": everything, not each.
    const size_t after_cue = r->elements[e].end;
    if (after_cue < r->tokens->size() && r->token(after_cue).text == "all" &&
        r->token(r->elements[e].begin).text != "for") {
      MarkUsed(r, e);
      continue;
    }
    const int target = NextSkipping(*r, e, {Cue::Kind::kDistinct, Cue::Kind::kCount});
    if (target < 0) {
      // "by zodiac sign": a grouping by something the data does not have.
      const size_t after = r->elements[e].end;
      if (after < r->tokens->size() && r->element_of_token[after] < 0 &&
          r->token(after).kind == Token::Kind::kWord && !IsFiller(r->token(after)) &&
          r->token(r->elements[e].begin).text == "by") {
        r->unknown_groups.push_back(r->token(after).original);
      }
      continue;
    }
    if (r->elements[target].used) continue;
    // "by number of orders": ranks by a count, it does not group.
    bool counted = false;
    for (int k = e + 1; k < target; ++k) counted = counted || IsCue(*r, k, Cue::Kind::kCount);
    if (counted && r->token(r->elements[e].begin).text == "by") continue;
    const Resolved* resolved = ResolvedOf(*r, target);
    if (resolved == nullptr) continue;
    // "for each maker": the entity, when the word names a table wholly and the
    // cue is not a plain "by" (which groups by attributes: "by country").
    const bool by = r->token(r->elements[e].begin).text == "by";
    Resolved entity_reading;
    if (!by && resolved->kind == Resolved::Kind::kColumn && EntityTable(*r, target) >= 0 &&
        EntityTable(*r, target) != resolved->table) {
      entity_reading.kind = Resolved::Kind::kTable;
      entity_reading.table = EntityTable(*r, target);
      resolved = &entity_reading;
    }
    // "revenue by store", "per customer", "for each product": the measure is
    // wanted per thing ("of each", "in each" name the rows being listed).
    const std::string& cue_word = r->token(r->elements[e].begin).text;
    const bool per_thing =
        cue_word == "by" || cue_word == "per" || cue_word == "for" || cue_word == "grouped";
    if (resolved->kind == Resolved::Kind::kColumn) {
      // "top 5 customers by revenue": by a measure is an order, not a group.
      if (IsMeasure(*r, resolved->table, resolved->column) &&
          r->token(r->elements[e].begin).text == "by") {
        continue;
      }
      const ValueExpr value = ColumnValue(*r, *resolved);
      AddGroup(r, value);
      AddSelect(r, value, r->elements[target].begin, true);
      if (per_thing && (resolved->column == KeyColumn(*r, resolved->table) ||
                        resolved->column == NameColumn(*r, resolved->table))) {
        r->entity_groups.push_back(value);
      }
    } else if (resolved->kind == Resolved::Kind::kTable) {
      const int key = KeyColumn(*r, resolved->table);
      const int name = NameColumn(*r, resolved->table);
      if (key < 0 && name < 0) continue;
      const ValueExpr group = ValueExpr::Column(RefOf(*r, resolved->table, key >= 0 ? key : name));
      AddGroup(r, group);
      if (per_thing) r->entity_groups.push_back(group);
      if (name >= 0) {
        AddSelect(r, ValueExpr::Column(RefOf(*r, resolved->table, name)), r->elements[target].begin,
                  true);
      }
    } else {
      continue;
    }
    MarkUsed(r, e);
    MarkUsed(r, target);
    for (int k = e + 1; k < target; ++k) MarkUsed(r, k);
    // "by segment and region": more columns joined to the first.
    for (int next = target + 1; next < static_cast<int>(r->elements.size()); ++next) {
      bool joined = r->elements[next].begin > r->elements[next - 1].end;
      for (size_t t = r->elements[next - 1].end; joined && t < r->elements[next].begin; ++t) {
        const std::string& word = r->token(t).text;
        joined = word == "and" || word == "," || word == "the";
      }
      if (!joined || !IsColumn(*r, next) || r->elements[next].used) break;
      const Resolved* more = ResolvedOf(*r, next);
      if (IsMeasure(*r, more->table, more->column)) break;
      const ValueExpr value = ColumnValue(*r, *more);
      AddGroup(r, value);
      AddSelect(r, value, r->elements[next].begin, true);
      MarkUsed(r, next);
    }
  }
}

namespace {

// Orders by the elements after an order cue: columns, "the number of X".
void ApplyOrderCue(Reading* r, int e) {
  // Ranking puts the highest first unless told otherwise.
  const std::string& verb = r->token(r->elements[e].begin).text;
  bool descending = verb == "ranked" || verb == "rank";
  // A direction named near the cue, before or after it; used only if the cue
  // finds what to order by.
  std::vector<int> directions;
  for (int k = std::max(0, e - 3); k < std::min<int>(r->elements.size(), e + 6); ++k) {
    if (IsCue(*r, k, Cue::Kind::kDirection) && !r->elements[k].used) {
      descending = CueOf(*r, k).descending;
      directions.push_back(k);
    }
  }
  int at = NextSkipping(*r, e, {Cue::Kind::kDirection});
  // "sort the employees' names by their age": the order is after the "by".
  const Cue& cue = CueOf(*r, e);
  if (!cue.quantity.empty() && cue.quantity.front() == "#verb") {
    at = -1;
    for (int k = e + 1; k < static_cast<int>(r->elements.size()) && k <= e + 6; ++k) {
      if (IsCue(*r, k, Cue::Kind::kGroup) && r->token(r->elements[k].begin).text == "by") {
        MarkUsed(r, k);
        at = NextSkipping(*r, k, {Cue::Kind::kDirection});
        break;
      }
    }
    if (at < 0) return;
  }
  bool any = false;
  while (at >= 0) {
    const Resolved* resolved = ResolvedOf(*r, at);
    if (IsCue(*r, at, Cue::Kind::kCount)) {
      const int counted = NextElement(*r, at, 2);
      const std::string table = counted >= 0 && EntityTable(*r, counted) >= 0
                                    ? TableModelOf(*r, EntityTable(*r, counted)).name
                                    : "";
      r->order_by.push_back({ValueExpr::CountRows(table), descending});
      MarkUsed(r, at);
      MarkUsed(r, counted);
      at = counted;
    } else if (IsCue(*r, at, Cue::Kind::kAggregate)) {
      const int of = NextElement(*r, at, 2);
      if (of < 0 || !IsColumn(*r, of)) break;
      r->order_by.push_back(
          {ValueExpr::Aggregate(CueOf(*r, at).aggregation,
                                RefOf(*r, ResolvedOf(*r, of)->table, ResolvedOf(*r, of)->column)),
           descending});
      MarkUsed(r, at);
      MarkUsed(r, of);
      at = of;
    } else if (resolved != nullptr && resolved->kind == Resolved::Kind::kColumn) {
      r->order_by.push_back({ColumnValue(*r, *resolved), descending});
      MarkUsed(r, at);
    } else {
      break;
    }
    any = true;
    // "by age and name": more order columns joined by "and" or a comma.
    const int next = at + 1 < static_cast<int>(r->elements.size()) ? at + 1 : -1;
    if (next < 0) break;
    // "population size" is one quantity: the next column needs its joiner.
    bool joined = true;
    bool joiner = false;
    for (size_t t = r->elements[at].end; t < r->elements[next].begin; ++t) {
      const std::string& word = r->token(t).text;
      if (word == "and" || word == "," || word == "then") {
        joiner = true;
      } else if (!IsFiller(r->token(t))) {
        joined = false;
      }
    }
    if (!joined || !joiner || !IsColumn(*r, next)) break;
    at = next;
  }
  if (!any) return;
  MarkUsed(r, e);
  for (int k : directions) MarkUsed(r, k);
}

void ApplySuperlative(Reading* r, int e) {
  const Cue& cue = CueOf(*r, e);
  // "how about the highest?": nothing named after it in a follow-up.
  // "give the 3 countries which have the most": nothing after it either.
  if (r->previous != nullptr && NextElement(*r, e, 3) < 0 && cue.quantity.empty()) {
    r->dangling_superlative = cue.descending;
    MarkUsed(r, e);
    return;
  }
  const std::optional<int64_t> count = NumberBefore(*r, e);
  const int next = NextSkipping(*r, e, {Cue::Kind::kDistinct});
  const Resolved* resolved = next >= 0 && !r->elements[next].used ? ResolvedOf(*r, next) : nullptr;
  auto finish = [&](ValueExpr value, bool descending) {
    r->order_by.push_back({std::move(value), descending});
    // "the 3 countries with the most": a limit already read stands.
    r->limit = count ? *count : r->limit.value_or(1);
    if (count) MarkUsed(r, PrevElement(*r, e, 1));
    MarkUsed(r, e);
  };
  if (!cue.quantity.empty() && cue.quantity.front() == "#count") {
    // "the most common X": group by X, order by how often.
    if (resolved != nullptr && resolved->kind == Resolved::Kind::kColumn) {
      const ValueExpr value = ColumnValue(*r, *resolved);
      AddGroup(r, value);
      AddSelect(r, value, r->elements[next].begin);
      MarkUsed(r, next);
      finish(ValueExpr::CountRows(""), cue.descending);
    }
    return;
  }
  // "the most number of concerts": a count cue between the superlative and its table.
  if (next >= 0 && IsCue(*r, next, Cue::Kind::kCount)) {
    const int counted = NextElement(*r, next, 2);
    // "the largest number of languages": rows of the thing counted, named by
    // its table or by one of its columns.
    const int counted_table = counted < 0                     ? -1
                              : EntityTable(*r, counted) >= 0 ? EntityTable(*r, counted)
                              : IsColumn(*r, counted)         ? ResolvedOf(*r, counted)->table
                                                              : -1;
    if (counted_table >= 0) {
      finish(ValueExpr::CountRows(TableModelOf(*r, counted_table).name), cue.descending);
      MarkUsed(r, next);
      MarkUsed(r, counted);
      return;
    }
  }
  const bool counts = !cue.quantity.empty()
                          ? false
                          : r->token(r->elements[e].begin).text == "most" ||
                                r->token(r->elements[e].end - 1).text == "most" ||
                                r->token(r->elements[e].end - 1).text == "fewest" ||
                                r->token(r->elements[e].end - 1).text == "least";
  if (resolved != nullptr && cue.quantity.empty() && EntityTable(*r, next) >= 0 &&
      (resolved->kind == Resolved::Kind::kTable || counts)) {
    // "the stadium with the most concerts": order by a count of related rows.
    finish(ValueExpr::CountRows(TableModelOf(*r, EntityTable(*r, next)).name), cue.descending);
    MarkUsed(r, next);
    return;
  }
  // "speaks the most languages": most of a thing that is not a quantity is a count.
  if (counts && resolved != nullptr && resolved->kind == Resolved::Kind::kColumn &&
      !IsMeasure(*r, resolved->table, resolved->column) &&
      ColumnModelOf(*r, resolved->table, resolved->column).type != semantic::DataType::kInteger &&
      ColumnModelOf(*r, resolved->table, resolved->column).type != semantic::DataType::kNumber) {
    finish(ValueExpr::CountRows(TableModelOf(*r, resolved->table).name), cue.descending);
    MarkUsed(r, next);
    return;
  }
  if (resolved != nullptr &&
      (resolved->kind == Resolved::Kind::kColumn || resolved->kind == Resolved::Kind::kMetric)) {
    const ValueExpr value = resolved->kind == Resolved::Kind::kMetric
                                ? ValueExpr::Metric(r->model().metrics[resolved->metric].name)
                                : ColumnValue(*r, *resolved);
    if (!ModifiesEntity(*r, e) && !count && resolved->kind == Resolved::Kind::kColumn) {
      // "what is the highest capacity": the extreme value itself.
      AddSelect(r,
                ValueExpr::Aggregate(cue.descending ? Aggregation::kMax : Aggregation::kMin,
                                     value.column),
                r->elements[e].begin);
      MarkUsed(r, e);
      MarkUsed(r, next);
      return;
    }
    finish(value, cue.descending);
    MarkUsed(r, next);
    return;
  }
  // "whose number of products is the largest": the column came first.
  if (resolved == nullptr || r->elements[next].used) {
    const int before = PrevElement(*r, e, 3);
    if (before >= 0 && IsColumn(*r, before) && !r->elements[before].used &&
        IsMeasure(*r, ResolvedOf(*r, before)->table, ResolvedOf(*r, before)->column)) {
      finish(ColumnValue(*r, *ResolvedOf(*r, before)), cue.descending);
      MarkUsed(r, before);
      return;
    }
  }
  if (!cue.quantity.empty()) {
    // "the youngest singer": the quantity the adjective implies.
    std::vector<int> near = TablesNear(*r, r->elements[e].end + 3);
    std::optional<std::pair<int, int>> column = QuantityColumn(*r, cue.quantity, near);
    // "the oldest store" where no column holds an age: the earliest date.
    if (!column && cue.quantity_is_age && !near.empty()) {
      const semantic::TableModel& table = TableModelOf(*r, near.front());
      for (size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].type == semantic::DataType::kDate ||
            table.columns[c].type == semantic::DataType::kTimestamp) {
          column = std::make_pair(near.front(), static_cast<int>(c));
          break;
        }
      }
    }
    if (column) {
      const semantic::ColumnModel& model = ColumnModelOf(*r, column->first, column->second);
      bool descending = cue.descending;
      // Age is the reverse of a birth date or year: the youngest was born last.
      if (cue.quantity_is_age && model.role != ColumnRole::kMeasure) descending = !descending;
      finish(ValueExpr::Column(RefOf(*r, column->first, column->second)), descending);
    }
  }
}

void ApplyLimitCue(Reading* r, int e) {
  // "the first one", "the top one": a single row.
  const size_t after = r->elements[e].end;
  if (after < r->tokens->size() && r->token(after).text == "one") {
    r->limit = 1;
    MarkUsed(r, e);
    return;
  }
  const int next = NextElement(*r, e, 1);
  // "the first student to register": the earliest by the table's date.
  if (next >= 0 && IsTable(*r, next) && r->token(r->elements[e].begin).text == "first") {
    const int table = ResolvedOf(*r, next)->table;
    const semantic::TableModel& model = TableModelOf(*r, table);
    for (size_t c = 0; c < model.columns.size(); ++c) {
      if (model.columns[c].type == semantic::DataType::kDate ||
          model.columns[c].type == semantic::DataType::kTimestamp) {
        r->order_by.push_back({ValueExpr::Column(RefOf(*r, table, static_cast<int>(c))), false});
        r->limit = 1;
        MarkUsed(r, e);
        return;
      }
    }
  }
  if (next < 0 || r->elements[next].kind != Element::Kind::kNumber) return;
  const Token& token = r->token(r->elements[next].index);
  if (!token.integer || token.number <= 0) return;
  r->limit = static_cast<int64_t>(token.number);
  MarkUsed(r, e);
  MarkUsed(r, next);
  const bool bottom = r->token(r->elements[e].begin).text == "bottom";
  if (r->token(r->elements[e].begin).text != "first") r->limit_descending = !bottom;
  // "top 5 customers by revenue": the measure after "by" orders them;
  // "top 3 stores by number of orders": or a count.
  for (int k = next + 1; k < static_cast<int>(r->elements.size()); ++k) {
    const Element& element = r->elements[k];
    if (!element.used && IsCue(*r, k, Cue::Kind::kCount) && k > 0 &&
        IsCue(*r, k - 1, Cue::Kind::kGroup) && r->token(r->elements[k - 1].begin).text == "by") {
      const int counted = NextElement(*r, k, 2);
      if (counted >= 0 && EntityTable(*r, counted) >= 0) {
        r->order_by.push_back(
            {ValueExpr::CountRows(TableModelOf(*r, EntityTable(*r, counted)).name), !bottom});
        MarkUsed(r, k - 1);
        MarkUsed(r, k);
        MarkUsed(r, counted);
        break;
      }
    }
    if (element.used || element.kind != Element::Kind::kMention) continue;
    if (k > 0 && IsCue(*r, k - 1, Cue::Kind::kGroup) &&
        r->token(r->elements[k - 1].begin).text == "by") {
      const Resolved* resolved = ResolvedOf(*r, k);
      // A metric of the same name is the curated reading of a measure.
      for (const Candidate& candidate : r->mentions[r->elements[k].index].candidates) {
        const Entry& entry = r->index->entries()[candidate.entry];
        if (entry.kind == Entry::Kind::kMetric && candidate.score >= resolved->score - 0.35) {
          r->order_by.push_back(
              {ValueExpr::Metric(r->model().metrics[entry.metric].name), !bottom});
          MarkUsed(r, k);
          MarkUsed(r, k - 1);
          resolved = nullptr;
          break;
        }
      }
      if (resolved == nullptr) break;
      if (resolved->kind == Resolved::Kind::kColumn) {
        r->order_by.push_back({ColumnValue(*r, *resolved), !bottom});
        MarkUsed(r, k);
        MarkUsed(r, k - 1);
      } else if (resolved->kind == Resolved::Kind::kMetric) {
        r->order_by.push_back(
            {ValueExpr::Metric(r->model().metrics[resolved->metric].name), !bottom});
        MarkUsed(r, k);
        MarkUsed(r, k - 1);
      }
      break;
    }
  }
}

}  // namespace

// "the 3 countries with the most people": a number between "the" and a table
// limits the answer to that many rows.
void ApplyCountedTable(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || r->elements[e].kind != Element::Kind::kNumber) continue;
    const int next = NextElement(*r, e, 0);
    const Token& token = r->token(r->elements[e].index);
    const size_t at = r->elements[e].begin;
    if (next < 0 || !IsTable(*r, next) || !token.integer || token.number <= 0 || at == 0 ||
        r->token(at - 1).text != "the") {
      continue;
    }
    r->limit = static_cast<int64_t>(token.number);
    MarkUsed(r, e);
  }
}

void ApplyOrdering(Reading* r) {
  ApplyCountedTable(r);
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used) continue;
    if (IsCue(*r, e, Cue::Kind::kOrder)) ApplyOrderCue(r, e);
  }
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used) continue;
    if (IsCue(*r, e, Cue::Kind::kLimit)) ApplyLimitCue(r, e);
  }
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used) continue;
    if (IsCue(*r, e, Cue::Kind::kSuperlative)) ApplySuperlative(r, e);
  }
  // A direction with nothing named after it applies to the listing itself.
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used || !IsCue(*r, e, Cue::Kind::kDirection)) continue;
    const int next = NextElement(*r, e, 2);
    if (next >= 0 && IsColumn(*r, next) && !r->elements[next].used) {
      r->order_by.push_back({ColumnValue(*r, *ResolvedOf(*r, next)), CueOf(*r, e).descending});
      MarkUsed(r, next);
    } else if (r->order_by.empty()) {
      // Filled in by Assemble with the first selected value.
      r->order_by.push_back({ValueExpr(), CueOf(*r, e).descending});
    }
    MarkUsed(r, e);
  }
}

// "the car with the minimum horsepower": a min or max that modifies a thing
// picks that thing, like "the lowest".
bool ReadAsSuperlative(Reading* r, int e) {
  const Cue& cue = CueOf(*r, e);
  if (cue.aggregation != Aggregation::kMin && cue.aggregation != Aggregation::kMax) return false;
  if (!ModifiesEntity(*r, e)) return false;
  const int next = NextElement(*r, e, 2);
  if (next < 0 || !IsColumn(*r, next) || r->elements[next].used) return false;
  r->order_by.push_back(
      {ColumnValue(*r, *ResolvedOf(*r, next)), cue.aggregation == Aggregation::kMax});
  r->limit = 1;
  MarkUsed(r, e);
  MarkUsed(r, next);
  return true;
}

void ApplyAggregates(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    if (r->elements[e].used) continue;
    const bool count = IsCue(*r, e, Cue::Kind::kCount);
    if (!count && !IsCue(*r, e, Cue::Kind::kAggregate)) continue;
    if (!count && ReadAsSuperlative(r, e)) continue;
    // "count the number of": one count said twice.
    if (count) {
      const int next_count = NextElement(*r, e, 2);
      if (next_count >= 0 && IsCue(*r, next_count, Cue::Kind::kCount)) {
        MarkUsed(r, e);
        continue;
      }
    }
    // "the average, minimum and maximum age": several aggregates of one column.
    std::vector<int> chain{e};
    int at = e;
    while (true) {
      int next = at + 1 < static_cast<int>(r->elements.size()) ? at + 1 : -1;
      if (next < 0 || !IsCue(*r, next, Cue::Kind::kAggregate)) break;
      bool joined = true;
      for (size_t t = r->elements[at].end; t < r->elements[next].begin; ++t) {
        const std::string& word = r->token(t).text;
        if (word != "," && word != "and" && !IsFiller(r->token(t))) joined = false;
      }
      if (!joined) break;
      chain.push_back(next);
      at = next;
    }
    bool distinct = false;
    // "how many types of government", "the number of kinds of": distinct values.
    for (size_t t = r->elements[at].end; t < r->elements[at].end + 3 && t < r->tokens->size();
         ++t) {
      const std::string& word = r->token(t).text;
      if (word == "type" || word == "types" || word == "kind" || word == "kinds" ||
          word == "sort" || word == "sorts" || word == "variety" || word == "varieties") {
        distinct = true;
      }
    }
    int target = NextElement(*r, at, 3);
    // "how many kinds of payment methods": the kind words come before the target.
    if (target < 0 && distinct) {
      size_t t = r->elements[at].end;
      while (t < r->tokens->size() && r->element_of_token[t] < 0 &&
             (IsFiller(r->token(t)) || r->token(t).text.starts_with("kind") ||
              r->token(t).text.starts_with("type") || r->token(t).text.starts_with("sort") ||
              r->token(t).text.starts_with("variet"))) {
        ++t;
      }
      if (t < r->tokens->size() && r->element_of_token[t] > at) target = r->element_of_token[t];
    }
    // "the total amount of bonus", "the average value of": the words between
    // an aggregate and its quantity.
    if (target < 0 && !count) {
      size_t t = r->elements[at].end;
      while (t < r->tokens->size() && (IsFiller(r->token(t)) || r->token(t).text == "amount" ||
                                       r->token(t).text == "value" || r->token(t).text == "level" ||
                                       r->token(t).text == "quantity")) {
        ++t;
      }
      if (t < r->tokens->size() && r->element_of_token[t] > at) target = r->element_of_token[t];
    }
    // "the average miles per gallon (mpg)": words the model does not know
    // between an aggregate and the quantity it names.
    if (target < 0 && !count) {
      for (int k = at + 1; k < static_cast<int>(r->elements.size()); ++k) {
        if (r->elements[k].begin > r->elements[at].end + 6) break;
        if (r->elements[k].used) continue;
        if (IsColumn(*r, k) && IsMeasure(*r, ResolvedOf(*r, k)->table, ResolvedOf(*r, k)->column)) {
          target = k;
          break;
        }
        if (r->elements[k].kind == Element::Kind::kMention) break;
      }
    }
    // "how many car models": a word the model does not know before the
    // thing counted.
    if (target < 0 && count) {
      size_t t = r->elements[at].end;
      int unknown = 0;
      while (t < r->tokens->size() && r->element_of_token[t] < 0 && unknown <= 2) {
        if (!IsFiller(r->token(t))) ++unknown;
        ++t;
      }
      if (t < r->tokens->size() && unknown <= 2 && r->element_of_token[t] > at &&
          r->elements[r->element_of_token[t]].kind == Element::Kind::kMention) {
        target = r->element_of_token[t];
      }
    }
    while (target >= 0 && IsCue(*r, target, Cue::Kind::kDistinct)) {
      distinct = true;
      MarkUsed(r, target);
      target = NextElement(*r, target, 2);
    }
    // "how many official languages", "the number of red cars": a value or
    // flag already read as a condition describes the thing counted.
    if (count && target >= 0 && r->elements[target].used && !IsTable(*r, target)) {
      const int after = NextElement(*r, target, 0);
      if (after >= 0 && !r->elements[after].used &&
          r->elements[after].kind == Element::Kind::kMention) {
        target = after;
      }
    }
    // "different store locations": the table word only qualifies the column.
    if (target >= 0 && r->elements[target].used && IsTable(*r, target) &&
        target + 1 < static_cast<int>(r->elements.size()) &&
        r->elements[target + 1].begin == r->elements[target].end && IsColumn(*r, target + 1) &&
        ResolvedOf(*r, target + 1)->table == ResolvedOf(*r, target)->table) {
      target = target + 1;
    }
    // "the average number of injuries": the count words name the quantity
    // averaged, not a count.
    if (target >= 0 && !count && IsCue(*r, target, Cue::Kind::kCount)) {
      const int quantity = NextElement(*r, target, 1);
      if (quantity >= 0 && !r->elements[quantity].used && IsColumn(*r, quantity) &&
          IsMeasure(*r, ResolvedOf(*r, quantity)->table, ResolvedOf(*r, quantity)->column)) {
        MarkUsed(r, target);
        target = quantity;
      }
    }
    const Resolved* resolved =
        target >= 0 && !r->elements[target].used ? ResolvedOf(*r, target) : nullptr;
    for (int cue_element : chain) {
      const Cue& cue = CueOf(*r, cue_element);
      const size_t position = r->elements[cue_element].begin;
      if (cue.kind == Cue::Kind::kCount) {
        const int entity = target >= 0 && !distinct ? EntityTable(*r, target) : -1;
        if (entity >= 0) {
          AddSelect(r, ValueExpr::CountRows(TableModelOf(*r, entity).name), position);
          if (r->count_table < 0) r->count_table = entity;
        } else if (resolved != nullptr && resolved->kind == Resolved::Kind::kColumn) {
          if (IsMeasure(*r, resolved->table, resolved->column) && !distinct) {
            // "how many people live in Asia": the measure added up.
            AddSelect(r,
                      ValueExpr::Aggregate(Aggregation::kSum,
                                           RefOf(*r, resolved->table, resolved->column)),
                      position);
          } else {
            AddSelect(r,
                      ValueExpr::Aggregate(Aggregation::kCountDistinct,
                                           RefOf(*r, resolved->table, resolved->column), true),
                      position);
          }
        } else if (resolved != nullptr && resolved->kind == Resolved::Kind::kTable) {
          // "how many different customers": the distinct rows of that table.
          const int key = KeyColumn(*r, resolved->table);
          if (key >= 0) {
            AddSelect(r,
                      ValueExpr::Aggregate(Aggregation::kCountDistinct,
                                           RefOf(*r, resolved->table, key), true),
                      position);
          } else {
            AddSelect(r, ValueExpr::CountRows(TableModelOf(*r, resolved->table).name), position);
          }
        } else {
          // "how many are there"; but "list the count" after a count names it again.
          const bool counted =
              std::any_of(r->select.begin(), r->select.end(), [](const auto& part) {
                return part.value.kind == ValueExpr::Kind::kCountRows ||
                       part.value.aggregation == Aggregation::kCountDistinct;
              });
          if (!counted) AddSelect(r, ValueExpr::CountRows(""), position);
        }
      } else if (resolved != nullptr && resolved->kind == Resolved::Kind::kColumn) {
        AddSelect(
            r, ValueExpr::Aggregate(cue.aggregation, RefOf(*r, resolved->table, resolved->column)),
            position);
      } else if (resolved != nullptr && resolved->kind == Resolved::Kind::kMetric) {
        AddSelect(r, ValueExpr::Metric(r->model().metrics[resolved->metric].name), position);
      } else {
        if (resolved == nullptr) {
          // "and the average?": consumed here, applied by the follow-up merge.
          r->dangling_aggregation = cue.aggregation;
          r->dangling_aggregations.push_back(cue.aggregation);
          MarkUsed(r, cue_element);
        }
        continue;
      }
      MarkUsed(r, cue_element);
    }
    if (resolved != nullptr && r->elements[e].used) MarkUsed(r, target);
  }
}

void ApplyProjection(Reading* r) {
  for (int e = 0; e < static_cast<int>(r->elements.size()); ++e) {
    Element& element = r->elements[e];
    if (IsCue(*r, e, Cue::Kind::kAllColumns)) {
      r->all_columns = true;
      element.used = true;
      continue;
    }
    if (element.used || element.kind != Element::Kind::kMention) continue;
    const Resolved& resolved = *ResolvedOf(*r, e);
    const int p = PrevElement(*r, e, 2);
    const bool distinct = p >= 0 && IsCue(*r, p, Cue::Kind::kDistinct);
    if (resolved.kind == Resolved::Kind::kColumn) {
      AddSelect(r, ColumnValue(*r, resolved), element.begin);
    } else if (resolved.kind == Resolved::Kind::kMetric) {
      AddSelect(r, ValueExpr::Metric(r->model().metrics[resolved.metric].name), element.begin);
    } else if (resolved.kind == Resolved::Kind::kTable) {
      if (r->subject_table.empty()) {
        r->subject_table = TableModelOf(*r, resolved.table).name;
        r->subject_named = true;
      }
    } else {
      continue;
    }
    element.used = true;
    if (distinct) {
      r->distinct = true;
      MarkUsed(r, p);
    }
  }
}

}  // namespace scry::nlq
