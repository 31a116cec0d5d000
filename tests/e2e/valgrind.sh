#!/usr/bin/env bash
# valgrind: jishid's long-running processes (master, session child, UI child) under
# memcheck through a sign-up, settings, a resize, an exec request and a shutdown:
# no memory errors and nothing definitely or indirectly lost in any of them.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 0; }
e2e_init
"$JISHICTL" --db "$E2E_DB" migrate >/dev/null || fail "migrate"
# A ready ed25519 host key: generating RSA under valgrind takes many seconds.
ssh-keygen -q -t ed25519 -N '' -f "$E2E_DIR/data/hostkey" || fail "host key"
E2E_PORT=$(free_port)
valgrind --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --trace-children=yes \
	--log-file="$E2E_DIR/vg.%p.log" \
	"$JISHID" --foreground --listen "127.0.0.1:$E2E_PORT" --data "$E2E_DIR/data" \
	--db "$E2E_DB" --host-key "$E2E_DIR/data/hostkey" >"$E2E_DIR/jishid.log" 2>&1 &
E2E_PID=$!
for _ in $(seq 120); do grep -q listening "$E2E_DIR/jishid.log" 2>/dev/null && break; sleep 0.25; done
grep -q listening "$E2E_DIR/jishid.log" || fail "jishid under valgrind did not start"

newkey k1
t_start v 100 30 "$(sshcmd k1)"
t_wait v "欢迎来到集市" 30
t_keys v Enter
t_wait v "创建你的账户" 15
t_type v "vgtester"
t_wait v "可用" 15
t_keys v Tab; t_type v "测试"
t_keys v Tab Tab Tab Tab Tab Tab Enter
t_wait v "@vgtester" 30
t_keys v s; t_wait v "设置" 15
t_resize v 120 40; t_wait_wide v 110 15
t_keys v Escape; sleep 1
t_keys v q
t_wait v "__EXIT=" 30
out=$(timeout 60 $(sshcmd k1) whoami 2>&1) || fail "whoami: $out"
[ "$out" = vgtester ] || fail "whoami said: $out"
kill -TERM "$E2E_PID"
for _ in $(seq 120); do kill -0 "$E2E_PID" 2>/dev/null || break; sleep 0.25; done
E2E_PID=""
n=$(ls "$E2E_DIR"/vg.*.log | wc -l)
[ "$n" -ge 4 ] || fail "expected logs of master, 2 sessions and a UI, got $n"
for f in "$E2E_DIR"/vg.*.log; do
	grep -q "ERROR SUMMARY: 0 errors" "$f" || { cat "$f" >&2; fail "memory errors in $f"; }
	if grep -qE "(definitely|indirectly) lost: [1-9]" "$f"; then
		cat "$f" >&2; fail "leak in $f"
	fi
done
echo "valgrind: $n processes clean"
