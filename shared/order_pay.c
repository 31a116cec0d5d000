/* order_pay.c: paying an order from the wallet into escrow: the whole order at once, or
 * a milestone order's next milestone (docs/orders.md, "The way of money"). */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "jobs.h"
#include "ledger.h"
#include "order_impl.h"
#include "order_work.h"

/* Does the order's gig ask the buyer anything? Offers without a gig ask nothing. */
int
order_has_questions(struct db *db, const struct order_row *o, int *yes)
{
	struct db_stmt *st;
	int r;

	*yes = 0;
	if (o->gig_id == 0)
		return 0;
	if ((r = db_prepare(db, "SELECT count(*) FROM gig_requirements WHERE gig_id = $1",
	                    &st)) != 0 || (r = db_bind_int64(st, 1, o->gig_id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*yes = db_col_int64(st, 0) > 0;
	db_reset(st);
	return r < 0 ? r : 0;
}

int
order_current_milestone(struct db *db, int64_t order_id, const char *state,
                        struct order_ms *m)
{
	struct db_stmt *st;
	int r;

	memset(m, 0, sizeof *m);
	if ((r = db_prepare(db, "SELECT id, seq, amount, fee, COALESCE(delivery_days, 0), "
	                    "COALESCE(due_at, 0) FROM milestones WHERE order_id = $1 AND "
	                    "state = $2 ORDER BY seq LIMIT 1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0 || (r = db_bind_text(st, 2, state)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	}
	m->id = db_col_int64(st, 0);
	m->seq = (int)db_col_int64(st, 1);
	m->amount = db_col_int64(st, 2);
	m->fee = db_col_int64(st, 3);
	m->delivery_days = (int)db_col_int64(st, 4);
	m->due_at = db_col_int64(st, 5);
	db_reset(st);
	return 0;
}

int64_t
order_due_at(int64_t now, int days)
{
	return now + (int64_t)days * ORDER_DAY;
}

int
order_start_clock(struct order_ctx *cx, struct order_row *o)
{
	int64_t now = order_now(cx), due;
	struct order_ms m;
	struct db_stmt *st;
	int days = o->delivery_days, r;

	if (o->milestones) {
		if ((r = order_current_milestone(cx->db, o->id, "funded", &m)) != 0)
			return r;
		days = m.delivery_days;
	}
	due = order_due_at(now, days);
	/* The state goes with the clock and, on the first payment, with paid_at (one
	 * statement, as on every hot transition). */
	if ((r = db_prepare(cx->db, "UPDATE orders SET started_at = COALESCE(started_at, $2), "
	                    "due_at = $3, is_late = 0, state = 'in_progress', "
	                    "paid_at = COALESCE(paid_at, $4), updated_at = $2 WHERE id = $1",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_bind_int64(st, 3, due)) != 0 ||
	    (r = o->paid_at != 0 ? db_bind_int64(st, 4, o->paid_at) : db_bind_null(st, 4)) != 0 ||
	    (r = db_step_defer(st)) != 0)
		return r;
	if (o->started_at == 0)
		o->started_at = now;
	o->due_at = due;
	o->is_late = 0;
	if (o->milestones) {
		if ((r = db_prepare(cx->db, "UPDATE milestones SET due_at = $2, updated_at = $3 "
		                    "WHERE id = $1", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, m.id)) != 0 || (r = db_bind_int64(st, 2, due)) != 0 ||
		    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_defer(st)) != 0)
			return r;
	}
	o->state = ORDER_IN_PROGRESS;
	return order_schedule(cx, o, JOB_ORDER_LATE, "late", due);
}

int
order_schedule(struct order_ctx *cx, const struct order_row *o, const char *kind,
               const char *what, int64_t run_at)
{
	char payload[32], key[64];

	snprintf(payload, sizeof payload, "%lld", (long long)o->id);
	snprintf(key, sizeof key, "order:%lld:%s", (long long)o->id, what);
	return jobs_enqueue(cx->db, kind, payload, run_at, key);
}

/* buyer available -(amount + fee) -> escrow +amount, platform fees +fee. */
static int
fund(struct order_ctx *cx, struct order_row *o, int64_t amount, int64_t fee,
     const char *key_suffix)
{
	struct ledger_posting p[3];
	int64_t buyer, fees;
	size_t n = 0;
	int r;

	if ((r = order_buyer_available(cx->db, o, &buyer)) != 0 ||
	    (r = order_fees_account(cx->db, o, &fees)) != 0)
		return r;
	p[n++] = (struct ledger_posting){ buyer, -(amount + fee) };
	p[n++] = (struct ledger_posting){ o->escrow_account, amount };
	if (fee > 0)
		p[n++] = (struct ledger_posting){ fees, fee };
	if ((r = order_post(cx, o, "escrow_fund", key_suffix, "payment into escrow", p, n)) != 0)
		return r;
	o->escrow += amount;
	return 0;
}

int
order_pay_new(struct order_ctx *cx, struct order_row *o)
{
	int r;

	if (o->milestones || o->paid_at == 0)
		return JS_ERR_STATE;
	if ((r = fund(cx, o, o->subtotal, o->buyer_fee, "pay")) != 0)
		return r;
	if (o->state != ORDER_IN_PROGRESS)
		return 0;
	return order_schedule(cx, o, JOB_ORDER_LATE, "late", o->due_at);
}

/*
 * A milestone order's fee: what each funded milestone was charged plus what the
 * pending ones will be charged (stored, else today's rate), so orders.total always shows the whole price
 * and equals the sum of milestones.fee once all are funded.
 */
static int
milestone_fees(struct order_ctx *cx, const struct order_row *o, int64_t *sum)
{
	struct db_stmt *st;
	int r;

	*sum = 0;
	if ((r = db_prepare(cx->db, "SELECT state, amount, fee FROM milestones WHERE "
	                    "order_id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, o->id)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW)
		*sum += strcmp(db_col_text(st, 0), "pending") == 0 && db_col_int64(st, 2) == 0 ?
		        order_buyer_fee(cx->conf, db_col_int64(st, 1)) : db_col_int64(st, 2);
	return r < 0 ? r : 0;
}

static int
pay_milestone(struct order_ctx *cx, struct order_row *o, int64_t *moved)
{
	int64_t now = order_now(cx), fee, sum;
	char suffix[48];
	struct order_ms m;
	struct db_stmt *st;
	int r;

	if ((r = order_current_milestone(cx->db, o->id, "pending", &m)) != 0)
		return r == JS_ERR_NOT_FOUND ? JS_ERR_STATE : r;
	/* The fee stored when the offer was accepted is the price the buyer agreed to;
	 * without one, today's rate. */
	fee = m.fee > 0 ? m.fee : order_buyer_fee(cx->conf, m.amount);
	snprintf(suffix, sizeof suffix, "ms:%d:fund", m.seq);
	if ((r = fund(cx, o, m.amount, fee, suffix)) != 0)
		return r;
	*moved = m.amount + fee;
	if ((r = db_prepare(cx->db, "UPDATE milestones SET state = 'funded', fee = $2, "
	                    "funded_at = $3, updated_at = $3 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, m.id)) != 0 || (r = db_bind_int64(st, 2, fee)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_defer(st)) != 0 ||
	    (r = milestone_fees(cx, o, &sum)) != 0)
		return r;
	/* $2 typed once (PostgreSQL: buyer_fee's domain and bigint would clash). */
	if ((r = db_prepare(cx->db, "UPDATE orders SET buyer_fee = CAST($2 AS BIGINT), "
	                    "total = subtotal + CAST($2 AS BIGINT), "
	                    "paid_at = COALESCE(paid_at, $3), updated_at = $3 WHERE id = $1",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, sum)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_defer(st)) != 0)
		return r;
	o->buyer_fee = sum;
	o->total = o->subtotal + sum;
	return 0;
}

static int
pay_single(struct order_ctx *cx, struct order_row *o, int64_t *moved)
{
	int r;

	if (o->paid_at != 0)           /* cannot happen in awaiting_payment; be sure */
		return JS_ERR_STATE;
	if ((r = fund(cx, o, o->subtotal, o->buyer_fee, "pay")) != 0)
		return r;
	*moved = o->total;
	/* Written by the state change that follows in pay_tx (one UPDATE of the row). */
	o->paid_at = order_now(cx);
	return 0;
}

/* Paid, the answers are awaited: the state with paid_at, in one statement. */
static int
await_answers(struct order_ctx *cx, struct order_row *o)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(cx->db, "UPDATE orders SET state = 'awaiting_requirements', "
	                    "paid_at = COALESCE(paid_at, $2), updated_at = $2 WHERE id = $1",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 ||
	    (r = db_bind_int64(st, 2, o->paid_at != 0 ? o->paid_at : order_now(cx))) != 0 ||
	    (r = db_step_defer(st)) != 0)
		return r;
	o->state = ORDER_AWAITING_REQUIREMENTS;
	return 0;
}

struct pay_args {
	struct order_ctx *cx;
	int64_t actor, id;
};

static int
pay_tx(struct db *db, void *ud)
{
	struct pay_args *a = ud;
	struct order_row o;
	enum order_role role;
	int64_t moved = 0;
	int first, questions, r;

	(void)db;
	if ((r = order_begin(a->cx, a->actor, a->id, ORDER_ACT_PAY, &o, &role)) != 0)
		return r;
	first = o.paid_at == 0;
	if ((r = o.milestones ? pay_milestone(a->cx, &o, &moved)
	                      : pay_single(a->cx, &o, &moved)) != 0)
		return r;
	/* The first payment waits for the answers when the gig asks anything; a later
	 * milestone starts at once (the answers are in). */
	questions = o.has_questions;   /* read with the row */
	if (first && questions)
		r = await_answers(a->cx, &o);
	else
		r = order_start_clock(a->cx, &o);
	if (r != 0)
		return r;
	return order_event_add(a->cx, &o, a->actor, order_action_name(ORDER_ACT_PAY), NULL,
	                       moved);
}

int
order_pay_wallet(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	struct pay_args a = { cx, actor, order_id };

	if (cx == NULL)
		return JS_ERR_INVALID;
	return db_tx(cx->db, pay_tx, &a);
}

struct buy_args {
	struct order_ctx *cx;
	int64_t actor;
	const struct order_new *n;
	int64_t id;
};

static int
buy_tx(struct db *db, void *ud)
{
	struct buy_args *b = ud;
	struct pay_args a = { b->cx, b->actor, 0 };
	int existed = 0, r;

	/* A new order is made paid (order_pay_new): no second look at the row. */
	if ((r = order_create_in_tx(b->cx, b->actor, b->n, 1, &b->id, &existed)) != 0 ||
	    !existed)
		return r;
	/* An order the key made before: pay it now, unless that was done already. */
	a.id = b->id;
	r = pay_tx(db, &a);
	/* The key's order is paid already (or has moved on): the first click did it.
	 * order_begin refused before writing anything, so committing is harmless. */
	return existed && r == JS_ERR_STATE ? 0 : r;
}

int
order_buy(struct order_ctx *cx, int64_t actor, const struct order_new *n,
          int64_t *order_id)
{
	struct buy_args b = { cx, actor, n, 0 };
	int r;

	if (cx == NULL || n == NULL)
		return JS_ERR_INVALID;
	if ((r = db_tx(cx->db, buy_tx, &b)) == 0 && order_id != NULL)
		*order_id = b.id;
	return r;
}
