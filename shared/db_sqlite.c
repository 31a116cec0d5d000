/* db_sqlite.c: the SQLite backend of the db API (WAL, foreign keys, durable commits). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "err.h"

/* How long a writer waits for the write lock before JS_ERR_BUSY (then db_tx retries). */
#define SQLITE_BUSY_MS 5000
/* The longest sleep between two tries for the lock (sqlite_busy). */
#define SQLITE_BUSY_NAP_MAX_MS 5

#define CONN(db) ((sqlite3 *)(db)->impl)
#define STMT(st) ((sqlite3_stmt *)(st)->impl)

static int
sqlite_err(struct db *db, int rc)
{
	sqlite3 *h = CONN(db);

	db_set_error(db, "sqlite: %s (%d)", h ? sqlite3_errmsg(h) : sqlite3_errstr(rc),
	    h ? sqlite3_extended_errcode(h) : rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return JS_ERR_BUSY;
	case SQLITE_NOMEM:
		return JS_ERR_NOMEM;
	case SQLITE_CONSTRAINT:
		if (h != NULL && (sqlite3_extended_errcode(h) == SQLITE_CONSTRAINT_UNIQUE ||
		    sqlite3_extended_errcode(h) == SQLITE_CONSTRAINT_PRIMARYKEY))
			return JS_ERR_EXISTS;
		return JS_ERR_CONSTRAINT;
	case SQLITE_TOOBIG:
		return JS_ERR_TOO_BIG;
	default:
		return JS_ERR_DB;
	}
}

static int
sqlite_exec(struct db *db, const char *sql)
{
	char *native = db_sql_for_sqlite(sql);
	int rc;

	if (native == NULL)
		return JS_ERR_NOMEM;
	rc = sqlite3_exec(CONN(db), native, NULL, NULL, NULL);
	free(native);
	return rc == SQLITE_OK ? 0 : sqlite_err(db, rc);
}

static int
sqlite_prepare(struct db *db, struct db_stmt *st)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v3(CONN(db), st->native_sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s, NULL);
	if (rc != SQLITE_OK)
		return sqlite_err(db, rc);
	st->impl = s;
	return 0;
}

static void
sqlite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(STMT(st));
}

static int
sqlite_bind_rc(struct db_stmt *st, int rc)
{
	if (rc == SQLITE_RANGE) {
		db_set_error(st->db, "sqlite: bind index out of range");
		return JS_ERR_INVALID;
	}
	return rc == SQLITE_OK ? 0 : sqlite_err(st->db, rc);
}

static int
sqlite_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return sqlite_bind_rc(st, sqlite3_bind_int64(STMT(st), idx, v));
}

static int
sqlite_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return sqlite_bind_rc(st, sqlite3_bind_text(STMT(st), idx, s, -1, SQLITE_TRANSIENT));
}

static int
sqlite_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return sqlite_bind_rc(st, sqlite3_bind_blob64(STMT(st), idx, n ? p : "", n,
	    SQLITE_TRANSIENT));
}

static int
sqlite_bind_null(struct db_stmt *st, int idx)
{
	return sqlite_bind_rc(st, sqlite3_bind_null(STMT(st), idx));
}

static int
sqlite_step(struct db_stmt *st)
{
	int rc = sqlite3_step(STMT(st));

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		/* sqlite3_changes64 is per connection: keep this statement's own figure */
		st->changes = sqlite3_stmt_readonly(STMT(st)) ? 0 :
		    sqlite3_changes64(CONN(st->db));
		return DB_DONE;
	}
	rc = sqlite_err(st->db, rc);
	sqlite3_reset(STMT(st));
	return rc;
}

static int64_t
sqlite_changes(struct db_stmt *st)
{
	return st->changes;
}

static void
sqlite_reset(struct db_stmt *st)
{
	sqlite3_reset(STMT(st));
	sqlite3_clear_bindings(STMT(st));
}

static int
sqlite_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(STMT(st));
}

static int
sqlite_col_is_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(STMT(st), i) == SQLITE_NULL;
}

static int64_t
sqlite_col_int64(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(STMT(st), i);
}

static const char *
sqlite_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(STMT(st), i);
}

static const void *
sqlite_col_blob(struct db_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(STMT(st), i);

	*len = (size_t)sqlite3_column_bytes(STMT(st), i);
	return p;
}

static void
sqlite_close(struct db *db)
{
	sqlite3_close_v2(CONN(db));
}

static const struct db_ops sqlite_ops = {
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.bind_int64 = sqlite_bind_int64,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.changes = sqlite_changes,
	.reset = sqlite_reset,
	.col_count = sqlite_col_count,
	.col_is_null = sqlite_col_is_null,
	.col_int64 = sqlite_col_int64,
	.col_text = sqlite_col_text,
	.col_blob = sqlite_col_blob,
	.close = sqlite_close,
};

/*
 * js_has_tokens(doc, terms): 1 when every space-separated term of terms is a whole
 * space-separated token of doc (0 when either is NULL). The search's walks in rating or
 * newest order test each gig they pass against the query's terms with it, on the
 * gig's own indexed token text (docs/search.md): the same answer as FTS5's MATCH of
 * those terms under its ascii tokenizer, for tokens that hold no ASCII separator,
 * which the search tokenizer guarantees.
 */
static int
has_token(const char *doc, size_t dlen, const char *t, size_t tlen)
{
	const char *p = doc, *end = doc + dlen;

	while ((size_t)(end - p) >= tlen) {
		const char *hit = memmem(p, (size_t)(end - p), t, tlen);

		if (hit == NULL)
			return 0;
		if ((hit == doc || hit[-1] == ' ') && (hit + tlen == end || hit[tlen] == ' '))
			return 1;
		p = hit + 1;
	}
	return 0;
}

static void
sqlite_has_tokens(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *doc = (const char *)sqlite3_value_text(argv[0]);
	const char *terms = (const char *)sqlite3_value_text(argv[1]);
	size_t dlen, n;
	int all = doc != NULL && terms != NULL;

	(void)argc;
	if ((doc == NULL && sqlite3_value_type(argv[0]) != SQLITE_NULL) ||
	    (terms == NULL && sqlite3_value_type(argv[1]) != SQLITE_NULL)) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	dlen = all ? (size_t)sqlite3_value_bytes(argv[0]) : 0;
	while (all && *terms) {
		n = strcspn(terms, " ");
		if (n > 0 && !has_token(doc, dlen, terms, n))
			all = 0;
		terms += n + (terms[n] == ' ');
	}
	sqlite3_result_int(cx, all);
}

/*
 * The busy handler: SQLite calls it with the number of tries so far while another
 * connection holds the write lock; nonzero means try again. SQLite has no queue of
 * waiters: whoever asks at the moment the lock is free gets it, and the holder, asking
 * again right after its commit, usually does. Its own handler (busy_timeout) sleeps 1,
 * 2, 5, 10 ... up to 100 ms between tries, so under steady writes a waiter that missed a
 * few times sleeps 100 ms at a time and mostly misses again: in bench_orders sqlite 4
 * one client would finish one cycle in 8 s, or wait the whole 5 s and start over. Here
 * the sleeps stop growing at 5 ms, so a waiter asks 200 times a second (docs/db.md
 * "Waiting for the write lock" has the figures). Still 5 s in all, then JS_ERR_BUSY.
 * db_sqlite_busy_nap(tries): the milliseconds to sleep before try tries + 1, 0 to
 * give up.
 */
int
db_sqlite_busy_nap(int tries)
{
	/* 1 ms, 2 ms, then the cap each time: slept before this try, 3 + (tries - 2) caps */
	if (tries < 0)
		return 0;
	if (tries < 2)
		return tries + 1;
	if (3 + (long)(tries - 2) * SQLITE_BUSY_NAP_MAX_MS >= SQLITE_BUSY_MS)
		return 0;
	return SQLITE_BUSY_NAP_MAX_MS;
}

static int
sqlite_busy(void *ud, int tries)
{
	int ms = db_sqlite_busy_nap(tries);

	(void)ud;
	if (ms == 0)
		return 0;
	sqlite3_sleep(ms);
	return 1;
}

int
db_sqlite_open(struct db *db, const char *path)
{
	/*
	 * wal_autocheckpoint: the commit that takes the WAL past this many pages copies
	 * them into the database and syncs it, inside that writer's lock. At SQLite's
	 * 1,000 pages (4 MiB of 4 KiB pages) that was every ~90 commits of an order
	 * cycle; at 10,000 the same hot pages are copied once for ten times as many
	 * commits: bench_orders sqlite 4 8 did 304-312 cycles/s against 270-279,
	 * alternated three times (30,000 gained nothing more; 100,000 lost). With 1 KiB
	 * pages 10,000 is 10 MiB; 40,000 measured no different. journal_size_limit
	 * trims a WAL that a long reader let grow past that back to 64 MiB.
	 *
	 * page_size, which only a new (empty) database takes: a WAL frame is a whole
	 * page, and the commit of an order transition dirties ~19 pages of as many
	 * tables and indexes, a few rows each, so at SQLite's 4 KiB an order cycle wrote
	 * 229 KB of WAL and each commit's fdatasync grew with it; at 1 KiB it writes
	 * 74 KB and bench_orders sqlite 4 8 does +37% cycles/s (docs/db.md "Page size"
	 * has the figures, and what it costs the bulk load). A database made before
	 * keeps the page size it has.
	 */
	static const char setup[] =
	    "PRAGMA page_size = 1024;"
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA wal_autocheckpoint = 10000;"
	    "PRAGMA journal_size_limit = 67108864;"
	    "PRAGMA foreign_keys = ON;";
	sqlite3 *h = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	db->ops = &sqlite_ops;
	db->impl = h;
	if (rc != SQLITE_OK) {
		db_set_error(db, "sqlite: cannot open %s: %s", path,
		    h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close_v2(h);
		return JS_ERR_DB;
	}
	sqlite3_busy_handler(h, sqlite_busy, NULL);
	sqlite3_extended_result_codes(h, 1);
	if (sqlite3_create_function(h, "js_has_tokens", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sqlite_has_tokens, NULL, NULL) !=
	    SQLITE_OK) {
		rc = sqlite_err(db, SQLITE_ERROR);
		sqlite3_close_v2(h);
		return rc;
	}
	if ((rc = sqlite_exec(db, setup)) != 0) {
		sqlite3_close_v2(h);
		return rc;
	}
	return 0;
}
