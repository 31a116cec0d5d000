/* search_query.c: search_gigs: query terms to a bound match expression, plan choice,
 * relevance windows, keyset pages (the walks are search_walk.c's). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "log.h"
#include "search.h"
#include "search_impl.h"
#include "search_run.h"
#include "search_sql.h"
#include "utf8.h"

/*
 * PostgreSQL, relevance: with at least PG_WALK matches (the probe counts that many),
 * each window is one id block of 1 << SEARCH_BLOCK_SHIFT ids (SQ_WINDOW_BLOCK): the
 * query ANDed with the block's token, one GIN lookup that reads only that block's part
 * of the posting lists. A window of WINDOW matches needs its low end, the WINDOW-th
 * match below HI, which GIN cannot give (it names matches in no id order; its planner,
 * misjudging 小程 & 程序 as rare, fetched all 48,000 of them: 300 ms); reading the id
 * range in key order and testing each tsvector, once for the bound and once for the
 * page, cost 15-100 ms a page at 1M gigs. A block without a match still costs a lookup:
 * at most PG_BLOCKS blocks a call.
 */
#define PG_WALK 500
#define PG_BLOCKS 32

int64_t search_window = WINDOW, search_probe = PROBE, search_walk = WALK,
    search_budget = BUDGET;
static int64_t pg_walk = PG_WALK;

void
search_tune(int64_t w, int64_t p, int64_t k, int64_t b)
{
	search_window = w > 0 ? w : WINDOW;
	search_probe = p > 0 ? p : PROBE;
	search_walk = k > 0 ? k : WALK;
	search_budget = b > 0 ? b : BUDGET;
	pg_walk = p > 0 ? p : PG_WALK;
}

/* What match_expr writes: the terms anywhere, within the title, or as a plain list. */
enum match_form { MATCH_ANY, MATCH_TITLE, MATCH_TERMS };

/*
 * The match expression from our own terms, bound as one parameter, never pasted into
 * SQL: FTS5 `"tok" "tok2"` (implicit AND, each term a quoted string) or a tsquery
 * `'tok' & 'tok2'`; MATCH_TITLE, the same within the title: FTS5 `title : ("tok"
 * "tok2")`, tsquery `'tok':A & 'tok2':A`; MATCH_TERMS, the same terms `tok tok2` (for
 * js_has_tokens). Terms hold only letters, digits and CJK (search_tokens.c); a term
 * with a quote, backslash, space or operator would be a bug there: it is dropped, not
 * escaped.
 */
static int
match_expr(enum db_dialect d, const struct search_query *q, enum match_form form,
    char *out, size_t len)
{
	struct buf b;
	size_t i, n = 0;
	int title = form == MATCH_TITLE, r = 0;

	buf_init(&b, len - 1);
	if (title && d != DB_PG)
		r = buf_puts(&b, "title : (");
	for (i = 0; i < q->n && r == 0; i++) {
		const char *t = q->t[i].tok;

		if (strpbrk(t, "\"'\\ \t\n:&|!()*{}^+-") != NULL || search_bucket_token(t))
			continue;
		r = form == MATCH_TERMS ? buf_printf(&b, "%s%s", n ? " " : "", t) :
		    d == DB_PG ? buf_printf(&b, "%s'%s'%s", n ? " & " : "", t, title ? ":A" : "") :
		    buf_printf(&b, "%s\"%s\"", n ? " " : "", t);
		n++;
	}
	if (r == 0 && title && d != DB_PG)
		r = buf_putc(&b, ')');
	if (r == 0)
		snprintf(out, len, "%s", n > 0 && b.data ? b.data : "");
	buf_free(&b);
	return r;
}

int
search_bind_all(struct db_stmt *st, const struct sq_text *t, const struct run *rn)
{
	int i, r;

	for (i = 0; i < SQ_NSLOTS; i++) {
		if (t->num[i] == 0)
			continue;
		r = i == SQ_Q ? db_bind_text(st, t->num[i], rn->q) :
		    i == SQ_TQ ? db_bind_text(st, t->num[i], rn->tq) :
		    i == SQ_BLK ? db_bind_text(st, t->num[i], rn->blk) :
		    i == SQ_TERMS ? db_bind_text(st, t->num[i], rn->terms) :
		    db_bind_int64(st, t->num[i], rn->v[i]);
		if (r != 0)
			return r;
	}
	return 0;
}

/* Run a one-row query: its first nv columns into v[]; *found 0 when it gave no row. */
int
search_one_row(struct run *rn, const struct sq_text *t, int64_t *v, int nv, int *found)
{
	struct db_stmt *st;
	int r, i;

	*found = 0;
	if (t == NULL)
		return JS_ERR_INVALID;
	if ((r = db_prepare(rn->db, t->sql, &st)) != 0 || (r = search_bind_all(st, t, rn)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		for (i = 0; i < nv; i++)
			v[i] = db_col_int64(st, i);
		*found = 1;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
search_one_value(struct run *rn, const struct sq_text *t, int64_t *v, int *found)
{
	return search_one_row(rn, t, v, 1, found);
}

/* PostgreSQL: rn->blk = the token of id block blk, as a tsquery. */
static void
set_block(struct run *rn, int64_t blk)
{
	snprintf(rn->blk, sizeof rn->blk, "'zzb%" PRId64 "'", blk);
}

/*
 * PostgreSQL: does the query have at least `atleast` matches? Counting them costs GIN
 * the whole posting lists of its terms however small the LIMIT (a bitmap scan is built
 * whole: 25 ms for 小程 & 程序 at 1M gigs); counting those in the newest id block costs
 * that block's part of them. When the newest block's matches, as many in every block,
 * would make `atleast`, the answer is yes without the count; else the count decides.
 * Exact when every gig lies in the newest block (small stores, tests).
 */
static int
pg_enough(struct run *rn, int64_t atleast, int *yes)
{
	int64_t m = 0, blocks;
	int found, r;

	*yes = 0;
	if (rn->maxid < 0 && (r = search_one_value(rn, sq_maxid(), &rn->maxid, &found)) != 0)
		return r;
	blocks = (rn->maxid >> SEARCH_BLOCK_SHIFT) + 1;
	set_block(rn, rn->maxid >> SEARCH_BLOCK_SHIFT);
	rn->v[SQ_LIM] = (int64_t)1 << SEARCH_BLOCK_SHIFT;
	if ((r = search_one_value(rn, sq_probe_block(), &m, &found)) != 0)
		return r;
	rn->blockm = m;
	if (blocks > 1 && m >= (atleast + blocks - 1) / blocks) {
		*yes = 1;
		return 0;
	}
	rn->v[SQ_LIM] = atleast;
	if ((r = search_one_value(rn, sq_probe(DB_PG), &m, &found)) != 0)
		return r;
	*yes = m >= atleast;
	return 0;
}

/*
 * Run page text t and take its rows in order: hits (pass = 1) into pg->out until one
 * beyond max shows there is more (then stop); every row, hit or not, moves pg->last.
 */
int
search_run_page(struct run *rn, const struct sq_text *t, struct page *pg)
{
	struct db_stmt *st;
	int r;

	pg->rows = 0;
	if (t == NULL)
		return JS_ERR_INVALID;
	if ((r = db_prepare(rn->db, t->sql, &st)) != 0 || (r = search_bind_all(st, t, rn)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		struct search_hit *h = &pg->out[pg->n];

		pg->rows++;
		pg->last.k1 = db_col_int64(st, 10);
		pg->last.k2 = db_col_int64(st, 11);
		pg->last.id = db_col_int64(st, 0);
		if (db_col_int64(st, 12) == 0)
			continue;
		if (pg->n == pg->max) {
			pg->full = 1;
			break;
		}
		memset(h, 0, sizeof *h);
		h->gig_id = pg->last.id;
		h->seller_id = db_col_int64(st, 1);
		h->category_id = db_col_int64(st, 2);
		utf8_copy(h->title, sizeof h->title, db_col_text(st, 3));
		h->price_from = db_col_int64(st, 4);
		h->delivery_days = (int)db_col_int64(st, 5);
		h->rating_x100 = (int)db_col_int64(st, 6);
		h->rating_count = db_col_int64(st, 7);
		h->orders_count = db_col_int64(st, 8);
		h->published_at = db_col_int64(st, 9);
		h->score = pg->last.k1;
		pg->last_hit = pg->last;
		pg->n++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

/*
 * Relevance with a query: rank window after window of matches until the page is full.
 * PostgreSQL with many matches: windows are id blocks, the first the one of the
 * highest gig id.
 */
static int
relevance_pages(struct run *rn, struct search_cursor *c, struct page *pg, int *more)
{
	enum db_dialect d = db_dialect(rn->db);
	int64_t seen = 0, step = search_window;
	int found, r = 0, by_block = 0;

	if (d == DB_PG) {
		if ((r = pg_enough(rn, pg_walk, &by_block)) != 0)
			return r;
		if (by_block && c->hi == INT64_MAX)
			c->hi = rn->maxid;
		/*
		 * A block costs a GIN lookup, matches or not (PG_BLOCKS of them a call), and
		 * a gig and filter lookup per match (~8 µs at 1M gigs), filtered out or not:
		 * as many as the newest block had, a guess; about a quarter of the budget of
		 * matches a call (设计 for online sellers read 7,000 of them in 32 blocks:
		 * 78 ms; 1,000 in 5 blocks were still 30 ms).
		 */
		if (by_block) {
			step = search_budget / PG_BLOCKS > 0 ? search_budget / PG_BLOCKS : 1;
			step = rn->blockm > step ? rn->blockm * 4 : step;
		}
	}
	for (;;) {
		if (by_block) {
			int64_t blk = c->hi >> SEARCH_BLOCK_SHIFT;

			c->lo = blk << SEARCH_BLOCK_SHIFT;
			set_block(rn, blk);
		} else if (c->lo < 0) {
			rn->v[SQ_HI] = c->hi;
			rn->v[SQ_LIM] = search_window - 1;
			if ((r = search_one_value(rn, sq_bound(d), &c->lo, &found)) != 0)
				break;
			if (!found || c->lo == 0)
				c->lo = 0;    /* fewer than a window left: the last one */
		}
		rn->v[SQ_LO] = c->lo;
		rn->v[SQ_HI] = c->hi;
		rn->v[SQ_K1] = c->k1;
		rn->v[SQ_ID] = c->id;
		rn->v[SQ_LIM] = (int64_t)(pg->max - pg->n) + 1;
		if ((r = search_run_page(rn, sq_page(d, by_block ? SQ_WINDOW_BLOCK : SQ_WINDOW,
		    SEARCH_SORT_RELEVANCE), pg)) != 0)
			break;
		if (pg->full) {               /* more in this window: go on after the last hit */
			c->k1 = pg->last_hit.k1;
			c->id = pg->last_hit.id;
			*more = 1;
			break;
		}
		seen += step;
		if (c->lo <= 1) {             /* that was the last window */
			*more = 0;
			break;
		}
		c->hi = c->lo - 1;
		c->lo = -1;
		c->k1 = c->id = INT64_MAX;
		if (seen >= search_budget || pg->n == pg->max) {
			*more = 1;            /* the next call begins with the next window */
			break;
		}
	}
	return r;
}

/* The first page's keyset, with price bounds folded in where they lead. */
static void
first_cursor(enum search_sort sort, const struct run *rn, struct search_cursor *c)
{
	c->k1 = c->k2 = c->id = c->hi = INT64_MAX;
	c->lo = -1;
	if (sort == SEARCH_SORT_PRICE_ASC) {
		c->k1 = rn->v[SQ_PMIN];
		c->id = 0;
	} else if (sort == SEARCH_SORT_PRICE_DESC && rn->v[SQ_PMAX] < INT64_MAX) {
		c->k1 = rn->v[SQ_PMAX];
		c->id = INT64_MAX;
	}
}

/* One search's state, for search_pages in its transaction. */
struct search_call {
	struct run rn;
	struct page pg;
	struct search_cursor c;
	enum search_sort sort;
	int more;
};

/* The hits of the page: the plan that suits the query, sort order and match count. */
static int
find_pages(struct search_call *sc, enum db_dialect d)
{
	struct run *rn = &sc->rn;
	struct page *pg = &sc->pg;
	enum search_sort sort = sc->sort;
	enum sq_plan plan = SQ_BROWSE;
	int64_t matches;
	int found, r;

	if (rn->q[0] != '\0' && sort == SEARCH_SORT_RELEVANCE)
		return relevance_pages(rn, &sc->c, pg, &sc->more);
	if (rn->q[0] != '\0' && d == DB_PG) {
		if ((r = pg_enough(rn, search_probe, &found)) != 0)
			return r;
		plan = found ? SQ_SORTED : SQ_TEXT;
	} else if (rn->q[0] != '\0') {
		rn->v[SQ_LIM] = search_probe;
		if ((r = search_one_value(rn, sq_probe(d), &matches, &found)) != 0)
			return r;
		plan = matches >= search_probe ? SQ_SORTED : SQ_TEXT;
	}
	if (plan == SQ_SORTED && (sort == SEARCH_SORT_PRICE_ASC ||
	    sort == SEARCH_SORT_PRICE_DESC) && d != DB_PG) {
		r = search_walk_pages(rn, SQ_PRICE, sort, &sc->c, pg, &sc->more);
		plan = SQ_PRICE;
	} else if (plan == SQ_SORTED && (sort == SEARCH_SORT_PRICE_ASC ||
	    sort == SEARCH_SORT_PRICE_DESC)) {
		r = search_price_pages(rn, sort, &sc->c, pg, &sc->more);
		plan = SQ_TEXT;
	} else {
		r = search_walk_pages(rn, plan, sort, &sc->c, pg, &sc->more);
	}
	/* few hits in the walk: the matches lie further along the order */
	if (r == 0 && plan == SQ_SORTED && sc->more && !pg->full && pg->n < pg->max / 2) {
		rn->v[SQ_LIM] = PROBE_ALL;
		if ((r = search_one_value(rn, sq_probe(d), &matches, &found)) == 0 &&
		    matches < PROBE_ALL)
			r = search_walk_pages(rn, SQ_TEXT, sort, &sc->c, pg, &sc->more);
	}
	return r;
}

/*
 * The page's statements, in one read-only snapshot, so that a page made of several
 * walk steps sees one state of the gigs. A browse (no text) has PostgreSQL plan its
 * statements once per session: the walk's text fixes its plan (the sort order's
 * index), and planning it afresh with each call's values took 0.5-0.8 ms of a 1.5-2 ms
 * category browse at 1M gigs. Not with text: the generic plans of the relevance
 * windows and of filtered searches cost them 1.2-1.7x (bench_search at 1M gigs).
 */
static int
search_pages(struct db *db, void *ud)
{
	struct search_call *sc = ud;
	int r;

	if (sc->rn.q[0] == '\0' && (r = db_generic_plans(db)) != 0)
		return r;
	if ((r = find_pages(sc, db_dialect(db))) != 0)
		return r;
	return search_fill_sellers(db, sc->pg.out, sc->pg.n, sc->rn.now);
}

int
search_gigs(struct db *db, const char *query, const struct search_filter *f,
    enum search_sort sort, const char *cursor, struct search_hit *out, size_t max,
    size_t *n, char *next_cursor, size_t next_len)
{
	static const struct search_filter none;
	struct search_query *q = NULL;
	struct search_call *sc = NULL;
	struct run *rn;
	enum db_dialect d = db_dialect(db);
	int r;

	*n = 0;
	if (next_cursor != NULL && next_len > 0)
		next_cursor[0] = '\0';
	if (query == NULL || out == NULL || max == 0 || max > 100 || next_cursor == NULL ||
	    next_len < SEARCH_CURSOR_MAX || (unsigned)sort >= SEARCH_SORT_COUNT)
		return JS_ERR_INVALID;
	if (f == NULL)
		f = &none;
	if ((q = malloc(sizeof *q)) == NULL || (sc = calloc(1, sizeof *sc)) == NULL) {
		r = JS_ERR_NOMEM;
		goto out;
	}
	if ((r = search_query_parse(query, q)) != 0)
		goto out;
	rn = &sc->rn;
	sc->sort = sort;
	sc->pg.out = out;
	sc->pg.max = max;
	rn->db = db;
	rn->maxid = rn->blockm = -1;
	rn->now = f->now ? f->now : (int64_t)time(NULL);
	rn->v[SQ_CAT] = f->category_id;
	rn->v[SQ_PMIN] = f->price_min > 0 ? f->price_min : 0;
	rn->v[SQ_PMAX] = f->price_max > 0 ? f->price_max : INT64_MAX;
	rn->v[SQ_DAYS] = f->delivery_days_max > 0 ? f->delivery_days_max : INT64_MAX;
	rn->v[SQ_LEVEL] = f->seller_level_min > 0 ? f->seller_level_min : 0;
	rn->v[SQ_RATING] = f->rating_min_x100 > 0 ? f->rating_min_x100 : 0;
	rn->v[SQ_ONLINE] = f->online_only ? rn->now - SEARCH_ONLINE_SECS : 0;
	if ((r = match_expr(d, q, MATCH_ANY, rn->q, sizeof rn->q)) != 0 ||
	    (r = match_expr(d, q, MATCH_TITLE, rn->tq, sizeof rn->tq)) != 0 ||
	    (r = match_expr(d, q, MATCH_TERMS, rn->terms, sizeof rn->terms)) != 0)
		goto out;
	first_cursor(sort, rn, &sc->c);
	if (cursor != NULL && cursor[0] != '\0' &&
	    (r = search_cursor_parse(cursor, sort, &sc->c)) != 0)
		goto out;
	if ((r = db_tx_snapshot(db, search_pages, sc)) == 0) {
		*n = sc->pg.n;
		if (sc->more)
			search_cursor_format(next_cursor, next_len, sort, &sc->c);
	}
out:
	if (r != 0 && r != JS_ERR_UTF8 && r != JS_ERR_TOO_BIG && r != JS_ERR_INVALID)
		log_warn("search failed: %s: %s", js_strerror(r), db_errmsg(db));
	free(q);
	free(sc);
	return r;
}
