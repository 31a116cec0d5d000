#!/usr/bin/env bash
# worker_pg: the worker scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
. "$(dirname "$0")/lib.sh" && e2e_on_pg worker
