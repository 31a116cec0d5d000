#!/usr/bin/env bash
# order_more_pg: the order_more scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
. "$(dirname "$0")/lib.sh" && e2e_on_pg order_more
