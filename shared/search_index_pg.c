/* search_index_pg.c: PostgreSQL's search rows as tsvector text, and their price-ordered copy. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "search.h"
#include "search_impl.h"

/* Rows per INSERT into gig_search_price: 3 parameters each, under db_pg.c's cap of 64. */
#define PRICE_ROWS 21

/*
 * The tsvector is given in its text form, every title token at position 1 with weight A
 * and every other token at position 2 with weight B, so that ts_rank weighs a title
 * match 1.0 and a tag match 0.4. (to_tsvector would re-split CJK text with its own
 * parser; array_to_tsvector gives lexemes without positions, which setweight then
 * cannot mark.) Tokens never hold a quote or backslash (search_tokens.c); one that did
 * would be skipped.
 */
static int
tsv_put(struct buf *b, const char *tokens, const char *suffix)
{
	const char *p = tokens, *e;
	size_t n;
	int r;

	while (*p) {
		e = strchr(p, ' ');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n > 0 && memchr(p, '\'', n) == NULL && memchr(p, '\\', n) == NULL &&
		    (r = buf_printf(b, "%s'%.*s'%s", b->len ? " " : "", (int)n, p, suffix)) != 0)
			return r;
		p += n + (e != NULL);
	}
	return 0;
}

int
search_pg_tsv(const struct search_doc *d, struct buf *out)
{
	char blk[24];
	int r;

	buf_reset(out);
	search_block_token(d->gig_id, blk, sizeof blk);
	if ((r = tsv_put(out, d->title_tokens, ":1A")) != 0 ||
	    (r = tsv_put(out, d->extra_tokens, ":2B")) != 0)
		return r;
	return tsv_put(out, blk, ":2B");
}

/* INSERT of `rows` gig_search_price rows; built once, kept. */
static const char *
price_sql(size_t rows, int upsert)
{
	static char text[2][PRICE_ROWS + 1][1536];
	char *s = text[upsert != 0][rows];
	size_t k, i;
	int p;

	if (s[0] != '\0')
		return s;
	k = (size_t)snprintf(s, 1536, "INSERT INTO gig_search_price (gig_id, price, tokens)"
	    " VALUES ");
	for (i = 0, p = 1; i < rows; i++, p += 3)
		k += (size_t)snprintf(s + k, 1536 - k, "%s($%d, $%d, CAST($%d AS tsvector))",
		    i ? ", " : "", p, p + 1, p + 2);
	if (upsert)
		snprintf(s + k, 1536 - k, " ON CONFLICT (gig_id) DO UPDATE"
		    " SET price = excluded.price, tokens = excluded.tokens");
	return s;
}

int
search_pg_price_rows(struct db *db, const struct search_doc *const *docs, size_t n,
    int upsert)
{
	struct db_stmt *st;
	struct buf tsv;
	size_t i, k, j;
	int r = 0, p;

	buf_init(&tsv, (size_t)SEARCH_TOKENS_MAX * 3 + 32);
	for (i = 0; i < n && r == 0; i += k) {
		k = n - i < PRICE_ROWS ? n - i : PRICE_ROWS;
		if ((r = db_prepare(db, price_sql(k, upsert), &st)) != 0)
			break;
		for (j = 0, p = 1; j < k && r == 0; j++, p += 3) {
			if ((r = search_pg_tsv(docs[i + j], &tsv)) == 0 &&
			    (r = db_bind_int64(st, p, docs[i + j]->gig_id)) == 0 &&
			    (r = db_bind_int64(st, p + 1, docs[i + j]->price)) == 0)
				r = db_bind_text(st, p + 2, tsv.data ? tsv.data : "");
		}
		if (r == 0)
			r = db_step_done(st);
	}
	buf_free(&tsv);
	return r;
}

int
search_pg_price_merge(struct db *db)
{
	struct db_stmt *st;
	int r;

	/* No row while a bulk load has dropped the index (db_bulk rebuilds it whole). */
	if ((r = db_prepare(db, "SELECT gin_clean_pending_list(c.oid) FROM pg_class c"
	    " WHERE c.relname = 'gig_search_price_tokens' AND c.relkind = 'i'"
	    " AND c.relnamespace = CAST(current_schema() AS regnamespace)", &st)) != 0)
		return r;
	while ((r = db_step(st)) == DB_ROW)
		;
	db_reset(st);
	return r < 0 ? r : 0;
}

int
search_price_reorder(struct db *db)
{
	if (db_dialect(db) != DB_PG)
		return 0;
	return db_exec(db, "CREATE INDEX gig_search_price_order ON gig_search_price"
	    " (price, gig_id); CLUSTER gig_search_price USING gig_search_price_order;"
	    " DROP INDEX gig_search_price_order; ANALYZE gig_search_price");
}
