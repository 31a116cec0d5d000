/* scr_offers.c: custom offers sent and received (offer_list, pending first): the buyer
 * accepts one into an order (then its order page opens) or declines it; the seller
 * withdraws one or writes a new one (scr_offer_new). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "money.h"
#include "offer.h"
#include "order_args.h"
#include "order_ui.h"
#include "screens.h"
#include "w_list.h"
#include "w_textview.h"

#define OFFERS_MAX 100

struct offers {
	struct offer_info *v;
	size_t n;
	int err;
	struct wlist list;
	int64_t opened_order;        /* accepted: open its page on resume */
};

static void
load(struct app *a, struct offers *o)
{
	if ((o->err = offer_list(a->db, a->acct.id, o->v, OFFERS_MAX, &o->n)) != 0)
		o->n = 0;
}

static int
offers_open(struct app *a, void **st, const void *arg)
{
	struct offers *o;

	(void)arg;
	if ((o = calloc(1, sizeof *o)) == NULL ||
	    (o->v = calloc(OFFERS_MAX, sizeof *o->v)) == NULL) {
		free(o);
		return JS_ERR_NOMEM;
	}
	load(a, o);
	*st = o;
	return 0;
}

static void
offers_close(struct app *a, void *st)
{
	struct offers *o = st;

	(void)a;
	free(o->v);
	free(o);
}

static int
offers_resume(struct app *a, void *st)
{
	struct offers *o = st;
	struct order_page_arg pa;

	load(a, o);
	if (o->opened_order != 0) {
		pa.order_id = o->opened_order;
		o->opened_order = 0;
		return app_push(a, &scr_order_page, &pa);
	}
	return R_REDRAW;
}

struct rowctx {
	struct app *a;
	struct offers *o;
};

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct rowctx *c = ud;
	const struct offer_info *f = &c->o->v[idx];
	int sent = f->seller_id == c->a->acct.id;
	char buf[400], v[32];
	int sw = 16, pw = 12, hw = 18, tw = width - sw - pw - hw - 2;

	snprintf(buf, sizeof buf, "%s @%s", sent ? _("to") : _("from"),
	    sent ? f->buyer_handle : f->seller_handle);
	draw_pad(w, y, x, hw - 1, buf, at ? at : theme_attr(T_DIM));
	draw_fill(w, y, x + hw - 1, 1, at);
	draw_pad(w, y, x + hw, sw - 1, order_ui_offer_state(f->state),
	    at ? at : theme_attr(strcmp(f->state, "pending") == 0 ? T_WARN : T_DIM));
	draw_fill(w, y, x + hw + sw - 1, 1, at);
	if (tw > 4)
		draw_pad(w, y, x + hw + sw, tw - 1, f->title, at | A_BOLD);
	money_format(f->price, v, sizeof v);
	draw_right(w, y, x + hw + sw + (tw > 4 ? tw : 0), pw, v, at ? at : theme_attr(T_MONEY));
}

static const struct offer_info *
selected(struct offers *o)
{
	return o->n > 0 && o->list.nav.sel >= 0 ? &o->v[o->list.nav.sel] : NULL;
}

static void
offers_draw(struct app *a, void *st, WINDOW *w)
{
	struct offers *o = st;
	struct rowctx c = { a, o };
	const struct offer_info *f;
	int cols = getmaxx(w), rows = getmaxy(w), lh, detail;
	char buf[600], v[32], d[32], r[64];

	draw_text(w, 1, 2, cols - 4, _("Custom offers"), theme_attr(T_TITLE));
	if (o->err != 0) {
		draw_text(w, 3, 2, cols - 4, app_strerror(o->err), theme_attr(T_ERR));
		return;
	}
	if (o->n == 0) {
		draw_text(w, 3, 2, cols - 4, a->acct.is_freelancer ?
		    _("No offers yet. Press n to send a buyer a custom offer.") :
		    _("No offers yet. Sellers can send you custom offers."), theme_attr(T_DIM));
		return;
	}
	detail = rows >= 16 ? 6 : 0;
	lh = rows - 3 - detail;
	wlist_draw(&o->list, w, 3, 0, lh, cols - 1, (int)o->n, row, &c);
	if (detail == 0 || (f = selected(o)) == NULL)
		return;
	money_format(f->price, v, sizeof v);
	gig_ui_days(f->delivery_days, d, sizeof d);
	gig_ui_revisions_long(f->revisions, r, sizeof r);
	if (f->n_ms > 0)
		snprintf(buf, sizeof buf, ngettext("%s   %s   %s   %zu milestone",
		    "%s   %s   %s   %zu milestones", (unsigned long)f->n_ms), v, d, r, f->n_ms);
	else
		snprintf(buf, sizeof buf, "%s   %s   %s", v, d, r);
	draw_text(w, 3 + lh, 2, cols - 4, buf, theme_attr(T_HEAD));
	wtext_draw(NULL, w, 4 + lh, 2, detail - 2, cols - 4, f->description, 0);
	if (strcmp(f->state, "pending") == 0)
		draw_text(w, rows - 1, 2, cols - 4, f->buyer_id == a->acct.id ?
		    _("a accepts it (an order to pay), d declines it.") :
		    _("w withdraws it."), theme_attr(T_KEY));
}

static int
accepted(struct app *a, void *ud)
{
	struct offers *o = ud;
	const struct offer_info *f = selected(o);
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	int64_t order_id = 0;
	int r;

	if (f == NULL)
		return 0;
	if ((r = offer_accept(&cx, a->acct.id, f->id, &order_id)) != 0) {
		app_flash_err(a, _("Accept offer"), r);
		return R_REDRAW;
	}
	app_flash(a, FLASH_OK, "%s", _("Offer accepted: pay the order to start it."));
	o->opened_order = order_id;
	return R_REDRAW;
}

static int
declined(struct app *a, void *ud)
{
	struct offers *o = ud;
	const struct offer_info *f = selected(o);
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	int r;

	if (f == NULL)
		return 0;
	r = f->buyer_id == a->acct.id ? offer_decline(&cx, a->acct.id, f->id) :
	    offer_withdraw(&cx, a->acct.id, f->id);
	if (r != 0)
		app_flash_err(a, _("Offer"), r);
	else
		app_flash(a, FLASH_OK, "%s", _("Done."));
	load(a, o);
	return R_REDRAW;
}

static int
key_answer(struct app *a, void *st, int key)
{
	struct offers *o = st;
	const struct offer_info *f = selected(o);
	struct confirm_arg ca = { .ud = o };
	char msg[512], v[32];

	if (f == NULL || strcmp(f->state, "pending") != 0) {
		app_flash(a, FLASH_INFO, "%s", _("Only a pending offer can be answered."));
		return R_HANDLED | R_REDRAW;
	}
	money_format(f->price, v, sizeof v);
	if (key == 'a' && f->buyer_id == a->acct.id) {
		snprintf(msg, sizeof msg, _("Accept \"%s\" for %s? It becomes an order for you "
		    "to pay (plus the service fee)."), f->title, v);
		ca.yes = accepted;
	} else if (key == 'd' && f->buyer_id == a->acct.id) {
		snprintf(msg, sizeof msg, _("Decline \"%s\"?"), f->title);
		ca.yes = declined;
	} else if (key == 'w' && f->seller_id == a->acct.id) {
		snprintf(msg, sizeof msg, _("Withdraw \"%s\"?"), f->title);
		ca.yes = declined;
	} else {
		app_flash(a, FLASH_INFO, "%s", f->buyer_id == a->acct.id ?
		    _("a accepts, d declines.") : _("w withdraws your offer."));
		return R_HANDLED | R_REDRAW;
	}
	ca.msg = msg;
	return app_push(a, &scr_confirm, &ca);
}

static int
key_open(struct app *a, void *st, int key)
{
	const struct offer_info *f = selected(st);
	struct order_page_arg pa;

	if (f == NULL)
		return R_HANDLED;
	if (f->order_id != 0) {
		pa.order_id = f->order_id;
		return app_push(a, &scr_order_page, &pa);
	}
	(void)key;
	if (strcmp(f->state, "pending") == 0)
		return key_answer(a, st, f->buyer_id == a->acct.id ? 'a' : 'w');
	app_flash(a, FLASH_INFO, "%s", order_ui_offer_state(f->state));
	return R_HANDLED | R_REDRAW;
}

static int
key_new(struct app *a, void *st, int key)
{
	struct offer_new_arg oa = { 0 };

	(void)st;
	(void)key;
	if (!a->acct.is_freelancer) {
		app_flash(a, FLASH_INFO, "%s", _("Only sellers send offers."));
		return R_HANDLED | R_REDRAW;
	}
	return app_push(a, &scr_offer_new, &oa);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct offers *o = st;

	(void)a;
	return wlist_key(&o->list, key);
}

static const struct keybind offers_keys[] = {
	{ TK_ENTER, key_open, N_("Enter"), N_("open the order"), KB_HINT },
	{ 'a', key_answer, N_("a"), N_("accept"), KB_HINT },
	{ 'd', key_answer, N_("d"), N_("decline"), KB_HINT },
	{ 'w', key_answer, N_("w"), N_("withdraw"), KB_HINT },
	{ 'n', key_new, N_("n"), N_("new offer"), KB_HINT },
	{ 'j', key_nav, N_("j/k"), N_("move"), 0 },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_offers = {
	.name = "offers",
	.title = N_("Offers"),
	.keys = offers_keys,
	.open = offers_open,
	.close = offers_close,
	.draw = offers_draw,
	.resume = offers_resume,
};
