#!/usr/bin/env bash
# The README's first command: set up, build, generate the demo warehouse on the
# first run (10 million order lines), then query it in SQL and in plain English.
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

# The same kind of questions in plain English. The demo data ends on the day it
# was generated, which is today only on the first run, so relative dates ("last
# quarter") are read against the data's last day. A clarifying question is an
# answer too: `scry ask` exits 0 on it.
LAST_DAY="$("$SCRY" sql --warehouse "$WAREHOUSE" --format csv "SELECT max(order_date) FROM orders" | tail -n 1)"
ask() {
  echo
  echo "\$ scry ask --today $LAST_DAY \"$1\""
  "$SCRY" ask --warehouse "$WAREHOUSE" --today "$LAST_DAY" "$1"
}
ask "revenue by store region last quarter"
ask "top 5 products by revenue last year"
ask "revenue by region last quarter"

echo
echo "Try: $SCRY chat --warehouse $WAREHOUSE --today $LAST_DAY"
echo "     (follow-ups such as \"only online\" or \"by month instead\"; a number answers a choice; 'new' starts afresh)"
echo " or: $SCRY sql --warehouse $WAREHOUSE \"SELECT ...\"   (or: $SCRY --help)"
echo
echo "In a browser (the web UI, built into web/dist by scripts/build.sh):"
echo "     $SCRY user add you@example.com --role admin --password '…' --set store.path=$ROOT/scry-data/scry.db"
echo "     $SCRY serve --warehouse $WAREHOUSE --listen 127.0.0.1:8080 --set store.path=$ROOT/scry-data/scry.db \\"
echo "       --set web_root=$ROOT/web/dist --set today=$LAST_DAY"
echo "     then open http://127.0.0.1:8080/"
