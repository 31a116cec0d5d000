#!/usr/bin/env bash
# ssh_limits: a root-started jishid drops to an unprivileged user; the per-account session
# cap and the idle time-out (with its warning) from the configuration file.
. "$(dirname "$0")/lib.sh"
e2e_init
chmod 755 "$E2E_DIR"        # the dropped-to user must reach its data dir
"$JISHICTL" --db "$E2E_DB" migrate >/dev/null && "$JISHICTL" --db "$E2E_DB" seed-demo >/dev/null ||
	fail "seed"
cat >"$E2E_DIR/jishi.conf" <<CONF
# written by tests/e2e/ssh_limits.sh
[session]
max_per_account = 1
idle_timeout = 4
CONF
user_opt=()
if [ "$(id -u)" -eq 0 ]; then user_opt=(--user nobody); fi
start_server --config "$E2E_DIR/jishi.conf" "${user_opt[@]}"

newkey kz
addkey kz zhangwei
t_start a 100 30 "$(sshcmd kz)"
t_wait a "张伟" 10

# Privileges: every process of the session runs as the configured user.
if [ "$(id -u)" -eq 0 ]; then
	grep -q "dropped privileges user=nobody" "$E2E_DIR/jishid.log" || fail "no privilege drop"
	for p in $E2E_PID $(jishid_descendants); do
		[ "$(ps -o user= -p "$p" | tr -d ' ')" = nobody ] || fail "pid $p is not nobody"
	done
	[ "$(stat -c %U "$E2E_DIR/data/jishi.db")" = nobody ] || fail "store not handed over"
fi

# The cap: a second session of the same account is turned away with a message.
out=$(timeout 20 script -qc "$(sshcmd kz)" /dev/null 2>&1 </dev/null)
echo "$out" | grep -q "Too many open sessions" || fail "second session not refused: $out"
t_wait a "张伟"              # the first one is untouched

# Idle: a warning, then the session ends by itself, and the slot is free again.
t_wait a "无操作|Idle" 6
t_wait a "__EXIT=" 10
grep -q "reason=idle\|tui ended: idle" "$E2E_DIR/jishid.log" || fail "idle end not logged"
t_stop a
t_start b 100 30 "$(sshcmd kz)"
t_wait b "张伟" 10
echo "ssh_limits: ok"
