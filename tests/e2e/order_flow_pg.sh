#!/usr/bin/env bash
# order_flow_pg: the order_flow scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
. "$(dirname "$0")/lib.sh" && e2e_on_pg order_flow
