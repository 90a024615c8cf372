// Demo warehouse facts: the calendar of order volume, orders, order items and
// sales targets. See demo_sql.h.
//
// How the volume gets its shape: every day of the history has a weight, the
// product of a growth curve (kGrowthRate a year), a month factor (December
// peak, February low), a weekday factor (weekends busy), holidays (Black
// Friday, Cyber Monday, the weeks before Christmas, quiet 25 December and
// 1 January) and ±10 % noise. The orders, numbered 0..O-1, are laid on the
// days by cumulative weight: day d gets the order numbers
// [floor(O·W(<d)/W), floor(O·W(≤d)/W)). So order ids ascend with dates and the
// fact tables are written in date order, which lets date filters skip row
// groups. The number of orders O follows from the line counts (PatternsSql):
// orders are taken until their lines add up to exactly `rows`.
#include <fmt/format.h>

#include <map>
#include <string>

#include "engine/duckdb/demo_sql.h"
#include "engine/duckdb/demo_vocabulary.h"

namespace scry::engine::demo {
namespace {

// Share of the orders placed online at the start of the history, rising to
// kOnlineShare + kOnlineRise at its end.
constexpr double kOnlineShare = 0.16;
constexpr double kOnlineRise = 0.18;
// Ways to write 10 as four parts of 1-6; see PatternsSql.
constexpr int kPatterns = 80;

// The line pattern of the block of four orders numbered `block`.
std::string PatternOfBlock(const DemoPlan& plan, std::string_view block) {
  return fmt::format("floor({} * {})::BIGINT", Uniform(plan, block, 40), kPatterns);
}

// Orders come in blocks of four holding exactly ten lines: each block takes
// one of the 80 ways to write 10 as four parts of 1-6. So an order has 1-6
// lines (1: 31 %, 2: 26 %, 3: 19 %, 4: 12.5 %, 5: 7.5 %, 6: 3.75 %), 2.5 on
// average, and the first line of order o is known without a running sum.
// demo_patterns holds per composition and position the lines k and the lines
// before (prefix); demo_order_count the number of orders whose lines start
// before `rows`.
std::string PatternsSql(const DemoPlan& plan) {
  return fmt::format(R"sql(
CREATE TEMP TABLE demo_patterns AS
WITH compositions AS (
  SELECT row_number() OVER (ORDER BY a.range, b.range, c.range) - 1 AS pattern,
         [a.range, b.range, c.range, 10 - a.range - b.range - c.range] AS parts
  FROM range(1, 7) a, range(1, 7) b, range(1, 7) c
  WHERE 10 - a.range - b.range - c.range BETWEEN 1 AND 6)
SELECT pattern, p.range AS pos, parts[p.range + 1] AS k,
       coalesce(list_sum(parts[1:p.range]), 0)::BIGINT AS prefix
FROM compositions, range(4) p;
CREATE TEMP TABLE demo_order_count AS
SELECT 4 * ({rows} // 10) + count(*) FILTER (WHERE prefix < {rows} % 10) AS n
FROM demo_patterns WHERE pattern = {pattern};
)sql",
                     fmt::arg("rows", plan.rows),
                     fmt::arg("pattern", PatternOfBlock(plan, std::to_string(plan.rows / 10))));
}

std::string HolidayFactorSql() {
  return R"sql(CASE
      WHEN month(day) = 11 AND isodow(day) = 5 AND day(day) BETWEEN 23 AND 29 THEN 2.6
      WHEN (month(day) = 11 AND isodow(day) = 1 AND day(day) >= 26)
        OR (month(day) = 12 AND isodow(day) = 1 AND day(day) <= 2) THEN 2.0
      WHEN month(day) = 12 AND day(day) = 24 THEN 0.8
      WHEN month(day) = 12 AND day(day) = 25 THEN 0.35
      WHEN month(day) = 12 AND day(day) = 26 THEN 1.4
      WHEN month(day) = 12 AND day(day) BETWEEN 10 AND 23 THEN 1.2
      WHEN month(day) = 1 AND day(day) = 1 THEN 0.45
      ELSE 1 END)sql";
}

// demo_weights covers whole months (targets need full-month weights);
// `value_weight` also counts price inflation, for targets in money. Weights
// are integers (millionths), so the sums over them are exact and do not
// depend on the order DuckDB adds them in: the same seed gives the same days.
std::string WeightsSql(const DemoPlan& plan) {
  return fmt::format(
      R"sql(
CREATE TEMP TABLE demo_weights AS
SELECT day, day BETWEEN DATE '{start}' AND DATE '{end}' AS in_window, w,
       round(w * exp(-{inflation} * (DATE '{end}' - day) / 365.25))::BIGINT AS value_weight
FROM (SELECT day,
             round(1000000 * exp({g} * (day - DATE '{start}') / 365.25)
             * [0.84, 0.78, 0.90, 0.92, 0.96, 0.94, 0.92, 0.97, 0.95, 1.00, 1.18, 1.45][month(day)]
             * [0.92, 0.90, 0.93, 0.98, 1.08, 1.22, 1.12][isodow(day)]
             * {holiday} * (0.9 + 0.2 * {noise}))::BIGINT AS w
      FROM (SELECT DATE '{first_month}' + range::INTEGER AS day
            FROM range(DATE '{last_day}' - DATE '{first_month}' + 1)));
)sql",
      fmt::arg("start", plan.start), fmt::arg("end", plan.end), fmt::arg("g", kGrowthRate),
      fmt::arg("inflation", kInflationRate), fmt::arg("holiday", HolidayFactorSql()),
      fmt::arg("noise", Uniform(plan, "day - DATE '1970-01-01'", 41)),
      fmt::arg("first_month", plan.first_month), fmt::arg("last_day", plan.last_day));
}

// demo_days: per day of the window, the order numbers [lo, hi) it holds and how
// many customers had signed up by then (customer ids 1..signed_up).
std::string DaysSql(const DemoPlan& plan) {
  return fmt::format(R"sql(
CREATE TEMP TABLE demo_days AS
WITH cumulative AS (
  SELECT day, sum(w) OVER (ORDER BY day ROWS UNBOUNDED PRECEDING) AS up_to, sum(w) OVER () AS total
  FROM demo_weights WHERE in_window),
bounds AS (
  SELECT day, (o.n * up_to // total)::BIGINT AS hi FROM cumulative, demo_order_count o),
signups AS (SELECT signup_date AS day, count(*) AS n FROM customers GROUP BY ALL)
SELECT b.day, b.day - DATE '{start}' AS day_index,
       coalesce(lag(b.hi) OVER (ORDER BY b.day), 0) AS lo, b.hi,
       (SELECT count(*) FROM customers WHERE signup_date < DATE '{start}')
         + sum(coalesce(s.n, 0)) OVER (ORDER BY b.day ROWS UNBOUNDED PRECEDING) AS signed_up
FROM bounds b LEFT JOIN signups s ON s.day = b.day
ORDER BY b.day;
)sql",
                     fmt::arg("start", plan.start), fmt::arg("end", plan.end));
}

// demo_slots lists the orders day by day first: a scan of it spreads the work
// below over all threads, while demo_days (a few thousand rows) would feed a
// single one. Each order picks three customers among those signed up and keeps the one
// with the highest (seeded) propensity, so some customers buy far more often
// than others. The store is in the customer's country: its online store (more
// often as the years pass, and always where the country has no shop), else
// one of its shops.
std::string OrderStageSql(const DemoPlan& plan) {
  return fmt::format(
      R"sql(
CREATE TEMP TABLE demo_slots AS
SELECT day, day_index, signed_up, unnest(range(lo, hi)) AS o FROM demo_days;
CREATE TEMP TABLE demo_order_stage AS
WITH lines AS (
  SELECT s.*, 10 * (o // 4) + pt.prefix AS first_item, least(pt.k, {rows} - 10 * (o // 4) - pt.prefix) AS k
  FROM demo_slots s JOIN demo_patterns pt ON pt.pattern = {pattern} AND pt.pos = o % 4),
candidates AS (
  SELECT o, day, day_index, first_item, k, 1 + floor({u1} * signed_up)::BIGINT AS c1,
         1 + floor({u2} * signed_up)::BIGINT AS c2, 1 + floor({u3} * signed_up)::BIGINT AS c3
  FROM lines),
chosen AS (
  SELECT o, day, day_index, first_item, k,
         CASE WHEN {p1} >= greatest({p2}, {p3}) THEN c1 WHEN {p2} >= {p3} THEN c2 ELSE c3 END
           AS customer_id
  FROM candidates)
SELECT ch.o, ch.day, ch.day_index, ch.customer_id,
       coalesce(p.store_id, cs.online_store_id) AS store_id,
       coalesce(p.channel, 'Online') AS channel, ch.k, ch.first_item
FROM chosen ch
JOIN customers cu ON cu.customer_id = ch.customer_id
JOIN demo_country_stores cs ON cs.country = cu.country
LEFT JOIN demo_physical p ON p.country = cu.country
  AND p.idx = CASE WHEN {u_online} < {online} + {rise} * ch.day_index / {days} THEN -1
                   ELSE floor({u_shop} * cs.n_physical)::BIGINT END
ORDER BY ch.o;
)sql",
      fmt::arg("rows", plan.rows), fmt::arg("pattern", PatternOfBlock(plan, "o // 4")),
      fmt::arg("u1", Uniform(plan, "o", 42)), fmt::arg("u2", Uniform(plan, "o", 43)),
      fmt::arg("u3", Uniform(plan, "o", 44)), fmt::arg("p1", Uniform(plan, "c1", 45)),
      fmt::arg("p2", Uniform(plan, "c2", 45)), fmt::arg("p3", Uniform(plan, "c3", 45)),
      fmt::arg("u_online", Uniform(plan, "ch.o", 46)),
      fmt::arg("u_shop", Uniform(plan, "ch.o", 47)), fmt::arg("online", kOnlineShare),
      fmt::arg("rise", kOnlineRise), fmt::arg("days", plan.days));
}

std::string PaymentSql(const DemoPlan& plan) {
  const Choice online[] = {{"'Credit Card'", 48},
                           {"'PayPal'", 25},
                           {"'Debit Card'", 17},
                           {"'Gift Card'", 5},
                           {"'Bank Transfer'", 5}};
  const Choice retail[] = {
      {"'Credit Card'", 42}, {"'Debit Card'", 33}, {"'Cash'", 20}, {"'Gift Card'", 5}};
  const Choice wholesale[] = {
      {"'Bank Transfer'", 55}, {"'Credit Card'", 30}, {"'Debit Card'", 10}, {"'Cash'", 5}};
  const std::string u = Uniform(plan, "o", 48);
  return fmt::format("CASE channel WHEN 'Online' THEN {} WHEN 'Wholesale' THEN {} ELSE {} END",
                     WeightedCase(u, online), WeightedCase(u, wholesale), WeightedCase(u, retail));
}

// About 4 % of orders come back (more online and after the holidays) and
// 1.5 % are cancelled.
std::string OrdersSql(const DemoPlan& plan) {
  return fmt::format(R"sql(
INSERT INTO orders
SELECT o + 1, day, customer_id, store_id,
       CASE WHEN u < returned THEN 'returned' WHEN u < returned + 0.015 THEN 'cancelled'
            ELSE 'completed' END,
       {payment}
FROM (SELECT *, {u} AS u,
             0.033 + CASE WHEN channel = 'Online' THEN 0.015 ELSE 0 END
                   + CASE WHEN month(day) IN (12, 1) THEN 0.015 ELSE 0 END AS returned
      FROM demo_order_stage);
)sql",
                     fmt::arg("payment", PaymentSql(plan)), fmt::arg("u", Uniform(plan, "o", 49)));
}

// Items pick products by a Zipf-like law over popularity ranks: the rank is
// floor(a·((P+a)/a)^u − a) + 1, log-uniform with an offset a = 8, so the top
// 10 % of products sell about half the units. Prices are the list price
// deflated to the order date, with channel pricing and ±3 % variation;
// discounts are mostly 0 and more frequent in November and December;
// wholesale quantities are six times larger.
std::string OrderItemsSql(const DemoPlan& plan) {
  const Choice quantity[] = {{"1", 62}, {"2", 22}, {"3", 9}, {"4", 4}, {"5", 2}, {"6", 1}};
  const Choice discount[] = {{"0.05", 2}, {"0.10", 3}, {"0.15", 2},
                             {"0.20", 2}, {"0.25", 1}, {"0.30", 1}};
  return fmt::format(
      R"sql(
INSERT INTO order_items
SELECT order_id, line_number, product_id, quantity, unit_price, discount,
       round(quantity * unit_price * (1 - discount), 2)::DECIMAL(12,2),
       round(quantity * unit_cost, 2)::DECIMAL(12,2)
FROM (
  SELECT s.o + 1 AS order_id, s.line::INTEGER AS line_number, p.product_id,
         ({quantity} * CASE WHEN s.channel = 'Wholesale' THEN 6 ELSE 1 END)::INTEGER AS quantity,
         round(p.list_price * s.price_level
               * CASE s.channel WHEN 'Online' THEN 0.97 WHEN 'Wholesale' THEN 0.88 ELSE 1.0 END
               * (0.97 + 0.06 * {u_price}), 2)::DECIMAL(10,2) AS unit_price,
         (CASE WHEN {u_discounted} < CASE WHEN month(s.day) IN (11, 12) THEN 0.45 ELSE 0.25 END
               THEN {discount} ELSE 0 END)::DECIMAL(4,3) AS discount,
         round(p.unit_cost * s.price_level, 2)::DECIMAL(10,2) AS unit_cost
  FROM (SELECT o, day, channel, first_item,
               exp(-{inflation} * (DATE '{end}' - day) / 365.25) AS price_level,
               unnest(range(1, k + 1)) AS line
        FROM demo_order_stage) s
  JOIN demo_product_rank p
    ON p.rank = least(2000, floor(8 * pow(2008 / 8, {u_rank}) - 8)::BIGINT + 1));
)sql",
      fmt::arg("quantity", WeightedCase(Uniform(plan, "s.first_item + s.line", 50), quantity)),
      fmt::arg("u_price", Uniform(plan, "s.first_item + s.line", 51)),
      fmt::arg("u_discounted", Uniform(plan, "s.first_item + s.line", 52)),
      fmt::arg("discount", WeightedCase(Uniform(plan, "s.first_item + s.line", 53), discount)),
      fmt::arg("u_rank", Uniform(plan, "s.first_item + s.line", 54)),
      fmt::arg("inflation", kInflationRate), fmt::arg("end", plan.end));
}

// Region shares of the business, from the city weights.
std::string RegionValuesSql() {
  std::map<std::string, std::pair<int, double>> regions;  // name -> (first index, weight)
  double total = 0;
  int idx = 0;
  for (const City& city : Cities()) {
    auto [it, inserted] = regions.try_emplace(city.region, idx, 0.0);
    it->second.second += city.weight;
    total += city.weight;
    ++idx;
  }
  std::string values;
  for (const auto& [name, value] : regions) {
    if (!values.empty()) values += ", ";
    values += fmt::format("({}, {}, {})", value.first, Quote(name), value.second / total);
  }
  return values;
}

// Targets are what the model expects for the whole month (also for the partial
// first and last month) in the region, ±6 %, rounded to hundreds: about half of
// the months beat them.
std::string SalesTargetsSql(const DemoPlan& plan) {
  return fmt::format(
      R"sql(
INSERT INTO sales_targets
WITH months AS (
  SELECT date_trunc('month', day)::DATE AS month, sum(value_weight) AS w
  FROM demo_weights GROUP BY ALL),
history AS (SELECT sum(value_weight) AS w FROM demo_weights WHERE in_window),
revenue AS (SELECT sum(revenue)::DOUBLE AS r FROM order_items),
regions AS (SELECT * FROM (VALUES {regions}) t(region_no, region, share))
SELECT m.month, g.region,
       (round(rv.r * m.w / h.w * g.share * (0.94 + 0.12 * {u}) / 100) * 100)::DECIMAL(14,2)
FROM months m, regions g, history h, revenue rv
ORDER BY m.month, g.region_no;
)sql",
      fmt::arg("regions", RegionValuesSql()),
      fmt::arg("u", Uniform(plan, "(m.month - DATE '1970-01-01') * 64 + g.region_no", 55)));
}

}  // namespace

Status GenerateCalendar(DuckDbWriter& writer, const DemoPlan& plan) {
  RETURN_IF_ERROR(RunStep(writer, "order lines", PatternsSql(plan)));
  RETURN_IF_ERROR(RunStep(writer, "day weights", WeightsSql(plan)));
  return RunStep(writer, "days", DaysSql(plan));
}

Status GenerateOrders(DuckDbWriter& writer, const DemoPlan& plan) {
  RETURN_IF_ERROR(RunStep(writer, "order staging", OrderStageSql(plan)));
  return RunStep(writer, "orders", OrdersSql(plan));
}

Status GenerateOrderItems(DuckDbWriter& writer, const DemoPlan& plan) {
  return RunStep(writer, "order items", OrderItemsSql(plan));
}

Status GenerateSalesTargets(DuckDbWriter& writer, const DemoPlan& plan) {
  return RunStep(writer, "sales targets", SalesTargetsSql(plan));
}

}  // namespace scry::engine::demo
