/* scr_dispute_resolve.c: an admin decides a dispute: full refund, full release, or a
 * split (a percentage through order_split_amount, or an amount for the buyer), with a
 * written decision both sides see; confirmed with the amounts, then
 * order_resolve_dispute. */
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
#include "order_ui.h"
#include "screens.h"
#include "w_form.h"
#include "w_textview.h"

enum { D_OUTCOME = 1, D_SPLIT, D_DECISION, D_RESOLVE, D_CANCEL };

static const char *const outcome_opts[] = {
	N_("Refund the buyer"), N_("Release to the seller"), N_("Split"),
};

struct dres {
	int64_t order_id;
	struct order_info oi;
	struct dispute_info *d;
	struct form fm;
	enum dispute_outcome outcome;
	int64_t buyer_amount;
	int done;
};

static int
dres_open(struct app *a, void **st, const void *arg)
{
	const struct order_page_arg *oa = arg;
	struct dres *s;
	struct field *f;
	int r;

	if (!a->acct.is_admin)
		return JS_ERR_PERM;
	if ((s = calloc(1, sizeof *s)) == NULL || (s->d = calloc(1, sizeof *s->d)) == NULL) {
		free(s);
		return JS_ERR_NOMEM;
	}
	s->order_id = oa->order_id;
	if ((r = order_get(a->db, a->acct.id, s->order_id, &s->oi)) != 0 ||
	    (r = dispute_get(a->db, a->acct.id, s->order_id, s->d)) != 0)
		goto fail;
	f = form_add(&s->fm, FK_RADIO, D_OUTCOME, N_("Decision"), 0, 0);
	f->opts = outcome_opts;
	f->nopts = 3;
	f->sel = 2;
	f = form_add(&s->fm, FK_TEXT, D_SPLIT, N_("Buyer gets"), 16, 0);
	f->width = 12;
	/* xgettext:no-c-format */
	f->note = N_("split: 50% or an amount in yuan");
	lineedit_set(&f->le, "50%");
	if ((f = form_add(&s->fm, FK_AREA, D_DECISION, N_("Written decision"),
	    ORDER_MESSAGE_MAX, 0)) == NULL) {
		r = JS_ERR_NOMEM;
		goto fail;
	}
	f->rows = 4;
	f->note = N_("required; both sides see it");
	form_add(&s->fm, FK_BUTTON, D_RESOLVE, N_("Resolve"), 0, 0);
	form_add(&s->fm, FK_BUTTON, D_CANCEL, N_("Cancel"), 0, 0);
	*st = s;
	return 0;
fail:
	form_free(&s->fm);
	free(s->d);
	free(s);
	return r;
}

static void
dres_close(struct app *a, void *st)
{
	struct dres *s = st;

	(void)a;
	form_free(&s->fm);
	free(s->d);
	free(s);
}

static int
dres_resume(struct app *a, void *st)
{
	struct dres *s = st;

	(void)a;
	return s->done ? R_POP : R_REDRAW;
}

static void
dres_draw(struct app *a, void *st, WINDOW *w)
{
	struct dres *s = st;
	int cols = getmaxx(w), rows = getmaxy(w), n;
	char buf[600], v[32];

	snprintf(buf, sizeof buf, _("Dispute on order #%lld: %s"), (long long)s->oi.id,
	    s->oi.title);
	draw_text(w, 1, 2, cols - 4, buf, theme_attr(T_TITLE));
	money_format(s->oi.escrow, v, sizeof v);
	snprintf(buf, sizeof buf, _("buyer @%s, seller @%s, in escrow %s, opened by @%s"),
	    s->oi.buyer_handle, s->oi.seller_handle, v, s->d->opened_by_handle);
	draw_text(w, 2, 2, cols - 4, buf, theme_attr(T_DIM));
	n = rows >= 24 ? 3 : 2;
	wtext_draw(NULL, w, 3, 2, n, cols - 4, s->d->reason, 0);
	form_draw(a, &s->fm, w, 3 + n, 0, rows - 3 - n, cols - 1);
}

static int
resolved(struct app *a, void *ud)
{
	struct dres *s = ud;
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	int r;

	r = order_resolve_dispute(&cx, a->acct.id, s->order_id, s->outcome, s->buyer_amount,
	    form_text(&s->fm, D_DECISION));
	if (r != 0) {
		app_flash_err(a, _("Resolve"), r);
		return R_REDRAW;
	}
	app_flash(a, FLASH_OK, "%s", _("Dispute resolved."));
	s->done = 1;
	return R_REDRAW;
}

static int
resolve(struct app *a, struct dres *s)
{
	struct confirm_arg ca = { .yes = resolved, .ud = s };
	const char *msg = NULL;
	char buf[512], b[32], sl[32];
	int pct;
	int64_t amt;

	form_clear_msgs(&s->fm);
	s->outcome = (enum dispute_outcome)form_field(&s->fm, D_OUTCOME)->sel;
	if (form_text(&s->fm, D_DECISION)[0] == '\0') {
		form_msg(&s->fm, D_DECISION, _("required"), 0);
		form_focus(&s->fm, D_DECISION);
		return R_HANDLED | R_REDRAW;
	}
	switch (s->outcome) {
	case DISPUTE_REFUND:
		s->buyer_amount = s->oi.escrow;
		break;
	case DISPUTE_RELEASE:
		s->buyer_amount = 0;
		break;
	default:
		if (order_ui_parse_split(form_text(&s->fm, D_SPLIT), s->oi.escrow, &pct, &amt,
		    &msg) != 0) {
			form_msg(&s->fm, D_SPLIT, msg, 0);
			form_focus(&s->fm, D_SPLIT);
			return R_HANDLED | R_REDRAW;
		}
		s->buyer_amount = pct >= 0 ? order_split_amount(s->oi.escrow, pct) : amt;
	}
	money_format(s->buyer_amount, b, sizeof b);
	money_format(s->oi.escrow - s->buyer_amount, sl, sizeof sl);
	snprintf(buf, sizeof buf, _("%s: @%s gets %s back, @%s gets %s (before commission). "
	    "This cannot be undone."), _(outcome_opts[s->outcome]), s->oi.buyer_handle, b,
	    s->oi.seller_handle, sl);
	ca.msg = buf;
	return app_push(a, &scr_confirm, &ca);
}

static int
dres_input(struct app *a, void *st, int key)
{
	struct dres *s = st;
	enum form_ev ev;
	int id, r;

	if (key == TK_CTRL('s'))
		return resolve(a, s);
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_BUTTON)
		return id == D_RESOLVE ? resolve(a, s) : R_HANDLED | R_POP;
	return r;
}

static int
dres_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct dres *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return id == D_RESOLVE ? resolve(a, s) : R_HANDLED | R_POP;
	return r;
}

static const struct keybind dres_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("resolve"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_dispute_resolve = {
	.name = "dispute_resolve",
	.title = N_("Resolve dispute"),
	.keys = dres_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = dres_open,
	.close = dres_close,
	.draw = dres_draw,
	.input = dres_input,
	.mouse = dres_mouse,
	.resume = dres_resume,
};
