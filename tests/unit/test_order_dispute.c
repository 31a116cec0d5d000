/* test_order_dispute.c: disputes: opening (evidence, the pending cancellation withdrawn),
 * the freeze of the timed actions, withdrawal back to the prior state, and the admin's
 * refund / release / split (by amount and by percent) with exact balances, a second
 * resolution refused, milestone orders, and the reads; on SQLite and PostgreSQL. */
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

static int64_t
mkupload(struct ofx *f, int64_t user, const char *name)
{
	struct db_stmt *st;
	char stored[64];
	int64_t id;
	static int seq;

	snprintf(stored, sizeof stored, "dz/%030d", ++seq);
	assert_int_equal(db_prepare(f->db, "INSERT INTO uploads (user_id, original_name, "
	                 "stored_name, mime_type, size_bytes, sha256) VALUES ($1, $2, $3, "
	                 "'image/png', 10, '00000000000000000000000000000000000000000000000"
	                 "00000000000000000') RETURNING id", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, user), 0);
	assert_int_equal(db_bind_text(st, 2, name), 0);
	assert_int_equal(db_bind_text(st, 3, stored), 0);
	assert_int_equal(db_step(st), DB_ROW);
	id = db_col_int64(st, 0);
	db_reset(st);
	return id;
}

static void
test_open_and_refund(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_delivered(f, 20000), mine = mkupload(f, f->buyer, "截图.png");
	int64_t theirs = mkupload(f, f->seller, "theirs.png"), dispute = 0, tx;
	int64_t files[2];
	struct dispute_info d;

	assert_int_equal(order_request_cancel(&f->cx, f->buyer, id, "不满意"), 0);
	files[0] = mine;
	files[1] = theirs;
	/* Evidence files are the opener's own. */
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "与描述不符", files, 2,
	                                    &dispute), JS_ERR_INVALID);
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "", files, 1, &dispute),
	                 JS_ERR_INVALID);
	assert_int_equal(order_open_dispute(&f->cx, f->stranger, id, "x", NULL, 0, &dispute),
	                 JS_ERR_NOT_FOUND);
	assert_int_equal(order_open_dispute(&f->cx, f->admin, id, "x", NULL, 0, &dispute),
	                 JS_ERR_PERM);
	ofx_assert_state(f, id, "delivered");
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "与描述不符", files, 1,
	                                    &dispute), 0);
	assert_true(dispute > 0);
	ofx_assert_state(f, id, "disputed");
	assert_int_equal(order_open_dispute(&f->cx, f->seller, id, "y", NULL, 0, NULL),
	                 JS_ERR_STATE);
	/* The pending cancellation request was withdrawn: its time-out does nothing. */
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM cancellation_requests WHERE "
	                 "order_id = $1 AND state = 'withdrawn'", id), 1);
	f->cx.now += 3 * 86400;
	assert_int_equal(order_expire_cancel(&f->cx, id), 0);
	assert_int_equal(order_auto_accept(&f->cx, id), 0);          /* frozen */
	ofx_assert_state(f, id, "disputed");
	assert_int_equal(ofx_escrow(f, id), 20000);
	/* Only an admin resolves, with a written decision. */
	assert_int_equal(order_resolve_dispute(&f->cx, f->buyer, id, DISPUTE_REFUND, 0, "x"),
	                 JS_ERR_PERM);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_REFUND, 0, " "),
	                 JS_ERR_INVALID);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_REFUND, 0,
	                                       "交付物与描述明显不符，全额退款。"), 0);
	ofx_assert_state(f, id, "cancelled");
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 21000);
	assert_int_equal(ofx_escrow(f, id), 0);
	assert_int_equal(ofx_bal(f, 0, "fees"), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 0);
	ofx_ledger_ok(f);
	tx = tfx_int1(f->db, "SELECT ledger_tx_id FROM disputes WHERE id = $1", dispute);
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM ledger_tx WHERE id = $1 AND "
	                 "ref_type = 'order'", tx), 1);
	/* A second resolution (another admin, or a retry) is refused; money moved once. */
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_RELEASE, 0, "再判"),
	                 JS_ERR_STATE);
	assert_int_equal(dispute_get(f->db, f->seller, id, &d), 0);
	assert_int_equal(d.id, dispute);
	assert_string_equal(d.state, "resolved");
	assert_string_equal(d.resolution, "refund");
	assert_string_equal(d.decision, "交付物与描述明显不符，全额退款。");
	assert_int_equal(d.buyer_amount, 20000);
	assert_int_equal(d.seller_amount, 0);
	assert_int_equal(d.resolved_by, f->admin);
	assert_int_equal(dispute_get(f->db, f->stranger, id, &d), JS_ERR_NOT_FOUND);
	ofx_ledger_ok(f);
}

static void
test_release(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_delivered(f, 20001);
	int64_t comm = order_commission(&f->conf, 20001);

	assert_int_equal(comm, 4000);              /* 4000.2 -> 4000 */
	assert_int_equal(order_open_dispute(&f->cx, f->seller, id, "买家不验收", NULL, 0, NULL),
	                 0);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_RELEASE, 0,
	                                       "已按要求交付，放款。"), 0);
	ofx_assert_state(f, id, "completed");
	assert_true(tfx_int1(f->db, "SELECT accepted_at FROM orders WHERE id = $1", id) > 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 20001 - comm);
	assert_int_equal(ofx_bal(f, 0, "commission"), comm);
	assert_int_equal(ofx_bal(f, 0, "fees"), 1000);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT commission FROM orders WHERE id = $1", id), comm);
	ofx_ledger_ok(f);
	/* Clearing as after an acceptance. */
	f->cx.now += 14 * 86400 - 1;
	assert_int_equal(order_clear(&f->cx, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 0);
	f->cx.now += 1;
	assert_int_equal(order_clear(&f->cx, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 20001 - comm);
	assert_int_equal(order_tip(&f->cx, f->buyer, id, 100, NULL), JS_ERR_FUNDS);
	ofx_ledger_ok(f);
}

static void
test_split_amount(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_paid(f, 10000);

	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "只完成了一部分", NULL, 0,
	                                    NULL), 0);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_SPLIT, 10001,
	                                       "x"), JS_ERR_INVALID);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_SPLIT, -1, "x"),
	                 JS_ERR_INVALID);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_SPLIT, 3000,
	                                       "完成七成，退三成。"), 0);
	ofx_assert_state(f, id, "completed");
	/* Buyer 3000 back, the fee kept; seller 7000 less 20% commission. */
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 3000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 500);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 5600);
	assert_int_equal(ofx_bal(f, 0, "commission"), 1400);
	assert_int_equal(ofx_escrow(f, id), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT seller_amount FROM disputes WHERE order_id = $1",
	    id), 7000);
	/* One ledger transaction for the whole decision. */
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM ledger_postings WHERE tx_id = "
	                 "(SELECT ledger_tx_id FROM disputes WHERE order_id = $1)", id), 4);
	ofx_ledger_ok(f);
}

static void
test_split_percent(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_delivered(f, 12345), buyer, seller;

	/* 33% of 12345 = 4073.85 -> 4074 (half up); 50% of 12345 = 6172.5 -> 6173. */
	assert_int_equal(order_split_amount(12345, 33), 4074);
	assert_int_equal(order_split_amount(12345, 50), 6173);
	assert_int_equal(order_split_amount(12345, 0), 0);
	assert_int_equal(order_split_amount(12345, 100), 12345);
	assert_int_equal(order_split_amount(12345, 101), 12345);
	buyer = order_split_amount(12345, 33);
	seller = 12345 - buyer;                  /* 8271: commission 1654.2 -> 1654 */
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "部分不合格", NULL, 0, NULL),
	                 0);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_SPLIT, buyer,
	                                       "按 33% 退款。"), 0);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 4074);
	assert_int_equal(seller, 8271);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), seller - 1654);
	assert_int_equal(ofx_bal(f, 0, "commission"), 1654);
	assert_int_equal(ofx_bal(f, 0, "fees"), order_buyer_fee(&f->conf, 12345));
	assert_int_equal(ofx_escrow(f, id), 0);
	ofx_ledger_ok(f);
}

static void
test_withdraw_delivered(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_delivered(f, 10000);
	int64_t aa = tfx_int1(f->db, "SELECT auto_accept_at FROM orders WHERE id = $1", id);

	assert_int_equal(aa, OFX_T0 + 3 * 86400);
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "等等看", NULL, 0, NULL), 0);
	f->cx.now = aa + 86400;
	assert_int_equal(order_auto_accept(&f->cx, id), 0);       /* frozen */
	ofx_assert_state(f, id, "disputed");
	assert_int_equal(order_withdraw_dispute(&f->cx, f->seller, id), JS_ERR_PERM);
	assert_int_equal(order_withdraw_dispute(&f->cx, f->admin, id), JS_ERR_PERM);
	assert_int_equal(order_withdraw_dispute(&f->cx, f->buyer, id), 0);
	ofx_assert_state(f, id, "delivered");
	assert_int_equal(order_withdraw_dispute(&f->cx, f->buyer, id), JS_ERR_STATE);
	/* The auto-accept that came due meanwhile is queued again, for now. */
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE unique_key = 'order:' || "
	    "CAST($1 AS TEXT) || ':auto_accept' AND state = 'queued'", id),
	    aa + 86400);
	assert_int_equal(order_auto_accept(&f->cx, id), 0);
	ofx_assert_state(f, id, "completed");
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);
	ofx_ledger_ok(f);
}

static void
test_withdraw_in_progress(void **state)
{
	struct ofx *f = *state;
	int64_t id = ofx_paid(f, 10000), dispute = 0;
	int64_t due = tfx_int1(f->db, "SELECT due_at FROM orders WHERE id = $1", id);

	assert_int_equal(order_open_dispute(&f->cx, f->seller, id, "买家失联", NULL, 0,
	                                    &dispute), 0);
	f->cx.now = due + 10;
	assert_int_equal(order_mark_late(&f->cx, id), 0);          /* frozen */
	assert_int_equal(tfx_int1(f->db, "SELECT is_late FROM orders WHERE id = $1", id), 0);
	assert_int_equal(order_withdraw_dispute(&f->cx, f->seller, id), 0);
	ofx_assert_state(f, id, "in_progress");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE unique_key = 'order:' || "
	    "CAST($1 AS TEXT) || ':late' AND state = 'queued'", id), due + 10);
	assert_int_equal(order_mark_late(&f->cx, id), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT is_late FROM orders WHERE id = $1", id), 1);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM disputes WHERE id = $1 AND state = "
	    "'withdrawn' AND order_state_before = 'in_progress'", dispute), 1);
	/* A new dispute may be opened later. */
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "逾期", NULL, 0, NULL), 0);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_REFUND, 0, "退款"),
	                 0);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 10500);
	ofx_ledger_ok(f);
}

static void
test_evidence_and_queue(void **state)
{
	struct ofx *f = *state;
	int64_t a = ofx_paid(f, 10000), b = ofx_paid(f, 20000);
	int64_t up = mkupload(f, f->seller, "聊天记录.png"), up2 = mkupload(f, f->buyer, "b.png");
	struct dispute_evidence_item ev[8];
	struct dispute_info q[4];
	size_t n = 0;

	assert_int_equal(order_add_evidence(&f->cx, f->buyer, a, "x", 0), JS_ERR_STATE);
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, a, "一直不回复", &up2, 1, NULL), 0);
	assert_int_equal(order_open_dispute(&f->cx, f->seller, b, "需求一直在变", NULL, 0, NULL),
	                 0);
	assert_int_equal(order_add_evidence(&f->cx, f->seller, a, "", 0), JS_ERR_INVALID);
	assert_int_equal(order_add_evidence(&f->cx, f->seller, a, "见截图", up2),
	                 JS_ERR_INVALID);
	assert_int_equal(order_add_evidence(&f->cx, f->stranger, a, "x", 0), JS_ERR_NOT_FOUND);
	assert_int_equal(order_add_evidence(&f->cx, f->admin, a, "x", 0), JS_ERR_PERM);
	assert_int_equal(order_add_evidence(&f->cx, f->seller, a, "见截图", up), 0);
	assert_int_equal(order_add_evidence(&f->cx, f->buyer, a, "我每天都在催", 0), 0);
	assert_int_equal(dispute_evidence_list(f->db, f->seller, a, ev, 8, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ev[0].upload_id, up2);
	assert_string_equal(ev[0].file_name, "b.png");
	assert_string_equal(ev[1].body, "见截图");
	assert_string_equal(ev[1].user_handle, "seller");
	assert_string_equal(ev[1].file_name, "聊天记录.png");
	assert_string_equal(ev[2].body, "我每天都在催");
	assert_int_equal(dispute_evidence_list(f->db, f->stranger, a, ev, 8, &n),
	                 JS_ERR_NOT_FOUND);
	assert_int_equal(dispute_evidence_list(f->db, f->admin, a, ev, 8, &n), 0);
	assert_int_equal(n, 3);
	/* The queue: admins only, oldest first, paged by id. */
	assert_int_equal(dispute_queue(f->db, f->buyer, 0, q, 4, &n), JS_ERR_PERM);
	assert_int_equal(dispute_queue(f->db, f->admin, 0, q, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(q[0].order_id, a);
	assert_string_equal(q[0].opened_by_handle, "buyer");
	assert_string_equal(q[0].order_title, "定制网站首页设计");
	assert_string_equal(q[0].reason, "一直不回复");
	assert_int_equal(q[0].escrow, 10000);
	assert_int_equal(q[1].order_id, b);
	assert_int_equal(q[1].escrow, 20000);
	assert_int_equal(dispute_queue(f->db, f->admin, q[0].id, q, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, b, DISPUTE_RELEASE, 0, "放款"),
	                 0);
	assert_int_equal(dispute_queue(f->db, f->admin, 0, q, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(order_add_evidence(&f->cx, f->buyer, b, "晚了", 0), JS_ERR_STATE);
	ofx_ledger_ok(f);
}

/* Milestone order: the disputed milestone is refunded or released; earlier earnings
 * stay the seller's and their clearing waits while the order is disputed. */
static void
test_milestones(void **state)
{
	struct ofx *f = *state;
	const int64_t ms[3] = { 10000, 20000, 30000 };
	int64_t id = ofx_offer_order(f, 60000, 3, ms);

	ofx_fund(f, f->buyer, 10500 + 21000);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_deliver(&f->cx, f->seller, id, "一", NULL, 0, NULL), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_deliver(&f->cx, f->seller, id, "二", NULL, 0, NULL), 0);
	assert_int_equal(order_open_dispute(&f->cx, f->buyer, id, "阶段二不合格", NULL, 0,
	                                    NULL), 0);
	f->cx.now += 20 * 86400;
	assert_int_equal(order_clear(&f->cx, id), 0);          /* frozen */
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_SPLIT, 5000,
	                                       "阶段二退 50 元"), 0);
	ofx_assert_state(f, id, "completed");
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 5000);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000 + 12000);
	assert_int_equal(ofx_bal(f, 0, "commission"), 2000 + 3000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 500 + 1000);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT commission FROM milestones WHERE order_id = $1 AND "
	    "seq = 2 AND state = 'accepted'", id), 3000);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM milestones WHERE order_id = $1 AND "
	    "seq = 3 AND state = 'cancelled'", id), 1);
	ofx_ledger_ok(f);
	/* The split restarted the clearing clock for all of it. */
	assert_int_equal(order_clear(&f->cx, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 0);
	f->cx.now += 14 * 86400;
	assert_int_equal(order_clear(&f->cx, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 20000);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 0);
	ofx_ledger_ok(f);
}

static void
test_milestone_refund(void **state)
{
	struct ofx *f = *state;
	const int64_t ms[2] = { 10000, 20001 };
	int64_t id = ofx_offer_order(f, 30001, 2, ms), fee2 = order_buyer_fee(&f->conf, 20001);

	assert_int_equal(fee2, 1000);
	ofx_fund(f, f->buyer, 10500 + 20001 + fee2);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_deliver(&f->cx, f->seller, id, "一", NULL, 0, NULL), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);
	assert_int_equal(order_open_dispute(&f->cx, f->seller, id, "客户不提供素材", NULL, 0,
	                                    NULL), 0);
	assert_int_equal(order_resolve_dispute(&f->cx, f->admin, id, DISPUTE_REFUND, 0,
	                                       "阶段二退款，订单终止"), 0);
	ofx_assert_state(f, id, "cancelled");
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 20001 + fee2);
	assert_int_equal(ofx_bal(f, 0, "fees"), 500);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM milestones WHERE order_id = $1 AND "
	    "seq = 2 AND state = 'refunded'", id), 1);
	f->cx.now += 14 * 86400;
	assert_int_equal(order_clear(&f->cx, id), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 8000);
	ofx_ledger_ok(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		OFX_TEST(test_open_and_refund),
		OFX_TEST(test_release),
		OFX_TEST(test_split_amount),
		OFX_TEST(test_split_percent),
		OFX_TEST(test_withdraw_delivered),
		OFX_TEST(test_withdraw_in_progress),
		OFX_TEST(test_evidence_and_queue),
		OFX_TEST(test_milestones),
		OFX_TEST(test_milestone_refund),
	};

	return tfx_run_both("order_dispute", tests, TFX_COUNT(tests)) != 0;
}
