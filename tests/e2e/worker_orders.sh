#!/usr/bin/env bash
# worker_orders: the worker runs the order timers on real orders. seed-demo makes a
# delivered order, one clearing and one in progress; their timers are moved into the
# past (as if the days had gone by), jishid's worker must then auto-accept the first,
# clear the second and mark the third late, with the ledger still proving out.
. "$(dirname "$0")/lib.sh"
e2e_init
"$JISHICTL" --db "$E2E_DB" migrate >/dev/null || fail "migrate"
"$JISHICTL" --db "$E2E_DB" seed-demo >/dev/null || fail "seed-demo"

wait_for() {
	local secs=$1 i; shift
	for i in $(seq $((secs * 10))); do "$@" && return 0; sleep 0.1; done
	return 1
}
# demo_order KEY -> id of the demo order seeded under that key
demo_order() { sql "SELECT id FROM orders WHERE idem_key LIKE 'u:%:demo:$1'"; }
balance() {  # balance HANDLE PURPOSE
	sql "SELECT a.balance FROM ledger_accounts a JOIN users u ON u.id = a.owner_id
	     WHERE a.owner_type = 'user' AND u.handle = '$1' AND a.purpose = '$2'"
}

delivered=$(demo_order delivered)
clearing=$(demo_order completed)
working=$(demo_order working)
[ -n "$delivered" ] && [ -n "$clearing" ] && [ -n "$working" ] || fail "demo orders missing"
[ "$(sql "SELECT state FROM orders WHERE id = $delivered")" = delivered ] || fail "not delivered"

now=$(date +%s)
past=$((now - 60))
# Days pass: the delivery's auto-accept time, the clearing period, the due date.
sql "UPDATE orders SET auto_accept_at = $past WHERE id = $delivered"
sql "UPDATE orders SET pending_since = $((now - 15 * 86400)) WHERE id = $clearing"
sql "UPDATE orders SET due_at = $past WHERE id = $working"
for k in "$delivered:auto_accept" "$clearing:clear" "$working:late"; do
	n=$(sql "SELECT count(*) FROM jobs WHERE unique_key = 'order:$k' AND state = 'queued'")
	[ "$n" = 1 ] || fail "no queued job order:$k"
	sql "UPDATE jobs SET run_at = $past WHERE unique_key = 'order:$k'"
done
escrow=$(sql "SELECT balance FROM ledger_accounts WHERE owner_type = 'order'
              AND owner_id = $delivered AND purpose = 'escrow'")
seller_pending=$(sql "SELECT seller_pending FROM orders WHERE id = $clearing")
seller=$(sql "SELECT u.handle FROM orders o JOIN users u ON u.id = o.seller_id
              WHERE o.id = $clearing")
avail_before=$(balance "$seller" available)

printf '[worker]\npoll_ms = 200\n' >"$E2E_DIR/jishi.conf"
start_server --config "$E2E_DIR/jishi.conf"
job_done() { [ "$(sql "SELECT state FROM jobs WHERE unique_key = 'order:$1'")" = done ]; }
for k in "$delivered:auto_accept" "$clearing:clear" "$working:late"; do
	wait_for 20 job_done "$k" || fail "job order:$k is not done"
done

[ "$(sql "SELECT state FROM orders WHERE id = $delivered")" = completed ] ||
	fail "delivered order not auto-accepted"
[ "$(sql "SELECT count(*) FROM order_events WHERE order_id = $delivered
          AND kind = 'auto_accept' AND actor_id IS NULL")" = 1 ] || fail "no auto_accept event"
[ "$(sql "SELECT balance FROM ledger_accounts WHERE owner_type = 'order'
          AND owner_id = $delivered AND purpose = 'escrow'")" = 0 ] || fail "escrow not released"
[ "$escrow" -gt 0 ] || fail "the delivered order held nothing in escrow"

[ "$(sql "SELECT seller_pending FROM orders WHERE id = $clearing")" = 0 ] ||
	fail "earnings not cleared"
[ "$(sql "SELECT cleared_at IS NOT NULL FROM orders WHERE id = $clearing")" = 1 ] ||
	[ "$(sql "SELECT cleared_at IS NOT NULL FROM orders WHERE id = $clearing")" = t ] ||
	fail "cleared_at not set"
[ "$(balance "$seller" available)" = $((avail_before + seller_pending)) ] ||
	fail "seller available $(balance "$seller" available), want $avail_before + $seller_pending"

late=$(sql "SELECT is_late FROM orders WHERE id = $working")
[ "$late" = 1 ] || fail "in-progress order past due not marked late"

# Running the same jobs again (a retry, another host) changes nothing.
for k in "$delivered:auto_accept" "$clearing:clear" "$working:late"; do
	sql "UPDATE jobs SET state = 'queued', run_at = $past WHERE unique_key = 'order:$k'"
done
for k in "$delivered:auto_accept" "$clearing:clear" "$working:late"; do
	wait_for 20 job_done "$k" || fail "second run of order:$k is not done"
done
[ "$(sql "SELECT count(*) FROM order_events WHERE order_id IN ($delivered, $clearing, $working)
          AND kind IN ('auto_accept', 'clear', 'mark_late') AND created_at >= $now")" = 3 ] ||
	fail "a timer acted twice"
out=$("$JISHICTL" --db "$E2E_DB" ledger-check 2>&1) || fail "ledger-check: $out"
echo "worker_orders: ok"
