/* demo_gigs.c: synthetic gigs in bulk: word-list titles, packages, tags, sellers, search rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_bulk.h"
#include "demo_gigs.h"
#include "demo_gigs_impl.h"
#include "demo_rows.h"
#include "err.h"
#include "log.h"
#include "search.h"

#define YEAR (365 * 86400)

struct gen {
	struct db *db;
	uint64_t rng;
	struct dcat *cat;
	size_t ncat;
	struct piece mod[DG_MODS], suf[DG_SUFS];
	int nmod, nsuf;
	int64_t *seller, level_id[8];
	size_t nseller;
	int nlevel;
	int64_t now, n;
	int stamp;                 /* timestamps given, not DEFAULT (SQLite) */
	double index_s;            /* seconds spent on search rows and terms (both threads) */
	struct dg_memo memo;       /* the filler's */
	struct chunk *cur;         /* the writer's */
	struct dg_terms terms;
	struct dg_rows gigs, pkgs, tags;
	struct dg_docs docs;
};

#define rnd dg_rnd

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- one gig ---- */

/* Its texts while it is made (the filler's scratch). */
struct gtext {
	char title[600], desc[800], py[600], ini[200];
};

/* A generated gig; its texts are NUL-terminated strings in its chunk's arena. */
struct gig {
	size_t title, desc, py, ini;
	size_t doc[3];             /* active: its search row (dg_doc_build) */
	const struct dcat *c;
	int tags[4], ntags, npkg, status;
	int64_t seller, price[3], rating, nrating, orders, created, published;
	int days[3], revisions[3];
};

/* One transaction's worth of gigs, made by the filler thread, written by the caller. */
struct chunk {
	struct gig *x;
	int64_t n, active;
	struct buf arena;
	struct dg_terms terms;     /* suggestion-term counts of its active gigs */
	double index_s;            /* filler's seconds on search rows */
};

static const char *const statuses[] = { "active", "paused", "draft", "deleted" };

static void
gig_make(struct gen *g, struct gig *x, struct gtext *t, int64_t i)
{
	const struct piece *p[4];
	uint64_t *s = &g->rng;
	int k, j, prev = 0;
	int64_t lo, hi;

	x->c = &g->cat[rnd(s, (int64_t)g->ncat)];
	p[0] = rnd(s, 10) < 7 ? &g->mod[rnd(s, g->nmod)] : NULL;
	p[1] = &x->c->obj[rnd(s, x->c->nobj)];
	p[2] = &x->c->svc[rnd(s, x->c->nsvc)];
	p[3] = rnd(s, 10) < 4 ? &g->suf[rnd(s, g->nsuf)] : NULL;
	t->title[0] = t->py[0] = t->ini[0] = '\0';
	for (k = 0; k < 4; k++) {
		if (p[k] == NULL)
			continue;
		strncat(t->title, p[k]->s, sizeof t->title - strlen(t->title) - 1);
		dg_py_join(t->py, t->ini, sizeof t->ini, &prev, p[k]);
	}
	{
		static const char more[] = "。经验丰富，沟通及时，按时交付，支持修改。";
		size_t tl = strlen(t->title);

		memcpy(t->desc, t->title, tl);
		memcpy(t->desc + tl, more, sizeof more);   /* title < 600 bytes: fits in 800 */
	}
	x->seller = g->seller[rnd(s, (int64_t)g->nseller)];
	k = (int)rnd(s, 100);
	x->status = k < 96 ? 0 : k < 98 ? 1 : k < 99 ? 2 : 3;
	x->ntags = 1 + (int)rnd(s, 3);
	for (k = 0; k < x->ntags && k < x->c->ntag; k++) {
		x->tags[k] = (int)rnd(s, x->c->ntag);
		for (j = 0; j < k; j++)
			if (x->tags[j] == x->tags[k])
				k--, j = k;     /* draw again */
	}
	x->ntags = k;
	x->npkg = 1 + (int)rnd(s, 3);
	lo = x->c->t->price_lo;
	hi = x->c->t->price_hi;
	for (k = 0; k < x->npkg; k++) {
		x->price[k] = (lo + rnd(s, hi - lo)) / 100 * 100 * (k == 0 ? 1 : 2 * k + 1);
		x->days[k] = 1 + (int)rnd(s, 10) + 5 * k;
		x->revisions[k] = k == 2 ? -1 : 1 + (int)rnd(s, 3);
	}
	if (rnd(s, 4) != 0) {
		x->nrating = 1 + rnd(s, rnd(s, 4) == 0 ? 500 : 40);
		x->rating = 380 + rnd(s, 121);
		x->orders = x->nrating + rnd(s, x->nrating + 5);
	} else {
		x->nrating = x->rating = 0;
		x->orders = rnd(s, 3);
	}
	/* ids and publication times rise together, as they do in a live marketplace */
	x->published = g->now - 2 * YEAR + (2 * YEAR) * i / (g->n ? g->n : 1) + rnd(s, 86400);
	x->created = x->published - rnd(s, 7 * 86400);
}

/* Append s and its NUL to the arena; its offset in *off. */
static int
put_str(struct buf *a, const char *s, size_t *off)
{
	*off = a->len;
	return buf_append(a, s, strlen(s) + 1);
}

/* The filler (dg_fill_fn): chunk number seq's gigs, texts and search rows, no database. */
static int
chunk_fill(void *ud, void *slot, int64_t seq)
{
	struct gen *g = ud;
	struct chunk *ch = slot;
	struct gtext t;
	int64_t first = seq * DEMO_GIGS_TX, k;
	double t0;
	int r = 0, j;

	ch->n = g->n - first < DEMO_GIGS_TX ? g->n - first : DEMO_GIGS_TX;
	ch->active = 0;
	ch->index_s = 0;
	buf_reset(&ch->arena);
	dg_terms_clear(&ch->terms);
	for (k = 0; k < ch->n && r == 0; k++) {
		struct gig *x = &ch->x[k];
		const char *tt[4] = { NULL, NULL, NULL, NULL }, *tm[4] = { NULL, NULL, NULL, NULL };

		gig_make(g, x, &t, first + k);
		if ((r = put_str(&ch->arena, t.title, &x->title)) != 0 ||
		    (r = put_str(&ch->arena, t.desc, &x->desc)) != 0 ||
		    (r = put_str(&ch->arena, t.py, &x->py)) != 0 ||
		    (r = put_str(&ch->arena, t.ini, &x->ini)) != 0 || x->status != 0)
			continue;
		ch->active++;
		for (j = 0; j < x->ntags; j++) {
			tt[j] = x->c->tag[x->tags[j]].tokens;
			tm[j] = x->c->tag[x->tags[j]].term;
		}
		t0 = mono();
		r = dg_doc_build(&g->memo, &ch->arena, &ch->terms, t.title, x->price[0],
		    x->c->tokens, x->c->term, tt, tm, x->doc);
		ch->index_s += mono() - t0;
	}
	return r;
}

/* The writer's part: packages, tags and (active gigs) the search row of gig x. */
static int
gig_children(struct gen *g, const struct chunk *ch, const struct gig *x, int64_t id)
{
	static const char *const tiers[3] = { "basic", "standard", "premium" };
	const char *a = ch->arena.data;
	int k, r;

	for (k = 0; k < x->npkg; k++) {
		if ((r = dg_rows_int(&g->pkgs, id)) != 0 ||
		    (r = dg_rows_text(&g->pkgs, tiers[k])) != 0 ||
		    (r = dg_rows_text(&g->pkgs, dg_package_names[k])) != 0 ||
		    (r = dg_rows_int(&g->pkgs, x->price[k])) != 0 ||
		    (r = dg_rows_int(&g->pkgs, x->days[k])) != 0 ||
		    (r = dg_rows_int(&g->pkgs, x->revisions[k])) != 0 ||
		    (g->stamp && ((r = dg_rows_int(&g->pkgs, g->now)) != 0 ||
		    (r = dg_rows_int(&g->pkgs, g->now)) != 0)))
			return r;
	}
	for (k = 0; k < x->ntags; k++) {
		if ((r = dg_rows_int(&g->tags, id)) != 0 ||
		    (r = dg_rows_text(&g->tags, x->c->tag[x->tags[k]].s)) != 0 ||
		    (r = dg_rows_int(&g->tags, k)) != 0)
			return r;
	}
	if (x->status != 0)
		return 0;
	return dg_docs_put(&g->docs, id, x->price[0], a + x->doc[0], a + x->doc[1],
	    a + x->doc[2]);
}

#define GIG_COLS 15
#define GIG_ROWS 32          /* a statement at most (PostgreSQL: 4, its 64 parameters) */

static int
gig_batch(struct gen *g, const struct chunk *ch, const struct gig *x, int n)
{
	const char *a = ch->arena.data;
	int64_t ids[GIG_ROWS];
	int k, r;

	for (k = 0; k < n; k++) {
		struct dg_rows *b = &g->gigs;

		if ((r = dg_rows_int(b, x[k].seller)) != 0 || (r = dg_rows_int(b, x[k].c->id)) != 0 ||
		    (r = dg_rows_text(b, a + x[k].title)) != 0 ||
		    (r = dg_rows_text(b, a + x[k].desc)) != 0 ||
		    (r = dg_rows_text(b, statuses[x[k].status])) != 0 ||
		    (r = dg_rows_text(b, a + x[k].py)) != 0 || (r = dg_rows_text(b, a + x[k].ini)) != 0 ||
		    (r = dg_rows_int(b, x[k].rating)) != 0 || (r = dg_rows_int(b, x[k].nrating)) != 0 ||
		    (r = dg_rows_int(b, x[k].orders)) != 0 || (r = dg_rows_int(b, x[k].price[0])) != 0 ||
		    (r = dg_rows_int(b, x[k].days[0])) != 0 || (r = dg_rows_int(b, x[k].created)) != 0 ||
		    (x[k].status == 0 ? (r = dg_rows_int(b, x[k].price[0])) :
		    (r = dg_rows_null(b))) != 0 ||
		    (x[k].status == 2 ? (r = dg_rows_null(b)) :
		    (r = dg_rows_int(b, x[k].published))) != 0 ||
		    (g->stamp && (r = dg_rows_int(b, g->now)) != 0))
			return r;
	}
	if ((r = dg_rows_returning(&g->gigs, ids, n)) != 0)
		return r;
	for (k = 0; k < n; k++)
		if ((r = gig_children(g, ch, &x[k], ids[k])) != 0)
			return r;
	return 0;
}

/* Write one chunk in one transaction; repeatable (db_tx may rerun it after a busy error). */
static int
chunk_tx(struct db *db, void *ud)
{
	struct gen *g = ud;
	const struct chunk *ch = g->cur;
	int64_t i, k;
	int r = 0;

	(void)db;
	dg_rows_reset(&g->gigs);
	dg_rows_reset(&g->pkgs);
	dg_rows_reset(&g->tags);
	dg_docs_reset(&g->docs);
	for (i = 0; i < ch->n && r == 0; i += k) {
		k = ch->n - i < g->gigs.per ? ch->n - i : g->gigs.per;
		r = gig_batch(g, ch, &ch->x[i], (int)k);
	}
	if (r == 0 && (r = dg_rows_flush(&g->pkgs)) == 0 && (r = dg_rows_flush(&g->tags)) == 0) {
		double t0 = mono();

		r = dg_docs_flush(&g->docs);
		g->index_s += mono() - t0;
	}
	return r;
}

/*
 * A load that at least doubles the gigs (a fresh benchmark database, the next size of
 * a benchmark) runs as a bulk load (db_bulk.h): the secondary indexes of gigs and their
 * parts are built once at the end, and commits are not synced. Smaller loads into a
 * bigger table keep them: rebuilding would cost more than it saves.
 */
static int
bulk_begin(struct db *db, int64_t n, struct db_bulk *b)
{
	/* gig_search, gig_search_price: PostgreSQL's GIN indexes (SQLite's FTS5 tables have
	 * no catalog indexes, and it has no gig_search_price) */
	static const char *const tables[] = { "gigs", "gig_packages", "gig_tags", "gig_search",
	    "gig_search_price", NULL };
	struct db_stmt *st;
	int64_t have = 0;
	int r;

	if (n < DEMO_GIGS_BULK)
		return 0;
	if ((r = db_prepare(db, "SELECT count(*) FROM gigs", &st)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		have = db_col_int64(st, 0);
	db_reset(st);
	if (r < 0)
		return r;
	return n >= have ? db_bulk_begin(db, tables, b) : 0;
}

static int
terms_tx(struct db *db, void *ud)
{
	return dg_terms_write(db, ud);
}

static void
gen_free(struct gen *g)
{
	dg_cats_free(g->cat, g->ncat);
	free(g->seller);
	dg_memo_free(&g->memo);
	dg_terms_free(&g->terms);
	dg_rows_free(&g->gigs);
	dg_rows_free(&g->pkgs);
	dg_rows_free(&g->tags);
	dg_docs_free(&g->docs);
}

/* Chunks in flight: one being written, one being filled. */
#define CHUNKS 2

static int
chunks_init(struct chunk *ch)
{
	int i, r;

	for (i = 0; i < CHUNKS; i++) {
		buf_init(&ch[i].arena, (size_t)1 << 30);
		if ((r = dg_terms_init(&ch[i].terms)) != 0)
			return r;
		if ((ch[i].x = calloc(DEMO_GIGS_TX, sizeof *ch[i].x)) == NULL)
			return JS_ERR_NOMEM;
	}
	return 0;
}

static void
chunks_free(struct chunk *ch)
{
	int i;

	for (i = 0; i < CHUNKS; i++) {
		buf_free(&ch[i].arena);
		dg_terms_free(&ch[i].terms);
		free(ch[i].x);
	}
}

/* Every chunk: the filler thread makes chunk k + 1 while this thread writes chunk k. */
static int
write_chunks(struct gen *g, struct chunk *ch, struct demo_gigs_stats *stats)
{
	void *slots[CHUNKS];
	struct dg_feed feed;
	int64_t nchunks = (g->n + DEMO_GIGS_TX - 1) / DEMO_GIGS_TX, k;
	double t;
	int r, i;

	for (i = 0; i < CHUNKS; i++)
		slots[i] = &ch[i];
	if ((r = dg_feed_start(&feed, slots, CHUNKS, nchunks, chunk_fill, g)) != 0)
		return r;
	for (k = 0; k < nchunks; k++) {
		void *slot;

		if ((r = dg_feed_next(&feed, &slot)) != 0)
			break;
		g->cur = slot;
		t = mono();
		if ((r = db_tx(g->db, chunk_tx, g)) != 0)
			break;
		log_debug("gigs %lld..%lld in %.3f s", (long long)(k * DEMO_GIGS_TX),
		    (long long)(k * DEMO_GIGS_TX + g->cur->n), mono() - t);
		if ((r = dg_terms_merge(&g->terms, &g->cur->terms)) != 0)
			break;
		stats->gigs += g->cur->n;
		stats->active += g->cur->active;
		g->index_s += g->cur->index_s;
		dg_feed_release(&feed);
	}
	/* after this, ICU is this thread's again (dg_terms_write computes pinyin) */
	dg_feed_stop(&feed);
	return r;
}

int
demo_gigs(struct db *db, int64_t n, uint64_t seed, struct demo_gigs_stats *stats)
{
	struct demo_gigs_stats dummy;
	double start = mono(), t;
	struct chunk ch[CHUNKS];
	struct db_bulk bulk;
	struct gen g;
	int r, e;

	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof *stats);
	if (n < 1 || n > 100000000)
		return JS_ERR_INVALID;
	memset(&g, 0, sizeof g);
	memset(&bulk, 0, sizeof bulk);
	memset(ch, 0, sizeof ch);
	g.db = db;
	g.rng = seed;
	g.n = n;
	g.now = (int64_t)time(NULL);
	/*
	 * SQLite: the timestamps the columns' DEFAULT would compute row by row
	 * (CAST(strftime('%s','now') AS INTEGER): 1.3 us a row, a sixth of a package row's
	 * cost) are given as the load's start time. PostgreSQL's DEFAULT is cheap, and
	 * more parameters a row would mean more statements there.
	 */
	g.stamp = db_dialect(db) != DB_PG;
	dg_rows_init(&g.gigs, db, g.stamp ? "INSERT INTO gigs (seller_id, category_id, title,"
	    " description, status, pinyin, pinyin_initials, rating_avg_x100, rating_count,"
	    " orders_count, price_from, delivery_days_min, created_at, search_price,"
	    " published_at, updated_at) VALUES " : "INSERT INTO gigs (seller_id, category_id,"
	    " title, description, status, pinyin, pinyin_initials, rating_avg_x100, rating_count,"
	    " orders_count, price_from, delivery_days_min, created_at, search_price,"
	    " published_at) VALUES ", " RETURNING id", GIG_COLS + g.stamp, GIG_ROWS);
	dg_rows_init(&g.pkgs, db, g.stamp ? "INSERT INTO gig_packages (gig_id, tier, name, price,"
	    " delivery_days, revisions, created_at, updated_at) VALUES " : "INSERT INTO"
	    " gig_packages (gig_id, tier, name, price, delivery_days, revisions) VALUES ", "",
	    6 + 2 * g.stamp, DG_MAXP);
	dg_rows_init(&g.tags, db, "INSERT INTO gig_tags (gig_id, tag, position) VALUES ",
	    "", 3, DG_MAXP);
	dg_docs_init(&g.docs, db);
	if ((r = dg_memo_init(&g.memo)) != 0 || (r = dg_terms_init(&g.terms)) != 0 ||
	    (r = chunks_init(ch)) != 0 || (r = search_init()) != 0 ||
	    (r = dg_load_words(g.mod, &g.nmod, g.suf, &g.nsuf)) != 0 ||
	    (r = dg_load_categories(db, &g.cat, &g.ncat)) != 0 ||
	    (r = dg_sellers(db, &g.rng, n / 25 < 10 ? 10 : n / 25, g.now, &g.seller,
	    &g.nseller)) != 0)
		goto out;
	stats->sellers = (int64_t)g.nseller;
	if ((r = bulk_begin(db, n, &bulk)) != 0 || (r = write_chunks(&g, ch, stats)) != 0)
		goto out;
	stats->terms = (int64_t)g.terms.n;
	t = mono();
	r = db_tx(db, terms_tx, &g.terms);
	/*
	 * Each batch wrote its gig_search_price rows sorted by price, so a price bucket
	 * lay in one stretch per batch (50 at 1M gigs): rewrite the table in price order
	 * once, while its GIN index is away (db_bulk_end builds it on the sorted rows).
	 * 小程序 in price order at 1M gigs: 22 ms before.
	 */
	if (r == 0 && bulk.pragmas)
		r = search_price_reorder(db);
	g.index_s += mono() - t;
out:
	if (bulk.pragmas) {
		t = mono();
		e = db_bulk_end(db, &bulk);
		stats->rebuild_seconds = mono() - t;
		if (r == 0)
			r = e;
	}
	if (r != 0)
		log_warn("after %lld gigs: %s", (long long)stats->gigs, js_strerror(r));
	gen_free(&g);
	chunks_free(ch);
	stats->index_seconds = g.index_s;
	stats->seconds = mono() - start;
	return r;
}
