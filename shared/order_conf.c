/* order_conf.c: the [orders] configuration and the fee arithmetic (docs/orders.md). */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "money.h"
#include "order.h"

void
order_conf_defaults(struct order_conf *c)
{
	memset(c, 0, sizeof *c);
	c->buyer_fee_bps = 500;
	c->commission_bps = 2000;
	c->auto_accept_days = 3;
	c->clearing_days = 14;
	c->cancel_timeout_hours = 48;
	c->cancel_timeout_accepts = 1;
	c->tip_commission = 1;
	c->sandbox_topup = 0;
}

static int
get_int(const struct conf *cf, const char *name, int def, int min, int max, int *out,
        char *err, size_t errlen)
{
	int64_t v;
	int r;

	if ((r = conf_get_int(cf, name, def, min, max, &v, err, errlen)) != 0)
		return r;
	*out = (int)v;
	return 0;
}

int
order_conf_load(const struct conf *cf, struct order_conf *c, char *err, size_t errlen)
{
	struct order_conf n;
	const char *timeout;
	int r;

	order_conf_defaults(&n);
	if (cf == NULL) {
		*c = n;
		return 0;
	}
	if ((r = get_int(cf, "orders.buyer_fee_bps", n.buyer_fee_bps, 0, 5000,
	                 &n.buyer_fee_bps, err, errlen)) != 0 ||
	    (r = get_int(cf, "orders.commission_bps", n.commission_bps, 0, 5000,
	                 &n.commission_bps, err, errlen)) != 0 ||
	    (r = get_int(cf, "orders.auto_accept_days", n.auto_accept_days, 1, 60,
	                 &n.auto_accept_days, err, errlen)) != 0 ||
	    (r = get_int(cf, "orders.clearing_days", n.clearing_days, 0, 90,
	                 &n.clearing_days, err, errlen)) != 0 ||
	    (r = get_int(cf, "orders.cancel_timeout_hours", n.cancel_timeout_hours, 1, 720,
	                 &n.cancel_timeout_hours, err, errlen)) != 0 ||
	    (r = conf_get_bool(cf, "orders.tip_commission", n.tip_commission,
	                       &n.tip_commission, err, errlen)) != 0 ||
	    (r = conf_get_bool(cf, "payments.sandbox", n.sandbox_topup, &n.sandbox_topup,
	                       err, errlen)) != 0)
		return r;
	timeout = conf_get(cf, "orders.cancel_timeout", "cancel");
	if (strcmp(timeout, "cancel") == 0) {
		n.cancel_timeout_accepts = 1;
	} else if (strcmp(timeout, "lapse") == 0) {
		n.cancel_timeout_accepts = 0;
	} else {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "orders.cancel_timeout: expected cancel or lapse, "
			         "got '%s'", timeout);
		return JS_ERR_CONFIG;
	}
	*c = n;
	return 0;
}

/* money_bps rounds half up to the fen and cannot fail for amount >= 0 and a configured
 * rate (0..5000 bps); a negative amount is a caller's bug and costs nothing. */
static int64_t
share(int64_t amount, int bps)
{
	int64_t v = 0;

	if (money_bps(amount, bps, &v) != 0)
		return 0;
	return v;
}

int64_t
order_buyer_fee(const struct order_conf *c, int64_t amount)
{
	return share(amount, c->buyer_fee_bps);
}

int64_t
order_commission(const struct order_conf *c, int64_t amount)
{
	return share(amount, c->commission_bps);
}

int64_t
order_split_amount(int64_t escrow, int buyer_percent)
{
	if (buyer_percent < 0)
		buyer_percent = 0;
	if (buyer_percent > 100)
		buyer_percent = 100;
	return share(escrow, buyer_percent * 100);
}
