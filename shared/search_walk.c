/* search_walk.c: the walks of search_gigs: a sort order's index in blocks of rows, each
 * tested against the filters (and the text), and PostgreSQL's price order octave by
 * octave of prices. */
#include <stdio.h>

#include "search_run.h"

/* PostgreSQL's walks return their hits only (search_sql.h). */
static int
pg_walk_hits_only(const struct run *rn, enum sq_plan plan)
{
	return db_dialect(rn->db) == DB_PG && (plan == SQ_BROWSE || plan == SQ_SORTED);
}

/*
 * A PostgreSQL walk that filled no page: where it ended, as a walk returning every
 * row would have shown: pg->rows = LIM and pg->last = the LIM-th row's keys, or
 * pg->rows = 0 when the order ended sooner.
 */
static int
walk_end(struct run *rn, enum search_sort sort, struct page *pg)
{
	int64_t keys[3];
	int found, r;

	pg->rows = 0;
	if ((r = search_one_row(rn, sq_walk_end(sort), keys, 3, &found)) != 0 || !found)
		return r;
	pg->rows = rn->v[SQ_LIM];
	pg->last.k1 = keys[0];
	pg->last.k2 = keys[1];
	pg->last.id = keys[2];
	return 0;
}

/* Walk the sort order's index in blocks until the page is full or the budget is spent. */
int
search_walk_pages(struct run *rn, enum sq_plan plan, enum search_sort sort,
    struct search_cursor *c, struct page *pg, int *more)
{
	const struct sq_text *t = sq_page(db_dialect(rn->db), plan, sort);
	int64_t seen = 0;
	int r;

	for (;;) {
		rn->v[SQ_K1] = c->k1;
		rn->v[SQ_K2] = c->k2;
		rn->v[SQ_ID] = c->id;
		if (plan == SQ_PRICE && sort == SEARCH_SORT_PRICE_ASC) {
			rn->v[SQ_LO] = search_price_key(c->k1, c->id);
			rn->v[SQ_HI] = search_price_key(rn->v[SQ_PMAX], INT64_MAX);
		} else if (plan == SQ_PRICE) {
			rn->v[SQ_LO] = search_price_key(rn->v[SQ_PMIN], 0);
			rn->v[SQ_HI] = search_price_key(c->k1, c->id);
		}
		rn->v[SQ_LIM] = plan == SQ_TEXT || plan == SQ_TEXT_BLOCK ? (int64_t)pg->max + 1 :
		    search_walk;
		/* PostgreSQL's walks: the hits still wanted and one more (there are more) */
		rn->v[SQ_PAGE] = (int64_t)(pg->max - pg->n) + 1;
		/* most price-ordered matches pass the filters: a page's worth first */
		if (plan == SQ_PRICE && seen == 0)
			rn->v[SQ_LIM] = 2 * (int64_t)(pg->max - pg->n) + 2;
		if ((r = search_run_page(rn, t, pg)) != 0)
			return r;
		if (pg->full) {
			*c = pg->last_hit;
			*more = 1;
			return 0;
		}
		if (pg_walk_hits_only(rn, plan) && (r = walk_end(rn, sort, pg)) != 0)
			return r;
		if (plan == SQ_TEXT || plan == SQ_TEXT_BLOCK || pg->rows < rn->v[SQ_LIM]) {
			*more = 0;            /* the end of the order */
			return 0;
		}
		*c = pg->last;               /* all rows up to here are decided */
		seen += pg->rows;
		if (seen >= (plan == SQ_SORTED ? search_budget * TEXT_BUDGET / BUDGET :
		    search_budget)) {
			*more = 1;
			return 0;
		}
	}
}

/*
 * PostgreSQL, price order with many matches: the matches octave by octave of prices
 * (price tokens, search.h), until the page is full. An octave's matches are first
 * counted up to PRICE_SORT (one GIN lookup): none, it is skipped; fewer, they are all
 * filtered and sorted at once (SQ_TEXT_BLOCK with the octave's token as BLK); more,
 * bucket by bucket (an eighth of the octave each). Walking the price index instead
 * tests each gig's tsvector and finds nothing for long when the matches sit at the
 * other end of the range (小程序: the cheapest is dearer than half of all gigs);
 * sorting every match costs a gig lookup per match (48,000 for 小程序 at 1M gigs:
 * 1.1 s). The lookups read gig_search_price, whose rows lie in price order: an octave
 * or bucket is a stretch of the table, and GIN reads only that stretch of the long
 * posting lists (0.2 ms for 小程 & 程序 in an octave without a match at 1M gigs; 10 ms in
 * gig_search, where a price's gigs are everywhere). The token is its own GIN scan key
 * (BLK): inside the tsquery GIN drives the AND from the entry it guesses rarest.
 * SQLite walks gig_fts_price instead (SQ_PRICE): ANDing a bucket token costs FTS5 a
 * pass over every term's doclist.
 */
#define PRICE_SORT 32

int
search_price_pages(struct run *rn, enum search_sort sort, struct search_cursor *c,
    struct page *pg, int *more)
{
	int asc = sort == SEARCH_SORT_PRICE_ASC, o, e, oend, eend, found, r, calls = 0;
	int64_t any;

	search_bucket_of(c->k1, &o, &e);
	search_bucket_of(asc ? rn->v[SQ_PMAX] : rn->v[SQ_PMIN], &oend, &eend);
	for (;;) {
		if (e == (asc ? 0 : 7) || calls == 0) {
			/* a new octave: skip it, sort it whole, or go bucket by bucket */
			snprintf(rn->blk, sizeof rn->blk, "'zzp%d'", o);
			rn->v[SQ_LIM] = PRICE_SORT;
			if ((r = search_one_value(rn, sq_probe_price(), &any, &found)) != 0)
				return r;
			if (any > 0 && any < PRICE_SORT) {
				if ((r = search_walk_pages(rn, SQ_TEXT_BLOCK, sort, c, pg, more)) != 0)
					return r;
				if (pg->full)
					break;
			}
			if (any < PRICE_SORT)
				e = asc ? 8 : -1;
		}
		if (e >= 0 && e <= 7) {
			snprintf(rn->blk, sizeof rn->blk, "'zzp%dq%d'", o, e);
			if ((r = search_walk_pages(rn, SQ_TEXT_BLOCK, sort, c, pg, more)) != 0)
				return r;
			if (pg->full)
				break;
		}
		calls++;
		/* the next bucket; the keyset still holds: its prices lie beyond */
		if (o == oend && (asc ? e >= eend : e <= eend)) {
			*more = 0;
			break;
		}
		e += asc ? 1 : -1;
		if (e > 7 || e < 0) {
			o += asc ? (o == 0 ? 3 : 1) : (o == 3 ? -3 : -1);
			e = asc ? 0 : 7;
		}
		if (calls >= search_budget / 32) {
			/* budget spent: go on from the start of the next bucket */
			*more = 1;
			c->k1 = asc ? search_bucket_low(o, e) : search_bucket_low(o, e + 1) - 1;
			c->k2 = 0;
			c->id = asc ? 0 : INT64_MAX;
			break;
		}
	}
	return 0;
}

