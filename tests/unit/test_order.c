/* test_order.c: the order life cycle on SQLite and PostgreSQL: quote and create (extras,
 * fee rounding, idempotency), wallet payment, requirements, delivery, revisions,
 * acceptance, auto-accept, clearing, lateness, tips, milestones and the scoped reads,
 * with exact balances and ledger_check after every scenario. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fixture.h"
#include "gig.h"
#include "order_fixture.h"
#include "wallet.h"

/* Uploads the deliveries and answers use (the world itself has none). */
static struct {
	int64_t buyer, seller, seller2, stranger, seller_deleted;
} up;

static int
setup(void **state)
{
	struct ofx *f;

	ofx_setup_gigs(state);
	f = *state;
	up.buyer = tfx_upload(f->db, f->buyer, "ref.png", "image/png", "active");
	up.seller = tfx_upload(f->db, f->seller, "logo.png", "image/png", "active");
	up.seller2 = tfx_upload(f->db, f->seller, "logo2.png", "image/png", "active");
	up.stranger = tfx_upload(f->db, f->stranger, "x.png", "image/png", "active");
	up.seller_deleted = tfx_upload(f->db, f->seller, "old.png", "image/png", "deleted");
	return 0;
}

/* A test with the world and its uploads. */
#define UP_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, ofx_teardown)

static int64_t
count_of(struct ofx *f, const char *sql, int64_t arg)
{
	return tfx_int1(f->db, sql, arg);
}

static void
test_fee_rounding(void **state)
{
	struct ofx *f = *state;

	(void)f;
	/* 5 %: 0.45 fen -> 0, 0.5 -> 1 (half up), 1.5 -> 2; 20 %: 0.4 -> 0, 0.6 -> 1. */
	assert_int_equal(order_buyer_fee(&f->conf, 9), 0);
	assert_int_equal(order_buyer_fee(&f->conf, 10), 1);
	assert_int_equal(order_buyer_fee(&f->conf, 30), 2);
	assert_int_equal(order_buyer_fee(&f->conf, 12345), 617);
	assert_int_equal(order_buyer_fee(&f->conf, 12350), 618);
	assert_int_equal(order_commission(&f->conf, 2), 0);
	assert_int_equal(order_commission(&f->conf, 3), 1);
	assert_int_equal(order_commission(&f->conf, 12345), 2469);
	assert_int_equal(order_split_amount(10001, 50), 5001);
}

static void
test_quote_and_create(void **state)
{
	struct ofx *f = *state;
	struct order_quote q;
	struct order_info oi;
	struct order_new n;
	int64_t id = 0, id2 = 0;

	memset(&n, 0, sizeof n);
	n.gig_id = f->gig;
	n.tier = GIG_STANDARD;
	n.quantity = 2;
	n.extras[0] = (struct order_extra_pick){ f->x_fast, 1 };
	n.extras[1] = (struct order_extra_pick){ f->x_rev, 2 };
	n.extras[2] = (struct order_extra_pick){ f->x_custom, 3 };
	n.n_extras = 3;
	assert_int_equal(order_quote(f->db, &f->conf, &n, &q), 0);
	assert_int_equal(q.n_lines, 4);
	assert_string_equal(q.lines[0].kind, "package");
	assert_string_equal(q.lines[0].title, "标准版");
	assert_int_equal(q.lines[0].line_total, 24690);
	assert_int_equal(q.lines[1].line_total, 5000);
	assert_int_equal(q.lines[1].added_days, -2);
	assert_int_equal(q.lines[2].line_total, 2000);
	assert_int_equal(q.lines[2].added_revisions, 2);
	assert_int_equal(q.lines[3].line_total, 6015);
	assert_int_equal(q.lines[3].added_days, 3);
	assert_int_equal(q.subtotal, 37705);
	assert_int_equal(q.buyer_fee, 1885);          /* 1885.25 */
	assert_int_equal(q.total, 39590);
	assert_int_equal(q.commission, 7541);
	assert_int_equal(q.delivery_days, 5 - 2 + 3);
	assert_int_equal(q.revisions, 2 + 2);

	n.idem_key = "click-1";
	assert_int_equal(order_create(&f->cx, f->buyer, &n, &id), 0);
	assert_int_equal(order_create(&f->cx, f->buyer, &n, &id2), 0);
	assert_int_equal(id, id2);                    /* the same key: the same order */
	assert_int_equal(count_of(f, "SELECT count(*) FROM orders WHERE buyer_id = $1",
	    f->buyer), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM order_items WHERE order_id = $1",
	    id), 4);
	assert_int_equal(order_get(f->db, f->buyer, id, &oi), 0);
	assert_int_equal(oi.state, ORDER_AWAITING_PAYMENT);
	assert_int_equal(oi.subtotal, 37705);
	assert_int_equal(oi.buyer_fee, 1885);
	assert_int_equal(oi.total, 39590);
	assert_int_equal(oi.commission, 0);
	assert_int_equal(oi.delivery_days, 6);
	assert_int_equal(oi.revisions_allowed, 4);
	assert_int_equal(oi.quantity, 2);
	assert_string_equal(oi.tier, "standard");
	assert_string_equal(oi.title, "原创Logo设计 含源文件");
	assert_string_equal(oi.seller_handle, "seller");
	assert_int_equal(oi.viewer_role, ORDER_ROLE_BUYER);
	assert_int_equal(oi.created_at, OFX_T0);

	/* Premium is unlimited: an extra revision keeps it so. */
	n.tier = GIG_PREMIUM;
	n.idem_key = NULL;
	assert_int_equal(order_quote(f->db, &f->conf, &n, &q), 0);
	assert_int_equal(q.revisions, -1);

	/* Refusals. */
	n.tier = GIG_BASIC;
	assert_int_equal(order_create(&f->cx, f->seller, &n, &id), JS_ERR_PERM);
	n.quantity = ORDER_QTY_MAX + 1;
	assert_int_equal(order_quote(f->db, &f->conf, &n, &q), JS_ERR_INVALID);
	n.quantity = 1;
	n.extras[0].quantity = 2;                     /* fast delivery twice */
	assert_int_equal(order_quote(f->db, &f->conf, &n, &q), JS_ERR_INVALID);
	n.extras[0].quantity = 1;
	n.extras[1].extra_id = n.extras[0].extra_id;  /* the same extra twice */
	assert_int_equal(order_quote(f->db, &f->conf, &n, &q), JS_ERR_INVALID);
	n.extras[1].extra_id = ofx_gig_extra(f->db, f->plain, 1);       /* another gig's extra */
	assert_int_equal(order_quote(f->db, &f->conf, &n, &q), JS_ERR_INVALID);
	n.n_extras = 0;
	assert_int_equal(db_exec(f->db, "UPDATE gigs SET status = 'paused'"), 0);
	assert_int_equal(order_quote(f->db, &f->conf, &n, &q), JS_ERR_STATE);
	assert_int_equal(order_create(&f->cx, f->buyer, &n, &id), JS_ERR_STATE);
	n.gig_id = 999999;
	assert_int_equal(order_create(&f->cx, f->buyer, &n, &id), JS_ERR_NOT_FOUND);
	assert_int_equal(count_of(f, "SELECT count(*) FROM orders WHERE buyer_id = $1",
	    f->buyer), 1);
	ofx_ledger_ok(f);
}

static void
test_pay(void **state)
{
	struct ofx *f = *state;
	int64_t o = ofx_order(f, 1), txs;
	struct order_info oi;

	/* basic: 100.00 + fee 5.00 */
	ofx_fund(f, f->buyer, 10499);
	txs = count_of(f, "SELECT count(*) FROM ledger_tx WHERE $1 = $1", 0);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), JS_ERR_FUNDS);
	assert_int_equal(ofx_state(f, o), ORDER_AWAITING_PAYMENT);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 10499);
	assert_int_equal(ofx_escrow(f, o), 0);
	assert_int_equal(count_of(f, "SELECT count(*) FROM ledger_tx WHERE $1 = $1", 0), txs);
	assert_int_equal(count_of(f, "SELECT count(*) FROM order_events WHERE order_id = $1",
	    o), 1);

	ofx_fund(f, f->buyer, 1);
	assert_int_equal(order_pay_wallet(&f->cx, f->stranger, o), JS_ERR_NOT_FOUND);
	assert_int_equal(order_pay_wallet(&f->cx, f->seller, o), JS_ERR_PERM);
	assert_int_equal(order_pay_wallet(&f->cx, f->admin, o), JS_ERR_PERM);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), JS_ERR_STATE);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 0);
	assert_int_equal(ofx_escrow(f, o), 10000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 500);
	assert_int_equal(order_get(f->db, f->seller, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_AWAITING_REQUIREMENTS);
	assert_int_equal(oi.paid_at, OFX_T0);
	assert_int_equal(oi.escrow, 10000);
	assert_int_equal(oi.viewer_role, ORDER_ROLE_SELLER);
	assert_int_equal(count_of(f, "SELECT count(*) FROM ledger_tx WHERE idem_key ="
	    " 'order:' || CAST($1 AS TEXT) || ':pay'", o), 1);

	/* A gig without questions starts at once, with its late job. */
	o = ofx_order(f, 0);
	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_IN_PROGRESS);
	assert_int_equal(oi.started_at, OFX_T0);
	assert_int_equal(oi.due_at, OFX_T0 + 3 * OFX_DAY);
	assert_int_equal(count_of(f, "SELECT count(*) FROM jobs WHERE kind = 'order.late'"
	    " AND run_at = $1", OFX_T0 + 3 * OFX_DAY), 1);
	assert_int_equal(ofx_bal(f, 0, "fees"), 1000);
	ofx_ledger_ok(f);
}

/* order_buy: create and pay in one transaction; a refusal leaves no order, the same key
 * returns the one order, paid once, and pays an unpaid order made with that key. */
static void
test_buy(void **state)
{
	struct ofx *f = *state;
	struct order_new n;
	struct order_info oi;
	int64_t o = 0, o2 = 0, orders;

	memset(&n, 0, sizeof n);
	n.gig_id = f->plain;
	n.tier = GIG_BASIC;
	n.quantity = 1;
	n.idem_key = "screen-1";
	orders = count_of(f, "SELECT count(*) FROM orders WHERE $1 = $1", 0);
	ofx_fund(f, f->buyer, 10499);
	assert_int_equal(order_buy(&f->cx, f->buyer, &n, &o), JS_ERR_FUNDS);
	assert_int_equal(count_of(f, "SELECT count(*) FROM orders WHERE $1 = $1", 0), orders);
	assert_int_equal(count_of(f, "SELECT count(*) FROM order_events WHERE $1 = $1", 0), 0);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 10499);
	assert_int_equal(order_buy(&f->cx, f->seller, &n, &o), JS_ERR_PERM);   /* own gig */

	ofx_fund(f, f->buyer, 1 + 10500);
	assert_int_equal(order_buy(&f->cx, f->buyer, &n, &o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_IN_PROGRESS);
	assert_int_equal(oi.paid_at, OFX_T0);
	assert_int_equal(oi.due_at, OFX_T0 + 3 * OFX_DAY);
	assert_int_equal(ofx_escrow(f, o), 10000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 500);
	/* A second Enter with the screen's key: the same order, no second payment. */
	assert_int_equal(order_buy(&f->cx, f->buyer, &n, &o2), 0);
	assert_int_equal(o2, o);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 10500);
	assert_int_equal(count_of(f, "SELECT count(*) FROM order_events WHERE order_id = $1",
	    o), 2);
	/* Made paid in one go, it has what create-then-pay gave: both timeline entries,
	 * each with the state after it, one outbox row per party naming the payment, the
	 * clock and its late-marking job. */
	assert_int_equal(count_of(f, "SELECT count(*) FROM order_events WHERE order_id = $1"
	    " AND ((kind = 'create' AND detail LIKE '%\"state\":\"awaiting_payment\"%')"
	    " OR (kind = 'pay' AND detail LIKE '%\"state\":\"in_progress\"%'))", o), 2);
	assert_int_equal(count_of(f, "SELECT count(*) FROM events WHERE payload LIKE"
	    " '%\"event\":\"pay\"%' AND payload LIKE '%' || CAST($1 AS TEXT) || ',%'", o), 2);
	assert_int_equal(oi.started_at, OFX_T0);
	assert_int_equal(count_of(f, "SELECT count(*) FROM jobs WHERE kind = 'order.late' AND"
	    " run_at = $1", OFX_T0 + 3 * OFX_DAY), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM ledger_tx WHERE ref_type = 'order'"
	    " AND ref_id = $1 AND idem_key = 'order:' || CAST($1 AS TEXT) || ':pay'", o), 1);

	/* A gig that asks something: paid, the answers awaited, no clock yet. */
	n.gig_id = f->gig;
	n.idem_key = NULL;
	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_buy(&f->cx, f->buyer, &n, &o2), 0);
	assert_int_equal(order_get(f->db, f->buyer, o2, &oi), 0);
	assert_int_equal(oi.state, ORDER_AWAITING_REQUIREMENTS);
	assert_int_equal(oi.paid_at, OFX_T0);
	assert_int_equal(oi.started_at, 0);
	assert_int_equal(oi.due_at, 0);
	assert_int_equal(ofx_escrow(f, o2), 10000);
	assert_int_equal(count_of(f, "SELECT count(*) FROM jobs WHERE payload = CAST($1 AS TEXT)",
	    o2), 0);
	n.gig_id = f->plain;

	/* An order made (unpaid) with a key is paid by order_buy with that key. */
	n.idem_key = "screen-2";
	assert_int_equal(order_create(&f->cx, f->buyer, &n, &o), 0);
	assert_int_equal(ofx_state(f, o), ORDER_AWAITING_PAYMENT);
	assert_int_equal(order_buy(&f->cx, f->buyer, &n, &o2), 0);
	assert_int_equal(o2, o);
	assert_int_equal(ofx_state(f, o), ORDER_IN_PROGRESS);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 0);
	assert_int_equal(ofx_bal(f, 0, "fees"), 1500);
	/* Each new order counts once in its gig's day (the seller dashboard), with its
	 * subtotal as revenue; a key's repeat does not. */
	assert_int_equal(count_of(f, "SELECT sum(orders) FROM gig_stats_daily WHERE"
	    " gig_id = $1", f->plain), 2);
	assert_int_equal(count_of(f, "SELECT sum(revenue) FROM gig_stats_daily WHERE"
	    " gig_id = $1", f->plain), 20000);
	assert_int_equal(count_of(f, "SELECT sum(orders) FROM gig_stats_daily WHERE"
	    " gig_id = $1", f->gig), 1);
	/* Three orders, three shards of the platform's fee income (ledger.h). */
	assert_int_equal(count_of(f, "SELECT count(*) FROM ledger_accounts WHERE owner_type ="
	    " 'platform' AND purpose = 'fees' AND balance = $1", 500), 3);
	ofx_ledger_ok(f);
}

static void
test_requirements(void **state)
{
	struct ofx *f = *state;
	int64_t o = ofx_order(f, 1);
	struct order_answer a[3];
	struct order_req_answer ra[4];
	struct order_info oi;
	size_t n = 0;

	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	/* Before submission the gig's questions are shown. */
	assert_int_equal(order_requirements(f->db, f->seller, o, ra, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ra[1].question, "喜欢哪种风格？");
	assert_int_equal(ra[0].required, 1);
	assert_int_equal(order_requirements(f->db, f->stranger, o, ra, 4, &n),
	    JS_ERR_NOT_FOUND);

	a[0] = (struct order_answer){ f->q_text, "星火咖啡", 0 };
	a[1] = (struct order_answer){ f->q_choice, "朋克", 0 };   /* not a choice */
	assert_int_equal(order_submit_requirements(&f->cx, f->buyer, o, a, 2), JS_ERR_INVALID);
	assert_int_equal(order_submit_requirements(&f->cx, f->buyer, o, a, 1), JS_ERR_INVALID);
	a[1].answer = "复古";
	a[2] = (struct order_answer){ f->q_attach, "", up.stranger };
	assert_int_equal(order_submit_requirements(&f->cx, f->buyer, o, a, 3), JS_ERR_PERM);
	a[2].upload_id = up.buyer;
	a[0].requirement_id = 999999;
	assert_int_equal(order_submit_requirements(&f->cx, f->buyer, o, a, 3), JS_ERR_INVALID);
	a[0].requirement_id = f->q_text;
	assert_int_equal(order_submit_requirements(&f->cx, f->seller, o, a, 3), JS_ERR_PERM);
	f->cx.now = OFX_T0 + 100;
	assert_int_equal(order_submit_requirements(&f->cx, f->buyer, o, a, 3), 0);
	assert_int_equal(order_submit_requirements(&f->cx, f->buyer, o, a, 3), JS_ERR_STATE);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_IN_PROGRESS);
	assert_int_equal(oi.started_at, OFX_T0 + 100);
	assert_int_equal(oi.due_at, OFX_T0 + 100 + 3 * OFX_DAY);
	assert_int_equal(order_requirements(f->db, f->seller, o, ra, 4, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ra[0].answer, "星火咖啡");
	assert_string_equal(ra[1].answer, "复古");
	assert_int_equal(ra[2].upload_id, up.buyer);

	/* The seller may start without the answers. */
	o = ofx_order(f, 1);
	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_start(&f->cx, f->buyer, o), JS_ERR_PERM);
	assert_int_equal(order_start(&f->cx, f->seller, o), 0);
	assert_int_equal(ofx_state(f, o), ORDER_IN_PROGRESS);
	assert_int_equal(order_start(&f->cx, f->seller, o), JS_ERR_STATE);
	ofx_ledger_ok(f);
}

/* Paid, answered, delivered once: the common start of the later scenarios. */
static int64_t
delivered_order(struct ofx *f, int questions)
{
	int64_t o = ofx_order(f, questions), d = 0;

	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	if (questions)
		assert_int_equal(ofx_answer(f, o), 0);
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "初稿", &up.seller, 1, &d), 0);
	assert_true(d > 0);
	return o;
}

/*
 * PostgreSQL: every UPDATE of orders so far was a HOT update, so a transition rewrote no
 * index entry (migration 0011: no index of orders holds a column a transition writes;
 * new pages are left room for the new versions). The backend's pending table counters
 * are flushed first, at the end of the statement that asks for it.
 */
static void
check_orders_updates_hot(struct ofx *f)
{
	int64_t updated;

	if (db_dialect(f->db) != DB_PG)
		return;
	assert_int_equal(db_exec(f->db, "SELECT pg_stat_force_next_flush()"), 0);
	updated = tfx_int(f->db, "SELECT pg_stat_get_tuples_updated('orders'::regclass)");
	assert_true(updated >= 4);
	assert_int_equal(tfx_int(f->db, "SELECT pg_stat_get_tuples_hot_updated("
	    "'orders'::regclass)"), updated);
}

static void
test_deliver_revise_accept(void **state)
{
	struct ofx *f = *state;
	int64_t o = ofx_order(f, 1), d = 0, ups[ORDER_FILES_MAX + 1];
	struct order_delivery *dl = calloc(2, sizeof *dl);
	struct order_info oi;
	size_t n = 0, i;

	assert_non_null(dl);
	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(ofx_answer(f, o), 0);
	/* Files must be the seller's own active uploads, each once, at most ORDER_FILES_MAX. */
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "x", &up.stranger, 1, &d),
	    JS_ERR_PERM);
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "x", &up.seller_deleted, 1,
	    &d), JS_ERR_STATE);
	ups[0] = ups[1] = up.seller;
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "x", ups, 2, &d), JS_ERR_INVALID);
	for (i = 0; i <= ORDER_FILES_MAX; i++)
		ups[i] = up.seller;
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "x", ups, ORDER_FILES_MAX + 1,
	    &d), JS_ERR_TOO_BIG);
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "", NULL, 0, &d), JS_ERR_INVALID);
	assert_int_equal(order_deliver(&f->cx, f->buyer, o, "x", NULL, 0, &d), JS_ERR_PERM);
	ups[0] = up.seller, ups[1] = up.seller2;
	f->cx.now = OFX_T0 + OFX_DAY;
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "初稿", ups, 2, &d), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_DELIVERED);
	assert_int_equal(oi.auto_accept_at, OFX_T0 + OFX_DAY + 3 * OFX_DAY);
	assert_int_equal(count_of(f, "SELECT count(*) FROM jobs WHERE kind ="
	    " 'order.auto_accept' AND run_at = $1", OFX_T0 + 4 * OFX_DAY), 1);
	assert_int_equal(order_deliveries(f->db, f->buyer, o, dl, 2, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(dl[0].message, "初稿");
	assert_int_equal(dl[0].n_files, 2);
	assert_string_equal(dl[0].file_names[1], "logo2.png");

	/* basic has 1 revision. */
	assert_int_equal(order_request_revision(&f->cx, f->buyer, o, ""), JS_ERR_INVALID);
	assert_int_equal(order_request_revision(&f->cx, f->seller, o, "改"), JS_ERR_PERM);
	assert_int_equal(order_request_revision(&f->cx, f->buyer, o, "颜色再亮一些"), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_REVISION_REQUESTED);
	assert_int_equal(oi.revisions_used, 1);
	/* due was OFX_T0 + 3 days; at least 2 days from now (OFX_T0 + 1 day). */
	assert_int_equal(oi.due_at, OFX_T0 + 3 * OFX_DAY);
	assert_int_equal(oi.auto_accept_at, 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, o), JS_ERR_STATE);
	/* No files and no id asked for: the delivery is not read back (deferred). */
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "二稿", NULL, 0, NULL), 0);
	assert_int_equal(order_request_revision(&f->cx, f->buyer, o, "再改"), JS_ERR_STATE);
	assert_int_equal(order_deliveries(f->db, f->seller, o, dl, 2, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(dl[0].message, "二稿");
	assert_int_equal(dl[0].n_files, 0);
	assert_int_equal(count_of(f, "SELECT count(*) FROM deliveries WHERE order_id = $1 AND"
	    " seller_id = (SELECT seller_id FROM orders WHERE id = $1) AND milestone_id IS NULL",
	    o), 2);

	assert_int_equal(order_accept(&f->cx, f->seller, o), JS_ERR_PERM);
	assert_int_equal(order_accept(&f->cx, f->stranger, o), JS_ERR_NOT_FOUND);
	assert_int_equal(order_accept(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, o), JS_ERR_STATE);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_COMPLETED);
	assert_int_equal(oi.accepted_at, OFX_T0 + OFX_DAY);
	assert_int_equal(oi.commission, 2000);
	assert_int_equal(oi.escrow, 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 0);
	assert_int_equal(ofx_bal(f, 0, "commission"), 2000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 500);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 0);
	assert_int_equal(count_of(f, "SELECT count(*) FROM jobs WHERE kind = 'order.clear'"
	    " AND run_at = $1", OFX_T0 + OFX_DAY + 14 * OFX_DAY), 1);
	free(dl);
	ofx_ledger_ok(f);
	check_orders_updates_hot(f);
}

static void
test_revision_moves_due_date(void **state)
{
	struct ofx *f = *state;
	int64_t o = delivered_order(f, 0);
	struct order_info oi;

	/* Delivered at T0, due T0 + 3 days. A revision at T0 + 2.5 days: due = now + 2. */
	f->cx.now = OFX_T0 + 2 * OFX_DAY + OFX_DAY / 2;
	assert_int_equal(order_request_revision(&f->cx, f->buyer, o, "再改"), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.due_at, f->cx.now + 2 * OFX_DAY);
	assert_int_equal(count_of(f, "SELECT count(*) FROM jobs WHERE kind = 'order.late'"
	    " AND run_at = $1", f->cx.now + 2 * OFX_DAY), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM jobs WHERE kind = 'order.late'"
	    " AND $1 = $1", 0), 1);                   /* moved, not added */
	ofx_ledger_ok(f);
}

static void
test_auto_accept_and_clear(void **state)
{
	struct ofx *f = *state;
	int64_t o = delivered_order(f, 0);
	struct order_info oi;

	/* Too early: nothing happens. */
	f->cx.now = OFX_T0 + 3 * OFX_DAY - 1;
	assert_int_equal(order_auto_accept(&f->cx, o), 0);
	assert_int_equal(ofx_state(f, o), ORDER_DELIVERED);
	f->cx.now = OFX_T0 + 3 * OFX_DAY;
	assert_int_equal(order_auto_accept(&f->cx, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_COMPLETED);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);
	/* Twice is harmless. */
	assert_int_equal(order_auto_accept(&f->cx, o), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);

	/* Clearing after 14 days, not a second before. */
	f->cx.now = OFX_T0 + 17 * OFX_DAY - 1;
	assert_int_equal(order_clear(&f->cx, o), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 8000);
	f->cx.now = OFX_T0 + 17 * OFX_DAY;
	assert_int_equal(order_clear(&f->cx, o), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 8000);
	assert_int_equal(order_clear(&f->cx, o), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 8000);
	assert_int_equal(order_get(f->db, f->seller, o, &oi), 0);
	assert_int_equal(oi.cleared_at, OFX_T0 + 17 * OFX_DAY);
	assert_int_equal(count_of(f, "SELECT count(*) FROM ledger_tx WHERE idem_key ="
	    " 'order:' || CAST($1 AS TEXT) || ':clear:1'", o), 1);
	/* Not on an order that is not finished. */
	o = delivered_order(f, 0);
	f->cx.now = OFX_T0 + 100 * OFX_DAY;
	assert_int_equal(order_clear(&f->cx, o), 0);
	assert_int_equal(ofx_state(f, o), ORDER_DELIVERED);
	assert_int_equal(ofx_escrow(f, o), 10000);
	ofx_ledger_ok(f);
}

static void
test_late(void **state)
{
	struct ofx *f = *state;
	int64_t o = ofx_order(f, 0);
	struct order_info oi;

	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	f->cx.now = OFX_T0 + 3 * OFX_DAY - 1;
	assert_int_equal(order_mark_late(&f->cx, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.is_late, 0);
	f->cx.now = OFX_T0 + 3 * OFX_DAY;
	assert_int_equal(order_mark_late(&f->cx, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.is_late, 1);
	assert_int_equal(order_mark_late(&f->cx, o), 0);       /* once */
	assert_int_equal(count_of(f, "SELECT count(*) FROM order_events WHERE order_id = $1"
	    " AND kind = 'mark_late'", o), 1);
	/* Delivered orders are not marked. */
	o = delivered_order(f, 0);
	f->cx.now = OFX_T0 + 30 * OFX_DAY;
	assert_int_equal(order_mark_late(&f->cx, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.is_late, 0);
	ofx_ledger_ok(f);
}

static void
test_tip(void **state)
{
	struct ofx *f = *state;
	int64_t o = delivered_order(f, 0);

	ofx_fund(f, f->buyer, 5000);
	assert_int_equal(order_tip(&f->cx, f->buyer, o, 1000, "谢谢"), JS_ERR_STATE);
	assert_int_equal(order_accept(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_tip(&f->cx, f->seller, o, 1000, NULL), JS_ERR_PERM);
	assert_int_equal(order_tip(&f->cx, f->buyer, o, 0, NULL), JS_ERR_INVALID);
	assert_int_equal(order_tip(&f->cx, f->buyer, o, 5001, NULL), JS_ERR_FUNDS);
	assert_int_equal(order_tip(&f->cx, f->buyer, o, 1001, "谢谢"), 0);
	/* 20 % of 10.01 = 2.002 -> 2.00; the rest straight to available. */
	assert_int_equal(ofx_bal(f, f->seller, "available"), 801);
	assert_int_equal(ofx_bal(f, 0, "commission"), 2000 + 200);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 3999);
	f->conf.tip_commission = 0;
	assert_int_equal(order_tip(&f->cx, f->buyer, o, 1000, NULL), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 1801);
	assert_int_equal(count_of(f, "SELECT count(*) FROM tips WHERE order_id = $1", o), 2);
	assert_int_equal(count_of(f, "SELECT count(*) FROM ledger_tx WHERE idem_key ="
	    " 'order:' || CAST($1 AS TEXT) || ':tip:2'", o), 1);
	ofx_ledger_ok(f);
}

static void
test_milestones(void **state)
{
	struct ofx *f = *state;
	int64_t o = ofx_ms_order(f, 30001, 20000), d;
	struct order_milestone ms[4];
	struct order_info oi;
	size_t n = 0;

	/* fees: 1500.05 -> 1500, 1000 */
	ofx_fund(f, f->buyer, 31501 + 21000);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.milestones, 2);
	assert_int_equal(oi.total, 50001 + 2500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_IN_PROGRESS);   /* no gig: no questions */
	assert_int_equal(oi.due_at, OFX_T0 + 3 * OFX_DAY);
	assert_int_equal(oi.buyer_fee, 2500);
	assert_int_equal(ofx_escrow(f, o), 30001);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 21000);
	assert_int_equal(order_milestones(f->db, f->seller, o, ms, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ms[0].state, "funded");
	assert_int_equal(ms[0].fee, 1500);
	assert_string_equal(ms[1].state, "pending");
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "阶段一", NULL, 0, &d), 0);
	f->cx.now = OFX_T0 + OFX_DAY;
	assert_int_equal(order_accept(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_AWAITING_PAYMENT);
	assert_int_equal(oi.accepted_at, 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 30001 - 6000);
	/* Clearing waits for the end of the order. */
	f->cx.now = OFX_T0 + 20 * OFX_DAY;
	assert_int_equal(order_clear(&f->cx, o), 0);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 24001);

	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_IN_PROGRESS);
	assert_int_equal(oi.due_at, OFX_T0 + 24 * OFX_DAY);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 0);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), JS_ERR_STATE);
	assert_int_equal(order_deliver(&f->cx, f->seller, o, "阶段二", NULL, 0, &d), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_get(f->db, f->buyer, o, &oi), 0);
	assert_int_equal(oi.state, ORDER_COMPLETED);
	assert_int_equal(oi.commission, 6000 + 4000);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 24001 + 16000);
	assert_int_equal(ofx_bal(f, 0, "fees"), 2500);
	assert_int_equal(ofx_escrow(f, o), 0);
	f->cx.now = OFX_T0 + 34 * OFX_DAY;
	assert_int_equal(order_clear(&f->cx, o), 0);
	assert_int_equal(ofx_bal(f, f->seller, "available"), 40001);
	assert_int_equal(ofx_bal(f, f->seller, "pending"), 0);
	assert_int_equal(order_milestones(f->db, f->buyer, o, ms, 4, &n), 0);
	assert_string_equal(ms[0].state, "released");
	assert_string_equal(ms[1].state, "released");
	ofx_ledger_ok(f);
}

static void
test_reads_scoped(void **state)
{
	struct ofx *f = *state;
	int64_t o1 = ofx_order(f, 1), o2 = delivered_order(f, 0), c[ORDER_STATES];
	struct order_info *li = calloc(8, sizeof *li);
	struct order_event ev[16];
	size_t n = 0, i;
	uint32_t mask = 0;

	assert_non_null(li);
	assert_int_equal(order_list(f->db, f->buyer, ORDER_SIDE_BUYER, -1, 0, li, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(li[0].id, o2);                 /* newest first */
	assert_int_equal(order_list(f->db, f->buyer, ORDER_SIDE_BUYER, -1, o2, li, 8, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(li[0].id, o1);
	assert_int_equal(order_list(f->db, f->buyer, ORDER_SIDE_BUYER, ORDER_DELIVERED, 0, li,
	    8, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(li[0].escrow, 10000);
	assert_int_equal(order_list(f->db, f->buyer, ORDER_SIDE_SELLER, -1, 0, li, 8, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(order_list(f->db, f->seller, ORDER_SIDE_SELLER, -1, 0, li, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(li[0].viewer_role, ORDER_ROLE_SELLER);
	assert_int_equal(order_list(f->db, f->stranger, ORDER_SIDE_BUYER, -1, 0, li, 8, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(order_list(f->db, f->buyer, ORDER_SIDE_ALL, -1, 0, li, 8, &n),
	    JS_ERR_PERM);
	assert_int_equal(order_list(f->db, f->admin, ORDER_SIDE_ALL, -1, 0, li, 8, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(li[0].viewer_role, ORDER_ROLE_ADMIN);
	assert_int_equal(order_list(f->db, f->buyer, ORDER_SIDE_BUYER, 99, 0, li, 8, &n),
	    JS_ERR_INVALID);
	assert_int_equal(order_counts(f->db, f->buyer, ORDER_SIDE_BUYER, c), 0);
	assert_int_equal(c[ORDER_AWAITING_PAYMENT], 1);
	assert_int_equal(c[ORDER_DELIVERED], 1);
	assert_int_equal(c[ORDER_COMPLETED], 0);
	assert_int_equal(order_counts(f->db, f->stranger, ORDER_SIDE_ALL, c), JS_ERR_PERM);

	assert_int_equal(order_get(f->db, f->stranger, o1, li), JS_ERR_NOT_FOUND);
	assert_int_equal(order_get(f->db, f->admin, o1, li), 0);
	assert_int_equal(li[0].viewer_role, ORDER_ROLE_ADMIN);
	assert_int_equal(order_get(f->db, f->buyer, 999999, li), JS_ERR_NOT_FOUND);

	assert_int_equal(order_timeline(f->db, f->stranger, o2, 0, ev, 16, &n),
	    JS_ERR_NOT_FOUND);
	assert_int_equal(order_timeline(f->db, f->seller, o2, 0, ev, 16, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ev[0].kind, "create");
	assert_string_equal(ev[0].actor_handle, "buyer");
	assert_string_equal(ev[0].state, "awaiting_payment");
	assert_string_equal(ev[1].kind, "pay");
	assert_int_equal(ev[1].amount, 10500);
	assert_string_equal(ev[1].state, "in_progress");
	assert_string_equal(ev[2].kind, "deliver");
	assert_string_equal(ev[2].text, "初稿");
	assert_string_equal(ev[2].state, "delivered");
	assert_int_equal(order_timeline(f->db, f->seller, o2, ev[1].id, ev, 16, &n), 0);
	assert_int_equal(n, 1);

	/* Actions: exactly what the viewer may do now. */
	assert_int_equal(order_actions(&f->cx, f->buyer, o2, &mask), 0);
	assert_true(mask & (1u << ORDER_ACT_ACCEPT));
	assert_true(mask & (1u << ORDER_ACT_REQUEST_REVISION));
	assert_false(mask & (1u << ORDER_ACT_DELIVER));
	assert_false(mask & (1u << ORDER_ACT_AUTO_ACCEPT));
	assert_int_equal(order_actions(&f->cx, f->seller, o2, &mask), 0);
	assert_false(mask & (1u << ORDER_ACT_ACCEPT));
	assert_int_equal(order_actions(&f->cx, f->stranger, o2, &mask), JS_ERR_NOT_FOUND);
	assert_int_equal(order_actions(&f->cx, f->buyer, o1, &mask), 0);
	assert_true(mask & (1u << ORDER_ACT_PAY));
	assert_true(mask & (1u << ORDER_ACT_CANCEL_UNPAID));
	assert_false(mask & (1u << ORDER_ACT_REQUEST_CANCEL));
	for (i = 0; i < 2; i++)
		assert_int_equal(order_request_revision(&f->cx, f->buyer, o2, "改"),
		    i == 0 ? 0 : JS_ERR_STATE);
	free(li);
	ofx_ledger_ok(f);
}

static void
test_actions_with_cancel_request(void **state)
{
	struct ofx *f = *state;
	int64_t o = ofx_order(f, 0);
	uint32_t b = 0, s = 0, sys = 0;
	const uint32_t respond = 1u << ORDER_ACT_RESPOND_CANCEL,
	    withdraw = 1u << ORDER_ACT_WITHDRAW_CANCEL, expire = 1u << ORDER_ACT_EXPIRE_CANCEL,
	    request = 1u << ORDER_ACT_REQUEST_CANCEL;

	ofx_fund(f, f->buyer, 10500);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(order_actions(&f->cx, f->buyer, o, &b), 0);
	assert_true(b & request);
	assert_false(b & (respond | withdraw));
	assert_int_equal(order_request_cancel(&f->cx, f->buyer, o, "不需要了"), 0);
	assert_int_equal(order_actions(&f->cx, f->buyer, o, &b), 0);
	assert_int_equal(order_actions(&f->cx, f->seller, o, &s), 0);
	assert_int_equal(order_actions(&f->cx, 0, o, &sys), 0);
	assert_true(b & withdraw);
	assert_false(b & (respond | request));
	assert_true(s & respond);
	assert_false(s & (withdraw | request));
	assert_false(sys & expire);                   /* not before it times out */
	f->cx.now = OFX_T0 + 48 * 3600;
	assert_int_equal(order_actions(&f->cx, 0, o, &sys), 0);
	assert_true(sys & expire);
	assert_int_equal(order_expire_cancel(&f->cx, o), 0);
	assert_int_equal(ofx_state(f, o), ORDER_CANCELLED);
	assert_int_equal(ofx_bal(f, f->buyer, "available"), 10500);
	ofx_ledger_ok(f);
}

static void
test_wallet(void **state)
{
	struct ofx *f = *state;
	struct ledger_entry h[4];
	struct wallet w;
	int64_t o;
	size_t n = 0;

	assert_int_equal(wallet_topup_sandbox(f->db, 0, f->buyer, 100, "k"), JS_ERR_PERM);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 0, "k"), JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, WALLET_TOPUP_MAX + 1, "k"),
	    JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 100, NULL), JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 20000, "k"), 0);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 20000, "k"), 0);  /* replay */
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->seller, 300, "k"), 0);   /* own key */
	assert_int_equal(wallet_get(f->db, f->buyer, f->buyer, &w), 0);
	assert_int_equal(w.available, 20000);
	assert_int_equal(w.pending, 0);
	assert_int_equal(w.escrow, 0);
	o = ofx_order(f, 0);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o), 0);
	assert_int_equal(wallet_get(f->db, f->buyer, f->buyer, &w), 0);
	assert_int_equal(w.available, 9500);
	assert_int_equal(w.escrow, 10000);
	assert_int_equal(wallet_get(f->db, f->stranger, f->buyer, &w), JS_ERR_PERM);
	assert_int_equal(wallet_get(f->db, f->admin, f->buyer, &w), 0);
	assert_int_equal(w.available, 9500);
	assert_int_equal(wallet_history(f->db, f->buyer, f->buyer, WALLET_AVAILABLE, 0, h, 4,
	    &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].amount, -10500);
	assert_int_equal(h[0].balance_after, 9500);
	assert_int_equal(h[1].amount, 20000);
	assert_int_equal(wallet_history(f->db, f->buyer, f->buyer, WALLET_PENDING, 0, h, 4,
	    &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(wallet_history(f->db, f->seller, f->buyer, WALLET_AVAILABLE, 0, h, 4,
	    &n), JS_ERR_PERM);
	ofx_ledger_ok(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UP_TEST(test_fee_rounding),
		UP_TEST(test_quote_and_create),
		UP_TEST(test_pay),
		UP_TEST(test_buy),
		UP_TEST(test_requirements),
		UP_TEST(test_deliver_revise_accept),
		UP_TEST(test_revision_moves_due_date),
		UP_TEST(test_auto_accept_and_clear),
		UP_TEST(test_late),
		UP_TEST(test_tip),
		UP_TEST(test_milestones),
		UP_TEST(test_reads_scoped),
		UP_TEST(test_actions_with_cancel_request),
		UP_TEST(test_wallet),
	};

	return tfx_run_both("order", tests, TFX_COUNT(tests)) != 0;
}
