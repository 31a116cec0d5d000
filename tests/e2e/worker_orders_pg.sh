#!/usr/bin/env bash
# worker_orders_pg: the worker-on-orders scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
. "$(dirname "$0")/lib.sh" && e2e_on_pg worker_orders
