/* worker.c: the worker loop: claim due jobs, dispatch each by kind through one table,
 * record done or retry, sleep until the next one; stop cleanly on a signal. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "log.h"
#include "utf8.h"
#include "worker.h"

/* Every kind the worker knows. A kind missing here fails (and is retried) rather than
 * being dropped: a newer jishid on another host may know it. */
static const struct worker_job *const worker_jobs[] = {
	&worker_job_auto_accept,
	&worker_job_clear,
	&worker_job_late,
	&worker_job_cancel_expire,
	&worker_job_trending,
	&worker_job_price_order,
};

/* Shortest sleep: when a due job is being claimed by another worker, do not spin. */
#define WORKER_MIN_NAP_MS 100

static volatile sig_atomic_t got_stop;

static void
on_stop(int sig)
{
	(void)sig;
	got_stop = 1;
}

int
worker_config_load(const struct conf *c, struct worker_config *wc, char *err, size_t errlen)
{
	int64_t v;
	int r;

	memset(wc, 0, sizeof *wc);
	if ((r = conf_get_bool(c, "worker.enabled", 1, &wc->enabled, err, errlen)) != 0 ||
	    (r = conf_get_int(c, "worker.poll_ms", 1000, 50, 60000, &v, err, errlen)) != 0)
		return r;
	wc->poll_ms = (int)v;
	if ((r = conf_get_int(c, "worker.trending_secs", 600, 10, 86400, &v, err,
	    errlen)) != 0)
		return r;
	wc->trending_secs = (int)v;
	if ((r = conf_get_int(c, "worker.price_order_secs", 3600, 60, 604800, &v, err,
	    errlen)) != 0)
		return r;
	wc->price_order_secs = (int)v;
	/* [orders] is read here once: the order jobs and the TUI share it. */
	return order_conf_load(c, &wc->orders, err, errlen);
}

static const struct worker_job *
job_lookup(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof worker_jobs / sizeof worker_jobs[0]; i++)
		if (strcmp(worker_jobs[i]->kind, kind) == 0)
			return worker_jobs[i];
	return NULL;
}

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000L + (t1.tv_nsec - t0->tv_nsec) / 1000000L;
}

struct run_ctx {
	struct worker_ctx *w;
	const struct worker_job *h;
	const struct job *j;
};

/* The handler's work and "done" in one transaction: a crash in between cannot leave
 * the work committed and the job still claimed (it would run again, harmlessly, but
 * twice), nor the job done without its work. */
static int
run_tx(struct db *db, void *ud)
{
	struct run_ctx *rc = ud;
	int r;

	if ((r = rc->h->run(rc->w, rc->j)) != 0)
		return r;
	return jobs_done(db, rc->j->id, (int64_t)time(NULL));
}

/* Errors whose store message says more than the code. */
static int
is_store_error(int r)
{
	return r == JS_ERR_DB || r == JS_ERR_BUSY || r == JS_ERR_CONSTRAINT ||
	    r == JS_ERR_EXISTS;
}

/* Run one claimed job and record its outcome; logs one line. Returns 0 or the store
 * error of recording a failure. */
static int
run_job(struct worker_ctx *w, const struct job *j)
{
	struct run_ctx rc = { w, job_lookup(j->kind), j };
	char kind[UTF8_QUOTE_SIZE(JOBS_KIND_MAX)], error[512];
	struct timespec t0;
	long ms;
	int r, fr;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	utf8_quote(j->kind, strlen(j->kind), JOBS_KIND_MAX, kind);
	r = rc.h != NULL ? db_tx(w->db, run_tx, &rc) : JS_ERR_INVALID;
	ms = elapsed_ms(&t0);
	if (r == 0) {
		log_info("job kind=%s id=%lld attempt=%d ms=%ld outcome=done", kind,
		    (long long)j->id, j->attempts, ms);
		return 0;
	}
	if (rc.h == NULL)
		snprintf(error, sizeof error, "unknown job kind");
	else if (is_store_error(r))
		snprintf(error, sizeof error, "%s: %s", js_strerror(r), db_errmsg(w->db));
	else
		snprintf(error, sizeof error, "%s", js_strerror(r));
	fr = jobs_fail(w->db, j->id, (int64_t)time(NULL), error);
	log_warn("job kind=%s id=%lld attempt=%d ms=%ld outcome=%s error=\"%s\"", kind,
	    (long long)j->id, j->attempts, ms,
	    fr != 0 ? "unrecorded" : j->attempts >= j->max_attempts ? "failed" : "retry",
	    error);
	if (fr != 0)
		log_error("cannot record the failure of job id=%lld: %s: %s",
		    (long long)j->id, js_strerror(fr), db_errmsg(w->db));
	return fr;
}

/* Let a stop signal that arrived while blocked be delivered now. */
static void
take_signals(const sigset_t *orig)
{
	sigset_t blocked;

	sigprocmask(SIG_SETMASK, orig, &blocked);
	sigprocmask(SIG_SETMASK, &blocked, NULL);
}

/* Claim and run jobs until none is due, or a stop. 0, or a store error. */
static int
run_due(struct worker_ctx *w, const sigset_t *orig)
{
	struct job j;
	int got, r;

	while (!got_stop) {
		w->now = (int64_t)time(NULL);
		if ((r = jobs_claim(w->db, w->id, w->now, &j, &got)) != 0) {
			log_warn("claim: %s: %s", js_strerror(r), db_errmsg(w->db));
			return r;
		}
		if (!got)
			return 0;
		if ((r = run_job(w, &j)) != 0)
			return r;
		take_signals(orig);
	}
	return 0;
}

/* Milliseconds to sleep when the next job is due in `secs` (-1: none): at most poll_ms,
 * since another process may add a job that is due sooner. */
static int
nap_ms(const struct worker_config *wc, int64_t secs)
{
	if (secs < 0 || secs * 1000 >= wc->poll_ms)
		return wc->poll_ms;
	return secs * 1000 > WORKER_MIN_NAP_MS ? (int)secs * 1000 : WORKER_MIN_NAP_MS;
}

/*
 * One look at the jobs: run what is due and find when the next one is. Claiming is a
 * write transaction (on SQLite it takes the store's write lock), so an idle worker only
 * reads (jobs_next_due) and claims when something is due. 0 or a store error.
 */
static int
look(struct worker_ctx *w, const sigset_t *orig, int64_t *secs)
{
	int r;

	*secs = -1;
	if ((r = jobs_next_due(w->db, (int64_t)time(NULL), secs)) != 0) {
		log_warn("next due: %s: %s", js_strerror(r), db_errmsg(w->db));
		return r;
	}
	if (*secs != 0)
		return 0;
	if ((r = run_due(w, orig)) != 0)
		return r;
	if ((r = jobs_next_due(w->db, (int64_t)time(NULL), secs)) != 0)
		log_warn("next due: %s: %s", js_strerror(r), db_errmsg(w->db));
	return r;
}

/* The periodic jobs exist (queued or running) unless someone removed one, or it
 * failed for good: put it back then. Cheap; done at start and every trending_secs.
 * The price order check is PostgreSQL's alone (SQLite has no gig_search_price). */
static void
seed_periodic(struct worker_ctx *w)
{
	static const struct { const char *kind, *key; int pg_only; } jobs[] = {
		{ JOB_TRENDING_REFRESH, WORKER_TRENDING_KEY, 0 },
		{ JOB_SEARCH_PRICE_ORDER, WORKER_PRICE_ORDER_KEY, 1 },
	};
	size_t i;
	int r;

	for (i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		if (jobs[i].pg_only && db_dialect(w->db) != DB_PG)
			continue;
		if ((r = jobs_ensure(w->db, jobs[i].kind, "", (int64_t)time(NULL),
		    jobs[i].key)) != 0)
			log_warn("cannot seed %s: %s: %s", jobs[i].key, js_strerror(r),
			    db_errmsg(w->db));
	}
}

int
worker_run(struct db *db, const struct worker_config *wc, int once)
{
	struct worker_ctx w = { db, wc, NULL, 0 };
	struct sigaction sa, old[3];
	static const int sigs[3] = { SIGTERM, SIGHUP, SIGINT };
	sigset_t block, orig;
	char host[64], id[128];
	time_t last_seed;
	int64_t secs;
	int errors = 0, status = 0, i, r;

	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	snprintf(id, sizeof id, "%s:%ld", host, (long)getpid());
	w.id = id;
	/* The stop signals stay blocked except while sleeping in ppoll (and between jobs),
	 * so one that arrives just before the sleep still wakes it: no lost wake-up. */
	got_stop = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&block);
	for (i = 0; i < 3; i++) {
		sigaction(sigs[i], &sa, &old[i]);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &orig);
	seed_periodic(&w);
	last_seed = time(NULL);
	log_info("worker started id=%s poll_ms=%d trending_secs=%d once=%d", id, wc->poll_ms,
	    wc->trending_secs, once);
	while (!got_stop) {
		r = look(&w, &orig, &secs);
		if (r != 0 && ++errors >= WORKER_MAX_DB_ERRORS) {
			log_error("giving up after %d store errors in a row", errors);
			status = 1;
			break;
		}
		if (r == 0)
			errors = 0;
		if (once) {
			status = r != 0;
			break;
		}
		if (time(NULL) - last_seed >= wc->trending_secs) {
			seed_periodic(&w);
			last_seed = time(NULL);
		}
		if (!got_stop) {
			int ms = nap_ms(wc, r == 0 ? secs : -1);
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			if (ppoll(NULL, 0, &ts, &orig) < 0 && errno != EINTR)
				log_warn("ppoll: %s", strerror(errno));
		}
	}
	log_info("worker stopped id=%s reason=%s", id, got_stop ? "signal" : status != 0 ?
	    "errors" : "once");
	sigprocmask(SIG_SETMASK, &orig, NULL);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	return status;
}
