// Word lists of the demo retail warehouse: places, people, companies and the
// product catalogue. Invented for scry (the places are real, their weights are
// not); demo_data.cc turns them into SQL literals. Plain constant data, safe to
// read from any thread.
#pragma once

#include <span>

namespace scry::engine::demo {

// A city where customers live and stores stand. `weight` is its share of
// customers and stores; the weights of a region add up to the region's share
// of the business (North America 40, Europe 30, Asia Pacific 20, Latin
// America 10). Cities of one country are listed together, the largest first.
struct City {
  const char* region;
  const char* country;
  const char* city;
  double weight;
};

// A subcategory of products: what its products are called and what they cost.
struct Subcategory {
  const char* name;
  std::span<const char* const> nouns;
  double min_price;
  double max_price;
};

// A product category with its brands, the adjectives and variants its product
// names are composed from, and its subcategories.
struct Category {
  const char* name;
  std::span<const char* const> brands;
  std::span<const char* const> adjectives;
  std::span<const char* const> variants;
  std::span<const Subcategory> subcategories;
};

std::span<const City> Cities();
std::span<const Category> Categories();
std::span<const char* const> FirstNames();
std::span<const char* const> LastNames();
// Company names are "<stem> <trade> <suffix>", e.g. "Granite Logistics Ltd".
std::span<const char* const> CompanyStems();
std::span<const char* const> CompanyTrades();
std::span<const char* const> CompanySuffixes();
// Suffixes that tell apart the retail stores of one city ("Boston Riverside").
std::span<const char* const> StoreSites();

}  // namespace scry::engine::demo
