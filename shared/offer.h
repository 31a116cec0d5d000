/* offer.h: custom offers: a seller proposes work (price, days, milestones) in a
 * conversation with a buyer; the buyer accepts it into an order (order.h). */
#ifndef JS_OFFER_H
#define JS_OFFER_H

#include <stddef.h>
#include <stdint.h>

#include "order.h"

#define OFFER_TITLE_MAX 80            /* characters */
#define OFFER_DESC_MAX 2000
#define OFFER_EXPIRY_DAYS 14          /* a pending offer lapses after this */

struct offer_milestone_in {
	char title[128 * 4 + 1];
	int64_t amount;                /* fen, > 0 */
	int delivery_days;             /* 1..GIG_DAYS_MAX, counted from the previous one */
};

struct offer_new {
	int64_t buyer_id;
	int64_t gig_id;                /* optional: the gig it relates to (0 none) */
	char title[OFFER_TITLE_MAX * 4 + 1];
	char description[OFFER_DESC_MAX * 4 + 1];
	int64_t price;                 /* GIG_PRICE_MIN..GIG_PRICE_MAX; with milestones
	                                  it must equal their sum */
	int delivery_days;             /* 1..GIG_DAYS_MAX (milestones: their sum) */
	int revisions;                 /* -1..GIG_REVISIONS_MAX */
	struct offer_milestone_in ms[ORDER_MILESTONES_MAX];
	size_t n_ms;                   /* 0: single payment; 2..ORDER_MILESTONES_MAX */
};

struct offer_info {
	int64_t id, conversation_id, seller_id, buyer_id, gig_id, order_id;
	char seller_handle[ACCOUNT_HANDLE_MAX + 1], buyer_handle[ACCOUNT_HANDLE_MAX + 1];
	char title[OFFER_TITLE_MAX * 4 + 1];
	char description[OFFER_DESC_MAX * 4 + 1];
	int64_t price;
	int delivery_days, revisions;
	size_t n_ms;
	char state[16];                /* pending accepted declined withdrawn expired */
	int64_t created_at, expires_at;
};

/*
 * Seller `actor` sends an offer to n->buyer_id: finds or creates their direct
 * conversation, writes the offer (+ milestones) and an 'offer' message. JS_ERR_INVALID
 * with a bad field, JS_ERR_PERM to oneself or to a buyer who blocked the seller.
 */
int offer_send(struct order_ctx *cx, int64_t actor, const struct offer_new *n,
               int64_t *offer_id);
/*
 * The buyer accepts: a pending, unexpired offer becomes an order in awaiting_payment
 * (origin 'offer'; with milestones, payment_mode 'milestones' and one milestones row
 * each). Accepting twice: one order; the second call gets JS_ERR_STATE.
 */
int offer_accept(struct order_ctx *cx, int64_t actor, int64_t offer_id, int64_t *order_id);
int offer_decline(struct order_ctx *cx, int64_t actor, int64_t offer_id);
int offer_withdraw(struct order_ctx *cx, int64_t actor, int64_t offer_id);

/* An offer its seller or buyer (or an admin) may see; NOT_FOUND otherwise. */
int offer_get(struct db *db, int64_t actor, int64_t offer_id, struct offer_info *out,
              struct offer_milestone_in *ms, size_t max_ms);
/* Offers the actor sent or received, newest first (pending ones first). */
int offer_list(struct db *db, int64_t actor, struct offer_info *out, size_t max, size_t *n);

#endif
