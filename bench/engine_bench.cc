// Engine path benchmark: typical BI queries on the demo warehouse, run through
// the raw DuckDB C API (execute, fetch every chunk) and through scry's engine
// path (DuckDbEngine: locked-down connection, streamed chunks decoded into a
// ResultSet, encoded as JSON). Both run on the same file with the same thread
// count, interleaved, so machine noise hits both alike. Prints each query's
// median both ways and the ratio scry / raw.
//
//   engine_bench [--warehouse PATH] [--rows N] [--runs R] [--threads T]
//
// A missing warehouse is generated first (N order lines, default 10,000,000).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "engine/duckdb/duckdb_engine.h"
#include "engine/result_json.h"

namespace scry::bench {
namespace {

struct BenchQuery {
  const char* name;
  const char* sql;
};

// Questions a BI user asks of the demo warehouse, as the compiler would write them.
constexpr BenchQuery kQueries[] = {
    {"total revenue", "SELECT sum(revenue) AS revenue FROM order_items"},
    {"revenue by store region",
     "SELECT s.region, sum(oi.revenue) AS revenue FROM order_items oi "
     "JOIN orders o ON o.order_id = oi.order_id JOIN stores s ON s.store_id = o.store_id "
     "GROUP BY s.region ORDER BY revenue DESC"},
    {"monthly revenue",
     "SELECT date_trunc('month', o.order_date) AS month, sum(oi.revenue) AS revenue "
     "FROM order_items oi JOIN orders o ON o.order_id = oi.order_id GROUP BY 1 ORDER BY 1"},
    {"top 10 customers",
     "SELECT c.customer_name, sum(oi.revenue) AS revenue FROM order_items oi "
     "JOIN orders o ON o.order_id = oi.order_id JOIN customers c ON c.customer_id = o.customer_id "
     "GROUP BY c.customer_id, c.customer_name ORDER BY revenue DESC LIMIT 10"},
    {"revenue by category and year",
     "SELECT p.category, year(o.order_date) AS year, sum(oi.revenue) AS revenue, "
     "sum(oi.revenue - oi.cost) AS profit FROM order_items oi "
     "JOIN orders o ON o.order_id = oi.order_id JOIN products p ON p.product_id = oi.product_id "
     "GROUP BY ALL ORDER BY 1, 2"},
    {"orders by channel and status",
     "SELECT s.channel, o.status, count(*) AS orders FROM orders o "
     "JOIN stores s ON s.store_id = o.store_id GROUP BY ALL ORDER BY 1, 2"},
    {"average order value by segment",
     "SELECT c.segment, sum(oi.revenue) / count(DISTINCT o.order_id) AS avg_order_value "
     "FROM order_items oi JOIN orders o ON o.order_id = oi.order_id "
     "JOIN customers c ON c.customer_id = o.customer_id GROUP BY 1 ORDER BY 2 DESC"},
    {"daily revenue last year",
     "SELECT o.order_date, sum(oi.revenue) AS revenue FROM order_items oi "
     "JOIN orders o ON o.order_id = oi.order_id "
     "WHERE o.order_date > (SELECT max(order_date) FROM orders) - INTERVAL 1 YEAR "
     "GROUP BY 1 ORDER BY 1"},
    {"latest 1000 order lines",
     "SELECT o.order_date, o.order_id, oi.line_number, p.product_name, oi.quantity, "
     "oi.unit_price, oi.revenue FROM order_items oi JOIN orders o ON o.order_id = oi.order_id "
     "JOIN products p ON p.product_id = oi.product_id ORDER BY o.order_date DESC, o.order_id "
     "DESC, oi.line_number LIMIT 1000"},
};

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// scry's path: the engine interface, a collected ResultSet, its JSON.
StatusOr<int64_t> RunScry(engine::Connection& connection, const char* sql, size_t* json_bytes) {
  engine::CollectOptions collect;
  collect.max_rows = 10'000;
  ASSIGN_OR_RETURN(engine::ResultSet result, connection.Query(sql, {}, collect));
  *json_bytes = engine::ResultSetToJson(result).size();
  return result.total_rows();
}

Status RunBenchmark(const std::string& path, int64_t rows, int runs, int threads) {
  engine::DemoOptions demo;
  demo.rows = rows;
  demo.end_date = CivilDate{2025, 12, 31};
  RETURN_IF_ERROR(EnsureDemoWarehouse(path, demo, std::cerr));
  RawDuckDb raw;
  RETURN_IF_ERROR(raw.Open(path, threads));
  engine::DuckDbOptions options;
  options.path = path;
  options.threads = threads;
  ASSIGN_OR_RETURN(auto scry_engine, engine::DuckDbEngine::Open(options));
  ASSIGN_OR_RETURN(auto connection, scry_engine->Connect());

  std::cout << fmt::format("{:<32} {:>8} {:>11} {:>11} {:>7}\n", "query", "rows", "raw ms",
                           "scry ms", "ratio");
  double worst = 0;
  double log_sum = 0;
  for (const BenchQuery& query : kQueries) {
    std::vector<double> raw_times, scry_times;
    int64_t raw_rows = 0, scry_rows = 0;
    size_t json_bytes = 0;
    // One warm-up each, then alternate which path goes first to cancel drift.
    for (int i = -1; i < runs; ++i) {
      for (int side = 0; side < 2; ++side) {
        const bool raw_turn = (side == 0) == (i % 2 == 0);
        const auto start = std::chrono::steady_clock::now();
        if (raw_turn) {
          ASSIGN_OR_RETURN(raw_rows, raw.Run(query.sql));
        } else {
          ASSIGN_OR_RETURN(scry_rows, RunScry(*connection, query.sql, &json_bytes));
        }
        const double elapsed = Seconds(std::chrono::steady_clock::now() - start);
        if (i >= 0) (raw_turn ? raw_times : scry_times).push_back(elapsed);
      }
    }
    if (raw_rows != scry_rows) {
      return InternalError(
          fmt::format("'{}': raw returned {} rows, scry {}", query.name, raw_rows, scry_rows));
    }
    const double raw_ms = Median(raw_times) * 1000;
    const double scry_ms = Median(scry_times) * 1000;
    const double ratio = scry_ms / raw_ms;
    worst = std::max(worst, ratio);
    log_sum += std::log(ratio);
    std::cout << fmt::format("{:<32} {:>8} {:>11.2f} {:>11.2f} {:>7.3f}\n", query.name, raw_rows,
                             raw_ms, scry_ms, ratio);
  }
  const size_t n = std::size(kQueries);
  std::cout << fmt::format("geometric mean ratio {:.3f}, worst {:.3f} ({} runs each, median)\n",
                           std::exp(log_sum / n), worst, runs);
  return Status::Ok();
}

}  // namespace
}  // namespace scry::bench

int main(int argc, char** argv) {
  CLI::App app("Engine path benchmark: scry's DuckDB path against the raw C API");
  std::string warehouse = "scry-data/warehouse.duckdb";
  int64_t rows = 10'000'000;
  int runs = 9;
  int threads = 0;
  app.add_option("--warehouse", warehouse, "Demo warehouse (generated when missing)");
  app.add_option("--rows", rows, "Rows to generate when the warehouse is missing");
  app.add_option("--runs", runs, "Timed runs per query and path")->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "DuckDB threads (0: one per core)");
  CLI11_PARSE(app, argc, argv);
  scry::Status status = scry::bench::RunBenchmark(warehouse, rows, runs, threads);
  if (!status.ok()) {
    std::cerr << "engine_bench: " << status << '\n';
    return 1;
  }
  return 0;
}
