/* order_cancel.c: the ways an order ends without completion: the buyer cancels a late
 * order, either party drops an unpaid one, mutual cancellation (request, answer,
 * withdraw, time-out) and an admin's cancellation. Each refunds what is in escrow and
 * the service fee collected for it (docs/orders.md, "Cancellation"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jobs.h"
#include "order_impl.h"

struct cancel_args;
/* One transition after order_begin succeeded: extra conditions, writes, ledger, event. */
typedef int (*cancel_step)(struct cancel_args *a, struct order_row *o,
                           enum order_role role);

struct cancel_args {
	struct order_ctx *cx;
	int64_t actor, order_id;
	enum order_action act;
	cancel_step step;
	char *text;                    /* cleaned reason (owned), may be NULL */
	int accept;                    /* respond: 1 accept, 0 decline */
};

/* ---- pieces the dispute module shares (order_impl.h) ---- */

int
order_milestones_end(struct order_ctx *cx, const struct order_row *o, const char *active_to)
{
	struct db_stmt *st;
	int64_t now = order_now(cx);
	int r;

	if (!o->milestones)
		return 0;
	/* The funded or delivered milestone ends as the money did; unfunded ones are void. */
	if ((r = db_prepare(cx->db, "UPDATE milestones SET state = $2, updated_at = $3, "
	                    "accepted_at = CASE WHEN $2 = 'accepted' THEN $3 ELSE accepted_at "
	                    "END WHERE order_id = $1 AND state IN ('funded', 'delivered')",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_text(st, 2, active_to)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = db_prepare(cx->db, "UPDATE milestones SET state = 'cancelled', updated_at = $2 "
	                    "WHERE order_id = $1 AND state = 'pending'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0)
		return r;
	return db_step_done(st);
}

int
order_cancel_request_close(struct order_ctx *cx, const struct order_row *o, const char *to,
                           int64_t responder)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(cx->db, "UPDATE cancellation_requests SET state = $2, "
	                    "responded_by = $3, responded_at = $4 WHERE order_id = $1 AND "
	                    "state = 'pending'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_text(st, 2, to)) != 0 ||
	    (r = responder != 0 ? db_bind_int64(st, 3, responder) : db_bind_null(st, 3)) != 0 ||
	    (r = db_bind_int64(st, 4, order_now(cx))) != 0)
		return r;
	return db_step_done(st);
}

int
order_end_cancelled(struct order_ctx *cx, struct order_row *o, const char *reason,
                    int64_t *refunded)
{
	struct db_stmt *st;
	int64_t fee, amount = o->escrow, now = order_now(cx);
	int r;

	*refunded = 0;
	/* Everything still in escrow goes back, and so does the fee charged for it: the
	 * buyer is made whole for the work that was not done. */
	if ((r = order_escrow_fee(cx->db, o, &fee)) != 0 ||
	    (r = order_refund(cx, o, amount, fee, "cancel")) != 0 ||
	    (r = order_milestones_end(cx, o, "refunded")) != 0)
		return r;
	if ((r = db_prepare(cx->db, "UPDATE orders SET state = 'cancelled', cancelled_at = $2, "
	                    "cancel_reason = $3, updated_at = $2 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_bind_text(st, 3, reason != NULL && reason[0] != '\0' ? reason : NULL)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	o->state = ORDER_CANCELLED;
	o->cancelled_at = now;
	/* Earnings of milestones released before still clear (order_clear runs on
	 * cancelled orders); their job may have found the order running and done nothing. */
	if ((r = order_schedule_clear(cx, o)) != 0)
		return r;
	*refunded = amount + fee;
	return 0;
}

/* ---- the pending request ---- */

struct cancel_req {
	int64_t id, requested_by, expires_at;
};

/* The order's pending request: 0 and *found 1, or *found 0. The order row is locked,
 * and every change of a request goes through it, so the row needs no lock of its own. */
static int
pending_request(struct db *db, int64_t order_id, struct cancel_req *q, int *found)
{
	struct db_stmt *st;
	int r;

	*found = 0;
	if ((r = db_prepare(db, "SELECT id, requested_by, expires_at FROM cancellation_requests "
	                    "WHERE order_id = $1 AND state = 'pending'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		q->id = db_col_int64(st, 0);
		q->requested_by = db_col_int64(st, 1);
		q->expires_at = db_col_int64(st, 2);
		*found = 1;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

/* ---- the transitions ---- */

static int
cancel_and_log(struct cancel_args *a, struct order_row *o)
{
	int64_t refunded;
	int r;

	/* A request still pending is overtaken by this cancellation. */
	if ((r = order_cancel_request_close(a->cx, o, "withdrawn", 0)) != 0 ||
	    (r = order_end_cancelled(a->cx, o, a->text, &refunded)) != 0)
		return r;
	return order_event_add(a->cx, o, a->actor, order_action_name(a->act), a->text,
	                       refunded);
}

static int
step_late(struct cancel_args *a, struct order_row *o, enum order_role role)
{
	(void)role;
	if (!o->is_late)
		return JS_ERR_STATE;
	return cancel_and_log(a, o);
}

static int
step_unpaid(struct cancel_args *a, struct order_row *o, enum order_role role)
{
	(void)role;
	/* A milestone order waiting for its next funding has paid before: its money (and
	 * the seller's earnings) need the mutual or admin path. */
	if (o->paid_at != 0 || o->escrow != 0 || o->seller_pending != 0)
		return JS_ERR_STATE;
	return cancel_and_log(a, o);
}

static int
step_admin(struct cancel_args *a, struct order_row *o, enum order_role role)
{
	(void)role;
	return cancel_and_log(a, o);
}

static int
step_request(struct cancel_args *a, struct order_row *o, enum order_role role)
{
	struct cancel_req q;
	struct db_stmt *st;
	int64_t now = order_now(a->cx), expires;
	char key[64], payload[32];
	int found, r;

	(void)role;
	/* Nothing paid yet: either party may simply drop it (cancel_unpaid). */
	if (o->state == ORDER_AWAITING_PAYMENT && o->paid_at == 0)
		return JS_ERR_STATE;
	if ((r = pending_request(a->cx->db, o->id, &q, &found)) != 0)
		return r;
	if (found)
		return JS_ERR_STATE;
	expires = now + (int64_t)a->cx->conf->cancel_timeout_hours * 3600;
	if ((r = db_prepare(a->cx->db, "INSERT INTO cancellation_requests (order_id, "
	                    "requested_by, reason, expires_at, created_at) VALUES ($1, $2, $3, "
	                    "$4, $5)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, a->actor)) != 0 ||
	    (r = db_bind_text(st, 3, a->text)) != 0 || (r = db_bind_int64(st, 4, expires)) != 0 ||
	    (r = db_bind_int64(st, 5, now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	snprintf(key, sizeof key, "order:%lld:cancel_expire", (long long)o->id);
	snprintf(payload, sizeof payload, "%lld", (long long)o->id);
	if ((r = jobs_enqueue(a->cx->db, JOB_ORDER_CANCEL_EXPIRE, payload, expires, key)) != 0)
		return r;
	return order_event_add(a->cx, o, a->actor, order_action_name(a->act), a->text, 0);
}

static int
step_respond(struct cancel_args *a, struct order_row *o, enum order_role role)
{
	struct cancel_req q;
	int64_t refunded = 0;
	int found, r;

	(void)role;
	if ((r = pending_request(a->cx->db, o->id, &q, &found)) != 0)
		return r;
	if (!found)
		return JS_ERR_STATE;
	/* Only the other party answers; the requester may withdraw instead. */
	if (q.requested_by == a->actor)
		return JS_ERR_PERM;
	if ((r = order_cancel_request_close(a->cx, o, a->accept ? "accepted" : "declined",
	                                    a->actor)) != 0)
		return r;
	if (a->accept && (r = order_end_cancelled(a->cx, o, NULL, &refunded)) != 0)
		return r;
	return order_event_add(a->cx, o, a->actor, order_action_name(a->act),
	                       a->accept ? "accept" : "decline", refunded);
}

static int
step_withdraw(struct cancel_args *a, struct order_row *o, enum order_role role)
{
	struct cancel_req q;
	int found, r;

	(void)role;
	if ((r = pending_request(a->cx->db, o->id, &q, &found)) != 0)
		return r;
	if (!found)
		return JS_ERR_STATE;
	if (q.requested_by != a->actor)
		return JS_ERR_PERM;
	if ((r = order_cancel_request_close(a->cx, o, "withdrawn", 0)) != 0)
		return r;
	return order_event_add(a->cx, o, a->actor, order_action_name(a->act), NULL, 0);
}

static int
step_expire(struct cancel_args *a, struct order_row *o, enum order_role role)
{
	struct cancel_req q;
	int64_t refunded = 0;
	int found, r;

	(void)role;
	if ((r = pending_request(a->cx->db, o->id, &q, &found)) != 0)
		return r;
	/* Answered, withdrawn or moved on since the job was queued: nothing to do. */
	if (!found || order_now(a->cx) < q.expires_at)
		return 0;
	if ((r = order_cancel_request_close(a->cx, o, "expired", 0)) != 0)
		return r;
	/* As configured: silence counts as consent (cancel) or the request lapses. */
	if (a->cx->conf->cancel_timeout_accepts &&
	    (r = order_end_cancelled(a->cx, o, NULL, &refunded)) != 0)
		return r;
	return order_event_add(a->cx, o, 0, order_action_name(a->act),
	                       a->cx->conf->cancel_timeout_accepts ? "cancel" : "lapse",
	                       refunded);
}

static int
run_tx(struct db *db, void *ud)
{
	struct cancel_args *a = ud;
	struct order_row o;
	enum order_role role;
	int r;

	(void)db;
	r = order_begin(a->cx, a->actor, a->order_id, a->act, &o, &role);
	/* The system's timed action is a no-op once the order has left the states it
	 * applies to (cancelled, completed, disputed). */
	if (r == JS_ERR_STATE && a->actor == 0)
		return 0;
	if (r != 0)
		return r;
	return a->step(a, &o, role);
}

/* Clean the reason (required or not), run the step in one transaction. */
static int
run(struct order_ctx *cx, int64_t actor, int64_t order_id, enum order_action act,
    cancel_step step, const char *reason, int required, int accept)
{
	struct cancel_args a;
	int r;

	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.actor = actor;
	a.order_id = order_id;
	a.act = act;
	a.step = step;
	a.accept = accept;
	if (cx == NULL || cx->db == NULL || cx->conf == NULL)
		return JS_ERR_INVALID;
	if ((reason != NULL || required) &&
	    (r = order_text(reason, ORDER_REASON_MAX, required, 1, &a.text)) != 0)
		return r;
	if (a.text != NULL && a.text[0] == '\0') {
		free(a.text);
		a.text = NULL;
	}
	r = db_tx(cx->db, run_tx, &a);
	free(a.text);
	return r;
}

int
order_cancel_late(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *reason)
{
	return run(cx, actor, order_id, ORDER_ACT_CANCEL_LATE, step_late, reason, 0, 0);
}

int
order_cancel_unpaid(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	return run(cx, actor, order_id, ORDER_ACT_CANCEL_UNPAID, step_unpaid, NULL, 0, 0);
}

int
order_request_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id,
                     const char *reason)
{
	return run(cx, actor, order_id, ORDER_ACT_REQUEST_CANCEL, step_request, reason, 1, 0);
}

int
order_respond_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id, int accept)
{
	return run(cx, actor, order_id, ORDER_ACT_RESPOND_CANCEL, step_respond, NULL, 0,
	           accept != 0);
}

int
order_withdraw_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	return run(cx, actor, order_id, ORDER_ACT_WITHDRAW_CANCEL, step_withdraw, NULL, 0, 0);
}

int
order_admin_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id,
                   const char *reason)
{
	return run(cx, actor, order_id, ORDER_ACT_ADMIN_CANCEL, step_admin, reason, 1, 0);
}

int
order_expire_cancel(struct order_ctx *cx, int64_t order_id)
{
	return run(cx, 0, order_id, ORDER_ACT_EXPIRE_CANCEL, step_expire, NULL, 0, 0);
}
