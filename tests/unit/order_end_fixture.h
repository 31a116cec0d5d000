/* order_end_fixture.h: what the tests of cancellation, disputes and offers share
 * (test_order_cancel.c, test_order_dispute.c, test_offer.c): users, money in, orders
 * from offers, balances and the ledger check, on either store. Include after cmocka.h.
 * Everything is static inline so a test may leave some of it unused. */
#ifndef JS_ORDER_END_FIXTURE_H
#define JS_ORDER_END_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "ledger.h"
#include "offer.h"
#include "order.h"
#include "testdb.h"

#define OFX_T0 INT64_C(1800000000)    /* the tests' clock starts here */

struct ofx {
	struct db *db;
	char url[1024];
	struct order_conf conf;
	struct order_ctx cx;
	int64_t seller, buyer, stranger, admin;
	int topups;
};

static inline int64_t
ofx_user(struct db *db, const char *handle, int freelancer, int admin)
{
	struct account_signup s;
	char b64[64], fp[64];
	int64_t id = 0;
	struct db_stmt *st;

	snprintf(b64, sizeof b64, "AAAAC3NzaC1lZDI1NTE5AAAAI%s", handle);
	snprintf(fp, sizeof fp, "SHA256:%sxxxxxxxxxxxxxxxxxxxx", handle);
	memset(&s, 0, sizeof s);
	s.handle = handle;
	s.display_name = "李雷";
	s.is_client = 1;
	s.is_freelancer = freelancer;
	s.locale = "zh_CN";
	s.key_type = "ssh-ed25519";
	s.key_b64 = b64;
	s.key_fp = fp;
	assert_int_equal(account_signup(db, &s, &id, NULL), 0);
	if (admin) {
		assert_int_equal(db_prepare(db, "UPDATE users SET is_admin = 1 WHERE id = $1",
		                            &st), 0);
		assert_int_equal(db_bind_int64(st, 1, id), 0);
		assert_int_equal(db_step_done(st), 0);
	}
	return id;
}

static inline void
ofx_open(struct ofx *f, enum testdb_store store)
{
	memset(f, 0, sizeof *f);
	f->db = testdb_open_new(store, f->url, sizeof f->url);
	order_conf_defaults(&f->conf);
	f->cx.db = f->db;
	f->cx.conf = &f->conf;
	f->cx.now = OFX_T0;
	f->seller = ofx_user(f->db, "seller", 1, 0);
	f->buyer = ofx_user(f->db, "buyer", 0, 0);
	f->stranger = ofx_user(f->db, "stranger", 1, 0);
	f->admin = ofx_user(f->db, "boss", 0, 1);
}

static inline void
ofx_close(struct ofx *f)
{
	db_close(f->db);
	testdb_drop(f->url);
}

static inline int64_t
ofx_account(struct ofx *f, const char *owner_type, int64_t owner, const char *purpose)
{
	int64_t id = 0;

	assert_int_equal(ledger_account(f->db, owner_type, owner, purpose, "CNY", &id), 0);
	return id;
}

static inline int64_t
ofx_bal(struct ofx *f, const char *owner_type, int64_t owner, const char *purpose)
{
	int64_t b = -1;

	assert_int_equal(ledger_balance(f->db, ofx_account(f, owner_type, owner, purpose), &b),
	                 0);
	return b;
}

/* Sandbox money into the user's available balance. */
static inline void
ofx_topup(struct ofx *f, int64_t user, int64_t amount)
{
	struct ledger_posting p[2];
	struct ledger_tx_req req;
	char key[64];

	snprintf(key, sizeof key, "test:topup:%d", ++f->topups);
	p[0] = (struct ledger_posting){ ofx_account(f, "platform", 0, "clearing:sandbox"),
	                                -amount };
	p[1] = (struct ledger_posting){ ofx_account(f, "user", user, "available"), amount };
	memset(&req, 0, sizeof req);
	req.idem_key = key;
	req.kind = "topup";
	req.postings = p;
	req.n = 2;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), 0);
}

static inline void
ofx_ledger_ok(struct ofx *f)
{
	struct ledger_report rep;

	assert_int_equal(ledger_check(f->db, &rep), 0);
	assert_false(ledger_report_bad(&rep));
	assert_int_equal(rep.total, 0);
}

/* One integer from a query with one id parameter. */
static inline int64_t
ofx_int(struct ofx *f, const char *sql, int64_t id)
{
	struct db_stmt *st;
	int64_t v;

	assert_int_equal(db_prepare(f->db, sql, &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

static inline void
ofx_assert_state(struct ofx *f, int64_t order_id, const char *state)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, "SELECT state FROM orders WHERE id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, order_id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), state);
	db_reset(st);
}

/* A valid offer from the fixture's seller to its buyer: price, and n_ms milestones
 * with the given amounts (1 day each; the offer's days are then n_ms, else 5). */
static inline void
ofx_offer_fill(struct ofx *f, struct offer_new *n, int64_t price, size_t n_ms,
               const int64_t *amounts)
{
	size_t i;

	memset(n, 0, sizeof *n);
	n->buyer_id = f->buyer;
	snprintf(n->title, sizeof n->title, "定制网站首页设计");
	snprintf(n->description, sizeof n->description, "首页 + 两个内页，含源文件。");
	n->price = price;
	n->delivery_days = n_ms > 0 ? (int)n_ms : 5;
	n->revisions = 2;
	n->n_ms = n_ms;
	for (i = 0; i < n_ms; i++) {
		snprintf(n->ms[i].title, sizeof n->ms[i].title, "阶段 %zu", i + 1);
		n->ms[i].amount = amounts[i];
		n->ms[i].delivery_days = 1;
	}
}

/* An order in awaiting_payment, through an accepted offer. */
static inline int64_t
ofx_order(struct ofx *f, int64_t price, size_t n_ms, const int64_t *amounts)
{
	struct offer_new n;
	int64_t offer = 0, order = 0;

	ofx_offer_fill(f, &n, price, n_ms, amounts);
	assert_int_equal(offer_send(&f->cx, f->seller, &n, &offer), 0);
	assert_int_equal(offer_accept(&f->cx, f->buyer, offer, &order), 0);
	assert_true(order > 0);
	return order;
}

/* A single-payment order paid from a wallet topped up with exactly its total (the
 * buyer's available balance is 0 afterwards); in_progress, as an offer asks nothing. */
static inline int64_t
ofx_paid(struct ofx *f, int64_t price)
{
	int64_t id = ofx_order(f, price, 0, NULL);

	ofx_topup(f, f->buyer, price + order_buyer_fee(&f->conf, price));
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, id), 0);
	ofx_assert_state(f, id, "in_progress");
	assert_int_equal(ofx_bal(f, "user", f->buyer, "available"), 0);
	return id;
}

/* ... and delivered. */
static inline int64_t
ofx_delivered(struct ofx *f, int64_t price)
{
	int64_t id = ofx_paid(f, price), d = 0;

	assert_int_equal(order_deliver(&f->cx, f->seller, id, "初稿见附件", NULL, 0, &d), 0);
	ofx_assert_state(f, id, "delivered");
	return id;
}

#endif
