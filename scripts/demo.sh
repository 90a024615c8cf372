#!/usr/bin/env bash
# The README's first command: set up, build, generate the demo warehouse on the
# first run (10 million order lines), and run scry on it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/build.sh"
SCRY="${SCRY_BUILD_DIR:-$ROOT/build}/bin/scry"
WAREHOUSE="${SCRY_WAREHOUSE:-$ROOT/scry-data/warehouse.duckdb}"

if [ ! -f "$WAREHOUSE" ]; then
  echo "Generating the demo warehouse (10,000,000 order lines) in $WAREHOUSE ..."
  "$SCRY" demo-data --warehouse "$WAREHOUSE" --rows "${SCRY_DEMO_ROWS:-10000000}"
fi

"$SCRY" tables --warehouse "$WAREHOUSE"
echo
echo "Revenue by store region over the last twelve months:"
"$SCRY" sql --warehouse "$WAREHOUSE" "
  SELECT s.region, sum(oi.revenue) AS revenue, count(DISTINCT o.order_id) AS orders
  FROM order_items oi JOIN orders o USING (order_id) JOIN stores s USING (store_id)
  WHERE o.order_date > (SELECT max(order_date) FROM orders) - INTERVAL 12 MONTH
    AND o.status = 'completed'
  GROUP BY s.region ORDER BY revenue DESC"
echo
echo "Try: $SCRY sql --warehouse $WAREHOUSE \"SELECT ...\"   (or: $SCRY --help)"
