/* order_core.c: the pieces every order transition is made of: lock the row, know the
 * actor, check the table, write the timeline and outbox (the money: order_money.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "err.h"
#include "ledger.h"
#include "order_impl.h"

int64_t
order_now(const struct order_ctx *cx)
{
	return cx->now != 0 ? cx->now : (int64_t)time(NULL);
}

#define ROW_COLS "id, buyer_id, seller_id, COALESCE(gig_id, 0), state, is_late, " \
	"payment_mode, quantity, subtotal, buyer_fee, commission, total, seller_pending, " \
	"COALESCE(pending_since, 0), delivery_days, revisions_allowed, revisions_used, " \
	"COALESCE(paid_at, 0), COALESCE(requirements_submitted_at, 0), " \
	"COALESCE(started_at, 0), COALESCE(due_at, 0), COALESCE(delivered_at, 0), " \
	"COALESCE(auto_accept_at, 0), COALESCE(accepted_at, 0), COALESCE(cleared_at, 0), " \
	"COALESCE(cancelled_at, 0)"
#define ORDER_COLS ROW_COLS ", " ESCROW_COL("id") ", " ESCROW_COL("balance") ", " \
	ACCT_COL("'user'", "orders.buyer_id", "available") ", " \
	ACCT_COL("'user'", "orders.seller_id", "pending") ", " \
	ACCT_COL("'platform'", ORDER_SHARD, "fees") ", " \
	ACCT_COL("'platform'", ORDER_SHARD, "commission") ", " QUESTIONS_COL("orders.gig_id")
/* A transition that moves no money (order_action_moves_money) reads no account: six
 * index probes fewer on deliveries, revisions and dispute steps. */
#define ORDER_COLS_NO_MONEY ROW_COLS ", 0, 0, 0, 0, 0, 0, " QUESTIONS_COL("orders.gig_id")
/* The order's escrow account id and balance in the same statement as the row (0 when
 * the account is not made yet): saves two round trips on every transition. */
#define ESCROW_COL(col) "COALESCE((SELECT a." col " FROM ledger_accounts a WHERE " \
	"a.owner_type = 'order' AND a.owner_id = orders.id AND a.purpose = 'escrow' AND " \
	"a.currency = 'CNY'), 0)"
/* So are the parties' and the platform's accounts the money paths use (ACCT_COL). */

static int
read_row(struct db *db, struct db_stmt *st, struct order_row *o, int money)
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
	if (o->escrow_account != 0 || !money)
		return 0;
	if ((r = ledger_account(db, "order", o->id, "escrow", "CNY", &o->escrow_account)) != 0)
		return r;
	return ledger_balance(db, o->escrow_account, &o->escrow);
}

static int
fetch(struct db *db, const char *sql, int64_t order_id, struct order_row *o, int money)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	}
	return read_row(db, st, o, money);
}

int
order_lock(struct db *db, int64_t order_id, struct order_row *o)
{
	return fetch(db, "SELECT " ORDER_COLS " FROM orders WHERE id = $1 FOR UPDATE",
	             order_id, o, 1);
}

/* order_lock for a transition that moves no money: the accounts are 0, the escrow's
 * balance unknown (0). */
static int
order_lock_no_money(struct db *db, int64_t order_id, struct order_row *o)
{
	return fetch(db, "SELECT " ORDER_COLS_NO_MONEY " FROM orders WHERE id = $1 FOR UPDATE",
	             order_id, o, 0);
}

int
order_load(struct db *db, int64_t order_id, struct order_row *o)
{
	return fetch(db, "SELECT " ORDER_COLS " FROM orders WHERE id = $1", order_id, o, 1);
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
	if ((r = order_action_moves_money(a) ? order_lock(cx->db, order_id, o) :
	     order_lock_no_money(cx->db, order_id, o)) != 0 ||
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

/* The detail JSON of one timeline entry (malloc'd), NULL when out of memory. */
static char *
event_detail(const struct order_ev *e)
{
	json_t *detail;
	char *dtext;

	detail = json_pack("{s:s, s:I, s:s}", "text", e->text != NULL ? e->text : "",
	                   "amount", (json_int_t)e->amount, "state",
	                   order_state_name(e->state));
	if (detail == NULL)
		return NULL;
	dtext = json_dumps(detail, JSON_COMPACT);
	json_decref(detail);
	return dtext;
}

/*
 * The texts of order_events_add, one per dialect and count (each prepared once): the
 * timeline rows ($1 order, $2 actor, $3 time, then kind and detail of each: $4/$5,
 * $6/$7) and the outbox rows (topic "order", one per party, the same payload).
 * PostgreSQL writes both in one statement, the timeline's INSERT as a WITH of the
 * outbox's: the server's cost of an order cycle is mostly per statement. SQLite has
 * no data-modifying WITH: the outbox is a second statement ($1 buyer, $2 seller,
 * $3 payload).
 */
#define EV_INSERT "INSERT INTO order_events (order_id, actor_id, created_at, kind, " \
	"detail) VALUES ($1, $2, $3, $4, $5)"
#define EV_ROW2 ", ($1, $2, $3, $6, $7)"
#define OUTBOX(b, s, p) "INSERT INTO events (topic, user_id, payload) VALUES " \
	"('order', $" b ", $" p "), ('order', $" s ", $" p ")"
static const char *const ev_sql[2][ORDER_EVENTS_MAX] = {
	{ EV_INSERT, EV_INSERT EV_ROW2 },
	{ "WITH e AS (" EV_INSERT ") " OUTBOX("6", "7", "8"),
	  "WITH e AS (" EV_INSERT EV_ROW2 ") " OUTBOX("8", "9", "10") },
};
static const char outbox_sql[] = OUTBOX("1", "2", "3");

int
order_events_add(struct order_ctx *cx, const struct order_row *o, int64_t actor,
                 const struct order_ev *ev, size_t n)
{
	int pg = db_dialect(cx->db) == DB_PG, ob = 4 + 2 * (int)n;   /* outbox's first $ */
	char *dtext[ORDER_EVENTS_MAX] = { NULL };
	char payload[160];
	struct db_stmt *st;
	size_t i;
	int r;

	if (n == 0 || n > ORDER_EVENTS_MAX)
		return JS_ERR_INVALID;
	/* kind and state are fixed program names: no escaping needed in the payload. The
	 * parties hear of the transition once, as it ends. */
	snprintf(payload, sizeof payload, "{\"order\":%lld,\"event\":\"%s\",\"state\":\"%s\"}",
	         (long long)o->id, ev[n - 1].kind, order_state_name(ev[n - 1].state));
	if ((r = db_prepare(cx->db, ev_sql[pg][n - 1], &st)) == 0 &&
	    (r = db_bind_int64(st, 1, o->id)) == 0 &&
	    (r = actor != 0 ? db_bind_int64(st, 2, actor) : db_bind_null(st, 2)) == 0)
		r = db_bind_int64(st, 3, order_now(cx));
	for (i = 0; r == 0 && i < n; i++) {
		if ((dtext[i] = event_detail(&ev[i])) == NULL)
			r = JS_ERR_NOMEM;
		else if ((r = db_bind_text(st, 4 + 2 * (int)i, ev[i].kind)) == 0)
			r = db_bind_text(st, 5 + 2 * (int)i, dtext[i]);
	}
	if (r == 0 && pg && (r = db_bind_int64(st, ob, o->buyer_id)) == 0 &&
	    (r = db_bind_int64(st, ob + 1, o->seller_id)) == 0)
		r = db_bind_text(st, ob + 2, payload);
	if (r == 0)
		r = db_step_defer(st);
	for (i = 0; i < n; i++)
		free(dtext[i]);
	if (r != 0 || pg)
		return r;
	if ((r = db_prepare(cx->db, outbox_sql, &st)) != 0 ||
	    (r = db_bind_int64(st, 1, o->buyer_id)) != 0 ||
	    (r = db_bind_int64(st, 2, o->seller_id)) != 0 ||
	    (r = db_bind_text(st, 3, payload)) != 0)
		return r;
	return db_step_defer(st);
}

int
order_event_add(struct order_ctx *cx, const struct order_row *o, int64_t actor,
                const char *kind, const char *text, int64_t amount)
{
	struct order_ev e = { kind, text, amount, o->state };

	return order_events_add(cx, o, actor, &e, 1);
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
