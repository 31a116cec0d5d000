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

/*
 * Online rebuild (docs/search.md, "Keeping the price order"): a copy of the table in
 * price order, indexed, made while searches and the indexer go on; then, under a lock
 * that stops writers only, the rows changed since the copy are carried over and the
 * copy takes the table's place. Searches wait only for the swap itself (a DROP and
 * three renames); prepared statements are planned again against the new table by name.
 */
#define NEXT "gig_search_price_next"

int
search_price_rebuild_copy(struct db *db, int64_t *since)
{
	struct db_stmt *st;
	int r;

	/* The oldest transaction still running before the copy's snapshot, as a 32-bit
	 * xid: every row version the copy may miss was written by it or a later one. */
	if ((r = db_prepare(db, "SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot())"
	    " AS text) AS bigint) % 4294967296", &st)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW)
		*since = db_col_int64(st, 0);
	db_reset(st);
	if (r != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	/* CREATE TABLE AS, not INSERT: it fills pages one after another, where INSERT
	 * puts a short row into the room an earlier page had left (67 rows of 3,000 out
	 * of order). */
	return db_exec(db, "CREATE TABLE " NEXT " WITH (parallel_workers = 0) AS"
	    " SELECT gig_id, price, tokens FROM gig_search_price ORDER BY price, gig_id;"
	    " ALTER TABLE " NEXT " ALTER COLUMN price SET NOT NULL,"
	    " ALTER COLUMN tokens SET NOT NULL,"
	    " ADD CONSTRAINT " NEXT "_pkey PRIMARY KEY (gig_id);"
	    " CREATE INDEX " NEXT "_tokens ON " NEXT " USING GIN (tokens)");
}

int
search_price_rebuild_swap(struct db *db, int64_t since)
{
	struct db_stmt *st;
	int r;

	/*
	 * gigs first, as the indexer takes them (a gig's row, then its search rows), so
	 * that the two never wait for each other in a circle; SHARE ROW EXCLUSIVE is what
	 * the foreign key below needs of gigs anyway. A lock not had within 10 s fails the
	 * job (retried later) rather than queueing every search behind it.
	 */
	if ((r = db_exec(db, "SET LOCAL lock_timeout = '10s';"
	    " LOCK TABLE gigs IN SHARE ROW EXCLUSIVE MODE;"
	    " LOCK TABLE gig_search_price IN EXCLUSIVE MODE;"
	    " DELETE FROM " NEXT " n WHERE NOT EXISTS (SELECT 1 FROM gig_search_price o"
	    " WHERE o.gig_id = n.gig_id)")) != 0)
		return r;
	/*
	 * Rows written since: a version whose xmin is `since` or later (modulo 2^32). That
	 * takes more than the rows written since when an older transaction was still
	 * running at the copy (every row written after it began): those are left as they
	 * are when equal, so that they keep their place in price order.
	 */
	if ((r = db_prepare(db, "INSERT INTO " NEXT " AS n (gig_id, price, tokens)"
	    " SELECT gig_id, price, tokens FROM gig_search_price WHERE"
	    " (CAST(CAST(xmin AS text) AS bigint) - $1 + 4294967296) % 4294967296 < 2147483648"
	    " ON CONFLICT (gig_id) DO UPDATE SET price = excluded.price,"
	    " tokens = excluded.tokens WHERE n.price <> excluded.price"
	    " OR n.tokens <> excluded.tokens", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, since)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	return db_exec(db, "ALTER TABLE " NEXT " ADD CONSTRAINT " NEXT "_gig_id_fkey"
	    " FOREIGN KEY (gig_id) REFERENCES gigs(id) ON DELETE CASCADE;"
	    " ANALYZE " NEXT "; DROP TABLE gig_search_price;"
	    " ALTER TABLE " NEXT " RENAME TO gig_search_price;"
	    " ALTER TABLE gig_search_price RENAME CONSTRAINT " NEXT "_pkey"
	    " TO gig_search_price_pkey;"
	    " ALTER TABLE gig_search_price RENAME CONSTRAINT " NEXT "_gig_id_fkey"
	    " TO gig_search_price_gig_id_fkey;"
	    " ALTER INDEX " NEXT "_tokens RENAME TO gig_search_price_tokens");
}

/* The correlation of gig_search_price's price with its row order, in [-1, 1]: -2 when
 * the table has no statistics (never analyzed, or empty). */
static int
price_correlation(struct db *db, double *corr)
{
	struct db_stmt *st;
	int r;

	*corr = -2;
	if ((r = db_prepare(db, "SELECT CAST(round(CAST(correlation AS numeric) * 10000)"
	    " AS bigint) FROM pg_stats WHERE schemaname = current_schema()"
	    " AND tablename = 'gig_search_price' AND attname = 'price'", &st)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW && !db_col_is_null(st, 0))
		*corr = (double)db_col_int64(st, 0) / 10000;
	db_reset(st);
	return r < 0 ? r : 0;
}

int
search_price_rebuild(struct db *db, int force, int *rebuilt)
{
	double corr;
	int64_t since;
	int r;

	*rebuilt = 0;
	if (db_dialect(db) != DB_PG)
		return 0;
	/* Outside a transaction each step would commit alone: a failed swap would leave
	 * gig_search_price_next behind, and the catch-up would race the writers. */
	if (!db_in_tx(db))
		return JS_ERR_INVALID;
	/* The price column alone: a sample of its values, not the tokens' statistics. */
	if (!force && ((r = db_exec(db, "ANALYZE gig_search_price (price)")) != 0 ||
	    (r = price_correlation(db, &corr)) != 0))
		return r;
	if (!force && (corr < -1 || corr >= SEARCH_PRICE_MIN_ORDER))
		return 0;
	if ((r = search_price_rebuild_copy(db, &since)) != 0 ||
	    (r = search_price_rebuild_swap(db, since)) != 0)
		return r;
	*rebuilt = 1;
	return 0;
}
