/* demo_rows.h: helpers of demo_gigs.c: multi-row INSERTs, search-row batches, term counts,
 * seller accounts (demo_sellers.c). Nothing else includes it. */
#ifndef JS_DEMO_ROWS_H
#define JS_DEMO_ROWS_H

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
 * Search rows of new active gigs, kept until dg_docs_flush sends them through
 * search_index_docs. Flush once at the end of the transaction: on SQLite, any statement
 * that runs in a statement savepoint (every multi-row INSERT) after an FTS5 write makes
 * FTS5 write its pending terms out as a small segment, so interleaving gig and index
 * rows was 3x slower than writing all index rows last.
 */
struct dg_docs {
	struct db *db;
	struct search_doc *d;
	size_t (*off)[3];
	size_t n, cap;
	struct buf arena, terms;
	struct dg_memo memo;
};

int dg_docs_init(struct dg_docs *d, struct db *db);
/*
 * The row search_index_gig would write for this gig: title tokens, then the category's
 * and the tags' precomputed tokens; its terms (title words, category name, tags; each
 * once, at most 64) are also counted into counts.
 */
int dg_docs_add(struct dg_docs *d, struct dg_terms *counts, int64_t id, const char *title,
    int64_t price, const char *cat_tokens, const char *cat_term, const char *tag_tokens[4],
    const char *tag_terms[4]);
int dg_docs_flush(struct dg_docs *d);
void dg_docs_reset(struct dg_docs *d);
void dg_docs_free(struct dg_docs *d);

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
