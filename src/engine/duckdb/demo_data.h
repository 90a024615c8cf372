// The demo retail warehouse: customers, products, stores, orders, order items
// and sales targets over five years, generated inside DuckDB with set-based
// SQL. Deterministic for a given seed, row count and end date.
//
// Its shape is believable: yearly growth, a December peak, weekday effects,
// long-tail product popularity, a regional mix and a few percent returns.
#pragma once

#include <cstdint>

#include "common/clock.h"
#include "common/status.h"
#include "engine/duckdb/duckdb_writer.h"

namespace scry::engine {

struct DemoOptions {
  int64_t rows = 10'000'000;  // order_items rows; orders ≈ rows / 2.5, customers ≈ rows / 100
  CivilDate end_date;         // last day of history; five years end here
  uint64_t seed = 42;
};

// Names of the tables the demo creates, in dependency order.
inline constexpr const char* kDemoTables[] = {"customers", "products",    "stores",
                                              "orders",    "order_items", "sales_targets"};

// Creates (replacing) the demo tables in one transaction. Fails with
// InvalidArgument for rows < 1000 or an end date before 1975.
Status GenerateDemoWarehouse(DuckDbWriter& writer, const DemoOptions& options);

}  // namespace scry::engine
