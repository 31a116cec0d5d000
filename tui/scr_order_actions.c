/* scr_order_actions.c: the order page's actions: exactly those order_actions() reports
 * for this account now, each on its key; anything that moves money is confirmed with
 * the amount first. Actions that need typing open scr_order_act. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "money.h"
#include "order_args.h"
#include "order_page.h"
#include "order_ui.h"
#include "screens.h"
#include "w_page.h"
#include "wallet.h"

const struct opage_action opage_actions[] = {
	{ ORDER_ACT_PAY, 'p', 0, NULL },
	{ ORDER_ACT_SUBMIT_REQUIREMENTS, 'i', 0, NULL },
	{ ORDER_ACT_START, 's', 0, NULL },
	{ ORDER_ACT_DELIVER, 'd', 0, NULL },
	{ ORDER_ACT_ACCEPT, 'a', 0, NULL },
	{ ORDER_ACT_REQUEST_REVISION, 'v', 0, NULL },
	{ ORDER_ACT_CANCEL_UNPAID, 'x', 0, NULL },
	{ ORDER_ACT_CANCEL_LATE, 'x', 0, NULL },
	{ ORDER_ACT_REQUEST_CANCEL, 'c', 0, NULL },
	{ ORDER_ACT_RESPOND_CANCEL, 'y', 1, N_("Agree to cancel (refund the buyer)") },
	{ ORDER_ACT_RESPOND_CANCEL, 'n', 0, N_("Decline the cancellation") },
	{ ORDER_ACT_WITHDRAW_CANCEL, 'w', 0, NULL },
	{ ORDER_ACT_OPEN_DISPUTE, 'D', 0, NULL },
	{ ORDER_ACT_ADD_EVIDENCE, 'e', 0, NULL },
	{ ORDER_ACT_WITHDRAW_DISPUTE, 'W', 0, NULL },
	{ ORDER_ACT_TIP, 't', 0, NULL },
	{ ORDER_ACT_RESOLVE_DISPUTE, 'R', 0, NULL },
	{ ORDER_ACT_ADMIN_CANCEL, 'X', 0, NULL },
};
const size_t opage_nactions = sizeof opage_actions / sizeof opage_actions[0];

static int
may(const struct opage *p, enum order_action act)
{
	return (p->mask & (1u << act)) != 0;
}

void
opage_page_actions(struct opage *p, struct page *pg)
{
	char buf[256], key[8];
	size_t i;
	int n = 0;

	page_line(pg, 0, _("What you can do now"), theme_attr(T_HEAD));
	for (i = 0; i < opage_nactions; i++) {
		if (!may(p, opage_actions[i].act))
			continue;
		if (opage_actions[i].act == ORDER_ACT_CANCEL_LATE && may(p, ORDER_ACT_CANCEL_UNPAID))
			continue;            /* one 'x' */
		snprintf(key, sizeof key, "%c", opage_actions[i].key);
		snprintf(buf, sizeof buf, "[%s] %s", key, opage_actions[i].label != NULL ?
		    _(opage_actions[i].label) : order_ui_action(opage_actions[i].act));
		page_line(pg, 2, buf, theme_attr(T_KEY));
		n++;
	}
	if (p->oi.viewer_role == ORDER_ROLE_SELLER && p->oi.state == ORDER_COMPLETED) {
		page_line(pg, 2, _("[O] Send this buyer a custom offer"), theme_attr(T_KEY));
		n++;
	}
	if (n == 0)
		page_line(pg, 2, _("Nothing for you to do now."), theme_attr(T_DIM));
}

/* What the pending action moves, for the confirmation text. */
static int64_t
pay_amount(const struct opage *p)
{
	size_t i;

	for (i = 0; i < p->n_ms; i++)
		if (strcmp(p->ms[i].state, "pending") == 0)
			return p->ms[i].amount + p->ms[i].fee;
	return p->oi.total;
}

/* The confirmation's yes: run p->pending. */
static int
run_pending(struct app *a, void *ud)
{
	struct opage *p = ud;
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	int r;

	switch (p->pending) {
	case ORDER_ACT_PAY:
		r = order_pay_wallet(&cx, a->acct.id, p->id);
		break;
	case ORDER_ACT_START:
		r = order_start(&cx, a->acct.id, p->id);
		break;
	case ORDER_ACT_ACCEPT:
		r = order_accept(&cx, a->acct.id, p->id);
		break;
	case ORDER_ACT_CANCEL_UNPAID:
		r = order_cancel_unpaid(&cx, a->acct.id, p->id);
		break;
	case ORDER_ACT_RESPOND_CANCEL:
		r = order_respond_cancel(&cx, a->acct.id, p->id, p->pending_arg);
		break;
	case ORDER_ACT_WITHDRAW_CANCEL:
		r = order_withdraw_cancel(&cx, a->acct.id, p->id);
		break;
	case ORDER_ACT_WITHDRAW_DISPUTE:
		r = order_withdraw_dispute(&cx, a->acct.id, p->id);
		break;
	default:
		r = JS_ERR_INVALID;
	}
	if (r == 0)
		app_flash(a, FLASH_OK, "%s", _("Done."));
	else if (r == JS_ERR_FUNDS)
		app_flash(a, FLASH_ERR, "%s", a->oconf.sandbox_topup ?
		    _("Not enough money in your wallet: top it up in Wallet (Home).") :
		    _("Not enough money in your wallet."));
	else
		app_flash_err(a, order_ui_action(p->pending), r);
	opage_load(a, p);
	return R_REDRAW;
}

static int
ask(struct app *a, struct opage *p, enum order_action act, int arg, const char *msg)
{
	struct confirm_arg ca = { .msg = msg, .yes = run_pending, .ud = p };

	p->pending = act;
	p->pending_arg = arg;
	return app_push(a, &scr_confirm, &ca);
}

static int
open_form(struct app *a, struct opage *p, enum order_form_kind k, int64_t amount)
{
	struct order_act_arg oa = { .kind = k, .order_id = p->id, .amount = amount };

	return app_push(a, &scr_order_act, &oa);
}

static int
act(struct app *a, struct opage *p, const struct opage_action *x)
{
	struct order_page_arg pa = { .order_id = p->id };
	struct wallet wal;
	char msg[600], v[32], av[32];

	money_format(p->oi.escrow, v, sizeof v);
	switch (x->act) {
	case ORDER_ACT_PAY:
		money_format(pay_amount(p), v, sizeof v);
		if (wallet_get(a->db, a->acct.id, a->acct.id, &wal) != 0)
			wal.available = 0;
		money_format(wal.available, av, sizeof av);
		snprintf(msg, sizeof msg, _("Pay %s from your wallet (available %s)? The money "
		    "is held in escrow until you accept the delivery."), v, av);
		return ask(a, p, x->act, 0, msg);
	case ORDER_ACT_SUBMIT_REQUIREMENTS:
		return app_push(a, &scr_order_reqs, &pa);
	case ORDER_ACT_START:
		return ask(a, p, x->act, 0, _("Start without the buyer's answers? The delivery "
		    "clock starts now."));
	case ORDER_ACT_DELIVER:
		return open_form(a, p, OF_DELIVER, 0);
	case ORDER_ACT_ACCEPT:
		snprintf(msg, sizeof msg, _("Accept the delivery? %s in escrow goes to @%s and "
		    "the order is completed."), v, p->oi.seller_handle);
		return ask(a, p, x->act, 0, msg);
	case ORDER_ACT_REQUEST_REVISION:
		return open_form(a, p, OF_REVISION, 0);
	case ORDER_ACT_CANCEL_UNPAID:
		return ask(a, p, x->act, 0, _("Cancel this unpaid order? No money has moved."));
	case ORDER_ACT_CANCEL_LATE:
		return open_form(a, p, OF_CANCEL_LATE, p->oi.escrow);
	case ORDER_ACT_REQUEST_CANCEL:
		return open_form(a, p, OF_CANCEL_REQUEST, 0);
	case ORDER_ACT_RESPOND_CANCEL:
		if (x->arg)
			snprintf(msg, sizeof msg, _("Agree to cancel? %s in escrow is refunded to "
			    "@%s."), v, p->oi.buyer_handle);
		else
			snprintf(msg, sizeof msg, "%s", _("Decline the cancellation? The order "
			    "goes on."));
		return ask(a, p, x->act, x->arg, msg);
	case ORDER_ACT_WITHDRAW_CANCEL:
		return ask(a, p, x->act, 0, _("Withdraw your cancellation request?"));
	case ORDER_ACT_OPEN_DISPUTE:
		return open_form(a, p, OF_DISPUTE, 0);
	case ORDER_ACT_ADD_EVIDENCE:
		return open_form(a, p, OF_EVIDENCE, 0);
	case ORDER_ACT_WITHDRAW_DISPUTE:
		return ask(a, p, x->act, 0, _("Withdraw the dispute? The order goes back to "
		    "where it was."));
	case ORDER_ACT_TIP:
		return open_form(a, p, OF_TIP, 0);
	case ORDER_ACT_RESOLVE_DISPUTE:
		return app_push(a, &scr_dispute_resolve, &pa);
	case ORDER_ACT_ADMIN_CANCEL:
		return open_form(a, p, OF_ADMIN_CANCEL, p->oi.escrow);
	default:
		return R_HANDLED;
	}
}

static int
key_action(struct app *a, void *st, int key)
{
	struct opage *p = st;
	size_t i;

	for (i = 0; i < opage_nactions; i++)
		if (opage_actions[i].key == key && may(p, opage_actions[i].act))
			return act(a, p, &opage_actions[i]);
	app_flash(a, FLASH_INFO, "%s", _("Not available for you in this state."));
	return R_HANDLED | R_REDRAW;
}

static int
key_offer(struct app *a, void *st, int key)
{
	struct opage *p = st;
	struct offer_new_arg oa = { .buyer_id = p->oi.buyer_id,
	    .buyer_handle = p->oi.buyer_handle, .gig_id = p->oi.gig_id };

	(void)key;
	if (p->oi.viewer_role != ORDER_ROLE_SELLER) {
		app_flash(a, FLASH_INFO, "%s", _("Only the seller sends offers."));
		return R_HANDLED | R_REDRAW;
	}
	return app_push(a, &scr_offer_new, &oa);
}

const struct keybind opage_keys[] = {
	{ 'j', opage_key_scroll, N_("j/k"), N_("scroll"), KB_HINT },
	{ 'k', opage_key_scroll, NULL, NULL, 0 },
	{ TK(KEY_DOWN), opage_key_scroll, NULL, NULL, 0 },
	{ TK(KEY_UP), opage_key_scroll, NULL, NULL, 0 },
	{ ' ', opage_key_scroll, N_("Space/b"), N_("page down / up"), 0 },
	{ 'b', opage_key_scroll, NULL, NULL, 0 },
	{ TK(KEY_NPAGE), opage_key_scroll, NULL, NULL, 0 },
	{ TK(KEY_PPAGE), opage_key_scroll, NULL, NULL, 0 },
	{ 'g', opage_key_scroll, N_("g/G"), N_("top / bottom"), 0 },
	{ 'G', opage_key_scroll, NULL, NULL, 0 },
	{ 'r', opage_key_reload, N_("r"), N_("reload"), KB_HINT },
	{ 'p', key_action, N_("p"), N_("pay from wallet"), 0 },
	{ 'i', key_action, N_("i"), N_("answer the requirements"), 0 },
	{ 's', key_action, N_("s"), N_("start without answers (seller)"), 0 },
	{ 'd', key_action, N_("d"), N_("deliver (seller)"), 0 },
	{ 'a', key_action, N_("a"), N_("accept the delivery"), 0 },
	{ 'v', key_action, N_("v"), N_("ask for a revision"), 0 },
	{ 'x', key_action, N_("x"), N_("cancel (unpaid, or late with a refund)"), 0 },
	{ 'c', key_action, N_("c"), N_("ask to cancel"), 0 },
	{ 'y', key_action, N_("y/n"), N_("agree to / decline a cancellation"), 0 },
	{ 'n', key_action, NULL, NULL, 0 },
	{ 'w', key_action, N_("w"), N_("withdraw your cancellation request"), 0 },
	{ 'D', key_action, N_("D"), N_("open a dispute"), 0 },
	{ 'e', key_action, N_("e"), N_("add evidence to the dispute"), 0 },
	{ 'W', key_action, N_("W"), N_("withdraw the dispute"), 0 },
	{ 't', key_action, N_("t"), N_("tip the seller"), 0 },
	{ 'R', key_action, N_("R"), N_("resolve the dispute (admin)"), 0 },
	{ 'X', key_action, N_("X"), N_("cancel with a refund (admin)"), 0 },
	{ 'O', key_offer, N_("O"), N_("send the buyer a custom offer (seller)"), 0 },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};
