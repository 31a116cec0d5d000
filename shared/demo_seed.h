/* demo_seed.h: demonstration data (categories, users, gigs, wallet top-ups); idempotent. */
#ifndef JS_DEMO_SEED_H
#define JS_DEMO_SEED_H

#include "db.h"

struct demo_seed_stats {
	int categories;    /* rows this call inserted */
	int users;
	int gigs;
	int topups;        /* ledger transactions this call applied */
};

/*
 * Insert the demo marketplace, skipping whatever is already there (categories by slug,
 * users by handle, gigs by seller and title, top-ups by idempotency key), in one
 * transaction: running it twice changes nothing the second time.
 */
int demo_seed(struct db *db, struct demo_seed_stats *stats);

#endif
