/* order_todo.c: TEMPORARY link shims while the order domain is written in parallel.
 * Every function here moves to its real file; this file must be empty and deleted
 * before issue 5 is closed. */
#include "order.h"
#include "offer.h"
#include "wallet.h"
#include "jobs.h"
#include "err.h"

const char *
order_state_name(enum order_state s)
{
	(void)s;
	return NULL;
}

int
order_state_parse(const char *name, enum order_state *out)
{
	(void)name;
	(void)out;
	return JS_ERR_INVALID;
}

const char *
order_action_name(enum order_action a)
{
	(void)a;
	return NULL;
}

int
order_allowed(enum order_action a, enum order_role r, enum order_state s)
{
	(void)a;
	(void)r;
	(void)s;
	return JS_ERR_INVALID;
}

void
order_conf_defaults(struct order_conf *c)
{
	(void)c;
}

int
order_conf_load(const struct conf *cf, struct order_conf *c, char *err, size_t errlen)
{
	(void)cf;
	(void)c;
	(void)err;
	(void)errlen;
	return JS_ERR_INVALID;
}

int64_t
order_buyer_fee(const struct order_conf *c, int64_t amount)
{
	(void)c;
	(void)amount;
	return 0;
}

int64_t
order_commission(const struct order_conf *c, int64_t amount)
{
	(void)c;
	(void)amount;
	return 0;
}

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

int64_t
order_split_amount(int64_t escrow, int buyer_percent)
{
	(void)escrow;
	(void)buyer_percent;
	return 0;
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
