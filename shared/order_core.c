/* order_core.c: the pieces every order transition is made of: lock the row, know the
 * actor, check the table, write the timeline and outbox, and move escrow money. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "jobs.h"
#include "ledger.h"
#include "order_impl.h"

int64_t
order_now(const struct order_ctx *cx)
{
	return cx->now != 0 ? cx->now : (int64_t)time(NULL);
}

#define ORDER_COLS "id, buyer_id, seller_id, COALESCE(gig_id, 0), state, is_late, " \
	"payment_mode, quantity, subtotal, buyer_fee, commission, total, seller_pending, " \
	"COALESCE(pending_since, 0), delivery_days, revisions_allowed, revisions_used, " \
	"COALESCE(paid_at, 0), COALESCE(requirements_submitted_at, 0), " \
	"COALESCE(started_at, 0), COALESCE(due_at, 0), COALESCE(delivered_at, 0), " \
	"COALESCE(auto_accept_at, 0), COALESCE(accepted_at, 0), COALESCE(cleared_at, 0), " \
	"COALESCE(cancelled_at, 0), " ESCROW_COL("id") ", " ESCROW_COL("balance") ", " \
	ACCT_COL("'user'", "orders.buyer_id", "available") ", " \
	ACCT_COL("'user'", "orders.seller_id", "pending") ", " \
	ACCT_COL("'platform'", SHARD, "fees") ", " ACCT_COL("'platform'", SHARD, "commission") \
	", CASE WHEN EXISTS (SELECT 1 FROM gig_requirements q WHERE q.gig_id = " \
	"orders.gig_id) THEN 1 ELSE 0 END"
/* The order's escrow account id and balance in the same statement as the row (0 when
 * the account is not made yet): saves two round trips on every transition. */
#define ESCROW_COL(col) "COALESCE((SELECT a." col " FROM ledger_accounts a WHERE " \
	"a.owner_type = 'order' AND a.owner_id = orders.id AND a.purpose = 'escrow' AND " \
	"a.currency = 'CNY'), 0)"
/* The order's shard of the platform's income accounts (ledger.h). */
#define SHARD_STR(n) #n
#define SHARD_OF(n) "(orders.id % " SHARD_STR(n) ")"
#define SHARD SHARD_OF(LEDGER_PLATFORM_SHARDS)
/* So are the parties' and the platform's accounts the money paths use (one index
 * probe each on the server instead of one round trip each). */
#define ACCT_COL(type, owner, purpose) "COALESCE((SELECT a.id FROM ledger_accounts a " \
	"WHERE a.owner_type = " type " AND a.owner_id = " owner " AND a.purpose = '" \
	purpose "' AND a.currency = 'CNY'), 0)"

static int
read_row(struct db *db, struct db_stmt *st, struct order_row *o)
{
	int r, i = 0;

	memset(o, 0, sizeof *o);
	o->id = db_col_int64(st, i++);
	o->buyer_id = db_col_int64(st, i++);
	o->seller_id = db_col_int64(st, i++);
	o->gig_id = db_col_int64(st, i++);
	if (order_state_parse(db_col_text(st, i++), &o->state) != 0)
		return JS_ERR_DB;
	o->is_late = (int)db_col_int64(st, i++);
	o->milestones = strcmp(db_col_text(st, i++), "milestones") == 0;
	o->quantity = (int)db_col_int64(st, i++);
	o->subtotal = db_col_int64(st, i++);
	o->buyer_fee = db_col_int64(st, i++);
	o->commission = db_col_int64(st, i++);
	o->total = db_col_int64(st, i++);
	o->seller_pending = db_col_int64(st, i++);
	o->pending_since = db_col_int64(st, i++);
	o->delivery_days = (int)db_col_int64(st, i++);
	o->revisions_allowed = (int)db_col_int64(st, i++);
	o->revisions_used = (int)db_col_int64(st, i++);
	o->paid_at = db_col_int64(st, i++);
	o->requirements_submitted_at = db_col_int64(st, i++);
	o->started_at = db_col_int64(st, i++);
	o->due_at = db_col_int64(st, i++);
	o->delivered_at = db_col_int64(st, i++);
	o->auto_accept_at = db_col_int64(st, i++);
	o->accepted_at = db_col_int64(st, i++);
	o->cleared_at = db_col_int64(st, i++);
	o->cancelled_at = db_col_int64(st, i++);
	o->escrow_account = db_col_int64(st, i++);
	o->escrow = db_col_int64(st, i++);
	o->buyer_available = db_col_int64(st, i++);
	o->seller_pending_acct = db_col_int64(st, i++);
	o->fees_acct = db_col_int64(st, i++);
	o->commission_acct = db_col_int64(st, i++);
	o->has_questions = (int)db_col_int64(st, i++);
	db_reset(st);
	if (o->escrow_account != 0)
		return 0;
	if ((r = ledger_account(db, "order", o->id, "escrow", "CNY", &o->escrow_account)) != 0)
		return r;
	return ledger_balance(db, o->escrow_account, &o->escrow);
}

static int
fetch(struct db *db, const char *sql, int64_t order_id, struct order_row *o)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	}
	return read_row(db, st, o);
}

int
order_lock(struct db *db, int64_t order_id, struct order_row *o)
{
	return fetch(db, "SELECT " ORDER_COLS " FROM orders WHERE id = $1 FOR UPDATE",
	             order_id, o);
}

int
order_load(struct db *db, int64_t order_id, struct order_row *o)
{
	return fetch(db, "SELECT " ORDER_COLS " FROM orders WHERE id = $1", order_id, o);
}

int
order_role_of(struct db *db, int64_t actor, const struct order_row *o,
              enum order_role *role)
{
	struct db_stmt *st;
	int r;

	if (actor == 0) {
		*role = ORDER_ROLE_SYSTEM;
		return 0;
	}
	if (actor == o->buyer_id) {
		*role = ORDER_ROLE_BUYER;
		return 0;
	}
	if (actor == o->seller_id) {
		*role = ORDER_ROLE_SELLER;
		return 0;
	}
	*role = ORDER_ROLE_STRANGER;
	if ((r = db_prepare(db, "SELECT is_admin FROM users WHERE id = $1 AND status = 'active'",
	                    &st)) != 0 || (r = db_bind_int64(st, 1, actor)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW && db_col_int64(st, 0) == 1)
		*role = ORDER_ROLE_ADMIN;
	db_reset(st);
	return r < 0 ? r : 0;
}

int
order_begin(struct order_ctx *cx, int64_t actor, int64_t order_id, enum order_action a,
            struct order_row *o, enum order_role *role)
{
	int r;

	if (actor < 0 || order_id <= 0)
		return JS_ERR_INVALID;
	if ((r = order_lock(cx->db, order_id, o)) != 0 ||
	    (r = order_role_of(cx->db, actor, o, role)) != 0)
		return r;
	if (*role == ORDER_ROLE_STRANGER)
		return JS_ERR_NOT_FOUND;
	return order_allowed(a, *role, o->state);
}

int
order_set_state(struct order_ctx *cx, struct order_row *o, enum order_state s)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(cx->db, "UPDATE orders SET state = $2, updated_at = $3 "
	                    "WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0 ||
	    (r = db_bind_text(st, 2, order_state_name(s))) != 0 ||
	    (r = db_bind_int64(st, 3, order_now(cx))) != 0 ||
	    (r = db_step_defer(st)) != 0)
		return r;
	o->state = s;
	return 0;
}

/* One outbox row for each party, in one statement (it is on every transition). */
static int
outbox(struct db *db, int64_t buyer, int64_t seller, const char *payload)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO events (topic, user_id, payload) "
	                    "VALUES ('order', $1, $3), ('order', $2, $3)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, buyer)) != 0 || (r = db_bind_int64(st, 2, seller)) != 0 ||
	    (r = db_bind_text(st, 3, payload)) != 0)
		return r;
	return db_step_defer(st);
}

int
order_event_add(struct order_ctx *cx, const struct order_row *o, int64_t actor,
                const char *kind, const char *text, int64_t amount)
{
	const char *state = order_state_name(o->state);
	char payload[160];
	json_t *detail;
	char *dtext;
	struct db_stmt *st;
	int r;

	detail = json_pack("{s:s, s:I, s:s}", "text", text != NULL ? text : "",
	                   "amount", (json_int_t)amount, "state", state);
	if (detail == NULL)
		return JS_ERR_NOMEM;
	dtext = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	if (dtext == NULL)
		return JS_ERR_NOMEM;
	if ((r = db_prepare(cx->db, "INSERT INTO order_events (order_id, actor_id, kind, "
	                    "detail, created_at) VALUES ($1, $2, $3, $4, $5)", &st)) == 0 &&
	    (r = db_bind_int64(st, 1, o->id)) == 0 &&
	    (r = actor != 0 ? db_bind_int64(st, 2, actor) : db_bind_null(st, 2)) == 0 &&
	    (r = db_bind_text(st, 3, kind)) == 0 && (r = db_bind_text(st, 4, dtext)) == 0 &&
	    (r = db_bind_int64(st, 5, order_now(cx))) == 0)
		r = db_step_defer(st);
	free(dtext);
	if (r != 0)
		return r;
	/* kind and state are fixed program names: no escaping needed in the payload. */
	snprintf(payload, sizeof payload, "{\"order\":%lld,\"event\":\"%s\",\"state\":\"%s\"}",
	         (long long)o->id, kind, state);
	return outbox(cx->db, o->buyer_id, o->seller_id, payload);
}

int
order_event_count(struct db *db, int64_t order_id, const char *kind, int64_t *n)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT count(*) FROM order_events WHERE order_id = $1 "
	                    "AND kind = $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, order_id)) != 0 || (r = db_bind_text(st, 2, kind)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_DB;
	}
	*n = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

int
order_user_account(struct db *db, int64_t user, const char *purpose, int64_t *id)
{
	return ledger_account(db, "user", user, purpose, "CNY", id);
}

int
order_platform_account(struct db *db, const struct order_row *o, const char *purpose,
                       int64_t *id)
{
	return ledger_account(db, "platform", o->id % LEDGER_PLATFORM_SHARDS, purpose, "CNY",
	                      id);
}

int
order_buyer_available(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->buyer_available;
	return *id != 0 ? 0 : order_user_account(db, o->buyer_id, "available", id);
}

int
order_seller_pending(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->seller_pending_acct;
	return *id != 0 ? 0 : order_user_account(db, o->seller_id, "pending", id);
}

int
order_fees_account(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->fees_acct;
	return *id != 0 ? 0 : order_platform_account(db, o, "fees", id);
}

int
order_commission_account(struct db *db, const struct order_row *o, int64_t *id)
{
	*id = o->commission_acct;
	return *id != 0 ? 0 : order_platform_account(db, o, "commission", id);
}

int
order_post(struct order_ctx *cx, const struct order_row *o, const char *kind,
           const char *key_suffix, const char *memo, const struct ledger_posting *p,
           size_t n)
{
	return order_post_tx(cx, o, kind, key_suffix, memo, p, n, NULL);
}

int
order_post_tx(struct order_ctx *cx, const struct order_row *o, const char *kind,
              const char *key_suffix, const char *memo, const struct ledger_posting *p,
              size_t n, int64_t *tx_id)
{
	struct ledger_tx_req req;
	char key[LEDGER_MAX_KEY];

	snprintf(key, sizeof key, "order:%lld:%s", (long long)o->id, key_suffix);
	memset(&req, 0, sizeof req);
	req.idem_key = key;
	req.kind = kind;
	req.ref_type = "order";
	req.ref_id = o->id;
	req.memo = memo;
	req.postings = p;
	req.n = n;
	/* Every caller is an order transition inside its own db_tx that returns any
	 * error of this: that rollback undoes a refusal, no savepoint needed. */
	req.flags = LEDGER_NO_SAVEPOINT;
	return ledger_post(cx->db, &req, tx_id, NULL);
}

int
order_schedule_clear(struct order_ctx *cx, const struct order_row *o)
{
	char key[64], payload[32];
	int64_t at, now = order_now(cx);

	if (o->seller_pending <= 0)
		return 0;
	at = o->pending_since + (int64_t)cx->conf->clearing_days * ORDER_DAY;
	if (at < now)
		at = now;
	snprintf(key, sizeof key, "order:%lld:clear", (long long)o->id);
	snprintf(payload, sizeof payload, "%lld", (long long)o->id);
	return jobs_enqueue(cx->db, JOB_ORDER_CLEAR, payload, at, key);
}

/* The order's side of a credit to the seller: the commission taken, seller_pending, the
 * clearing clock restarted and the one clearing job moved to it. write_row 0: only in
 * *o; the caller writes those three columns with its own UPDATE of the row. */
static int
release_book(struct order_ctx *cx, struct order_row *o, int64_t gross, int64_t fee,
             int write_row)
{
	int64_t now = order_now(cx);
	struct db_stmt *st;
	int r;

	if (write_row &&
	    ((r = db_prepare(cx->db, "UPDATE orders SET commission = commission + $2, "
	                     "seller_pending = seller_pending + $3, pending_since = $4, "
	                     "updated_at = $4 WHERE id = $1", &st)) != 0 ||
	     (r = db_bind_int64(st, 1, o->id)) != 0 || (r = db_bind_int64(st, 2, fee)) != 0 ||
	     (r = db_bind_int64(st, 3, gross - fee)) != 0 ||
	     (r = db_bind_int64(st, 4, now)) != 0 || (r = db_step_defer(st)) != 0))
		return r;
	o->commission += fee;
	o->seller_pending += gross - fee;
	o->pending_since = now;
	return order_schedule_clear(cx, o);
}

int
order_release(struct order_ctx *cx, struct order_row *o, int64_t gross,
              const char *key_suffix, int64_t *commission)
{
	struct ledger_posting p[3];
	int64_t fee, pending, platform;
	size_t n = 0;
	int r;

	if (commission != NULL)
		*commission = 0;
	if (gross <= 0)
		return gross == 0 ? 0 : JS_ERR_INVALID;
	fee = order_commission(cx->conf, gross);
	if ((r = order_seller_pending(cx->db, o, &pending)) != 0 ||
	    (r = order_commission_account(cx->db, o, &platform)) != 0)
		return r;
	p[n++] = (struct ledger_posting){ o->escrow_account, -gross };
	if (gross - fee > 0)
		p[n++] = (struct ledger_posting){ pending, gross - fee };
	if (fee > 0)
		p[n++] = (struct ledger_posting){ platform, fee };
	if ((r = order_post(cx, o, "escrow_release", key_suffix, "escrow release", p, n)) != 0)
		return r;
	o->escrow -= gross;
	if ((r = release_book(cx, o, gross, fee, 0)) != 0)
		return r;
	if (commission != NULL)
		*commission = fee;
	return 0;
}

/*
 * The fees account a refund of this order's fee draws on: the one its payments
 * credited, as the ledger says (an order paid before the income accounts were sharded
 * paid into shard 0), else the order's shard. Only refunds look: it is no hot path.
 */
static int
refund_fees_account(struct db *db, const struct order_row *o, int64_t *id)
{
	struct db_stmt *st;
	int r;

	*id = 0;
	if ((r = db_prepare(db, "SELECT p.account_id FROM ledger_tx t JOIN ledger_postings p "
	                    "ON p.tx_id = t.id JOIN ledger_accounts a ON a.id = p.account_id "
	                    "WHERE t.ref_type = 'order' AND t.ref_id = $1 AND "
	                    "a.owner_type = 'platform' AND a.purpose = 'fees' AND p.amount > 0 "
	                    "ORDER BY p.id LIMIT 1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	if (r < 0)
		return r;
	return *id != 0 ? 0 : order_fees_account(db, o, id);
}

int
order_settle(struct order_ctx *cx, struct order_row *o, int64_t buyer_amount, int64_t fee,
             int64_t seller_gross, const char *key_suffix, int64_t *commission,
             int64_t *tx_id)
{
	struct ledger_posting p[5];
	int64_t comm, buyer, fees = 0, pending, platform;
	size_t n = 0;
	int r;

	if (commission != NULL)
		*commission = 0;
	if (tx_id != NULL)
		*tx_id = 0;
	if (buyer_amount < 0 || fee < 0 || seller_gross < 0 ||
	    buyer_amount + seller_gross > o->escrow)
		return JS_ERR_INVALID;
	if (buyer_amount + fee + seller_gross == 0)
		return 0;
	comm = order_commission(cx->conf, seller_gross);
	if ((r = order_buyer_available(cx->db, o, &buyer)) != 0 ||
	    (r = order_seller_pending(cx->db, o, &pending)) != 0 ||
	    (fee > 0 && (r = refund_fees_account(cx->db, o, &fees)) != 0) ||
	    (r = order_commission_account(cx->db, o, &platform)) != 0)
		return r;
	if (buyer_amount + seller_gross > 0)
		p[n++] = (struct ledger_posting){ o->escrow_account,
		                                  -(buyer_amount + seller_gross) };
	if (fee > 0)
		p[n++] = (struct ledger_posting){ fees, -fee };
	if (buyer_amount + fee > 0)
		p[n++] = (struct ledger_posting){ buyer, buyer_amount + fee };
	if (seller_gross - comm > 0)
		p[n++] = (struct ledger_posting){ pending, seller_gross - comm };
	if (comm > 0)
		p[n++] = (struct ledger_posting){ platform, comm };
	if ((r = order_post_tx(cx, o, "escrow_settle", key_suffix, "escrow settlement", p, n,
	                       tx_id)) != 0)
		return r;
	o->escrow -= buyer_amount + seller_gross;
	if (seller_gross > 0 && (r = release_book(cx, o, seller_gross, comm, 1)) != 0)
		return r;
	if (commission != NULL)
		*commission = comm;
	return 0;
}

int
order_refund(struct order_ctx *cx, struct order_row *o, int64_t amount, int64_t fee,
             const char *key_suffix)
{
	struct ledger_posting p[3];
	int64_t buyer, fees = 0;
	size_t n = 0;
	int r;

	if (amount < 0 || fee < 0)
		return JS_ERR_INVALID;
	if (amount + fee == 0)
		return 0;
	if ((r = order_buyer_available(cx->db, o, &buyer)) != 0 ||
	    (fee > 0 && (r = refund_fees_account(cx->db, o, &fees)) != 0))
		return r;
	if (amount > 0)
		p[n++] = (struct ledger_posting){ o->escrow_account, -amount };
	if (fee > 0)
		p[n++] = (struct ledger_posting){ fees, -fee };
	p[n++] = (struct ledger_posting){ buyer, amount + fee };
	if ((r = order_post(cx, o, "escrow_refund", key_suffix, "refund", p, n)) != 0)
		return r;
	o->escrow -= amount;
	return 0;
}

int
order_escrow_fee(struct db *db, const struct order_row *o, int64_t *fee)
{
	struct db_stmt *st;
	int r;

	if (!o->milestones) {
		*fee = o->paid_at != 0 ? o->buyer_fee : 0;
		return 0;
	}
	if ((r = db_prepare(db, "SELECT COALESCE(sum(fee), 0) FROM milestones WHERE "
	                    "order_id = $1 AND state IN ('funded', 'delivered')", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_DB;
	}
	*fee = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

int
order_text(const char *s, size_t max_chars, int required, int multiline, char **out)
{
	int r;

	*out = NULL;
	if (s == NULL)
		s = "";
	if ((r = account_text_clean(s, max_chars, multiline, out)) != 0)
		return r;
	if (required && (*out)[0] == '\0') {
		free(*out);
		*out = NULL;
		return JS_ERR_INVALID;
	}
	return 0;
}
