#include "engine/duckdb/demo_sql.h"

#include <fmt/format.h>

namespace scry::engine::demo {
namespace {

// SplitMix64's finalizer: spreads seed and salt over all 64 bits.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string Uniform(const DemoPlan& plan, std::string_view key, int salt) {
  const uint64_t mixed = Mix(plan.seed ^ Mix(static_cast<uint64_t>(salt)));
  // The top 53 bits of the hash, scaled, give an exact double in [0, 1).
  return fmt::format("((hash(xor(({})::UBIGINT, {}::UBIGINT)) >> 11) / 9007199254740992.0)", key,
                     mixed);
}

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string ListOf(std::span<const char* const> words) {
  std::string out = "[";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ", ";
    out += Quote(words[i]);
  }
  return out + "]";
}

std::string PickFrom(std::span<const char* const> words, std::string_view u) {
  return fmt::format("{}[1 + floor(({}) * {})::BIGINT]", ListOf(words), u, words.size());
}

std::string WeightedCase(std::string_view u, std::span<const Choice> choices) {
  double total = 0;
  for (const Choice& choice : choices) total += choice.weight;
  std::string out = "CASE";
  double cumulative = 0;
  for (size_t i = 0; i + 1 < choices.size(); ++i) {
    cumulative += choices[i].weight;
    out += fmt::format(" WHEN ({}) < {} THEN {}", u, cumulative / total, choices[i].sql);
  }
  return out + fmt::format(" ELSE {} END", choices.back().sql);
}

Status RunStep(DuckDbWriter& writer, std::string_view step, std::string_view sql) {
  return writer.Execute(sql).WithContext(fmt::format("demo warehouse: {}", step));
}

}  // namespace scry::engine::demo
