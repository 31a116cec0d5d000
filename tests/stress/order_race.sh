#!/usr/bin/env bash
# Orders under races (accept vs auto-accept, cancel vs deliver, double pay, two admins on
# one dispute) and a session SIGKILLed mid-cycle, on SQLite and PostgreSQL
# ($JISHI_TEST_PG). ORDER_RACE_ROUNDS / ORDER_RACE_KILLS make it longer.
set -eu
cd "$(dirname "$0")/../.."
bin=build/tests/order_race
stores=sqlite
if [ -n "${JISHI_TEST_PG:-}" ]; then stores="sqlite pg"; else
	echo "JISHI_TEST_PG not set: PostgreSQL races skipped"; fi
for s in $stores; do
	"$bin" "$s" "${ORDER_RACE_ROUNDS:-10}" "${ORDER_RACE_KILLS:-10}"
done
