#include "eval/result_compare.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace scry::eval {
namespace {

using engine::Column;
using engine::ColumnInfo;
using engine::ResultSet;

// A test value: null, integer, double or text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

// Builds a result whose column types are given; rows hold matching values.
ResultSet Result(const std::vector<TypeId>& types, const std::vector<std::vector<Value>>& rows) {
  std::vector<ColumnInfo> infos;
  engine::Chunk chunk;
  for (size_t c = 0; c < types.size(); ++c) {
    ColumnType type =
        types[c] == TypeId::kDecimal ? ColumnType::Decimal(10, 2) : ColumnType::Of(types[c]);
    infos.push_back({std::string(1, static_cast<char>('a' + c)), type});
    chunk.columns.emplace_back(type);
  }
  for (const auto& row : rows) {
    for (size_t c = 0; c < types.size(); ++c) {
      Column& column = chunk.columns[c];
      const Value& value = row[c];
      if (std::holds_alternative<std::monostate>(value)) {
        column.AppendNull();
      } else if (types[c] == TypeId::kDecimal) {
        column.AppendInt128(static_cast<engine::Int128>(std::get<int64_t>(value)));
      } else if (const auto* i = std::get_if<int64_t>(&value)) {
        column.AppendInt64(*i);
      } else if (const auto* d = std::get_if<double>(&value)) {
        column.AppendDouble(*d);
      } else {
        column.AppendText(std::get<std::string>(value));
      }
    }
  }
  ResultSet result(infos);
  result.AppendRows(chunk, 0, chunk.row_count());
  return result;
}

Comparison Compare(const ResultSet& gold, const ResultSet& predicted, bool ordered = false) {
  CompareOptions options;
  options.ordered = ordered;
  return CompareResults(gold, predicted, options);
}

constexpr TypeId kInt = TypeId::kInteger;
constexpr TypeId kDbl = TypeId::kDouble;
constexpr TypeId kTxt = TypeId::kText;

TEST(ResultCompareTest, SameRowsInAnotherOrderAreEqualWhenUnordered) {
  const ResultSet gold = Result({kTxt, kInt}, {{"a", int64_t{1}}, {"b", int64_t{2}}});
  const ResultSet predicted = Result({kTxt, kInt}, {{"b", int64_t{2}}, {"a", int64_t{1}}});
  EXPECT_TRUE(Compare(gold, predicted).equal);
}

TEST(ResultCompareTest, OrderMattersWhenGoldIsOrdered) {
  const ResultSet gold = Result({kTxt}, {{"a"}, {"b"}});
  const ResultSet predicted = Result({kTxt}, {{"b"}, {"a"}});
  const Comparison comparison = Compare(gold, predicted, /*ordered=*/true);
  EXPECT_FALSE(comparison.equal);
  EXPECT_EQ(comparison.difference, "row 1: gold (a) vs predicted (b)");
  EXPECT_TRUE(Compare(gold, Result({kTxt}, {{"a"}, {"b"}}), true).equal);
}

TEST(ResultCompareTest, DuplicatesCountAsAMultiset) {
  const ResultSet gold = Result({kTxt}, {{"a"}, {"a"}, {"b"}});
  EXPECT_FALSE(Compare(gold, Result({kTxt}, {{"a"}, {"b"}, {"b"}})).equal);
  EXPECT_FALSE(Compare(gold, Result({kTxt}, {{"a"}, {"b"}})).equal);
  EXPECT_TRUE(Compare(gold, Result({kTxt}, {{"b"}, {"a"}, {"a"}})).equal);
}

TEST(ResultCompareTest, NumbersCompareWithRelativeTolerance) {
  const ResultSet gold = Result({kDbl}, {{1000000.0}});
  EXPECT_TRUE(Compare(gold, Result({kDbl}, {{1000000.5}})).equal);
  EXPECT_FALSE(Compare(gold, Result({kDbl}, {{1000002.0}})).equal);
  EXPECT_TRUE(Compare(Result({kDbl}, {{0.0}}), Result({kDbl}, {{1e-17}})).equal);
}

TEST(ResultCompareTest, IntegersDoublesAndDecimalsCompareNumerically) {
  EXPECT_TRUE(Compare(Result({kInt}, {{int64_t{1}}}), Result({kDbl}, {{1.0}})).equal);
  // DECIMAL(10,2) with unscaled 150 is 1.50.
  EXPECT_TRUE(Compare(Result({TypeId::kDecimal}, {{int64_t{150}}}), Result({kDbl}, {{1.5}})).equal);
  EXPECT_FALSE(Compare(Result({kInt}, {{int64_t{1}}}), Result({kDbl}, {{1.1}})).equal);
}

TEST(ResultCompareTest, TextComparesExactly) {
  EXPECT_FALSE(Compare(Result({kTxt}, {{"Paris"}}), Result({kTxt}, {{"paris"}})).equal);
  EXPECT_FALSE(Compare(Result({kTxt}, {{"1.0"}}), Result({kTxt}, {{"1"}})).equal);
  EXPECT_FALSE(Compare(Result({kTxt}, {{"abc"}}), Result({kInt}, {{int64_t{1}}})).equal);
}

TEST(ResultCompareTest, NumericTextMatchesTheNumber) {
  // An engine may type a column mixing numbers and text as text.
  EXPECT_TRUE(Compare(Result({kTxt}, {{"5"}}), Result({kInt}, {{int64_t{5}}})).equal);
}

TEST(ResultCompareTest, NullEqualsNullOnly) {
  const ResultSet gold = Result({kTxt, kInt}, {{"a", Value{}}});
  EXPECT_TRUE(Compare(gold, Result({kTxt, kInt}, {{"a", Value{}}})).equal);
  EXPECT_FALSE(Compare(gold, Result({kTxt, kInt}, {{"a", int64_t{0}}})).equal);
  EXPECT_FALSE(Compare(gold, Result({kTxt, kTxt}, {{"a", ""}})).equal);
}

TEST(ResultCompareTest, ColumnOrderMattersColumnNamesDoNot) {
  const ResultSet gold = Result({kTxt, kInt}, {{"a", int64_t{1}}});
  const Comparison swapped = Compare(gold, Result({kInt, kTxt}, {{int64_t{1}, "a"}}));
  EXPECT_FALSE(swapped.equal);
  EXPECT_EQ(swapped.difference, "gold row (a, 1) is missing");
  // Result() names columns a, b; other names change nothing.
  engine::Chunk chunk;
  chunk.columns = {gold.column(0), gold.column(1)};
  ResultSet renamed({{"name", gold.columns()[0].type}, {"count", gold.columns()[1].type}});
  renamed.AppendRows(chunk, 0, chunk.row_count());
  EXPECT_TRUE(Compare(gold, renamed).equal);
}

TEST(ResultCompareTest, DifferentShapesAreExplained) {
  const ResultSet gold = Result({kTxt}, {{"a"}, {"b"}});
  EXPECT_EQ(Compare(gold, Result({kTxt, kTxt}, {{"a", "b"}})).difference,
            "gold has 1 columns, predicted 2");
  EXPECT_EQ(Compare(gold, Result({kTxt}, {{"a"}})).difference,
            "gold 2 rows, predicted 1; first gold row (a); first predicted row (a)");
  EXPECT_EQ(Compare(gold, Result({kTxt}, {{"a"}, {"c"}})).difference, "gold row (b) is missing");
}

TEST(ResultCompareTest, TwoEmptyResultsAgree) {
  EXPECT_TRUE(Compare(Result({kTxt}, {}), Result({kInt, kInt}, {})).equal);
  EXPECT_FALSE(Compare(Result({kTxt}, {}), Result({kTxt}, {{"a"}})).equal);
}

TEST(ResultCompareTest, RowsWithinToleranceMatchEvenWhenSortingSeparatesThem) {
  // Sorted by number first, the text columns disagree; matching settles it.
  const ResultSet gold = Result({kDbl, kTxt}, {{1.0, "b"}, {1.0000000001, "a"}});
  const ResultSet predicted = Result({kDbl, kTxt}, {{1.0000000001, "b"}, {1.0, "a"}});
  EXPECT_TRUE(Compare(gold, predicted).equal);
}

}  // namespace
}  // namespace scry::eval
