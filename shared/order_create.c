/* order_create.c: pricing a gig selection (package tier x quantity + extras) and creating
 * the order from it, with prices, days and revisions snapshotted (docs/orders.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gig.h"
#include "order_impl.h"
#include "utf8.h"

#define ORDER_IDEM_MAX 128            /* bytes of a caller's idempotency key */

/* A quote plus what only order_create needs: the gig_extras id of each line. */
struct quote_full {
	struct order_quote q;
	int64_t extra_id[1 + GIG_EXTRAS_MAX];
};

static int
check_selection(const struct order_new *n)
{
	size_t i, j;

	if (n == NULL || n->gig_id <= 0 || (int)n->tier < 0 || n->tier >= GIG_TIERS ||
	    n->quantity < 1 || n->quantity > ORDER_QTY_MAX || n->n_extras > GIG_EXTRAS_MAX)
		return JS_ERR_INVALID;
	for (i = 0; i < n->n_extras; i++) {
		if (n->extras[i].extra_id <= 0 || n->extras[i].quantity < 1 ||
		    n->extras[i].quantity > ORDER_QTY_MAX)
			return JS_ERR_INVALID;
		/* One line per extra: picking it twice is a UI bug, not twice the extra. */
		for (j = 0; j < i; j++)
			if (n->extras[j].extra_id == n->extras[i].extra_id)
				return JS_ERR_INVALID;
	}
	return 0;
}

/* The package line in f from a row whose columns from `col` on are name, price,
 * delivery_days, revisions. */
static void
package_line(struct db_stmt *st, int col, const struct order_new *n, struct quote_full *f)
{
	struct order_quote_line *l = &f->q.lines[f->q.n_lines];

	memset(l, 0, sizeof *l);
	snprintf(l->kind, sizeof l->kind, "package");
	utf8_copy(l->title, sizeof l->title, db_col_text(st, col));
	l->unit_price = db_col_int64(st, col + 1);
	l->quantity = n->quantity;
	l->line_total = l->unit_price * l->quantity;
	f->q.delivery_days = (int)db_col_int64(st, col + 2);
	f->q.revisions = (int)db_col_int64(st, col + 3);
	f->extra_id[f->q.n_lines++] = 0;
}

static int
add_package(struct db *db, const struct order_new *n, struct quote_full *f)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT name, price, delivery_days, revisions FROM "
	                    "gig_packages WHERE gig_id = $1 AND tier = $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, n->gig_id)) != 0 ||
	    (r = db_bind_text(st, 2, gig_tier_name(n->tier))) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		/* The gig exists (gig_orderable said so) but has no such tier. */
		return r < 0 ? r : JS_ERR_INVALID;
	}
	package_line(st, 0, n, f);
	db_reset(st);
	return 0;
}

static int
add_extra(struct db *db, int64_t gig_id, const struct order_extra_pick *p,
          struct quote_full *f)
{
	struct order_quote_line *l = &f->q.lines[f->q.n_lines];
	struct db_stmt *st;
	const char *kind;
	int r, days;

	if ((r = db_prepare(db, "SELECT kind, title, price, added_days FROM gig_extras "
	                    "WHERE id = $1 AND gig_id = $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, p->extra_id)) != 0 ||
	    (r = db_bind_int64(st, 2, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_INVALID;
	}
	r = 0;
	memset(l, 0, sizeof *l);
	snprintf(l->kind, sizeof l->kind, "extra");
	kind = db_col_text(st, 0);
	utf8_copy(l->title, sizeof l->title, db_col_text(st, 1));
	l->unit_price = db_col_int64(st, 2);
	l->quantity = p->quantity;
	l->line_total = l->unit_price * l->quantity;
	days = (int)db_col_int64(st, 3);
	if (strcmp(kind, "fast_delivery") == 0) {
		/* Delivering faster twice over is not a thing: one unit only. */
		if (p->quantity != 1)
			r = JS_ERR_INVALID;
		l->added_days = days;
	} else if (strcmp(kind, "extra_revision") == 0) {
		l->added_days = days * p->quantity;
		l->added_revisions = p->quantity;      /* one revision per unit bought */
	} else {
		l->added_days = days * p->quantity;
	}
	db_reset(st);
	if (r != 0)
		return r;
	f->extra_id[f->q.n_lines++] = p->extra_id;
	return 0;
}

static int quote_finish(struct db *db, const struct order_conf *c,
                        const struct order_new *n, struct quote_full *f);

/* The quote of n against the gig as it is now; the totals follow the lines. */
static int
quote_build(struct db *db, const struct order_conf *c, const struct order_new *n,
            struct quote_full *f)
{
	int r;

	memset(f, 0, sizeof *f);
	if ((r = check_selection(n)) != 0 || (r = gig_orderable(db, n->gig_id)) != 0 ||
	    (r = add_package(db, n, f)) != 0)
		return r;
	return quote_finish(db, c, n, f);
}

/* The extras' lines and the totals, after the package line. */
static int
quote_finish(struct db *db, const struct order_conf *c, const struct order_new *n,
             struct quote_full *f)
{
	size_t i;
	int r;

	for (i = 0; i < n->n_extras; i++)
		if ((r = add_extra(db, n->gig_id, &n->extras[i], f)) != 0)
			return r;
	for (i = 0; i < f->q.n_lines; i++) {
		f->q.subtotal += f->q.lines[i].line_total;
		f->q.delivery_days += f->q.lines[i].added_days;
		if (f->q.revisions >= 0)
			f->q.revisions += f->q.lines[i].added_revisions;
	}
	/* gig_validate keeps fast delivery above the fastest package; this is a floor for
	 * an extra edited after the packages changed. */
	if (f->q.delivery_days < 1)
		f->q.delivery_days = 1;
	f->q.buyer_fee = order_buyer_fee(c, f->q.subtotal);
	f->q.total = f->q.subtotal + f->q.buyer_fee;
	f->q.commission = order_commission(c, f->q.subtotal);
	return 0;
}

int
order_quote(struct db *db, const struct order_conf *c, const struct order_new *n,
            struct order_quote *out)
{
	struct quote_full *f;
	int r;

	if (db == NULL || c == NULL || out == NULL)
		return JS_ERR_INVALID;
	if ((f = malloc(sizeof *f)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = quote_build(db, c, n, f)) == 0)
		*out = f->q;
	free(f);
	return r;
}

struct create_args {
	struct order_ctx *cx;
	int64_t actor;
	const struct order_new *n;
	const char *key;               /* "u:<buyer>:<caller's key>" or NULL */
	struct quote_full f;
	int64_t id;
	int existed;                   /* the key's order was there already */
	int pay;                       /* order_buy: make the order paid from the wallet */
	int questions;                 /* the gig asks the buyer something */
	int64_t buyer_available;       /* the buyer's available account (0: none yet) */
};

/* The buyer's order with this key, if there is one (0 when none). */
static int
find_by_key(struct db *db, const char *key, int64_t *id)
{
	struct db_stmt *st;
	int r;

	*id = 0;
	if ((r = db_prepare(db, "SELECT id FROM orders WHERE idem_key = $1", &st)) != 0 ||
	    (r = db_bind_text(st, 1, key)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return r < 0 ? r : 0;
}

static int active_user(struct db *db, int64_t user);

/*
 * What an order needs to know before it is made, in one statement (one round trip
 * instead of four): the buyer is active (else JS_ERR_PERM), the gig exists
 * (JS_ERR_NOT_FOUND), is not the buyer's own (JS_ERR_PERM), it and its seller are
 * active (JS_ERR_STATE, as gig_orderable), and has the chosen package (JS_ERR_INVALID):
 * the errors in the order the separate checks gave them. Fills the package line of
 * a->f, *seller and title, and what a payment at once needs: a->questions and
 * a->buyer_available.
 */
static int
create_read(struct create_args *a, int64_t *seller, char *title, size_t len)
{
	struct db *db = a->cx->db;
	struct db_stmt *st;
	int r;

	memset(&a->f, 0, sizeof a->f);
	if ((r = db_prepare(db, "SELECT g.seller_id, g.title, g.status, u.status, "
	                    "CASE WHEN EXISTS (SELECT 1 FROM users b WHERE b.id = $2 AND "
	                    "b.status = 'active') THEN 1 ELSE 0 END, "
	                    "CASE WHEN p.gig_id IS NULL THEN 0 ELSE 1 END, "
	                    "p.name, p.price, p.delivery_days, p.revisions, "
	                    QUESTIONS_COL("g.id") ", "
	                    ACCT_COL("'user'", "$2", "available") " "
	                    "FROM gigs g JOIN users u ON u.id = g.seller_id "
	                    "LEFT JOIN gig_packages p ON p.gig_id = g.id AND p.tier = $3 "
	                    "WHERE g.id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, a->n->gig_id)) != 0 ||
	    (r = db_bind_int64(st, 2, a->actor)) != 0 ||
	    (r = db_bind_text(st, 3, gig_tier_name(a->n->tier))) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		if (r < 0)
			return r;
		return (r = active_user(db, a->actor)) != 0 ? r : JS_ERR_NOT_FOUND;
	}
	*seller = db_col_int64(st, 0);
	utf8_copy(title, len, db_col_text(st, 1));
	r = 0;
	if (db_col_int64(st, 4) == 0)
		r = JS_ERR_PERM;
	else if (*seller == a->actor)
		r = JS_ERR_PERM;
	else if (strcmp(db_col_text(st, 2), "active") != 0 ||
	         strcmp(db_col_text(st, 3), "active") != 0)
		r = JS_ERR_STATE;
	else if (db_col_int64(st, 5) == 0)
		r = JS_ERR_INVALID;    /* the gig exists but has no such tier */
	else
		package_line(st, 6, a->n, &a->f);
	a->questions = (int)db_col_int64(st, 10);
	a->buyer_available = db_col_int64(st, 11);
	db_reset(st);
	return r;
}

static int
active_user(struct db *db, int64_t user)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT 1 FROM users WHERE id = $1 AND status = 'active'",
	                    &st)) != 0 || (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	r = db_step(st);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_PERM;
}

/*
 * The orders row, and o as the transitions see it. Made paid (a->pay, order_buy): in
 * the state and with the clock a payment gives a new order (order_pay.c's pay_tx: the
 * answers awaited, else in progress and due in delivery_days), so the payment needs no
 * UPDATE of the row, and the row's shard of the platform's fee account comes back with
 * the id. o->id 0: the key's order exists (a concurrent create with the same key waited
 * for the first and inserted nothing).
 */
static int
insert_order(struct create_args *a, int64_t seller, const char *title, struct order_row *o)
{
	const struct order_quote *q = &a->f.q;
	int64_t now = order_now(a->cx);
	struct db_stmt *st;
	int r;

	memset(o, 0, sizeof *o);
	o->buyer_id = a->actor;
	o->seller_id = seller;
	o->gig_id = a->n->gig_id;
	o->quantity = a->n->quantity;
	o->subtotal = q->subtotal;
	o->buyer_fee = q->buyer_fee;
	o->total = q->total;
	o->delivery_days = q->delivery_days;
	o->revisions_allowed = q->revisions;
	o->has_questions = a->questions;
	o->buyer_available = a->buyer_available;
	o->state = ORDER_AWAITING_PAYMENT;
	if (a->pay) {
		o->paid_at = now;
		o->state = a->questions ? ORDER_AWAITING_REQUIREMENTS : ORDER_IN_PROGRESS;
		if (!a->questions) {
			o->started_at = now;
			o->due_at = order_due_at(now, o->delivery_days);
		}
	}
	/* ON CONFLICT: a concurrent create with the same key waits for the first and then
	 * inserts nothing; the caller then returns the first's order. */
	if ((r = db_prepare(a->cx->db, "INSERT INTO orders (buyer_id, seller_id, gig_id, "
	                    "origin, package_tier, title, quantity, payment_mode, subtotal, "
	                    "buyer_fee, commission, total, delivery_days, revisions_allowed, "
	                    "idem_key, created_at, updated_at, state, paid_at, started_at, "
	                    "due_at) VALUES ($1, $2, $3, 'gig', $4, $5, $6, 'single', $7, $8, "
	                    "0, $9, $10, $11, $12, $13, $13, $14, $15, $16, $17) "
	                    "ON CONFLICT (idem_key) DO NOTHING RETURNING id, "
	                    ACCT_COL("'platform'", ORDER_SHARD, "fees"), &st)) != 0 ||
	    (r = db_bind_int64(st, 1, a->actor)) != 0 ||
	    (r = db_bind_int64(st, 2, seller)) != 0 ||
	    (r = db_bind_int64(st, 3, a->n->gig_id)) != 0 ||
	    (r = db_bind_text(st, 4, gig_tier_name(a->n->tier))) != 0 ||
	    (r = db_bind_text(st, 5, title)) != 0 ||
	    (r = db_bind_int64(st, 6, a->n->quantity)) != 0 ||
	    (r = db_bind_int64(st, 7, q->subtotal)) != 0 ||
	    (r = db_bind_int64(st, 8, q->buyer_fee)) != 0 ||
	    (r = db_bind_int64(st, 9, q->total)) != 0 ||
	    (r = db_bind_int64(st, 10, q->delivery_days)) != 0 ||
	    (r = db_bind_int64(st, 11, q->revisions)) != 0 ||
	    (r = db_bind_text(st, 12, a->key)) != 0 ||
	    (r = db_bind_int64(st, 13, now)) != 0 ||
	    (r = db_bind_text(st, 14, order_state_name(o->state))) != 0 ||
	    (r = o->paid_at ? db_bind_int64(st, 15, o->paid_at) : db_bind_null(st, 15)) != 0 ||
	    (r = o->started_at ? db_bind_int64(st, 16, o->started_at) :
	                         db_bind_null(st, 16)) != 0 ||
	    (r = o->due_at ? db_bind_int64(st, 17, o->due_at) : db_bind_null(st, 17)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		o->id = db_col_int64(st, 0);
		o->fees_acct = db_col_int64(st, 1);
	}
	db_reset(st);
	a->id = o->id;
	return r < 0 ? r : 0;
}

static int
insert_items(struct create_args *a)
{
	const struct order_quote *q = &a->f.q;
	struct db_stmt *st;
	size_t i;
	int r;

	for (i = 0; i < q->n_lines; i++) {
		const struct order_quote_line *l = &q->lines[i];

		if ((r = db_prepare(a->cx->db, "INSERT INTO order_items (order_id, kind, "
		                    "gig_extra_id, title, unit_price, quantity, line_total, "
		                    "added_days, added_revisions, position) VALUES ($1, $2, $3, "
		                    "$4, $5, $6, $7, $8, $9, $10)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, a->id)) != 0 ||
		    (r = db_bind_text(st, 2, l->kind)) != 0 ||
		    (r = a->f.extra_id[i] != 0 ? db_bind_int64(st, 3, a->f.extra_id[i])
		                              : db_bind_null(st, 3)) != 0 ||
		    (r = db_bind_text(st, 4, l->title)) != 0 ||
		    (r = db_bind_int64(st, 5, l->unit_price)) != 0 ||
		    (r = db_bind_int64(st, 6, l->quantity)) != 0 ||
		    (r = db_bind_int64(st, 7, l->line_total)) != 0 ||
		    (r = db_bind_int64(st, 8, l->added_days)) != 0 ||
		    (r = db_bind_int64(st, 9, l->added_revisions)) != 0 ||
		    (r = db_bind_int64(st, 10, (int64_t)i)) != 0 ||
		    (r = db_step_defer(st)) != 0)
			return r;
	}
	return 0;
}

static int
create_tx(struct db *db, void *ud)
{
	struct create_args *a = ud;
	char title[GIG_TITLE_MAX * 4 + 1];
	struct order_row o;
	struct order_ev ev[2];
	int64_t seller;
	int r;

	a->id = 0;
	a->existed = 0;
	if (a->key != NULL) {
		if ((r = find_by_key(db, a->key, &a->id)) != 0 || a->id != 0) {
			a->existed = a->id != 0;
			return r;
		}
	}
	if ((r = create_read(a, &seller, title, sizeof title)) != 0 ||
	    (r = quote_finish(db, a->cx->conf, a->n, &a->f)) != 0 ||
	    (r = insert_order(a, seller, title, &o)) != 0)
		return r;
	if (a->id == 0) {              /* lost the race for the key: return the winner */
		a->existed = 1;
		return find_by_key(db, a->key, &a->id) != 0 || a->id == 0 ? JS_ERR_DB : 0;
	}
	if ((r = insert_items(a)) != 0)
		return r;
	/* The escrow account is made with the order. An order paid later finds it in
	 * order_lock's own statement, so here it is deferred; one paid now needs its id. */
	if (!a->pay)
		r = ledger_account_ensure(db, "order", a->id, "escrow", "CNY");
	else if ((r = ledger_account_new(db, "order", a->id, "escrow", "CNY",
	                                 &o.escrow_account)) == 0)
		r = order_pay_new(a->cx, &o);
	if (r != 0)
		return r;
	/* The row as just inserted is all the timeline and outbox need: not read back.
	 * Made and paid at once, both entries go in one statement. */
	ev[0] = (struct order_ev){ "create", NULL, o.total, ORDER_AWAITING_PAYMENT };
	ev[1] = (struct order_ev){ order_action_name(ORDER_ACT_PAY), NULL, o.total, o.state };
	if ((r = order_events_add(a->cx, &o, a->actor, ev, a->pay ? 2 : 1)) != 0)
		return r;
	return gig_stats_order_defer(db, a->n->gig_id, a->f.q.subtotal, order_now(a->cx));
}

/* The create, in its own transaction (tx 1) or the caller's (tx 0). *existed: the key
 * named an order made before (nothing was written). */
static int
create(struct order_ctx *cx, int64_t actor, const struct order_new *n, int tx, int pay,
       int64_t *order_id, int *existed)
{
	struct create_args *a;
	char key[ORDER_IDEM_MAX + 32];
	int r;

	if (cx == NULL || n == NULL || actor <= 0)
		return JS_ERR_INVALID;
	if ((r = check_selection(n)) != 0)
		return r;
	if (n->idem_key != NULL) {
		size_t len = strlen(n->idem_key);

		if (len == 0 || len > ORDER_IDEM_MAX || !utf8_valid(n->idem_key, len))
			return JS_ERR_INVALID;
		/* Scoped by buyer: one account's key can never fetch another's order. */
		snprintf(key, sizeof key, "u:%lld:%s", (long long)actor, n->idem_key);
	}
	if ((a = calloc(1, sizeof *a)) == NULL)
		return JS_ERR_NOMEM;
	a->cx = cx;
	a->actor = actor;
	a->n = n;
	a->key = n->idem_key != NULL ? key : NULL;
	a->pay = pay;
	r = tx ? db_tx(cx->db, create_tx, a) : create_tx(cx->db, a);
	if (r == 0 && order_id != NULL)
		*order_id = a->id;
	if (existed != NULL)
		*existed = a->existed;
	free(a);
	return r;
}

int
order_create(struct order_ctx *cx, int64_t actor, const struct order_new *n,
             int64_t *order_id)
{
	return create(cx, actor, n, 1, 0, order_id, NULL);
}

int
order_create_in_tx(struct order_ctx *cx, int64_t actor, const struct order_new *n, int pay,
                   int64_t *order_id, int *existed)
{
	return create(cx, actor, n, 0, pay, order_id, existed);
}
