#!/usr/bin/env bash
# ssh_tui_pg: the ssh_tui scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
. "$(dirname "$0")/lib.sh" && e2e_on_pg ssh_tui
