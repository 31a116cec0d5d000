/* demo_seed.h: demonstration data (categories, users, gigs, wallet top-ups); idempotent. */
#ifndef JS_DEMO_SEED_H
#define JS_DEMO_SEED_H

#include <stdint.h>

#include "db.h"

struct demo_seed_stats {
	int categories;    /* rows this call inserted */
	int users;
	int gigs;
	int topups;        /* ledger transactions this call applied */
	int orders;        /* demo orders this call made (demo_orders.c) */
	int offers;        /* custom offers this call sent */
};

/*
 * Insert the demo marketplace, skipping whatever is already there (categories by slug,
 * users by handle, gigs by seller and title, top-ups by idempotency key), in one
 * transaction: running it twice changes nothing the second time.
 */
int demo_seed(struct db *db, struct demo_seed_stats *stats);

/*
 * The demo orders (demo_orders.c): one in every state, paid from the demo buyers'
 * wallets through the order functions, a pending custom offer and a milestone order
 * part-way; each scenario is skipped when its order (or offer) exists. Histories are
 * dated back from `now` (0: the clock). Called by demo_seed after users and gigs; adds
 * to stats->orders and stats->offers.
 */
int demo_orders(struct db *db, int64_t now, struct demo_seed_stats *stats);

#endif
