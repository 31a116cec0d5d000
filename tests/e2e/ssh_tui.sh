#!/usr/bin/env bash
# ssh_tui: the whole way in through the real OpenSSH client: sign-up with a fresh key,
# log out and in again, a wrong key refused, password login, resize, two accounts at
# once, hostile paste into a form, a client killed mid-form, both languages.
# E2E_DB may name a PostgreSQL store (tests/e2e/ssh_tui_pg.sh); default SQLite.
. "$(dirname "$0")/lib.sh"
e2e_init
"$JISHICTL" --db "$E2E_DB" migrate >/dev/null && "$JISHICTL" --db "$E2E_DB" seed-demo >/dev/null ||
	fail "seed"
start_server

# --- Sign-up with a fresh ed25519 key (Chinese by default) ----------------------------
newkey k1
t_start s1 100 30 "$(sshcmd k1)"
t_wait s1 "欢迎来到集市"
t_keys s1 Enter
t_wait s1 "创建你的账户"
t_type s1 "tester1"
t_wait s1 "可用"
t_keys s1 Tab; t_type s1 "测试员"
t_keys s1 Tab Right Right            # role: both
t_keys s1 Tab Tab                    # language (keep 简体中文), email
t_type s1 "tester1@example.com"
t_keys s1 Tab; t_type s1 "pass phrase 1"
t_keys s1 Tab; t_type s1 "pass phrase 1"
t_keys s1 Tab Enter                  # [ 创建账户 ]
t_wait s1 "你好，测试员" 15
t_wait s1 "@tester1"
[ "$(sql "SELECT CAST(is_client AS TEXT) || CAST(is_freelancer AS TEXT) || locale FROM users WHERE handle = 'tester1'")" = "11zh_CN" ] ||
	fail "account row not as signed up"
[ "$(sql "SELECT COUNT(*) FROM ssh_keys k JOIN users u ON u.id = k.user_id WHERE u.handle = 'tester1'")" = 1 ] ||
	fail "the key did not become the account's key"

# --- Log out, log in again: same account ---------------------------------------------
t_keys s1 q
t_wait s1 "__EXIT=" 10 || true
t_stop s1
t_start s1 100 30 "$(sshcmd k1)"
t_wait s1 "@tester1" 10
t_wait s1 "你好，测试员"

# --- A key that is not tester1's, with public keys only: refused -----------------------
newkey k2
out=$(timeout 20 $(sshcmd k2 tester1) whoami 2>&1) && fail "wrong key accepted"
echo "$out" | grep -qi "permission denied" || fail "wrong key: $out"

# --- Password login -------------------------------------------------------------------
t_start pw 100 30 "$(sshcmd none tester1)"
t_wait pw "password:" 10
t_type pw "pass phrase 1"; t_keys pw Enter
t_wait pw "@tester1" 10

# --- Resize: 80x24 -> 120x40 -> 40x10 -> 80x24 -----------------------------------------
t_resize s1 80 24;  t_wait s1 "你好，测试员"
t_resize s1 120 40; t_wait s1 "你好，测试员"
t_wait_wide s1 110
t_resize s1 40 10;  t_wait s1 "请放大窗口"
t_resize s1 80 24;  t_wait s1 "你好，测试员"
t_absent s1 "请放大窗口"
[ "$(t_show s1 | wc -l)" -eq 24 ] || fail "screen height after resize"

# --- Two sessions of two accounts at once ---------------------------------------------
newkey kz
addkey kz zhangwei
t_start s2 100 30 "$(sshcmd kz)"
t_wait s2 "张伟" 10
t_wait s2 "$(yuan "$(user_balance zhangwei available)")"   # from the ledger
t_wait s1 "@tester1"                 # the first is still alive and its own
t_show s2 | grep -q "@zhangwei" || fail "second session is not zhangwei"

# --- English: switch live in settings ---------------------------------------------------
t_keys s2 s
t_wait s2 "设置"
t_keys s2 Enter                      # language: first row
t_wait s2 "Settings"
t_wait s2 "Language +English"
t_keys s2 Escape
t_wait s2 "Home"
t_wait s2 "Wallet"
[ "$(sql "SELECT locale FROM users WHERE handle = 'zhangwei'")" = en ] || fail "locale not saved"

# --- Hostile paste into a form: escape sequences and invalid UTF-8 ---------------------
newkey k3
t_start s3 100 30 "$(sshcmd k3)"
t_wait s3 "欢迎来到集市"
t_keys s3 Enter
t_wait s3 "创建你的账户"
t_type s3 "pasted1"
t_keys s3 Tab
t_type s3 $'\e[2J\e[H\e]0;owned\a'   # clear screen, home, set title
tmux -S "$E2E_SOCK" send-keys -t s3 -H ff fe c3 28 e4 b8  # invalid UTF-8 bytes
t_type s3 "名字"
sleep 0.5
t_wait s3 "创建你的账户"             # the screen was not cleared
t_absent s3 "2J|owned"
t_keys s3 Tab Tab Tab Tab Tab Tab Enter
t_wait s3 "@pasted1" 15
name=$(sql "SELECT display_name FROM users WHERE handle = 'pasted1'")
case "$name" in *$'\e'*|*'[2J'*|*owned*) fail "escape sequence stored: $name" ;; esac
printf '%s' "$name" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 || fail "invalid UTF-8 stored"
echo "$name" | grep -q "名字" || fail "display name lost: $name"

# --- A client killed mid-form leaves nothing behind ------------------------------------
newkey k4
before=$(jishid_descendants | wc -l)
t_start s4 100 30 "$(sshcmd k4)"
t_wait s4 "欢迎来到集市"
t_keys s4 Enter
t_wait s4 "创建你的账户"
t_type s4 "halfway"
sleep 0.5
[ "$(jishid_descendants | wc -l)" -eq $((before + 2)) ] || fail "expected a session and a UI process"
pkill -9 -f "IdentityAgent=none -i $E2E_DIR/k4 " || fail "no client to kill"
for _ in $(seq 50); do
	[ "$(jishid_descendants | wc -l)" -eq "$before" ] && break
	sleep 0.1
done
[ "$(jishid_descendants | wc -l)" -eq "$before" ] || fail "orphans: $(jishid_descendants)"
[ "$(sql "SELECT COUNT(*) FROM users WHERE handle = 'halfway'")" = 0 ] || fail "half-written account"

# --- Everything closes; no session rows stay open --------------------------------------
for s in s1 s2 s3 pw; do t_stop "$s"; done
for _ in $(seq 50); do [ "$(jishid_descendants | wc -l)" -eq 0 ] && break; sleep 0.1; done
[ "$(jishid_descendants | wc -l)" -eq 0 ] || fail "processes left after all clients quit"
[ "$(sql "SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL")" = 0 ] || fail "open session rows left"
echo "ssh_tui: ok"
