#include "nlq/intent_util.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "nlq/tokenizer.h"

namespace scry::nlq {

using semantic::ColumnModel;
using semantic::DataType;
using semantic::Literal;

bool IsFiller(const Token& token) {
  static const auto* words = new std::unordered_set<std::string>{
      "the",   "a",     "an",    "of",   "'s",    "is",   "are",   "was",  "were", "be",
      "been",  "that",  "which", "who",  "whose", "with", "have",  "has",  "had",  "their",
      "its",   "his",   "her",   "do",   "does",  "did",  "there", "they", "it",   "having",
      "whom",  "in",    "for",   "on",   "at",    "as",   "to",    "any",  "all",  "than",
      "those", "these", "them",  "this", "-",     ":",    "(",     ")"};
  return token.kind == Token::Kind::kPunct
             ? token.text != "," && token.text != "?" && token.text != "."
             : words->count(token.text) > 0;
}

namespace {

// Counts filler tokens in [from, to); returns -1 if a non-filler, non-element token is there.
int FillerBetween(const Reading& r, size_t from, size_t to) {
  int count = 0;
  for (size_t t = from; t < to; ++t) {
    if (r.element_of_token[t] >= 0) return -1;
    if (!IsFiller(r.token(t))) return -1;
    ++count;
  }
  return count;
}

}  // namespace

int PrevElement(const Reading& r, int e, int max_filler) {
  if (e <= 0) return -1;
  const Element& current = r.elements[e];
  const Element& prev = r.elements[e - 1];
  const int filler = FillerBetween(r, prev.end, current.begin);
  return filler >= 0 && filler <= max_filler ? e - 1 : -1;
}

int NextElement(const Reading& r, int e, int max_filler) {
  if (e < 0 || e + 1 >= static_cast<int>(r.elements.size())) return -1;
  const Element& current = r.elements[e];
  const Element& next = r.elements[e + 1];
  const int filler = FillerBetween(r, current.end, next.begin);
  return filler >= 0 && filler <= max_filler ? e + 1 : -1;
}

bool IsCue(const Reading& r, int e, Cue::Kind kind) {
  return e >= 0 && r.elements[e].kind == Element::Kind::kCue &&
         r.cues[r.elements[e].index].kind == kind;
}

const Cue& CueOf(const Reading& r, int e) { return r.cues[r.elements[e].index]; }

const Resolved* ResolvedOf(const Reading& r, int e) {
  if (e < 0 || r.elements[e].kind != Element::Kind::kMention) return nullptr;
  return &r.resolved[r.elements[e].index];
}

bool IsColumn(const Reading& r, int e) {
  const Resolved* resolved = ResolvedOf(r, e);
  return resolved != nullptr && resolved->kind == Resolved::Kind::kColumn;
}

bool IsTable(const Reading& r, int e) {
  const Resolved* resolved = ResolvedOf(r, e);
  return resolved != nullptr && resolved->kind == Resolved::Kind::kTable;
}

bool IsValue(const Reading& r, int e) {
  const Resolved* resolved = ResolvedOf(r, e);
  return resolved != nullptr && resolved->kind == Resolved::Kind::kValue;
}

bool IsMetric(const Reading& r, int e) {
  const Resolved* resolved = ResolvedOf(r, e);
  return resolved != nullptr && resolved->kind == Resolved::Kind::kMetric;
}

int EntityTable(const Reading& r, int e) {
  const Resolved* resolved = ResolvedOf(r, e);
  if (resolved == nullptr) return -1;
  if (resolved->kind == Resolved::Kind::kTable) return resolved->table;
  const Mention& mention = r.mentions[r.elements[e].index];
  for (const Candidate& candidate : mention.candidates) {
    const Entry& entry = r.index->entries()[candidate.entry];
    if (entry.kind == Entry::Kind::kTable && candidate.full &&
        candidate.score >= mention.best().score - 0.15) {
      return entry.table;
    }
  }
  // A table's name column or key named by the table's own noun ("models" for
  // the column Model of the model list).
  if (resolved->kind == Resolved::Kind::kColumn) {
    const semantic::ColumnModel& column = ColumnModelOf(r, resolved->table, resolved->column);
    if (column.primary_key || NameColumn(r, resolved->table) == resolved->column) {
      for (const Candidate& candidate : mention.candidates) {
        const Entry& entry = r.index->entries()[candidate.entry];
        if (entry.kind == Entry::Kind::kTable && entry.table == resolved->table) return entry.table;
      }
    }
  }
  return -1;
}

semantic::ColumnRef RefOf(const Reading& r, int table, int column) {
  const semantic::TableModel& t = r.model().tables[table];
  return {t.name, t.columns[column].name};
}

const ColumnModel& ColumnModelOf(const Reading& r, int table, int column) {
  return r.model().tables[table].columns[column];
}

const semantic::TableModel& TableModelOf(const Reading& r, int table) {
  return r.model().tables[table];
}

int TableIndex(const Reading& r, const std::string& name) {
  for (size_t t = 0; t < r.model().tables.size(); ++t) {
    if (r.model().tables[t].name == name) return static_cast<int>(t);
  }
  return -1;
}

namespace {

bool IsNumericType(DataType type) {
  return type == DataType::kInteger || type == DataType::kNumber;
}

Literal NumberLiteral(const Token& token) {
  if (token.integer) return Literal::Integer(static_cast<int64_t>(token.number));
  return Literal::Number(token.number, token.number_text);
}

}  // namespace

std::optional<Literal> LiteralOf(const Reading& r, int e, const ColumnModel* column) {
  const Element& element = r.elements[e];
  const bool text_column =
      column != nullptr && !IsNumericType(column->type) && column->type != DataType::kBoolean;
  switch (element.kind) {
    case Element::Kind::kNumber: {
      const Token& token = r.token(element.index);
      if (text_column) return Literal::Text(token.original);
      double value = token.number;
      // "10%" of a 0..1 ratio column is 0.1.
      if (token.unit == Token::Unit::kPercent && column != nullptr &&
          column->format == semantic::ValueFormat::kPercent) {
        value /= 100;
        return Literal::Number(value, "");
      }
      return NumberLiteral(token);
    }
    case Element::Kind::kQuoted: {
      const Token& token = r.token(element.index);
      if (column != nullptr && IsNumericType(column->type)) {
        char* end = nullptr;
        const double value = std::strtod(token.original.c_str(), &end);
        if (end != token.original.c_str() && *end == '\0') {
          return value == std::floor(value) ? Literal::Integer(static_cast<int64_t>(value))
                                            : Literal::Number(value, token.original);
        }
      }
      // A quoted value found in the dictionary keeps the stored spelling.
      if (column != nullptr) {
        for (const std::string& value : column->values) {
          if (value.size() == token.original.size() &&
              std::equal(value.begin(), value.end(), token.original.begin(),
                         [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return Literal::Text(value);
          }
        }
      }
      return Literal::Text(token.original);
    }
    case Element::Kind::kMention: {
      const Resolved& resolved = r.resolved[element.index];
      if (resolved.kind == Resolved::Kind::kValue) return Literal::Text(resolved.value);
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

int NegationBefore(const Reading& r, int e) {
  for (int k = e - 1; k >= 0 && k >= e - 2; --k) {
    if (IsCue(r, k, Cue::Kind::kNegation) && r.elements[e].begin - r.elements[k].end <= 2) {
      return k;
    }
    if (r.elements[k].kind != Element::Kind::kCue) break;
  }
  return -1;
}

bool NegatedBefore(const Reading& r, int e) { return NegationBefore(r, e) >= 0; }

std::optional<std::pair<int, int>> QuantityColumn(const Reading& r,
                                                  const std::vector<std::string>& quantity,
                                                  const std::vector<int>& near) {
  std::vector<std::string> stems;
  for (const std::string& word : quantity) stems.push_back(Stem(word));
  std::optional<std::pair<int, int>> best;
  size_t best_rank = SIZE_MAX;
  auto consider = [&](int table) {
    const semantic::TableModel& t = r.model().tables[table];
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const std::vector<std::string> words = WordsOf(t.columns[c].name);
      for (size_t k = 0; k < stems.size(); ++k) {
        const bool named = std::any_of(words.begin(), words.end(),
                                       [&](const std::string& w) { return Stem(w) == stems[k]; });
        // The earlier a quantity word, the better it names the quantity.
        if (named && k < best_rank) {
          best_rank = k;
          best = std::make_pair(table, static_cast<int>(c));
        }
      }
    }
  };
  for (int table : near) consider(table);
  if (!best) {
    for (size_t t = 0; t < r.model().tables.size(); ++t) consider(static_cast<int>(t));
  }
  return best;
}

std::vector<int> FocusTables(const Reading& r) {
  std::vector<int> tables;
  auto add = [&](int table) {
    if (table >= 0 && std::find(tables.begin(), tables.end(), table) == tables.end()) {
      tables.push_back(table);
    }
  };
  for (size_t m = 0; m < r.mentions.size(); ++m) {
    const Resolved& resolved = r.resolved[m];
    if (resolved.kind == Resolved::Kind::kMetric) {
      for (const std::string& table : r.model().metrics[resolved.metric].tables) {
        add(TableIndex(r, table));
      }
    } else if (resolved.kind == Resolved::Kind::kTable) {
      // Only a table named outright; "cars" half-matching "car makers" is a guess.
      if (r.mentions[m].best().full) add(resolved.table);
    } else if (resolved.kind == Resolved::Kind::kColumn ||
               resolved.kind == Resolved::Kind::kValue) {
      // A column or value counts when every equally good reading of it is in one table.
      const Mention& mention = r.mentions[m];
      const double best = mention.best().score;
      int table = -1;
      bool one_table = true;
      for (const Candidate& candidate : mention.candidates) {
        if (best - candidate.score > 0.05) continue;
        const Entry& entry = r.index->entries()[candidate.entry];
        int candidate_table = entry.table;
        if (entry.kind == Entry::Kind::kMetric) {
          const auto& metric_tables = r.model().metrics[entry.metric].tables;
          candidate_table = metric_tables.size() == 1 ? TableIndex(r, metric_tables.front()) : -1;
        }
        if (candidate_table < 0) continue;
        if (table >= 0 && table != candidate_table) one_table = false;
        table = candidate_table;
      }
      if (one_table) add(table);
    }
  }
  return tables;
}

std::vector<int> TablesNear(const Reading& r, size_t position) {
  std::vector<int> tables;
  for (int e = static_cast<int>(r.elements.size()) - 1; e >= 0; --e) {
    if (r.elements[e].begin >= position) continue;
    const Resolved* resolved = ResolvedOf(r, e);
    if (resolved == nullptr) continue;
    if (resolved->kind == Resolved::Kind::kTable || resolved->kind == Resolved::Kind::kColumn) {
      if (std::find(tables.begin(), tables.end(), resolved->table) == tables.end()) {
        tables.push_back(resolved->table);
      }
    }
  }
  for (int table : FocusTables(r)) {
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
  }
  return tables;
}

int NameColumn(const Reading& r, int table) {
  const semantic::TableModel& t = r.model().tables[table];
  if (!t.name_column.empty()) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].name == t.name_column) return static_cast<int>(c);
    }
  }
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c].role == semantic::ColumnRole::kName) return static_cast<int>(c);
  }
  return -1;
}

int KeyColumn(const Reading& r, int table) {
  const semantic::TableModel& t = r.model().tables[table];
  if (!t.primary_key.empty()) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].name == t.primary_key.front()) return static_cast<int>(c);
    }
  }
  return -1;
}

std::optional<ReferenceHop> ReferenceInto(const Reading& r, int from_table, int to_table) {
  const semantic::Model& model = r.model();
  // Breadth-first from `to_table` over joins that refer to it, so the first
  // table found that can reach `from_table` is on a shortest path.
  std::optional<ReferenceHop> best;
  int best_distance = -1;
  for (const semantic::JoinModel& join : model.joins) {
    if (join.to_table != model.tables[to_table].name || join.from_columns.size() != 1) continue;
    const int hop = TableIndex(r, join.from_table);
    if (hop < 0 || hop == to_table) continue;
    const int distance = r.table_distance[hop][from_table];
    if (distance < 0 || (best_distance >= 0 && distance >= best_distance)) continue;
    const semantic::ColumnModel* fk = model.tables[hop].FindColumn(join.from_columns.front());
    const semantic::ColumnModel* key = model.tables[to_table].FindColumn(join.to_columns.front());
    if (fk == nullptr || key == nullptr) continue;
    best = ReferenceHop{hop, static_cast<int>(fk - model.tables[hop].columns.data()),
                        static_cast<int>(key - model.tables[to_table].columns.data())};
    best_distance = distance;
  }
  return best;
}

void MarkUsed(Reading* r, int e) {
  if (e >= 0) r->elements[e].used = true;
}

semantic::Filter NotInRelated(const Reading& r, int restricted, const ReferenceHop& hop,
                              semantic::Filter condition) {
  semantic::SemanticQuery sub;
  sub.subject_table = TableModelOf(r, hop.table).name;
  sub.select.push_back({semantic::ValueExpr::Column(RefOf(r, hop.table, hop.column)), ""});
  sub.where = std::move(condition);
  semantic::Predicate predicate;
  predicate.lhs = semantic::ValueExpr::Column(RefOf(r, restricted, hop.key));
  predicate.op = semantic::CompareOp::kIn;
  predicate.negated = true;
  predicate.subquery = semantic::Box<semantic::SemanticQuery>(std::move(sub));
  return semantic::Filter::Of(std::move(predicate));
}

}  // namespace scry::nlq
