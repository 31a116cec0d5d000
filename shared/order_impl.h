/* order_impl.h: what the order modules share inside shared/ (not for callers): the
 * locked order row, the start of every transition, the timeline/outbox write and the
 * two money movements every ending needs (release to the seller, refund to the buyer). */
#ifndef JS_ORDER_IMPL_H
#define JS_ORDER_IMPL_H

#include <stdint.h>

#include "ledger.h"
#include "order.h"

#define ORDER_DAY 86400

/* The orders row as a transition sees it (after order_lock). */
struct order_row {
	int64_t id, buyer_id, seller_id, gig_id;
	enum order_state state;
	int is_late;
	int milestones;                /* payment_mode = 'milestones' */
	int quantity;
	int64_t subtotal, buyer_fee, commission, total;
	int64_t seller_pending, pending_since;
	int delivery_days, revisions_allowed, revisions_used;
	int64_t paid_at, requirements_submitted_at, started_at, due_at, delivered_at,
	        auto_accept_at, accepted_at, cleared_at, cancelled_at;
	int64_t escrow_account;        /* ledger account ids, found or created by order_lock */
	int64_t escrow;                /* its balance now */
	/* The other accounts the money paths use, read in order_lock's own statement (saves
	 * a round trip each); 0 when not made yet: order_*_acct then make them. */
	int64_t buyer_available, seller_pending_acct, fees_acct, commission_acct;
	int has_questions;             /* the gig asks the buyer something */
};

/* SQL: the order's shard of the platform's income accounts (ledger.h), in a statement
 * over orders. */
#define ORDER_STR_(n) #n
#define ORDER_STR(n) ORDER_STR_(n)
#define ORDER_SHARD_MOD ORDER_STR(LEDGER_PLATFORM_SHARDS)
#define ORDER_SHARD "(orders.id % " ORDER_SHARD_MOD ")"
/* SQL: the id of an account (0 when not made yet) as a column of a statement, so that
 * a transition finds the accounts it posts to with one index probe each on the server
 * instead of a round trip each. */
#define ACCT_COL(type, owner, purpose) "COALESCE((SELECT a.id FROM ledger_accounts a " \
	"WHERE a.owner_type = " type " AND a.owner_id = " owner " AND a.purpose = '" \
	purpose "' AND a.currency = 'CNY'), 0)"

/* SQL: 1 when gig `gig` asks the buyer something (gig_requirements), else 0. */
#define QUESTIONS_COL(gig) "CASE WHEN EXISTS (SELECT 1 FROM gig_requirements q WHERE " \
	"q.gig_id = " gig ") THEN 1 ELSE 0 END"

/* cx->now, or the clock when it is 0. */
int64_t order_now(const struct order_ctx *cx);

/* Read and lock (FOR UPDATE) one order. JS_ERR_NOT_FOUND when there is none. */
int order_lock(struct db *db, int64_t order_id, struct order_row *o);
/* Read without locking (for the read paths). */
int order_load(struct db *db, int64_t order_id, struct order_row *o);

/* actor's role on o: party, admin (users.is_admin), stranger; actor 0 is the system. */
int order_role_of(struct db *db, int64_t actor, const struct order_row *o,
                  enum order_role *role);

/*
 * The start of every transition, inside the transaction: lock the order, find the
 * actor's role and check the table. A stranger (not a party, not an admin) gets
 * JS_ERR_NOT_FOUND: he may not learn that the order exists.
 */
int order_begin(struct order_ctx *cx, int64_t actor, int64_t order_id, enum order_action a,
                struct order_row *o, enum order_role *role);

/*
 * Does action a move money (pay, accept, cancel, resolve, tip, ...)? Those that do not
 * lock the order without reading its accounts (o's account ids 0, o->escrow 0; the
 * order_*_account helpers would still find an account by looking it up).
 */
int order_action_moves_money(enum order_action a);

/* UPDATE orders SET state (and updated_at); o->state follows. */
int order_set_state(struct order_ctx *cx, struct order_row *o, enum order_state s);

/*
 * The timeline row (order_events: kind, detail JSON {"text":…, "amount":…, "state":…})
 * and one outbox `events` row per party (topic "order", payload
 * {"order":ID,"event":KIND,"state":STATE}). actor 0 = the system. text may be NULL.
 */
int order_event_add(struct order_ctx *cx, const struct order_row *o, int64_t actor,
                    const char *kind, const char *text, int64_t amount);
/* One timeline entry; state is the order's state after it. */
struct order_ev {
	const char *kind, *text;
	int64_t amount;
	enum order_state state;
};
#define ORDER_EVENTS_MAX 2
/* Up to ORDER_EVENTS_MAX entries of one transaction in one statement (an order made
 * and paid at once); the outbox rows name the last. */
int order_events_add(struct order_ctx *cx, const struct order_row *o, int64_t actor,
                     const struct order_ev *ev, size_t n);
/* How many timeline events of `kind` the order has (keys repeated events: tips). */
int order_event_count(struct db *db, int64_t order_id, const char *kind, int64_t *n);

/* The user's available / pending account id, the platform's fees / commission one
 * (the order's shard of it: ledger.h). */
int order_user_account(struct db *db, int64_t user, const char *purpose, int64_t *id);
int order_platform_account(struct db *db, const struct order_row *o, const char *purpose,
                           int64_t *id);
/* The same for o's parties and the platform: the id order_lock read, else found or made. */
int order_buyer_available(struct db *db, const struct order_row *o, int64_t *id);
int order_seller_pending(struct db *db, const struct order_row *o, int64_t *id);
int order_fees_account(struct db *db, const struct order_row *o, int64_t *id);
int order_commission_account(struct db *db, const struct order_row *o, int64_t *id);

/*
 * Post one balanced transaction keyed "order:ID:SUFFIX" (kind e.g. "escrow_fund",
 * "escrow_release", "escrow_refund", "clearing", "tip"), ref ("order", ID).
 */
int order_post(struct order_ctx *cx, const struct order_row *o, const char *kind,
               const char *key_suffix, const char *memo, const struct ledger_posting *p,
               size_t n);
/* The same, and *tx_id (may be NULL) gets the ledger transaction's id (the first one's
 * when the key was applied before). */
int order_post_tx(struct order_ctx *cx, const struct order_row *o, const char *kind,
                  const char *key_suffix, const char *memo, const struct ledger_posting *p,
                  size_t n, int64_t *tx_id);

/* order_create inside the caller's transaction; *existed (may be NULL): the key named
 * an order made before, and nothing was written. pay: a new order is made paid from the
 * buyer's wallet (order_pay_new) in the same statements, as order_buy wants. */
int order_create_in_tx(struct order_ctx *cx, int64_t actor, const struct order_new *n, int pay,
                       int64_t *order_id, int *existed);

/* When work started at `now` with `days` to deliver is due. */
int64_t order_due_at(int64_t now, int days);

/*
 * The money and jobs of an order inserted paid (o as inserted, with its escrow account):
 * subtotal into escrow and the fee to the platform from the buyer's available balance
 * (JS_ERR_FUNDS when short), and the late-marking job when the clock runs. The same
 * postings and keys as a payment of an unpaid order.
 */
int order_pay_new(struct order_ctx *cx, struct order_row *o);

/*
 * Release `gross` fen of the escrow to the seller: escrow -gross, seller pending
 * +(gross - commission), platform commission +commission (order_commission of gross).
 * Adds to orders.commission and seller_pending, sets pending_since = now and schedules
 * the clearing job at now + clearing_days (one job per order, moved later by each new
 * credit). key_suffix names the event ("accept", "ms:2:accept", "dispute:7"). gross 0
 * does nothing. *commission (may be NULL) gets what was taken.
 * The order row's commission, seller_pending and pending_since change only in *o: the
 * caller writes them with its state change (one UPDATE of the row per transition).
 */
int order_release(struct order_ctx *cx, struct order_row *o, int64_t gross,
                  const char *key_suffix, int64_t *commission);

/*
 * Refund `amount` fen of the escrow and `fee` fen of collected service fee to the
 * buyer's available balance: escrow -amount, platform fees -fee, buyer +amount+fee.
 * Both 0 does nothing.
 */
int order_refund(struct order_ctx *cx, struct order_row *o, int64_t amount, int64_t fee,
                 const char *key_suffix);

/*
 * One ledger transaction that ends escrow both ways (a dispute's resolution): escrow
 * -(buyer_amount + seller_gross), platform fees -fee, buyer available +(buyer_amount +
 * fee), seller pending +(seller_gross - commission), platform commission +commission
 * (order_commission of seller_gross), and the seller side booked as order_release does.
 * JS_ERR_INVALID when more than the escrow is asked for. All 0 does nothing (*tx_id 0).
 * *commission and *tx_id may be NULL.
 */
int order_settle(struct order_ctx *cx, struct order_row *o, int64_t buyer_amount, int64_t fee,
                 int64_t seller_gross, const char *key_suffix, int64_t *commission,
                 int64_t *tx_id);

/* (Re)schedule the order's one clearing job at pending_since + clearing_days (now when
 * that has passed); nothing when seller_pending is 0. An ending that leaves earnings of
 * earlier milestones pending calls it, since clearing waits for the order to end. */
int order_schedule_clear(struct order_ctx *cx, const struct order_row *o);

/* The service fee collected for what is still in escrow: the order's buyer_fee for a
 * single order; the fees of funded or delivered milestones for a milestone order. */
int order_escrow_fee(struct db *db, const struct order_row *o, int64_t *fee);

/* ---- endings shared by cancellation and disputes (order_cancel.c) ---- */

/* A milestone order's funded/delivered milestone becomes active_to ("refunded",
 * "accepted"); unfunded ones become "cancelled". Nothing for a single order. */
int order_milestones_end(struct order_ctx *cx, const struct order_row *o,
                         const char *active_to);
/* The pending cancellation request (if any) becomes `to` ("accepted", "declined",
 * "withdrawn", "expired"), answered by responder (0: nobody). */
int order_cancel_request_close(struct order_ctx *cx, const struct order_row *o,
                               const char *to, int64_t responder);
/* Refund the escrow and its fee (key "order:ID:cancel"), end the milestones, state
 * cancelled with cancelled_at and cancel_reason (may be NULL), and reschedule clearing
 * of earlier milestones' earnings. *refunded gets what the buyer got back. */
int order_end_cancelled(struct order_ctx *cx, struct order_row *o, const char *reason,
                        int64_t *refunded);

/* ---- an order from an accepted custom offer (order_insert_offer.c) ---- */

struct order_offer_src {
	int64_t offer_id, buyer_id, seller_id, gig_id;   /* gig_id 0: none */
	const char *title;
	int64_t price;
	int delivery_days, revisions;
	const int64_t *ms_amount;      /* n_ms milestones (0: single payment) */
	const int *ms_days;
	const char *const *ms_title;
	size_t n_ms;
};
/*
 * Insert the order (origin 'offer', awaiting_payment, one 'custom' item; with
 * milestones payment_mode 'milestones' and one milestones row each with its fee =
 * order_buyer_fee(amount), order.buyer_fee = their sum; else buyer_fee of the price)
 * and its "create" event, inside the caller's transaction.
 */
int order_insert_offer(struct order_ctx *cx, const struct order_offer_src *s,
                       int64_t *order_id);

/* Validate user text for an order (account_text_clean: UTF-8, no controls, 1..max
 * characters when required, else 0..max). *out is malloc'ed (free it). */
int order_text(const char *s, size_t max_chars, int required, int multiline, char **out);

#endif
