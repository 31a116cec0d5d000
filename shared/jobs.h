/* jobs.h: scheduled background jobs (the jobs table): enqueue inside a business
 * transaction, claim (FOR UPDATE SKIP LOCKED on PostgreSQL), finish, retry with back-off. */
#ifndef JS_JOBS_H
#define JS_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* Job kinds (jobs.kind). The payload is the decimal id of the object. */
#define JOB_ORDER_AUTO_ACCEPT "order.auto_accept"
#define JOB_ORDER_CLEAR "order.clear"
#define JOB_ORDER_LATE "order.late"
#define JOB_ORDER_CANCEL_EXPIRE "order.cancel_expire"
#define JOB_TRENDING_REFRESH "trending.refresh"
#define JOB_SEARCH_PRICE_ORDER "search.price_order"

#define JOBS_KIND_MAX 64
#define JOBS_PAYLOAD_MAX 256

#define JOBS_KEY_MAX 200

/*
 * Schedule `kind` with `payload` to run at or after run_at (unix seconds). unique_key
 * (may be NULL) makes it once-only: enqueuing the same key again (a transition that is
 * retried, or re-done after a revision) moves the queued job to the new run_at instead
 * of adding one; a key whose job already finished is queued again. Runs in the caller's
 * transaction, so the job exists exactly when the change that wants it commits; the
 * statement is deferred (db_step_defer): a store error of it may be returned by a later
 * statement of that transaction, at the latest by its commit.
 * Enqueuing the key of a job that is running leaves its claim alone; jobs_done then
 * queues it for the new run_at instead of finishing it (so a periodic job may
 * re-schedule itself from its own handler, and a change made while it ran is not lost).
 * Limits: kind 1..JOBS_KIND_MAX-1 bytes, payload (NULL = "") below JOBS_PAYLOAD_MAX
 * bytes, unique_key 1..JOBS_KEY_MAX bytes, run_at >= 0; else JS_ERR_INVALID.
 */
int jobs_enqueue(struct db *db, const char *kind, const char *payload, int64_t run_at,
                 const char *unique_key);
/*
 * As jobs_enqueue with a unique_key, but a job with that key that is still queued or
 * running is left as it is: for seeding a periodic job (the worker's trending refresh)
 * without pulling its next run forward every time a worker starts.
 */
int jobs_ensure(struct db *db, const char *kind, const char *payload, int64_t run_at,
                const char *unique_key);

struct job {
	int64_t id;
	char kind[JOBS_KIND_MAX];
	char payload[JOBS_PAYLOAD_MAX];
	int attempts, max_attempts;
	int64_t run_at;
};

/*
 * Claim the most urgent due job (state queued, run_at <= now; or running but locked
 * longer ago than JOBS_STALE_SECS, i.e. its worker died): mark it running, locked_by
 * worker, attempts + 1, committed at once. 0 with *got = 1 and *out filled, or
 * *got = 0 when nothing is due. On PostgreSQL concurrent workers skip each other's
 * rows (FOR UPDATE SKIP LOCKED); on SQLite the write lock serializes them.
 * Most urgent: highest priority, then earliest run_at, then oldest id. A stale job
 * that has used all its attempts is marked failed instead (a job that kills its
 * worker every time must not loop for ever). Must not be called inside a transaction
 * (JS_ERR_STATE): the claim has to be visible to other workers before the job runs.
 * worker (e.g. "host:pid") is at most JOBS_KEY_MAX bytes.
 */
#define JOBS_STALE_SECS 300
int jobs_claim(struct db *db, const char *worker, int64_t now, struct job *out, int *got);
/* The job succeeded: state done (or queued again if it was re-enqueued while it ran).
 * JS_ERR_NOT_FOUND no such job, JS_ERR_STATE it is not running. May run inside the
 * transaction that did the job's work, so both commit together. */
int jobs_done(struct db *db, int64_t id, int64_t now);
/*
 * The job failed: queued again at now + backoff(attempts) (30 s doubling, capped at one
 * hour) with last_error, or failed for good after max_attempts. error (may be NULL) is
 * stored cut to about 500 bytes with controls and invalid UTF-8 replaced.
 * JS_ERR_NOT_FOUND / JS_ERR_STATE as jobs_done.
 */
int jobs_fail(struct db *db, int64_t id, int64_t now, const char *error);
/* Seconds until the next queued job is due (0 if one is due now, -1 if none). A job
 * running longer than JOBS_STALE_SECS counts as due (jobs_claim takes it back). */
int jobs_next_due(struct db *db, int64_t now, int64_t *secs);

#endif
