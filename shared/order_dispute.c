/* order_dispute.c: disputes: a party opens one (the order freezes), both add evidence,
 * the opener may withdraw it (the order returns where it was), an admin resolves it by
 * refund, release or split in one ledger transaction (docs/orders.md, "Disputes"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jobs.h"
#include "order_impl.h"

struct dispute_args {
	struct order_ctx *cx;
	int64_t actor, order_id;
	char *text;                    /* cleaned reason / body / decision (owned) */
	const int64_t *uploads;
	size_t n_uploads;
	enum dispute_outcome outcome;
	int64_t buyer_amount;
	int64_t dispute_id;            /* out: the dispute opened */
};

struct open_dispute {
	int64_t id, opened_by;
	enum order_state before;
};

/* The order's open dispute; JS_ERR_STATE when there is none (the order row is locked). */
static int
dispute_open_of(struct db *db, int64_t order_id, struct open_dispute *d)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT id, opened_by, COALESCE(order_state_before, '') "
	                    "FROM disputes WHERE order_id = $1 AND state = 'open'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_STATE;
	}
	d->id = db_col_int64(st, 0);
	d->opened_by = db_col_int64(st, 1);
	if (order_state_parse(db_col_text(st, 2), &d->before) != 0)
		r = JS_ERR_DB;
	else
		r = 0;
	db_reset(st);
	return r;
}

/* Evidence files must be the actor's own live uploads. */
static int
own_upload(struct db *db, int64_t user, int64_t upload_id)
{
	struct db_stmt *st;
	int r;

	if (upload_id <= 0)
		return JS_ERR_INVALID;
	if ((r = db_prepare(db, "SELECT 1 FROM uploads WHERE id = $1 AND user_id = $2 AND "
	                    "status = 'active'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, upload_id)) != 0 || (r = db_bind_int64(st, 2, user)) != 0)
		return r;
	r = db_step(st);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_INVALID;
}

static int
evidence_add(struct order_ctx *cx, int64_t dispute_id, int64_t user, const char *body,
             int64_t upload_id)
{
	struct db_stmt *st;
	int r;

	if (upload_id != 0 && (r = own_upload(cx->db, user, upload_id)) != 0)
		return r;
	if ((r = db_prepare(cx->db, "INSERT INTO dispute_evidence (dispute_id, user_id, body, "
	                    "upload_id, created_at) VALUES ($1, $2, $3, $4, $5)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, dispute_id)) != 0 || (r = db_bind_int64(st, 2, user)) != 0 ||
	    (r = db_bind_text(st, 3, body != NULL ? body : "")) != 0 ||
	    (r = upload_id != 0 ? db_bind_int64(st, 4, upload_id) : db_bind_null(st, 4)) != 0 ||
	    (r = db_bind_int64(st, 5, order_now(cx))) != 0)
		return r;
	return db_step_done(st);
}

static int
open_tx(struct db *db, void *ud)
{
	struct dispute_args *a = ud;
	struct order_row o;
	enum order_role role;
	struct db_stmt *st;
	int64_t now = order_now(a->cx);
	size_t i;
	int r;

	if ((r = order_begin(a->cx, a->actor, a->order_id, ORDER_ACT_OPEN_DISPUTE, &o,
	                     &role)) != 0)
		return r;
	/* A dispute supersedes a pending mutual cancellation: the admin decides now. */
	if ((r = order_cancel_request_close(a->cx, &o, "withdrawn", 0)) != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO disputes (order_id, opened_by, reason, "
	                    "order_state_before, created_at, updated_at) VALUES ($1, $2, $3, "
	                    "$4, $5, $5) RETURNING id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o.id)) != 0 || (r = db_bind_int64(st, 2, a->actor)) != 0 ||
	    (r = db_bind_text(st, 3, a->text)) != 0 ||
	    (r = db_bind_text(st, 4, order_state_name(o.state))) != 0 ||
	    (r = db_bind_int64(st, 5, now)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_DB;
	}
	a->dispute_id = db_col_int64(st, 0);
	db_reset(st);
	for (i = 0; i < a->n_uploads; i++)
		if ((r = evidence_add(a->cx, a->dispute_id, a->actor, NULL, a->uploads[i])) != 0)
			return r;
	if ((r = order_set_state(a->cx, &o, ORDER_DISPUTED)) != 0)
		return r;
	return order_event_add(a->cx, &o, a->actor, order_action_name(ORDER_ACT_OPEN_DISPUTE),
	                       a->text, 0);
}

static int
evidence_tx(struct db *db, void *ud)
{
	struct dispute_args *a = ud;
	struct open_dispute d;
	struct order_row o;
	enum order_role role;
	int r;

	(void)db;
	if ((r = order_begin(a->cx, a->actor, a->order_id, ORDER_ACT_ADD_EVIDENCE, &o,
	                     &role)) != 0 ||
	    (r = dispute_open_of(a->cx->db, o.id, &d)) != 0 ||
	    (r = evidence_add(a->cx, d.id, a->actor, a->text,
	                      a->n_uploads > 0 ? a->uploads[0] : 0)) != 0)
		return r;
	return order_event_add(a->cx, &o, a->actor, order_action_name(ORDER_ACT_ADD_EVIDENCE),
	                       a->text, 0);
}

/* Schedule the order's job "order:ID:WHAT" at `at`, or now if that has passed. */
static int
reschedule(struct order_ctx *cx, const struct order_row *o, const char *kind,
           const char *what, int64_t at)
{
	char key[64], payload[32];
	int64_t now = order_now(cx);

	snprintf(key, sizeof key, "order:%lld:%s", (long long)o->id, what);
	snprintf(payload, sizeof payload, "%lld", (long long)o->id);
	return jobs_enqueue(cx->db, kind, payload, at > now ? at : now, key);
}

static int
withdraw_tx(struct db *db, void *ud)
{
	struct dispute_args *a = ud;
	struct open_dispute d;
	struct order_row o;
	enum order_role role;
	struct db_stmt *st;
	int r;

	if ((r = order_begin(a->cx, a->actor, a->order_id, ORDER_ACT_WITHDRAW_DISPUTE, &o,
	                     &role)) != 0 ||
	    (r = dispute_open_of(db, o.id, &d)) != 0)
		return r;
	if (d.opened_by != a->actor)
		return JS_ERR_PERM;
	if ((r = db_prepare(db, "UPDATE disputes SET state = 'withdrawn', updated_at = $2 "
	                    "WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, d.id)) != 0 ||
	    (r = db_bind_int64(st, 2, order_now(a->cx))) != 0 || (r = db_step_done(st)) != 0 ||
	    (r = order_set_state(a->cx, &o, d.before)) != 0)
		return r;
	/* The timed jobs that came due while the order was frozen found it disputed and did
	 * nothing: queue them again (each re-checks its condition when it runs). */
	if (d.before == ORDER_DELIVERED && o.auto_accept_at != 0 &&
	    (r = reschedule(a->cx, &o, JOB_ORDER_AUTO_ACCEPT, "auto_accept",
	                    o.auto_accept_at)) != 0)
		return r;
	if ((d.before == ORDER_IN_PROGRESS || d.before == ORDER_REVISION_REQUESTED) &&
	    o.due_at != 0 && !o.is_late &&
	    (r = reschedule(a->cx, &o, JOB_ORDER_LATE, "late", o.due_at)) != 0)
		return r;
	return order_event_add(a->cx, &o, a->actor,
	                       order_action_name(ORDER_ACT_WITHDRAW_DISPUTE), NULL, 0);
}

static const char *const outcome_names[] = {
	[DISPUTE_REFUND] = "refund",
	[DISPUTE_RELEASE] = "release",
	[DISPUTE_SPLIT] = "split",
};

/* The order's end after a resolution: refund cancels it, release and split complete it
 * (the work counts as accepted, in part for a split). */
static int
resolve_end(struct order_ctx *cx, struct order_row *o, enum dispute_outcome out,
            int64_t commission)
{
	struct db_stmt *st;
	int64_t now = order_now(cx);
	int r;

	if (out == DISPUTE_REFUND) {
		if ((r = order_milestones_end(cx, o, "refunded")) != 0 ||
		    (r = db_prepare(cx->db, "UPDATE orders SET state = 'cancelled', "
		                    "cancelled_at = $2, updated_at = $2 WHERE id = $1", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
		    (r = db_step_done(st)) != 0)
			return r;
		o->state = ORDER_CANCELLED;
		o->cancelled_at = now;
		return order_schedule_clear(cx, o);
	}
	/* A milestone order funds one milestone at a time: the commission is that one's. */
	if (o->milestones &&
	    ((r = db_prepare(cx->db, "UPDATE milestones SET commission = commission + $2 WHERE "
	                     "order_id = $1 AND state IN ('funded', 'delivered')", &st)) != 0 ||
	     (r = db_bind_int64(st, 1, o->id)) != 0 ||
	     (r = db_bind_int64(st, 2, commission)) != 0 || (r = db_step_done(st)) != 0))
		return r;
	if ((r = order_milestones_end(cx, o, "accepted")) != 0 ||
	    (r = db_prepare(cx->db, "UPDATE orders SET state = 'completed', accepted_at = $2, "
	                    "updated_at = $2 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	o->state = ORDER_COMPLETED;
	o->accepted_at = now;
	return order_schedule_clear(cx, o);
}

static int
resolve_tx(struct db *db, void *ud)
{
	struct dispute_args *a = ud;
	struct open_dispute d;
	struct order_row o;
	enum order_role role;
	struct db_stmt *st;
	int64_t fee, buyer, seller, fee_back = 0, commission, tx_id, escrow;
	char key[48];
	int r;

	if ((r = order_begin(a->cx, a->actor, a->order_id, ORDER_ACT_RESOLVE_DISPUTE, &o,
	                     &role)) != 0 ||
	    (r = dispute_open_of(db, o.id, &d)) != 0 ||
	    (r = order_escrow_fee(db, &o, &fee)) != 0)
		return r;
	escrow = o.escrow;
	switch (a->outcome) {
	case DISPUTE_REFUND:           /* all back, and the fee with it */
		buyer = escrow;
		fee_back = fee;
		break;
	case DISPUTE_RELEASE:          /* as an acceptance */
		buyer = 0;
		break;
	case DISPUTE_SPLIT:            /* the fee is kept: the service was used */
		if (a->buyer_amount < 0 || a->buyer_amount > escrow)
			return JS_ERR_INVALID;
		buyer = a->buyer_amount;
		break;
	default:
		return JS_ERR_INVALID;
	}
	seller = escrow - buyer;
	snprintf(key, sizeof key, "dispute:%lld", (long long)d.id);
	if ((r = order_settle(a->cx, &o, buyer, fee_back, seller, key, &commission,
	                      &tx_id)) != 0 ||
	    (r = resolve_end(a->cx, &o, a->outcome, commission)) != 0)
		return r;
	if ((r = db_prepare(db, "UPDATE disputes SET state = 'resolved', resolution = $2, "
	                    "buyer_amount = $3, seller_amount = $4, decision = $5, "
	                    "resolved_by = $6, resolved_at = $7, ledger_tx_id = $8, "
	                    "updated_at = $7 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, d.id)) != 0 ||
	    (r = db_bind_text(st, 2, outcome_names[a->outcome])) != 0 ||
	    (r = db_bind_int64(st, 3, buyer)) != 0 || (r = db_bind_int64(st, 4, seller)) != 0 ||
	    (r = db_bind_text(st, 5, a->text)) != 0 || (r = db_bind_int64(st, 6, a->actor)) != 0 ||
	    (r = db_bind_int64(st, 7, order_now(a->cx))) != 0 ||
	    (r = tx_id != 0 ? db_bind_int64(st, 8, tx_id) : db_bind_null(st, 8)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	return order_event_add(a->cx, &o, a->actor,
	                       order_action_name(ORDER_ACT_RESOLVE_DISPUTE), a->text,
	                       escrow + fee_back);
}

/* Clean the text, run fn in one transaction. */
static int
run(struct dispute_args *a, db_tx_fn fn, const char *text, size_t max, int required)
{
	int r;

	if (a->cx == NULL || a->cx->db == NULL || a->cx->conf == NULL)
		return JS_ERR_INVALID;
	if ((text != NULL || required) &&
	    (r = order_text(text, max, required, 1, &a->text)) != 0)
		return r;
	r = db_tx(a->cx->db, fn, a);
	free(a->text);
	a->text = NULL;
	return r;
}

int
order_open_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id,
                   const char *reason, const int64_t *upload_ids, size_t n_uploads,
                   int64_t *dispute_id)
{
	struct dispute_args a;
	int r;

	if (n_uploads > ORDER_FILES_MAX || (n_uploads > 0 && upload_ids == NULL))
		return JS_ERR_INVALID;
	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.actor = actor;
	a.order_id = order_id;
	a.uploads = upload_ids;
	a.n_uploads = n_uploads;
	if ((r = run(&a, open_tx, reason, ORDER_REASON_MAX, 1)) == 0 && dispute_id != NULL)
		*dispute_id = a.dispute_id;
	return r;
}

int
order_add_evidence(struct order_ctx *cx, int64_t actor, int64_t order_id,
                   const char *body, int64_t upload_id)
{
	struct dispute_args a;
	int r;

	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.actor = actor;
	a.order_id = order_id;
	a.uploads = &upload_id;
	a.n_uploads = upload_id != 0;
	/* Text, a file or both; an empty text is no text. */
	if ((r = order_text(body, ORDER_REASON_MAX, 0, 1, &a.text)) != 0)
		return r;
	if (a.text[0] == '\0' && upload_id == 0) {
		free(a.text);
		return JS_ERR_INVALID;
	}
	if (cx == NULL || cx->db == NULL || cx->conf == NULL)
		r = JS_ERR_INVALID;
	else
		r = db_tx(cx->db, evidence_tx, &a);
	free(a.text);
	return r;
}

int
order_withdraw_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	struct dispute_args a;

	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.actor = actor;
	a.order_id = order_id;
	return run(&a, withdraw_tx, NULL, 0, 0);
}

int
order_resolve_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id,
                      enum dispute_outcome o, int64_t buyer_amount, const char *decision)
{
	struct dispute_args a;

	if ((int)o < DISPUTE_REFUND || o > DISPUTE_SPLIT)
		return JS_ERR_INVALID;
	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.actor = actor;
	a.order_id = order_id;
	a.outcome = o;
	a.buyer_amount = buyer_amount;
	return run(&a, resolve_tx, decision, ORDER_MESSAGE_MAX, 1);
}
