/* order_todo.c: TEMPORARY link shims while the order domain is written in parallel.
 * Every function here moves to its real file; this file must be empty and deleted
 * before issue 5 is closed. */
#include "order.h"
#include "offer.h"
#include "wallet.h"
#include "jobs.h"
#include "err.h"









int
order_quote(struct db *db, const struct order_conf *c, const struct order_new *n, struct order_quote *out)
{
	(void)db;
	(void)c;
	(void)n;
	(void)out;
	return JS_ERR_INVALID;
}

int
order_create(struct order_ctx *cx, int64_t actor, const struct order_new *n, int64_t *order_id)
{
	(void)cx;
	(void)actor;
	(void)n;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_pay_wallet(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_submit_requirements(struct order_ctx *cx, int64_t actor, int64_t order_id, const struct order_answer *a, size_t n)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)a;
	(void)n;
	return JS_ERR_INVALID;
}

int
order_start(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_deliver(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *message, const int64_t *upload_ids, size_t n_uploads, int64_t *delivery_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)message;
	(void)upload_ids;
	(void)n_uploads;
	(void)delivery_id;
	return JS_ERR_INVALID;
}

int
order_accept(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_request_revision(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *reason)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)reason;
	return JS_ERR_INVALID;
}

int
order_tip(struct order_ctx *cx, int64_t actor, int64_t order_id, int64_t amount, const char *message)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)amount;
	(void)message;
	return JS_ERR_INVALID;
}

int
order_cancel_late(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *reason)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)reason;
	return JS_ERR_INVALID;
}

int
order_cancel_unpaid(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_request_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *reason)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)reason;
	return JS_ERR_INVALID;
}

int
order_respond_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id, int accept)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)accept;
	return JS_ERR_INVALID;
}

int
order_withdraw_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_admin_cancel(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *reason)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)reason;
	return JS_ERR_INVALID;
}

int
order_open_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *reason, const int64_t *upload_ids, size_t n_uploads, int64_t *dispute_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)reason;
	(void)upload_ids;
	(void)n_uploads;
	(void)dispute_id;
	return JS_ERR_INVALID;
}

int
order_add_evidence(struct order_ctx *cx, int64_t actor, int64_t order_id, const char *body, int64_t upload_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)body;
	(void)upload_id;
	return JS_ERR_INVALID;
}

int
order_withdraw_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_resolve_dispute(struct order_ctx *cx, int64_t actor, int64_t order_id, enum dispute_outcome o, int64_t buyer_amount, const char *decision)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)o;
	(void)buyer_amount;
	(void)decision;
	return JS_ERR_INVALID;
}


int
order_auto_accept(struct order_ctx *cx, int64_t order_id)
{
	(void)cx;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_clear(struct order_ctx *cx, int64_t order_id)
{
	(void)cx;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_mark_late(struct order_ctx *cx, int64_t order_id)
{
	(void)cx;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_expire_cancel(struct order_ctx *cx, int64_t order_id)
{
	(void)cx;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
order_get(struct db *db, int64_t actor, int64_t order_id, struct order_info *out)
{
	(void)db;
	(void)actor;
	(void)order_id;
	(void)out;
	return JS_ERR_INVALID;
}

int
order_list(struct db *db, int64_t actor, enum order_side side, int state_filter, int64_t before, struct order_info *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)side;
	(void)state_filter;
	(void)before;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
order_counts(struct db *db, int64_t actor, enum order_side side, int64_t counts[ORDER_STATES])
{
	(void)db;
	(void)actor;
	(void)side;
	(void)counts;
	return JS_ERR_INVALID;
}

int
order_actions(struct order_ctx *cx, int64_t actor, int64_t order_id, uint32_t *mask)
{
	(void)cx;
	(void)actor;
	(void)order_id;
	(void)mask;
	return JS_ERR_INVALID;
}

int
order_timeline(struct db *db, int64_t actor, int64_t order_id, int64_t after, struct order_event *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)order_id;
	(void)after;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
order_milestones(struct db *db, int64_t actor, int64_t order_id, struct order_milestone *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)order_id;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
order_deliveries(struct db *db, int64_t actor, int64_t order_id, struct order_delivery *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)order_id;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
order_requirements(struct db *db, int64_t actor, int64_t order_id, struct order_req_answer *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)order_id;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
dispute_queue(struct db *db, int64_t actor, int64_t after, struct dispute_info *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)after;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
dispute_get(struct db *db, int64_t actor, int64_t order_id, struct dispute_info *out)
{
	(void)db;
	(void)actor;
	(void)order_id;
	(void)out;
	return JS_ERR_INVALID;
}

int
dispute_evidence_list(struct db *db, int64_t actor, int64_t order_id, struct dispute_evidence_item *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)order_id;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
offer_send(struct order_ctx *cx, int64_t actor, const struct offer_new *n, int64_t *offer_id)
{
	(void)cx;
	(void)actor;
	(void)n;
	(void)offer_id;
	return JS_ERR_INVALID;
}

int
offer_accept(struct order_ctx *cx, int64_t actor, int64_t offer_id, int64_t *order_id)
{
	(void)cx;
	(void)actor;
	(void)offer_id;
	(void)order_id;
	return JS_ERR_INVALID;
}

int
offer_decline(struct order_ctx *cx, int64_t actor, int64_t offer_id)
{
	(void)cx;
	(void)actor;
	(void)offer_id;
	return JS_ERR_INVALID;
}

int
offer_withdraw(struct order_ctx *cx, int64_t actor, int64_t offer_id)
{
	(void)cx;
	(void)actor;
	(void)offer_id;
	return JS_ERR_INVALID;
}

int
offer_get(struct db *db, int64_t actor, int64_t offer_id, struct offer_info *out, struct offer_milestone_in *ms, size_t max_ms)
{
	(void)db;
	(void)actor;
	(void)offer_id;
	(void)out;
	(void)ms;
	(void)max_ms;
	return JS_ERR_INVALID;
}

int
offer_list(struct db *db, int64_t actor, struct offer_info *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
wallet_get(struct db *db, int64_t actor, int64_t user, struct wallet *out)
{
	(void)db;
	(void)actor;
	(void)user;
	(void)out;
	return JS_ERR_INVALID;
}

int
wallet_history(struct db *db, int64_t actor, int64_t user, enum wallet_book book, int64_t before, struct ledger_entry *out, size_t max, size_t *n)
{
	(void)db;
	(void)actor;
	(void)user;
	(void)book;
	(void)before;
	(void)out;
	(void)max;
	(void)n;
	return JS_ERR_INVALID;
}

int
wallet_topup_sandbox(struct db *db, int enabled, int64_t actor, int64_t amount, const char *idem_key)
{
	(void)db;
	(void)enabled;
	(void)actor;
	(void)amount;
	(void)idem_key;
	return JS_ERR_INVALID;
}


int
jobs_claim(struct db *db, const char *worker, int64_t now, struct job *out, int *got)
{
	(void)db;
	(void)worker;
	(void)now;
	(void)out;
	(void)got;
	return JS_ERR_INVALID;
}

int
jobs_done(struct db *db, int64_t id, int64_t now)
{
	(void)db;
	(void)id;
	(void)now;
	return JS_ERR_INVALID;
}

int
jobs_fail(struct db *db, int64_t id, int64_t now, const char *error)
{
	(void)db;
	(void)id;
	(void)now;
	(void)error;
	return JS_ERR_INVALID;
}

int
jobs_next_due(struct db *db, int64_t now, int64_t *secs)
{
	(void)db;
	(void)now;
	(void)secs;
	return JS_ERR_INVALID;
}

/* Interim real enqueue until server/worker's shared/jobs.c lands (same contract). */
int
jobs_enqueue(struct db *db, const char *kind, const char *payload, int64_t run_at,
             const char *unique_key)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO jobs (kind, payload, run_at, unique_key) "
	                    "VALUES ($1, $2, $3, $4) ON CONFLICT (unique_key) DO UPDATE SET "
	                    "state = 'queued', run_at = excluded.run_at, attempts = 0, "
	                    "payload = excluded.payload, locked_by = NULL, locked_at = NULL",
	                    &st)) != 0 ||
	    (r = db_bind_text(st, 1, kind)) != 0 || (r = db_bind_text(st, 2, payload)) != 0 ||
	    (r = db_bind_int64(st, 3, run_at)) != 0 || (r = db_bind_text(st, 4, unique_key)) != 0)
		return r;
	return db_step_done(st);
}
