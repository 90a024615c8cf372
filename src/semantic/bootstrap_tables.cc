// What a bootstrapped table needs once its columns are classified: the column
// that names its rows, the date that places them in time, synonyms, and a
// metric per measure.
//
// Time column: the table's own date column when it has one; among several,
// the one whose name says the row happened then (order_date, created_at)
// rather than an attribute of the thing (birth_date, valid_to). Without one,
// the time column of a table it refers to by a many-to-one join, written
// "orders.order_date" (order_items happen when their order does), unless the
// parent is a thing rather than an event (it has a name column: a student's
// registration date says nothing about an enrolment) or the date is an
// attribute (products.launch_date says nothing about an order line).
//
// Metric names: a measure added up is named after its column ("revenue" =
// sum(order_items.revenue)); an averaged one is "average_<column>"
// ("average_price" = avg(products.price)). Two measures of the same name in
// different tables take their table's singular as a prefix ("order_amount").
#include <algorithm>
#include <array>
#include <cctype>

#include "semantic/bootstrap_internal.h"
#include "semantic/identifier_words.h"
#include "semantic/lexicon.h"
#include "semantic/model_check_internal.h"

namespace scry::semantic {
namespace {

using Words = std::vector<std::string>;

constexpr std::array<std::string_view, 13> kNotWhenWords{
    "birth",      "birthday", "dob",    "born",    "death",   "died",    "expiry",
    "expiration", "expires",  "expire", "deleted", "updated", "modified"};
constexpr std::array<std::string_view, 12> kAttributeDateWords{
    "launch", "launched", "release",    "released", "founded", "established",
    "built",  "opened",   "introduced", "hire",     "hired",   "joined"};
constexpr std::array<std::string_view, 25> kEventWords{
    "created", "creation", "ordered",     "order",   "placed", "purchase", "purchased",
    "sale",    "sold",     "transaction", "invoice", "booked", "booking",  "paid",
    "payment", "shipped",  "registered",  "signup",  "start",  "started",  "occurred",
    "event",   "posted",   "published",   "recorded"};
constexpr std::array<std::string_view, 9> kWhenWords{"date", "time", "timestamp", "at",  "datetime",
                                                     "day",  "year", "month",     "week"};
// Words of columns that classify or measure rows rather than name them.
constexpr std::array<std::string_view, 14> kNotNameWords{
    "type",   "kind", "category", "class", "status", "result", "level",
    "gender", "sex",  "from",     "to",    "if",     "is",     "has"};

bool Has(const auto& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}
bool AnyIn(const Words& words, const auto& list) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return Has(list, w); });
}

// How strongly a date column's name says "when the row happened"; -1 when it
// is never a table's time (a birth date).
int WhenScore(const std::string& column) {
  const Words words = IdentifierWords(column);
  if (AnyIn(words, kNotWhenWords)) return -1;
  return (AnyIn(words, kWhenWords) ? 3 : 0) + (AnyIn(words, kEventWords) ? 2 : 0);
}

std::string OwnTimeColumn(const TableModel& table) {
  const ColumnModel* best = nullptr;
  int best_score = -1;
  for (const ColumnModel& column : table.columns) {
    if (column.role != ColumnRole::kTime) continue;
    const int score = WhenScore(column.name);
    if (score > best_score) {
      best = &column;
      best_score = score;
    }
  }
  return best == nullptr ? "" : best->name;
}

int OutgoingJoins(const Model& model, const std::string& table) {
  return static_cast<int>(std::count_if(model.joins.begin(), model.joins.end(), [&](auto& join) {
    return SameName(join.from_table, table) && !SameName(join.to_table, table);
  }));
}

std::string InheritedTimeColumn(const Model& model, const TableModel& table) {
  std::string best;
  std::pair<int, int> best_rank{-1, -1};
  for (const JoinModel& join : model.joins) {
    if (!SameName(join.from_table, table.name) || SameName(join.to_table, table.name)) continue;
    const TableModel* parent = model.FindTable(join.to_table);
    // A parent that names its rows is a thing (a customer, a student), not an
    // event: its dates describe it, not the rows that refer to it.
    if (parent == nullptr || parent->time_column.empty() || !parent->name_column.empty() ||
        parent->time_column.find('.') != std::string::npos ||
        parent->FindColumn(parent->time_column) == nullptr ||
        AnyIn(IdentifierWords(parent->time_column), kAttributeDateWords)) {
      continue;
    }
    const std::pair<int, int> rank{WhenScore(parent->time_column),
                                   OutgoingJoins(model, parent->name)};
    if (rank > best_rank) {
      best_rank = rank;
      best = parent->name + "." + parent->time_column;
    }
  }
  return best;
}

// Words of a column without its table's own leading words: customers.customer_city → city.
Words CoreWords(const TableModel& table, const ColumnModel& column) {
  const Words table_words = IdentifierWords(Singular(JoinWords(IdentifierWords(table.name))));
  Words words = IdentifierWords(column.name);
  size_t skip = 0;
  while (skip < words.size() - std::min<size_t>(words.size(), 1) && skip < table_words.size() &&
         Singular(words[skip]) == table_words[skip]) {
    ++skip;
  }
  return Words(words.begin() + static_cast<long>(skip), words.end());
}

void AddUnique(std::string word, const std::string& own, std::vector<std::string>* out) {
  if (word.empty() || word == own || out->size() >= 8) return;
  if (std::find(out->begin(), out->end(), word) == out->end()) out->push_back(std::move(word));
}

std::string Uncapitalized(std::string text) {
  // Keep acronyms ("ID", "GDP") as they are.
  if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[1]))) return text;
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

MetricModel MetricFor(const TableModel& table, const ColumnModel& column) {
  MetricModel metric;
  const std::string base = JoinWords(IdentifierWords(column.name), "_");
  const std::string qualified = QuoteName(table.name) + "." + QuoteName(column.name);
  const std::string display = column.display_name.empty() ? column.name : column.display_name;
  metric.format = column.format;
  metric.tables = {table.name};
  if (column.default_aggregation == Aggregation::kAvg) {
    const bool named_average =
        base.starts_with("avg") || base.starts_with("average") || base.starts_with("mean");
    metric.name = named_average ? base : "average_" + base;
    metric.display_name = named_average ? display : "Average " + Uncapitalized(display);
    metric.expression = "avg(" + qualified + ")";
    metric.description = "Average of " + table.name + "." + column.name;
    metric.synonyms = {"mean " + ToLower(display)};
  } else {
    metric.name = base;
    metric.display_name = display;
    metric.expression = "sum(" + qualified + ")";
    metric.description = "Sum of " + table.name + "." + column.name;
    metric.synonyms = {"total " + ToLower(display)};
  }
  return metric;
}

}  // namespace

std::string QuoteName(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kReserved{
      "case", "when",   "then", "else",  "end",   "and",     "or",     "not",
      "is",   "null",   "true", "false", "in",    "between", "like",   "distinct",
      "as",   "select", "from", "where", "group", "order",   "having", "cast"};
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (plain && !Has(kReserved, ToLower(name))) return std::string(name);
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// Only in a table that refers to no other (a thing, not an event: an order
// line's most distinct text is no name), and never a date or a category.
void PromoteNameColumn(const std::vector<JoinModel>& joins, TableModel* table) {
  for (const ColumnModel& column : table->columns) {
    if (column.role == ColumnRole::kName) return;
  }
  for (const JoinModel& join : joins) {
    if (SameName(join.from_table, table->name) && !SameName(join.to_table, table->name)) return;
  }
  ColumnModel* best = nullptr;
  for (ColumnModel& column : table->columns) {
    const Words words = IdentifierWords(column.name);
    const bool candidate = column.role == ColumnRole::kDimension &&
                           column.type == DataType::kText && column.distinct_count > 0 &&
                           table->row_count > 0 &&
                           column.distinct_count * 5 >= table->row_count * 4 &&
                           !AnyIn(words, kWhenWords) && !AnyIn(words, kNotNameWords);
    if (candidate && (best == nullptr || column.distinct_count > best->distinct_count)) {
      best = &column;
    }
  }
  if (best != nullptr) best->role = ColumnRole::kName;
}

// "name" or "<table> name" first, then "title", then any name column.
void ChooseNameColumn(TableModel* table) {
  const std::string stem = TableStem(table->name);
  const ColumnModel* best = nullptr;
  int best_score = -1;
  for (const ColumnModel& column : table->columns) {
    if (column.role != ColumnRole::kName) continue;
    const std::string squeezed = Squeeze(column.name);
    const int score = squeezed == "name" || squeezed == stem + "name" ? 4
                      : squeezed == "fullname" || squeezed == "title" ? 3
                      : squeezed.find("name") != std::string::npos    ? 2
                                                                      : 1;
    if (score > best_score) {
      best = &column;
      best_score = score;
    }
  }
  table->name_column = best == nullptr ? "" : best->name;
}

void ChooseTimeColumn(const Model& model, bool inherit, TableModel* table) {
  if (!inherit) {
    table->time_column = OwnTimeColumn(*table);
  } else if (table->time_column.empty()) {
    table->time_column = InheritedTimeColumn(model, *table);
  }
}

void AddTableWords(TableModel* table) {
  const std::string phrase = ToLower(table->display_name);
  const std::string singular = Singular(phrase);
  AddUnique(singular, phrase, &table->synonyms);
  AddUnique(Plural(singular), phrase, &table->synonyms);
  for (const std::string& synonym : SynonymsOf(singular)) {
    AddUnique(synonym, phrase, &table->synonyms);
    AddUnique(Plural(synonym), phrase, &table->synonyms);
  }
}

// Synonyms of the column's core words ("city" → "town"), with the head word
// of a two-word name replaced when only it has synonyms ("total revenue" →
// "total sales").
void AddColumnWords(const TableModel& table, ColumnModel* column) {
  const Words core = CoreWords(table, *column);
  if (core.empty()) return;
  const std::string own = ToLower(column->display_name);
  const std::string phrase = JoinWords(core);
  std::vector<std::string> synonyms = SynonymsOf(phrase);
  // "total revenue" → "total sales"; but not inside phrases ("head of state").
  const bool two_words = core.size() == 2 && core[0].size() > 2;
  if (synonyms.empty() && two_words) {
    const Words modifiers(core.begin(), core.end() - 1);
    for (const std::string& head : SynonymsOf(core.back())) {
      synonyms.push_back(JoinWords(modifiers) + " " + head);
    }
  }
  for (std::string& synonym : synonyms) AddUnique(std::move(synonym), own, &column->synonyms);
}

std::vector<MetricModel> BuildMetrics(const Model& model) {
  std::vector<MetricModel> metrics;
  for (const TableModel& table : model.tables) {
    for (const ColumnModel& column : table.columns) {
      if (column.role != ColumnRole::kMeasure) continue;
      metrics.push_back(MetricFor(table, column));
    }
  }
  // Names shared by several tables' measures take the table as a prefix.
  std::vector<MetricModel> named = metrics;
  for (size_t i = 0; i < named.size(); ++i) {
    const auto same = [&](const MetricModel& other) {
      return SameName(other.name, metrics[i].name);
    };
    if (std::count_if(metrics.begin(), metrics.end(), same) < 2) continue;
    const std::string table = metrics[i].tables[0];
    const std::string prefix =
        JoinWords(IdentifierWords(Singular(JoinWords(IdentifierWords(table)))), "_");
    named[i].name = prefix + "_" + metrics[i].name;
    const TableModel* owner = model.FindTable(table);
    const std::string owner_name = Singular(ToLower(owner->display_name));
    named[i].display_name = owner_name + " " + Uncapitalized(metrics[i].display_name);
    named[i].display_name[0] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(named[i].display_name[0])));
    for (size_t j = 0; j < i; ++j) {
      if (SameName(named[j].name, named[i].name)) named[i].name = table + "_" + metrics[i].name;
    }
  }
  return named;
}

}  // namespace scry::semantic
