// The names of a query's result columns, which the UI shows as headers.
//
// - A label the query gives is used as is.
// - A plain column keeps its own name (no AS), unless two selected columns
//   share it: then each is named table_column (stores_region, customers_region).
// - A column truncated to a grain is named after the grain (month, week);
//   column_grain when two grains collide.
// - sum(x) is named x: the total of revenue is "revenue". Other aggregates are
//   named aggregation_column: avg_age, min_price, max_price, median_age,
//   count_email, count_distinct_customer_id (sum_distinct_x for sum(DISTINCT x)).
// - count(*) is "count"; count_table when two tables' rows are counted.
// - A metric is named after the metric.
// - A running total is cumulative_ and the name its aggregate would have
//   (cumulative_revenue, cumulative_count).
// - A name still taken gets _2, _3, ... Names compare case-insensitively, as SQL does.
//
// Internal to sql/. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "semantic/query.h"

namespace scry::sql {

struct OutputName {
  std::string name;    // empty for table.*
  bool alias = false;  // whether SQL must say AS name
};

std::vector<OutputName> OutputNames(const std::vector<semantic::SelectItem>& select);

}  // namespace scry::sql
