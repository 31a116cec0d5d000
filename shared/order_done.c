/* order_done.c: the end of the work and what follows it: acceptance (by the buyer or the
 * worker's auto-accept), clearing of the seller's earnings, late marking and tips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jobs.h"
#include "ledger.h"
#include "order_work.h"

struct done_args {
	struct order_ctx *cx;
	int64_t actor, id, amount;
	const char *text;
};

/* Whether the order has milestones still to fund (so it goes on after an acceptance). */
static int
milestones_left(struct db *db, int64_t order_id, int *left)
{
	struct db_stmt *st;
	int r;

	*left = 0;
	if ((r = db_prepare(db, "SELECT count(*) FROM milestones WHERE order_id = $1 AND "
	                    "state = 'pending'", &st)) != 0 || (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*left = db_col_int64(st, 0) > 0;
	db_reset(st);
	return r < 0 ? r : 0;
}

/*
 * The delivered work (the order, or its delivered milestone) is accepted: its escrow is
 * released to the seller (order_release: commission, pending, clearing job) and the
 * order completes, or waits for the next milestone's funding.
 */
static int
accept_delivery(struct order_ctx *cx, struct order_row *o, int64_t actor, const char *kind)
{
	int64_t now = order_now(cx), gross, comm = 0;
	char suffix[48];
	struct order_ms m;
	struct db_stmt *st;
	int left = 0, r;

	if (o->milestones) {
		if ((r = order_current_milestone(cx->db, o->id, "delivered", &m)) != 0)
			return r == JS_ERR_NOT_FOUND ? JS_ERR_STATE : r;
		gross = m.amount;
		snprintf(suffix, sizeof suffix, "ms:%d:accept", m.seq);
		if ((r = order_release(cx, o, gross, suffix, &comm)) != 0)
			return r;
		if ((r = db_prepare(cx->db, "UPDATE milestones SET state = 'accepted', "
		                    "commission = $2, accepted_at = $3, updated_at = $3 WHERE id = $1",
		                    &st)) != 0 ||
		    (r = db_bind_int64(st, 1, m.id)) != 0 || (r = db_bind_int64(st, 2, comm)) != 0 ||
		    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_defer(st)) != 0 ||
		    (r = milestones_left(cx->db, o->id, &left)) != 0)
			return r;
	} else {
		/* Everything in escrow: what was paid, less nothing (no partial releases in a
		 * single order outside a dispute). */
		gross = o->escrow;
		if ((r = order_release(cx, o, gross, "accept", &comm)) != 0)
			return r;
	}
	/* The state goes with the times and order_release's book (one statement, as on
	 * every hot transition; the row is locked, so *o holds its exact values). */
	if ((r = db_prepare(cx->db, "UPDATE orders SET accepted_at = CASE WHEN $2 = 1 THEN "
	                    "accepted_at ELSE $3 END, auto_accept_at = NULL, state = $4, "
	                    "commission = $5, seller_pending = $6, pending_since = $7, "
	                    "updated_at = $3 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, left)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 ||
	    (r = db_bind_text(st, 4, order_state_name(left ? ORDER_AWAITING_PAYMENT :
	                                              ORDER_COMPLETED))) != 0 ||
	    (r = db_bind_int64(st, 5, o->commission)) != 0 ||
	    (r = db_bind_int64(st, 6, o->seller_pending)) != 0 ||
	    (r = o->pending_since != 0 ? db_bind_int64(st, 7, o->pending_since)
	                               : db_bind_null(st, 7)) != 0 ||
	    (r = db_step_defer(st)) != 0)
		return r;
	o->auto_accept_at = 0;
	if (!left)
		o->accepted_at = now;
	o->state = left ? ORDER_AWAITING_PAYMENT : ORDER_COMPLETED;
	return order_event_add(cx, o, actor, kind, NULL, gross);
}

static int
accept_tx(struct db *db, void *ud)
{
	struct done_args *a = ud;
	struct order_row o;
	enum order_role role;
	int r;

	(void)db;
	if ((r = order_begin(a->cx, a->actor, a->id, ORDER_ACT_ACCEPT, &o, &role)) != 0)
		return r;
	return accept_delivery(a->cx, &o, a->actor, order_action_name(ORDER_ACT_ACCEPT));
}

int
order_accept(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	struct done_args a = { .cx = cx, .actor = actor, .id = order_id };

	if (cx == NULL)
		return JS_ERR_INVALID;
	return db_tx(cx->db, accept_tx, &a);
}

/*
 * The start of a timed action: the system's order_begin, where "not in this state any
 * more" (accepted meanwhile, disputed, cancelled) is no error but *skip: the job that
 * called is done and harmless.
 */
static int
system_begin(struct order_ctx *cx, int64_t id, enum order_action act, struct order_row *o,
             int *skip)
{
	enum order_role role;
	int r;

	*skip = 0;
	r = order_begin(cx, 0, id, act, o, &role);
	if (r == JS_ERR_STATE) {
		*skip = 1;
		return 0;
	}
	return r;
}

static int
auto_accept_tx(struct db *db, void *ud)
{
	struct done_args *a = ud;
	struct order_row o;
	int skip, r;

	(void)db;
	if ((r = system_begin(a->cx, a->id, ORDER_ACT_AUTO_ACCEPT, &o, &skip)) != 0 || skip)
		return r;
	/* A job run early (or one left from an earlier delivery) changes nothing. */
	if (o.auto_accept_at == 0 || order_now(a->cx) < o.auto_accept_at)
		return 0;
	return accept_delivery(a->cx, &o, 0, order_action_name(ORDER_ACT_AUTO_ACCEPT));
}

int
order_auto_accept(struct order_ctx *cx, int64_t order_id)
{
	struct done_args a = { .cx = cx, .id = order_id };

	if (cx == NULL)
		return JS_ERR_INVALID;
	return db_tx(cx->db, auto_accept_tx, &a);
}

static int
clear_tx(struct db *db, void *ud)
{
	struct done_args *a = ud;
	int64_t now = order_now(a->cx), pending, avail, n = 0, amount;
	struct ledger_posting p[2];
	struct order_row o;
	struct db_stmt *st;
	char suffix[48];
	int skip, r;

	if ((r = system_begin(a->cx, a->id, ORDER_ACT_CLEAR, &o, &skip)) != 0 || skip)
		return r;
	if (o.seller_pending <= 0 ||
	    now < o.pending_since + (int64_t)a->cx->conf->clearing_days * ORDER_DAY)
		return 0;
	amount = o.seller_pending;
	if ((r = order_event_count(db, o.id, order_action_name(ORDER_ACT_CLEAR), &n)) != 0 ||
	    (r = order_user_account(db, o.seller_id, "pending", &pending)) != 0 ||
	    (r = order_user_account(db, o.seller_id, "available", &avail)) != 0)
		return r;
	p[0] = (struct ledger_posting){ pending, -amount };
	p[1] = (struct ledger_posting){ avail, amount };
	snprintf(suffix, sizeof suffix, "clear:%lld", (long long)(n + 1));
	if ((r = order_post(a->cx, &o, "clearing", suffix, "earnings cleared", p, 2)) != 0)
		return r;
	/* Both states this runs in are final, so nothing more can come to clear. */
	if ((r = db_prepare(db, "UPDATE orders SET seller_pending = 0, cleared_at = $2, "
	                    "updated_at = $2 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o.id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_step_defer(st)) != 0)
		return r;
	o.seller_pending = 0;
	o.cleared_at = now;
	if ((r = db_prepare(db, "UPDATE milestones SET state = 'released', released_at = $2, "
	                    "updated_at = $2 WHERE order_id = $1 AND state = 'accepted'",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o.id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_step_defer(st)) != 0)
		return r;
	return order_event_add(a->cx, &o, 0, order_action_name(ORDER_ACT_CLEAR), NULL, amount);
}

int
order_clear(struct order_ctx *cx, int64_t order_id)
{
	struct done_args a = { .cx = cx, .id = order_id };

	if (cx == NULL)
		return JS_ERR_INVALID;
	return db_tx(cx->db, clear_tx, &a);
}

static int
late_tx(struct db *db, void *ud)
{
	struct done_args *a = ud;
	struct order_row o;
	struct db_stmt *st;
	int skip, r;

	if ((r = system_begin(a->cx, a->id, ORDER_ACT_MARK_LATE, &o, &skip)) != 0 || skip)
		return r;
	/* The due date may have moved (a revision) since the job was queued. */
	if (o.is_late || o.due_at == 0 || order_now(a->cx) < o.due_at)
		return 0;
	if ((r = db_prepare(db, "UPDATE orders SET is_late = 1, updated_at = $2 WHERE id = $1",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o.id)) != 0 ||
	    (r = db_bind_int64(st, 2, order_now(a->cx))) != 0 || (r = db_step_defer(st)) != 0)
		return r;
	o.is_late = 1;
	return order_event_add(a->cx, &o, 0, order_action_name(ORDER_ACT_MARK_LATE), NULL, 0);
}

int
order_mark_late(struct order_ctx *cx, int64_t order_id)
{
	struct done_args a = { .cx = cx, .id = order_id };

	if (cx == NULL)
		return JS_ERR_INVALID;
	return db_tx(cx->db, late_tx, &a);
}

static int
tip_tx(struct db *db, void *ud)
{
	struct done_args *a = ud;
	int64_t buyer, seller, platform, comm, n = 0, tx = 0;
	struct ledger_posting p[3];
	struct order_row o;
	enum order_role role;
	struct db_stmt *st;
	char suffix[48], *message = NULL;
	size_t k = 0;
	int r;

	if ((r = order_begin(a->cx, a->actor, a->id, ORDER_ACT_TIP, &o, &role)) != 0)
		return r;
	comm = a->cx->conf->tip_commission ? order_commission(a->cx->conf, a->amount) : 0;
	if ((r = order_event_count(db, o.id, order_action_name(ORDER_ACT_TIP), &n)) != 0 ||
	    (r = order_user_account(db, o.buyer_id, "available", &buyer)) != 0 ||
	    (r = order_user_account(db, o.seller_id, "available", &seller)) != 0 ||
	    (r = order_platform_account(db, &o, "commission", &platform)) != 0)
		return r;
	/* A tip is a gift for finished work: straight to available, no clearing. */
	p[k++] = (struct ledger_posting){ buyer, -a->amount };
	if (a->amount - comm > 0)
		p[k++] = (struct ledger_posting){ seller, a->amount - comm };
	if (comm > 0)
		p[k++] = (struct ledger_posting){ platform, comm };
	snprintf(suffix, sizeof suffix, "tip:%lld", (long long)(n + 1));
	if ((r = order_text(a->text, ORDER_REASON_MAX, 0, 1, &message)) != 0)
		return r;
	if ((r = order_post_tx(a->cx, &o, "tip", suffix, "tip", p, k, &tx)) == 0 &&
	    (r = db_prepare(db, "INSERT INTO tips (order_id, buyer_id, seller_id, amount, "
	                    "message, ledger_tx_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
	                    "$7)", &st)) == 0 &&
	    (r = db_bind_int64(st, 1, o.id)) == 0 && (r = db_bind_int64(st, 2, o.buyer_id)) == 0 &&
	    (r = db_bind_int64(st, 3, o.seller_id)) == 0 &&
	    (r = db_bind_int64(st, 4, a->amount)) == 0 &&
	    (r = message[0] != '\0' ? db_bind_text(st, 5, message) : db_bind_null(st, 5)) == 0 &&
	    (r = db_bind_int64(st, 6, tx)) == 0 &&
	    (r = db_bind_int64(st, 7, order_now(a->cx))) == 0 && (r = db_step_defer(st)) == 0)
		r = order_event_add(a->cx, &o, a->actor, order_action_name(ORDER_ACT_TIP), message,
		                    a->amount);
	free(message);
	return r;
}

int
order_tip(struct order_ctx *cx, int64_t actor, int64_t order_id, int64_t amount,
          const char *message)
{
	struct done_args a = { .cx = cx, .actor = actor, .id = order_id, .amount = amount,
	                       .text = message };

	if (cx == NULL || amount < 1 || amount > ORDER_TIP_MAX)
		return JS_ERR_INVALID;
	return db_tx(cx->db, tip_tx, &a);
}
