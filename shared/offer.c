/* offer.c: custom offers: a seller sends one into the pair's direct conversation, the
 * buyer accepts it into an order or declines it, the seller may withdraw it; a pending
 * offer lapses after OFFER_EXPIRY_DAYS. Reads are in offer_read.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "offer.h"
#include "order_impl.h"

#define MS_TITLE_MAX 128              /* characters of a milestone title */

/* ---- sending ---- */

struct send_args {
	struct order_ctx *cx;
	int64_t actor;
	const struct offer_new *n;
	char *title, *desc;            /* cleaned (owned) */
	char *ms_title[ORDER_MILESTONES_MAX];
	int64_t offer_id;
};

/* Everything that needs no database: ranges, sums, clean text. */
static int
send_validate(struct send_args *a)
{
	const struct offer_new *n = a->n;
	int64_t sum = 0;
	int days = 0, r;
	size_t i;

	if (n->price < GIG_PRICE_MIN || n->price > GIG_PRICE_MAX ||
	    n->delivery_days < 1 || n->delivery_days > GIG_DAYS_MAX ||
	    n->revisions < -1 || n->revisions > GIG_REVISIONS_MAX ||
	    n->n_ms == 1 || n->n_ms > ORDER_MILESTONES_MAX || n->gig_id < 0)
		return JS_ERR_INVALID;
	for (i = 0; i < n->n_ms; i++) {
		if (n->ms[i].amount <= 0 || n->ms[i].amount > GIG_PRICE_MAX ||
		    n->ms[i].delivery_days < 1 || n->ms[i].delivery_days > GIG_DAYS_MAX)
			return JS_ERR_INVALID;
		sum += n->ms[i].amount;
		days += n->ms[i].delivery_days;
		if ((r = order_text(n->ms[i].title, MS_TITLE_MAX, 1, 0, &a->ms_title[i])) != 0)
			return r;
	}
	/* Milestones are the offer split up: together they are its price and its days. */
	if (n->n_ms > 0 && (sum != n->price || days != n->delivery_days))
		return JS_ERR_INVALID;
	if ((r = order_text(n->title, OFFER_TITLE_MAX, 1, 0, &a->title)) != 0 ||
	    (r = order_text(n->description, OFFER_DESC_MAX, 1, 1, &a->desc)) != 0)
		return r;
	return 0;
}

/* One row, one integer column: *v, or JS_ERR_NOT_FOUND. */
static int
query_int(struct db *db, const char *sql, int64_t p1, int64_t p2, int64_t *v)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_int64(st, 1, p1)) != 0 ||
	    (p2 != 0 && (r = db_bind_int64(st, 2, p2)) != 0))
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*v = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_NOT_FOUND;
}

/* Who may send to whom, and the gig it relates to. */
static int
send_check(struct db *db, int64_t seller, const struct offer_new *n)
{
	int64_t v;
	int r;

	if (seller <= 0 || seller == n->buyer_id)
		return JS_ERR_PERM;
	if ((r = query_int(db, "SELECT is_freelancer FROM users WHERE id = $1 AND "
	                   "status = 'active'", seller, 0, &v)) != 0)
		return r == JS_ERR_NOT_FOUND ? JS_ERR_PERM : r;
	if (v != 1)
		return JS_ERR_PERM;
	if (n->buyer_id <= 0)
		return JS_ERR_INVALID;
	if ((r = query_int(db, "SELECT 1 FROM users WHERE id = $1 AND status = 'active'",
	                   n->buyer_id, 0, &v)) != 0)
		return r;
	r = query_int(db, "SELECT 1 FROM user_blocks WHERE blocker_id = $1 AND "
	              "blocked_id = $2", n->buyer_id, seller, &v);
	if (r != JS_ERR_NOT_FOUND)
		return r == 0 ? JS_ERR_PERM : r;
	if (n->gig_id != 0) {
		r = query_int(db, "SELECT 1 FROM gigs WHERE id = $1 AND seller_id = $2 AND "
		              "status <> 'deleted'", n->gig_id, seller, &v);
		if (r != 0)
			return r == JS_ERR_NOT_FOUND ? JS_ERR_INVALID : r;
	}
	return 0;
}

/* The pair's direct conversation ("small:large"), created with both participants when
 * it does not exist yet; ON CONFLICT makes two first messages at once meet in one. */
static int
direct_conversation(struct db *db, int64_t u1, int64_t u2, int64_t now, int64_t *id)
{
	struct db_stmt *st;
	char pair[48];
	int64_t users[2] = { u1, u2 };
	int i, r;

	snprintf(pair, sizeof pair, "%lld:%lld", (long long)(u1 < u2 ? u1 : u2),
	         (long long)(u1 < u2 ? u2 : u1));
	if ((r = db_prepare(db, "INSERT INTO conversations (kind, pair_key, created_at) "
	                    "VALUES ('direct', $1, $2) ON CONFLICT (pair_key) DO NOTHING",
	                    &st)) != 0 ||
	    (r = db_bind_text(st, 1, pair)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	if ((r = db_prepare(db, "SELECT id FROM conversations WHERE pair_key = $1", &st)) != 0 ||
	    (r = db_bind_text(st, 1, pair)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	if (r != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	for (i = 0; i < 2; i++) {
		if ((r = db_prepare(db, "INSERT INTO conversation_participants (conversation_id, "
		                    "user_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT "
		                    "(conversation_id, user_id) DO NOTHING", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, *id)) != 0 ||
		    (r = db_bind_int64(st, 2, users[i])) != 0 ||
		    (r = db_bind_int64(st, 3, now)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	}
	return 0;
}

/* The outbox row each party's live screens wake up on (topic "offer"). */
static int
offer_notify(struct db *db, int64_t offer_id, int64_t seller, int64_t buyer,
             const char *state)
{
	struct db_stmt *st;
	char payload[96];
	int64_t users[2] = { seller, buyer };
	int i, r;

	/* state is a fixed program name: no escaping needed. */
	snprintf(payload, sizeof payload, "{\"offer\":%lld,\"state\":\"%s\"}",
	         (long long)offer_id, state);
	for (i = 0; i < 2; i++) {
		if ((r = db_prepare(db, "INSERT INTO events (topic, user_id, payload) VALUES "
		                    "('offer', $1, $2)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, users[i])) != 0 ||
		    (r = db_bind_text(st, 2, payload)) != 0 || (r = db_step_done(st)) != 0)
			return r;
	}
	return 0;
}

static int
insert_offer(struct send_args *a, int64_t conv, int64_t now)
{
	const struct offer_new *n = a->n;
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(a->cx->db, "INSERT INTO offers (conversation_id, seller_id, "
	                    "buyer_id, gig_id, title, description, price, delivery_days, "
	                    "revisions, payment_mode, expires_at, created_at, updated_at) "
	                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) "
	                    "RETURNING id", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, conv)) != 0 || (r = db_bind_int64(st, 2, a->actor)) != 0 ||
	    (r = db_bind_int64(st, 3, n->buyer_id)) != 0 ||
	    (r = n->gig_id != 0 ? db_bind_int64(st, 4, n->gig_id) : db_bind_null(st, 4)) != 0 ||
	    (r = db_bind_text(st, 5, a->title)) != 0 || (r = db_bind_text(st, 6, a->desc)) != 0 ||
	    (r = db_bind_int64(st, 7, n->price)) != 0 ||
	    (r = db_bind_int64(st, 8, n->delivery_days)) != 0 ||
	    (r = db_bind_int64(st, 9, n->revisions)) != 0 ||
	    (r = db_bind_text(st, 10, n->n_ms > 0 ? "milestones" : "single")) != 0 ||
	    (r = db_bind_int64(st, 11, now + (int64_t)OFFER_EXPIRY_DAYS * ORDER_DAY)) != 0 ||
	    (r = db_bind_int64(st, 12, now)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		a->offer_id = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_DB;
}

static int
send_tx(struct db *db, void *ud)
{
	struct send_args *a = ud;
	const struct offer_new *n = a->n;
	int64_t conv = 0, now = order_now(a->cx);
	struct db_stmt *st;
	size_t i;
	int r;

	if ((r = send_check(db, a->actor, n)) != 0 ||
	    (r = direct_conversation(db, a->actor, n->buyer_id, now, &conv)) != 0 ||
	    (r = insert_offer(a, conv, now)) != 0)
		return r;
	for (i = 0; i < n->n_ms; i++) {
		if ((r = db_prepare(db, "INSERT INTO offer_milestones (offer_id, seq, title, "
		                    "amount, delivery_days) VALUES ($1, $2, $3, $4, $5)", &st)) != 0 ||
		    (r = db_bind_int64(st, 1, a->offer_id)) != 0 ||
		    (r = db_bind_int64(st, 2, (int64_t)i + 1)) != 0 ||
		    (r = db_bind_text(st, 3, a->ms_title[i])) != 0 ||
		    (r = db_bind_int64(st, 4, n->ms[i].amount)) != 0 ||
		    (r = db_bind_int64(st, 5, n->ms[i].delivery_days)) != 0 ||
		    (r = db_step_done(st)) != 0)
			return r;
	}
	/* The offer appears in the conversation as a message that points at it. */
	if ((r = db_prepare(db, "INSERT INTO messages (conversation_id, sender_id, kind, body, "
	                    "offer_id, created_at) VALUES ($1, $2, 'offer', $3, $4, $5)",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, conv)) != 0 || (r = db_bind_int64(st, 2, a->actor)) != 0 ||
	    (r = db_bind_text(st, 3, a->title)) != 0 ||
	    (r = db_bind_int64(st, 4, a->offer_id)) != 0 ||
	    (r = db_bind_int64(st, 5, now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = db_prepare(db, "UPDATE conversations SET last_message_at = $2 WHERE id = $1",
	                    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, conv)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	return offer_notify(db, a->offer_id, a->actor, n->buyer_id, "pending");
}

int
offer_send(struct order_ctx *cx, int64_t actor, const struct offer_new *n,
           int64_t *offer_id)
{
	struct send_args a;
	size_t i;
	int r;

	if (cx == NULL || cx->db == NULL || cx->conf == NULL || n == NULL)
		return JS_ERR_INVALID;
	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.actor = actor;
	a.n = n;
	if ((r = send_validate(&a)) == 0)
		r = db_tx(cx->db, send_tx, &a);
	if (r == 0 && offer_id != NULL)
		*offer_id = a.offer_id;
	free(a.title);
	free(a.desc);
	for (i = 0; i < ORDER_MILESTONES_MAX; i++)
		free(a.ms_title[i]);
	return r;
}

/* ---- answering ---- */

enum offer_answer { OFFER_ACCEPT, OFFER_DECLINE, OFFER_WITHDRAW };

struct answer_args {
	struct order_ctx *cx;
	int64_t actor, offer_id;
	enum offer_answer what;
	int expired;                   /* out: the offer had lapsed (now recorded) */
	int64_t order_id;              /* out */
};

struct offer_row {
	int64_t id, seller_id, buyer_id, gig_id, price, expires_at;
	int delivery_days, revisions;
	char state[16];
	char title[OFFER_TITLE_MAX * 4 + 1];
};

static int
offer_lock(struct db *db, int64_t id, struct offer_row *of)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT id, seller_id, buyer_id, COALESCE(gig_id, 0), price, "
	                    "COALESCE(expires_at, 0), delivery_days, revisions, state, title "
	                    "FROM offers WHERE id = $1 FOR UPDATE", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		of->id = db_col_int64(st, 0);
		of->seller_id = db_col_int64(st, 1);
		of->buyer_id = db_col_int64(st, 2);
		of->gig_id = db_col_int64(st, 3);
		of->price = db_col_int64(st, 4);
		of->expires_at = db_col_int64(st, 5);
		of->delivery_days = (int)db_col_int64(st, 6);
		of->revisions = (int)db_col_int64(st, 7);
		snprintf(of->state, sizeof of->state, "%s", db_col_text(st, 8));
		snprintf(of->title, sizeof of->title, "%s", db_col_text(st, 9));
	}
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_NOT_FOUND;
}

static int
offer_set_state(struct db *db, int64_t id, const char *state, int64_t order_id, int64_t now)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "UPDATE offers SET state = $2, order_id = $3, responded_at = "
	                    "$4, updated_at = $4 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0 || (r = db_bind_text(st, 2, state)) != 0 ||
	    (r = order_id != 0 ? db_bind_int64(st, 3, order_id) : db_bind_null(st, 3)) != 0 ||
	    (r = db_bind_int64(st, 4, now)) != 0)
		return r;
	return db_step_done(st);
}

/* The offer's milestones into the order (at most ORDER_MILESTONES_MAX). */
static int
accept_order(struct answer_args *a, const struct offer_row *of)
{
	struct order_offer_src s;
	char titles[ORDER_MILESTONES_MAX][MS_TITLE_MAX * 4 + 1];
	const char *tp[ORDER_MILESTONES_MAX];
	int64_t amount[ORDER_MILESTONES_MAX];
	int days[ORDER_MILESTONES_MAX];
	struct db_stmt *st;
	size_t n = 0;
	int r;

	if ((r = db_prepare(a->cx->db, "SELECT title, amount, delivery_days FROM "
	                    "offer_milestones WHERE offer_id = $1 ORDER BY seq", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, of->id)) != 0)
		return r;
	while (n < ORDER_MILESTONES_MAX && (r = db_step(st)) == DB_ROW) {
		snprintf(titles[n], sizeof titles[n], "%s", db_col_text(st, 0));
		tp[n] = titles[n];
		amount[n] = db_col_int64(st, 1);
		days[n] = (int)db_col_int64(st, 2);
		n++;
	}
	db_reset(st);
	if (r < 0)
		return r;
	memset(&s, 0, sizeof s);
	s.offer_id = of->id;
	s.buyer_id = of->buyer_id;
	s.seller_id = of->seller_id;
	s.gig_id = of->gig_id;
	s.title = of->title;
	s.price = of->price;
	s.delivery_days = of->delivery_days;
	s.revisions = of->revisions;
	s.ms_amount = amount;
	s.ms_days = days;
	s.ms_title = tp;
	s.n_ms = n;
	return order_insert_offer(a->cx, &s, &a->order_id);
}

static int
answer_tx(struct db *db, void *ud)
{
	struct answer_args *a = ud;
	struct offer_row of;
	int64_t now = order_now(a->cx), v;
	const char *to;
	int r;

	a->expired = 0;
	a->order_id = 0;
	if ((r = offer_lock(db, a->offer_id, &of)) != 0)
		return r;
	if (a->actor != of.buyer_id && a->actor != of.seller_id)
		return JS_ERR_NOT_FOUND;
	/* The buyer accepts or declines; the seller withdraws. */
	if (a->actor != (a->what == OFFER_WITHDRAW ? of.seller_id : of.buyer_id))
		return JS_ERR_PERM;
	if (strcmp(of.state, "pending") != 0)
		return JS_ERR_STATE;
	if (of.expires_at != 0 && now >= of.expires_at) {
		/* Record the lapse (committed), then refuse. */
		a->expired = 1;
		if ((r = offer_set_state(db, of.id, "expired", 0, now)) != 0)
			return r;
		return offer_notify(db, of.id, of.seller_id, of.buyer_id, "expired");
	}
	if (a->what == OFFER_ACCEPT) {
		/* A seller who left or was suspended can no longer take the work. */
		r = query_int(db, "SELECT 1 FROM users WHERE id = $1 AND status = 'active'",
		              of.seller_id, 0, &v);
		if (r != 0)
			return r == JS_ERR_NOT_FOUND ? JS_ERR_STATE : r;
		if ((r = accept_order(a, &of)) != 0)
			return r;
	}
	to = a->what == OFFER_ACCEPT ? "accepted" :
	     a->what == OFFER_DECLINE ? "declined" : "withdrawn";
	if ((r = offer_set_state(db, of.id, to, a->order_id, now)) != 0)
		return r;
	return offer_notify(db, of.id, of.seller_id, of.buyer_id, to);
}

static int
answer(struct order_ctx *cx, int64_t actor, int64_t offer_id, enum offer_answer what,
       int64_t *order_id)
{
	struct answer_args a;
	int r;

	if (cx == NULL || cx->db == NULL || cx->conf == NULL)
		return JS_ERR_INVALID;
	if (actor <= 0 || offer_id <= 0)
		return JS_ERR_NOT_FOUND;
	memset(&a, 0, sizeof a);
	a.cx = cx;
	a.actor = actor;
	a.offer_id = offer_id;
	a.what = what;
	if ((r = db_tx(cx->db, answer_tx, &a)) != 0)
		return r;
	if (a.expired)
		return JS_ERR_STATE;
	if (order_id != NULL)
		*order_id = a.order_id;
	return 0;
}

int
offer_accept(struct order_ctx *cx, int64_t actor, int64_t offer_id, int64_t *order_id)
{
	return answer(cx, actor, offer_id, OFFER_ACCEPT, order_id);
}

int
offer_decline(struct order_ctx *cx, int64_t actor, int64_t offer_id)
{
	return answer(cx, actor, offer_id, OFFER_DECLINE, NULL);
}

int
offer_withdraw(struct order_ctx *cx, int64_t actor, int64_t offer_id)
{
	return answer(cx, actor, offer_id, OFFER_WITHDRAW, NULL);
}
