/* test_offer.c: custom offers: validation, the direct conversation and its offer
 * message, accept into an order (single and milestones), decline, withdraw, lapse,
 * reads and their scope; a milestone order funded, delivered and accepted milestone by
 * milestone with the fee of each; on SQLite and PostgreSQL. */
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

static int
send(struct ofx *f, const struct offer_new *n)
{
	int64_t id = 0;

	return offer_send(&f->cx, f->seller, n, &id);
}

static void
test_validation(void **state)
{
	struct ofx *f = *state;
	static struct offer_new n;
	const int64_t ms[3] = { 1000, 2000, 3000 };
	int64_t id = 0;

	ofx_offer_fill(f, &n, 6000, 3, ms);
	assert_int_equal(send(f, &n), 0);
	n.price = 6001;                            /* milestones must sum to the price */
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 6000, 3, ms);
	n.delivery_days = 4;                       /* ... and to the days */
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 1000, 1, ms);        /* one milestone is no split */
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 6000, 3, ms);
	n.ms[1].title[0] = '\0';
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 6000, 3, ms);
	n.ms[2].delivery_days = 0;
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 99, 0, NULL);        /* below ¥1.00 */
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, GIG_PRICE_MAX + 1, 0, NULL);
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 5000, 0, NULL);
	n.revisions = -2;
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 5000, 0, NULL);
	n.description[0] = '\0';
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	ofx_offer_fill(f, &n, 5000, 0, NULL);
	snprintf(n.title, sizeof n.title, "坏\x07标题");
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	/* Who sends to whom. */
	ofx_offer_fill(f, &n, 5000, 0, NULL);
	n.buyer_id = f->seller;
	assert_int_equal(send(f, &n), JS_ERR_PERM);
	n.buyer_id = 999999;
	assert_int_equal(send(f, &n), JS_ERR_NOT_FOUND);
	n.buyer_id = f->seller;
	assert_int_equal(offer_send(&f->cx, f->buyer, &n, &id), JS_ERR_PERM);  /* no freelancer */
	n.buyer_id = f->buyer;
	n.gig_id = 424242;                         /* not the seller's gig */
	assert_int_equal(send(f, &n), JS_ERR_INVALID);
	n.gig_id = 0;
	assert_int_equal(db_exec(f->db, "INSERT INTO user_blocks (blocker_id, blocked_id) "
	                         "SELECT b.id, s.id FROM users b, users s WHERE "
	                         "b.handle = 'buyer' AND s.handle = 'seller'"), 0);
	assert_int_equal(send(f, &n), JS_ERR_PERM);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM offers WHERE seller_id = $1", f->seller),
	    1);
}

static void
test_conversation(void **state)
{
	struct ofx *f = *state;
	static struct offer_new n;
	int64_t a = 0, b = 0, conv;
	char pair[48];
	struct db_stmt *st;

	ofx_offer_fill(f, &n, 5000, 0, NULL);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &a), 0);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &b), 0);
	assert_true(a > 0 && b > a);
	conv = tfx_int1(f->db, "SELECT conversation_id FROM offers WHERE id = $1", a);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT conversation_id FROM offers WHERE id = $1", b), conv);
	snprintf(pair, sizeof pair, "%lld:%lld",
	         (long long)(f->seller < f->buyer ? f->seller : f->buyer),
	         (long long)(f->seller < f->buyer ? f->buyer : f->seller));
	assert_int_equal(db_prepare(f->db, "SELECT kind, pair_key FROM conversations WHERE "
	                            "id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, conv), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "direct");
	assert_string_equal(db_col_text(st, 1), pair);
	db_reset(st);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM conversation_participants WHERE "
	    "conversation_id = $1", conv), 2);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM messages WHERE conversation_id = $1 "
	    "AND kind = 'offer' AND offer_id IS NOT NULL", conv), 2);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM events WHERE topic = 'offer' AND "
	    "user_id = $1", f->buyer), 2);
}

static void
test_accept_single(void **state)
{
	struct ofx *f = *state;
	static struct offer_new n;
	struct offer_info info;
	int64_t offer = 0, order = 0, again = 0;

	ofx_offer_fill(f, &n, 10001, 0, NULL);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &offer), 0);
	assert_int_equal(offer_accept(&f->cx, f->seller, offer, &order), JS_ERR_PERM);
	assert_int_equal(offer_accept(&f->cx, f->stranger, offer, &order), JS_ERR_NOT_FOUND);
	assert_int_equal(offer_accept(&f->cx, f->buyer, offer, &order), 0);
	assert_true(order > 0);
	assert_int_equal(offer_accept(&f->cx, f->buyer, offer, &again), JS_ERR_STATE);
	assert_int_equal(offer_decline(&f->cx, f->buyer, offer), JS_ERR_STATE);
	assert_int_equal(offer_withdraw(&f->cx, f->seller, offer), JS_ERR_STATE);
	ofx_assert_state(f, order, "awaiting_payment");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT subtotal FROM orders WHERE id = $1", order), 10001);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT buyer_fee FROM orders WHERE id = $1", order), 500);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT total FROM orders WHERE id = $1", order), 10501);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM orders WHERE id = $1 AND origin = "
	    "'offer' AND payment_mode = 'single' AND gig_id IS NULL AND "
	    "delivery_days = 5 AND revisions_allowed = 2", order), 1);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM order_items WHERE order_id = $1 AND "
	    "kind = 'custom' AND line_total = 10001", order), 1);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM order_events WHERE order_id = $1 AND "
	    "kind = 'create'", order), 1);
	assert_int_equal(offer_get(f->db, f->buyer, offer, &info, NULL, 0), 0);
	assert_string_equal(info.state, "accepted");
	assert_int_equal(info.order_id, order);
	assert_string_equal(info.seller_handle, "seller");
	assert_string_equal(info.title, "定制网站首页设计");
	/* Then the usual life: pay, deliver, accept. */
	ofx_fund(f, f->buyer, 10501);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, order), 0);
	assert_int_equal(order_deliver(&f->cx, f->seller, order, "好了", NULL, 0, NULL), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, order), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 10001 - 2000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 500);
	ofx_ledger_ok(f);
}

static void
test_decline_withdraw_expire(void **state)
{
	struct ofx *f = *state;
	static struct offer_new n;
	struct offer_info info, list[8];
	int64_t a = 0, b = 0, c = 0, order = 0;
	size_t k = 0;

	ofx_offer_fill(f, &n, 5000, 0, NULL);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &a), 0);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &b), 0);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &c), 0);
	assert_int_equal(offer_decline(&f->cx, f->seller, a), JS_ERR_PERM);
	assert_int_equal(offer_decline(&f->cx, f->buyer, a), 0);
	assert_int_equal(offer_accept(&f->cx, f->buyer, a, &order), JS_ERR_STATE);
	assert_int_equal(offer_withdraw(&f->cx, f->buyer, b), JS_ERR_PERM);
	assert_int_equal(offer_withdraw(&f->cx, f->seller, b), 0);
	assert_int_equal(offer_accept(&f->cx, f->buyer, b, &order), JS_ERR_STATE);
	/* Lapsed after 14 days: refused, and recorded as expired. */
	f->cx.now += (int64_t)OFFER_EXPIRY_DAYS * 86400;
	assert_int_equal(offer_accept(&f->cx, f->buyer, c, &order), JS_ERR_STATE);
	assert_int_equal(offer_get(f->db, f->seller, c, &info, NULL, 0), 0);
	assert_string_equal(info.state, "expired");
	assert_int_equal(info.expires_at, OFX_T0 + (int64_t)OFFER_EXPIRY_DAYS * 86400);
	assert_int_equal(offer_get(f->db, f->seller, a, &info, NULL, 0), 0);
	assert_string_equal(info.state, "declined");
	assert_int_equal(offer_get(f->db, f->seller, b, &info, NULL, 0), 0);
	assert_string_equal(info.state, "withdrawn");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM orders WHERE buyer_id = $1", f->buyer),
	    0);
	/* Reads are the parties' (and admins'). */
	assert_int_equal(offer_get(f->db, f->stranger, a, &info, NULL, 0), JS_ERR_NOT_FOUND);
	assert_int_equal(offer_get(f->db, f->admin, a, &info, NULL, 0), 0);
	assert_int_equal(offer_list(f->db, f->stranger, list, 8, &k), 0);
	assert_int_equal(k, 0);
	assert_int_equal(offer_list(f->db, f->buyer, list, 8, &k), 0);
	assert_int_equal(k, 3);
	assert_int_equal(list[0].id, c);           /* newest first */
	assert_int_equal(offer_list(f->db, f->seller, list, 2, &k), 0);
	assert_int_equal(k, 2);
}

/* The whole milestone order: each milestone funded with its own fee (rounded half up
 * on its own), delivered and accepted; the sums match the order. */
static void
test_milestone_order(void **state)
{
	struct ofx *f = *state;
	static struct offer_new n;
	const int64_t ms[3] = { 10010, 20001, 33333 };
	struct offer_milestone_in got[ORDER_MILESTONES_MAX];
	struct offer_info info;
	int64_t offer = 0, order = 0, fees = 0, comm = 0, pending = 0, total;
	size_t i;

	ofx_offer_fill(f, &n, 63344, 3, ms);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &offer), 0);
	assert_int_equal(offer_get(f->db, f->buyer, offer, &info, got, ORDER_MILESTONES_MAX), 0);
	assert_int_equal(info.n_ms, 3);
	assert_int_equal(got[2].amount, 33333);
	assert_string_equal(got[0].title, "阶段 1");
	assert_int_equal(offer_accept(&f->cx, f->buyer, offer, &order), 0);
	/* 10010 -> 500.5 -> 501; 20001 -> 1000.05 -> 1000; 33333 -> 1666.65 -> 1667. */
	assert_int_equal(order_buyer_fee(&f->conf, 10010), 501);
	assert_int_equal(order_buyer_fee(&f->conf, 20001), 1000);
	assert_int_equal(order_buyer_fee(&f->conf, 33333), 1667);
	total = tfx_int1(f->db, "SELECT total FROM orders WHERE id = $1", order);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT buyer_fee FROM orders WHERE id = $1", order), 3168);
	assert_int_equal(total, 63344 + 3168);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT sum(amount) FROM milestones WHERE order_id = $1",
	    order), 63344);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT sum(fee) FROM milestones WHERE order_id = $1",
	    order), 3168);
	assert_int_equal(tfx_int1(f->db, "SELECT count(*) FROM orders WHERE id = $1 AND "
	                 "payment_mode = 'milestones'", order), 1);
	ofx_fund(f, f->buyer, total);
	for (i = 0; i < 3; i++) {
		int64_t fee = order_buyer_fee(&f->conf, ms[i]), c = order_commission(&f->conf, ms[i]);

		ofx_assert_state(f, order, "awaiting_payment");
		assert_int_equal(order_pay_wallet(&f->cx, f->buyer, order), 0);
		fees += fee;
		assert_int_equal(ofx_escrow(f, order), ms[i]);
		assert_int_equal(ofx_bal(f, 0, "fees"), fees);
		ofx_assert_state(f, order, "in_progress");
		assert_int_equal(order_deliver(&f->cx, f->seller, order, "阶段交付", NULL, 0, NULL),
		                 0);
		assert_int_equal(order_accept(&f->cx, f->buyer, order), 0);
		comm += c;
		pending += ms[i] - c;
		assert_int_equal(ofx_escrow(f, order), 0);
		assert_int_equal(ofx_bal(f, f->seller, "pending"), pending);
		assert_int_equal(ofx_bal(f, 0, "commission"), comm);
		ofx_ledger_ok(f);
		f->cx.now += 86400;
	}
	ofx_assert_state(f, order, "completed");
	/* Everything the buyer paid is the order's total, no more. */
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 0);
	assert_int_equal(fees, 3168);
	assert_int_equal(pending + comm, 63344);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT commission FROM orders WHERE id = $1", order), comm);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT count(*) FROM milestones WHERE order_id = $1 AND "
	    "state = 'accepted'", order), 3);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, order), JS_ERR_STATE);
	f->cx.now += 14 * 86400;
	assert_int_equal(order_clear(&f->cx, order), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), pending);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 0);
	ofx_ledger_ok(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		OFX_TEST(test_validation),
		OFX_TEST(test_conversation),
		OFX_TEST(test_accept_single),
		OFX_TEST(test_decline_withdraw_expire),
		OFX_TEST(test_milestone_order),
	};

	return tfx_run_both("offer", tests, TFX_COUNT(tests)) != 0;
}
