/* search_sql.h: the SQL texts search_query.c runs; nothing else includes it. */
#ifndef JS_SEARCH_SQL_H
#define JS_SEARCH_SQL_H

#include "db.h"
#include "search.h"

/* Values a text may take, bound by name: num[slot] is its $n, 0 when unused. */
enum sq_slot {
	SQ_CAT, SQ_PMIN, SQ_PMAX, SQ_DAYS, SQ_LEVEL, SQ_RATING, SQ_ONLINE,
	SQ_K1, SQ_K2, SQ_ID, SQ_LIM, SQ_Q, SQ_TQ, SQ_LO, SQ_HI, SQ_BLK, SQ_PAGE,
	SQ_TERMS,                  /* SQLite: the query's terms, space-separated (text) */
	SQ_NSLOTS
};

/*
 * How a page is found (docs/search.md); each does bounded work:
 *  SQ_BROWSE  no text: LIM rows of the sort order's partial index after the keyset,
 *             each marked pass = meets the filters;
 *  SQ_SORTED  text with many matches: the same walk, pass also testing the text
 *             (SQLite: the row's own tokens hold every term of TERMS);
 *  SQ_TEXT    text with few matches (under the probe limit): all of them, filtered,
 *             sorted, the first LIM after the keyset;
 *  SQ_WINDOW  relevance with text: rank one window of matches (gig ids LO..HI); TQ is
 *             the same terms within the title (a bonus when all are there);
 *  SQ_WINDOW_BLOCK  the same on PostgreSQL for a query with many matches: the window
 *             is one id block, BLK its token (search_block_token), so one GIN
 *             lookup gives the window's matches (GIN cannot give matches in id order,
 *             so a window bounded by its 200th match cost reading the id range twice).
 *             SQLite's FTS5 doclists are in rowid order: never used there.
 *  SQ_TEXT_BLOCK  PostgreSQL: SQ_TEXT within the price octave or bucket whose token is
 *             BLK (its own GIN scan key), read from gig_search_price (rows in price
 *             order, so that the lookup reads only that stretch of the posting lists);
 *  SQ_PRICE   SQLite, price order with many matches: LIM matches in gig_fts_price's
 *             rowid order (price << 32 | id) after LO (ascending) or before HI
 *             (descending), each with its gig; k1 is the price in the key.
 */
enum sq_plan { SQ_BROWSE, SQ_TEXT, SQ_SORTED, SQ_WINDOW, SQ_WINDOW_BLOCK, SQ_PRICE,
	SQ_TEXT_BLOCK,
	SQ_NPLANS };

struct sq_text {
	char sql[6144];
	int num[SQ_NSLOTS];
};

/*
 * Page columns: id, seller_id, category_id, title, price_from, delivery_days_min,
 * rating_avg_x100, rating_count, orders_count, published (or created) at, k1, k2 (the
 * keyset after id), pass (1 = a hit; 0 = walked past). PostgreSQL's walks (SQ_BROWSE,
 * SQ_SORTED) return only the hits, at most PAGE rows (libpq takes a statement's whole
 * result, so a walk that returned every row walked made the server read and send all
 * LIM of them however early the page was full: 2 ms for a browse at 1M gigs); when
 * they fill no page, sq_walk_end says where the walk ended. Texts are built on first
 * use and kept for the process; NULL only on a bug.
 */
const struct sq_text *sq_page(enum db_dialect d, enum sq_plan p, enum search_sort s);
/*
 * PostgreSQL: k1, k2, id of the LIM-th row of the walk in sort s from the keyset (the
 * same rows as the walk of sq_page SQ_BROWSE / SQ_SORTED, read from the sort order's
 * index alone); no row when the order ends before it.
 */
const struct sq_text *sq_walk_end(enum search_sort s);
/* The id of the LIM-th match (0-based) at or below HI, newest first: a window's low end. */
const struct sq_text *sq_bound(enum db_dialect d);
/* PostgreSQL: the highest gig id with a search row (0 when none): the first block. */
const struct sq_text *sq_maxid(void);
/* How many gigs match Q, counting up to LIM. */
const struct sq_text *sq_probe(enum db_dialect d);
/* PostgreSQL: the same within the id block whose token is BLK. */
const struct sq_text *sq_probe_block(void);
/* PostgreSQL: the same within the price octave or bucket BLK, from gig_search_price. */
const struct sq_text *sq_probe_price(void);
/*
 * Sellers' id, handle, display name, level rank and online_at; $1..$SQ_SELLERS = user
 * ids (a page's sellers in one round trip; unused slots 0, which is no user).
 */
#define SQ_SELLERS 20
extern const char sq_seller[];

#endif
