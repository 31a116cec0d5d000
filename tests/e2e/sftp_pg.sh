#!/usr/bin/env bash
# sftp_pg: the sftp scenario with jishid on PostgreSQL ($JISHI_TEST_PG).
. "$(dirname "$0")/lib.sh" && e2e_on_pg sftp
