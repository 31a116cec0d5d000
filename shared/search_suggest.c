/* search_suggest.c: autocomplete from terms and popular searches; per-account search history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "search.h"
#include "search_impl.h"
#include "utf8.h"

/* U+10FFFF: appended to a prefix it bounds the byte range of the strings that start with it. */
#define TOP_CHAR "\xF4\x8F\xBF\xBF"

struct cand {
	char term[SEARCH_SUGGEST_LEN];
	int64_t weight;
};

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->term, y->term);
}

/* Terms whose column (term, pinyin or initials) starts with prefix, most used first. */
static int
collect(struct db *db, const char *sql, const char *prefix, size_t max, struct cand *c,
    size_t *nc)
{
	char hi[SEARCH_QUERY_MAX + 8];
	struct db_stmt *st;
	size_t i;
	int r;

	snprintf(hi, sizeof hi, "%s" TOP_CHAR, prefix);
	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_text(st, 1, prefix)) != 0 ||
	    (r = db_bind_text(st, 2, hi)) != 0 ||
	    (r = db_bind_int64(st, 3, SEARCH_POPULAR_MIN)) != 0 ||
	    (r = db_bind_int64(st, 4, (int64_t)max)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW) {
		const char *t = db_col_text(st, 0);

		for (i = 0; i < *nc && strcmp(c[i].term, t) != 0; i++)
			;
		if (i < *nc || strlen(t) >= SEARCH_SUGGEST_LEN)
			continue;
		memcpy(c[*nc].term, t, strlen(t) + 1);
		c[(*nc)++].weight = db_col_int64(st, 1);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

/* Is s (not empty) made of ASCII letters only? Then it may be pinyin or initials. */
static int
latin_only(const char *s)
{
	for (; *s; s++)
		if ((*s | 32) < 'a' || (*s | 32) > 'z')
			return 0;
	return 1;
}

int
search_suggest(struct db *db, const char *prefix, char (*out)[SEARCH_SUGGEST_LEN],
    size_t max, size_t *n)
{
	char norm[SEARCH_TERM_LEN + 1], plain[SEARCH_TERM_LEN + 1];
	struct cand *c;
	size_t len, i, k, nc = 0;
	int r;

	*n = 0;
	if (prefix == NULL || out == NULL || max == 0 || max > 50)
		return JS_ERR_INVALID;
	if ((len = strlen(prefix)) > SEARCH_QUERY_MAX)
		return JS_ERR_TOO_BIG;
	if ((r = search_norm_text(prefix, len, norm, SEARCH_TERM_LEN)) != 0)
		return r;
	if ((c = calloc(3 * max, sizeof *c)) == NULL)
		return JS_ERR_NOMEM;
	if (norm[0] == '\0') {
		r = collect(db, "SELECT term, searches FROM search_terms WHERE term >= $1"
		    " AND term < $2 AND searches >= $3 ORDER BY searches DESC, id LIMIT $4", "",
		    max, c, &nc);
		goto done;
	}
	for (i = k = 0; norm[i]; i++)
		if (norm[i] != ' ')
			plain[k++] = norm[i];
	plain[k] = '\0';
	if ((r = collect(db, "SELECT term, gigs + 10 * searches FROM search_terms"
	    " WHERE term >= $1 AND term < $2 AND (gigs > 0 OR searches >= $3)"
	    " ORDER BY gigs + 10 * searches DESC, id LIMIT $4", norm, max, c, &nc)) != 0)
		goto done;
	if (latin_only(plain) && ((r = collect(db, "SELECT term, gigs + 10 * searches"
	    " FROM search_terms WHERE pinyin >= $1 AND pinyin < $2 AND pinyin <> ''"
	    " AND (gigs > 0 OR searches >= $3) ORDER BY gigs + 10 * searches DESC, id"
	    " LIMIT $4", plain, max, c, &nc)) != 0 || (r = collect(db, "SELECT term,"
	    " gigs + 10 * searches FROM search_terms WHERE initials >= $1 AND initials < $2"
	    " AND initials <> '' AND (gigs > 0 OR searches >= $3)"
	    " ORDER BY gigs + 10 * searches DESC, id LIMIT $4", plain, max, c, &nc)) != 0))
		goto done;
done:
	if (r == 0) {
		qsort(c, nc, sizeof *c, cand_cmp);
		for (i = 0; i < nc && i < max; i++)
			memcpy(out[i], c[i].term, sizeof out[i]);
		*n = i;
	}
	free(c);
	return r;
}

/* ---- history ---- */

struct hist_add {
	int64_t user, results, now;
	const char *query;
	char norm[SEARCH_QUERY_MAX + 1];
};

static int
history_add_tx(struct db *db, void *ud)
{
	struct hist_add *h = ud;
	struct db_stmt *st;
	char term[SEARCH_TERM_LEN + 1];
	int r;

	/* Delete and insert: the repeated query gets the newest id, which orders the list. */
	if ((r = db_prepare(db, "DELETE FROM search_history WHERE user_id = $1 AND query = $2",
	    &st)) != 0 || (r = db_bind_int64(st, 1, h->user)) != 0 ||
	    (r = db_bind_text(st, 2, h->query)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = db_prepare(db, "INSERT INTO search_history (user_id, query, results,"
	    " created_at) VALUES ($1, $2, $3, $4)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, h->user)) != 0 ||
	    (r = db_bind_text(st, 2, h->query)) != 0 ||
	    (r = h->results < 0 ? db_bind_null(st, 3) : db_bind_int64(st, 3, h->results)) != 0 ||
	    (r = db_bind_int64(st, 4, h->now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if ((r = db_prepare(db, "DELETE FROM search_history WHERE user_id = $1 AND id NOT IN"
	    " (SELECT id FROM search_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2)",
	    &st)) != 0 || (r = db_bind_int64(st, 1, h->user)) != 0 ||
	    (r = db_bind_int64(st, 2, SEARCH_HISTORY_KEEP)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	if (h->results <= 0 || h->norm[0] == '\0')
		return 0;
	if ((r = db_prepare(db, "INSERT INTO search_popular (query, count, updated_at)"
	    " VALUES ($1, 1, $2) ON CONFLICT (query) DO UPDATE"
	    " SET count = search_popular.count + 1, updated_at = excluded.updated_at",
	    &st)) != 0 || (r = db_bind_text(st, 1, h->norm)) != 0 ||
	    (r = db_bind_int64(st, 2, h->now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	memcpy(term, h->norm, sizeof term - 1);
	term[sizeof term - 1] = '\0';
	search_cut(term, SEARCH_TERM_LEN);
	return search_term_count(db, term, 0, 1);
}

int
search_history_add(struct db *db, int64_t user, const char *query, int64_t results)
{
	struct hist_add h = { user, results, (int64_t)time(NULL), NULL, "" };
	char q[SEARCH_QUERY_MAX + 1];
	size_t len, i, k = 0;
	uint32_t cp;
	int r;

	if (query == NULL)
		return JS_ERR_INVALID;
	if ((len = strlen(query)) > SEARCH_QUERY_MAX)
		return JS_ERR_TOO_BIG;
	if (!utf8_valid(query, len))
		return JS_ERR_UTF8;
	/* As typed, without controls (C0, DEL, C1) and outer white space. */
	for (i = 0; i < len; i += r) {
		r = (int)utf8_decode(query + i, len - i, &cp);
		if (cp >= 0x20 && cp != 0x7F && (cp < 0x80 || cp > 0x9F)) {
			memcpy(q + k, query + i, (size_t)r);
			k += (size_t)r;
		}
	}
	while (k > 0 && (q[k - 1] == ' ' || q[k - 1] == '\t'))
		k--;
	q[k] = '\0';
	for (i = 0; q[i] == ' '; i++)
		;
	if (q[i] == '\0')
		return 0;
	h.query = q + i;
	if ((r = search_norm_text(h.query, strlen(h.query), h.norm, SEARCH_QUERY_MAX)) != 0)
		return r;
	return db_tx(db, history_add_tx, &h);
}

int
search_history_list(struct db *db, int64_t user, struct search_history_item *out,
    size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT query, coalesce(results, -1), created_at"
	    " FROM search_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0 || (r = db_bind_int64(st, 2, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		snprintf(out[*n].query, sizeof out[*n].query, "%s", db_col_text(st, 0));
		out[*n].results = db_col_int64(st, 1);
		out[*n].searched_at = db_col_int64(st, 2);
		(*n)++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
search_history_clear(struct db *db, int64_t user)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "DELETE FROM search_history WHERE user_id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, user)) != 0)
		return r;
	return db_step_done(st);
}

int
search_popular_list(struct db *db, struct search_popular_item *out, size_t max, size_t *n)
{
	struct db_stmt *st;
	int r;

	*n = 0;
	if ((r = db_prepare(db, "SELECT query, count FROM search_popular WHERE count > 0"
	    " ORDER BY count DESC, id LIMIT $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, (int64_t)max)) != 0)
		return r;
	while (*n < max && (r = db_step(st)) == DB_ROW) {
		snprintf(out[*n].query, sizeof out[*n].query, "%s", db_col_text(st, 0));
		out[*n].count = db_col_int64(st, 1);
		(*n)++;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
search_category_by_slug(struct db *db, const char *slug, int64_t *id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT id FROM categories WHERE slug = $1", &st)) != 0 ||
	    (r = db_bind_text(st, 1, slug)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*id = db_col_int64(st, 0);
	db_reset(st);
	return r == DB_ROW ? 0 : r < 0 ? r : JS_ERR_NOT_FOUND;
}
