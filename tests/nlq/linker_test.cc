// Linking words of a question to a model: names, synonyms, values, typos,
// and the competing readings a mention keeps.
#include "nlq/linker.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlq/schema_index.h"
#include "nlq/tokenizer.h"
#include "semantic/model.h"

namespace scry::nlq {
namespace {

using semantic::ColumnModel;
using semantic::ColumnRole;
using semantic::DataType;
using semantic::Model;
using semantic::TableModel;

ColumnModel Column(std::string name, std::string display, DataType type, ColumnRole role,
                   std::vector<std::string> values = {}) {
  ColumnModel column;
  column.name = std::move(name);
  column.display_name = std::move(display);
  column.type = type;
  column.role = role;
  column.values = std::move(values);
  return column;
}

// Stores and their orders; a city column with a long list of names.
Model ShopModel() {
  Model model;
  model.name = "shop";
  TableModel stores;
  stores.name = "stores";
  stores.display_name = "Stores";
  stores.name_column = "store_name";
  stores.columns = {
      Column("store_id", "Store id", DataType::kInteger, ColumnRole::kIdentifier),
      Column("store_name", "Store name", DataType::kText, ColumnRole::kName),
      Column("region", "Region", DataType::kText, ColumnRole::kDimension,
             {"Europe", "North America", "Asia"}),
  };
  std::vector<std::string> cities;
  for (int i = 0; i < 400; ++i) cities.push_back("Town" + std::to_string(i));
  cities.push_back("Spokane");
  stores.columns.push_back(
      Column("city", "City", DataType::kText, ColumnRole::kDimension, std::move(cities)));
  TableModel orders;
  orders.name = "orders";
  orders.display_name = "Orders";
  orders.columns = {
      Column("order_id", "Order id", DataType::kInteger, ColumnRole::kIdentifier),
      Column("store_id", "Store id", DataType::kInteger, ColumnRole::kIdentifier),
      Column("amount", "Amount", DataType::kNumber, ColumnRole::kMeasure),
  };
  model.tables = {stores, orders};
  return model;
}

class LinkerTest : public ::testing::Test {
 protected:
  LinkerTest() : model_(ShopModel()), index_(model_) {}

  std::vector<Mention> Link(std::string_view question) {
    tokens_ = Tokenize(Normalize(question));
    return LinkMentions(tokens_, index_, std::vector<bool>(tokens_.size(), false));
  }

  // What the best reading of the mention covering token `word` names.
  std::string BestAt(const std::vector<Mention>& mentions, const std::string& word) {
    for (const Mention& mention : mentions) {
      for (size_t t = mention.begin; t < mention.end; ++t) {
        if (tokens_[t].text != word) continue;
        const Entry& entry = index_.entries()[mention.best().entry];
        const TableModel& table = model_.tables[entry.table];
        switch (entry.kind) {
          case Entry::Kind::kTable:
            return "table " + table.name;
          case Entry::Kind::kColumn:
            return "column " + table.name + "." + table.columns[entry.column].name;
          case Entry::Kind::kValue:
            return "value " + entry.value;
          case Entry::Kind::kMetric:
            return "metric";
        }
      }
    }
    return "nothing";
  }

  Model model_;
  SchemaIndex index_;
  Tokens tokens_;
};

TEST_F(LinkerTest, NamesOfTablesAndColumns) {
  const auto mentions = Link("amount of orders by region");
  EXPECT_EQ(BestAt(mentions, "amount"), "column orders.amount");
  EXPECT_EQ(BestAt(mentions, "region"), "column stores.region");
}

TEST_F(LinkerTest, PluralsAndMultiWordNames) {
  const auto mentions = Link("list the store names");
  EXPECT_EQ(BestAt(mentions, "names"), "column stores.store_name");
}

TEST_F(LinkerTest, ValuesFromTheDictionary) {
  const auto mentions = Link("stores in north america");
  EXPECT_EQ(BestAt(mentions, "north"), "value North America");
}

TEST_F(LinkerTest, TyposInLongerWords) {
  const auto mentions = Link("ammount by regoin");
  EXPECT_EQ(BestAt(mentions, "ammount"), "column orders.amount");
  EXPECT_EQ(BestAt(mentions, "regoin"), "column stores.region");
}

TEST_F(LinkerTest, CategoriesKeepTypoToleranceForValues) {
  EXPECT_EQ(BestAt(Link("orders in europ"), "europ"), "value Europe");
}

TEST_F(LinkerTest, ALowerCaseWordIsNotANameItOnlyResembles) {
  // A long list of names: "spoken" is a word of the question, not Spokane.
  EXPECT_EQ(BestAt(Link("stores where english is spoken"), "spoken"), "nothing");
  // Typed as a name, it is the name.
  EXPECT_EQ(BestAt(Link("stores in Spokane"), "spokane"), "value Spokane");
}

TEST_F(LinkerTest, ShortWordsAreNotCorrected) {
  // "owned" is one letter from "town"-like words; short words are left alone.
  EXPECT_EQ(BestAt(Link("stores owned"), "owned"), "nothing");
}

TEST_F(LinkerTest, AmbiguousWordsKeepEveryReading) {
  const auto mentions = Link("store id");
  ASSERT_FALSE(mentions.empty());
  int columns = 0;
  for (const Candidate& candidate : mentions.front().candidates) {
    if (index_.entries()[candidate.entry].kind == Entry::Kind::kColumn && candidate.full) {
      ++columns;
    }
  }
  EXPECT_GE(columns, 2);  // stores.store_id and orders.store_id
}

TEST(BoundedEditDistanceTest, CountsEditsUpToTheCap) {
  EXPECT_EQ(BoundedEditDistance("region", "region", 1), 0);
  EXPECT_EQ(BoundedEditDistance("regoin", "region", 1), 1);  // transposition
  EXPECT_EQ(BoundedEditDistance("custmers", "customers", 1), 1);
  EXPECT_EQ(BoundedEditDistance("categroy", "category", 2), 1);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 3), 3);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 1), 2);  // cap + 1
  EXPECT_EQ(BoundedEditDistance("abc", "abcdef", 1), 2);
  EXPECT_EQ(BoundedEditDistance("", "", 1), 0);
  const std::string long_word(100, 'a');
  EXPECT_EQ(BoundedEditDistance(long_word, long_word + "b", 1), 1);
}

}  // namespace
}  // namespace scry::nlq
