/* demo_rows.c: multi-row INSERTs, search-row batches, term counts and sellers for demo_gigs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_gigs_impl.h"
#include "demo_rows.h"
#include "err.h"

/* ---- multi-row INSERTs ---- */

void
dg_rows_init(struct dg_rows *b, struct db *db, const char *head, const char *tail, int cols,
    int max_rows)
{
	int per = (db_dialect(db) == DB_PG ? DG_MAXP_PG : DG_MAXP) / cols;

	memset(b, 0, sizeof *b);
	b->db = db;
	b->head = head;
	b->tail = tail;
	b->cols = cols;
	b->per = per < max_rows ? per : max_rows;
	buf_init(&b->text, 1 << 20);
	buf_init(&b->sql, 1 << 16);
}

void
dg_rows_reset(struct dg_rows *b)
{
	b->n = b->nv = 0;
	buf_reset(&b->text);
}

void
dg_rows_free(struct dg_rows *b)
{
	buf_free(&b->text);
	buf_free(&b->sql);
}

/* Bind and run the pending rows; the statement is left for the caller to step. */
static int
rows_start(struct dg_rows *b, struct db_stmt **st)
{
	int i, r;

	/* The text of a full batch is built once; only a last, shorter one is rebuilt. */
	if (b->nv != b->sql_nv) {
		buf_reset(&b->sql);
		if ((r = buf_puts(&b->sql, b->head)) != 0)
			return r;
		for (i = 0; i < b->nv; i++)
			if ((r = buf_printf(&b->sql, "%s$%d%s", i % b->cols == 0 ?
			    (i ? "), (" : "(") : ", ", i + 1, i + 1 == b->nv ? ")" : "")) != 0)
				return r;
		if ((r = buf_puts(&b->sql, b->tail)) != 0)
			return r;
		b->sql_nv = b->nv;
	}
	if ((r = db_prepare(b->db, b->sql.data, st)) != 0)
		return r;
	for (i = 0; i < b->nv; i++) {
		r = b->type[i] == 0 ? db_bind_int64(*st, i + 1, b->iv[i]) :
		    b->type[i] == 1 ? db_bind_text(*st, i + 1, b->text.data + b->off[i]) :
		    db_bind_null(*st, i + 1);
		if (r != 0)
			return r;
	}
	return 0;
}

int
dg_rows_flush(struct dg_rows *b)
{
	struct db_stmt *st;
	int r;

	if (b->nv == 0)
		return 0;
	if ((r = rows_start(b, &st)) == 0)
		r = db_step_done(st);
	dg_rows_reset(b);
	return r;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int
dg_rows_returning(struct dg_rows *b, int64_t *ids, int n)
{
	struct db_stmt *st;
	int k = 0, r;

	if ((r = rows_start(b, &st)) != 0)
		goto out;
	while ((r = db_step(st)) == DB_ROW)
		if (k < n)
			ids[k++] = db_col_int64(st, 0);
	if (r == 0 && k != n)
		r = JS_ERR_DB;
	/* Ids are assigned in VALUES order; RETURNING's own order is not promised. */
	qsort(ids, (size_t)k, sizeof *ids, cmp64);
out:
	dg_rows_reset(b);
	return r < 0 ? r : 0;
}

static int
rows_added(struct dg_rows *b)
{
	b->nv++;
	if (b->nv % b->cols == 0 && ++b->n == b->per && b->tail[0] == '\0')
		return dg_rows_flush(b);
	return 0;
}

int
dg_rows_int(struct dg_rows *b, int64_t v)
{
	b->type[b->nv] = 0;
	b->iv[b->nv] = v;
	return rows_added(b);
}

int
dg_rows_null(struct dg_rows *b)
{
	b->type[b->nv] = 2;
	return rows_added(b);
}

int
dg_rows_text(struct dg_rows *b, const char *s)
{
	int r;

	b->type[b->nv] = 1;
	b->off[b->nv] = b->text.len;
	if ((r = buf_append(&b->text, s, strlen(s) + 1)) != 0)
		return r;
	return rows_added(b);
}

/* ---- term counts ---- */

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

int
dg_terms_init(struct dg_terms *t)
{
	t->cap = 4096;
	t->n = 0;
	t->key = calloc(t->cap, sizeof *t->key);
	t->cnt = calloc(t->cap, sizeof *t->cnt);
	return t->key && t->cnt ? 0 : JS_ERR_NOMEM;
}

void
dg_terms_clear(struct dg_terms *t)
{
	size_t i;

	for (i = 0; i < t->cap && t->key; i++) {
		free(t->key[i]);
		t->key[i] = NULL;
		t->cnt[i] = 0;
	}
	t->n = 0;
}

void
dg_terms_free(struct dg_terms *t)
{
	dg_terms_clear(t);
	free(t->key);
	free(t->cnt);
	t->key = NULL;
	t->cnt = NULL;
}

static int
terms_grow(struct dg_terms *t)
{
	struct dg_terms g = { NULL, NULL, t->cap * 2, 0 };
	size_t i, j;

	g.key = calloc(g.cap, sizeof *g.key);
	g.cnt = calloc(g.cap, sizeof *g.cnt);
	if (g.key == NULL || g.cnt == NULL) {
		free(g.key);
		free(g.cnt);
		return JS_ERR_NOMEM;
	}
	for (i = 0; i < t->cap; i++) {
		if (t->key[i] == NULL)
			continue;
		for (j = hash(t->key[i]) & (g.cap - 1); g.key[j]; j = (j + 1) & (g.cap - 1))
			;
		g.key[j] = t->key[i];
		g.cnt[j] = t->cnt[i];
	}
	free(t->key);
	free(t->cnt);
	g.n = t->n;
	*t = g;
	return 0;
}

int
dg_terms_add(struct dg_terms *t, const char *term, int64_t d)
{
	size_t j;
	int r;

	if (t->n * 2 >= t->cap && (r = terms_grow(t)) != 0)
		return r;
	for (j = hash(term) & (t->cap - 1); t->key[j]; j = (j + 1) & (t->cap - 1)) {
		if (strcmp(t->key[j], term) == 0) {
			t->cnt[j] += d;
			return 0;
		}
	}
	if ((t->key[j] = strdup(term)) == NULL)
		return JS_ERR_NOMEM;
	t->cnt[j] = d;
	t->n++;
	return 0;
}

int
dg_terms_merge(struct dg_terms *dst, const struct dg_terms *src)
{
	size_t i;
	int r;

	for (i = 0; i < src->cap; i++)
		if (src->key[i] && (r = dg_terms_add(dst, src->key[i], src->cnt[i])) != 0)
			return r;
	return 0;
}

int
dg_terms_write(struct db *db, const struct dg_terms *t)
{
	size_t i;
	int r;

	for (i = 0; i < t->cap; i++)
		if (t->key[i] && (r = search_term_count(db, t->key[i], t->cnt[i], 0)) != 0)
			return r;
	return 0;
}

/* ---- search rows ---- */

void
dg_docs_init(struct dg_docs *d, struct db *db)
{
	memset(d, 0, sizeof *d);
	d->db = db;
}

void
dg_docs_reset(struct dg_docs *d)
{
	d->n = 0;
}

void
dg_docs_free(struct dg_docs *d)
{
	free(d->d);
	d->d = NULL;
}

int
dg_docs_put(struct dg_docs *d, int64_t id, int64_t price, const char *title_tokens,
    const char *extra_tokens, const char *terms)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1024;
		struct search_doc *nd = realloc(d->d, cap * sizeof *nd);

		if (nd == NULL)
			return JS_ERR_NOMEM;
		d->d = nd;
		d->cap = cap;
	}
	d->d[d->n].gig_id = id;
	d->d[d->n].price = price;
	d->d[d->n].title_tokens = title_tokens;
	d->d[d->n].extra_tokens = extra_tokens;
	d->d[d->n++].terms = terms;
	return 0;
}

int
dg_docs_flush(struct dg_docs *d)
{
	int r = d->n ? search_index_docs(d->db, d->d, d->n) : 0;

	dg_docs_reset(d);
	return r;
}

int
dg_term_once(struct buf *b, int *count, const char *term)
{
	size_t n = strlen(term);
	const char *p = b->data ? b->data : "";
	int r;

	if (n == 0 || *count >= DG_GIG_TERMS)
		return 0;
	while ((p = strstr(p, term)) != NULL) {
		if ((p == b->data || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 0;
		p += n;
	}
	if ((b->len > 0 && (r = buf_putc(b, '\n')) != 0) || (r = buf_puts(b, term)) != 0)
		return r;
	(*count)++;
	return 0;
}

int
dg_doc_build(struct dg_memo *m, struct buf *a, struct dg_terms *counts, const char *title,
    int64_t price, const char *cat_tokens, const char *cat_term, const char *tag_tokens[4],
    const char *tag_terms[4], size_t off[3])
{
	const char *ttok, *tterms;
	char pt[SEARCH_PRICE_TOKENS_LEN];
	size_t start = a->len, i, k, n;
	int r, nt;

	if ((r = dg_memo_get(m, title, &ttok, &tterms, &nt)) != 0)
		return r;
	off[0] = a->len;
	if ((r = buf_append(a, ttok, strlen(ttok) + 1)) != 0)
		goto fail;
	off[1] = a->len;
	if ((r = buf_puts(a, cat_tokens)) != 0)
		goto fail;
	for (i = 0; i < 4; i++)
		if (tag_tokens[i] != NULL && tag_tokens[i][0] != '\0' &&
		    ((r = buf_putc(a, ' ')) != 0 || (r = buf_puts(a, tag_tokens[i])) != 0))
			goto fail;
	search_price_tokens(price, pt, sizeof pt);
	if ((a->len > off[1] && (r = buf_putc(a, ' ')) != 0) || (r = buf_puts(a, pt)) != 0 ||
	    (r = buf_putc(a, '\0')) != 0)
		goto fail;
	/* the title's terms first, then the category's and the tags', as search_index_gig */
	buf_reset(&m->row);
	if ((r = buf_puts(&m->row, tterms)) != 0 || (r = dg_term_once(&m->row, &nt,
	    cat_term)) != 0)
		goto fail;
	for (i = 0; i < 4; i++)
		if (tag_terms[i] != NULL && (r = dg_term_once(&m->row, &nt, tag_terms[i])) != 0)
			goto fail;
	off[2] = a->len;
	n = m->row.len;
	if ((r = buf_append(a, m->row.data ? m->row.data : "", n + 1)) != 0)
		goto fail;
	for (i = off[2]; i < a->len - 1; i = k + 1) {
		k = i + strcspn(a->data + i, "\n");
		a->data[k] = '\0';
		r = dg_terms_add(counts, a->data + i, 1);
		if (k < a->len - 1)
			a->data[k] = '\n';
		if (r != 0)
			goto fail;
	}
	return 0;
fail:
	a->len = start;
	return r;
}

/* ---- random numbers (splitmix64) ---- */

int64_t
dg_rnd(uint64_t *s, int64_t n)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return n <= 1 ? 0 : (int64_t)(z % (uint64_t)n);
}
