/* test_order_cancel.c: cancelling orders: unpaid, late, mutual (request, answer,
 * withdraw, time-out both ways), by an admin, and milestone orders part paid; exact
 * balances and ledger_check after each scenario, on SQLite and PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "fixture.h"
#include "ledger.h"
#include "order_fixture.h"

/* The buyer got everything back: price and fee; nothing stayed anywhere. */
static void
assert_refunded(struct ofx *f, int64_t id, int64_t price)
{
	ofx_assert_state(f, id, "cancelled");
	assert_int_equal(ofx_bal(f, f->buyer, "available"),
	                 price + order_buyer_fee(&f->conf, price));
	assert_int_equal(ofx_escrow(f, id), 0);
	assert_int_equal(ofx_bal(f, 0, "fees"), 0);
	assert_int_equal(ofx_bal(f, 0, "commission"), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 0);
	assert_true(tfx_int1(f->db, "SELECT cancelled_at FROM orders WHERE id = $1", id) > 0);
	ofx_ledger_ok(f);
}

static void
test_unpaid(void **state)
{
	struct ofx *f = *state;
	int64_t a = ofx_offer_order(f, 10000, 0, NULL), b = ofx_offer_order(f, 20000, 0, NULL);

	assert_int_equal(order_cancel_unpaid(&f->cx, f->stranger, a), JS_ERR_NOT_FOUND);
	assert_int_equal(order_cancel_unpaid(&f->cx, f->admin, a), JS_ERR_PERM);
	assert_int_equal(order_cancel_unpaid(&f->cx, 0, a), JS_ERR_PERM);
	/* Nothing paid: no mutual request, just drop it. */
	assert_int_equal(order_request_cancel(&f->cx, f->buyer, a, "不需要了"), JS_ERR_STATE);
	assert_int_equal(order_cancel_unpaid(&f->cx, f->buyer, a), 0);
	ofx_assert_state(f, a, "cancelled");
	assert_int_equal(order_cancel_unpaid(&f->cx, f->buyer, a), JS_ERR_STATE);
	assert_int_equal(order_cancel_unpaid(&f->cx, f->seller, b), 0);
	ofx_assert_state(f, b, "cancelled");
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, b), JS_ERR_STATE);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM ledger_tx WHERE ref_type = 'order' "
	    "AND ref_id = $1", a), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM order_events WHERE order_id = $1 "
	    "AND kind = 'cancel_unpaid'", a), 1);
	ofx_ledger_ok(f);
}

static void
test_late(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_paid(f, 10001), due;

	assert_int_equal(order_cancel_late(&f->cx, f->buyer, id, NULL), JS_ERR_STATE);
	assert_int_equal(order_cancel_late(&f->cx, f->seller, id, NULL), JS_ERR_PERM);
	assert_int_equal(order_cancel_late(&f->cx, f->stranger, id, NULL), JS_ERR_NOT_FOUND);
	due = tfx_int1(f->db, "SELECT due_at FROM orders WHERE id = $1", id);
	assert_int_equal(due, OFX_T0 + 5 * 86400);
	f->cx.now = due;
	assert_int_equal(order_mark_late(&f->cx, id), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT is_late FROM orders WHERE id = $1", id), 1);
	assert_int_equal(order_cancel_late(&f->cx, f->buyer, id, "超时未交付"), 0);
	/* 10001 fen: fee 500.05 -> 500; all of it back. */
	assert_int_equal(order_buyer_fee(&f->conf, 10001), 500);
	assert_refunded(f, id, 10001);
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM ledger_tx WHERE idem_key = "
	                 "'order:' || CAST($1 AS TEXT) || ':cancel'", id), 1);
	assert_int_equal(order_cancel_late(&f->cx, f->buyer, id, NULL), JS_ERR_STATE);
}

static void
test_mutual_accept(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_paid(f, 30000);

	assert_int_equal(order_request_cancel(&f->cx, f->seller, id, ""), JS_ERR_INVALID);
	assert_int_equal(order_request_cancel(&f->cx, f->seller, id, "\x1b[2J"),
	                 JS_ERR_INVALID);
	assert_int_equal(order_request_cancel(&f->cx, f->admin, id, "x"), JS_ERR_PERM);
	assert_int_equal(order_request_cancel(&f->cx, f->seller, id, "档期冲突"), 0);
	/* One pending request per order. */
	assert_int_equal(order_request_cancel(&f->cx, f->seller, id, "再问"), JS_ERR_STATE);
	assert_int_equal(order_request_cancel(&f->cx, f->buyer, id, "我也想"), JS_ERR_STATE);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE kind = 'order.cancel_expire' "
	    "AND unique_key = 'order:' || CAST($1 AS TEXT) || ':cancel_expire'", id),
	                 OFX_T0 + 48 * 3600);
	/* The requester does not answer his own request. */
	assert_int_equal(order_respond_cancel(&f->cx, f->seller, id, 1), JS_ERR_PERM);
	assert_int_equal(order_respond_cancel(&f->cx, f->stranger, id, 1), JS_ERR_NOT_FOUND);
	assert_int_equal(order_respond_cancel(&f->cx, f->buyer, id, 1), 0);
	assert_refunded(f, id, 30000);
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM cancellation_requests WHERE "
	                 "order_id = $1 AND state = 'accepted' AND responded_by IS NOT NULL", id),
	                 1);
	/* The expiry job that comes later finds nothing to do. */
	f->cx.now += 49 * 3600;
	assert_int_equal(order_expire_cancel(&f->cx, id), 0);
	assert_refunded(f, id, 30000);
}

static void
test_mutual_decline_withdraw(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_paid(f, 30000);

	assert_int_equal(order_respond_cancel(&f->cx, f->seller, id, 1), JS_ERR_STATE);
	assert_int_equal(order_withdraw_cancel(&f->cx, f->buyer, id), JS_ERR_STATE);
	assert_int_equal(order_request_cancel(&f->cx, f->buyer, id, "预算变了"), 0);
	assert_int_equal(order_respond_cancel(&f->cx, f->seller, id, 0), 0);
	ofx_assert_state(f, id, "in_progress");
	assert_int_equal(order_request_cancel(&f->cx, f->buyer, id, "还是想取消"), 0);
	assert_int_equal(order_withdraw_cancel(&f->cx, f->seller, id), JS_ERR_PERM);
	assert_int_equal(order_withdraw_cancel(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_respond_cancel(&f->cx, f->seller, id, 1), JS_ERR_STATE);
	ofx_assert_state(f, id, "in_progress");
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM cancellation_requests WHERE "
	                 "order_id = $1 AND state IN ('declined', 'withdrawn')", id), 2);
	/* Money untouched: all in escrow, the fee with the platform. */
	assert_int_equal(ofx_escrow(f, id), 30000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 1500);
	/* Still deliverable and acceptable afterwards. */
	assert_int_equal(order_deliver(&f->cx, f->seller, id, "完成", NULL, 0, NULL), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 24000);
	assert_int_equal(ofx_bal(f, 0, "commission"), 6000);
	ofx_ledger_ok(f);
}

static void
test_expire_cancels(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_paid(f, 12345);

	assert_int_equal(order_request_cancel(&f->cx, f->seller, id, "无法完成"), 0);
	f->cx.now += 48 * 3600 - 1;                /* not yet */
	assert_int_equal(order_expire_cancel(&f->cx, id), 0);
	ofx_assert_state(f, id, "in_progress");
	f->cx.now += 1;
	assert_int_equal(order_expire_cancel(&f->cx, id), 0);
	assert_refunded(f, id, 12345);
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM cancellation_requests WHERE "
	                 "order_id = $1 AND state = 'expired'", id), 1);
	assert_int_equal(order_expire_cancel(&f->cx, id), 0);      /* twice: harmless */
	assert_refunded(f, id, 12345);
	assert_int_equal(order_expire_cancel(&f->cx, 999999), JS_ERR_NOT_FOUND);
}

static void
test_expire_lapses(void **state)
{
	struct ofx *f = *state;
	int64_t id;

	f->conf.cancel_timeout_accepts = 0;
	f->conf.cancel_timeout_hours = 2;
	id = ofx_paid(f, 12345);
	assert_int_equal(order_request_cancel(&f->cx, f->buyer, id, "想取消"), 0);
	f->cx.now += 2 * 3600;
	assert_int_equal(order_expire_cancel(&f->cx, id), 0);
	ofx_assert_state(f, id, "in_progress");
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM cancellation_requests WHERE "
	                 "order_id = $1 AND state = 'expired'", id), 1);
	assert_int_equal(ofx_escrow(f, id), 12345);
	/* A new request may follow the lapsed one. */
	assert_int_equal(order_request_cancel(&f->cx, f->buyer, id, "再次申请"), 0);
	ofx_ledger_ok(f);
}

static void
test_admin(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_delivered(f, 50000);

	assert_int_equal(order_request_cancel(&f->cx, f->buyer, id, "质量不行"), 0);
	assert_int_equal(order_admin_cancel(&f->cx, f->admin, id, ""), JS_ERR_INVALID);
	assert_int_equal(order_admin_cancel(&f->cx, f->buyer, id, "x"), JS_ERR_PERM);
	assert_int_equal(order_admin_cancel(&f->cx, f->seller, id, "x"), JS_ERR_PERM);
	assert_int_equal(order_admin_cancel(&f->cx, f->stranger, id, "x"), JS_ERR_NOT_FOUND);
	assert_int_equal(order_admin_cancel(&f->cx, f->admin, id, "违反平台规则"), 0);
	assert_refunded(f, id, 50000);
	/* The pending request was overtaken. */
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM cancellation_requests WHERE "
	                 "order_id = $1 AND state = 'withdrawn'", id), 1);
	assert_int_equal(order_admin_cancel(&f->cx, f->admin, id, "again"), JS_ERR_STATE);
	/* The auto-accept job of the delivery finds a cancelled order. */
	f->cx.now += 10 * 86400;
	assert_int_equal(order_auto_accept(&f->cx, id), 0);
	assert_refunded(f, id, 50000);
}

static int64_t
acct(struct ofx *f, const char *type, int64_t owner, const char *purpose)
{
	int64_t id = 0;

	assert_int_equal(ledger_account(f->db, type, owner, purpose, "CNY", &id), 0);
	return id;
}

/* An order paid before the platform's income was sharded: its fee sits in shard 0
 * whatever its id. A refund draws on that account (the ledger says which), not on the
 * order's shard, which never saw the money. */
static void
test_admin_pre_shard_order(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_offer_order(f, 10000, 0, NULL), fee;
	struct ledger_posting p[3];
	struct ledger_tx_req req;
	char key[64];

	while (id % LEDGER_PLATFORM_SHARDS == 0)
		id = ofx_offer_order(f, 10000, 0, NULL);
	fee = order_buyer_fee(&f->conf, 10000);
	ofx_fund(f, f->buyer, 10000 + fee);
	/* the payment as the code before the shards posted it */
	p[0] = (struct ledger_posting){ acct(f, "user", f->buyer, "available"), -(10000 + fee) };
	p[1] = (struct ledger_posting){ acct(f, "order", id, "escrow"), 10000 };
	p[2] = (struct ledger_posting){ acct(f, "platform", 0, "fees"), fee };
	snprintf(key, sizeof key, "order:%lld:pay", (long long)id);
	memset(&req, 0, sizeof req);
	req.idem_key = key, req.kind = "escrow_fund", req.ref_type = "order", req.ref_id = id;
	req.postings = p, req.n = 3;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), 0);
	assert_int_equal(tfx_int1(f->db, "UPDATE orders SET state = 'in_progress', paid_at = 1, "
	    "started_at = 1, due_at = 4000000000 WHERE id = $1 RETURNING id", id), id);

	assert_int_equal(order_admin_cancel(&f->cx, f->admin, id, "违反平台规则"), 0);
	assert_refunded(f, id, 10000);
	assert_int_equal(ofx_balance(f->db, "platform", id % LEDGER_PLATFORM_SHARDS, "fees"), 0);
}

/* Milestones: the released part stays the seller's; the funded part goes back. */
static void
test_milestones(void **state)
{
	struct ofx *f = *state;
	const int64_t ms[3] = { 10001, 20000, 30099 };
	int64_t id = ofx_offer_order(f, 60100, 3, ms);
	int64_t fee1 = order_buyer_fee(&f->conf, 10001), fee2 = order_buyer_fee(&f->conf, 20000);
	int64_t comm1 = order_commission(&f->conf, 10001);

	ofx_fund(f, f->buyer, 10001 + fee1 + 20000 + fee2);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_deliver(&f->cx, f->seller, id, "阶段一", NULL, 0, NULL), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, id), 0);
	ofx_assert_state(f, id, "awaiting_payment");
	/* Paid before: not an unpaid order any more. */
	assert_int_equal(order_cancel_unpaid(&f->cx, f->buyer, id), JS_ERR_STATE);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);     /* milestone 2 */
	assert_int_equal(ofx_escrow(f, id), 20000);
	assert_int_equal(order_request_cancel(&f->cx, f->seller, id, "客户需求变更"), 0);
	assert_int_equal(order_respond_cancel(&f->cx, f->buyer, id, 1), 0);
	ofx_assert_state(f, id, "cancelled");
	/* Milestone 2 and its fee back; milestone 1's fee kept; 3 never funded. */
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 20000 + fee2);
	assert_int_equal(ofx_escrow(f, id), 0);
	assert_int_equal(ofx_bal(f, 0, "fees"), fee1);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 10001 - comm1);
	assert_int_equal(ofx_bal(f, 0, "commission"), comm1);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM milestones WHERE order_id = $1 AND "
	    "state = 'refunded' AND seq = 2", id), 1);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM milestones WHERE order_id = $1 AND "
	    "state = 'cancelled' AND seq = 3", id), 1);
	ofx_ledger_ok(f);
	/* Milestone 1's earnings clear 14 days after its release, the order being over. */
	f->cx.now = OFX_T0 + 14 * 86400 - 1;
	assert_int_equal(order_clear(&f->cx, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE unique_key = 'order:' || "
	    "CAST($1 AS TEXT) || ':clear' AND state = 'queued'", id),
	                 OFX_T0 + 14 * 86400);
	f->cx.now += 1;
	assert_int_equal(order_clear(&f->cx, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 10001 - comm1);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 0);
	ofx_ledger_ok(f);
}

/* A milestone order between two fundings: cancelling moves no money. */
static void
test_milestones_between(void **state)
{
	struct ofx *f = *state;
	const int64_t ms[2] = { 5000, 5000 };
	int64_t id = ofx_offer_order(f, 10000, 2, ms);

	ofx_fund(f, f->buyer, 5250);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_deliver(&f->cx, f->seller, id, "阶段一", NULL, 0, NULL), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_admin_cancel(&f->cx, f->admin, id, "双方同意终止"), 0);
	ofx_assert_state(f, id, "cancelled");
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 4000);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM ledger_tx WHERE idem_key = 'order:' "
	    "|| CAST($1 AS TEXT) || ':cancel'", id), 0);
	ofx_ledger_ok(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		OFX_TEST(test_unpaid),
		OFX_TEST(test_late),
		OFX_TEST(test_mutual_accept),
		OFX_TEST(test_mutual_decline_withdraw),
		OFX_TEST(test_expire_cancels),
		OFX_TEST(test_expire_lapses),
		OFX_TEST(test_admin),
		OFX_TEST(test_admin_pre_shard_order),
		OFX_TEST(test_milestones),
		OFX_TEST(test_milestones_between),
	};

	return tfx_run_both("order_cancel", tests, TFX_COUNT(tests)) != 0;
}
