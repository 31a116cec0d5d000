/* db.c: the store-independent half of the db API: URL dispatch, statement cache, transactions. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "db_impl.h"
#include "err.h"
#include "log.h"

int
db_open(const char *url, struct db **out, char *err, size_t errlen)
{
	struct db *db;
	int r;

	if ((db = calloc(1, sizeof *db)) == NULL)
		return JS_ERR_NOMEM;
	if (strncmp(url, "sqlite:", 7) == 0 && url[7] != '\0') {
		db->dialect = DB_SQLITE;
		r = db_sqlite_open(db, url + 7);
	} else if (strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0) {
		db->dialect = DB_PG;
		r = db_pg_open(db, url);
	} else {
		snprintf(err, errlen, "unsupported database URL (want sqlite:PATH or "
		    "postgres://...)");
		free(db);
		return JS_ERR_INVALID;
	}
	if (r != 0) {
		snprintf(err, errlen, "%s", db->errmsg);
		free(db);
		return r;
	}
	*out = db;
	return 0;
}

void
db_close(struct db *db)
{
	struct db_stmt *st, *next;
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_CACHE_BUCKETS; i++) {
		for (st = db->cache[i]; st != NULL; st = next) {
			next = st->next;
			db->ops->finalize(st);
			free(st->sql);
			free(st->native_sql);
			free(st);
		}
	}
	db->ops->close(db);
	free(db);
}

enum db_dialect
db_dialect(const struct db *db)
{
	return db->dialect;
}

const char *
db_errmsg(const struct db *db)
{
	return db->errmsg;
}

void
db_set_error(struct db *db, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
	va_end(ap);
}

int
db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

static unsigned
sql_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Reset every statement still holding results (before COMMIT/ROLLBACK). */
static void
db_reset_active(struct db *db)
{
	struct db_stmt *st;
	int i;

	for (i = 0; i < DB_CACHE_BUCKETS; i++)
		for (st = db->cache[i]; st != NULL; st = st->next)
			if (st->active)
				db_reset(st);
}

int
db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct db_stmt *st;
	unsigned h = sql_hash(sql);
	int r;

	for (st = db->cache[h % DB_CACHE_BUCKETS]; st != NULL; st = st->next) {
		if (st->hash == h && strcmp(st->sql, sql) == 0) {
			db_reset(st);
			*out = st;
			return 0;
		}
	}
	if ((st = calloc(1, sizeof *st)) == NULL)
		return JS_ERR_NOMEM;
	st->db = db;
	st->hash = h;
	st->sql = strdup(sql);
	st->native_sql = db->dialect == DB_SQLITE ? db_sql_for_sqlite(sql) : strdup(sql);
	if (st->sql == NULL || st->native_sql == NULL) {
		free(st->sql);
		free(st->native_sql);
		free(st);
		return JS_ERR_NOMEM;
	}
	if ((r = db->ops->prepare(db, st)) != 0) {
		log_warn("prepare failed: %s sql=\"%.200s\"", db->errmsg, sql);
		free(st->sql);
		free(st->native_sql);
		free(st);
		return r;
	}
	st->next = db->cache[h % DB_CACHE_BUCKETS];
	db->cache[h % DB_CACHE_BUCKETS] = st;
	*out = st;
	return 0;
}

int
db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return st->db->ops->bind_int64(st, idx, v);
}

int
db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		return st->db->ops->bind_null(st, idx);
	return st->db->ops->bind_text(st, idx, s);
}

int
db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return st->db->ops->bind_blob(st, idx, p, n);
}

int
db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->ops->bind_null(st, idx);
}

int
db_step(struct db_stmt *st)
{
	int r;

	st->active = 1;
	r = st->db->ops->step(st);
	if (r < 0 && r != JS_ERR_BUSY && r != JS_ERR_EXISTS && r != JS_ERR_CONSTRAINT)
		log_warn("step failed: %s sql=\"%.200s\"", st->db->errmsg, st->sql);
	return r;
}

int
db_step_done(struct db_stmt *st)
{
	int r;

	while ((r = db_step(st)) == DB_ROW)
		;
	return r;
}

int
db_step_defer(struct db_stmt *st)
{
	struct db *db = st->db;
	int r;

	if (db->tx_depth == 0 || db->ops->step_defer == NULL) {
		/* Outside a transaction nothing would ever wait for it: run it now. */
		r = db_step_done(st);
		db_reset(st);
		return r < 0 ? r : 0;
	}
	r = db->ops->step_defer(st);
	st->active = 0;
	if (r < 0 && r != JS_ERR_BUSY)
		log_warn("send failed: %s sql=\"%.200s\"", db->errmsg, st->sql);
	return r;
}

int
db_sync(struct db *db)
{
	return db->ops->sync != NULL ? db->ops->sync(db) : 0;
}

/* BEGIN / SAVEPOINT: nothing to read back, so they may travel with what follows. */
static int
db_exec_defer(struct db *db, const char *sql)
{
	if (db->ops->exec_defer != NULL)
		return db->ops->exec_defer(db, sql);
	return db_exec(db, sql);
}

/* A statement ending a read-only transaction: nothing to wait for (PostgreSQL: sent
 * now, its result read with the next statement's). */
static int
db_exec_send(struct db *db, const char *sql)
{
	if (db->ops->exec_send != NULL)
		return db->ops->exec_send(db, sql);
	return db_exec(db, sql);
}

/* Before a rollback: collect what is still in flight; its errors no longer matter. */
static void
db_sync_discard(struct db *db)
{
	(void)db_sync(db);
}

int64_t
db_changes(struct db_stmt *st)
{
	return st->db->ops->changes(st);
}

void
db_reset(struct db_stmt *st)
{
	st->db->ops->reset(st);
	st->active = 0;
}

int
db_col_count(struct db_stmt *st)
{
	return st->db->ops->col_count(st);
}

int
db_col_is_null(struct db_stmt *st, int i)
{
	return st->db->ops->col_is_null(st, i);
}

int64_t
db_col_int64(struct db_stmt *st, int i)
{
	return st->db->ops->col_int64(st, i);
}

const char *
db_col_text(struct db_stmt *st, int i)
{
	return st->db->ops->col_text(st, i);
}

const void *
db_col_blob(struct db_stmt *st, int i, size_t *len)
{
	return st->db->ops->col_blob(st, i, len);
}

int
db_in_tx(const struct db *db)
{
	return db->tx_depth > 0;
}

/* Randomized exponential back-off, capped at about 50 ms, so retrying writers spread out. */
static void
db_backoff(int attempt)
{
	struct timespec ts;
	long max_us = 500L << (attempt < 7 ? attempt : 7);

	if (max_us > 50000)
		max_us = 50000;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(random() % max_us) * 1000L;
	nanosleep(&ts, NULL);
}

static int
db_tx_nested(struct db *db, db_tx_fn fn, void *ud)
{
	char sql[64];
	unsigned sp = ++db->savepoint_seq;
	int r, r2;

	snprintf(sql, sizeof sql, "SAVEPOINT js_sp%u", sp);
	if ((r = db_exec_defer(db, sql)) != 0)
		return r;
	db->tx_depth++;
	r = fn(db, ud);
	db->tx_depth--;
	if (r == 0) {
		/* Waits for every deferred statement of fn: one that failed fails this. */
		snprintf(sql, sizeof sql, "RELEASE SAVEPOINT js_sp%u", sp);
		if ((r = db_exec(db, sql)) == 0)
			return 0;
	}
	if (r == JS_ERR_BUSY)
		return r;  /* the outermost call rolls everything back and retries */
	db_sync_discard(db);
	db_reset_active(db);
	snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT js_sp%u", sp);
	if ((r2 = db_exec(db, sql)) != 0)
		return r2;
	snprintf(sql, sizeof sql, "RELEASE SAVEPOINT js_sp%u", sp);
	if ((r2 = db_exec(db, sql)) != 0)
		return r2;
	return r;
}

int
db_tx(struct db *db, db_tx_fn fn, void *ud)
{
	const char *begin = db->dialect == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
	int attempt, r;

	if (db->tx_depth > 0)
		return db_tx_nested(db, fn, ud);
	for (attempt = 0;; attempt++) {
		if ((r = db_exec_defer(db, begin)) == 0) {
			db->tx_depth = 1;
			r = fn(db, ud);
			db->tx_depth = 0;
			db_reset_active(db);
			if (r == 0) {
				/* Waits for every deferred statement: one that failed fails it. */
				if ((r = db_exec(db, "COMMIT")) == 0)
					return 0;
			}
			/* After a failed COMMIT PostgreSQL has already ended the transaction;
			 * SQLite may not have. ROLLBACK is harmless in both cases. */
			db_sync_discard(db);
			(void)db_exec(db, "ROLLBACK");
		}
		if (r != JS_ERR_BUSY || attempt >= DB_TX_RETRIES)
			return r;
		db_backoff(attempt);
	}
}

int
db_tx_snapshot(struct db *db, db_tx_fn fn, void *ud)
{
	const char *begin = db->dialect == DB_SQLITE ? "BEGIN" :
	    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	int r;

	if (db->tx_depth > 0)
		return fn(db, ud);
	/* PostgreSQL: BEGIN travels with fn's first statement */
	if ((r = db_exec_defer(db, begin)) != 0)
		return r;
	db->tx_depth = 1;
	db->in_snapshot = 1;
	r = fn(db, ud);
	db->in_snapshot = 0;
	db->tx_depth = 0;
	db_reset_active(db);
	db_sync_discard(db);
	(void)db_exec_send(db, "ROLLBACK");
	return r;
}

unsigned long
db_round_trips(const struct db *db)
{
	return db->ops->round_trips != NULL ? db->ops->round_trips(db) : 0;
}

int
db_generic_plans(struct db *db)
{
	if (db->dialect != DB_PG || !db->in_snapshot)
		return 0;
	return db_exec_defer(db, "SET LOCAL plan_cache_mode = force_generic_plan");
}

/* Length of a "$123" placeholder at p (0 if none). */
static size_t
placeholder_len(const char *p)
{
	size_t n = 1;

	if (p[0] != '$' || !isdigit((unsigned char)p[1]))
		return 0;
	while (isdigit((unsigned char)p[n]))
		n++;
	return n;
}

/* If p starts the keyword kw (case-insensitive, whole word), its length; else 0. */
static size_t
keyword_at(const char *p, const char *kw)
{
	size_t n = strlen(kw);

	if (strncasecmp(p, kw, n) != 0)
		return 0;
	if (isalnum((unsigned char)p[n]) || p[n] == '_')
		return 0;
	return n;
}

static const char *
skip_spaces(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* A FOR UPDATE [SKIP LOCKED | NOWAIT] clause starting at p: its length, else 0. */
static size_t
for_update_len(const char *p)
{
	const char *q, *end;
	size_t n;

	if ((n = keyword_at(p, "FOR")) == 0)
		return 0;
	q = skip_spaces(p + n);
	if ((n = keyword_at(q, "UPDATE")) == 0)
		return 0;
	end = q + n;
	q = skip_spaces(end);
	if ((n = keyword_at(q, "NOWAIT")) != 0) {
		end = q + n;
	} else if ((n = keyword_at(q, "SKIP")) != 0) {
		q = skip_spaces(q + n);
		if ((n = keyword_at(q, "LOCKED")) != 0)
			end = q + n;
	}
	return (size_t)(end - p);
}

char *
db_sql_for_sqlite(const char *sql)
{
	struct buf out;
	const char *p = sql;
	size_t n;

	buf_init(&out, strlen(sql) * 2 + 16);
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			/* Copy a quoted literal or identifier whole; '' and "" escape. */
			char q = *p;
			const char *s = p++;

			while (*p != '\0' && !(*p == q && p[1] != q))
				p += (*p == q) ? 2 : 1;
			if (*p == q)
				p++;
			if (buf_append(&out, s, (size_t)(p - s)) != 0)
				goto fail;
		} else if (p[0] == '-' && p[1] == '-') {
			const char *s = p;

			while (*p != '\0' && *p != '\n')
				p++;
			if (buf_append(&out, s, (size_t)(p - s)) != 0)
				goto fail;
		} else if ((n = placeholder_len(p)) != 0) {
			if (buf_putc(&out, '?') != 0 || buf_append(&out, p + 1, n - 1) != 0)
				goto fail;
			p += n;
		} else if ((p == sql || !isalnum((unsigned char)p[-1])) &&
		    (n = for_update_len(p)) != 0) {
			p += n;
		} else {
			if (buf_putc(&out, *p++) != 0)
				goto fail;
		}
	}
	return buf_steal(&out);
fail:
	buf_free(&out);
	return NULL;
}
