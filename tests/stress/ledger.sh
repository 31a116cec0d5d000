#!/usr/bin/env bash
# Ledger under concurrency (4 processes x 2,000 transfers, 50 accounts) and with a
# writer SIGKILLed at random points, on SQLite and on PostgreSQL ($JISHI_TEST_PG).
set -eu
cd "$(dirname "$0")/../.."
bin=build/tests/ledger_stress
stores=sqlite
if [ -n "${JISHI_TEST_PG:-}" ]; then stores="sqlite pg"; else
	echo "JISHI_TEST_PG not set: PostgreSQL stress skipped"; fi
for s in $stores; do
	"$bin" "$s" 4 2000 50
	"$bin" --kill 5 "$s" 4 2000 50
done
