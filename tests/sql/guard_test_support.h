// Shared by the guard tests: the retail warehouse policy and one Guard for
// the whole binary (opening DuckDB per test would dominate the run time).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>

#include "sql/guard.h"

namespace scry::sql::guard_testing {

// The tables a question may read. "secrets" and "salaries" exist in the test
// warehouse but are not on the list.
inline GuardPolicy RetailPolicy() {
  GuardPolicy policy;
  policy.allowed_tables = {"customers",   "products",      "stores",     "orders",
                           "order_items", "sales_targets", "main.singer"};
  return policy;
}

inline const Guard& SharedGuard() {
  static const std::unique_ptr<Guard> guard = [] {
    StatusOr<std::unique_ptr<Guard>> created = Guard::Create();
    if (!created.ok()) {
      ADD_FAILURE() << created.status();
      std::abort();
    }
    return std::move(created).value();
  }();
  return *guard;
}

inline std::string Lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// gtest parameter names allow only [A-Za-z0-9_].
template <typename Case>
std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  return std::string(info.param.name);
}

}  // namespace scry::sql::guard_testing
