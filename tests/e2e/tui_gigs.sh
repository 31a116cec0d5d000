#!/usr/bin/env bash
# tui_gigs.sh: gigs, search and discovery through `jishictl tui --as` in a detached tmux
# on a seeded SQLite store: search by Chinese, pinyin and initials finds 企业网站设计与开发
# and its page shows the packages (side by side at 120x40, as tabs at 80x24); a seller
# creates a gig through the seven-step form (a typed price with three decimals is
# refused beside its field, the cover comes from the file picker) and publishes it;
# another account finds it by pinyin; the seller dashboard draws sparklines from the
# views counted in memory and flushed at exit; categories and the home sections; the
# same in English. Exits non-zero with the screen printed on the first failure.
set -u
cd "$(dirname "$0")/../.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
tmp=$(mktemp -d /tmp/jishi-gigs.XXXXXX)
sock=$tmp/tmux.sock
db="sqlite:$tmp/j.db"
ctl=${JISHICTL:-$PWD/build/jishictl}
S=g

t() { tmux -u -S "$sock" "$@"; }
cleanup() { t kill-server 2>/dev/null; sleep 0.2; rm -rf "$tmp"; }
trap cleanup EXIT

screen() { t capture-pane -p -t "$S"; }
fail() {
	echo "tui_gigs: FAIL: $*" >&2
	echo "----- screen -----" >&2
	screen >&2
	echo "------------------" >&2
	exit 1
}
wait_for() {
	local end=$(( $(date +%s) + ${2:-10} ))
	while [ "$(date +%s)" -le "$end" ]; do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "screen never showed /$1/"
}
keys() { t send-keys -t "$S" "$@"; }
type_text() { t send-keys -t "$S" -l -- "$1"; }
sql() { sqlite3 -cmd ".timeout 5000" "$tmp/j.db" "$1"; }
size() { t resize-window -t "$S" -x "$1" -y "$2"; sleep 0.3; }
start_tui() {  # start_tui HANDLE: in the shell of the pane
	keys "clear" Enter
	type_text "$ctl --db $db tui --as $1"
	keys Enter
}
quit_tui() {  # back to Home with Esc, then q; the shell prompt comes back
	local i
	for i in 1 2 3 4 5 6; do keys Escape; sleep 0.15; done
	keys q
	wait_for 'jishi-test\$ *$' 10
}

[ -x "$ctl" ] || { echo "tui_gigs: build/jishictl missing (make all)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "tui_gigs: sqlite3 missing" >&2; exit 1; }
"$ctl" --db "$db" migrate >/dev/null || exit 1
"$ctl" --db "$db" seed-demo >/dev/null || exit 1
# two uploads of lihua's for the media step (rows only: the picker lists, it never reads)
# (the picker lists newest first: the image is inserted last so that it comes first)
sql "INSERT INTO uploads (user_id, original_name, stored_name, mime_type, size_bytes, sha256)
     SELECT id, 'price-list.pdf', 'ab/00000000000000000000000000000002', 'application/pdf',
            52011, printf('%064d', 2) FROM users WHERE handle = 'lihua';
     INSERT INTO uploads (user_id, original_name, stored_name, mime_type, size_bytes, sha256)
     SELECT id, 'avatar-sample.png', 'ab/00000000000000000000000000000001', 'image/png', 183420,
            printf('%064d', 1) FROM users WHERE handle = 'lihua';" || exit 1

t -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
	"env -i PATH=$PATH HOME=$tmp TERM=xterm-256color LANG=C.UTF-8 PS1='jishi-test\$ ' bash --norc --noprofile"
wait_for 'jishi-test\$'

# 1. a buyer searches in Chinese, pinyin and initials (120x40)
start_tui zhangwei
wait_for '你好，张伟'
screen | grep -q '推荐' || fail "home lacks the recommended section"
screen | grep -q '浏览分类' || fail "home menu lacks 浏览分类"
keys /
wait_for '搜索'
# find_result TITLE: in the results, loading more pages (G reaches "more") as needed
find_result() {
	local i
	for i in 1 2 3 4 5 6 7 8; do
		screen | grep -q -- "$1" && return 0
		screen | grep -qE '[0-9]\+ (个服务|services)' || break   # "40+": more pages
		keys G
		sleep 0.4
	done
	wait_for "$1" 2
}
for q in 设计 wangzhan wzsj; do
	keys C-u
	type_text "$q"
	keys Enter
	wait_for '个服务'
	find_result '企业网站设计与开发'
	keys /
done
# open it from the results: move the selection ("> ") down to its row
keys C-u
type_text wangzhan
keys Enter
wait_for '个服务'
find_result '企业网站设计与开发'
# the focus is on the results now: the query field is not marked as the focused one
screen | grep -q '^> 搜索' && fail "query field still marked focused after the search"
row=$(screen | grep -n '企业网站设计与开发' | head -1 | cut -d: -f1)
sel=$(screen | grep -n '^  > ' | head -1 | cut -d: -f1)
[ -n "$row" ] && [ -n "$sel" ] || fail "no result row"
screen | sed -n "${row}p" | grep -q '¥1,500' || fail "result row lacks the price from"
for _ in $(seq $((row - sel))); do keys j; done
sleep 0.2
screen | grep -q '^  > 企业网站设计与开发' || fail "could not select the result"
keys Enter
wait_for '关于卖家'
wait_for '套餐'
screen | grep -E '基础版.*标准版.*高级版' | grep -q '│' ||
	fail "packages are not side by side at 120x40"
screen | grep -q '¥8,000' || fail "premium price missing"
# 80x24: tabs instead of columns
size 80 24
wait_for ' 1 基础版 '
keys 2
wait_for '¥3,800'
keys q
size 120 40
# filters dialog opens and closes
wait_for '企业网站设计与开发'
keys f
wait_for '筛选与排序'
keys Escape
quit_tui

# 2. a seller creates a gig through the steps (80x24)
size 80 24
start_tui lihua
wait_for '你好，李华'
keys m
wait_for '我的服务'
keys n
wait_for '1 概览'
type_text '手绘插画头像定制服务'
keys Tab
type_text '插画，头像，手绘'
keys Tab
sleep 0.2
keys Enter j j Enter
wait_for '设计 > 插画绘制'
keys C-n
wait_for '2 套餐'
type_text '基础头像'
keys Tab
type_text '一人半身像，简单背景'
keys Tab
type_text '19.999'
keys Tab
type_text 3
keys Tab
type_text 2
keys Tab
type_text '源文件，商用授权'
keys C-n C-p
wait_for '最多两位小数'
keys C-u
type_text 199
keys C-n
wait_for '3 附加服务'
keys C-n
wait_for '4 描述问答'
type_text '从草图到上色，全程沟通。适合头像、插画和社交媒体配图。'
keys C-n C-n
wait_for '6 图片'
keys a
wait_for 'avatar-sample.png'
keys ' ' Enter
wait_for '\[封面\] avatar-sample.png'
keys C-n
wait_for '7 发布'
wait_for '可以发布'
keys Enter
wait_for '已发布'
[ "$(sql "SELECT status FROM gigs WHERE title = '手绘插画头像定制服务'")" = active ] ||
	fail "the new gig is not active"
[ "$(sql "SELECT count(*) FROM gig_media m JOIN gigs g ON g.id = m.gig_id
          WHERE g.title = '手绘插画头像定制服务' AND m.is_cover = 1")" = 1 ] ||
	fail "the new gig has no cover"
quit_tui

# 3. another account finds it by pinyin and opens it (a view for the dashboard)
start_tui zhangwei
wait_for '你好，张伟'
keys /
type_text shouhui
keys Enter
wait_for '手绘插画头像定制服务'
keys Enter
wait_for '基础头像'
quit_tui

# 4. the seller dashboard: the view above, sparklines
size 120 40
start_tui lihua
wait_for '你好，李华'
keys d
wait_for '卖家数据'
wait_for '手绘插画头像定制服务'
screen | grep -q '▁' || fail "no sparkline on the dashboard"
screen | grep -q '█' || fail "the view does not show in the sparkline"
keys 1
wait_for '7 天'
quit_tui

# 5. categories with counts and trending / popular
start_tui zhangwei
wait_for '你好，张伟'
keys b
wait_for '分类'
screen | grep -qE '设计 +[0-9]+' || fail "no counts in the category tree"
quit_tui

# 6. English, both sizes
start_tui alice
wait_for 'Hello, Alice'
screen | grep -q 'Recommended for you' || fail "no English home section"
keys /
type_text logo
keys Enter
wait_for 'Logo 设计'
screen | grep -qE '[0-9]+\+? services?' || fail "no English result count"
keys Enter
wait_for 'Packages'
screen | grep -q 'About the seller' || fail "seller card not in English"
size 80 24
wait_for ' 1 Basic '
quit_tui
start_tui alice
wait_for 'Hello, Alice'
keys d
wait_for 'Seller statistics'
screen | grep -q 'Views' || fail "dashboard headings not in English"
quit_tui

echo "tui_gigs: ok"
