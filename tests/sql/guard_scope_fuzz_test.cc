// CTE scoping against DuckDB itself: random queries mix CTEs named like the
// allowed table, the forbidden table and nothing at all (plain, MATERIALIZED,
// RECURSIVE, nested, in set operations and subqueries). The oracle is a
// database holding only the allowed table: a query runs there exactly when
// every name it reads resolves to that table or to a CTE. So the guard must
// accept what runs there and refuse what fails for a missing table.
#include <duckdb.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sql/guard.h"
#include "sql/guard_test_support.h"

namespace scry::sql {
namespace {

using guard_testing::SharedGuard;

class QueryGenerator {
 public:
  explicit QueryGenerator(unsigned seed) : random_(seed) {}

  std::string Query(int depth) {
    if (depth > 0 && Chance(0.5)) return With(depth);
    return Body(depth);
  }

 private:
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(random_)];
  }

  // Braced lists evaluate in order, so one seed gives one corpus everywhere.
  static std::string Concat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view part : parts) out.append(part.data(), part.size());
    return out;
  }

  std::string Ref(int depth) {
    static const std::vector<std::string> kNames = {
        "orders", "secrets", "a", "b", "a", "Secrets", "\"B\"", "main.orders", "secrets"};
    if (depth > 0 && Chance(0.25)) {
      return Concat({"(", Query(depth - 1), ") AS s", std::to_string(counter_++)});
    }
    return Pick(kNames);
  }

  std::string Simple(int depth) {
    const std::string from = Ref(depth);
    if (depth > 0 && Chance(0.15)) {
      return Concat({"SELECT v FROM ", from, " WHERE v IN (", Query(depth - 1), ")"});
    }
    if (depth > 0 && Chance(0.1)) {
      return Concat({"SELECT v FROM ", from, " WHERE EXISTS (", Query(depth - 1), ")"});
    }
    return Concat({"SELECT v FROM ", from});
  }

  std::string Body(int depth) {
    if (depth > 0 && Chance(0.2)) return Concat({Simple(depth), " UNION ALL ", Simple(depth)});
    if (depth > 0 && Chance(0.1)) {
      return Concat({"(", Query(depth - 1), ") UNION ALL (", Query(depth - 1), ")"});
    }
    return Simple(depth);
  }

  // A recursive CTE's step always ends in WHERE false, so every query ends.
  std::string With(int depth) {
    static const std::vector<std::string> kCteNames = {"a", "b", "secrets", "orders"};
    const bool recursive = Chance(0.3);
    std::vector<std::string> names = kCteNames;
    std::shuffle(names.begin(), names.end(), random_);
    names.resize(std::uniform_int_distribution<size_t>(1, 3)(random_));
    std::string sql = recursive ? "WITH RECURSIVE " : "WITH ";
    for (size_t i = 0; i < names.size(); ++i) {
      std::string body = recursive ? Simple(depth - 1) : Body(depth - 1);
      if (recursive && Chance(0.5)) {
        body += " UNION ALL SELECT v FROM ";
        body += Chance(0.5) ? names[i] : Ref(0);
        body += " WHERE false";
      }
      if (i > 0) sql += ", ";
      sql += names[i];
      sql += Chance(0.3) ? " AS MATERIALIZED (" : " AS (";
      sql += body;
      sql += ")";
    }
    return sql + " " + Body(depth);
  }

  std::mt19937 random_;
  int counter_ = 0;
};

enum class Outcome { kRuns, kMissingTable, kOtherError };

class OracleDatabase {
 public:
  OracleDatabase() {
    duckdb_open(nullptr, &database_);
    duckdb_connect(database_, &connection_);
    Run("CREATE TABLE orders AS SELECT 'ok' AS v");
  }
  ~OracleDatabase() {
    duckdb_disconnect(&connection_);
    duckdb_close(&database_);
  }

  Outcome Run(const std::string& sql) {
    duckdb_result result;
    Outcome outcome = Outcome::kRuns;
    if (duckdb_query(connection_, sql.c_str(), &result) == DuckDBError) {
      const std::string error = duckdb_result_error(&result);
      outcome = error.find("does not exist") != std::string::npos ? Outcome::kMissingTable
                                                                  : Outcome::kOtherError;
    }
    duckdb_destroy_result(&result);
    return outcome;
  }

 private:
  duckdb_database database_ = nullptr;
  duckdb_connection connection_ = nullptr;
};

TEST(GuardScopeFuzzTest, AgreesWithDuckDbOnWhatIsATable) {
  GuardPolicy policy;
  policy.allowed_tables = {"orders"};
  OracleDatabase oracle;
  QueryGenerator generator(20240601);
  int accepted = 0;
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string sql = generator.Query(3);
    const bool ok = SharedGuard().Check(sql, policy).ok();
    switch (oracle.Run(sql)) {
      case Outcome::kRuns:
        EXPECT_TRUE(ok) << "refused, but reads only orders and CTEs:\n" << sql;
        break;
      case Outcome::kMissingTable:
        EXPECT_FALSE(ok) << "accepted, but reads a table other than orders:\n" << sql;
        break;
      case Outcome::kOtherError:
        break;  // Binder errors (a CTE used where it cannot be) say nothing either way.
    }
    (ok ? accepted : refused)++;
  }
  // Both sides of the comparison must be well exercised.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(refused, 100);
}

}  // namespace
}  // namespace scry::sql
