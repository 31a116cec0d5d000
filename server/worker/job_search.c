/* job_search.c: the periodic check of gig_search_price's price order on PostgreSQL
 * (shared/search: search_price_rebuild), which schedules its own next run every
 * [worker] price_order_secs under one key for all workers. */
#include "log.h"
#include "search.h"
#include "worker.h"

static int
run_price_order(struct worker_ctx *w, const struct job *j)
{
	int rebuilt = 0, r;

	(void)j;
	if ((r = search_price_rebuild(w->db, 0, &rebuilt)) != 0)
		return r;
	if (rebuilt)
		log_info("gig_search_price rewritten in price order");
	/* Same transaction: jobs_done then queues the keyed job again for that time. */
	return jobs_enqueue(w->db, JOB_SEARCH_PRICE_ORDER, "",
	    w->now + w->conf->price_order_secs, WORKER_PRICE_ORDER_KEY);
}

const struct worker_job worker_job_price_order = {
	JOB_SEARCH_PRICE_ORDER, run_price_order
};
