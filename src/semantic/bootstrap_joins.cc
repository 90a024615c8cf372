// Joins of a bootstrapped model.
//
// Declared foreign keys come first, each a many-to-one join from the
// referring table; it is one-to-one when its columns are the referring
// table's whole primary key (a table that extends another).
//
// A column no foreign key covers is inferred to refer to another table U
// when its name, ignoring case and separators, is:
//   (a) the name of U's key, and that name is key-like ("customer_id" in
//       orders and in customers), or
//   (b) U's singular or plural name followed by id/code/key/no/num/number
//       ("customer_id", "CustomerID" → customers.id),
// and the two columns hold comparable types. U's key is its single-column
// primary key or, without one, a column named "id" or "<U>_id". A table is
// never joined to itself this way, a column that is its table's whole key
// refers only to a table its name names (customer_details.customer_id →
// customers, a one-to-one join), tables a declared key already connects get no
// inferred join, and a column that could refer to two tables equally well
// refers to neither.
#include <algorithm>
#include <array>
#include <optional>

#include "semantic/bootstrap_internal.h"
#include "semantic/identifier_words.h"
#include "semantic/model_check_internal.h"
#include "semantic/type_rules.h"

namespace scry::semantic {
namespace {

constexpr std::array<std::string_view, 6> kKeySuffixes{"id", "code", "key", "no", "num", "number"};

const TableSchema* FindTable(const DatabaseSchema& schema, std::string_view name) {
  for (const TableSchema& table : schema.tables) {
    if (SameName(table.name, name)) return &table;
  }
  return nullptr;
}

bool SameSet(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return !a.empty() && a.size() == b.size() &&
         std::is_permutation(a.begin(), a.end(), b.begin(), b.end(), SameName);
}

bool KeyLike(const std::string& squeezed) {
  return std::any_of(kKeySuffixes.begin(), kKeySuffixes.end(),
                     [&](std::string_view suffix) { return squeezed.ends_with(suffix); });
}

std::vector<JoinModel> DeclaredJoins(const DatabaseSchema& schema) {
  std::vector<JoinModel> joins;
  for (const TableSchema& table : schema.tables) {
    for (const ForeignKey& key : table.foreign_keys) {
      const TableSchema* target = FindTable(schema, key.referenced_table);
      if (target == nullptr) continue;
      JoinModel join{table.name, key.columns, target->name, key.referenced_columns};
      if (join.to_columns.empty()) join.to_columns = target->primary_key;
      if (join.from_columns.empty() || join.from_columns.size() != join.to_columns.size()) continue;
      join.one_to_one = SameSet(key.columns, table.primary_key);
      const bool repeated = std::any_of(joins.begin(), joins.end(), [&](const JoinModel& other) {
        return SameName(other.from_table, join.from_table) &&
               SameName(other.to_table, join.to_table) &&
               SameSet(other.from_columns, join.from_columns) &&
               SameSet(other.to_columns, join.to_columns);
      });
      if (!repeated) joins.push_back(std::move(join));
    }
  }
  return joins;
}

// The column rows of `table` are referred to by, for inference.
const ColumnSchema* KeyOf(const TableSchema& table) {
  if (table.primary_key.size() == 1) {
    for (const ColumnSchema& column : table.columns) {
      if (SameName(column.name, table.primary_key[0])) return &column;
    }
    return nullptr;
  }
  if (!table.primary_key.empty()) return nullptr;
  const std::string stem = TableStem(table.name);
  for (const ColumnSchema& column : table.columns) {
    const std::string squeezed = Squeeze(column.name);
    if (squeezed == "id" || squeezed == stem + "id") return &column;
  }
  return nullptr;
}

bool Covered(const TableSchema& table, const ColumnSchema& column) {
  for (const ForeignKey& key : table.foreign_keys) {
    for (const std::string& name : key.columns) {
      if (SameName(name, column.name)) return true;
    }
  }
  return false;
}

bool Connected(const std::vector<JoinModel>& joins, std::string_view a, std::string_view b) {
  return std::any_of(joins.begin(), joins.end(), [&](const JoinModel& join) {
    return (SameName(join.from_table, a) && SameName(join.to_table, b)) ||
           (SameName(join.from_table, b) && SameName(join.to_table, a));
  });
}

// 2: the name says which table (a prefix of the column's name), 1: only the
// key's name matches, 0: no match.
int MatchScore(const TableSchema& from, const ColumnSchema& column, const TableSchema& target,
               const ColumnSchema& key) {
  const std::string squeezed = Squeeze(column.name);
  const std::string key_name = Squeeze(key.name);
  const std::string stem = TableStem(target.name);
  const std::string plural = Squeeze(target.name);
  const bool is_own_key =
      from.primary_key.size() == 1 && SameName(from.primary_key[0], column.name);
  const bool names_target = std::any_of(kKeySuffixes.begin(), kKeySuffixes.end(), [&](auto suffix) {
    return squeezed == stem + std::string(suffix) || squeezed == plural + std::string(suffix);
  });
  const bool same_key = squeezed == key_name && key_name != "id" && KeyLike(key_name);
  if (is_own_key) {
    // A table that extends another: its key names that table
    // (customer_details.customer_id → customers, or → customer.id).
    const bool owner = key_name.starts_with(stem) && !key_name.starts_with(TableStem(from.name));
    return names_target || (same_key && owner) ? 2 : 0;
  }
  if (names_target) return 2;
  if (same_key) return squeezed.starts_with(stem) ? 2 : 1;
  return 0;
}

std::optional<JoinModel> InferJoin(const DatabaseSchema& schema, const TableSchema& table,
                                   const ColumnSchema& column,
                                   const std::vector<JoinModel>& declared) {
  const TableSchema* best = nullptr;
  const ColumnSchema* best_key = nullptr;
  int best_score = 0;
  bool tie = false;
  for (const TableSchema& target : schema.tables) {
    if (SameName(target.name, table.name)) continue;
    const ColumnSchema* key = KeyOf(target);
    if (key == nullptr || !TypesCompatible(DataTypeOf(column.type.id), DataTypeOf(key->type.id))) {
      continue;
    }
    const int score = MatchScore(table, column, target, *key);
    if (score == 0 || score < best_score) continue;
    tie = score == best_score;
    best_score = score;
    best = &target;
    best_key = key;
  }
  if (best == nullptr || tie || Connected(declared, table.name, best->name)) return std::nullopt;
  JoinModel join{table.name, {column.name}, best->name, {best_key->name}, JoinSource::kInferred};
  join.one_to_one = SameSet(join.from_columns, table.primary_key);
  return join;
}

}  // namespace

std::vector<JoinModel> BuildJoins(const DatabaseSchema& schema, bool infer) {
  std::vector<JoinModel> joins = DeclaredJoins(schema);
  if (!infer) return joins;
  const std::vector<JoinModel> declared = joins;
  for (const TableSchema& table : schema.tables) {
    for (const ColumnSchema& column : table.columns) {
      if (Covered(table, column)) continue;
      std::optional<JoinModel> join = InferJoin(schema, table, column, declared);
      if (join) joins.push_back(std::move(*join));
    }
  }
  return joins;
}

}  // namespace scry::semantic
