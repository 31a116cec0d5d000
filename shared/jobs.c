/* jobs.c: the jobs table: enqueue in the caller's transaction, claim in a short one of
 * its own (FOR UPDATE SKIP LOCKED on PostgreSQL), finish, retry with back-off. */
#include <string.h>

#include "err.h"
#include "jobs.h"
#include "utf8.h"

#define JOBS_BACKOFF_FIRST 30          /* seconds before the first retry */
#define JOBS_BACKOFF_MAX 3600
#define JOBS_ERROR_MAX 500             /* bytes of last_error kept */

static int
check_args(const char *kind, const char *payload, int64_t run_at, const char *key)
{
	size_t klen = kind != NULL ? strlen(kind) : 0;

	if (klen == 0 || klen >= JOBS_KIND_MAX || run_at < 0)
		return JS_ERR_INVALID;
	if (payload != NULL && strlen(payload) >= JOBS_PAYLOAD_MAX)
		return JS_ERR_INVALID;
	if (key != NULL && (key[0] == '\0' || strlen(key) > JOBS_KEY_MAX))
		return JS_ERR_INVALID;
	return 0;
}

/* One INSERT of the four values; `sql` decides what a unique-key conflict does. */
static int
insert_job(struct db *db, const char *sql, const char *kind, const char *payload,
    int64_t run_at, const char *key)
{
	struct db_stmt *st;
	int r;

	if ((r = check_args(kind, payload, run_at, key)) != 0)
		return r;
	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_text(st, 1, kind)) != 0 ||
	    (r = db_bind_text(st, 2, payload != NULL ? payload : "")) != 0 ||
	    (r = db_bind_int64(st, 3, run_at)) != 0 || (r = db_bind_text(st, 4, key)) != 0)
		return r;
	/* Nothing to read back; on the order hot path it travels with the next statement. */
	return db_step_defer(st);
}

/*
 * ON CONFLICT instead of catching the unique violation: on PostgreSQL a failed statement
 * would abort the caller's whole transaction. A running job keeps its claim; attempts = 0
 * is what tells jobs_done that it was re-enqueued meanwhile (a claimed job has >= 1).
 */
int
jobs_enqueue(struct db *db, const char *kind, const char *payload, int64_t run_at,
    const char *unique_key)
{
	return insert_job(db, "INSERT INTO jobs (kind, payload, run_at, unique_key)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (unique_key) DO UPDATE SET"
	    " kind = excluded.kind, payload = excluded.payload, run_at = excluded.run_at,"
	    " attempts = 0, last_error = NULL, finished_at = NULL,"
	    " updated_at = excluded.updated_at,"
	    " state = CASE WHEN jobs.state = 'running' THEN 'running' ELSE 'queued' END,"
	    " locked_by = CASE WHEN jobs.state = 'running' THEN jobs.locked_by END,"
	    " locked_at = CASE WHEN jobs.state = 'running' THEN jobs.locked_at END",
	    kind, payload, run_at, unique_key);
}

int
jobs_ensure(struct db *db, const char *kind, const char *payload, int64_t run_at,
    const char *unique_key)
{
	if (unique_key == NULL)
		return JS_ERR_INVALID;
	return insert_job(db, "INSERT INTO jobs (kind, payload, run_at, unique_key)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (unique_key) DO UPDATE SET"
	    " kind = excluded.kind, payload = excluded.payload, run_at = excluded.run_at,"
	    " state = 'queued', attempts = 0, last_error = NULL, finished_at = NULL,"
	    " locked_by = NULL, locked_at = NULL, updated_at = excluded.updated_at"
	    " WHERE jobs.state IN ('done', 'failed')",
	    kind, payload, run_at, unique_key);
}

struct claim_ctx {
	const char *worker;
	int64_t now;
	struct job *out;
	int got;
};

static int
claim_tx(struct db *db, void *ud)
{
	struct claim_ctx *c = ud;
	struct db_stmt *st;
	int r;

	c->got = 0;
	/* A stale job whose every attempt ended with its worker dead: give up on it. */
	if ((r = db_prepare(db, "UPDATE jobs SET state = 'failed', locked_by = NULL,"
	    " locked_at = NULL, finished_at = $1, updated_at = $1,"
	    " last_error = 'the worker died while running it'"
	    " WHERE state = 'running' AND locked_at <= $2 AND attempts >= max_attempts",
	    &st)) != 0 || (r = db_bind_int64(st, 1, c->now)) != 0 ||
	    (r = db_bind_int64(st, 2, c->now - JOBS_STALE_SECS)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	/* SKIP LOCKED: a row another worker is claiming right now is passed over rather
	 * than waited for; the lock is re-checked against the committed row, so a job
	 * that worker just claimed no longer matches. Dropped on SQLite (db.h). */
	if ((r = db_prepare(db, "SELECT id, kind, payload, attempts, max_attempts, run_at"
	    " FROM jobs WHERE (state = 'queued' AND run_at <= $1)"
	    " OR (state = 'running' AND locked_at <= $2 AND attempts < max_attempts)"
	    " ORDER BY priority DESC, run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, c->now)) != 0 ||
	    (r = db_bind_int64(st, 2, c->now - JOBS_STALE_SECS)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r;                      /* DB_DONE (0): nothing due, or an error */
	}
	memset(c->out, 0, sizeof *c->out);
	c->out->id = db_col_int64(st, 0);
	utf8_copy(c->out->kind, sizeof c->out->kind, db_col_text(st, 1));
	utf8_copy(c->out->payload, sizeof c->out->payload, db_col_text(st, 2));
	c->out->attempts = (int)db_col_int64(st, 3) + 1;
	c->out->max_attempts = (int)db_col_int64(st, 4);
	c->out->run_at = db_col_int64(st, 5);
	db_reset(st);
	if ((r = db_prepare(db, "UPDATE jobs SET state = 'running', attempts = attempts + 1,"
	    " locked_by = $2, locked_at = $3, updated_at = $3 WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, c->out->id)) != 0 ||
	    (r = db_bind_text(st, 2, c->worker)) != 0 ||
	    (r = db_bind_int64(st, 3, c->now)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	c->got = 1;
	return 0;
}

int
jobs_claim(struct db *db, const char *worker, int64_t now, struct job *out, int *got)
{
	struct claim_ctx c = { worker, now, out, 0 };
	int r;

	*got = 0;
	if (worker == NULL || worker[0] == '\0' || strlen(worker) > JOBS_KEY_MAX)
		return JS_ERR_INVALID;
	if (db_in_tx(db))
		return JS_ERR_STATE;
	if ((r = db_tx(db, claim_tx, &c)) != 0)
		return r;
	*got = c.got;
	return 0;
}

/* NOT_FOUND or STATE for a job that an UPDATE ... AND state = 'running' missed. */
static int
why_not_running(struct db *db, int64_t id)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT state FROM jobs WHERE id = $1", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0)
		return r;
	r = db_step(st);
	db_reset(st);
	if (r < 0)
		return r;
	return r == DB_ROW ? JS_ERR_STATE : JS_ERR_NOT_FOUND;
}

int
jobs_done(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "UPDATE jobs SET"
	    " state = CASE WHEN attempts = 0 THEN 'queued' ELSE 'done' END,"
	    " finished_at = CASE WHEN attempts = 0 THEN NULL ELSE CAST($2 AS BIGINT) END,"
	    " locked_by = NULL, locked_at = NULL, last_error = NULL, updated_at = $2"
	    " WHERE id = $1 AND state = 'running'", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0 || (r = db_bind_int64(st, 2, now)) != 0 ||
	    (r = db_step_done(st)) != 0)
		return r;
	return db_changes(st) == 1 ? 0 : why_not_running(db, id);
}

/* 30 s after the first failure, doubling, at most an hour. */
static int64_t
backoff_secs(int attempts)
{
	int64_t s = JOBS_BACKOFF_FIRST;

	while (--attempts > 0 && s < JOBS_BACKOFF_MAX)
		s *= 2;
	return s < JOBS_BACKOFF_MAX ? s : JOBS_BACKOFF_MAX;
}

struct fail_ctx {
	int64_t id, now;
	const char *error;
};

static int
fail_tx(struct db *db, void *ud)
{
	struct fail_ctx *c = ud;
	char error[UTF8_QUOTE_SIZE(JOBS_ERROR_MAX)];
	const char *state;
	struct db_stmt *st;
	int64_t attempts, max, run_at;
	int r;

	if ((r = db_prepare(db, "SELECT attempts, max_attempts, run_at FROM jobs"
	    " WHERE id = $1 AND state = 'running' FOR UPDATE", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, c->id)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW) {
		db_reset(st);
		return r < 0 ? r : why_not_running(db, c->id);
	}
	attempts = db_col_int64(st, 0);
	max = db_col_int64(st, 1);
	run_at = db_col_int64(st, 2);
	db_reset(st);
	if (attempts == 0) {
		state = "queued";              /* re-enqueued while it ran: keep that run_at */
	} else if (attempts >= max) {
		state = "failed";
	} else {
		state = "queued";
		run_at = c->now + backoff_secs((int)attempts);
	}
	utf8_quote(c->error != NULL ? c->error : "", c->error != NULL ? strlen(c->error) : 0,
	    JOBS_ERROR_MAX, error);
	if ((r = db_prepare(db, "UPDATE jobs SET state = $2, run_at = $3, last_error = $4,"
	    " locked_by = NULL, locked_at = NULL, updated_at = $5,"
	    " finished_at = CASE WHEN $2 = 'failed' THEN CAST($5 AS BIGINT) END"
	    " WHERE id = $1", &st)) != 0 || (r = db_bind_int64(st, 1, c->id)) != 0 ||
	    (r = db_bind_text(st, 2, state)) != 0 || (r = db_bind_int64(st, 3, run_at)) != 0 ||
	    (r = db_bind_text(st, 4, error)) != 0 || (r = db_bind_int64(st, 5, c->now)) != 0)
		return r;
	return db_step_done(st);
}

int
jobs_fail(struct db *db, int64_t id, int64_t now, const char *error)
{
	struct fail_ctx c = { id, now, error };

	return db_tx(db, fail_tx, &c);
}

/* MIN of one column over the rows of one state; *has = 0 when there are none. */
static int
min_of(struct db *db, const char *sql, int64_t *v, int *has)
{
	struct db_stmt *st;
	int r;

	*has = 0;
	if ((r = db_prepare(db, sql, &st)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW && !db_col_is_null(st, 0)) {
		*v = db_col_int64(st, 0);
		*has = 1;
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

int
jobs_next_due(struct db *db, int64_t now, int64_t *secs)
{
	int64_t q = 0, s = 0, due;
	int hq, hs, r;

	*secs = -1;
	if ((r = min_of(db, "SELECT MIN(run_at) FROM jobs WHERE state = 'queued'", &q,
	    &hq)) != 0 || (r = min_of(db, "SELECT MIN(locked_at) FROM jobs"
	    " WHERE state = 'running'", &s, &hs)) != 0)
		return r;
	if (!hq && !hs)
		return 0;
	s += JOBS_STALE_SECS;
	due = !hq ? s : !hs ? q : q < s ? q : s;
	*secs = due > now ? due - now : 0;
	return 0;
}
