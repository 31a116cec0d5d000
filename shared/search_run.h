/* search_run.h: one search_gigs call's bound values and page, shared by the plans
 * that fill it: search_query.c (plan choice, relevance windows) and search_walk.c
 * (the walks of a sort order's index, PostgreSQL's price octaves). Private to search. */
#ifndef JS_SEARCH_RUN_H
#define JS_SEARCH_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "search.h"
#include "search_impl.h"
#include "search_sql.h"

/*
 * Work bounds (docs/search.md). Relevance with a query ranks the matches in windows of
 * WINDOW, newest gig ids first: exact within a window, windows in id order; a query
 * with fewer matches has one window, so its order is exact. Sorted by price, rating
 * or date, a query with fewer than PROBE matches sorts them all; with more, and
 * browsing, the sort order's index is walked WALK rows at a time. One call looks at
 * about BUDGET candidate rows at most, then returns what it has (maybe a short or even
 * an empty page) with a cursor that goes on from there.
 */
#define WINDOW 200
#define PROBE 1000
#define WALK 500
#define BUDGET 2000
/*
 * A walk that tests the text costs ~6-10 µs a row on SQLite (the row's tokens read and
 * tested, js_has_tokens): it gets a smaller budget. When that runs out with less than
 * half a page, the matches lie further along the order (小程序 by price: its gigs cost
 * more than most), and sorting every match is cheaper: up to PROBE_ALL of them.
 */
#define TEXT_BUDGET 300
#define PROBE_ALL 100000

/* The bounds in force: the defaults above, or search_tune's (search_query.c). */
extern int64_t search_window, search_probe, search_walk, search_budget;

/* One call's values for the statements' slots, and its match expressions. */
struct run {
	struct db *db;
	int64_t v[SQ_NSLOTS];
	char q[SEARCH_QTERMS * (SEARCH_TERM_LEN + 8) + 16];
	char tq[SEARCH_QTERMS * (SEARCH_TERM_LEN + 8) + 16];
	char terms[SEARCH_QTERMS * (SEARCH_TERM_LEN + 1) + 1];   /* SQ_TERMS */
	char blk[32];              /* PostgreSQL: an id block's token, as a tsquery */
	int64_t maxid;             /* PostgreSQL: the highest gig id searched; -1 not read */
	int64_t blockm;            /* PostgreSQL: matches in the newest id block; -1 unknown */
	int64_t now;               /* for the sellers' presence (online) */
};

/* What one call has found so far. */
struct page {
	struct search_hit *out;
	size_t max, n;
	int full;                  /* a hit beyond max was seen: there is more */
	struct search_cursor last;       /* keys of the last row walked (hit or not) */
	struct search_cursor last_hit;   /* keys of out[n - 1] */
	int64_t rows;              /* rows the last query returned */
};

/* Bind every slot text t uses from rn. */
int search_bind_all(struct db_stmt *st, const struct sq_text *t, const struct run *rn);
/* Run a one-row query: its first nv columns into v[]; *found 0 when it gave no row.
 * search_one_value: one column (a bound, a probe's count). */
int search_one_row(struct run *rn, const struct sq_text *t, int64_t *v, int nv, int *found);
int search_one_value(struct run *rn, const struct sq_text *t, int64_t *v, int *found);
/* Run page text t and take its rows in order into pg (see search_query.c). */
int search_run_page(struct run *rn, const struct sq_text *t, struct page *pg);
/*
 * search_walk.c: walk the sort order's index in blocks from cursor c until the page is
 * full or the budget is spent (*more: there is more after c); PostgreSQL, price order
 * with many matches: octave by octave of prices.
 */
int search_walk_pages(struct run *rn, enum sq_plan plan, enum search_sort sort,
    struct search_cursor *c, struct page *pg, int *more);
int search_price_pages(struct run *rn, enum search_sort sort, struct search_cursor *c,
    struct page *pg, int *more);

#endif
