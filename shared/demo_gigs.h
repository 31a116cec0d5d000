/* demo_gigs.h: synthetic but plausible gigs in bulk, search rows included, for benchmarks. */
#ifndef JS_DEMO_GIGS_H
#define JS_DEMO_GIGS_H

#include <stdint.h>

#include "db.h"

struct demo_gigs_stats {
	int64_t gigs;              /* gigs inserted */
	int64_t active;            /* of which active (and so indexed) */
	int64_t sellers;           /* seller accounts created */
	int64_t terms;             /* distinct suggestion terms counted */
	double seconds;            /* wall time of the whole call */
	double index_seconds;      /* tokenizing (filler thread) plus writing search rows and
	                              terms: work of both threads, which overlap */
	double rebuild_seconds;    /* of which rebuilding secondary indexes (bulk load) */
};

/*
 * Insert n gigs (1 .. 100,000,000) spread over the existing sub-categories (all
 * categories when none has a parent; JS_ERR_STATE when there is none: run demo_seed
 * first), owned by a pool of new seller accounts (about one per 25 gigs, at least 10;
 * handles "demoNNNNNNN", with a profile, some online, and a reputation row with a level).
 * Titles come from per-category word lists (modifier + object + service + suffix),
 * with 1..3 packages, 1..3 tags, ratings, orders and publication times spread over two
 * years; ~96% active (indexed for search like search_index_gig would, suggestion terms
 * counted), the rest paused, draft or deleted (not indexed). Pinyin is computed once per
 * word-list entry, tokens once per distinct title. Deterministic for a given seed (apart
 * from ids and the current time). Commits every DEMO_GIGS_TX gigs; a failure leaves the
 * batches already committed. stats may be NULL.
 * A second thread makes the next DEMO_GIGS_TX gigs and their tokens (ICU) while the
 * calling thread writes; it is joined before return, and the caller must not use ICU
 * (search_*) or pinyin from another thread meanwhile.
 */
#define DEMO_GIGS_TX 20000
/*
 * A call for at least DEMO_GIGS_BULK gigs that also at least doubles the table is a
 * bulk load (db_bulk.h): secondary indexes of gigs, gig_packages and gig_tags are
 * dropped and rebuilt at the end, and commits are not synced until then (a power loss
 * during the load can lose or, on SQLite, damage it: demo and benchmark data only).
 * Durability is restored before the rebuild (its commits are synced, and on SQLite a
 * last checkpoint syncs the database file), so a load that returned 0 is on disk.
 */
#define DEMO_GIGS_BULK 2000
int demo_gigs(struct db *db, int64_t n, uint64_t seed, struct demo_gigs_stats *stats);

#endif
