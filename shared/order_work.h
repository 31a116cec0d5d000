/* order_work.h: what the life-cycle files (order_pay.c, order_work.c, order_done.c)
 * share: the current milestone and starting the delivery clock. Not for callers. */
#ifndef JS_ORDER_WORK_H
#define JS_ORDER_WORK_H

#include <stdint.h>

#include "order_impl.h"

/* One milestones row as the transitions need it. */
struct order_ms {
	int64_t id;
	int seq;
	int64_t amount, fee;
	int delivery_days;
	int64_t due_at;
};

/* The lowest-seq milestone of the order in `state` ("pending", "funded", "delivered");
 * JS_ERR_NOT_FOUND when there is none. */
int order_current_milestone(struct db *db, int64_t order_id, const char *state,
                            struct order_ms *m);

/* Does the order's gig have requirement questions? (0 for an order from an offer.) */
int order_has_questions(struct db *db, const struct order_row *o, int *yes);

/*
 * Work starts now: started_at (first time only), due_at = now + the order's delivery
 * days (a milestone order: the funded milestone's days, also written to the milestone),
 * is_late cleared, state in_progress, and the late job scheduled at due_at.
 */
int order_start_clock(struct order_ctx *cx, struct order_row *o);

/* Schedule (or move) one of the order's jobs: unique key "order:ID:WHAT". */
int order_schedule(struct order_ctx *cx, const struct order_row *o, const char *kind,
                   const char *what, int64_t run_at);

#endif
