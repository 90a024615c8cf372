// The ResolveMentions step: what each mention means, with the rest of the
// question in view.
//
// A candidate's score is its lexical match plus what the question says
// around it: a table named in the question (and how close, "the names of the
// battles"), the join distance to the tables the question is about, the
// previous turn, a column named next to a value. A tie that context cannot
// break — two columns of tables the question does not name, that are not the
// same data through a foreign key — becomes an ambiguity to ask about.
#include <algorithm>
#include <cmath>

#include "nlq/intent_steps.h"
#include "nlq/intent_util.h"
#include "nlq/tokenizer.h"

namespace scry::nlq {
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
    case Entry::Kind::kTable:
      resolved.kind = Resolved::Kind::kTable;
      break;
    case Entry::Kind::kColumn:
      resolved.kind = Resolved::Kind::kColumn;
      break;
    case Entry::Kind::kMetric:
      resolved.kind = Resolved::Kind::kMetric;
      break;
    case Entry::Kind::kValue:
      resolved.kind = Resolved::Kind::kValue;
      break;
  }
  return resolved;
}

int CandidateTable(const Reading& r, const Resolved& candidate) {
  if (candidate.kind == Resolved::Kind::kMetric) {
    const auto& tables = r.model().metrics[candidate.metric].tables;
    return tables.empty() ? -1 : TableIndex(r, tables.front());
  }
  return candidate.table;
}

// Token positions of mentions whose best reading is a whole table.
struct TableMention {
  int table;
  size_t begin;
  size_t end;
};

std::vector<TableMention> NamedTables(const Reading& r) {
  std::vector<TableMention> named;
  for (size_t m = 0; m < r.mentions.size(); ++m) {
    const Mention& mention = r.mentions[m];
    for (const Candidate& candidate : mention.candidates) {
      const Entry& entry = r.index->entries()[candidate.entry];
      // Only the best reading: "sections" names the sections table, not the
      // departments it is also a synonym of; "makers" names the car makers
      // table though its column Maker matches as well.
      const bool best_table = std::none_of(
          mention.candidates.begin(), mention.candidates.end(), [&](const Candidate& other) {
            return r.index->entries()[other.entry].kind == Entry::Kind::kTable &&
                   other.score > candidate.score + 0.01;
          });
      // "makers" names the car makers table: the head noun of its name.
      bool head = false;
      if (entry.kind == Entry::Kind::kTable && !candidate.full && mention.positions.size() == 1) {
        const std::vector<std::string> words = WordsOf(r.model().tables[entry.table].name);
        head = !words.empty() && Stem(words.back()) == r.token(mention.positions.front()).stem;
      }
      if (entry.kind == Entry::Kind::kTable && (candidate.full || head) && best_table &&
          candidate.score >= mention.best().score - (head ? 0.7 : 0.15)) {
        named.push_back({entry.table, mention.begin, mention.end});
      }
      // "the last name of the owner" names the owners table too.
      if (entry.kind == Entry::Kind::kColumn && candidate.full && candidate.phrase >= 0 &&
          entry.phrases[candidate.phrase].qualified && &candidate == &mention.best()) {
        named.push_back({entry.table, mention.begin, mention.end});
      }
    }
  }
  return named;
}

bool OnlyFillerBetween(const Reading& r, size_t from, size_t to) {
  for (size_t t = from; t < to; ++t) {
    if (!IsFiller(r.token(t))) return false;
  }
  return true;
}

// How strongly a column mention attaches to a table named in the question:
// "the name of the battle", "the battle's name", "battle name" attach
// closely; a table named further away less so.
double AttachmentBonus(const Reading& r, const Mention& mention, int table,
                       const std::vector<TableMention>& named) {
  double best = 0;
  for (const TableMention& t : named) {
    if (t.table != table) continue;
    const size_t distance = t.begin >= mention.end ? t.begin - mention.end : mention.begin - t.end;
    double bonus = 0.25 + 0.15 / (1.0 + static_cast<double>(distance) / 2.0);
    const bool after = t.begin >= mention.end && OnlyFillerBetween(r, mention.end, t.begin);
    const bool before = t.end <= mention.begin && OnlyFillerBetween(r, t.end, mention.begin);
    if ((after || before) && distance <= 3) bonus += 0.1;
    best = std::max(best, bonus);
  }
  return best;
}

double DistanceBonus(const Reading& r, int table, const std::vector<int>& focus) {
  if (table < 0 || focus.empty()) return 0;
  int nearest = -1;
  for (int other : focus) {
    const int d = r.table_distance[table][other];
    if (d >= 0 && (nearest < 0 || d < nearest)) nearest = d;
  }
  if (nearest == 0) return 0.2;
  if (nearest > 0) return 0.1 / nearest;
  return -0.1;  // not connected to what the question is about
}

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

// A value next to a mention of its own column: "the 'fiat' model".
double NamedColumnBonus(const Reading& r, int mention_index, const Resolved& candidate) {
  if (candidate.kind != Resolved::Kind::kValue) return 0;
  const int e = r.element_of_token[r.mentions[mention_index].begin];
  for (int neighbour : {PrevElement(r, e, 3), NextElement(r, e, 1)}) {
    if (neighbour < 0 || r.elements[neighbour].kind != Element::Kind::kMention) continue;
    const Mention& other = r.mentions[r.elements[neighbour].index];
    for (const Candidate& c : other.candidates) {
      const Entry& entry = r.index->entries()[c.entry];
      if (entry.kind == Entry::Kind::kColumn && entry.table == candidate.table &&
          entry.column == candidate.column) {
        return 0.3;
      }
    }
  }
  return 0;
}

// The same letters as typed: "Fiat" is the value 'Fiat' before 'fiat'.
double ExactCaseBonus(const Reading& r, const Mention& mention, const Resolved& candidate) {
  if (candidate.kind != Resolved::Kind::kValue) return 0;
  std::string typed;
  for (size_t t = mention.begin; t < mention.end; ++t) {
    typed += (typed.empty() ? "" : " ") + r.token(t).original;
  }
  return typed == candidate.value ? 0.02 : 0;
}

// Whether a metric is just "agg(table.column)".
bool IsColumnMetric(const Reading& r, int metric) {
  const std::string& expression = r.model().metrics[metric].expression;
  const size_t open = expression.find('(');
  if (open == std::string::npos || expression.back() != ')') return false;
  const std::string inner = expression.substr(open + 1, expression.size() - open - 2);
  if (inner.find_first_of("()+-*/ ") != std::string::npos) return false;
  return inner.find('.') != std::string::npos;
}

// Whether the column is a single-column reference to a table the same words
// name wholly.
bool ReferencesNamedTable(const Reading& r, const Mention& mention, const Resolved& column) {
  const auto& table = r.model().tables[column.table];
  const std::string& name = table.columns[column.column].name;
  for (const semantic::JoinModel& join : r.model().joins) {
    if (join.from_table != table.name || join.from_columns.size() != 1 ||
        join.from_columns.front() != name) {
      continue;
    }
    for (const Candidate& other : mention.candidates) {
      const Entry& entry = r.index->entries()[other.entry];
      if (entry.kind == Entry::Kind::kTable && other.full &&
          r.model().tables[entry.table].name == join.to_table) {
        return true;
      }
    }
  }
  return false;
}

double Score(const Reading& r, int m, const Candidate& candidate, const Resolved& resolved,
             const std::vector<int>& focus, const std::vector<TableMention>& named) {
  const Mention& mention = r.mentions[m];
  const int table = CandidateTable(r, resolved);
  double score = candidate.score;
  if (resolved.kind == Resolved::Kind::kMetric) {
    // A metric that only aggregates one column reads the same words as that
    // column; the column is the reading, aggregated later where the question
    // calls for it. Other metrics are curated readings of their words.
    score += IsColumnMetric(r, resolved.metric) ? -0.01 : 0.05;
  }
  if (resolved.kind == Resolved::Kind::kTable && candidate.full) score += 0.02;
  // "countries" is the countries table before a column that only refers to
  // its rows (car_makers.country): the rows themselves are meant, wherever
  // the referring table is named.
  const bool reference = resolved.kind == Resolved::Kind::kColumn && candidate.full &&
                         ReferencesNamedTable(r, mention, resolved);
  const double attached = resolved.kind == Resolved::Kind::kTable || reference
                              ? 0
                              : AttachmentBonus(r, mention, table, named);
  score += attached > 0 ? attached : DistanceBonus(r, table, focus);
  if (reference) score -= 0.05;
  score += PreviousTurnBonus(r, resolved);
  score += NamedColumnBonus(r, m, resolved);
  score += ExactCaseBonus(r, mention, resolved);
  // "maker" read in the car makers table before the model list's maker: the
  // word is the head of that table's name. "the id of students" is the
  // students' own id before the copy of it in a table that refers to them.
  if (resolved.kind == Resolved::Kind::kColumn) {
    const std::vector<std::string> words = WordsOf(r.model().tables[resolved.table].name);
    if (!words.empty()) {
      const std::string head = Stem(words.back());
      if (mention.positions.size() == 1 && head == r.token(mention.positions.front()).stem) {
        score += 0.04;
      } else if (mention.positions.size() > 1 &&
                 std::any_of(mention.positions.begin(), mention.positions.end(),
                             [&](size_t t) { return r.token(t).stem == head; })) {
        score += 0.02;
      }
    }
  }
  // "cars" is the cars data table before the car makers: the word as typed
  // appears in one name and only its stem in the others.
  if (resolved.kind == Resolved::Kind::kTable && mention.positions.size() == 1) {
    const std::string& typed = r.token(mention.positions.front()).text;
    for (const std::string& word : WordsOf(r.model().tables[resolved.table].name)) {
      if (word == typed) score += 0.05;
    }
  }
  // A value in a table's name column names a row of it; in another column it
  // more often describes one.
  if (resolved.kind == Resolved::Kind::kValue && NameColumn(r, resolved.table) == resolved.column) {
    score += 0.03;
  }
  return score;
}

// Whether `a` refers to `b` through a declared or inferred join: the same data.
bool References(const Reading& r, const Resolved& a, const Resolved& b) {
  if (a.table < 0 || b.table < 0 || a.column < 0 || b.column < 0) return false;
  const auto& ta = r.model().tables[a.table];
  const auto& tb = r.model().tables[b.table];
  for (const semantic::JoinModel& join : r.model().joins) {
    if (join.from_table == ta.name && join.to_table == tb.name && join.from_columns.size() == 1 &&
        join.from_columns.front() == ta.columns[a.column].name &&
        join.to_columns.front() == tb.columns[b.column].name) {
      return true;
    }
  }
  return false;
}

bool SameColumn(const Resolved& a, const Resolved& b) {
  return a.table == b.table && a.column == b.column;
}

// The options worth asking about among near-equal readings.
std::vector<Resolved> AmbiguousOptions(const Reading& r, int mention,
                                       const std::vector<std::pair<double, Resolved>>& ranked,
                                       const std::vector<TableMention>& named) {
  std::vector<Resolved> options;
  const Resolved& top = ranked.front().second;
  if (top.kind != Resolved::Kind::kColumn && top.kind != Resolved::Kind::kValue) return options;
  // Worth asking only when the words name both readings outright, not
  // through a synonym or a stem they happen to share.
  if (top.score < 0.95) return options;
  for (const auto& [score, resolved] : ranked) {
    if (ranked.front().first - score > 0.04) break;
    if (resolved.kind != top.kind || resolved.score < 0.95) continue;
    // A table the question names settles which of its columns is meant.
    const bool table_named = std::any_of(named.begin(), named.end(), [&](const TableMention& t) {
      return t.table == resolved.table;
    });
    if (table_named) return {};
    if (std::none_of(options.begin(), options.end(),
                     [&](const Resolved& o) { return SameColumn(o, resolved); })) {
      options.push_back(resolved);
    }
  }
  // Values of one table in several columns ("Aruba" as the name and the local
  // name): the table's name column is the reading, not a choice.
  const bool one_table = std::all_of(options.begin(), options.end(), [&](const Resolved& o) {
    return o.table == options.front().table;
  });
  if (one_table) return {};
  // A value named elsewhere in the question settles its column ("the student
  // named Timmothy": first name).
  std::vector<Resolved> with_values;
  for (const Resolved& option : options) {
    for (size_t m = 0; m < r.mentions.size(); ++m) {
      if (static_cast<int>(m) == mention) continue;
      const Candidate& best = r.mentions[m].best();
      const Entry& entry = r.index->entries()[best.entry];
      if (entry.kind == Entry::Kind::kValue && entry.table == option.table &&
          entry.column == option.column) {
        with_values.push_back(option);
        break;
      }
    }
  }
  if (with_values.size() == 1) return {};
  // A foreign key and the key it refers to hold the same values: not a choice.
  std::vector<Resolved> distinct;
  for (const Resolved& option : options) {
    const bool refers = std::any_of(options.begin(), options.end(), [&](const Resolved& other) {
      return References(r, option, other);
    });
    if (!refers) distinct.push_back(option);
  }
  return distinct.size() > 1 ? distinct : std::vector<Resolved>{};
}

// Readings in a table no join connects to the rest of the question cannot be
// answered together: each such mention takes its best reading in the tables
// the others are connected to, when it has one that is not much worse.
void KeepConnected(Reading* r) {
  const size_t n = r->mentions.size();
  auto table_of = [&](size_t m) { return CandidateTable(*r, r->resolved[m]); };
  for (size_t m = 0; m < n; ++m) {
    const int table = table_of(m);
    if (table < 0) continue;
    int connected = 0, disconnected = 0;
    for (size_t o = 0; o < n; ++o) {
      const int other = table_of(o);
      if (o == m || other < 0) continue;
      (r->table_distance[table][other] >= 0 ? connected : disconnected)++;
    }
    if (disconnected == 0 || connected > 0) continue;
    for (const Candidate& candidate : r->mentions[m].candidates) {
      Resolved alternative = ResolveCandidate(*r, candidate);
      const int alternative_table = CandidateTable(*r, alternative);
      if (alternative_table < 0 || candidate.score < r->mentions[m].best().score - 0.5) continue;
      bool joins = false;
      for (size_t o = 0; o < n; ++o) {
        const int other = table_of(o);
        if (o != m && other >= 0 && r->table_distance[alternative_table][other] >= 0) joins = true;
      }
      if (joins) {
        r->resolved[m] = alternative;
        break;
      }
    }
  }
}

// "store locations", "student ids": a table named right before one of its own
// columns qualifies the column; the column is what is meant.
void ConsumeQualifiers(Reading* r) {
  for (size_t e = 0; e + 1 < r->elements.size(); ++e) {
    Element& first = r->elements[e];
    const Element& second = r->elements[e + 1];
    if (first.kind != Element::Kind::kMention || second.kind != Element::Kind::kMention) continue;
    if (second.begin != first.end) continue;
    const Resolved& table = r->resolved[first.index];
    const Resolved& column = r->resolved[second.index];
    if (table.kind == Resolved::Kind::kTable && column.kind == Resolved::Kind::kColumn &&
        column.table == table.table) {
      first.used = true;
    }
  }
}

}  // namespace

void ResolveMentions(Reading* r) {
  r->resolved.assign(r->mentions.size(), Resolved());
  // First pass: each mention's best lexical reading, to see the focus.
  for (size_t m = 0; m < r->mentions.size(); ++m) {
    r->resolved[m] = ResolveCandidate(*r, r->mentions[m].best());
  }
  const std::vector<int> focus = FocusTables(*r);
  const std::vector<TableMention> named = NamedTables(*r);
  for (size_t m = 0; m < r->mentions.size(); ++m) {
    const Mention& mention = r->mentions[m];
    std::vector<std::pair<double, Resolved>> ranked;
    for (const Candidate& candidate : mention.candidates) {
      Resolved resolved = ResolveCandidate(*r, candidate);
      const double score = Score(*r, static_cast<int>(m), candidate, resolved, focus, named);
      ranked.emplace_back(score, std::move(resolved));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    // Of a foreign key and the key it refers to, tied, the key is the reading.
    if (ranked.size() > 1 && ranked[0].first - ranked[1].first <= 0.05 &&
        References(*r, ranked[0].second, ranked[1].second)) {
      std::swap(ranked[0], ranked[1]);
    }
    r->resolved[m] = ranked.front().second;
    r->resolved[m].score = ranked.front().first;
    const auto forced = std::find_if(r->forced.begin(), r->forced.end(),
                                     [&](const auto& f) { return f.first == static_cast<int>(m); });
    if (forced != r->forced.end()) {
      r->resolved[m] = forced->second;
      continue;
    }
    std::vector<Resolved> options = AmbiguousOptions(*r, static_cast<int>(m), ranked, named);
    if (!options.empty()) r->ambiguities.push_back({static_cast<int>(m), std::move(options)});
  }
  KeepConnected(r);
  ConsumeQualifiers(r);
}

}  // namespace scry::nlq
