/* search.h: gig search: ICU tokens and pinyin, the FTS5 / tsvector index, filtered and
 * ranked keyset pages, autocomplete, per-account history and popular searches. */
#ifndef JS_SEARCH_H
#define JS_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"

/*
 * Text in, tokens out (docs/search.md):
 *  - NFKC + case folding (ＬＯＧＯ -> logo), then ICU word segmentation;
 *  - Latin / digit words become one token each ("logo", "3d");
 *  - a run of Han characters gives every character (unigram), every adjacent pair
 *    (bigram, also across ICU word boundaries, so 我想找一个会做网站设计的程序员 yields 序员
 *    and 程序员 is found as 程序 + 序员), every ICU word of 3+ characters, the pinyin of
 *    every word of 2+ characters and of every word pair without tones ("wangzhan",
 *    "wangzhansheji"), and the initials of runs of 1..4 words ("wz", "wzsj", "qywzsj");
 *  - kana runs are treated like Han for unigrams and bigrams, without pinyin; emoji,
 *    symbols and punctuation are dropped.
 * Tokens hold only lowercase letters and digits (any script), never a quote, space or
 * operator character, so they are safe to quote in FTS5 / tsquery; at most
 * SEARCH_TERM_LEN bytes.
 */

/* Caps on outside input (bytes). */
#define SEARCH_QUERY_MAX 256       /* a search query or suggest prefix */
#define SEARCH_TEXT_MAX 8192       /* one text given to search_tokens */
#define SEARCH_TOKENS_MAX 65536    /* the token string of one gig */
#define SEARCH_TERM_LEN 63         /* one token or suggestion term (cut at a character) */
#define SEARCH_CURSOR_MAX 96       /* a next_cursor, NUL included */
#define SEARCH_SUGGEST_LEN 128     /* one suggestion, NUL included */
#define SEARCH_HISTORY_KEEP 50     /* rows of history kept per account */
#define SEARCH_ONLINE_SECS 900     /* "online": profiles.online_at within this many s */

/*
 * Open the ICU services search needs (Han-Latin transliterator, word-break iterator,
 * normalizer): ~112 ms the first time, mostly the transliterator's rules. jishid's
 * master calls it before fork so that sessions inherit them; otherwise every function
 * below opens them on first use. Returns 0, JS_ERR_NOMEM or JS_ERR_IO (ICU data
 * missing). Idempotent. search_cleanup closes them (for valgrind-clean exits).
 */
int search_init(void);
void search_cleanup(void);

/*
 * Index tokens of text[0..len) appended to out, separated by single spaces (a leading
 * space when out is not empty; no duplicate token within one call). Returns 0,
 * JS_ERR_UTF8 (invalid UTF-8: out unchanged), JS_ERR_TOO_BIG (len > SEARCH_TEXT_MAX or
 * out would pass its cap), JS_ERR_NOMEM, JS_ERR_IO (ICU).
 */
int search_tokens(const char *text, size_t len, struct buf *out);

/*
 * Pinyin of a NUL-terminated UTF-8 text without tones (ü as v), syllables joined
 * without spaces ("网站设计" -> full "wangzhansheji", initials "wzsj"); words of other
 * letters and digits are kept, folded, separated by one space from their neighbours
 * ("Logo 设计" -> "logo sheji" / "l sj"); other characters are dropped. Either output may be NULL. Outputs are
 * truncated at a syllable boundary to fit (never mid-character).
 * Returns 0, JS_ERR_UTF8, JS_ERR_TOO_BIG (text longer than SEARCH_TEXT_MAX),
 * JS_ERR_NOMEM, JS_ERR_IO.
 */
int pinyin_of(const char *text, char *full, size_t fulllen, char *initials, size_t inilen);

/*
 * (Re)index one gig from the store: its title, tags and category names (its own and its
 * parent's) become the search row (gig_fts on SQLite, gig_search on PostgreSQL), and
 * gigs.pinyin / gigs.pinyin_initials are written. An active gig's suggestion terms
 * (title words, tags, category name) are counted in search_terms once, and uncounted on
 * the next reindex or unindex. Call it inside the caller's transaction (db_tx) whenever
 * an active gig's title, tags or category change or it becomes active; call
 * search_unindex_gig when it stops being active (search_gigs also checks the status, so
 * a gig that was paused without unindexing is not found either). JS_ERR_NOT_FOUND for an
 * unknown gig.
 */
int search_index_gig(struct db *db, int64_t gig_id);
/* Remove a gig's search row and its suggestion-term counts (no error if absent). */
int search_unindex_gig(struct db *db, int64_t gig_id);

/* Filters; a zeroed struct filters nothing. */
struct search_filter {
	int64_t category_id;       /* 0 = any; else this category and its sub-categories */
	int64_t price_min;         /* fen, on gigs.price_from; 0 = no lower bound */
	int64_t price_max;         /* fen; 0 = no upper bound */
	int delivery_days_max;     /* gigs.delivery_days_min <= this; 0 = any */
	int seller_level_min;      /* seller_levels.rank >= this (0 new .. 3 top); 0 = any */
	int rating_min_x100;       /* gigs.rating_avg_x100 >= this (450 = 4.5 stars); 0 = any */
	int online_only;           /* seller's profiles.online_at >= now - SEARCH_ONLINE_SECS */
	int64_t now;               /* unix seconds for "online" and recency; 0 = time(NULL) */
};

enum search_sort {
	SEARCH_SORT_RELEVANCE,     /* text score blended with rating, orders and recency */
	SEARCH_SORT_PRICE_ASC,     /* price_from ascending, then id */
	SEARCH_SORT_PRICE_DESC,
	SEARCH_SORT_RATING,        /* rating_avg_x100, then rating_count, then id */
	SEARCH_SORT_NEWEST,        /* published_at (created_at when NULL), then id */
	SEARCH_SORT_COUNT
};

#define SEARCH_TITLE_LEN 804       /* 200 characters of up to 4 bytes, NUL */
#define SEARCH_NAME_LEN 260        /* 64 characters of up to 4 bytes, NUL */

/* One result row (copied out: owns no pointers). */
struct search_hit {
	int64_t gig_id;
	int64_t seller_id;
	int64_t category_id;
	char title[SEARCH_TITLE_LEN];
	char seller_handle[40];
	char seller_name[SEARCH_NAME_LEN];
	int64_t price_from;        /* fen */
	int delivery_days;         /* gigs.delivery_days_min */
	int rating_x100;
	int64_t rating_count;
	int64_t orders_count;
	int seller_level;          /* seller_levels.rank, 0 when the seller has none */
	int seller_online;         /* 1 when online per SEARCH_ONLINE_SECS */
	int64_t published_at;      /* created_at when never published */
	int64_t score;             /* the sort key of the page's order (relevance: blended) */
};

/*
 * One page of active gigs matching `query` (user text, <= SEARCH_QUERY_MAX bytes;
 * "" or only spaces/punctuation = browse everything) under filter f (NULL = none), in
 * order `sort`. Every query term must match a whole token (AND): 网站设计 needs the
 * bigrams 网站, 站设, 设计 (a run of up to 4 Han characters is one phrase; a longer one
 * is split into ICU words); "wangz" does not find "wangzhan": partial words are
 * search_suggest's job. The query never enters SQL text: its terms are bound.
 *
 * cursor is NULL or "" for the first page, else a next_cursor from the previous page of
 * the same query, filter and sort. Writes up to max (1..100) hits into out[] and their
 * count into *n; next_cursor (next_len >= SEARCH_CURSOR_MAX) gets the cursor of the
 * following page, or "" when there is no more. Pages are keyset pages: each costs the
 * same however deep, and a gig appears at most once across pages (changes made between
 * pages can move gigs, as usual).
 *
 * Each call does bounded work (docs/search.md), so a page may hold FEWER than max hits,
 * even none, while next_cursor is not "" (a filter that few gigs pass): ask again with
 * that cursor to go on; only next_cursor == "" means the end. Relevance with a query is
 * exact within windows of the newest matches (200 at a time), windows newest first.
 * Relevance = recency, rating, orders, and a bonus when every term is in the title.
 *
 * Returns 0, JS_ERR_UTF8, JS_ERR_TOO_BIG (query), JS_ERR_INVALID (bad cursor, sort,
 * max, short next_len), or a store error.
 */
int search_gigs(struct db *db, const char *query, const struct search_filter *f,
    enum search_sort sort, const char *cursor, struct search_hit *out, size_t max,
    size_t *n, char *next_cursor, size_t next_len);

/* Id of the category with this slug: 0, JS_ERR_NOT_FOUND. */
int search_category_by_slug(struct db *db, const char *slug, int64_t *id);

/*
 * Autocomplete: up to max suggestions for what the user has typed so far, most used
 * first: words and tags of active gigs, category names, and popular searches (those
 * searched SEARCH_POPULAR_MIN times with results). A prefix matches the start of a
 * suggestion after NFKC + case folding, or of its pinyin ("wangz", "网") or initials
 * ("wz"). Suggestions are the original text, NUL-terminated, at most 127 bytes.
 * "" gives the most popular searches. Returns 0, JS_ERR_UTF8, JS_ERR_TOO_BIG,
 * JS_ERR_INVALID (max 0 or > 50), or a store error.
 */
#define SEARCH_POPULAR_MIN 3
int search_suggest(struct db *db, const char *prefix, char (*out)[SEARCH_SUGGEST_LEN],
    size_t max, size_t *n);

/*
 * History of one account. history_add records a search the user ran (query as typed,
 * trimmed; results = number of hits, or -1 when unknown): the same query again moves to
 * the top instead of repeating; only the newest SEARCH_HISTORY_KEEP rows are kept. A
 * query with results > 0 also counts in search_popular. "" is ignored (returns 0).
 * Returns 0, JS_ERR_UTF8, JS_ERR_TOO_BIG, or a store error.
 */
int search_history_add(struct db *db, int64_t user, const char *query, int64_t results);

struct search_history_item {
	char query[SEARCH_QUERY_MAX + 1];
	int64_t results;           /* -1 when unknown */
	int64_t searched_at;
};

/* Newest first, up to max items into out, count into *n. */
int search_history_list(struct db *db, int64_t user, struct search_history_item *out,
    size_t max, size_t *n);
/* Forget one account's history (popular counts are anonymous and stay). */
int search_history_clear(struct db *db, int64_t user);

struct search_popular_item {
	char query[SEARCH_QUERY_MAX + 1];
	int64_t count;
};

/* The most searched queries (with results), highest count first. */
int search_popular_list(struct db *db, struct search_popular_item *out, size_t max,
    size_t *n);

/*
 * Bulk loading (demo data, benchmarks, imports), for callers that build many search
 * rows at once and already know what search_index_gig would compute:
 * search_index_docs inserts the rows of gigs that have none yet (a row that exists
 * makes it fail with JS_ERR_EXISTS on PostgreSQL; use search_index_gig to replace),
 * several rows per statement. Strings are borrowed for the call. The caller also sets
 * gigs.search_price to `price` for each (the bulk loader writes it with the gig row).
 */
struct search_doc {
	int64_t gig_id;
	int64_t price;             /* gigs.price_from: the key of SQLite's gig_fts_price */
	const char *title_tokens;  /* search_tokens() of the title */
	const char *extra_tokens;  /* search_tokens() of the tags and category names */
	const char *terms;         /* '\n'-separated suggestion terms it counted, or "" */
};
int search_index_docs(struct db *db, const struct search_doc *docs, size_t n);

/*
 * The price-bucket tokens of a gig (docs/search.md, "Price order"), as search_index_gig
 * appends them to its extra tokens: "zzp<octave> zzp<octave>q<eighth>", written into
 * out (NUL-terminated; 32 bytes are always enough). Bulk loaders append them to
 * extra_tokens, after a space, so that their rows equal search_index_gig's.
 */
#define SEARCH_PRICE_TOKENS_LEN 32
void search_price_tokens(int64_t price, char *out, size_t len);

/*
 * Suggestion terms of a text, as search_index_gig counts them for a title (after
 * NFKC + case folding): each Han / kana word of 2+ characters, each pair of adjacent
 * such words ("网站设计"), each Latin word of 2+ letters. fn gets each (NUL-terminated,
 * borrowed) and may stop the walk with a non-zero result, which is returned.
 * Duplicates are passed on as they come. Errors as search_tokens.
 */
typedef int (*search_term_fn)(void *ud, const char *term);
int search_terms_each(const char *text, size_t len, search_term_fn fn, void *ud);

/*
 * A whole text as one suggestion term or popular query: NFKC + case folding, white
 * space runs made one space, trimmed, controls dropped, cut to max bytes at a character
 * boundary (out needs max + 1). Errors as search_tokens.
 */
int search_norm_text(const char *s, size_t len, char *out, size_t max);

/*
 * Add to a suggestion term's counts (term as search_norm_text gives it): gigs using it
 * += dgigs, searches with results += dsearches, never below 0. A new term gets its
 * pinyin and initials.
 */
int search_term_count(struct db *db, const char *term, int64_t dgigs, int64_t dsearches);

/*
 * Rebuild the search rows of every gig (active ones indexed, others removed), in
 * transactions of a few hundred gigs; *count (may be NULL) gets how many were indexed.
 */
int search_reindex_all(struct db *db, int64_t *count);

/*
 * PostgreSQL: rewrite gig_search_price in price order (CLUSTER on a temporary
 * (price, gig_id) index), so that each price bucket is one stretch of the table again
 * (docs/search.md: rows written since, by edits or by a bulk load's batches, each sorted
 * only within itself, spread a bucket over many stretches and its GIN lookups slow
 * down). Takes an exclusive lock on the table while it runs. SQLite: nothing.
 */
int search_price_reorder(struct db *db);

/*
 * The correlation of gig_search_price's rows with price order under which
 * search_price_rebuild rewrites the table: about 1% of the rows out of place (each
 * edit's row lands at the end) gives 0.98, 2% 0.96, 5% 0.90.
 */
#define SEARCH_PRICE_MIN_ORDER 0.96

/*
 * PostgreSQL: rewrite gig_search_price in price order while searches and the indexer go
 * on (a copy, indexed, then swapped in; writers of the table and of gigs wait only for
 * the rows changed meanwhile to be carried over, searches only for the swap). Unless
 * force, only when the order has decayed: the price column is analyzed and its
 * correlation compared with SEARCH_PRICE_MIN_ORDER. Call it inside db_tx (the worker's
 * search.price_order job): JS_ERR_INVALID outside one on PostgreSQL. *rebuilt says
 * whether it did. SQLite: nothing.
 */
int search_price_rebuild(struct db *db, int force, int *rebuilt);

#endif
