/* test_jobs.c: the jobs table: unique keys, claim order, done, back-off, stale claims,
 * re-enqueue while running, and two processes claiming at once, on both stores. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "jobs.h"
#include "fixture.h"
#include "testdb.h"

/* The database and the tests' clock. */
struct fx {
	struct db *db;
	char url[TFX_URL_MAX];
	int64_t now;
};

static int
setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof f);
	f.db = tfx_open(f.url, sizeof f.url);
	f.now = 1700000000;
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tfx_close(f->db, f->url);
	return 0;
}

/* The text of column `col` of job id into out. */
static const char *
job_text(struct fx *f, const char *col, int64_t id, char *out, size_t len)
{
	char sql[128];
	struct db_stmt *st;

	snprintf(sql, sizeof sql, "SELECT COALESCE(%s, '') FROM jobs WHERE id = $1", col);
	assert_int_equal(db_prepare(f->db, sql, &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, len, "%s", db_col_text(st, 0));
	db_reset(st);
	return out;
}

static void
assert_state(struct fx *f, int64_t id, const char *want)
{
	char s[32];

	assert_string_equal(job_text(f, "state", id, s, sizeof s), want);
}

/* Claim and expect a job (returned) or nothing (0). */
static int64_t
claim(struct fx *f, const char *worker, int64_t now, struct job *j)
{
	int got = -1;

	assert_int_equal(jobs_claim(f->db, worker, now, j, &got), 0);
	return got ? j->id : 0;
}

static int64_t
last_id(struct fx *f)
{
	return tfx_int(f->db, "SELECT MAX(id) FROM jobs");
}

static void
test_enqueue_unique(void **state)
{
	struct fx *f = *state;
	char s[JOBS_KIND_MAX + 1];
	struct job j;
	int64_t id;

	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "7", f->now, NULL), 0);
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "7", f->now, NULL), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs"), 2);
	/* The same key again moves the queued job instead of adding one. */
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_AUTO_ACCEPT, "9", f->now + 100,
	    "order:9:auto_accept"), 0);
	id = last_id(f);
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_AUTO_ACCEPT, "9", f->now + 500,
	    "order:9:auto_accept"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs"), 3);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), f->now + 500);
	assert_string_equal(job_text(f, "payload", id, s, sizeof s), "9");
	/* Finished: the key queues it again, with fresh attempts. */
	assert_int_equal(db_exec(f->db, "DELETE FROM jobs WHERE unique_key IS NULL"), 0);
	assert_int_equal(claim(f, "w", f->now + 500, &j), id);
	assert_int_equal(jobs_done(f->db, id, f->now + 501), 0);
	assert_state(f, id, "done");
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_AUTO_ACCEPT, "9", f->now + 900,
	    "order:9:auto_accept"), 0);
	assert_state(f, id, "queued");
	assert_int_equal(tfx_int1(f->db, "SELECT attempts FROM jobs WHERE id = $1", id), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM jobs WHERE finished_at IS NULL"
	    " AND locked_at IS NULL AND id = $1", id), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs"), 1);
	/* Bad arguments. */
	assert_int_equal(jobs_enqueue(f->db, "", "1", f->now, NULL), JS_ERR_INVALID);
	assert_int_equal(jobs_enqueue(f->db, NULL, "1", f->now, NULL), JS_ERR_INVALID);
	assert_int_equal(jobs_enqueue(f->db, "k", "1", -1, NULL), JS_ERR_INVALID);
	assert_int_equal(jobs_enqueue(f->db, "k", "1", f->now, ""), JS_ERR_INVALID);
	memset(s, 'x', JOBS_KIND_MAX);              /* one byte too long */
	s[JOBS_KIND_MAX] = '\0';
	assert_int_equal(jobs_enqueue(f->db, s, "1", f->now, NULL), JS_ERR_INVALID);
	s[JOBS_KIND_MAX - 1] = '\0';
	assert_int_equal(jobs_enqueue(f->db, s, "1", f->now, NULL), 0);
	assert_int_equal(jobs_ensure(f->db, "k", "1", f->now, NULL), JS_ERR_INVALID);
	assert_int_equal(jobs_enqueue(f->db, "k", NULL, f->now, NULL), 0);
	assert_string_equal(job_text(f, "payload", last_id(f), s, sizeof s), "");
}

static int
enqueue_then_fail(struct db *db, void *ud)
{
	int r;

	if ((r = jobs_enqueue(db, JOB_ORDER_LATE, "3", *(int64_t *)ud, "order:3:late")) != 0)
		return r;
	return JS_ERR_STATE;
}

static void
test_enqueue_in_tx(void **state)
{
	struct fx *f = *state;

	/* The job exists exactly when the change that wanted it commits. */
	assert_int_equal(db_tx(f->db, enqueue_then_fail, &f->now), JS_ERR_STATE);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs"), 0);
}

static int
claim_in_tx(struct db *db, void *ud)
{
	struct job j;
	int got;

	(void)ud;
	return jobs_claim(db, "w", 0, &j, &got);
}

static void
test_claim_order(void **state)
{
	struct fx *f = *state;
	int64_t late, early, urgent, future;
	struct job j;

	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "1", f->now - 10, NULL), 0);
	late = last_id(f);
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "2", f->now - 50, NULL), 0);
	early = last_id(f);
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_LATE, "3", f->now - 5, NULL), 0);
	urgent = last_id(f);
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "4", f->now + 60, NULL), 0);
	future = last_id(f);
	assert_int_equal(db_exec(f->db, "UPDATE jobs SET priority = 5 WHERE payload = '3'"), 0);
	assert_int_equal(db_tx(f->db, claim_in_tx, NULL), JS_ERR_STATE);

	/* Priority first, then the earliest run_at; the future job waits. */
	assert_int_equal(claim(f, "host:1", f->now, &j), urgent);
	assert_string_equal(j.kind, JOB_ORDER_LATE);
	assert_string_equal(j.payload, "3");
	assert_int_equal(j.attempts, 1);
	assert_int_equal(j.max_attempts, 5);
	assert_int_equal(j.run_at, f->now - 5);
	assert_int_equal(claim(f, "host:1", f->now, &j), early);
	assert_int_equal(claim(f, "host:1", f->now, &j), late);
	assert_int_equal(claim(f, "host:1", f->now, &j), 0);
	assert_int_equal(claim(f, "host:1", f->now + 60, &j), future);
	assert_state(f, late, "running");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT locked_at FROM jobs WHERE id = $1", late), f->now);
	assert_int_equal(tfx_int1(f->db, "SELECT attempts FROM jobs WHERE id = $1", late), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs WHERE locked_by = 'host:1'"),
	    4);
	assert_int_equal(jobs_claim(f->db, "", f->now, &j, &(int){ 0 }), JS_ERR_INVALID);
}

static void
test_nothing_due(void **state)
{
	struct fx *f = *state;
	int64_t secs = 99;
	struct job j;

	assert_int_equal(claim(f, "w", f->now, &j), 0);
	assert_int_equal(jobs_next_due(f->db, f->now, &secs), 0);
	assert_int_equal(secs, -1);
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "1", f->now + 42, NULL), 0);
	assert_int_equal(jobs_next_due(f->db, f->now, &secs), 0);
	assert_int_equal(secs, 42);
	assert_int_equal(claim(f, "w", f->now + 41, &j), 0);
	assert_int_equal(jobs_next_due(f->db, f->now + 50, &secs), 0);
	assert_int_equal(secs, 0);
	/* A running job is due again once it is stale. */
	assert_true(claim(f, "w", f->now + 50, &j) > 0);
	assert_int_equal(jobs_next_due(f->db, f->now + 50, &secs), 0);
	assert_int_equal(secs, JOBS_STALE_SECS);
	assert_int_equal(jobs_done(f->db, j.id, f->now + 51), 0);
	assert_int_equal(jobs_next_due(f->db, f->now + 50, &secs), 0);
	assert_int_equal(secs, -1);
}

static void
test_done(void **state)
{
	struct fx *f = *state;
	struct job j;
	int64_t id;

	assert_int_equal(jobs_enqueue(f->db, JOB_TRENDING_REFRESH, "", f->now, NULL), 0);
	id = last_id(f);
	assert_int_equal(jobs_done(f->db, id, f->now), JS_ERR_STATE);     /* not claimed */
	assert_int_equal(claim(f, "w", f->now, &j), id);
	assert_int_equal(jobs_done(f->db, id, f->now + 3), 0);
	assert_state(f, id, "done");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT finished_at FROM jobs WHERE id = $1", id), f->now + 3);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM jobs WHERE locked_by IS NULL"
	    " AND locked_at IS NULL AND id = $1", id), 1);
	assert_int_equal(jobs_done(f->db, id, f->now + 4), JS_ERR_STATE);
	assert_int_equal(jobs_fail(f->db, id, f->now + 4, "x"), JS_ERR_STATE);
	assert_int_equal(jobs_done(f->db, id + 1000, f->now), JS_ERR_NOT_FOUND);
	assert_int_equal(jobs_fail(f->db, id + 1000, f->now, "x"), JS_ERR_NOT_FOUND);
	assert_int_equal(claim(f, "w", f->now + 10000, &j), 0);     /* done stays done */
}

static void
test_fail_backoff(void **state)
{
	struct fx *f = *state;
	char s[600], big[2000];
	int64_t id, t = f->now;
	struct job j;

	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "5", t, NULL), 0);
	id = last_id(f);
	assert_int_equal(db_exec(f->db, "UPDATE jobs SET max_attempts = 3"), 0);
	assert_int_equal(claim(f, "w", t, &j), id);
	assert_int_equal(jobs_fail(f->db, id, t, "state: order is disputed"), 0);
	assert_state(f, id, "queued");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), t + 30);
	assert_string_equal(job_text(f, "last_error", id, s, sizeof s),
	    "state: order is disputed");
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs WHERE locked_at IS NULL"), 1);
	assert_int_equal(claim(f, "w", t + 29, &j), 0);
	t += 30;
	assert_int_equal(claim(f, "w", t, &j), id);
	assert_int_equal(j.attempts, 2);
	/* Controls are not stored; long text is cut. */
	memset(big, 'e', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[3] = '\033';
	assert_int_equal(jobs_fail(f->db, id, t, big), 0);
	job_text(f, "last_error", id, s, sizeof s);
	assert_true(strlen(s) < 520);
	assert_null(strchr(s, '\033'));
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), t + 60);
	t += 60;
	assert_int_equal(claim(f, "w", t, &j), id);
	assert_int_equal(j.attempts, 3);
	assert_int_equal(jobs_fail(f->db, id, t, NULL), 0);
	assert_state(f, id, "failed");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT finished_at FROM jobs WHERE id = $1", id), t);
	assert_int_equal(claim(f, "w", t + 100000, &j), 0);

	/* The back-off doubles and stops at an hour. */
	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "6", t, NULL), 0);
	id = last_id(f);
	assert_int_equal(db_exec(f->db, "UPDATE jobs SET max_attempts = 20, attempts = 3"
	    " WHERE payload = '6'"), 0);
	assert_int_equal(claim(f, "w", t, &j), id);
	assert_int_equal(jobs_fail(f->db, id, t, "x"), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), t + 240);
	assert_int_equal(db_exec(f->db, "UPDATE jobs SET attempts = 12 WHERE payload = '6'"),
	    0);
	assert_int_equal(claim(f, "w", t + 240, &j), id);
	assert_int_equal(jobs_fail(f->db, id, t + 240, "x"), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), t + 240 + 3600);
}

static void
test_stale(void **state)
{
	struct fx *f = *state;
	char s[64];
	struct job j;
	int64_t id;

	assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_LATE, "8", f->now, NULL), 0);
	id = last_id(f);
	assert_int_equal(db_exec(f->db, "UPDATE jobs SET max_attempts = 2"), 0);
	assert_int_equal(claim(f, "dead:1", f->now, &j), id);
	/* Its worker died: nobody takes it before JOBS_STALE_SECS... */
	assert_int_equal(claim(f, "live:2", f->now + JOBS_STALE_SECS - 1, &j), 0);
	/* ...then another worker does, as a new attempt. */
	assert_int_equal(claim(f, "live:2", f->now + JOBS_STALE_SECS, &j), id);
	assert_int_equal(j.attempts, 2);
	assert_string_equal(job_text(f, "locked_by", id, s, sizeof s), "live:2");
	/* That one dies too: out of attempts, failed rather than claimed again. */
	assert_int_equal(claim(f, "live:3", f->now + 3 * JOBS_STALE_SECS, &j), 0);
	assert_state(f, id, "failed");
	assert_string_equal(job_text(f, "locked_by", id, s, sizeof s), "");
	job_text(f, "last_error", id, s, sizeof s);
	assert_non_null(strstr(s, "died"));
}

static void
test_reenqueue_running(void **state)
{
	struct fx *f = *state;
	struct job j;
	int64_t id;

	assert_int_equal(jobs_ensure(f->db, JOB_TRENDING_REFRESH, "", f->now,
	    "trending.refresh"), 0);
	id = last_id(f);
	/* Ensure leaves a queued job where it is. */
	assert_int_equal(jobs_ensure(f->db, JOB_TRENDING_REFRESH, "", f->now + 999,
	    "trending.refresh"), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), f->now);
	assert_int_equal(claim(f, "w", f->now, &j), id);
	/* ...and a running one. */
	assert_int_equal(jobs_ensure(f->db, JOB_TRENDING_REFRESH, "", f->now + 999,
	    "trending.refresh"), 0);
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), f->now);
	assert_state(f, id, "running");
	/* The handler schedules its next run: the claim stays, done re-queues it. */
	assert_int_equal(jobs_enqueue(f->db, JOB_TRENDING_REFRESH, "", f->now + 600,
	    "trending.refresh"), 0);
	assert_state(f, id, "running");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT locked_at FROM jobs WHERE id = $1", id), f->now);
	assert_int_equal(jobs_done(f->db, id, f->now + 2), 0);
	assert_state(f, id, "queued");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), f->now + 600);
	assert_int_equal(claim(f, "w", f->now + 599, &j), 0);
	assert_int_equal(claim(f, "w", f->now + 600, &j), id);
	assert_int_equal(j.attempts, 1);
	/* Re-enqueued, then the run fails: it waits for the new run_at, no back-off. */
	assert_int_equal(jobs_enqueue(f->db, JOB_TRENDING_REFRESH, "", f->now + 1200,
	    "trending.refresh"), 0);
	assert_int_equal(jobs_fail(f->db, id, f->now + 601, "x"), 0);
	assert_state(f, id, "queued");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), f->now + 1200);
	/* Done: ensure queues it again. */
	assert_int_equal(claim(f, "w", f->now + 1200, &j), id);
	assert_int_equal(jobs_done(f->db, id, f->now + 1201), 0);
	assert_state(f, id, "done");
	assert_int_equal(jobs_ensure(f->db, JOB_TRENDING_REFRESH, "", f->now + 1300,
	    "trending.refresh"), 0);
	assert_state(f, id, "queued");
	assert_int_equal(tfx_int1(f->db,
	    "SELECT run_at FROM jobs WHERE id = $1", id), f->now + 1300);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs"), 1);
}

#define RACE_JOBS 200

/* A child: its own connection; claims until nothing is due and writes the ids it got
 * to fd. Exit status 0 when all went well. */
static void __attribute__((noreturn))
race_child(const char *url, int fd, const char *worker, int64_t now)
{
	struct db *db;
	char err[256];
	struct job j;
	int got, r;

	if (db_open(url, &db, err, sizeof err) != 0)
		_exit(2);
	for (;;) {
		if ((r = jobs_claim(db, worker, now, &j, &got)) != 0) {
			fprintf(stderr, "%s: claim: %s: %s\n", worker, js_strerror(r),
			    db_errmsg(db));
			_exit(3);
		}
		if (!got)
			break;
		if (write(fd, &j.id, sizeof j.id) != (ssize_t)sizeof j.id)
			_exit(4);
	}
	db_close(db);
	_exit(0);
}

static void
test_concurrent_claim(void **state)
{
	struct fx *f = *state;
	static char seen[RACE_JOBS + 1];
	int64_t first, id;
	int fds[2], i, status, claimed = 0, n[2];
	pid_t pid[2];

	for (i = 0; i < RACE_JOBS; i++)
		assert_int_equal(jobs_enqueue(f->db, JOB_ORDER_CLEAR, "1", f->now - i % 7,
		    NULL), 0);
	first = tfx_int(f->db, "SELECT MIN(id) FROM jobs");
	/* Never carry a connection across fork (db.h): close it, reopen it after. */
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(pipe(fds), 0);
	for (i = 0; i < 2; i++) {
		assert_true((pid[i] = fork()) >= 0);
		if (pid[i] == 0) {
			close(fds[0]);
			race_child(f->url, fds[1], i == 0 ? "race:a" : "race:b", f->now);
		}
	}
	close(fds[1]);
	memset(seen, 0, sizeof seen);
	/* Each id is 8 bytes, written in one write() below PIPE_BUF: reads are whole. */
	while (read(fds[0], &id, sizeof id) == (ssize_t)sizeof id) {
		assert_true(id >= first && id < first + RACE_JOBS);
		assert_int_equal(seen[id - first], 0);      /* claimed exactly once */
		seen[id - first] = 1;
		claimed++;
	}
	close(fds[0]);
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(claimed, RACE_JOBS);
	assert_int_equal(db_open(f->url, &f->db, (char[256]){ 0 }, 256), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM jobs WHERE state = 'running'"
	    " AND attempts = 1"), RACE_JOBS);
	n[0] = (int)tfx_int(f->db, "SELECT COUNT(*) FROM jobs WHERE locked_by = 'race:a'");
	n[1] = (int)tfx_int(f->db, "SELECT COUNT(*) FROM jobs WHERE locked_by = 'race:b'");
	assert_int_equal(n[0] + n[1], RACE_JOBS);
	printf("    %s: race:a claimed %d, race:b %d\n", testdb_store_name(tfx_store),
	    n[0], n[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enqueue_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enqueue_in_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reenqueue_running, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_claim, setup, teardown),
	};

	return tfx_run_both("jobs", tests, TFX_COUNT(tests)) != 0;
}
