/* order_todo.c: TEMPORARY link shims while the order domain is written in parallel.
 * Every function here moves to its real file; this file must be empty and deleted
 * before issue 5 is closed. */
#include "order.h"
#include "offer.h"
#include "wallet.h"
#include "jobs.h"
#include "err.h"






















































int
jobs_claim(struct db *db, const char *worker, int64_t now, struct job *out, int *got)
{
	(void)db;
	(void)worker;
	(void)now;
	(void)out;
	(void)got;
	return JS_ERR_INVALID;
}

int
jobs_done(struct db *db, int64_t id, int64_t now)
{
	(void)db;
	(void)id;
	(void)now;
	return JS_ERR_INVALID;
}

int
jobs_fail(struct db *db, int64_t id, int64_t now, const char *error)
{
	(void)db;
	(void)id;
	(void)now;
	(void)error;
	return JS_ERR_INVALID;
}

int
jobs_next_due(struct db *db, int64_t now, int64_t *secs)
{
	(void)db;
	(void)now;
	(void)secs;
	return JS_ERR_INVALID;
}

/* Interim real enqueue until server/worker's shared/jobs.c lands (same contract). */
int
jobs_enqueue(struct db *db, const char *kind, const char *payload, int64_t run_at,
             const char *unique_key)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO jobs (kind, payload, run_at, unique_key) "
	                    "VALUES ($1, $2, $3, $4) ON CONFLICT (unique_key) DO UPDATE SET "
	                    "state = 'queued', run_at = excluded.run_at, attempts = 0, "
	                    "payload = excluded.payload, locked_by = NULL, locked_at = NULL",
	                    &st)) != 0 ||
	    (r = db_bind_text(st, 1, kind)) != 0 || (r = db_bind_text(st, 2, payload)) != 0 ||
	    (r = db_bind_int64(st, 3, run_at)) != 0 || (r = db_bind_text(st, 4, unique_key)) != 0)
		return r;
	return db_step_done(st);
}
