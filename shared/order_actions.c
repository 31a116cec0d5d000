/* order_actions.c: which actions an account may take on an order now: the state table
 * (order_allowed) and the same further conditions the operations check, so the order
 * page offers exactly what would succeed (tests/unit/test_order_table.c proves it). */
#include <string.h>

#include "err.h"
#include "order_impl.h"

/* What the conditions beyond the table look at besides the order row. */
struct open_reqs {
	int64_t cancel_by, cancel_expires;     /* the pending cancellation request (0 none) */
	int64_t dispute_by;                    /* the open dispute's opener (0 none) */
};

static int
open_requests(struct db *db, int64_t order_id, struct open_reqs *q)
{
	struct db_stmt *st;
	int r;

	memset(q, 0, sizeof *q);
	if ((r = db_prepare(db, "SELECT COALESCE((SELECT requested_by FROM "
	                    "cancellation_requests WHERE order_id = $1 AND state = 'pending' "
	                    "ORDER BY id DESC LIMIT 1), 0), COALESCE((SELECT expires_at FROM "
	                    "cancellation_requests WHERE order_id = $1 AND state = 'pending' "
	                    "ORDER BY id DESC LIMIT 1), 0), COALESCE((SELECT opened_by FROM "
	                    "disputes WHERE order_id = $1 AND state = 'open' ORDER BY id DESC "
	                    "LIMIT 1), 0)", &st)) != 0 || (r = db_bind_int64(st, 1, order_id)) != 0)
		return r;
	if ((r = db_step(st)) == DB_ROW) {
		q->cancel_by = db_col_int64(st, 0);
		q->cancel_expires = db_col_int64(st, 1);
		q->dispute_by = db_col_int64(st, 2);
	}
	db_reset(st);
	return r < 0 ? r : 0;
}

/* The conditions beyond the table that the operations check (order.h). */
static int
condition_ok(enum order_action a, int64_t actor, const struct order_row *o,
             const struct open_reqs *q, int64_t now)
{
	int64_t cancel_by = q->cancel_by;

	/* Between two milestone fundings money has moved, so it is no longer "unpaid"
	 * and a cancellation goes through a request (or an admin). */
	int unpaid = o->state == ORDER_AWAITING_PAYMENT && o->paid_at == 0;

	switch (a) {
	case ORDER_ACT_REQUEST_REVISION:
		return o->revisions_allowed < 0 || o->revisions_used < o->revisions_allowed;
	case ORDER_ACT_AUTO_ACCEPT:
		return o->auto_accept_at != 0 && now >= o->auto_accept_at;
	case ORDER_ACT_MARK_LATE:
		return !o->is_late && o->due_at != 0 && now >= o->due_at;
	case ORDER_ACT_CANCEL_LATE:
		return o->is_late;
	case ORDER_ACT_CANCEL_UNPAID:
		return o->paid_at == 0;
	case ORDER_ACT_REQUEST_CANCEL:
		return !unpaid && cancel_by == 0;
	case ORDER_ACT_RESPOND_CANCEL:
		return cancel_by != 0 && cancel_by != actor;
	case ORDER_ACT_WITHDRAW_CANCEL:
		return cancel_by != 0 && cancel_by == actor;
	case ORDER_ACT_EXPIRE_CANCEL:
		return cancel_by != 0 && now >= q->cancel_expires;
	case ORDER_ACT_WITHDRAW_DISPUTE:
		return q->dispute_by == actor;
	case ORDER_ACT_CLEAR:
		return o->seller_pending > 0;
	default:
		return 1;
	}
}

int
order_actions(struct order_ctx *cx, int64_t actor, int64_t order_id, uint32_t *mask)
{
	struct open_reqs q;
	struct order_row o;
	enum order_role role;
	int a, r;

	if (cx == NULL || mask == NULL)
		return JS_ERR_INVALID;
	*mask = 0;
	if (actor == 0) {              /* the system: what its jobs would do now */
		if ((r = order_load(cx->db, order_id, &o)) != 0)
			return r;
		role = ORDER_ROLE_SYSTEM;
	} else {
		if ((r = order_load(cx->db, order_id, &o)) != 0 ||
		    (r = order_role_of(cx->db, actor, &o, &role)) != 0)
			return r;
		if (role == ORDER_ROLE_STRANGER)   /* a stranger learns nothing */
			return JS_ERR_NOT_FOUND;
	}
	if ((r = open_requests(cx->db, order_id, &q)) != 0)
		return r;
	for (a = 0; a < ORDER_ACTIONS; a++)
		if (order_allowed((enum order_action)a, role, o.state) == 0 &&
		    condition_ok((enum order_action)a, actor, &o, &q, order_now(cx)))
			*mask |= 1u << a;
	return 0;
}
