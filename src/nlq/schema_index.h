// SchemaIndex: the words of a semantic model, indexed for linking questions
// to it. Built once per model (the parser owns one), read-only afterwards, so
// safe to share between threads.
//
// Every table, column, metric and dictionary value becomes an Entry with one
// or more phrases: bags of stems ("song release year" → {song, releas, year}).
// A column also gets its core phrase without its table's words ("concert
// name" in table concert → {name}), so that "the name of the concert" finds
// it. Synonyms come from the model and the general lexicon.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "semantic/model.h"

namespace scry::nlq {

struct Entry {
  enum class Kind { kTable, kColumn, kMetric, kValue };
  Kind kind = Kind::kColumn;
  int table = -1;     // index into Model::tables (kTable, kColumn, kValue)
  int column = -1;    // index into TableModel::columns (kColumn, kValue)
  int metric = -1;    // index into Model::metrics
  std::string value;  // kValue: the value as stored

  struct Phrase {
    std::vector<std::string> stems;  // content-word stems, in order
    // 1 for the entry's own name, less for synonyms and partial forms.
    double weight = 1;
    // The phrase is the column's name with its table's words removed.
    bool core = false;
    // The phrase is the column's name with its table's words added ("owner
    // last name"): matching it also names the table.
    bool qualified = false;
  };
  std::vector<Phrase> phrases;
};

class SchemaIndex {
 public:
  explicit SchemaIndex(const semantic::Model& model);

  const semantic::Model& model() const { return model_; }
  const std::vector<Entry>& entries() const { return entries_; }

  // Entries having `stem` in one of their phrases: (entry index, phrase index).
  const std::vector<std::pair<int, int>>& EntriesWithStem(const std::string& stem) const;

  // Every stem of every phrase, for typo-tolerant lookups.
  const std::vector<std::string>& stems() const { return stems_; }
  // Every word of every name (unstemmed, lower case) with its stem.
  const std::vector<std::pair<std::string, std::string>>& words() const { return words_; }

  // Entry index of a table, column or metric; -1 when absent.
  int TableEntry(int table) const;
  int ColumnEntry(int table, int column) const;

 private:
  void AddTable(int table);
  void AddColumn(int table, int column);
  void AddMetric(int metric);
  void AddValues(int table, int column);
  int Add(Entry entry);

  const semantic::Model& model_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::vector<std::pair<int, int>>> by_stem_;
  std::vector<std::string> stems_;
  std::vector<std::pair<std::string, std::string>> words_;
  std::vector<int> table_entries_;
  std::vector<std::vector<int>> column_entries_;
};

// Words that carry no meaning of their own in a phrase ("of", "the", "a"),
// skipped when phrases are built and allowed as gaps inside a mention.
bool IsStopWord(const std::string& word);

// The stems of a stored value, tokenized as a question would be; numbers as
// their canonical digits.
std::vector<std::string> ValueStems(const std::string& value);

// The content words of an identifier or display name, lower case:
// "SongReleaseYear" / "song_release_year" / "Song release year" → song, release, year.
std::vector<std::string> WordsOf(const std::string& name);

}  // namespace scry::nlq
