/* order_fixture.h: a marketplace just big enough for order races and benchmarks: a
 * category, buyers with money, sellers each with one gig that asks no questions (so a
 * paid order goes straight to in_progress), and two admins.
 *
 * Header-only (static inline) on purpose: the stress and bench programs link only
 * tests/lib/testdb.o, and this keeps the Makefile untouched. Exits on any failure, as
 * testdb.h does: a program cannot go on without its fixture. */
#ifndef JS_ORDER_FIXTURE_H
#define JS_ORDER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "gig.h"
#include "ledger.h"

#define OFX_PAIRS_MAX 16
#define OFX_PRICE 30000           /* the basic package: ¥300.00 */

struct order_fx {
	int n;                         /* buyer/seller pairs */
	int64_t buyer[OFX_PAIRS_MAX], seller[OFX_PAIRS_MAX], gig[OFX_PAIRS_MAX];
	int64_t admin[2];
};

static inline void
ofx_die(const char *what, struct db *db, int r)
{
	fprintf(stderr, "order fixture: %s: %s (%s)\n", what, js_strerror(r), db_errmsg(db));
	exit(1);
}

static inline int64_t
ofx_insert_id(struct db *db, const char *sql, const char *text, int64_t v)
{
	struct db_stmt *st;
	int64_t id = 0;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_text(st, 1, text)) != 0 ||
	    (v >= 0 && (r = db_bind_int64(st, 2, v)) != 0))
		ofx_die("insert", db, r);
	if ((r = db_step(st)) != DB_ROW)
		ofx_die("insert", db, r < 0 ? r : JS_ERR_DB);
	id = db_col_int64(st, 0);
	db_reset(st);
	return id;
}

static inline int64_t
ofx_user(struct db *db, const char *handle, int admin)
{
	return ofx_insert_id(db, "INSERT INTO users (handle, display_name, is_client,"
	    " is_freelancer, is_admin) VALUES ($1, $1, 1, 1, $2) RETURNING id", handle, admin);
}

/* A valid gig without requirements, active (moderation is off in a fresh database). */
static inline int64_t
ofx_gig(struct db *db, int64_t seller, int64_t category)
{
	struct gig_content *c = calloc(1, sizeof *c);
	struct gig_bad bad;
	int64_t id = 0;
	char to[16];
	int r;

	if (c == NULL)
		ofx_die("gig", db, JS_ERR_NOMEM);
	c->category_id = category;
	strcpy(c->title, "压力测试用的 Logo 设计");
	strcpy(c->description, "只为测试订单流程。\n不提出任何问题。");
	strcpy(c->pkg[0].name, "基础版");
	c->pkg[0].price = OFX_PRICE;
	c->pkg[0].delivery_days = 3;
	c->pkg[0].revisions = 2;
	if ((r = gig_create(db, seller, c, &id, &bad)) != 0)
		ofx_die(bad.field != NULL ? bad.field : "gig_create", db, r);
	free(c);
	if ((r = gig_transition(db, seller, id, GIG_SUBMIT, NULL, to, NULL)) != 0)
		ofx_die("gig submit", db, r);
	return id;
}

/* Put `amount` fen into a user's available balance from the sandbox clearing account. */
static inline void
ofx_topup(struct db *db, int64_t user, int64_t amount)
{
	struct ledger_posting p[2];
	struct ledger_tx_req req;
	int64_t clearing, avail;
	char key[48];
	int r;

	if ((r = ledger_account(db, "platform", 0, "clearing:sandbox", "CNY", &clearing)) != 0 ||
	    (r = ledger_account(db, "user", user, "available", "CNY", &avail)) != 0)
		ofx_die("account", db, r);
	p[0] = (struct ledger_posting){ clearing, -amount };
	p[1] = (struct ledger_posting){ avail, amount };
	memset(&req, 0, sizeof req);
	snprintf(key, sizeof key, "fixture:topup:%lld", (long long)user);
	req.idem_key = key;
	req.kind = "topup";
	req.postings = p;
	req.n = 2;
	if ((r = ledger_post(db, &req, NULL, NULL)) != 0)
		ofx_die("topup", db, r);
}

/* n buyer/seller pairs (buyer i orders from seller i's gig), each buyer with `money`. */
static inline void
ofx_setup(struct db *db, int n, int64_t money, struct order_fx *fx)
{
	char h[32];
	int64_t top, sub;
	int i;

	if (n < 1 || n > OFX_PAIRS_MAX)
		ofx_die("pairs", db, JS_ERR_INVALID);
	memset(fx, 0, sizeof *fx);
	fx->n = n;
	top = ofx_insert_id(db, "INSERT INTO categories (slug, name_zh, name_en) VALUES"
	    " ($1, '测试', 'Test') RETURNING id", "fx-top", -1);
	sub = ofx_insert_id(db, "INSERT INTO categories (parent_id, slug, name_zh, name_en)"
	    " VALUES ($2, $1, '测试子类', 'Test sub') RETURNING id", "fx-sub", top);
	fx->admin[0] = ofx_user(db, "admin1", 1);
	fx->admin[1] = ofx_user(db, "admin2", 1);
	for (i = 0; i < n; i++) {
		snprintf(h, sizeof h, "buyer%d", i);
		fx->buyer[i] = ofx_user(db, h, 0);
		snprintf(h, sizeof h, "seller%d", i);
		fx->seller[i] = ofx_user(db, h, 0);
		fx->gig[i] = ofx_gig(db, fx->seller[i], sub);
		ofx_topup(db, fx->buyer[i], money);
	}
}

/* A balance by owner and purpose ("user" id "available", "platform" 0 "fees", ...). */
static inline int64_t
ofx_balance(struct db *db, const char *owner_type, int64_t owner, const char *purpose)
{
	int64_t acct, bal;
	int r;

	if ((r = ledger_account(db, owner_type, owner, purpose, "CNY", &acct)) != 0 ||
	    (r = ledger_balance(db, acct, &bal)) != 0)
		ofx_die("balance", db, r);
	return bal;
}

/* One integer from a query with one integer parameter. */
static inline int64_t
ofx_count(struct db *db, const char *sql, int64_t arg)
{
	struct db_stmt *st;
	int64_t n;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_int64(st, 1, arg)) != 0)
		ofx_die("query", db, r);
	if ((r = db_step(st)) != DB_ROW)
		ofx_die("query", db, r < 0 ? r : JS_ERR_DB);
	n = db_col_int64(st, 0);
	db_reset(st);
	return n;
}

/* ledger_check: 0 when every invariant holds, else an offender's id (or -1). */
static inline int64_t
ofx_ledger_bad(struct db *db)
{
	struct ledger_report rep;
	int r;

	if ((r = ledger_check(db, &rep)) != 0)
		ofx_die("ledger_check", db, r);
	return ledger_report_bad(&rep) ? (rep.first_bad_id != 0 ? rep.first_bad_id : -1) : 0;
}

#endif
