#!/usr/bin/env bash
# tui_local.sh: drive `jishictl tui --as zhangwei` in a detached tmux and read the screen:
# the Chinese home screen and wallet, help overlay, resizes (down to the minimum-size
# message), a profile edit saved to the database, a portfolio item with a file from the
# uploads, pasted escape sequences and invalid UTF-8 neutralized, the language switch, a
# clean terminal after quit, SIGTERM and the idle time-out; then, as an unknown key
# (`tui --new --pubkey`), sign-up with the live handle check and linking a second key
# with a code. Exits non-zero with the screen printed on the first failure.
set -u
cd "$(dirname "$0")/../.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
tmp=$(mktemp -d /tmp/jishi-tui.XXXXXX)
sock=$tmp/tmux.sock
db="sqlite:$tmp/j.db"
ctl=$PWD/build/jishictl
S=t

t() { tmux -u -S "$sock" "$@"; }
cleanup() { t kill-server 2>/dev/null; sleep 0.2; rm -rf "$tmp"; }
trap cleanup EXIT

screen() { t capture-pane -p -t "$S"; }
fail() {
	echo "tui_local: FAIL: $*" >&2
	echo "----- screen -----" >&2
	screen >&2
	echo "------------------" >&2
	exit 1
}
# wait_for REGEX [SECONDS]: until the screen matches
wait_for() {
	local end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -qE "$1" && return 0
		sleep 0.1
	done
	fail "screen never showed /$1/"
}
wait_gone() {
	local end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -qE "$1" || return 0
		sleep 0.1
	done
	fail "screen still shows /$1/"
}
keys() { t send-keys -t "$S" "$@"; }
type_text() { t send-keys -t "$S" -l "$1"; }
pane() { t display -p -t "$S" "$1"; }
sql() { sqlite3 -cmd ".timeout 5000" "$tmp/j.db" "$1"; }
# the terminal is back to normal: no alternate screen, no mouse tracking, the prompt
check_restored() {
	wait_for 'jishi-test\$ *$' 10
	[ "$(pane '#{alternate_on}')" = 0 ] || fail "$1: alternate screen still on"
	[ "$(pane '#{mouse_any_flag}')" = 0 ] || fail "$1: mouse tracking left on"
	[ "$(pane '#{cursor_flag}')" = 1 ] || fail "$1: cursor left hidden"
}
start_tui() {  # start_tui ARGS...: in the shell of the pane
	keys "clear" Enter
	type_text "$ctl --db $db tui $*"
	keys Enter
}

[ -x "$ctl" ] || { echo "tui_local: build/jishictl missing (make all)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "tui_local: sqlite3 missing" >&2; exit 1; }
"$ctl" --db "$db" migrate >/dev/null || exit 1
"$ctl" --db "$db" seed-demo >/dev/null || exit 1

t -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
	"env -i PATH=$PATH HOME=$tmp TERM=xterm-256color LANG=C.UTF-8 PS1='jishi-test\$ ' bash --norc --noprofile"
wait_for 'jishi-test\$'

# 1. Chinese home screen with the wallet from the ledger
start_tui --as zhangwei
wait_for '你好，张伟'
screen | grep -q '集市' || fail "no brand in the status bar"
# What the ledger holds for him (seed-demo's orders have spent part of the top-up).
avail=$(sql "SELECT a.balance FROM ledger_accounts a JOIN users u ON a.owner_id = u.id
             WHERE a.owner_type = 'user' AND a.purpose = 'available' AND u.handle = 'zhangwei'")
avail=$(python3 -c "import sys; print('¥{:,.2f}'.format(int(sys.argv[1]) / 100))" "$avail")
screen | grep -qF "$avail" || fail "wallet balance $avail missing"
screen | grep -qE '[0-9]{4}年[0-9]+月[0-9]+日' || fail "no Chinese date"
[ "$(pane '#{alternate_on}')" = 1 ] || fail "not on the alternate screen"

# 2. help overlay lists the screen's keys, any key closes it
keys '?'
wait_for '按键：首页'
screen | grep -q '所有页面' || fail "help lacks the global keys"
keys Escape
wait_gone '按键：首页'

# 3. resize: larger, below the minimum, back
t resize-window -t "$S" -x 120 -y 40
wait_for '^ 集市.{100,}[0-9]{2}:[0-9]{2} *$'
[ "$(screen | sed -n 40p | grep -c '帮助')" = 1 ] || fail "hint bar not on the last row at 120x40"
t resize-window -t "$S" -x 50 -y 15
wait_for '请放大窗口'
screen | grep -q '50x15' || fail "min-size screen does not show the size"
t resize-window -t "$S" -x 100 -y 30
wait_for '你好，张伟'
wait_gone '请放大窗口'

# 4. edit the headline in Chinese; a pasted "clear screen" and invalid UTF-8 do nothing
keys e
wait_for '一句话介绍'
keys C-u
type_text '全栈工程师，专注小程序开发'
type_text $'\e[2J'
t send-keys -t "$S" -H ff fe c3 28 ed a0 80
type_text $'\e]0;pwned\a！'
sleep 0.3
screen | sed -n 1p | grep -q '集市' || fail "status bar gone: the screen was cleared"
screen | grep -q '\[2J' && fail "escape sequence typed into the field"
screen | grep -q 'pwned' && fail "OSC sequence typed into the field"
wait_for '全栈工程师，专注小程序开发！'
keys C-s
wait_for '资料已保存'
got=$(sql "SELECT headline FROM profiles p JOIN users u ON u.id = p.user_id WHERE u.handle = 'zhangwei'")
[ "$got" = '全栈工程师，专注小程序开发！' ] || fail "headline in the db is '$got'"

# 4b. a portfolio item with a file from the uploads, shown on the profile
sql "INSERT INTO uploads (user_id, original_name, stored_name, mime_type, size_bytes, sha256)
     SELECT id, '店铺标志.png', 'ab/0123456789abcdef0123456789abcdef', 'image/png', 4096,
     printf('%064d', 7) FROM users WHERE handle = 'zhangwei'"
wait_for '你好，张伟'
keys e
wait_for '一句话介绍'
keys Tab Tab Tab Tab Tab Tab Tab Enter
wait_for '还没有作品'
keys a
wait_for '附件 +无'
type_text '茶叶店标志'
keys Tab Tab Tab
wait_for '> \[ 选择文件 \]'
keys Enter
wait_for '为这件作品选择附件'
keys Enter
wait_for '附件 +店铺标志.png'
keys C-s
wait_for '作品已保存'
got=$(sql "SELECT i.title, u.original_name FROM portfolio_items i JOIN uploads u ON u.id = i.upload_id")
[ "$got" = '茶叶店标志|店铺标志.png' ] || fail "portfolio item in the db is '$got'"
keys q
wait_for '一句话介绍'
keys Escape
wait_for '你好，张伟'
keys p            # my profile (the menu has grown: a key, not a position)
wait_for '附件：店铺标志.png'
keys q

# 5. settings: switch the language to English, live
keys s
wait_for '按 Enter 修改所选设置'
keys Enter
wait_for 'Enter changes the selected setting'
screen | grep -q 'Home > Settings' || fail "title not in English"
[ "$(sql "SELECT locale FROM users WHERE handle = 'zhangwei'")" = en ] || fail "locale not saved"
keys q
wait_for 'Hello, 张伟'
screen | grep -qF "available $avail" || fail "English wallet label missing"
screen | grep -qE '[0-9]{1,2} [A-Z][a-z]{2} [0-9]{4}' || fail "no English date"

# 6. quit with q: the shell comes back as it was
keys q
check_restored "quit"
screen | grep -q 'Goodbye from Jishi' || fail "no goodbye line"

# 7. SIGTERM tears the terminal down too
start_tui --as lihua
wait_for '李华'
pid=$(pgrep -P "$(pane '#{pane_pid}')" jishictl | head -1)
[ -n "$pid" ] || fail "cannot find the jishictl process"
kill -TERM "$pid"
check_restored "SIGTERM"

# 8. the idle time-out warns, then signs out
start_tui --as wangfang --idle 3
wait_for '秒后将退出登录'
check_restored "idle time-out"
screen | grep -q '无操作，已退出登录' || fail "no idle sign-out message"

# 9. an unknown key signs up: live handle check, roles, password twice
if ! command -v ssh-keygen >/dev/null; then
	echo "tui_local: ok (sign-up and linking skipped: no ssh-keygen)"
	exit 0
fi
ssh-keygen -q -t ed25519 -N '' -C k1 -f "$tmp/k1" || fail "ssh-keygen"
ssh-keygen -q -t ed25519 -N '' -C k2 -f "$tmp/k2" || fail "ssh-keygen"
fp1=$(ssh-keygen -l -f "$tmp/k1.pub" | awk '{print $2}')
fp2=$(ssh-keygen -l -f "$tmp/k2.pub" | awk '{print $2}')
start_tui --new --pubkey "$tmp/k1.pub"
wait_for '创建新账户'
screen | grep -q '未登录' || fail "status bar should say not signed in"
keys Enter
wait_for '用户名'
type_text 'Admin'
wait_for '保留名称'
keys C-u
type_text 'zhangwei'
wait_for '已被占用'
keys C-u
type_text 'xiaoming'
wait_for 'xiaoming +可用'
keys Tab
type_text '小明'
keys Tab Right Right Tab Tab
type_text 'xm@example.com'
keys Tab
type_text 'secret123'
keys Tab
type_text 'secret124'
keys Enter Enter
wait_for '两次输入的密码不一致'
keys C-u
type_text 'secret123'
keys Enter Enter
wait_for '你好，小明'
got=$(sql "SELECT display_name, is_client, is_freelancer, locale, email FROM users WHERE handle = 'xiaoming'")
[ "$got" = '小明|1|1|zh_CN|xm@example.com' ] || fail "new account is '$got'"
got=$(sql "SELECT k.fingerprint FROM ssh_keys k JOIN users u ON u.id = k.user_id WHERE u.handle = 'xiaoming'")
[ "$got" = "$fp1" ] || fail "new account's key is '$got', not $fp1"
[ "$(sql "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.handle = 'xiaoming' AND s.auth_method = 'publickey' AND s.ended_at IS NULL")" = 1 ] ||
	fail "no open session after sign-up"
keys q
check_restored "quit after sign-up"
[ "$(sql "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.handle = 'xiaoming' AND s.ended_at IS NOT NULL")" = 1 ] ||
	fail "session not ended after quit"

# 10. link a second key to zhangwei with a one-time code
start_tui --as zhangwei
wait_for 'Hello, 张伟'
keys s
wait_for 'Link a new device'
keys j j j Enter
wait_for 'valid for (10:00|9:5)'
code=$(screen | grep -E '^ +([A-Z0-9] ){7}[A-Z0-9] *$' | tr -d ' ')
[ ${#code} = 8 ] || fail "no link code on screen"
keys q q q
check_restored "quit after the link code"
start_tui --new --pubkey "$tmp/k2.pub"
wait_for '我有关联码'
keys j Enter
wait_for '关联码'
type_text 'WRONG234'
keys Enter
wait_for '关联码错误、已使用或已过期'
keys C-u
type_text "$(echo "$code" | tr 'A-Z' 'a-z')"
keys Enter
wait_for 'Hello, 张伟'
got=$(sql "SELECT count(*) FROM ssh_keys k JOIN users u ON u.id = k.user_id WHERE u.handle = 'zhangwei' AND k.fingerprint = '$fp2'")
[ "$got" = 1 ] || fail "linked key not on zhangwei's account"
keys q
check_restored "quit after linking"

echo "tui_local: ok"
