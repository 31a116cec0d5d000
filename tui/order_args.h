/* order_args.h: what the order, wallet, offer and dispute screens take when they open
 * (app_push's arg, read during open; it may live on the caller's stack). */
#ifndef JS_ORDER_ARGS_H
#define JS_ORDER_ARGS_H

#include <stdint.h>

#include "gig.h"
#include "order.h"

/* scr_order_new: order gig_id, starting with package tier. */
struct order_new_arg {
	int64_t gig_id;
	enum gig_tier tier;
};

/* scr_order_page, scr_order_reqs, scr_dispute_resolve: one order. */
struct order_page_arg {
	int64_t order_id;
};

/* scr_orders: which side to show first. */
struct orders_arg {
	enum order_side side;
};

/* scr_order_act: one action of the order page that needs typing (a reason, a message,
 * files, an amount). The form closes after the action succeeded. */
enum order_form_kind {
	OF_DELIVER, OF_REVISION, OF_CANCEL_REQUEST, OF_CANCEL_LATE, OF_DISPUTE, OF_EVIDENCE,
	OF_TIP, OF_ADMIN_CANCEL, OF_KINDS
};
struct order_act_arg {
	enum order_form_kind kind;
	int64_t order_id;
	int64_t amount;              /* OF_CANCEL_LATE, OF_ADMIN_CANCEL: the refund shown */
};

/* scr_offer_new: to a buyer (0 and "": the seller types the handle). */
struct offer_new_arg {
	int64_t buyer_id;
	const char *buyer_handle;
	int64_t gig_id;              /* 0: not about one gig */
};

#endif
