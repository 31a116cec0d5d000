/* search_sql.c: the fixed SQL texts of search_gigs, per store, plan and sort order. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "search_sql.h"

/*
 * Texts are written with named slots ($CAT, $Q...) and expanded once into $1, $2...
 * in order of first use; on PostgreSQL every integer as CAST($n AS BIGINT) (it would
 * infer int4 from "$n = 0") and the queries (Q, TQ, BLK) as CAST($n AS tsquery). Not
 * on SQLite: a CAST there keeps its planner from starting an index range at the value.
 * Nothing in them comes from user input: values are bound through the slot map.
 */
static const char *const slot_names[SQ_NSLOTS] = {
	"CAT", "PMIN", "PMAX", "DAYS", "LEVEL", "RATING", "ONLINE", "K1", "K2", "ID", "LIM",
	"Q", "TQ", "LO", "HI", "BLK", "PAGE", "TERMS",
};

/* The static part of relevance: exactly the expression of the index gigs_active_rank. */
#define QUALITY "(coalesce(g.published_at, g.created_at) / 8640" \
	" + g.rating_avg_x100 * (CASE WHEN g.rating_count >= 20 THEN 20 ELSE g.rating_count END) * 3 / 100" \
	" + (CASE WHEN g.orders_count >= 1000 THEN 200 WHEN g.orders_count >= 100 THEN 150" \
	" WHEN g.orders_count >= 10 THEN 100 WHEN g.orders_count >= 1 THEN 50 ELSE 0 END))"

/* Points for a gig whose title holds every query term: 30 days of recency. */
#define TITLE_BONUS "300"

#define GCOLS "g.id, g.seller_id, g.category_id, g.title, g.price_from, g.delivery_days_min," \
	" g.rating_avg_x100, g.rating_count, g.orders_count," \
	" coalesce(g.published_at, g.created_at) AS pub"

struct sortdef {
	const char *k1, *k2;       /* key expressions; k2 NULL when the key has one part */
	const char *cmp, *dir;     /* keyset comparison and ORDER BY direction */
	const char *index;         /* the partial index (0003_search.sql) in this order */
};

static const struct sortdef sorts[SEARCH_SORT_COUNT] = {
	[SEARCH_SORT_RELEVANCE] = { QUALITY, NULL, "<", " DESC", "gigs_active_rank" },
	[SEARCH_SORT_PRICE_ASC] = { "g.price_from", NULL, ">", "", "gigs_active_price" },
	[SEARCH_SORT_PRICE_DESC] = { "g.price_from", NULL, "<", " DESC", "gigs_active_price" },
	[SEARCH_SORT_RATING] = { "g.rating_avg_x100", "g.rating_count", "<", " DESC",
	    "gigs_active_rating" },
	[SEARCH_SORT_NEWEST] = { "coalesce(g.published_at, g.created_at)", NULL, "<", " DESC",
	    "gigs_active_newest" },
};

/*
 * Filters. A sentinel value disables a bound ($PMAX = INT64_MAX), so each is a plain
 * comparison; a leading + (unary plus, the same in both dialects) keeps SQLite's
 * planner from driving the query from an index on that column.
 */
static int
put_filters(struct buf *b)
{
	return buf_puts(b, "($CAT = 0 OR +g.category_id IN (SELECT c.id FROM categories c"
	    " WHERE c.id = $CAT OR c.parent_id = $CAT OR c.parent_id IN"
	    " (SELECT c2.id FROM categories c2 WHERE c2.parent_id = $CAT)))"
	    " AND +g.price_from >= $PMIN AND +g.price_from <= $PMAX"
	    " AND +g.delivery_days_min <= $DAYS AND +g.rating_avg_x100 >= $RATING"
	    " AND ($LEVEL = 0 OR (SELECT sl.rank FROM reputation rp JOIN seller_levels sl"
	    " ON sl.id = rp.level_id WHERE rp.user_id = g.seller_id) >= $LEVEL)"
	    " AND ($ONLINE = 0 OR (SELECT p.online_at FROM profiles p"
	    " WHERE p.user_id = g.seller_id) >= $ONLINE)");
}

/*
 * The keyset: (key, id) after the cursor, plus the same bound on the first key alone
 * (k1 <= K1), which says nothing new but is what lets SQLite start an index range on an
 * expression key (it does not take row values on expressions). In the walk, the far
 * end of a price or rating bound also ends the index range.
 */
static int
put_keyset(struct buf *b, const struct sortdef *d, enum search_sort s, int walk)
{
	int r;

	if ((r = buf_printf(b, " AND %s %s= $K1", d->k1, d->cmp)) != 0)
		return r;
	if (walk && s == SEARCH_SORT_PRICE_ASC)
		r = buf_puts(b, " AND g.price_from <= $PMAX");
	else if (walk && s == SEARCH_SORT_PRICE_DESC)
		r = buf_puts(b, " AND g.price_from >= $PMIN");
	else if (walk && s == SEARCH_SORT_RATING)
		r = buf_puts(b, " AND g.rating_avg_x100 >= $RATING");
	if (r != 0)
		return r;
	if (d->k2 != NULL)
		return buf_printf(b, " AND (%s, %s, g.id) %s ($K1, $K2, $ID) ORDER BY %s%s, %s%s,"
		    " g.id%s LIMIT $LIM", d->k1, d->k2, d->cmp, d->k1, d->dir, d->k2, d->dir,
		    d->dir);
	return buf_printf(b, " AND (%s, g.id) %s ($K1, $ID) ORDER BY %s%s, g.id%s LIMIT $LIM",
	    d->k1, d->cmp, d->k1, d->dir, d->dir);
}

/* PostgreSQL: a walk's rows (subquery w: k1, k2, id) in the walk's order, by the same
 * keys as its ORDER BY, so that the planner knows them sorted and adds no sort. */
static int
put_walk_order(struct buf *b, const struct sortdef *d)
{
	if (d->k2 != NULL)
		return buf_printf(b, " ORDER BY w.k1%s, w.k2%s, w.id%s", d->dir, d->dir, d->dir);
	return buf_printf(b, " ORDER BY w.k1%s, w.id%s", d->dir, d->dir);
}

/* The page of plan p and sort s, before slot expansion. Columns: see search_sql.h. */
static int
page_template(struct buf *b, enum db_dialect dl, enum sq_plan p, enum search_sort s)
{
	const struct sortdef *d = &sorts[s];
	int pg = dl == DB_PG, r;

	if (p == SQ_WINDOW || p == SQ_WINDOW_BLOCK) {
		/*
		 * Text points, the same on both stores: TITLE_BONUS when the title holds
		 * every term (plus a little for a short, focused title). Not bm25: FTS5
		 * computes its idf over the whole doclist of every term on each query
		 * (55 ms for 设计 at 1M gigs), and ts_rank has no idf at all.
		 */
		r = buf_printf(b, "SELECT * FROM (SELECT " GCOLS ", " QUALITY " + f.tb * ("
		    TITLE_BONUS " + (CASE WHEN length(g.title) <= 8 THEN 60"
		    " WHEN length(g.title) <= 16 THEN 30 ELSE 0 END)) AS k1, 0 AS k2, 1 AS pass"
		    " FROM %s JOIN gigs g ON g.id = f.fid WHERE g.status = 'active' AND ",
		    /*
		     * The block's token as a condition of its own: one GIN scan key per
		     * condition, and GIN skips through all keys' posting lists in step. In
		     * one tsquery, GIN drove the AND from the entry it guessed rarest, and it
		     * guesses a two-level posting tree (小程, 48,000 gigs at 1M) rarer than a
		     * block's 1,024: it read all 48,000 (6 ms against 0.3 ms).
		     */
		    pg && p == SQ_WINDOW_BLOCK ? "(SELECT gig_id AS fid, CASE WHEN tokens @@ $TQ"
		    " THEN 1 ELSE 0 END AS tb FROM gig_search WHERE tokens @@ $Q"
		    " AND tokens @@ $BLK) f" :
		    pg ? "(SELECT gig_id AS fid, CASE WHEN tokens @@ $TQ THEN 1 ELSE 0 END AS tb"
		    " FROM gig_search WHERE tokens @@ $Q AND gig_id BETWEEN $LO AND $HI) f" :
		    "(SELECT rowid AS fid, CASE WHEN rowid IN (SELECT rowid FROM gig_fts"
		    " WHERE gig_fts MATCH $TQ AND rowid BETWEEN $LO AND $HI) THEN 1 ELSE 0 END"
		    " AS tb FROM gig_fts WHERE gig_fts MATCH $Q AND rowid BETWEEN $LO AND $HI)"
		    " f CROSS");
		/*
		 * A LIMIT / OFFSET keeps the subquery from being flattened, so that both
		 * stores compute k1 once a row, not once in each use of it.
		 */
		if (r == 0 && (r = put_filters(b)) == 0)
			r = buf_printf(b, " %s) y WHERE y.k1 <= $K1 AND (y.k1, y.id) < ($K1,"
			    " $ID) ORDER BY y.k1 DESC, y.id DESC LIMIT $LIM",
			    pg ? "OFFSET 0" : "LIMIT -1 OFFSET 0");
		return r;
	}
	if (p == SQ_PRICE) {
		/*
		 * FTS5 walks the query's doclists in rowid order from the bound and stops
		 * after LIM matches (the inner LIMIT), so the cost is that of the rows
		 * returned, not of every match. The cursor's price is the key's (k1), so
		 * that a price changed since indexing cannot make the walk jump or repeat.
		 */
		int asc = s == SEARCH_SORT_PRICE_ASC;

		r = buf_printf(b, "SELECT " GCOLS ", f.pk >> 32 AS k1, 0 AS k2, CASE WHEN"
		    " g.status = 'active' AND ");
		if (r == 0)
			r = put_filters(b);
		if (r == 0)
			r = buf_printf(b, " THEN 1 ELSE 0 END AS pass FROM (SELECT rowid AS pk"
			    " FROM gig_fts_price WHERE gig_fts_price MATCH $Q AND rowid %s"
			    " AND rowid %s ORDER BY rowid%s LIMIT $LIM) f CROSS JOIN gigs g"
			    " ON g.id = (f.pk & 4294967295) ORDER BY f.pk%s",
			    asc ? "> $LO" : ">= $LO", asc ? "<= $HI" : "< $HI",
			    asc ? "" : " DESC", asc ? "" : " DESC");
		return r;
	}
	if (p == SQ_TEXT || p == SQ_TEXT_BLOCK) {
		/* every match (fewer than the probe limit), filtered, sorted */
		r = buf_printf(b, "SELECT " GCOLS ", %s AS k1, %s AS k2, 1 AS pass FROM %s"
		    " WHERE %s AND g.status = 'active' AND ", d->k1, d->k2 ? d->k2 : "0",
		    pg && p == SQ_TEXT_BLOCK ? "gig_search_price s JOIN gigs g ON g.id = s.gig_id" :
		    pg ? "gig_search s JOIN gigs g ON g.id = s.gig_id" :
		    "gig_fts CROSS JOIN gigs g ON g.id = gig_fts.rowid",
		    pg && p == SQ_TEXT_BLOCK ? "s.tokens @@ $Q AND s.tokens @@ $BLK" :
		    pg ? "s.tokens @@ $Q" : "gig_fts MATCH $Q");
		if (r == 0 && (r = put_filters(b)) == 0)
			r = put_keyset(b, d, s, 0);
		return r;
	}
	/*
	 * The walk (SQ_BROWSE, SQ_SORTED): LIM rows of the sort order's partial index after
	 * the keyset, each with `pass` = it meets the filters (and the text), so that the
	 * caller knows how far it got even when few pass. SQLite: INDEXED BY that index;
	 * without ANALYZE statistics its planner prefers gigs_status_published (status =
	 * ?) and sorts every active gig. PostgreSQL costs it right. The text test per row
	 * is below. PostgreSQL: the walk reads only what the sort order's index carries
	 * (0009: its keys, the filters' columns), an index-only scan; the outer query reads
	 * the hits' rows from gigs. Reading every walked gig's row cost a heap page each
	 * (~220 for a category browse by price at 1M gigs, where 1 in 10 passes).
	 */
	r = buf_printf(b, "%sSELECT %s, %s AS k1, %s AS k2, CASE WHEN ",
	    pg ? "SELECT " GCOLS ", w.k1, w.k2, w.pass FROM (" : "",
	    pg ? "g.id" : GCOLS, d->k1, d->k2 ? d->k2 : "0");
	if (r == 0)
		r = put_filters(b);
	/*
	 * SQLite: not an FTS5 query per row (FTS5 reads a term's whole doclist for each,
	 * 400 µs a row for 网站 at 1M gigs), nor the matches within the walk's id span read
	 * into a temporary index (a rating walk's ids are scattered, so that read all
	 * 47,000 matches of logo at 1M gigs: 14 ms a step), but the row's own indexed
	 * tokens, read by rowid, holding every term (js_has_tokens, db_sqlite.c). They are
	 * read from FTS5's own content table (gig_fts_content: id = rowid, c0 = title, c1 =
	 * extra, for the table 0003_search.sql creates), a plain rowid lookup: through the
	 * virtual table the same read cost twice as much (a 500-row rating walk at 100k
	 * gigs: 5-6 ms against 3-4; logo by rating 6.5 -> 4.5 ms).
	 */
	if (r == 0 && p == SQ_SORTED)
		r = buf_puts(b, pg ? " AND (SELECT s.tokens FROM gig_search s"
		    " WHERE s.gig_id = g.id) @@ $Q" : " AND js_has_tokens((SELECT f.c0 || ' ' ||"
		    " f.c1 FROM gig_fts_content f WHERE f.id = g.id), $TERMS)");
	if (r == 0)
		r = buf_puts(b, " THEN 1 ELSE 0 END AS pass");
	if (r == 0)
		r = buf_printf(b, " FROM gigs g%s%s WHERE g.status = 'active'",
		    pg ? "" : " INDEXED BY ", pg ? "" : d->index);
	if (r == 0)
		r = put_keyset(b, d, s, 1);
	/*
	 * PostgreSQL: the hits only, in the walk's own order (the outer ORDER BY names the
	 * walk's sort keys exactly, so the planner streams the walk with no sort and stops
	 * at PAGE hits); where a walk that filled no page ended is sq_walk_end's. A
	 * row_number() of the walk, which marked the LIM-th row in this same statement,
	 * cost more than the rest of a category browse's walk (0.16 of 0.32 ms at 100k).
	 */
	if (r == 0 && pg)
		r = buf_puts(b, ") w JOIN gigs g ON g.id = w.id WHERE w.pass = 1");
	if (r == 0 && pg)
		r = put_walk_order(b, d);
	if (r == 0 && pg)
		r = buf_puts(b, " LIMIT $PAGE");
	return r;
}

/* PostgreSQL: the keys of the LIM-th row of the walk of sort s (none: it ends sooner). */
static int
walk_end_template(struct buf *b, enum search_sort s)
{
	const struct sortdef *d = &sorts[s];
	int r;

	r = buf_printf(b, "SELECT w.k1, w.k2, w.id FROM (SELECT %s AS k1, %s AS k2, g.id"
	    " FROM gigs g WHERE g.status = 'active'", d->k1, d->k2 ? d->k2 : "0");
	if (r == 0)
		r = put_keyset(b, d, s, 1);
	if (r == 0)
		r = buf_puts(b, ") w");
	if (r == 0)
		r = put_walk_order(b, d);
	if (r == 0)
		r = buf_puts(b, " OFFSET ($LIM - 1)");
	return r;
}

/* Replace the slots of tmpl by numbered parameters into out, filling num[]. */
static int
expand(const char *tmpl, enum db_dialect dl, char *out, size_t outlen, int num[SQ_NSLOTS])
{
	size_t k = 0, n;
	int next = 1, i, w;

	memset(num, 0, SQ_NSLOTS * sizeof num[0]);
	while (*tmpl) {
		if (*tmpl != '$' || tmpl[1] < 'A' || tmpl[1] > 'Z') {
			if (k + 1 >= outlen)
				return JS_ERR_TOO_BIG;
			out[k++] = *tmpl++;
			continue;
		}
		for (n = 1; (tmpl[n] >= 'A' && tmpl[n] <= 'Z') || (tmpl[n] >= '0' && tmpl[n] <= '9'); n++)
			;
		for (i = 0; i < SQ_NSLOTS; i++)
			if (strlen(slot_names[i]) == n - 1 && memcmp(slot_names[i], tmpl + 1, n - 1) == 0)
				break;
		if (i == SQ_NSLOTS)
			return JS_ERR_INVALID;
		if (num[i] == 0)
			num[i] = next++;
		w = snprintf(out + k, outlen - k, dl != DB_PG ? "$%d" : i == SQ_Q || i == SQ_TQ ||
		    i == SQ_BLK ?
		    "CAST($%d AS tsquery)" : "CAST($%d AS BIGINT)", num[i]);
		if (w < 0 || (size_t)w >= outlen - k)
			return JS_ERR_TOO_BIG;
		k += (size_t)w;
		tmpl += n;
	}
	out[k] = '\0';
	return 0;
}

const char sq_seller[] = "SELECT u.id, u.handle, u.display_name, coalesce((SELECT sl.rank"
    " FROM reputation rp JOIN seller_levels sl ON sl.id = rp.level_id"
    " WHERE rp.user_id = u.id), 0), coalesce((SELECT p.online_at FROM profiles p"
    " WHERE p.user_id = u.id), 0) FROM users u WHERE u.id IN ($1, $2, $3, $4, $5, $6,"
    " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";

static struct sq_text pages[2][SQ_NPLANS][SEARCH_SORT_COUNT], bound[2], probe[2], maxid,
    probe_block, probe_price;

/* A template built into b (r: how that went), expanded into t and kept for the process. */
static const struct sq_text *
keep_text(struct sq_text *t, struct buf *b, int r, enum db_dialect dl)
{
	if (r == 0)
		r = expand(b->data, dl, t->sql, sizeof t->sql, t->num);
	buf_free(b);
	if (r != 0)
		t->sql[0] = '\0';
	return r == 0 ? t : NULL;
}

const struct sq_text *
sq_page(enum db_dialect dl, enum sq_plan p, enum search_sort s)
{
	struct sq_text *t = &pages[dl == DB_PG][p][s];
	struct buf b;

	if (t->sql[0] != '\0')
		return t;
	buf_init(&b, sizeof t->sql);
	return keep_text(t, &b, page_template(&b, dl, p, s), dl);
}

const struct sq_text *
sq_walk_end(enum search_sort s)
{
	static struct sq_text ends[SEARCH_SORT_COUNT];
	struct sq_text *t = &ends[s];
	struct buf b;

	if (t->sql[0] != '\0')
		return t;
	buf_init(&b, sizeof t->sql);
	return keep_text(t, &b, walk_end_template(&b, s), DB_PG);
}

const struct sq_text *
sq_bound(enum db_dialect dl)
{
	struct sq_text *t = &bound[dl == DB_PG];

	if (t->sql[0] == '\0' && expand(dl != DB_PG ?
	    "SELECT rowid FROM gig_fts WHERE gig_fts MATCH $Q AND rowid <= $HI"
	    " ORDER BY rowid DESC LIMIT 1 OFFSET $LIM" :
	    "SELECT gig_id FROM gig_search WHERE tokens @@ $Q AND gig_id <= $HI"
	    " ORDER BY gig_id DESC LIMIT 1 OFFSET $LIM", dl, t->sql, sizeof t->sql, t->num) != 0)
		return NULL;
	return t;
}

const struct sq_text *
sq_probe(enum db_dialect dl)
{
	struct sq_text *t = &probe[dl == DB_PG];

	if (t->sql[0] == '\0' && expand(dl == DB_PG ?
	    "SELECT count(*) FROM (SELECT 1 FROM gig_search WHERE tokens @@ $Q LIMIT $LIM) x" :
	    "SELECT count(*) FROM (SELECT rowid FROM gig_fts WHERE gig_fts MATCH $Q"
	    " LIMIT $LIM) x", dl, t->sql, sizeof t->sql, t->num) != 0)
		return NULL;
	return t;
}

const struct sq_text *
sq_probe_block(void)
{
	if (probe_block.sql[0] == '\0' && expand("SELECT count(*) FROM (SELECT 1 FROM gig_search"
	    " WHERE tokens @@ $Q AND tokens @@ $BLK LIMIT $LIM) x", DB_PG, probe_block.sql,
	    sizeof probe_block.sql, probe_block.num) != 0)
		return NULL;
	return &probe_block;
}

const struct sq_text *
sq_probe_price(void)
{
	if (probe_price.sql[0] == '\0' && expand("SELECT count(*) FROM (SELECT 1 FROM"
	    " gig_search_price WHERE tokens @@ $Q AND tokens @@ $BLK LIMIT $LIM) x", DB_PG,
	    probe_price.sql, sizeof probe_price.sql, probe_price.num) != 0)
		return NULL;
	return &probe_price;
}

const struct sq_text *
sq_maxid(void)
{
	if (maxid.sql[0] == '\0' && expand("SELECT coalesce(max(gig_id), 0) FROM gig_search",
	    DB_PG, maxid.sql, sizeof maxid.sql, maxid.num) != 0)
		return NULL;
	return &maxid;
}
