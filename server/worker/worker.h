/* worker.h: the job worker: claims due jobs (shared/jobs.h) and runs each one through
 * the handler table, in `jishid`'s worker child or `jishictl worker`. */
#ifndef JS_WORKER_H
#define JS_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "db.h"
#include "jobs.h"
#include "order.h"

/* The periodic trending refresh is one job under this key, however many workers run. */
#define WORKER_TRENDING_KEY "trending.refresh"
/* The same for the price order check of gig_search_price (PostgreSQL only). */
#define WORKER_PRICE_ORDER_KEY "search.price_order"
/* Consecutive store errors (not job failures) after which worker_run gives up, so that
 * jishid restarts the child with a fresh connection. */
#define WORKER_MAX_DB_ERRORS 10

struct worker_config {
	int enabled;                  /* [worker] enabled: jishid starts the child (yes) */
	int poll_ms;                  /* [worker] poll_ms: longest sleep, default 1000 */
	int trending_secs;            /* [worker] trending_secs: default 600 */
	int price_order_secs;         /* [worker] price_order_secs: default 3600 */
	struct order_conf orders;     /* [orders]: what the order jobs need */
};

/*
 * Read [worker] enabled, poll_ms (50..60000), trending_secs (10..86400),
 * price_order_secs (60..604800) and the
 * [orders] section (order_conf_load). JS_ERR_CONFIG with a message in err.
 */
int worker_config_load(const struct conf *c, struct worker_config *wc, char *err,
                       size_t errlen);

/* What a handler gets; borrowed for the duration of one job. */
struct worker_ctx {
	struct db *db;
	const struct worker_config *conf;
	const char *id;               /* "host:pid", the jobs.locked_by of its claims */
	int64_t now;                  /* when the job was claimed */
};

/*
 * One job kind and its handler, listed in worker.c's table. run() is called inside the
 * transaction that then marks the job done, so its work and the "done" commit together;
 * it must be idempotent (a job may run again after a crash) and return 0 or a JS_ERR_*
 * (the job is then retried with back-off by jobs_fail).
 */
struct worker_job {
	const char *kind;
	int (*run)(struct worker_ctx *w, const struct job *j);
};

extern const struct worker_job worker_job_auto_accept;    /* job_order.c */
extern const struct worker_job worker_job_clear;
extern const struct worker_job worker_job_late;
extern const struct worker_job worker_job_cancel_expire;
extern const struct worker_job worker_job_trending;       /* job_trending.c */
extern const struct worker_job worker_job_price_order;    /* job_search.c */

/*
 * Seed the periodic jobs, then claim and run due jobs until SIGTERM, SIGHUP or SIGINT
 * (the job in hand is finished first), sleeping until the next due job or poll_ms.
 * With once: run what is due now, then return. db is borrowed (the caller opened it in
 * this process). Returns an exit status: 0, or 1 after WORKER_MAX_DB_ERRORS store
 * errors in a row. Installs its own handlers for those three signals.
 */
int worker_run(struct db *db, const struct worker_config *wc, int once);

#endif
