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

#define JOBS_KIND_MAX 64
#define JOBS_PAYLOAD_MAX 256

/*
 * Schedule `kind` with `payload` to run at or after run_at (unix seconds). unique_key
 * (may be NULL) makes it once-only: enqueuing the same key again (a transition that is
 * retried, or re-done after a revision) moves the queued job to the new run_at instead
 * of adding one; a key whose job already finished is queued again. Runs in the caller's
 * transaction, so the job exists exactly when the change that wants it commits.
 */
int jobs_enqueue(struct db *db, const char *kind, const char *payload, int64_t run_at,
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
 */
#define JOBS_STALE_SECS 300
int jobs_claim(struct db *db, const char *worker, int64_t now, struct job *out, int *got);
/* The job succeeded: state done. */
int jobs_done(struct db *db, int64_t id, int64_t now);
/*
 * The job failed: queued again at now + backoff(attempts) (30 s doubling, capped at one
 * hour) with last_error, or failed for good after max_attempts.
 */
int jobs_fail(struct db *db, int64_t id, int64_t now, const char *error);
/* Seconds until the next queued job is due (0 if one is due now, -1 if none). */
int jobs_next_due(struct db *db, int64_t now, int64_t *secs);

#endif
