// What a column means, from its type, its name's words, its keys and its
// values. The rules, in order (the first that applies wins):
//
//  1. Keys: a table's single-column primary key, a foreign-key column, or a
//     column another table refers to is an identifier (but a text key with a
//     plain name, such as a "country" column referring to countries by name,
//     is left to the text rules, since people group and filter by it). Names
//     ending in id/uuid/key (or "<table>id") are
//     identifiers; endings like code/no/number are identifiers unless the
//     values say they are a small set of categories (currency_code: 5 values).
//  2. Booleans, and 2-valued text whose values are yes/no-like (Y/N, T/F,
//     true/false, 0/1), and integers named is_/has_ are flags.
//  3. Dates and timestamps are time columns (also text whose values are ISO
//     dates, as SQLite stores them).
//  4. Numbers: a year (a word "year") is a dimension with the year format;
//     numbers named like categories (month, quarter, zip, floor, version...)
//     or with very few distinct values are dimensions; the rest are measures.
//  5. Text: a name ending in name/title is a name; named like free text
//     (email, description, address, phone, url...) or with long values is
//     text; another name word (name_full) also makes a name; the rest are
//     dimensions.
//
// A measure's default aggregation: a running total ("cumulative", "accumulated",
// "ytd" in the name) → max, its latest value; "total"/"sum" in the name → sum;
// "avg"/"average"/"per"/"rate" → avg; a non-additive word (price, age, rate,
// score, temperature, salary...) → avg; an additive word (revenue, amount,
// quantity, cost...) → sum; otherwise sum. Its format: count words (quantity,
// units, number) → count; percent words (percent, ratio, rate, share; a
// discount whose values are at most 1) → percent; money words (revenue,
// price, cost, amount, salary, budget...) → currency; another integer that is
// added up → count.
#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include "semantic/bootstrap_internal.h"
#include "semantic/identifier_words.h"
#include "semantic/lexicon.h"
#include "semantic/type_rules.h"

namespace scry::semantic {
namespace {

using Words = std::vector<std::string>;

template <size_t N>
using WordList = std::array<std::string_view, N>;

constexpr WordList<13> kStrongKeyEndings{"id",  "ids",  "uuid", "guid", "key",  "pk", "fk",
                                         "sku", "isbn", "ssn",  "vin",  "iban", "upc"};
constexpr WordList<7> kWeakKeyEndings{"code", "no", "num", "number", "nr", "ref", "reference"};
constexpr WordList<8> kPhoneWords{"phone",  "telephone", "tel",       "fax",
                                  "mobile", "cell",      "cellphone", "phonenumber"};
constexpr WordList<5> kPostalWords{"zip", "zipcode", "postcode", "postal", "postalcode"};
constexpr WordList<38> kTextWords{
    "email",    "mail",    "description", "desc",      "comment",  "comments",     "note",
    "notes",    "remark",  "remarks",     "text",      "body",     "content",      "message",
    "summary",  "details", "detail",      "address",   "url",      "link",         "website",
    "homepage", "street",  "bio",         "biography", "abstract", "path",         "password",
    "hash",     "token",   "json",        "xml",       "html",     "instructions", "caption",
    "image",    "photo",   "picture"};
constexpr WordList<9> kNameWords{"name",     "title",    "surname",   "forename", "nickname",
                                 "username", "fullname", "firstname", "lastname"};
constexpr WordList<8> kFlagLeads{"is", "has", "can", "was", "did", "does", "should", "allow"};
constexpr WordList<17> kCategoricalNumbers{
    "month", "quarter", "week",    "weekday",    "dow",  "hour", "zip",   "zipcode", "postcode",
    "floor", "season",  "version", "generation", "lane", "gate", "digit", "type"};
constexpr WordList<31> kAdditiveWords{
    "revenue", "revenues", "sales",    "turnover", "amount",  "subtotal",   "quantity", "qty",
    "units",   "count",    "cost",     "costs",    "expense", "expenses",   "spend",    "spending",
    "profit",  "income",   "earnings", "fee",      "fees",    "tax",        "payment",  "paid",
    "refund",  "shipping", "freight",  "budget",   "balance", "population", "value"};
constexpr WordList<43> kNonAdditiveWords{
    "age",         "price",    "prices",   "rate",       "ratio",   "percent",     "percentage",
    "pct",         "score",    "rating",   "rank",       "ranking", "grade",       "level",
    "temperature", "temp",     "humidity", "pressure",   "speed",   "velocity",    "latitude",
    "longitude",   "lat",      "lon",      "lng",        "height",  "width",       "length",
    "depth",       "weight",   "density",  "efficiency", "index",   "probability", "yield",
    "elevation",   "altitude", "years",    "tenure",     "salary",  "wage",        "gpa",
    "stars"};
constexpr WordList<3> kSumMarkers{"total", "sum", "overall"};
// A column that already holds a running total: adding its rows counts the
// same amounts again, so its highest value (the latest total) is the measure.
constexpr WordList<3> kRunningTotalMarkers{"cumulative", "accumulated", "ytd"};
constexpr WordList<5> kAvgMarkers{"avg", "average", "mean", "median", "per"};
constexpr WordList<8> kCountWords{"quantity", "qty", "units",      "count",
                                  "number",   "num", "population", "headcount"};
constexpr WordList<8> kPercentWords{"percent", "percentage", "pct",        "ratio",
                                    "rate",    "share",      "proportion", "fraction"};
constexpr WordList<41> kMoneyWords{
    "revenue",    "revenues", "sales",   "turnover", "price",    "prices",      "cost",
    "costs",      "amount",   "salary",  "wage",     "wages",    "pay",         "payment",
    "budget",     "income",   "expense", "expenses", "spend",    "spending",    "fee",
    "fees",       "tax",      "profit",  "balance",  "earnings", "tip",         "bonus",
    "commission", "refund",   "debt",    "fare",     "money",    "cash",        "usd",
    "eur",        "rent",     "loan",    "subtotal", "msrp",     "compensation"};
constexpr WordList<6> kMoneyRateWords{"hourly", "daily", "monthly", "pay", "salary", "wage"};

bool Has(const auto& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}
// Whether a word, or its singular ("ratings"), is in `list`.
bool AnyIn(const Words& words, const auto& list) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return Has(list, w) || Has(list, Singular(w)); });
}

std::optional<double> NumberOf(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool IsNumberText(std::string_view text) { return NumberOf(text).has_value(); }

bool IsIsoDateText(std::string_view text) {
  if (text.size() < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// Whether every top value satisfies `test` (false without values).
template <typename Test>
bool AllValues(const ColumnSchema& column, Test test) {
  if (column.top_values.empty()) return false;
  return std::all_of(column.top_values.begin(), column.top_values.end(),
                     [&](const ColumnSchema::ValueCount& v) { return test(v.value); });
}

bool LooksBooleanPair(const ColumnSchema& column) {
  if (column.distinct_count != 2 && !(column.distinct_count < 0 && column.top_values.size() == 2)) {
    return false;
  }
  static constexpr WordList<12> kBooleanValues{"y",    "n",     "yes", "no", "t",  "f",
                                               "true", "false", "0",   "1",  "on", "off"};
  return AllValues(column, [](const std::string& v) { return Has(kBooleanValues, ToLower(v)); });
}

// Text that stands for a missing value in files and loosely typed databases.
bool IsMissingText(const std::string& value) {
  const std::string lower = ToLower(value);
  return lower.empty() || lower == "null" || lower == "n/a" || lower == "na" || lower == "?" ||
         lower == "-" || lower == "none";
}

// Every distinct value was seen (the dictionary is complete), all of them
// numbers or missing, and at least one a number.
bool IsNumericText(const ColumnSchema& column) {
  if (column.top_values.empty()) return false;
  if (column.distinct_count > static_cast<int64_t>(column.top_values.size())) return false;
  bool any_number = false;
  for (const ColumnSchema::ValueCount& v : column.top_values) {
    if (IsMissingText(v.value)) continue;
    if (!IsNumberText(v.value)) return false;
    any_number = true;
  }
  return any_number;
}

// What a column's values are, when its declared type says less: a SQLite
// column declared without a type, or declared text but holding only numbers
// ("age" stored as VARCHAR), is read by its values.
DataType EffectiveType(const ColumnSchema& column, DataType declared) {
  if (declared == DataType::kText && IsNumericText(column)) return DataType::kNumber;
  if (declared != DataType::kOther) return declared;
  if (AllValues(column, [](const std::string& v) { return IsNumberText(v); })) {
    return DataType::kNumber;
  }
  if (AllValues(column, [](const std::string& v) { return IsIsoDateText(v); })) {
    return DataType::kDate;
  }
  return DataType::kText;
}

bool IsNearlyUnique(const ColumnSchema& column, const TableSchema& table) {
  return column.distinct_count >= 0 && table.row_count > 1 &&
         column.distinct_count * 10 >= table.row_count * 9;
}

bool IsKeyByName(const ColumnSchema& column, const Words& words, const ColumnContext& context) {
  if (words.empty()) return false;
  const std::string squeezed = Squeeze(column.name);
  for (const std::string& stem : *context.table_stems) {
    if (squeezed == stem + "id") return true;
  }
  if (Has(kStrongKeyEndings, words.back())) return true;
  if (!Has(kWeakKeyEndings, words.back()) || AnyIn(words, kPhoneWords) ||
      AnyIn(words, kPostalWords)) {
    return false;
  }
  // code, number: an identifier unless its values are a small set of categories.
  if (column.distinct_count < 0 || context.table->row_count < 0) return true;
  return IsNearlyUnique(column, *context.table);
}

// A key is an identifier, except a text key with a plain name (a
// "country" column that refers to a countries table by name) that is not its
// own table's primary key: people filter and group by it, so the text rules
// decide it.
bool IsIdentifier(const ColumnSchema& column, const Words& words, DataType type,
                  const ColumnContext& context) {
  if (IsKeyByName(column, words, context)) return true;
  if (!context.key) return false;
  const std::vector<std::string>& primary_key = context.table->primary_key;
  const bool own_key = primary_key.size() == 1 && ToLower(primary_key[0]) == ToLower(column.name);
  const bool key_name = !words.empty() && (Has(kStrongKeyEndings, words.back()) ||
                                           Has(kWeakKeyEndings, words.back()));
  return type != DataType::kText || own_key || key_name;
}

double AverageValueLength(const ColumnSchema& column) {
  if (column.top_values.empty()) return 0;
  size_t total = 0;
  for (const auto& value : column.top_values) total += value.value.size();
  return static_cast<double>(total) / static_cast<double>(column.top_values.size());
}

bool IsYear(const Words& words) {
  return (Has(words, "year") || Has(words, "yr")) && !AnyIn(words, kCountWords) &&
         !Has(words, "total");
}

bool IsPercentLike(const ColumnSchema& column, const Words& words) {
  const bool money_rate = Has(words, "rate") && AnyIn(words, kMoneyRateWords);
  if (AnyIn(words, kPercentWords) && !money_rate && !Has(words, "exchange")) return true;
  if (!Has(words, "discount")) return false;
  // A discount is a rate when its values are fractions: at most one digit
  // before the point, or values between 0 and 1.
  const bool small_decimal =
      column.type.id == TypeId::kDecimal && column.type.precision - column.type.scale <= 1;
  const bool fractions = AllValues(column, [](const std::string& v) {
    const std::optional<double> number = NumberOf(v);
    return number && *number >= 0 && *number <= 1;
  });
  return small_decimal || fractions;
}

Aggregation MeasureAggregation(const Words& words, ValueFormat format) {
  if (AnyIn(words, kRunningTotalMarkers)) return Aggregation::kMax;
  if (AnyIn(words, kSumMarkers)) return Aggregation::kSum;
  if (AnyIn(words, kAvgMarkers)) return Aggregation::kAvg;
  if (AnyIn(words, kNonAdditiveWords)) return Aggregation::kAvg;
  if (AnyIn(words, kAdditiveWords)) return Aggregation::kSum;
  if (format == ValueFormat::kPercent) return Aggregation::kAvg;
  return Aggregation::kSum;
}

ValueFormat MeasureFormat(const ColumnSchema& column, const Words& words, DataType type) {
  if (AnyIn(words, kCountWords)) return ValueFormat::kCount;
  if (IsPercentLike(column, words)) return ValueFormat::kPercent;
  if (AnyIn(words, kMoneyWords) || Has(words, "discount")) return ValueFormat::kCurrency;
  // "employees", "visitors": an integer named by a plural noun counts things.
  if (type == DataType::kInteger && !words.empty() && Singular(words.back()) != words.back()) {
    return ValueFormat::kCount;
  }
  return ValueFormat::kPlain;
}

void ClassifyNumber(const ColumnSchema& column, const Words& words, const ColumnContext& context,
                    DataType type, ColumnModel* out) {
  const bool flag_name = (!words.empty() && Has(kFlagLeads, words.front())) || Has(words, "flag");
  if (flag_name && type == DataType::kInteger) {
    out->role = ColumnRole::kFlag;
    return;
  }
  if (IsYear(words)) {
    out->role = ColumnRole::kDimension;
    out->format = ValueFormat::kYear;
    return;
  }
  const bool named_measure = AnyIn(words, kAdditiveWords) || AnyIn(words, kNonAdditiveWords);
  // With value statistics: a handful of values over many rows is a category.
  const bool few_values =
      column.distinct_count >= 0 && column.distinct_count <= 12 &&
      context.table->row_count >= 20 * std::max<int64_t>(column.distinct_count, 1);
  if ((!words.empty() && Has(kCategoricalNumbers, words.back())) ||
      (few_values && !named_measure)) {
    out->role = ColumnRole::kDimension;
    return;
  }
  out->role = ColumnRole::kMeasure;
  out->format = MeasureFormat(column, words, type);
  out->default_aggregation = MeasureAggregation(words, out->format);
  if (out->format == ValueFormat::kPlain && type == DataType::kInteger &&
      out->default_aggregation == Aggregation::kSum) {
    out->format = ValueFormat::kCount;
  }
}

void ClassifyText(const ColumnSchema& column, const Words& words, const ColumnContext& context,
                  ColumnModel* out) {
  const bool date_values = AllValues(column, [](const std::string& v) { return IsIsoDateText(v); });
  const bool date_name = Has(words, "date") || Has(words, "datetime") || Has(words, "timestamp");
  const bool named = !words.empty() && Has(kNameWords, words.back());
  if (LooksBooleanPair(column)) {
    out->role = ColumnRole::kFlag;
  } else if (!named && (AnyIn(words, kTextWords) || AnyIn(words, kPhoneWords) ||
                        AverageValueLength(column) > 40)) {
    out->role = ColumnRole::kText;
  } else if (named || AnyIn(words, kNameWords) || Squeeze(column.name).ends_with("name") ||
             Squeeze(column.name) == TableStem(context.table->name)) {
    out->role = ColumnRole::kName;
  } else if (date_values || (date_name && column.top_values.empty())) {
    out->role = ColumnRole::kTime;
  } else {
    out->role = ColumnRole::kDimension;
  }
}

// The values of a text column small enough to list, most frequent first.
std::vector<std::string> Dictionary(const ColumnSchema& column, const ColumnModel& model,
                                    int64_t max_values) {
  std::vector<std::string> values;
  if (model.role == ColumnRole::kText || model.role == ColumnRole::kTime) return values;
  const bool small = column.distinct_count >= 0
                         ? column.distinct_count <= max_values
                         : static_cast<int64_t>(column.top_values.size()) < max_values;
  if (!small) return values;
  for (const auto& value : column.top_values) {
    if (static_cast<int64_t>(values.size()) >= max_values) break;
    values.push_back(value.value);
  }
  return values;
}

}  // namespace

std::string TableStem(std::string_view table) {
  return Squeeze(Singular(JoinWords(IdentifierWords(table))));
}

// The words of a column's name without trailing numbers ("code2" is a code).
Words NameWords(std::string_view name) {
  Words words = IdentifierWords(name);
  while (words.size() > 1 && std::isdigit(static_cast<unsigned char>(words.back()[0]))) {
    words.pop_back();
  }
  return words;
}

ColumnModel ClassifyColumn(const ColumnSchema& column, const ColumnContext& context) {
  ColumnModel out;
  out.name = column.name;
  out.type = DataTypeOf(column.type.id);
  out.distinct_count = column.distinct_count;
  const Words words = NameWords(column.name);
  const DataType type = EffectiveType(column, out.type);
  if (type == DataType::kNumber && out.type == DataType::kText) out.type = type;
  if (IsIdentifier(column, words, type, context)) {
    const bool name_like = type == DataType::kText && AnyIn(words, kNameWords) &&
                           !Has(kStrongKeyEndings, words.back());
    out.role = name_like ? ColumnRole::kName : ColumnRole::kIdentifier;
    out.format = name_like ? ValueFormat::kPlain : ValueFormat::kIdentifier;
  } else if (type == DataType::kBoolean) {
    out.role = ColumnRole::kFlag;
  } else if (IsTemporal(type)) {
    out.role = ColumnRole::kTime;
  } else if (IsNumber(type)) {
    ClassifyNumber(column, words, context, type, &out);
  } else if (type == DataType::kText) {
    ClassifyText(column, words, context, &out);
  } else {
    out.role = ColumnRole::kDimension;  // time of day
  }
  if (type == DataType::kText) out.values = Dictionary(column, out, context.max_dictionary_values);
  return out;
}

}  // namespace scry::semantic
