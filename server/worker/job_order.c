/* job_order.c: the order life cycle's timed actions as jobs (payload: the order id):
 * auto-accept, clearing, late marking and unanswered cancellation requests. */
#include <errno.h>
#include <stdlib.h>

#include "err.h"
#include "order.h"
#include "worker.h"

typedef int (*order_timed_fn)(struct order_ctx *cx, int64_t order_id);

/* The payload is a decimal order id and nothing else. */
static int
order_id_parse(const char *payload, int64_t *id)
{
	char *end;
	long long v;

	if (payload[0] < '1' || payload[0] > '9')
		return JS_ERR_INVALID;
	errno = 0;
	v = strtoll(payload, &end, 10);
	if (errno != 0 || *end != '\0')
		return JS_ERR_INVALID;
	*id = (int64_t)v;
	return 0;
}

/* Each action re-checks its condition under the order's row lock and does nothing when
 * it no longer applies (order.h), which is what makes running a job twice harmless. */
static int
run_order(struct worker_ctx *w, const struct job *j, order_timed_fn fn)
{
	struct order_ctx cx = { w->db, &w->conf->orders, w->now };
	int64_t id;
	int r;

	if ((r = order_id_parse(j->payload, &id)) != 0)
		return r;
	return fn(&cx, id);
}

static int
run_auto_accept(struct worker_ctx *w, const struct job *j)
{
	return run_order(w, j, order_auto_accept);
}

static int
run_clear(struct worker_ctx *w, const struct job *j)
{
	return run_order(w, j, order_clear);
}

static int
run_late(struct worker_ctx *w, const struct job *j)
{
	return run_order(w, j, order_mark_late);
}

static int
run_cancel_expire(struct worker_ctx *w, const struct job *j)
{
	return run_order(w, j, order_expire_cancel);
}

const struct worker_job worker_job_auto_accept = { JOB_ORDER_AUTO_ACCEPT, run_auto_accept };
const struct worker_job worker_job_clear = { JOB_ORDER_CLEAR, run_clear };
const struct worker_job worker_job_late = { JOB_ORDER_LATE, run_late };
const struct worker_job worker_job_cancel_expire = { JOB_ORDER_CANCEL_EXPIRE,
	run_cancel_expire };
