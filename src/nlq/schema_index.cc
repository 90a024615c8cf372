#include "nlq/schema_index.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_set>

#include "nlq/tokenizer.h"
#include "semantic/lexicon.h"

namespace scry::nlq {
namespace {

using semantic::ColumnModel;
using semantic::Model;
using semantic::TableModel;

const std::unordered_set<std::string>& StopWords() {
  static const auto* words = new std::unordered_set<std::string>{
      "a",    "an",   "the",  "of",    "for",   "in",    "on",   "at",   "to",    "and",
      "is",   "are",  "was",  "were",  "be",    "been",  "'s",   "its",  "their", "his",
      "her",  "that", "this", "these", "those", "which", "what", "who",  "whom",  "whose",
      "do",   "does", "did",  "there", "it",    "they",  "them", "as",   "me",    "please",
      "i",    "we",   "you",  "our",   "my",    "your",  "all",  "any",  "some",  "with",
      "from", "by",   "per",  "each",  "every", "or",    "also", "both", "?",     ".",
      ",",    "how",  "why",  "where", "when"};
  return *words;
}

// General abbreviations seen in column names, expanded so that the words
// people type find them.
const std::unordered_map<std::string, std::string>& Abbreviations() {
  static const auto* words = new std::unordered_map<std::string, std::string>{
      {"num", "number"},        {"no", "number"},
      {"nbr", "number"},        {"qty", "quantity"},
      {"amt", "amount"},        {"desc", "description"},
      {"descr", "description"}, {"addr", "address"},
      {"yr", "year"},           {"dept", "department"},
      {"emp", "employee"},      {"cust", "customer"},
      {"prod", "product"},      {"cnt", "count"},
      {"avg", "average"},       {"pct", "percent"},
      {"dob", "birth date"},    {"tel", "telephone"},
      {"mgr", "manager"},       {"acct", "account"},
      {"dt", "date"},           {"ts", "timestamp"},
      {"lang", "language"},     {"max", "maximum"},
      {"min", "minimum"},       {"org", "organization"},
      {"std", "student"},       {"stu", "student"},
      {"st", "street"},         {"fname", "first name"},
      {"lname", "last name"},   {"qtr", "quarter"},
      {"mo", "month"},          {"indep", "independence"},
      {"govt", "government"},   {"pop", "population"},
      {"wk", "week"},           {"hr", "hour"},
  };
  return *words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)); }
bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)); }
bool IsDigitChar(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

// Splits snake_case, camelCase, PascalCase, ALLCAPS and digit boundaries.
std::vector<std::string> SplitIdentifier(const std::string& name) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(current);
    current.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && !(c & 0x80)) {
      flush();
      continue;
    }
    if (!current.empty()) {
      const char prev = name[i - 1];
      const bool lower_to_upper = IsLower(prev) && IsUpper(c);
      const bool acronym_end =
          IsUpper(prev) && IsUpper(c) && i + 1 < name.size() && IsLower(name[i + 1]);
      const bool digit_edge = IsDigitChar(prev) != IsDigitChar(c);
      if (lower_to_upper || acronym_end || digit_edge) flush();
    }
    current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  flush();
  return words;
}

std::vector<std::string> StemsOf(const std::vector<std::string>& words) {
  std::vector<std::string> stems;
  for (const std::string& word : words) {
    if (IsStopWord(word)) continue;
    std::string stem = Stem(word);
    if (std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(stem);
  }
  return stems;
}

void AddPhrase(Entry* entry, std::vector<std::string> stems, double weight, bool core = false,
               bool qualified = false) {
  if (stems.empty()) return;
  for (const Entry::Phrase& existing : entry->phrases) {
    if (existing.stems == stems) return;
  }
  entry->phrases.push_back({std::move(stems), weight, core, qualified});
}

// A phrase for each synonym of each single word, and of the whole phrase.
void AddSynonymPhrases(Entry* entry, const std::vector<std::string>& words, double weight) {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : " ") + word;
  for (const std::string& synonym : semantic::SynonymsOf(joined)) {
    AddPhrase(entry, StemsOf(WordsOf(synonym)), weight * 0.9);
  }
  if (words.size() < 2) return;
  for (size_t i = 0; i < words.size(); ++i) {
    for (const std::string& synonym : semantic::SynonymsOf(words[i])) {
      std::vector<std::string> replaced = words;
      replaced[i] = synonym;
      AddPhrase(entry, StemsOf(WordsOf(Join(replaced))), weight * 0.85);
    }
  }
}

}  // namespace

std::vector<std::string> ValueStems(const std::string& value) {
  std::vector<std::string> stems;
  for (const Token& token : Tokenize(Normalize(value))) {
    if (token.kind == Token::Kind::kWord) stems.push_back(token.stem);
    if (token.kind == Token::Kind::kNumber) stems.push_back(token.number_text);
  }
  return stems;
}

bool IsStopWord(const std::string& word) { return StopWords().count(word) > 0; }

std::vector<std::string> WordsOf(const std::string& name) {
  std::vector<std::string> words;
  for (const std::string& part : SplitIdentifier(name)) {
    auto it = Abbreviations().find(part);
    if (it == Abbreviations().end()) {
      words.push_back(part);
      continue;
    }
    for (const std::string& expanded : SplitIdentifier(it->second)) words.push_back(expanded);
  }
  return words;
}

SchemaIndex::SchemaIndex(const Model& model) : model_(model) {
  column_entries_.resize(model.tables.size());
  for (size_t t = 0; t < model.tables.size(); ++t) {
    AddTable(static_cast<int>(t));
    for (size_t c = 0; c < model.tables[t].columns.size(); ++c) {
      AddColumn(static_cast<int>(t), static_cast<int>(c));
      AddValues(static_cast<int>(t), static_cast<int>(c));
    }
  }
  for (size_t m = 0; m < model.metrics.size(); ++m) AddMetric(static_cast<int>(m));
  for (const auto& [stem, unused] : by_stem_) stems_.push_back(stem);
  std::sort(stems_.begin(), stems_.end());
  std::set<std::string> seen;
  auto add_words = [&](const std::string& name) {
    for (const std::string& word : WordsOf(name)) {
      if (!IsStopWord(word) && seen.insert(word).second) words_.emplace_back(word, Stem(word));
    }
  };
  for (const TableModel& table : model.tables) {
    add_words(table.name);
    add_words(table.display_name);
    for (const ColumnModel& column : table.columns) {
      add_words(column.name);
      add_words(column.display_name);
      for (const std::string& value : column.values) {
        if (value.size() <= 40) add_words(value);
      }
    }
  }
  for (const semantic::MetricModel& metric : model.metrics) add_words(metric.display_name);
}

int SchemaIndex::Add(Entry entry) {
  const int index = static_cast<int>(entries_.size());
  for (size_t p = 0; p < entry.phrases.size(); ++p) {
    for (const std::string& stem : entry.phrases[p].stems) {
      auto& list = by_stem_[stem];
      const std::pair<int, int> key{index, static_cast<int>(p)};
      if (std::find(list.begin(), list.end(), key) == list.end()) list.push_back(key);
    }
  }
  entries_.push_back(std::move(entry));
  return index;
}

void SchemaIndex::AddTable(int table) {
  const TableModel& model_table = model_.tables[table];
  Entry entry;
  entry.kind = Entry::Kind::kTable;
  entry.table = table;
  const std::vector<std::string> name_words = WordsOf(model_table.name);
  const std::vector<std::string> display_words = WordsOf(model_table.display_name);
  AddPhrase(&entry, StemsOf(display_words), 1);
  AddPhrase(&entry, StemsOf(name_words), 1);
  for (const std::string& synonym : model_table.synonyms) {
    AddPhrase(&entry, StemsOf(WordsOf(synonym)), 0.95);
  }
  AddSynonymPhrases(&entry, display_words.empty() ? name_words : display_words, 1);
  table_entries_.push_back(Add(std::move(entry)));
}

void SchemaIndex::AddColumn(int table, int column) {
  const TableModel& model_table = model_.tables[table];
  const ColumnModel& model_column = model_table.columns[column];
  Entry entry;
  entry.kind = Entry::Kind::kColumn;
  entry.table = table;
  entry.column = column;
  const std::vector<std::string> display_words = WordsOf(model_column.display_name);
  const std::vector<std::string> name_words = WordsOf(model_column.name);
  std::vector<std::string> own = StemsOf(display_words.empty() ? name_words : display_words);
  AddPhrase(&entry, own, 1);
  AddPhrase(&entry, StemsOf(name_words), 1);
  // The core phrase: without the table's own words ("stadium id" → "id").
  std::vector<std::string> table_stems = StemsOf(WordsOf(model_table.name));
  for (const std::string& stem : StemsOf(WordsOf(model_table.display_name))) {
    table_stems.push_back(stem);
  }
  std::vector<std::string> core;
  for (const std::string& stem : own) {
    if (std::find(table_stems.begin(), table_stems.end(), stem) == table_stems.end()) {
      core.push_back(stem);
    }
  }
  // Slightly weaker than the full name: "revenue" is order_items.revenue before
  // it is sales_targets.target_revenue.
  if (!core.empty() && core.size() < own.size()) AddPhrase(&entry, core, 0.9, /*core=*/true);
  // The qualified phrase: "stadium name" for column name of table stadium.
  std::vector<std::string> qualified = StemsOf(WordsOf(model_table.display_name));
  for (const std::string& stem : own) {
    if (std::find(qualified.begin(), qualified.end(), stem) == qualified.end()) {
      qualified.push_back(stem);
    }
  }
  if (qualified.size() > own.size()) {
    AddPhrase(&entry, qualified, 1, /*core=*/false, /*qualified=*/true);
  }
  for (const std::string& synonym : model_column.synonyms) {
    AddPhrase(&entry, StemsOf(WordsOf(synonym)), 0.95);
  }
  AddSynonymPhrases(&entry, display_words.empty() ? name_words : display_words, 1);
  // The column that names a table's rows answers "the names of the
  // orchestras" even when it is called something else ("orchestra", "title").
  const std::string name_stem = Stem("name");
  if (model_column.name == model_table.name_column &&
      std::find(own.begin(), own.end(), name_stem) == own.end()) {
    AddPhrase(&entry, {name_stem}, 0.9, /*core=*/true);
  }
  column_entries_[table].push_back(Add(std::move(entry)));
}

void SchemaIndex::AddMetric(int metric) {
  const semantic::MetricModel& model_metric = model_.metrics[metric];
  Entry entry;
  entry.kind = Entry::Kind::kMetric;
  entry.metric = metric;
  const std::vector<std::string> display_words = WordsOf(model_metric.display_name);
  AddPhrase(&entry, StemsOf(display_words), 1);
  AddPhrase(&entry, StemsOf(WordsOf(model_metric.name)), 1);
  for (const std::string& synonym : model_metric.synonyms) {
    AddPhrase(&entry, StemsOf(WordsOf(synonym)), 0.95);
  }
  AddSynonymPhrases(&entry, display_words, 1);
  Add(std::move(entry));
}

void SchemaIndex::AddValues(int table, int column) {
  const ColumnModel& model_column = model_.tables[table].columns[column];
  for (const std::string& value : model_column.values) {
    Entry entry;
    entry.kind = Entry::Kind::kValue;
    entry.table = table;
    entry.column = column;
    entry.value = value;
    // Values keep every word ("The Who" must not become "who") and are
    // tokenized as questions are, so "A320" or "1.5L" match as typed.
    std::vector<std::string> stems = ValueStems(value);
    if (stems.empty()) continue;
    entry.phrases.push_back({std::move(stems), 1, false, false});
    // "Asian countries" for the value Asia.
    std::string lower = value;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& demonym : semantic::DemonymsOfPlace(lower)) {
      entry.phrases.push_back({ValueStems(demonym), 0.85, false, false});
    }
    Add(std::move(entry));
  }
}

const std::vector<std::pair<int, int>>& SchemaIndex::EntriesWithStem(
    const std::string& stem) const {
  static const std::vector<std::pair<int, int>> kNone;
  auto it = by_stem_.find(stem);
  return it == by_stem_.end() ? kNone : it->second;
}

int SchemaIndex::TableEntry(int table) const { return table_entries_[table]; }

int SchemaIndex::ColumnEntry(int table, int column) const { return column_entries_[table][column]; }

}  // namespace scry::nlq
