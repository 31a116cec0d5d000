# tests/e2e/lib.sh: shared by the end-to-end scripts. Starts a real jishid on a free port
# with its own data dir and store, and drives the real OpenSSH client inside tmux.
# Source it; call e2e_init first. Everything is torn down by the EXIT trap.
set -u
E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JISHID=$E2E_ROOT/build/jishid
JISHICTL=$E2E_ROOT/build/jishictl

e2e_init() {
	E2E_DIR=$(mktemp -d /tmp/jishi-e2e.XXXXXX)
	E2E_SOCK=$E2E_DIR/tmux.sock
	E2E_DB=${E2E_DB:-sqlite:$E2E_DIR/data/jishi.db}
	E2E_PID=""
	mkdir -p "$E2E_DIR/data" "$E2E_DIR/home"
	trap e2e_cleanup EXIT
}

# e2e_on_pg SCENARIO: run tests/e2e/SCENARIO.sh with jishid on a new database of the
# PostgreSQL server $JISHI_TEST_PG, dropped on exit (skipped when that is not set). The
# *_pg.sh wrappers are this one call; its status is the scenario's.
e2e_on_pg() {
	local base query
	[ -n "${JISHI_TEST_PG:-}" ] || { echo "JISHI_TEST_PG not set: skipped"; exit 0; }
	E2E_PG_DB=jishi_e2e_$1_$$
	psql -qX "$JISHI_TEST_PG" -c "CREATE DATABASE $E2E_PG_DB" >/dev/null || exit 1
	trap 'psql -qX "$JISHI_TEST_PG" -c "DROP DATABASE IF EXISTS $E2E_PG_DB WITH (FORCE)" \
		>/dev/null' EXIT
	# Same server, database name swapped in the URL.
	base=${JISHI_TEST_PG%%\?*}
	query=${JISHI_TEST_PG#"$base"}
	E2E_DB="${base%/*}/$E2E_PG_DB$query" bash "$E2E_ROOT/tests/e2e/$1.sh"
}

e2e_cleanup() {
	tmux -S "$E2E_SOCK" kill-server 2>/dev/null
	if [ -n "$E2E_PID" ]; then
		kill "$E2E_PID" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$E2E_PID" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$E2E_PID" 2>/dev/null
	fi
	rm -rf "$E2E_DIR"
}

fail() {
	echo "FAIL: $*" >&2
	if [ -f "$E2E_DIR/jishid.log" ]; then
		echo "--- jishid log (last 30 lines)" >&2
		tail -n 30 "$E2E_DIR/jishid.log" >&2
	fi
	exit 1
}

# A free TCP port on loopback.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_server() {
	E2E_PORT=$(free_port)
	"$JISHID" --foreground --listen "127.0.0.1:$E2E_PORT" --data "$E2E_DIR/data" \
		--db "$E2E_DB" "$@" >"$E2E_DIR/jishid.log" 2>&1 &
	E2E_PID=$!
	for _ in $(seq 100); do
		grep -q "listening" "$E2E_DIR/jishid.log" 2>/dev/null && return 0
		kill -0 "$E2E_PID" 2>/dev/null || fail "jishid exited at start"
		sleep 0.1
	done
	fail "jishid did not start"
}

# A fresh ed25519 key: newkey NAME -> $E2E_DIR/NAME (private), NAME.pub
newkey() {
	ssh-keygen -q -t ed25519 -N '' -C "$1@e2e" -f "$E2E_DIR/$1" || fail "ssh-keygen"
}

# The ssh command line for a key (or "none") and an optional user: sshcmd KEY [USER]
sshcmd() {
	local key=$1 user=${2:-e2e}
	local opts="-p $E2E_PORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
	opts="$opts -o LogLevel=ERROR -o ConnectTimeout=10"
	if [ "$key" = none ]; then
		opts="$opts -o PubkeyAuthentication=no -o PreferredAuthentications=password"
	else
		opts="$opts -o IdentitiesOnly=yes -o IdentityAgent=none -i $E2E_DIR/$key"
		opts="$opts -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no"
	fi
	echo "ssh $opts $user@127.0.0.1"
}

# tmux helpers, on our own socket: t_start NAME COLS ROWS CMD...
t_start() {
	local name=$1 cols=$2 rows=$3; shift 3
	tmux -S "$E2E_SOCK" new-session -d -s "$name" -x "$cols" -y "$rows" \
		-e LANG=C.UTF-8 -e HOME="$E2E_DIR/home" "$*; echo __EXIT=\$?; sleep 30" ||
		fail "tmux start"
}
t_keys() { local n=$1; shift; tmux -S "$E2E_SOCK" send-keys -t "$n" "$@"; }
t_type() { tmux -S "$E2E_SOCK" send-keys -t "$1" -l "$2"; }
t_show() { tmux -S "$E2E_SOCK" capture-pane -p -t "$1"; }
t_resize() { tmux -S "$E2E_SOCK" resize-window -t "$1" -x "$2" -y "$3"; }
t_stop() { tmux -S "$E2E_SOCK" kill-session -t "$1" 2>/dev/null; true; }
# t_wait NAME REGEX [SECONDS]: until the screen matches (extended regex)
t_wait() {
	local name=$1 re=$2 secs=${3:-10} i
	for i in $(seq $((secs * 10))); do
		t_show "$name" 2>/dev/null | grep -qE "$re" && return 0
		sleep 0.1
	done
	echo "--- screen of $name:" >&2
	t_show "$name" >&2
	fail "screen of $name never matched /$re/ in ${secs}s"
}
# t_absent NAME REGEX: the screen does not match now
t_absent() {
	if t_show "$1" | grep -qE "$2"; then
		t_show "$1" >&2
		fail "screen of $1 unexpectedly matches /$2/"
	fi
}

# The job worker child of jishid (named jishid-worker), if one runs.
worker_pid() { pgrep -P "$E2E_PID" -x jishid-worker; }
# Children of jishid other than the worker: the session children.
session_pids() { pgrep -P "$E2E_PID" | grep -vxF "$(worker_pid || echo none)"; }
# Processes whose parent is jishid (the session children).
session_children() { session_pids | wc -l; }

# Run SQL on the store (SQLite or PostgreSQL) and print the result.
sql() {
	case "$E2E_DB" in
	sqlite:*) sqlite3 -cmd ".timeout 5000" "${E2E_DB#sqlite:}" "$1" ;;
	*) psql -qAtX "$E2E_DB" -c "$1" ;;
	esac
}

# An account's ledger balance in fen: user_balance HANDLE available|pending
user_balance() {
	sql "SELECT coalesce(sum(a.balance), 0) FROM ledger_accounts a JOIN users u
	     ON a.owner_type = 'user' AND a.owner_id = u.id
	     WHERE u.handle = '$1' AND a.purpose = '$2'"
}
# Fen as the TUI shows them: yuan 384500 -> ¥3,845.00
yuan() { python3 -c "import sys; print('¥{:,.2f}'.format(int(sys.argv[1]) / 100))" "$1"; }

# Register key NAME for account HANDLE directly in the store (for accounts made by
# seed-demo, which have no keys).
addkey() {
	local name=$1 handle=$2 fp type blob
	fp=$(ssh-keygen -lf "$E2E_DIR/$name.pub" -E sha256 | awk '{print $2}')
	type=$(awk '{print $1}' "$E2E_DIR/$name.pub")
	blob=$(awk '{print $2}' "$E2E_DIR/$name.pub")
	sql "INSERT INTO ssh_keys (user_id, key_type, key_blob, fingerprint)
	     SELECT id, '$type', '$blob', '$fp' FROM users WHERE handle = '$handle'" ||
		fail "addkey $name $handle"
}

# All descendants of jishid (session children and their TUI children), not the worker.
jishid_descendants() {
	local p
	for p in $(session_pids); do echo "$p"; pgrep -P "$p"; done
}

# t_wait_wide NAME COLS [SECONDS]: until the first screen line is at least COLS wide
# (the status bar spans the window, so this says the UI redrew at the new size).
t_wait_wide() {
	local name=$1 cols=$2 secs=${3:-10} i
	for i in $(seq $((secs * 10))); do
		[ "$(t_show "$name" | head -1 | LC_ALL=C.UTF-8 wc -L)" -ge "$cols" ] && return 0
		sleep 0.1
	done
	t_show "$name" >&2
	fail "screen of $name never became $cols columns wide"
}
