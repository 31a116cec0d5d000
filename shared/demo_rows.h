/* demo_rows.h: helpers of demo_gigs.c: multi-row INSERTs, search-row batches, term counts,
 * seller accounts (demo_sellers.c). Nothing else includes it. */
#ifndef JS_DEMO_ROWS_H
#define JS_DEMO_ROWS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "search.h"

/*
 * Rows for "head (...), (...), ... tail": the same SQL on both stores, a fraction of
 * the statements. Rows a statement: as many as fit in the store's parameter cap
 * (PostgreSQL backend: 64, shared/db_pg.c; SQLite: DG_MAXP, well under its 32,766),
 * at most max_rows. Values are added column by column; a full batch is sent by itself
 * unless tail is " RETURNING id", in which case dg_rows_returning sends it.
 */
#define DG_MAXP 960
#define DG_MAXP_PG 64
struct dg_rows {
	struct db *db;
	const char *head, *tail;
	int cols, per, n, nv;          /* per: rows a statement */
	int sql_nv;                    /* values the text in sql was built for */
	int type[DG_MAXP];             /* 0 int, 1 text (offset in text), 2 null */
	int64_t iv[DG_MAXP];
	size_t off[DG_MAXP];
	struct buf text, sql;
};

void dg_rows_init(struct dg_rows *b, struct db *db, const char *head, const char *tail,
    int cols, int max_rows);
int dg_rows_int(struct dg_rows *b, int64_t v);
int dg_rows_text(struct dg_rows *b, const char *s);   /* copied */
int dg_rows_null(struct dg_rows *b);
int dg_rows_flush(struct dg_rows *b);
/* Send the pending rows (n of them) and store their new ids, in row order, in ids[]. */
int dg_rows_returning(struct dg_rows *b, int64_t *ids, int n);
void dg_rows_reset(struct dg_rows *b);
void dg_rows_free(struct dg_rows *b);

/* Suggestion-term counts gathered in memory, written once at the end. */
struct dg_terms {
	char **key;
	int64_t *cnt;
	size_t cap, n;
};

int dg_terms_init(struct dg_terms *t);
void dg_terms_clear(struct dg_terms *t);
int dg_terms_add(struct dg_terms *t, const char *term, int64_t d);
int dg_terms_merge(struct dg_terms *dst, const struct dg_terms *src);
int dg_terms_write(struct db *db, const struct dg_terms *t);  /* search_term_count each */
void dg_terms_free(struct dg_terms *t);

/* Suggestion terms one gig counts at most, as search_index_gig's list (search_index.c). */
#define DG_GIG_TERMS 64
/*
 * Append term to the '\n'-separated list b unless it is there already, empty, or the
 * list holds DG_GIG_TERMS (*n counts them): the list search_index_gig keeps for a gig.
 */
int dg_term_once(struct buf *b, int *n, const char *term);

/*
 * Title -> its search_tokens and its suggestion terms (dg_term_once from an empty list),
 * computed once per distinct title (demo_gigs_memo.c). Up to DG_MEMO_MAX titles are kept
 * (synthetic titles have ~73,000 forms); past that, answers are computed each time.
 */
#define DG_MEMO_MAX 131072
struct dg_memo_ent;
struct dg_memo {
	struct dg_memo_ent *e;
	size_t cap, n;
	struct buf tok, terms;         /* scratch for a title being computed */
	struct buf row;                /* scratch of dg_doc_build */
	int nterms;
};

int dg_memo_init(struct dg_memo *m);
void dg_memo_free(struct dg_memo *m);
/*
 * *tokens and *terms are borrowed from m: valid until dg_memo_free, or, once the memo is
 * full, until the next call. Errors as search_tokens.
 */
int dg_memo_get(struct dg_memo *m, const char *title, const char **tokens, const char **terms,
    int *nterms);

/*
 * A gig's search row in two halves, so that a feeding thread can do the ICU work while
 * the writer inserts (demo_gigs_feed.c). dg_doc_build (feeder): the row search_index_gig
 * would write for this gig, appended to arena as three NUL-terminated strings at
 * off[0..2]: title tokens; the category's and the tags' precomputed tokens and the price
 * tokens; its terms (title words, category name, tags: each once, at most
 * DG_GIG_TERMS), which are also counted into counts. m's scratch is used.
 */
int dg_doc_build(struct dg_memo *m, struct buf *arena, struct dg_terms *counts,
    const char *title, int64_t price, const char *cat_tokens, const char *cat_term,
    const char *tag_tokens[4], const char *tag_terms[4], size_t off[3]);

/*
 * Writer: rows of new active gigs, kept until dg_docs_flush sends them through
 * search_index_docs; the strings are borrowed until then. Flush once at the end of the
 * transaction: on SQLite, any statement that runs in a statement savepoint (every
 * multi-row INSERT) after an FTS5 write makes FTS5 write its pending terms out as a
 * small segment, so interleaving gig and index rows was 3x slower than writing all
 * index rows last.
 */
struct dg_docs {
	struct db *db;
	struct search_doc *d;
	size_t n, cap;
};

void dg_docs_init(struct dg_docs *d, struct db *db);
int dg_docs_put(struct dg_docs *d, int64_t id, int64_t price, const char *title_tokens,
    const char *extra_tokens, const char *terms);
int dg_docs_flush(struct dg_docs *d);
void dg_docs_reset(struct dg_docs *d);
void dg_docs_free(struct dg_docs *d);

/*
 * A filler thread (demo_gigs_feed.c): fill(ud, slot, seq) is called on that thread for
 * seq = 0 .. nseq - 1, in order, into slots[seq % nslots]; a slot is filled again only
 * after the caller has released it. The caller takes slots in order with dg_feed_next
 * (waits; returns fill's result for it, or JS_ERR_STATE past the end or after the filler
 * gave up), uses it, then dg_feed_release. dg_feed_stop (always, once started) ends the
 * thread early or late and joins it. fill must not touch what the caller uses meanwhile:
 * in particular ICU (search_tokens) and pinyin state are per process and not locked, so
 * only one thread may use them at a time. The slots stay the caller's.
 */
#define DG_FEED_SLOTS 4
typedef int (*dg_fill_fn)(void *ud, void *slot, int64_t seq);
struct dg_feed {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	void *slot[DG_FEED_SLOTS];
	int rc[DG_FEED_SLOTS];
	int nslots, stop, done, running;
	int64_t nseq, filled, taken, released;
	dg_fill_fn fill;
	void *ud;
};

int dg_feed_start(struct dg_feed *f, void **slots, int nslots, int64_t nseq, dg_fill_fn fill,
    void *ud);
int dg_feed_next(struct dg_feed *f, void **slot);
void dg_feed_release(struct dg_feed *f);
void dg_feed_stop(struct dg_feed *f);

/* Deterministic pseudo-random numbers (splitmix64): a value in [0, n). */
int64_t dg_rnd(uint64_t *state, int64_t n);

/*
 * Create `count` seller accounts (handles "demoNNNNNNN" above every existing user id,
 * Chinese display names, a profile with online_at — ~15% within the last 10 minutes —
 * and a reputation row with a seller level), in one transaction. *ids (caller frees)
 * gets their ids.
 */
int dg_sellers(struct db *db, uint64_t *rng, int64_t count, int64_t now, int64_t **ids,
    size_t *n);

#endif
