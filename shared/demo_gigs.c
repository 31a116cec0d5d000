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
#include "pinyin.h"
#include "search.h"
#include "utf8.h"

#define YEAR (365 * 86400)

/* A word-list entry with its pinyin, computed once (not once per gig). */
struct piece {
	const char *s;
	char py[160], ini[64];
	int first, last;           /* kind of its first / last character: 0 other, 1 Han, 2 alnum */
};

struct tagpiece {
	char *tokens;              /* search_tokens of the tag */
	char term[SEARCH_TERM_LEN + 1];
	const char *s;
};

struct dcat {
	int64_t id;
	char name[260];            /* name_zh: the object of the fallback topic */
	const struct dg_topic *t;
	struct piece obj[DG_LIST], svc[DG_LIST];
	struct tagpiece tag[DG_LIST];
	int nobj, nsvc, ntag;
	char *tokens;              /* of its names and its parent's */
	char term[SEARCH_TERM_LEN + 1];
};

struct gen {
	struct db *db;
	uint64_t rng;
	struct dcat *cat;
	size_t ncat;
	struct piece mod[24], suf[16];
	int nmod, nsuf;
	int64_t *seller, level_id[8];
	size_t nseller;
	int nlevel;
	int64_t now, n, done, chunk, active;
	double index_s;            /* seconds spent on search rows and terms */
	struct dg_terms chunk_terms, terms;
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

static int
char_kind(const char *s, int last)
{
	size_t len = strlen(s), i = 0, k;
	uint32_t cp = 0;
	const char *py;

	if (len == 0)
		return 0;
	if (last)
		for (i = len - 1; i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; i--)
			;
	if ((k = utf8_decode(s + i, len - i, &cp)) == 0)
		return 0;
	if (pinyin_cp(cp, &py, &k) == 1)
		return 1;
	return (cp < 128 && ((cp | 32) - 'a' < 26 || cp - '0' < 10)) ? 2 : 0;
}

static int
piece_init(struct piece *p, const char *s)
{
	p->s = s;
	p->first = char_kind(s, 0);
	p->last = char_kind(s, 1);
	return pinyin_of(s, p->py, sizeof p->py, p->ini, sizeof p->ini);
}

/* Append p's pinyin as pinyin_of() would continue it after a piece ending in *prev. */
static void
py_join(char *full, char *ini, size_t cap, int *prev, const struct piece *p)
{
	int cont = p->first != 0 && p->first == *prev;
	const char *pi = p->ini;

	if (p->py[0] != '\0') {
		if (cont && p->first == 2 && *pi != '\0')
			pi++;     /* a Latin word that goes on has no new initial */
		if (!cont && full[0] != '\0')
			strncat(full, " ", cap - strlen(full) - 1);
		strncat(full, p->py, cap - strlen(full) - 1);
		if (!cont && ini[0] != '\0' && *pi != '\0')
			strncat(ini, " ", cap - strlen(ini) - 1);
		strncat(ini, pi, cap - strlen(ini) - 1);
	}
	if (p->s[0] != '\0')
		*prev = p->last;
}

static int
tag_init(struct tagpiece *t, const char *s)
{
	struct buf b;
	int r;

	buf_init(&b, SEARCH_TOKENS_MAX);
	t->s = s;
	if ((r = search_tokens(s, strlen(s), &b)) != 0 ||
	    (r = search_norm_text(s, strlen(s), t->term, SEARCH_TERM_LEN)) != 0) {
		buf_free(&b);
		return r;
	}
	t->tokens = b.data ? buf_steal(&b) : strdup("");
	return t->tokens ? 0 : JS_ERR_NOMEM;
}

static const struct dg_topic *
topic_for(const char *slug)
{
	size_t i;

	for (i = 0; i + 1 < dg_topics_count; i++)
		if (strcmp(dg_topics[i].slug, slug) == 0)
			return &dg_topics[i];
	return &dg_topics[dg_topics_count - 1];
}

static int
cat_init(struct dcat *c, int64_t id, const char *slug, const char *names[4])
{
	struct buf b;
	int i, r;

	c->id = id;
	c->t = topic_for(slug);
	snprintf(c->name, sizeof c->name, "%s", names[0]);
	if (c->t->objects[0] == NULL && (r = piece_init(&c->obj[c->nobj++], c->name)) != 0)
		return r;
	for (i = 0; i < DG_LIST && c->t->objects[i] != NULL; i++)
		if ((r = piece_init(&c->obj[c->nobj++], c->t->objects[i])) != 0)
			return r;
	for (i = 0; i < DG_LIST && c->t->services[i] != NULL; i++)
		if ((r = piece_init(&c->svc[c->nsvc++], c->t->services[i])) != 0)
			return r;
	for (i = 0; i < DG_LIST && c->t->tags[i] != NULL; i++)
		if ((r = tag_init(&c->tag[c->ntag++], c->t->tags[i])) != 0)
			return r;
	buf_init(&b, SEARCH_TOKENS_MAX);
	for (i = 0; i < 4; i++)
		if (names[i] != NULL && (r = search_tokens(names[i], strlen(names[i]), &b)) != 0) {
			buf_free(&b);
			return r;
		}
	c->tokens = b.data ? buf_steal(&b) : strdup("");
	if (c->tokens == NULL)
		return JS_ERR_NOMEM;
	return search_norm_text(names[0], strlen(names[0]), c->term, SEARCH_TERM_LEN);
}

/* Sub-categories (or every category when none has a parent) with their word lists. */
static int
load_categories(struct gen *g)
{
	static const char sql[] = "SELECT c.id, c.slug, c.name_zh, c.name_en, p.name_zh,"
	    " p.name_en FROM categories c LEFT JOIN categories p ON p.id = c.parent_id"
	    " WHERE c.is_active = 1 AND (c.parent_id IS NOT NULL OR NOT EXISTS"
	    " (SELECT 1 FROM categories x WHERE x.parent_id IS NOT NULL)) ORDER BY c.id";
	struct db_stmt *st;
	const char *names[4];
	int r, i;

	if ((r = db_prepare(g->db, sql, &st)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		struct dcat *c = realloc(g->cat, (g->ncat + 1) * sizeof *c);

		if (c == NULL) {
			r = JS_ERR_NOMEM;
			break;
		}
		g->cat = c;
		c = &g->cat[g->ncat++];
		memset(c, 0, sizeof *c);
		for (i = 0; i < 4; i++)
			names[i] = db_col_is_null(st, i + 2) ? NULL : db_col_text(st, i + 2);
		if ((r = cat_init(c, db_col_int64(st, 0), db_col_text(st, 1), names)) != 0)
			break;
	}
	db_reset(st);
	if (r < 0)
		return r;
	return g->ncat == 0 ? JS_ERR_STATE : 0;
}

static int
load_words(struct gen *g)
{
	int r, i;

	for (i = 0; dg_modifiers[i] != NULL && i < 24; i++)
		if ((r = piece_init(&g->mod[g->nmod++], dg_modifiers[i])) != 0)
			return r;
	for (i = 0; dg_suffixes[i] != NULL && i < 16; i++)
		if ((r = piece_init(&g->suf[g->nsuf++], dg_suffixes[i])) != 0)
			return r;
	return 0;
}

/* ---- one gig ---- */

struct gig {
	char title[600], desc[800], py[600], ini[200];
	const struct dcat *c;
	int tags[4], ntags, npkg, status;
	int64_t seller, price[3], rating, nrating, orders, created, published;
	int days[3], revisions[3];
};

static const char *const statuses[] = { "active", "paused", "draft", "deleted" };

static void
gig_make(struct gen *g, struct gig *x, int64_t i)
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
	x->title[0] = x->py[0] = x->ini[0] = '\0';
	for (k = 0; k < 4; k++) {
		if (p[k] == NULL)
			continue;
		strncat(x->title, p[k]->s, sizeof x->title - strlen(x->title) - 1);
		py_join(x->py, x->ini, sizeof x->ini, &prev, p[k]);
	}
	{
		static const char more[] = "。经验丰富，沟通及时，按时交付，支持修改。";
		size_t tl = strlen(x->title);

		memcpy(x->desc, x->title, tl);
		memcpy(x->desc + tl, more, sizeof more);   /* title < 600 bytes: fits in 800 */
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

static int
gig_children(struct gen *g, const struct gig *x, int64_t id)
{
	static const char *const tiers[3] = { "basic", "standard", "premium" };
	double t0;
	int k, r;

	for (k = 0; k < x->npkg; k++) {
		if ((r = dg_rows_int(&g->pkgs, id)) != 0 ||
		    (r = dg_rows_text(&g->pkgs, tiers[k])) != 0 ||
		    (r = dg_rows_text(&g->pkgs, dg_package_names[k])) != 0 ||
		    (r = dg_rows_int(&g->pkgs, x->price[k])) != 0 ||
		    (r = dg_rows_int(&g->pkgs, x->days[k])) != 0 ||
		    (r = dg_rows_int(&g->pkgs, x->revisions[k])) != 0)
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
	g->active++;
	t0 = mono();
	r = dg_docs_add(&g->docs, &g->chunk_terms, id, x->title, x->price[0], x->c->tokens, x->c->term,
	    (const char *[]){ x->ntags > 0 ? x->c->tag[x->tags[0]].tokens : NULL,
	    x->ntags > 1 ? x->c->tag[x->tags[1]].tokens : NULL,
	    x->ntags > 2 ? x->c->tag[x->tags[2]].tokens : NULL,
	    x->ntags > 3 ? x->c->tag[x->tags[3]].tokens : NULL },
	    (const char *[]){ x->ntags > 0 ? x->c->tag[x->tags[0]].term : NULL,
	    x->ntags > 1 ? x->c->tag[x->tags[1]].term : NULL,
	    x->ntags > 2 ? x->c->tag[x->tags[2]].term : NULL,
	    x->ntags > 3 ? x->c->tag[x->tags[3]].term : NULL });
	g->index_s += mono() - t0;
	return r;
}

#define GIG_COLS 15
#define GIG_ROWS 32          /* a statement at most (PostgreSQL: 4, its 64 parameters) */

static int
gig_batch(struct gen *g, struct gig *x, int n)
{
	int64_t ids[GIG_ROWS];
	int k, r;

	for (k = 0; k < n; k++) {
		struct dg_rows *b = &g->gigs;

		if ((r = dg_rows_int(b, x[k].seller)) != 0 || (r = dg_rows_int(b, x[k].c->id)) != 0 ||
		    (r = dg_rows_text(b, x[k].title)) != 0 || (r = dg_rows_text(b, x[k].desc)) != 0 ||
		    (r = dg_rows_text(b, statuses[x[k].status])) != 0 ||
		    (r = dg_rows_text(b, x[k].py)) != 0 || (r = dg_rows_text(b, x[k].ini)) != 0 ||
		    (r = dg_rows_int(b, x[k].rating)) != 0 || (r = dg_rows_int(b, x[k].nrating)) != 0 ||
		    (r = dg_rows_int(b, x[k].orders)) != 0 || (r = dg_rows_int(b, x[k].price[0])) != 0 ||
		    (r = dg_rows_int(b, x[k].days[0])) != 0 || (r = dg_rows_int(b, x[k].created)) != 0 ||
		    (x[k].status == 0 ? (r = dg_rows_int(b, x[k].price[0])) :
		    (r = dg_rows_null(b))) != 0 ||
		    (x[k].status == 2 ? (r = dg_rows_null(b)) :
		    (r = dg_rows_int(b, x[k].published))) != 0)
			return r;
	}
	if ((r = dg_rows_returning(&g->gigs, ids, n)) != 0)
		return r;
	for (k = 0; k < n; k++)
		if ((r = gig_children(g, &x[k], ids[k])) != 0)
			return r;
	return 0;
}

/* One transaction's worth of gigs; repeatable (db_tx may rerun it after a busy error). */
static int
chunk_tx(struct db *db, void *ud)
{
	struct gen *g = ud;
	struct gig x[GIG_ROWS];
	uint64_t rng = g->rng;
	int64_t i, end = g->done + g->chunk;
	int k = 0, r = 0;

	(void)db;
	g->rng = rng;
	g->active = 0;
	dg_terms_clear(&g->chunk_terms);
	dg_rows_reset(&g->gigs);
	dg_rows_reset(&g->pkgs);
	dg_rows_reset(&g->tags);
	dg_docs_reset(&g->docs);
	for (i = g->done; i < end && r == 0; i++) {
		gig_make(g, &x[k++], i);
		if (k == g->gigs.per || i + 1 == end) {
			r = gig_batch(g, x, k);
			k = 0;
		}
	}
	if (r == 0 && (r = dg_rows_flush(&g->pkgs)) == 0 && (r = dg_rows_flush(&g->tags)) == 0) {
		double t0 = mono();

		r = dg_docs_flush(&g->docs);
		g->index_s += mono() - t0;
	}
	if (r != 0)
		g->rng = rng;
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
	/* gig_search: PostgreSQL's GIN index (SQLite's FTS5 table has no catalog indexes) */
	static const char *const tables[] = { "gigs", "gig_packages", "gig_tags", "gig_search",
	    NULL };
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
	size_t i;
	int k;

	for (i = 0; i < g->ncat; i++) {
		free(g->cat[i].tokens);
		for (k = 0; k < g->cat[i].ntag; k++)
			free(g->cat[i].tag[k].tokens);
	}
	free(g->cat);
	free(g->seller);
	dg_terms_free(&g->chunk_terms);
	dg_terms_free(&g->terms);
	dg_rows_free(&g->gigs);
	dg_rows_free(&g->pkgs);
	dg_rows_free(&g->tags);
	dg_docs_free(&g->docs);
}

int
demo_gigs(struct db *db, int64_t n, uint64_t seed, struct demo_gigs_stats *stats)
{
	struct demo_gigs_stats dummy;
	double start = mono(), t;
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
	g.db = db;
	g.rng = seed;
	g.n = n;
	g.now = (int64_t)time(NULL);
	dg_rows_init(&g.gigs, db, "INSERT INTO gigs (seller_id, category_id, title, description,"
	    " status, pinyin, pinyin_initials, rating_avg_x100, rating_count, orders_count,"
	    " price_from, delivery_days_min, created_at, search_price, published_at) VALUES ",
	    " RETURNING id", GIG_COLS, GIG_ROWS);
	dg_rows_init(&g.pkgs, db, "INSERT INTO gig_packages (gig_id, tier, name, price,"
	    " delivery_days, revisions) VALUES ", "", 6, DG_MAXP);
	dg_rows_init(&g.tags, db, "INSERT INTO gig_tags (gig_id, tag, position) VALUES ",
	    "", 3, DG_MAXP);
	if ((r = dg_docs_init(&g.docs, db)) != 0 || (r = dg_terms_init(&g.chunk_terms)) != 0 || (r = dg_terms_init(&g.terms)) != 0 ||
	    (r = search_init()) != 0 || (r = load_words(&g)) != 0 ||
	    (r = load_categories(&g)) != 0 ||
	    (r = dg_sellers(db, &g.rng, n / 25 < 10 ? 10 : n / 25, g.now, &g.seller,
	    &g.nseller)) != 0)
		goto out;
	stats->sellers = (int64_t)g.nseller;
	if ((r = bulk_begin(db, n, &bulk)) != 0)
		goto out;
	for (g.done = 0; g.done < n; g.done += g.chunk) {
		g.chunk = n - g.done < DEMO_GIGS_TX ? n - g.done : DEMO_GIGS_TX;
		t = mono();
		if ((r = db_tx(db, chunk_tx, &g)) != 0)
			goto out;
		log_debug("gigs %lld..%lld in %.3f s", (long long)g.done,
		    (long long)(g.done + g.chunk), mono() - t);
		if ((r = dg_terms_merge(&g.terms, &g.chunk_terms)) != 0)
			goto out;
		stats->gigs += g.chunk;
		stats->active += g.active;
	}
	stats->terms = (int64_t)g.terms.n;
	t = mono();
	r = db_tx(db, terms_tx, &g.terms);
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
	stats->index_seconds = g.index_s;
	stats->seconds = mono() - start;
	return r;
}
