#!/usr/bin/env bash
# order_more: the order page's other money paths over ssh, on seed-demo's orders, with
# real OpenSSH clients in tmux. The buyer cancels a late order with a full refund, tips
# a completed one, and adds evidence with a file (uploaded with scp) to a dispute; an
# admin cancels an order from the admin-only "All orders" tab. Every step's money is
# checked against the ledger, and ledger-check passes at the end.
. "$(dirname "$0")/lib.sh"
e2e_init
"$JISHICTL" --db "$E2E_DB" migrate >/dev/null && "$JISHICTL" --db "$E2E_DB" seed-demo >/dev/null ||
	fail "seed"
start_server

demo() { sql "SELECT id FROM orders WHERE idem_key LIKE 'u:%:demo:$1'"; }
late=$(demo late); completed=$(demo completed); disputed=$(demo disputed); working=$(demo working)
[ -n "$late" ] && [ -n "$completed" ] && [ -n "$disputed" ] && [ -n "$working" ] ||
	fail "seed-demo's orders are missing"
state_of() { sql "SELECT state FROM orders WHERE id = $1"; }
escrow_of() { sql "SELECT balance FROM ledger_accounts WHERE owner_type = 'order' AND owner_id = $1"; }
fee_of() { sql "SELECT buyer_fee FROM orders WHERE id = $1"; }
handle_of() { sql "SELECT u.handle FROM orders o JOIN users u ON u.id = o.$2 WHERE o.id = $1"; }

# pick NAME ID: move the list's selection to order #ID, from the top
pick() {
	local i
	t_keys "$1" g; sleep 0.2
	for i in $(seq 30); do
		t_show "$1" | grep -qE "^ *> *#$2 " && return 0
		t_keys "$1" Down; sleep 0.2
	done
	t_show "$1" >&2; fail "cannot select #$2"
}

newkey kb; addkey kb zhangwei
newkey ka; addkey ka admin
[ "$(sql "SELECT is_admin FROM users WHERE handle = 'admin'")" = 1 ] || fail "no admin"

# ---- the buyer cancels the late order: escrow and fee back to available
t_start buyer 100 30 "$(sshcmd kb zhangwei)"
t_wait buyer "你好，张伟" 10
before=$(user_balance zhangwei available)
refund=$(( $(escrow_of "$late") + $(fee_of "$late") ))
[ "$refund" -gt 0 ] || fail "late order holds nothing"
t_keys buyer o; t_wait buyer "我的订单"
pick buyer "$late"
t_keys buyer Enter; t_wait buyer "\[x\] " 10
t_keys buyer x; t_wait buyer "取消逾期订单"
t_type buyer "等太久了。"; t_keys buyer C-s
t_wait buyer "取消订单并退款 $(yuan $(escrow_of "$late")) 给买家"
t_keys buyer y; t_wait buyer "\[已取消\]" 10
[ "$(state_of "$late")" = cancelled ] || fail "late order not cancelled"
[ "$(user_balance zhangwei available)" = $((before + refund)) ] ||
	fail "late refund: $(user_balance zhangwei available), want $before + $refund"
[ "$(escrow_of "$late")" = 0 ] || fail "late order's escrow not emptied"

# ---- a tip of ¥12.50 on the completed order: 20% commission, the rest to the seller
seller=$(handle_of "$completed" seller_id)
sbefore=$(user_balance "$seller" available); before=$(user_balance zhangwei available)
t_keys buyer Escape; t_wait buyer "我的订单"
pick buyer "$completed"
t_keys buyer Enter; t_wait buyer "\[t\] " 10
t_keys buyer t; t_wait buyer "打赏卖家"
t_type buyer "12.50"; t_keys buyer Tab; t_type buyer "谢谢！"; t_keys buyer C-s
t_wait buyer "从钱包打赏 ¥12.50 给卖家"
t_keys buyer y
for _ in $(seq 50); do [ "$(user_balance zhangwei available)" = $((before - 1250)) ] && break; sleep 0.2; done
[ "$(user_balance zhangwei available)" = $((before - 1250)) ] || fail "tip not paid"
[ "$(user_balance "$seller" available)" = $((sbefore + 1000)) ] ||
	fail "tip: seller got $(( $(user_balance "$seller" available) - sbefore )), want 1000"

# ---- evidence with a file on the open dispute: the buyer's own upload, sent with scp
python3 - "$E2E_DIR/聊天截图.txt" <<'PY'
import sys
open(sys.argv[1], "w", encoding="utf-8").write("卖家 6 月 3 日答应第二天交付。\n")
PY
scp -q -P "$E2E_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	-o LogLevel=ERROR -o IdentitiesOnly=yes -o IdentityAgent=none -i "$E2E_DIR/kb" \
	"$E2E_DIR/聊天截图.txt" zhangwei@127.0.0.1: || fail "scp upload"
t_keys buyer Escape; t_wait buyer "我的订单"
pick buyer "$disputed"
t_keys buyer Enter; t_wait buyer "\[e\] " 10
t_keys buyer e; t_wait buyer "补充证据"
t_type buyer "聊天记录见附件。"
t_keys buyer Tab; sleep 0.3; t_keys buyer Enter; t_wait buyer "聊天截图.txt" 10
t_keys buyer Enter; t_wait buyer "已选 1 个文件"
t_keys buyer C-s
for _ in $(seq 50); do
	n=$(sql "SELECT count(*) FROM dispute_evidence e JOIN disputes d ON d.id = e.dispute_id
	         JOIN uploads u ON u.id = e.upload_id
	         WHERE d.order_id = $disputed AND u.original_name = '聊天截图.txt'")
	[ "$n" = 1 ] && break; sleep 0.2
done
[ "$n" = 1 ] || fail "evidence with the file not recorded"
t_keys buyer G; t_wait buyer "聊天记录见附件" 10

# ---- the admin cancels an order in progress from "All orders (admin)"
buyer=$(handle_of "$working" buyer_id)
bbefore=$(user_balance "$buyer" available)
refund=$(( $(escrow_of "$working") + $(fee_of "$working") ))
t_start admin 120 30 "$(sshcmd ka admin)"
t_wait admin "你好" 10
t_keys admin o; t_wait admin "我的订单"
t_keys admin Tab Tab; t_wait admin "全部订单（管理）"
t_wait admin "#$working "
pick admin "$working"
t_keys admin Enter; t_wait admin "\[X\] " 10
t_keys admin X; t_wait admin "管理员取消"
t_type admin "卖家账号被冻结。"; t_keys admin C-s
t_wait admin "取消订单并退款"
t_keys admin y; t_wait admin "\[已取消\]" 10
[ "$(state_of "$working")" = cancelled ] || fail "admin cancel"
[ "$(user_balance "$buyer" available)" = $((bbefore + refund)) ] ||
	fail "admin cancel refund: $(user_balance "$buyer" available), want $bbefore + $refund"

"$JISHICTL" --db "$E2E_DB" ledger-check >/dev/null || fail "ledger-check"
echo "order_more: ok"
