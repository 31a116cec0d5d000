/* search_index.c: a gig's search row (FTS5 / tsvector), its suggestion-term counts, its pinyin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "search.h"
#include "search_impl.h"

/* Rows per bulk INSERT on PostgreSQL: 3 parameters each under its cap of 64 (db_pg.c). */
#define INDEX_ROWS 21
/* Suggestion terms one gig counts at most (a 200-character title has fewer). */
#define GIG_TERMS_MAX 64

/* INSERT of `rows` index rows for dialect d (1 on SQLite); built once, kept. */
static const char *
insert_sql(enum db_dialect d, size_t rows, int upsert)
{
	static char text[2][2][INDEX_ROWS + 1][2048];
	char *s = text[d == DB_PG][upsert][rows];
	size_t k, i;
	int p;

	if (s[0] != '\0')
		return s;
	if (d != DB_PG) {
		snprintf(s, 2048, "INSERT INTO gig_fts (rowid, title, extra, terms)"
		    " VALUES ($1, $2, $3, $4)");
		return s;
	}
	k = (size_t)snprintf(s, 2048, "INSERT INTO gig_search (gig_id, tokens, terms) VALUES ");
	for (i = 0, p = 1; i < rows; i++, p += 3)
		k += (size_t)snprintf(s + k, 2048 - k, "%s($%d, CAST($%d AS tsvector), $%d)",
		    i ? ", " : "", p, p + 1, p + 2);
	if (upsert)
		snprintf(s + k, 2048 - k, " ON CONFLICT (gig_id) DO UPDATE"
		    " SET tokens = excluded.tokens, terms = excluded.terms");
	return s;
}

/* ---- SQLite's price-keyed rows (migrations/0005_search_perf.sql) ---- */

#define PRICE_ID_MAX 4294967295LL         /* gigs above this id get no price row */

/*
 * Add (del 0) or remove (del 1) the gig_fts_price row of a gig: the text must be the
 * one it was added with (FTS5's 'delete' of a contentless table removes the entries of
 * the tokens it is given), so both are title + " " + extra as gig_fts holds them.
 */
static int
price_row(struct db *db, int del, int64_t id, int64_t price, const char *title,
    const char *extra)
{
	struct db_stmt *st;
	struct buf t;
	int r;

	if (id > PRICE_ID_MAX)
		return 0;
	buf_init(&t, (size_t)SEARCH_TOKENS_MAX * 2 + 2);
	/* not buf_printf: its stdio path was a tenth of this function in bulk loads */
	if ((r = buf_puts(&t, title)) != 0 || (r = buf_putc(&t, ' ')) != 0 ||
	    (r = buf_puts(&t, extra)) != 0 ||
	    (r = db_prepare(db, del ? "INSERT INTO gig_fts_price (gig_fts_price, rowid, tokens)"
	    " VALUES ('delete', $1, $2)" : "INSERT INTO gig_fts_price (rowid, tokens)"
	    " VALUES ($1, $2)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, search_price_key(price, id))) != 0 ||
	    (r = db_bind_text(st, 2, t.data)) != 0) {
		buf_free(&t);
		return r;
	}
	r = db_step_done(st);
	buf_free(&t);
	return r;
}

static int
insert_rows(struct db *db, const struct search_doc *docs, size_t n, int upsert, int price)
{
	struct db_stmt *st;
	struct buf tsv;
	size_t i;
	int r, p;

	if ((r = db_prepare(db, insert_sql(db_dialect(db), n, upsert), &st)) != 0)
		return r;
	if (db_dialect(db) != DB_PG) {
		if ((r = db_bind_int64(st, 1, docs[0].gig_id)) != 0 ||
		    (r = db_bind_text(st, 2, docs[0].title_tokens)) != 0 ||
		    (r = db_bind_text(st, 3, docs[0].extra_tokens)) != 0 ||
		    (r = db_bind_text(st, 4, docs[0].terms ? docs[0].terms : "")) != 0 ||
		    (r = db_step_done(st)) != 0)
			return r;
		return price ? price_row(db, 0, docs[0].gig_id, docs[0].price,
		    docs[0].title_tokens, docs[0].extra_tokens) : 0;
	}
	buf_init(&tsv, (size_t)SEARCH_TOKENS_MAX * 3 + 32);
	for (i = 0, p = 1, r = 0; i < n && r == 0; i++, p += 3) {
		if ((r = search_pg_tsv(&docs[i], &tsv)) == 0 &&
		    (r = db_bind_int64(st, p, docs[i].gig_id)) == 0 &&
		    (r = db_bind_text(st, p + 1, tsv.data ? tsv.data : "")) == 0)
			r = db_bind_text(st, p + 2, docs[i].terms ? docs[i].terms : "");
	}
	buf_free(&tsv);
	if (r == 0)
		r = db_step_done(st);
	/* one gig (search_index_gig): its price-ordered copy too; bulk loads sort theirs */
	if (r == 0 && price && n == 1)
		r = search_pg_price_rows(db, &docs, 1, upsert);
	return r;
}

static int
by_price_key(const void *a, const void *b)
{
	const struct search_doc *x = *(const struct search_doc *const *)a;
	const struct search_doc *y = *(const struct search_doc *const *)b;
	int64_t kx = search_price_key(x->price, x->gig_id);
	int64_t ky = search_price_key(y->price, y->gig_id);

	return (kx > ky) - (kx < ky);
}

int
search_index_docs(struct db *db, const struct search_doc *docs, size_t n)
{
	/*
	 * One row a statement on SQLite: a multi-row INSERT runs in a statement savepoint,
	 * and FTS5 writes its pending terms out as a new segment at every savepoint (its
	 * xSavepoint / xRelease), which made bulk loads 3x slower than single-row INSERTs
	 * that leave the terms pending until commit.
	 */
	size_t per = db_dialect(db) == DB_PG ? INDEX_ROWS : 1, k, i;
	const struct search_doc **ord;
	int r;

	for (i = 0; i < n; i += k) {
		k = n - i < per ? n - i : per;
		if ((r = insert_rows(db, docs + i, k, 0, 0)) != 0)
			return r;
	}
	if (n == 0)
		return 0;
	/*
	 * Then the price-keyed rows, in key order. SQLite: FTS5 keeps pending terms only
	 * while rowids rise, and writes them out as a segment whenever a smaller one comes
	 * (in gig order that was nearly every row: 4x the cost of gig_fts itself).
	 * PostgreSQL: gig_search_price's GIN lookups read only the stretch of the posting
	 * lists where a price bucket's rows lie, so they go in in price order.
	 */
	if ((ord = malloc(n * sizeof *ord)) == NULL)
		return JS_ERR_NOMEM;
	for (i = 0; i < n; i++)
		ord[i] = &docs[i];
	qsort(ord, n, sizeof *ord, by_price_key);
	if (db_dialect(db) == DB_PG) {
		/*
		 * GIN queues inserted rows in a pending list that every lookup reads until a
		 * vacuum merges it (a fresh 100k load: p99 71 ms), so a batch written while
		 * the index exists (a load too small for db_bulk to drop it) is merged now,
		 * in bulk. Inserting with fastupdate off instead made a 100k load 3x slower
		 * (107 s).
		 */
		r = search_pg_price_rows(db, ord, n, 0);
		free(ord);
		return r != 0 ? r : search_pg_price_merge(db);
	}
	for (i = 0, r = 0; i < n && r == 0; i++)
		r = price_row(db, 0, ord[i]->gig_id, ord[i]->price, ord[i]->title_tokens,
		    ord[i]->extra_tokens);
	free(ord);
	return r;
}

/* ---- suggestion terms ---- */

/* Remove the spaces of s in place. */
static void
squeeze(char *s)
{
	char *d = s;

	for (; *s; s++)
		if (*s != ' ')
			*d++ = *s;
	*d = '\0';
}

int
search_term_count(struct db *db, const char *term, int64_t dgigs, int64_t dsearches)
{
	char py[SEARCH_TERM_LEN * 8 + 1], ini[SEARCH_TERM_LEN + 1], plain[SEARCH_TERM_LEN + 1];
	struct db_stmt *st;
	int r;

	if (term[0] == '\0' || strlen(term) > SEARCH_QUERY_MAX)
		return JS_ERR_INVALID;
	if (dgigs < 0 || dsearches < 0) {
		if ((r = db_prepare(db, "UPDATE search_terms SET"
		    " gigs = CASE WHEN gigs + $2 < 0 THEN 0 ELSE gigs + $2 END,"
		    " searches = CASE WHEN searches + $3 < 0 THEN 0 ELSE searches + $3 END"
		    " WHERE term = $1", &st)) != 0 ||
		    (r = db_bind_text(st, 1, term)) != 0 ||
		    (r = db_bind_int64(st, 2, dgigs)) != 0 ||
		    (r = db_bind_int64(st, 3, dsearches)) != 0)
			return r;
		return db_step_done(st);
	}
	if ((r = pinyin_of(term, py, sizeof py, ini, sizeof ini)) != 0)
		return r;
	squeeze(py);
	squeeze(ini);
	snprintf(plain, sizeof plain, "%s", term);
	squeeze(plain);
	if (strcmp(py, plain) == 0)       /* no Han in it: the term itself is the key */
		py[0] = ini[0] = '\0';
	if ((r = db_prepare(db, "INSERT INTO search_terms (term, pinyin, initials, gigs,"
	    " searches) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (term) DO UPDATE"
	    " SET gigs = search_terms.gigs + excluded.gigs,"
	    " searches = search_terms.searches + excluded.searches", &st)) != 0 ||
	    (r = db_bind_text(st, 1, term)) != 0 ||
	    (r = db_bind_text(st, 2, py)) != 0 ||
	    (r = db_bind_text(st, 3, ini)) != 0 ||
	    (r = db_bind_int64(st, 4, dgigs)) != 0 ||
	    (r = db_bind_int64(st, 5, dsearches)) != 0)
		return r;
	return db_step_done(st);
}

/* '\n'-separated list: does it hold term? */
static int
list_has(const char *list, const char *term)
{
	size_t n = strlen(term);
	const char *p = list;

	while ((p = strstr(p, term)) != NULL) {
		if ((p == list || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

struct termlist {
	struct buf *b;
	int n;
};

static int
termlist_add(void *ud, const char *term)
{
	struct termlist *tl = ud;
	int r;

	if (term[0] == '\0' || tl->n >= GIG_TERMS_MAX || list_has(tl->b->data ?
	    tl->b->data : "", term))
		return 0;
	if ((tl->b->len > 0 && (r = buf_putc(tl->b, '\n')) != 0) ||
	    (r = buf_puts(tl->b, term)) != 0)
		return r;
	tl->n++;
	return 0;
}

/* A whole text (tag, category name) as one term. */
static int
termlist_add_text(struct termlist *tl, const char *text)
{
	char t[SEARCH_TERM_LEN + 1];
	int r;

	if ((r = search_norm_text(text, strlen(text), t, SEARCH_TERM_LEN)) != 0)
		return r;
	return termlist_add(tl, t);
}

/* Count +d for every term of list that is not in other (other may be NULL). */
static int
count_terms(struct db *db, const char *list, const char *other, int64_t d)
{
	char t[SEARCH_TERM_LEN + 1];
	const char *p = list, *e;
	size_t n;
	int r;

	while (*p) {
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n > 0 && n <= SEARCH_TERM_LEN) {
			memcpy(t, p, n);
			t[n] = '\0';
			if ((other == NULL || !list_has(other, t)) &&
			    (r = search_term_count(db, t, d, 0)) != 0)
				return r;
		}
		p += n + (e != NULL);
	}
	return 0;
}

/* ---- one gig ---- */

struct gigdoc {
	struct buf title, extra, terms, old;
	char pinyin[1024], initials[256];
	int64_t price;
	int active;
};

static void
gigdoc_init(struct gigdoc *g)
{
	buf_init(&g->title, SEARCH_TOKENS_MAX);
	buf_init(&g->extra, SEARCH_TOKENS_MAX);
	buf_init(&g->terms, SEARCH_TOKENS_MAX);
	buf_init(&g->old, SEARCH_TOKENS_MAX);
	g->active = 0;
}

static void
gigdoc_free(struct gigdoc *g)
{
	buf_free(&g->title);
	buf_free(&g->extra);
	buf_free(&g->terms);
	buf_free(&g->old);
}

/* Tokens of a text that came from the store (cut to what search_tokens accepts). */
static int
tokens_of(const char *s, struct buf *out)
{
	size_t n = strlen(s);

	return search_tokens(s, n > SEARCH_TEXT_MAX ? SEARCH_TEXT_MAX : n, out);
}

static int
gigdoc_load(struct db *db, int64_t gig_id, struct gigdoc *g)
{
	struct termlist tl = { &g->terms, 0 };
	struct db_stmt *st;
	char pt[SEARCH_PRICE_TOKENS_LEN];
	int64_t price;
	const char *s;
	int r, i;

	if ((r = db_prepare(db, "SELECT g.title, g.status, c.name_zh, c.name_en, p.name_zh,"
	    " p.name_en, g.price_from FROM gigs g JOIN categories c ON c.id = g.category_id"
	    " LEFT JOIN categories p ON p.id = c.parent_id WHERE g.id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_NOT_FOUND;
	s = db_col_text(st, 0);
	g->active = strcmp(db_col_text(st, 1), "active") == 0;
	if ((r = tokens_of(s, &g->title)) != 0 ||
	    (r = pinyin_of(s, g->pinyin, sizeof g->pinyin, g->initials,
	    sizeof g->initials)) != 0)
		goto out;
	if (g->active && (r = search_terms_each(s, strlen(s) > SEARCH_TEXT_MAX ?
	    SEARCH_TEXT_MAX : strlen(s), termlist_add, &tl)) != 0)
		goto out;
	for (i = 2; i < 6; i++)
		if (!db_col_is_null(st, i) && (r = tokens_of(db_col_text(st, i), &g->extra)) != 0)
			goto out;
	if (g->active && (r = termlist_add_text(&tl, db_col_text(st, 2))) != 0)
		goto out;
	g->price = price = db_col_int64(st, 6);
	db_reset(st);
	if ((r = db_prepare(db, "SELECT tag FROM gig_tags WHERE gig_id = $1"
	    " ORDER BY position, id", &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		s = db_col_text(st, 0);
		if ((r = tokens_of(s, &g->extra)) != 0 ||
		    (g->active && (r = termlist_add_text(&tl, s)) != 0))
			goto out;
	}
	if (r < 0)
		goto out;
	/* last, as bulk loaders append them (search.h) */
	search_price_tokens(price, pt, sizeof pt);
	r = buf_printf(&g->extra, "%s%s", g->extra.len ? " " : "", pt);
out:
	db_reset(st);
	return r;
}

/* The terms the gig's current search row counted, into g->old; 0 if it has no row. */
static int
old_terms(struct db *db, int64_t gig_id, struct gigdoc *g, int *have)
{
	struct db_stmt *st;
	int r;

	*have = 0;
	if ((r = db_prepare(db, db_dialect(db) == DB_PG ?
	    "SELECT terms FROM gig_search WHERE gig_id = $1" :
	    "SELECT terms FROM gig_fts WHERE rowid = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		*have = 1;
		r = buf_puts(&g->old, db_col_text(st, 0));
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

/*
 * Remove a gig's search row; on SQLite also its price-keyed row, found by the price it
 * was written with (gigs.search_price) and removed with the tokens gig_fts holds.
 */
static int
delete_row(struct db *db, int64_t gig_id)
{
	struct db_stmt *st;
	int r;

	if (db_dialect(db) != DB_PG) {
		if ((r = db_prepare(db, "SELECT f.title, f.extra, g.search_price FROM gig_fts f"
		    " JOIN gigs g ON g.id = f.rowid WHERE f.rowid = $1 AND g.search_price IS NOT NULL",
		    &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
			return r;
		if ((r = db_step(st)) == DB_ROW) {
			char *t = strdup(db_col_text(st, 0)), *e = strdup(db_col_text(st, 1));
			int64_t price = db_col_int64(st, 2);

			db_reset(st);
			r = t && e ? price_row(db, 1, gig_id, price, t, e) : JS_ERR_NOMEM;
			free(t);
			free(e);
		}
		db_reset(st);
		if (r < 0)
			return r;
	}
	if ((r = db_prepare(db, db_dialect(db) == DB_PG ?
	    "DELETE FROM gig_search WHERE gig_id = $1" :
	    "DELETE FROM gig_fts WHERE rowid = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (db_dialect(db) == DB_PG && ((r = db_prepare(db, "DELETE FROM gig_search_price"
	    " WHERE gig_id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0 ||
	    (r = db_step_done(st)) != 0))
		return r;
	if ((r = db_prepare(db, "UPDATE gigs SET search_price = NULL WHERE id = $1"
	    " AND search_price IS NOT NULL", &st)) != 0 || (r = db_bind_int64(st, 1, gig_id)) != 0)
		return r;
	return db_step_done(st);
}

int
search_index_gig(struct db *db, int64_t gig_id)
{
	struct search_doc doc;
	struct gigdoc g;
	struct db_stmt *st;
	int r, have;

	gigdoc_init(&g);
	if ((r = gigdoc_load(db, gig_id, &g)) != 0 ||
	    (r = old_terms(db, gig_id, &g, &have)) != 0)
		goto out;
	doc.gig_id = gig_id;
	doc.price = g.price;
	doc.title_tokens = g.title.data ? g.title.data : "";
	doc.extra_tokens = g.extra.data ? g.extra.data : "";
	doc.terms = g.terms.data ? g.terms.data : "";
	/* SQLite's FTS5 has no upsert: replace the row. */
	if (have && db_dialect(db) == DB_SQLITE && (r = delete_row(db, gig_id)) != 0)
		goto out;
	if ((r = insert_rows(db, &doc, 1, 1, 1)) != 0 ||
	    (r = count_terms(db, g.old.data ? g.old.data : "", doc.terms, -1)) != 0 ||
	    (r = count_terms(db, doc.terms, g.old.data ? g.old.data : "", 1)) != 0)
		goto out;
	if ((r = db_prepare(db, "UPDATE gigs SET pinyin = $2, pinyin_initials = $3,"
	    " search_price = $4 WHERE id = $1 AND (pinyin <> $2 OR pinyin_initials <> $3"
	    " OR search_price IS NULL OR search_price <> $4)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, gig_id)) != 0 ||
	    (r = db_bind_text(st, 2, g.pinyin)) != 0 ||
	    (r = db_bind_text(st, 3, g.initials)) != 0 ||
	    (r = db_bind_int64(st, 4, g.price)) != 0)
		goto out;
	r = db_step_done(st);
out:
	if (r != 0 && r != JS_ERR_NOT_FOUND)
		log_warn("gig=%lld: %s", (long long)gig_id, js_strerror(r));
	gigdoc_free(&g);
	return r;
}

int
search_unindex_gig(struct db *db, int64_t gig_id)
{
	struct gigdoc g;
	int r, have;

	gigdoc_init(&g);
	if ((r = old_terms(db, gig_id, &g, &have)) == 0 && have &&
	    (r = count_terms(db, g.old.data ? g.old.data : "", NULL, -1)) == 0)
		r = delete_row(db, gig_id);
	gigdoc_free(&g);
	return r;
}

/* ---- everything ---- */

#define REINDEX_BATCH 256

struct reindex {
	int64_t id[REINDEX_BATCH];
	int active[REINDEX_BATCH];
	size_t n;
	int64_t indexed;
};

static int
reindex_tx(struct db *db, void *ud)
{
	struct reindex *ri = ud;
	size_t i;
	int r;

	ri->indexed = 0;
	for (i = 0; i < ri->n; i++) {
		if ((r = ri->active[i] ? search_index_gig(db, ri->id[i]) :
		    search_unindex_gig(db, ri->id[i])) != 0)
			return r;
		ri->indexed += ri->active[i];
	}
	return 0;
}

int
search_reindex_all(struct db *db, int64_t *count)
{
	struct reindex *ri = calloc(1, sizeof *ri);
	struct db_stmt *st;
	int64_t last = 0, total = 0;
	int r;

	if (ri == NULL)
		return JS_ERR_NOMEM;
	for (;;) {
		ri->n = 0;
		if ((r = db_prepare(db, "SELECT id, status FROM gigs WHERE id > $1"
		    " ORDER BY id LIMIT 256", &st)) != 0 || (r = db_bind_int64(st, 1, last)) != 0)
			break;
		while ((r = db_step(st)) == DB_ROW && ri->n < REINDEX_BATCH) {
			ri->id[ri->n] = last = db_col_int64(st, 0);
			ri->active[ri->n++] = strcmp(db_col_text(st, 1), "active") == 0;
		}
		db_reset(st);
		if (r < 0 || ri->n == 0 || (r = db_tx(db, reindex_tx, ri)) != 0)
			break;
		total += ri->indexed;
	}
	if (count != NULL)
		*count = total;
	free(ri);
	return r < 0 ? r : 0;
}
