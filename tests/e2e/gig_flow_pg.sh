#!/usr/bin/env bash
# gig_flow_pg: the gig_flow scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
. "$(dirname "$0")/lib.sh" && e2e_on_pg gig_flow
