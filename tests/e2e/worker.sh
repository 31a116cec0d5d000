#!/usr/bin/env bash
# worker: jishid's job worker child: a due job of a real kind runs, a killed worker is
# restarted by the master, SIGTERM stops it with nothing left; jishictl worker --once.
. "$(dirname "$0")/lib.sh"
e2e_init
cat >"$E2E_DIR/jishi.conf" <<CONF
[worker]
poll_ms = 200
price_order_secs = 120
CONF
start_server --config "$E2E_DIR/jishi.conf"

# wait_for SECONDS CMD...: until CMD succeeds
wait_for() {
	local secs=$1 i; shift
	for i in $(seq $((secs * 10))); do "$@" && return 0; sleep 0.1; done
	return 1
}
job_state() { sql "SELECT state FROM jobs WHERE unique_key = '$1'"; }
job_is() { [ "$(job_state "$1")" = "$2" ]; }

# The worker child runs (after the migrations) and has seeded the periodic refresh.
wait_for 10 worker_pid >/dev/null || fail "no worker child"
w1=$(worker_pid)
[ "$(ps -o ppid= -p "$w1" | tr -d ' ')" = "$E2E_PID" ] || fail "worker is not jishid's child"
wait_for 10 grep -q "job kind=trending.refresh id=.* outcome=done" "$E2E_DIR/jishid.log" ||
	fail "seeded trending refresh never ran"
[ "$(job_state trending.refresh)" = queued ] || fail "trending refresh not re-scheduled"
next=$(sql "SELECT run_at - $(date +%s) FROM jobs WHERE unique_key = 'trending.refresh'")
[ "$next" -ge 590 ] && [ "$next" -le 600 ] || fail "next refresh in ${next}s, want ~600"

# PostgreSQL: the price order check of gig_search_price was seeded too, ran (an empty
# table has no statistics: nothing to rewrite) and waits price_order_secs; SQLite has no
# such job.
case $E2E_DB in
postgres*)
	wait_for 10 grep -q "job kind=search.price_order id=.* outcome=done" \
		"$E2E_DIR/jishid.log" || fail "seeded price order check never ran"
	[ "$(job_state search.price_order)" = queued ] || fail "price order check not re-scheduled"
	next=$(sql "SELECT run_at - $(date +%s) FROM jobs WHERE unique_key = 'search.price_order'")
	[ "$next" -ge 110 ] && [ "$next" -le 120 ] || fail "next check in ${next}s, want ~120" ;;
*)
	[ -z "$(job_state search.price_order)" ] || fail "price order check seeded on SQLite" ;;
esac

# jishictl search --price-order: the same rewrite at once, beside the running server
# (PostgreSQL), or a plain answer (SQLite); an extra argument is a usage error.
out=$("$JISHICTL" --db "$E2E_DB" search --price-order 2>&1) || fail "search --price-order: $out"
case $E2E_DB in
postgres*) want="rewritten in price order" ;;
*) want="nothing to reorder" ;;
esac
echo "$out" | grep -q "$want" || fail "search --price-order said: $out"
"$JISHICTL" --db "$E2E_DB" search --price-order x >/dev/null 2>&1
[ $? -eq 2 ] || fail "search --price-order x is not a usage error"

# A setting out of range is refused with its name, before anything runs.
printf '[worker]\nprice_order_secs = 5\n' >"$E2E_DIR/bad.conf"
out=$("$JISHICTL" --config "$E2E_DIR/bad.conf" --db "$E2E_DB" worker --once 2>&1) &&
	fail "price_order_secs = 5 accepted"
echo "$out" | grep -q "price_order_secs" || fail "bad price_order_secs not named: $out"

# A due job of a real kind, inserted from outside: done within a poll or two.
sql "INSERT INTO jobs (kind, payload, unique_key) VALUES ('trending.refresh', '', 'e2e-1')"
wait_for 10 job_is e2e-1 done || fail "job e2e-1 is $(job_state e2e-1)"
grep -q "job kind=trending.refresh id=.* attempt=1 ms=[0-9]* outcome=done" \
	"$E2E_DIR/jishid.log" || fail "no log line for the job"

# An unknown kind fails, is logged and waits for its retry; nothing crashes.
sql "INSERT INTO jobs (kind, payload, unique_key) VALUES ('e2e.nosuch', '1', 'e2e-2')"
wait_for 10 grep -q 'kind=e2e.nosuch .*outcome=retry error="unknown job kind"' \
	"$E2E_DIR/jishid.log" || fail "unknown kind not retried"
[ "$(job_state e2e-2)" = queued ] || fail "e2e-2 is $(job_state e2e-2)"

# SIGKILL the worker: the master logs it and starts a new one.
kill -9 "$w1"
wait_for 10 grep -q "worker died pid=$w1 signal=9" "$E2E_DIR/jishid.log" || fail "death not logged"
wait_for 10 sh -c "pgrep -P $E2E_PID -x jishid-worker | grep -qvx $w1" ||
	fail "worker not restarted"
w2=$(worker_pid)
sql "INSERT INTO jobs (kind, payload, unique_key) VALUES ('trending.refresh', '', 'e2e-3')"
wait_for 10 job_is e2e-3 done || fail "restarted worker ran nothing"
[ "$(session_children)" -eq 0 ] || fail "the worker counts as a session: $(session_pids)"

# SIGTERM to jishid: the worker is stopped and waited for; nothing is left.
kill -TERM "$E2E_PID"
wait_for 15 sh -c "! kill -0 $E2E_PID 2>/dev/null" || fail "jishid did not stop"
wait "$E2E_PID" 2>/dev/null
kill -0 "$w2" 2>/dev/null && fail "worker $w2 left running"
grep -q "worker stopped pid=$w2 status=0" "$E2E_DIR/jishid.log" || fail "worker not stopped cleanly"
E2E_PID=""

# --no-worker: no child; jishictl worker --once runs what is due and exits. (run_at is
# explicit: PostgreSQL's default rounds now() to the nearest second, maybe 0.5 s ahead.)
start_server --no-worker
sleep 1
[ -z "$(worker_pid)" ] || fail "--no-worker started a worker"
sql "INSERT INTO jobs (kind, payload, unique_key, run_at)
     VALUES ('trending.refresh', '', 'e2e-4', $(($(date +%s) - 1)))"
out=$(timeout 30 "$JISHICTL" --db "$E2E_DB" worker --once 2>&1) || fail "worker --once: $out"
echo "$out" | grep -q "outcome=done" || fail "worker --once ran nothing: $out"
[ "$(job_state e2e-4)" = done ] || fail "e2e-4 is $(job_state e2e-4)"
echo "worker: ok"
