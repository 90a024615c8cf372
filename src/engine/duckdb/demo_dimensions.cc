// Demo warehouse dimensions: customers, products and stores. See demo_sql.h.
#include <fmt/format.h>

#include <string>

#include "engine/duckdb/demo_sql.h"
#include "engine/duckdb/demo_vocabulary.h"

namespace scry::engine::demo {
namespace {

constexpr int64_t kProducts = 2000;
constexpr int64_t kStores = 200;
// Share of the physical stores that are wholesale clubs.
constexpr double kWholesaleShare = 0.15;

// demo_geo: the cities with their cumulative weight `lo` in [0, 1), so that a
// uniform u picks a city in proportion to its weight with
// `ASOF JOIN demo_geo g ON u >= g.lo`.
std::string GeoTableSql() {
  std::string values;
  int idx = 0;
  for (const City& city : Cities()) {
    if (idx > 0) values += ",\n";
    values += fmt::format("({}, {}, {}, {}, {})", idx++, Quote(city.region), Quote(city.country),
                          Quote(city.city), city.weight);
  }
  return fmt::format(R"sql(
CREATE TEMP TABLE demo_geo AS
SELECT idx, region, country, city,
       (sum(weight) OVER (ORDER BY idx ROWS UNBOUNDED PRECEDING) - weight) / sum(weight) OVER () AS lo
FROM (VALUES {}) t(idx, region, country, city, weight);
)sql",
                     values);
}

// Customer ids ascend with signup date, so "the customers who had signed up by
// day d" is always a prefix 1..n of the ids (orders rely on this). A quarter
// signed up evenly over the three years before the history starts; the rest
// over the five years, at a rate that grows like the order volume (inverse of
// the exponential growth's cumulative distribution).
std::string SignupDateSql(const DemoPlan& plan) {
  const int64_t existing = std::max<int64_t>(1, plan.customers / 4);
  const int64_t joining = plan.customers - existing;
  const double years = static_cast<double>(plan.days) / 365.25;
  return fmt::format(
      "CASE WHEN c < {existing} THEN DATE '{start}' - 1096 + floor(c * 1096.0 / "
      "{existing})::INTEGER"
      " ELSE least(DATE '{end}', DATE '{start}' + floor(ln(1 + ((c - {existing} + 0.5) / {joining})"
      " * (exp({g} * {years}) - 1)) / {g} * 365.25)::INTEGER) END",
      fmt::arg("existing", existing), fmt::arg("joining", std::max<int64_t>(joining, 1)),
      fmt::arg("start", plan.start), fmt::arg("end", plan.end), fmt::arg("g", kGrowthRate),
      fmt::arg("years", years));
}

std::string CustomersSql(const DemoPlan& plan) {
  const Choice segments[] = {{"'Consumer'", 72}, {"'Small Business'", 17}, {"'Corporate'", 11}};
  const char* const domains[] = {"example.com", "example.net", "example.org"};
  return fmt::format(
      R"sql(
INSERT INTO customers
SELECT customer_id,
       CASE WHEN segment = 'Consumer' THEN first_name || ' ' || last_name
            ELSE stem || ' ' || trade || ' ' || suffix END,
       CASE WHEN segment = 'Consumer'
            THEN lower(first_name || '.' || last_name) || '.' || customer_id || '@' || domain
            ELSE 'accounts.' || customer_id || '@' || lower(stem || trade) || '.example.com' END,
       segment, g.country, g.region, g.city, signup_date
FROM (SELECT range + 1 AS customer_id, {u_geo} AS u_geo, {segment} AS segment,
             {first} AS first_name, {last} AS last_name, {stem} AS stem, {trade} AS trade,
             {suffix} AS suffix, {domain} AS domain, {signup} AS signup_date
      FROM (SELECT range, range AS c FROM range({customers}))) c
ASOF JOIN demo_geo g ON c.u_geo >= g.lo
ORDER BY customer_id;
)sql",
      fmt::arg("u_geo", Uniform(plan, "range", 11)),
      fmt::arg("segment", WeightedCase(Uniform(plan, "range", 12), segments)),
      fmt::arg("first", PickFrom(FirstNames(), Uniform(plan, "range", 13))),
      fmt::arg("last", PickFrom(LastNames(), Uniform(plan, "range", 14))),
      fmt::arg("stem", PickFrom(CompanyStems(), Uniform(plan, "range", 15))),
      fmt::arg("trade", PickFrom(CompanyTrades(), Uniform(plan, "range", 16))),
      fmt::arg("suffix", PickFrom(CompanySuffixes(), Uniform(plan, "range", 17))),
      fmt::arg("domain", PickFrom(domains, Uniform(plan, "range", 18))),
      fmt::arg("signup", SignupDateSql(plan)), fmt::arg("customers", plan.customers));
}

// demo_subcategories: one row per subcategory with the word lists of its
// category, numbered 0..n-1 so a product picks one uniformly.
std::string SubcategoryTableSql(int* count) {
  std::string values;
  int idx = 0;
  for (const Category& category : Categories()) {
    for (const Subcategory& sub : category.subcategories) {
      if (idx > 0) values += ",\n";
      values += fmt::format("({}, {}, {}, {}, {}, {}, {}, {}, {})", idx++, Quote(category.name),
                            Quote(sub.name), ListOf(sub.nouns), sub.min_price, sub.max_price,
                            ListOf(category.brands), ListOf(category.adjectives),
                            ListOf(category.variants));
    }
  }
  *count = idx;
  return fmt::format(R"sql(
CREATE TEMP TABLE demo_subcategories AS
SELECT * FROM (VALUES {})
  t(idx, category, subcategory, nouns, min_price, max_price, brands, adjectives, variants);
)sql",
                     values);
}

// Prices are log-uniform within the subcategory's range and end in .99, in
// steps that grow with the price (9.99, 149.99, 1,249.99). Costs are 40-75 %
// of the list price.
std::string ProductsSql(const DemoPlan& plan, int subcategories) {
  return fmt::format(
      R"sql(
INSERT INTO products
SELECT product_id,
       brand || ' ' || adjectives[1 + floor(u_adj * len(adjectives))::BIGINT] || ' '
         || nouns[1 + floor(u_noun * len(nouns))::BIGINT] || ', '
         || variants[1 + floor(u_variant * len(variants))::BIGINT],
       category, subcategory, brand, list_price,
       round(list_price * (0.40 + 0.35 * u_cost), 2)::DECIMAL(10,2)
FROM (SELECT p.*, s.*, brands[1 + floor(u_brand * len(brands))::BIGINT] AS brand,
             (CASE WHEN raw < 100 THEN ceil(raw) WHEN raw < 1000 THEN ceil(raw / 5) * 5
                   ELSE ceil(raw / 50) * 50 END - 0.01)::DECIMAL(10,2) AS list_price
      FROM (SELECT range + 1 AS product_id, floor({u_sub} * {subcategories})::BIGINT AS sub_idx,
                   {u_price} AS u_price, {u_brand} AS u_brand, {u_adj} AS u_adj,
                   {u_noun} AS u_noun, {u_variant} AS u_variant, {u_cost} AS u_cost
            FROM range({products})) p
      JOIN demo_subcategories s ON s.idx = p.sub_idx,
      LATERAL (SELECT exp(ln(min_price) + u_price * (ln(max_price) - ln(min_price))) AS raw))
ORDER BY product_id;
)sql",
      fmt::arg("u_sub", Uniform(plan, "range", 20)),
      fmt::arg("u_price", Uniform(plan, "range", 21)),
      fmt::arg("u_brand", Uniform(plan, "range", 22)),
      fmt::arg("u_adj", Uniform(plan, "range", 23)), fmt::arg("u_noun", Uniform(plan, "range", 24)),
      fmt::arg("u_variant", Uniform(plan, "range", 25)),
      fmt::arg("u_cost", Uniform(plan, "range", 26)), fmt::arg("subcategories", subcategories),
      fmt::arg("products", kProducts));
}

// demo_product_rank: products in order of popularity (a seeded permutation);
// order items pick a rank from a Zipf-like distribution.
std::string ProductRankSql(const DemoPlan& plan) {
  return fmt::format(R"sql(
CREATE TEMP TABLE demo_product_rank AS
SELECT row_number() OVER (ORDER BY {u}, product_id) AS rank, product_id, list_price, unit_cost
FROM products;
)sql",
                     fmt::arg("u", Uniform(plan, "product_id", 27)));
}

// Stores: one online store per country (its first listed city is the head
// office), one retail store in each region's largest city so every region has
// a shop, and the rest spread over the cities by weight.
std::string StoreStageSql(const DemoPlan& plan) {
  return fmt::format(
      R"sql(
CREATE TEMP TABLE demo_countries AS
SELECT country, min(region) AS region, arg_min(city, idx) AS head_office,
       row_number() OVER (ORDER BY min(idx)) AS country_no
FROM demo_geo GROUP BY country;
CREATE TEMP TABLE demo_store_stage AS
SELECT country_no AS store_id, 'Online' AS channel, country, region, head_office AS city
FROM demo_countries
UNION ALL
SELECT n.countries + row_number() OVER (ORDER BY min(idx)), 'Retail', arg_min(country, idx), region,
       arg_min(city, idx)
FROM demo_geo, (SELECT count(*) AS countries FROM demo_countries) n
GROUP BY region, n.countries
UNION ALL
SELECT s.store_id, CASE WHEN {u_channel} < {wholesale} THEN 'Wholesale' ELSE 'Retail' END,
       g.country, g.region, g.city
FROM (SELECT range + 1 AS store_id, {u_city} AS u
      FROM range((SELECT count(*) FROM demo_countries) + 4, {stores})) s
ASOF JOIN demo_geo g ON s.u >= g.lo;
)sql",
      fmt::arg("u_channel", Uniform(plan, "s.store_id", 31)),
      fmt::arg("u_city", Uniform(plan, "range", 30)), fmt::arg("wholesale", kWholesaleShare),
      fmt::arg("stores", kStores));
}

// Retail stores of one city are told apart by a site name ("Boston Riverside"),
// numbered once the site names run out.
std::string StoresSql(const DemoPlan& plan) {
  const size_t sites = StoreSites().size();
  return fmt::format(
      R"sql(
INSERT INTO stores
SELECT store_id,
       CASE channel
         WHEN 'Online' THEN country || ' Online Store'
         WHEN 'Wholesale' THEN city || ' Wholesale Club' || CASE WHEN n > 1 THEN ' ' || n ELSE '' END
         ELSE city || ' ' || {sites}[1 + (n - 1) % {site_count}]
              || CASE WHEN n > {site_count} THEN ' ' || (1 + (n - 1) // {site_count}) ELSE '' END
       END,
       channel, country, region, city,
       DATE '{start}' - (180 + floor({u_open} * 3650))::INTEGER
FROM (SELECT *, row_number() OVER (PARTITION BY city, channel ORDER BY store_id) AS n
      FROM demo_store_stage)
ORDER BY store_id;
CREATE TEMP TABLE demo_physical AS
SELECT country, store_id, channel,
       row_number() OVER (PARTITION BY country ORDER BY store_id) - 1 AS idx
FROM stores WHERE channel <> 'Online';
CREATE TEMP TABLE demo_country_stores AS
SELECT s.country, s.store_id AS online_store_id,
       (SELECT count(*) FROM demo_physical p WHERE p.country = s.country) AS n_physical
FROM stores s WHERE s.channel = 'Online';
)sql",
      fmt::arg("sites", ListOf(StoreSites())), fmt::arg("site_count", sites),
      fmt::arg("start", plan.start), fmt::arg("u_open", Uniform(plan, "store_id", 32)));
}

}  // namespace

Status GenerateCustomers(DuckDbWriter& writer, const DemoPlan& plan) {
  RETURN_IF_ERROR(RunStep(writer, "cities", GeoTableSql()));
  return RunStep(writer, "customers", CustomersSql(plan));
}

Status GenerateProducts(DuckDbWriter& writer, const DemoPlan& plan) {
  int subcategories = 0;
  RETURN_IF_ERROR(RunStep(writer, "subcategories", SubcategoryTableSql(&subcategories)));
  RETURN_IF_ERROR(RunStep(writer, "products", ProductsSql(plan, subcategories)));
  return RunStep(writer, "product popularity", ProductRankSql(plan));
}

Status GenerateStores(DuckDbWriter& writer, const DemoPlan& plan) {
  RETURN_IF_ERROR(RunStep(writer, "store locations", StoreStageSql(plan)));
  return RunStep(writer, "stores", StoresSql(plan));
}

}  // namespace scry::engine::demo
