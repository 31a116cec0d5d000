/* search_impl.h: what the search_*.c files share; nothing else includes it. */
#ifndef JS_SEARCH_IMPL_H
#define JS_SEARCH_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

#include "buf.h"
#include "db.h"
#include "search.h"

/* Terms of one query at most: further ones are ignored. */
#define SEARCH_QTERMS 24

struct search_qterm {
	char tok[SEARCH_TERM_LEN + 1];
};

struct search_query {
	struct search_qterm t[SEARCH_QTERMS];
	size_t n;                  /* 0: browse */
};

/*
 * Parse a user query into the terms a matching document's tokens must all contain:
 * per ICU word of Han / kana, its bigrams (or the character of a one-character word,
 * except a few function characters such as 的 when other terms exist); per Latin or
 * digit word, the word. Returns 0, JS_ERR_UTF8, JS_ERR_TOO_BIG (> SEARCH_QUERY_MAX bytes), ICU errors.
 */
int search_query_parse(const char *q, struct search_query *out);

/* Where the next page of a search starts (search_cursor.c; search_gigs' next_cursor). */
struct search_cursor {
	int64_t k1, k2, id;        /* keyset: the last row's sort key and id */
	int64_t hi, lo;            /* relevance windows: current one; lo -1 = not yet known */
};

/* JS_ERR_INVALID unless s is a cursor of this sort order. */
int search_cursor_parse(const char *s, enum search_sort sort, struct search_cursor *c);
void search_cursor_format(char *out, size_t len, enum search_sort sort,
    const struct search_cursor *c);

/*
 * Tests and benchmarks only: the work bounds of search_query.c (relevance window, the
 * match count above which sorted pages walk the sort index, rows a walk step reads,
 * rows one call looks at), so that small data sets take every path. 0 restores a
 * default.
 */
void search_tune(int64_t window, int64_t probe, int64_t walk, int64_t budget);

/*
 * Price buckets: octave o and eighth e of a price (fen). Octave 0 holds 0..7 (e = the
 * price), octave o >= 3 holds [2^o, 2^(o+1)), cut into 8 equal parts; octaves 1 and 2
 * are empty. search_bucket_low gives the lowest price of bucket (o, e); for o = 63 and
 * e past 7 it saturates at INT64_MAX.
 */
#define SEARCH_OCTAVES 63
void search_bucket_of(int64_t price, int *o, int *e);
int64_t search_bucket_low(int o, int e);
/*
 * SQLite's gig_fts_price rowid for a gig: price << 32 | id, the price capped at 2^31 - 1
 * fen and the id at 2^32 - 1 (gigs above that id get no row).
 */
int64_t search_price_key(int64_t price, int64_t id);
/*
 * PostgreSQL's id blocks (docs/search.md, "Pages"): every gig_search row also holds
 * "zzb<id >> SEARCH_BLOCK_SHIFT>", so that a relevance window (one block of ids) is
 * one GIN lookup of the query ANDed with the block's token. Written into out (24
 * bytes are always enough).
 */
#define SEARCH_BLOCK_SHIFT 10
void search_block_token(int64_t id, char *out, size_t len);
/*
 * PostgreSQL: a gig's tsvector text (title tokens :1A, extra tokens :2B, its id block's
 * token) into out (reset first), as gig_search and gig_search_price hold it; and the
 * gig_search_price rows of docs (borrowed) in the order given (price order, for the
 * GIN lookups' sake), inserted, or upserted when upsert. 0 or a db error.
 */
int search_pg_tsv(const struct search_doc *d, struct buf *out);
int search_pg_price_rows(struct db *db, const struct search_doc *const *docs, size_t n,
    int upsert);
/*
 * PostgreSQL: merge the rows queued in gig_search_price's GIN pending list into the
 * index, in bulk (after a bulk batch). 0 or a db error.
 */
int search_pg_price_merge(struct db *db);
/*
 * search_price_rebuild's two steps, in one transaction (a test changes the table from
 * another connection between them): the copy in price order, indexed, as
 * gig_search_price_next, with *since the oldest xid (low 32 bits) whose rows it may
 * lack; then the swap: writers stopped, rows deleted and written since carried over,
 * foreign key, statistics, the copy renamed into the table's place.
 */
int search_price_rebuild_copy(struct db *db, int64_t *since);
int search_price_rebuild_swap(struct db *db, int64_t since);
/* A query term that would be a price or block token: dropped from queries. */
int search_bucket_token(const char *tok);

/*
 * search_gigs' last step: each hit's seller handle, name, level and presence (online
 * since `now` - SEARCH_ONLINE_SECS), read for up to SQ_SELLERS sellers a query.
 */
int search_fill_sellers(struct db *db, struct search_hit *h, size_t n, int64_t now);

/* Cut s (NUL-terminated UTF-8) to at most max bytes at a character boundary. */
void search_cut(char *s, size_t max);

/* ---- shared by search_tokens.c and search_words.c ---- */

/* NFKC + case folding of valid UTF-8 s into a new UTF-16 string (*out, caller frees):
 * 0, JS_ERR_UTF8, JS_ERR_NOMEM, JS_ERR_IO. */
int search_norm16(const char *s, size_t len, UChar **out, int32_t *outlen);

/* ICU word segments of a normalized text, one at a time (the process's one iterator). */
struct search_seg {
	const UChar *s;
	int32_t n, a, b, status;
};
int search_seg_start(struct search_seg *g, const UChar *s, int32_t n);
int search_seg_next(struct search_seg *g);          /* 1 = next segment [a, b) */
int search_seg_is_cjk(const struct search_seg *g);  /* Han / kana word */
int search_seg_is_word(const struct search_seg *g); /* letters / digits */
/* Code points of segment g into cp[] (room for g->b - g->a); their count. */
size_t search_seg_cps(const struct search_seg *g, uint32_t *cp);
/* Encode cp[0..n) as UTF-8 into out (room for 4 * n); its length. */
size_t search_enc(const uint32_t *cp, size_t n, char *out);
/*
 * Latin / digit segment: fn for each maximal run of letters and digits in it (ICU keeps
 * "don't" or "3.5" as one word: those become don + t, 3 + 5), cut to SEARCH_TERM_LEN.
 */
typedef int (*search_alnum_fn)(void *ud, const char *w, size_t n, int letters);
int search_seg_alnum(const struct search_seg *g, search_alnum_fn fn, void *ud);

/* A run of Han / kana words: the unit unigrams, bigrams and pinyin come from. */
struct search_run {
	uint32_t *cp;              /* the run's code points */
	size_t n;
	size_t *ws;                /* word k is cp[ws[k] .. ws[k + 1]) */
	size_t nw;
	struct buf py;             /* scratch: pinyin and initials of the words */
	size_t *pyo, *pyl, *io, *il;   /* per word: offsets / lengths in py; pyl 0 = none */
};
/* Room for a text of `units` UTF-16 units; run_free in any case. */
int search_run_alloc(struct search_run *rn, size_t units);
void search_run_free(struct search_run *rn);
void search_run_add(struct search_run *rn, const struct search_seg *g);

#endif
