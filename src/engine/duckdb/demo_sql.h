// Internal to the demo warehouse generator: the plan every generation step
// shares, and helpers that render SQL fragments (literals, hash-based
// pseudo-random numbers, weighted choices). Not part of the engine's API.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"
#include "engine/duckdb/duckdb_writer.h"

namespace scry::engine::demo {

// Sizes and dates of one generation run, derived from DemoOptions.
struct DemoPlan {
  int64_t rows = 0;       // order_items rows, exactly
  int64_t customers = 0;  // rows / 100
  uint64_t seed = 0;
  std::string start;        // first day of history, 'YYYY-MM-DD'
  std::string end;          // last day of history
  std::string first_month;  // first day of the month of `start`
  std::string last_day;     // last day of the month of `end`
  int64_t days = 0;         // days from start to end, both included
};

// Yearly growth of order volume (continuous rate; e^0.2 ≈ +22 % a year).
inline constexpr double kGrowthRate = 0.20;
// Yearly price inflation: list prices are today's, older sales were cheaper.
inline constexpr double kInflationRate = 0.03;

// A value (an SQL expression) and its relative weight in a weighted choice.
struct Choice {
  std::string_view sql;
  double weight;
};

// An SQL expression for a uniform double in [0, 1) determined by the integer
// expression `key`, the plan's seed and `salt`. Each salt gives an independent
// stream: the salt and seed are mixed into a 64-bit key in C++ and combined
// with `key` by XOR before DuckDB's hash, because hash(key, seed, salt) barely
// changes when only its last argument does. Unlike random(), the result does
// not depend on thread scheduling.
std::string Uniform(const DemoPlan& plan, std::string_view key, int salt);

// `text` as an SQL string literal ('it''s').
std::string Quote(std::string_view text);

// The words as an SQL list literal: ['a', 'b'].
std::string ListOf(std::span<const char* const> words);

// An SQL expression picking one of `words` uniformly by the uniform `u`.
std::string PickFrom(std::span<const char* const> words, std::string_view u);

// A CASE expression choosing among `choices` in proportion to their weights
// by the uniform `u`.
std::string WeightedCase(std::string_view u, std::span<const Choice> choices);

// Runs one step's SQL, naming the step in the error.
Status RunStep(DuckDbWriter& writer, std::string_view step, std::string_view sql);

// The generation steps, in the order demo_data.cc runs them. Each fills its
// tables with INSERT ... SELECT and may leave TEMP tables (prefixed demo_) for
// later steps; the driver drops those.
Status GenerateCustomers(DuckDbWriter& writer, const DemoPlan& plan);
Status GenerateProducts(DuckDbWriter& writer, const DemoPlan& plan);
Status GenerateStores(DuckDbWriter& writer, const DemoPlan& plan);
Status GenerateCalendar(DuckDbWriter& writer, const DemoPlan& plan);
Status GenerateOrders(DuckDbWriter& writer, const DemoPlan& plan);
Status GenerateOrderItems(DuckDbWriter& writer, const DemoPlan& plan);
Status GenerateSalesTargets(DuckDbWriter& writer, const DemoPlan& plan);

}  // namespace scry::engine::demo
