/* job_trending.c: the periodic trending refresh (shared/discovery), which schedules its
 * own next run every [worker] trending_secs under one key for all workers. */
#include "discovery.h"
#include "worker.h"

static int
run_trending(struct worker_ctx *w, const struct job *j)
{
	int64_t rows = 0;
	int r;

	(void)j;
	if ((r = discovery_trending_refresh(w->db, w->now, &rows)) != 0)
		return r;
	/* In the same transaction as the refresh: if this job is the keyed one it is
	 * running now, and jobs_done queues it again for this time instead of ending it. */
	return jobs_enqueue(w->db, JOB_TRENDING_REFRESH, "", w->now + w->conf->trending_secs,
	    WORKER_TRENDING_KEY);
}

const struct worker_job worker_job_trending = { JOB_TRENDING_REFRESH, run_trending };
