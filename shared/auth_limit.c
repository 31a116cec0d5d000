/* auth_limit.c: failed-login rate limits per source address and per account (sliding window). */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "err.h"
#include "log.h"

/*
 * auth_failures holds one row per (scope, subject, second) with the failures counted in
 * that second. check sums the rows of the last AUTH_LIMIT_WINDOW seconds, so the window
 * slides exactly; fail drops rows older than AUTH_LIMIT_KEEP windows, which keeps the
 * table as small as the recent failures.
 */
#define AUTH_SUBJECT_MAX 64
#define AUTH_LIMIT_KEEP 5

/* The stored subject: handles lowercased, both cut to AUTH_SUBJECT_MAX bytes. */
static void
subject_of(const char *s, int lower, char out[AUTH_SUBJECT_MAX + 1])
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < AUTH_SUBJECT_MAX; i++)
		out[i] = lower && s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	out[i] = '\0';
}

/* Failures of one subject in (now - AUTH_LIMIT_WINDOW, now]. */
static int
failures_recent(struct db *db, const char *scope, const char *subject, int64_t now,
    int64_t *n)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "SELECT COALESCE(SUM(failures), 0) FROM auth_failures"
	    " WHERE scope = $1 AND subject = $2 AND window_start > $3 AND"
	    " window_start <= $4", &st)) != 0)
		return r;
	if ((r = db_bind_text(st, 1, scope)) != 0 ||
	    (r = db_bind_text(st, 2, subject)) != 0 ||
	    (r = db_bind_int64(st, 3, now - AUTH_LIMIT_WINDOW)) != 0 ||
	    (r = db_bind_int64(st, 4, now)) != 0)
		return r;
	if ((r = db_step(st)) != DB_ROW)
		return r < 0 ? r : JS_ERR_DB;
	*n = db_col_int64(st, 0);
	db_reset(st);
	return 0;
}

int
auth_limit_check(struct db *db, const char *addr, const char *handle, int64_t now)
{
	char subject[AUTH_SUBJECT_MAX + 1];
	int64_t n;
	int r;

	if (addr != NULL) {
		subject_of(addr, 0, subject);
		if ((r = failures_recent(db, "addr", subject, now, &n)) != 0)
			return r;
		if (n >= AUTH_LIMIT_MAX_FAILURES)
			return JS_ERR_BUSY;
	}
	if (handle != NULL) {
		subject_of(handle, 1, subject);
		if ((r = failures_recent(db, "account", subject, now, &n)) != 0)
			return r;
		if (n >= AUTH_LIMIT_MAX_FAILURES)
			return JS_ERR_BUSY;
	}
	return 0;
}

struct limit_fail {
	const char *addr, *handle;
	int64_t now;
};

static int
record_failure(struct db *db, const char *scope, const char *subject, int64_t now)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO auth_failures (scope, subject, window_start,"
	    " failures, last_at) VALUES ($1, $2, $3, 1, $3)"
	    " ON CONFLICT (scope, subject, window_start) DO UPDATE"
	    " SET failures = auth_failures.failures + 1, last_at = excluded.last_at",
	    &st)) != 0)
		return r;
	if ((r = db_bind_text(st, 1, scope)) != 0 ||
	    (r = db_bind_text(st, 2, subject)) != 0 ||
	    (r = db_bind_int64(st, 3, now)) != 0)
		return r;
	return db_step_done(st);
}

static int
limit_fail_tx(struct db *db, void *ud)
{
	struct limit_fail *f = ud;
	char subject[AUTH_SUBJECT_MAX + 1];
	struct db_stmt *st;
	int r;

	if (f->addr != NULL) {
		subject_of(f->addr, 0, subject);
		if ((r = record_failure(db, "addr", subject, f->now)) != 0)
			return r;
	}
	if (f->handle != NULL) {
		subject_of(f->handle, 1, subject);
		if ((r = record_failure(db, "account", subject, f->now)) != 0)
			return r;
	}
	/* Failures are rare and the delete walks the window_start index: cheap enough. */
	if ((r = db_prepare(db, "DELETE FROM auth_failures WHERE window_start < $1",
	    &st)) != 0 ||
	    (r = db_bind_int64(st, 1, f->now - AUTH_LIMIT_KEEP * AUTH_LIMIT_WINDOW)) != 0)
		return r;
	return db_step_done(st);
}

int
auth_limit_fail(struct db *db, const char *addr, const char *handle, int64_t now)
{
	struct limit_fail f = { addr, handle, now };
	int r;

	if ((r = db_tx(db, limit_fail_tx, &f)) != 0)
		log_warn("cannot record failure: %s", js_strerror(r));
	return r;
}
