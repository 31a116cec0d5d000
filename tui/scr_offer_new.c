/* scr_offer_new.c: a seller writes a custom offer to a buyer (offer_send): title,
 * description, price, days, revisions and an optional list of milestones, one a line
 * as "title, amount, days" (their sum is the price). */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "app.h"
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
#include "w_form.h"

enum { N_BUYER = 1, N_TITLE, N_DESC, N_PRICE, N_DAYS, N_REVS, N_MS, N_SEND, N_CANCEL };

struct onew_offer {
	struct form fm;
	int64_t buyer_id, gig_id;
	char buyer[ACCOUNT_HANDLE_MAX + 1];
	struct offer_new n;
};

static int
offer_new_open(struct app *a, void **st, const void *arg)
{
	const struct offer_new_arg *oa = arg;
	struct onew_offer *s;
	struct field *f;

	if (!a->acct.is_freelancer)
		return JS_ERR_PERM;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	if (oa != NULL) {
		s->buyer_id = oa->buyer_id;
		s->gig_id = oa->gig_id;
		if (oa->buyer_handle != NULL)
			snprintf(s->buyer, sizeof s->buyer, "%s", oa->buyer_handle);
	}
	f = form_add(&s->fm, FK_TEXT, N_BUYER, N_("Buyer"), ACCOUNT_HANDLE_MAX, LE_ASCII);
	f->width = 24;
	f->note = N_("their handle");
	lineedit_set(&f->le, s->buyer);
	f = form_add(&s->fm, FK_TEXT, N_TITLE, N_("Title"), OFFER_TITLE_MAX, 0);
	f->width = 50;
	f = form_add(&s->fm, FK_AREA, N_DESC, N_("Description"), OFFER_DESC_MAX, 0);
	if (f == NULL)
		goto nomem;
	f->rows = 4;
	f = form_add(&s->fm, FK_TEXT, N_PRICE, N_("Price (yuan)"), 16, 0);
	f->width = 14;
	f->note = N_("with milestones: their sum");
	f = form_add(&s->fm, FK_TEXT, N_DAYS, N_("Delivery days"), 4, LE_ASCII);
	f->width = 8;
	f = form_add(&s->fm, FK_TEXT, N_REVS, N_("Revisions"), 8, 0);
	f->width = 8;
	f->note = N_("a number, or \"unlimited\"");
	lineedit_set(&f->le, "1");
	f = form_add(&s->fm, FK_AREA, N_MS, N_("Milestones"), 2000, 0);
	if (f == NULL)
		goto nomem;
	f->rows = 3;
	f->note = N_("optional: one a line, \"title, amount, days\"");
	form_add(&s->fm, FK_BUTTON, N_SEND, N_("Send the offer"), 0, 0);
	form_add(&s->fm, FK_BUTTON, N_CANCEL, N_("Cancel"), 0, 0);
	form_focus(&s->fm, s->buyer[0] ? N_TITLE : N_BUYER);
	*st = s;
	return 0;
nomem:
	form_free(&s->fm);
	free(s);
	return JS_ERR_NOMEM;
}

static void
offer_new_close(struct app *a, void *st)
{
	struct onew_offer *s = st;

	(void)a;
	form_free(&s->fm);
	free(s);
}

static void
offer_new_draw(struct app *a, void *st, WINDOW *w)
{
	struct onew_offer *s = st;

	draw_text(w, 1, 2, getmaxx(w) - 4, _("A custom offer"), theme_attr(T_TITLE));
	form_draw(a, &s->fm, w, 2, 0, getmaxy(w) - 2, getmaxx(w) - 1);
}

static int
bad(struct onew_offer *s, int id, const char *msg)
{
	form_msg(&s->fm, id, msg, 0);
	form_focus(&s->fm, id);
	return R_HANDLED | R_REDRAW;
}

static int
send(struct app *a, struct onew_offer *s)
{
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	struct offer_new *n = &s->n;
	struct account buyer;
	const char *msg = NULL;
	int64_t sum = 0, id;
	int days = 0, line = 0, r;
	char v[32], buf[160];

	form_clear_msgs(&s->fm);
	memset(n, 0, sizeof *n);
	if (account_by_handle(a->db, form_text(&s->fm, N_BUYER), &buyer) != 0)
		return bad(s, N_BUYER, _("no such account"));
	if (buyer.id == a->acct.id)
		return bad(s, N_BUYER, _("not to yourself"));
	n->buyer_id = buyer.id;
	n->gig_id = buyer.id == s->buyer_id ? s->gig_id : 0;
	if (form_text(&s->fm, N_TITLE)[0] == '\0')
		return bad(s, N_TITLE, _("required"));
	snprintf(n->title, sizeof n->title, "%s", form_text(&s->fm, N_TITLE));
	snprintf(n->description, sizeof n->description, "%s", form_text(&s->fm, N_DESC));
	if (order_ui_parse_milestones(form_text(&s->fm, N_MS), n->ms, ORDER_MILESTONES_MAX,
	    &n->n_ms, &sum, &days, &line, &msg) != 0) {
		snprintf(buf, sizeof buf, _("line %d: %s"), line, msg);
		return bad(s, N_MS, buf);
	}
	if (n->n_ms == 1)
		return bad(s, N_MS, _("at least two milestones, or none"));
	if (n->n_ms > 0 && form_text(&s->fm, N_PRICE)[0] == '\0')
		n->price = sum;
	else if (gig_ui_parse_price(form_text(&s->fm, N_PRICE), 0, &n->price, &msg) != 0)
		return bad(s, N_PRICE, msg);
	if (n->n_ms > 0 && n->price != sum) {
		money_format(sum, v, sizeof v);
		snprintf(buf, sizeof buf, _("the milestones add up to %s"), v);
		return bad(s, N_PRICE, buf);
	}
	if (n->n_ms > 0 && form_text(&s->fm, N_DAYS)[0] == '\0')
		n->delivery_days = days;
	else if (gig_ui_parse_int(form_text(&s->fm, N_DAYS), 1, GIG_DAYS_MAX,
	    &n->delivery_days, &msg) != 0)
		return bad(s, N_DAYS, msg);
	if (n->n_ms > 0 && n->delivery_days != days) {
		snprintf(buf, sizeof buf, _("the milestones add up to %d days"), days);
		return bad(s, N_DAYS, buf);
	}
	if (gig_ui_parse_revisions(form_text(&s->fm, N_REVS), &n->revisions, &msg) != 0)
		return bad(s, N_REVS, msg);
	if ((r = offer_send(&cx, a->acct.id, n, &id)) != 0) {
		app_flash_err(a, _("Send the offer"), r);
		return R_HANDLED | R_REDRAW;
	}
	app_flash(a, FLASH_OK, _("Offer sent to @%s."), buyer.handle);
	return R_HANDLED | R_POP;
}

static int
offer_new_input(struct app *a, void *st, int key)
{
	struct onew_offer *s = st;
	enum form_ev ev;
	int id, r;

	if (key == TK_CTRL('s'))
		return send(a, s);
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_CHANGED)
		form_msg(&s->fm, id, NULL, 0);
	if (ev == FE_BUTTON)
		return id == N_SEND ? send(a, s) : R_HANDLED | R_POP;
	return r;
}

static int
offer_new_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct onew_offer *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return id == N_SEND ? send(a, s) : R_HANDLED | R_POP;
	return r;
}

static const struct keybind offer_new_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("send"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back without sending"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_offer_new = {
	.name = "offer_new",
	.title = N_("New offer"),
	.keys = offer_new_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = offer_new_open,
	.close = offer_new_close,
	.draw = offer_new_draw,
	.input = offer_new_input,
	.mouse = offer_new_mouse,
};
