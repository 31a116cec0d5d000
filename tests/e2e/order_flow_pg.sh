#!/usr/bin/env bash
# order_flow_pg: the order_flow scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
set -u
[ -n "${JISHI_TEST_PG:-}" ] || { echo "JISHI_TEST_PG not set: skipped"; exit 0; }
db=jishi_orderflow_$$
psql -qX "$JISHI_TEST_PG" -c "CREATE DATABASE $db" >/dev/null || exit 1
trap 'psql -qX "$JISHI_TEST_PG" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
# Same server, database name swapped in the URL.
base=${JISHI_TEST_PG%%\?*}
query=${JISHI_TEST_PG#"$base"}
E2E_DB="${base%/*}/$db$query" bash "$(dirname "$0")/order_flow.sh"
