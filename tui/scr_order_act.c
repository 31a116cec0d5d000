/* scr_order_act.c: the order actions that need typing: deliver (message + files),
 * ask for a revision, ask to cancel, cancel a late order, open a dispute (reason +
 * files), add evidence, tip, and an admin's cancellation. Refunds and tips are
 * confirmed with the amount; the form closes once the action succeeded. */
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
#include "order_args.h"
#include "order_ui.h"
#include "screens.h"
#include "w_filepick.h"
#include "w_form.h"

enum { F_TEXT = 1, F_AMOUNT, F_FILES, F_FILES_INFO, F_SUBMIT, F_CANCEL };

struct oact {
	struct order_act_arg arg;
	struct form fm;
	int64_t files[ORDER_FILES_MAX];
	size_t nfiles;
	int64_t tip;
	int done;                    /* succeeded: close on resume */
};

static const struct {
	const char *title, *label, *note, *submit;
	size_t max;
	int files;                   /* 0 none, 1 one, 2 several */
	int text_required;
} kinds[OF_KINDS] = {
	[OF_DELIVER] = { N_("Deliver"), N_("Message"), N_("what you deliver; files below"),
	    N_("Deliver"), ORDER_MESSAGE_MAX, 2, 0 },
	[OF_REVISION] = { N_("Ask for a revision"), N_("What to change"), NULL,
	    N_("Ask for the revision"), ORDER_REASON_MAX, 0, 1 },
	[OF_CANCEL_REQUEST] = { N_("Ask to cancel"), N_("Reason"),
	    N_("the other side agrees or declines"), N_("Send the request"),
	    ORDER_REASON_MAX, 0, 1 },
	[OF_CANCEL_LATE] = { N_("Cancel the late order"), N_("Reason"), N_("optional"),
	    N_("Cancel and refund"), ORDER_REASON_MAX, 0, 0 },
	[OF_DISPUTE] = { N_("Open a dispute"), N_("Reason"),
	    N_("what went wrong; the Jishi team decides"), N_("Open the dispute"),
	    ORDER_REASON_MAX, 2, 1 },
	[OF_EVIDENCE] = { N_("Add evidence"), N_("Evidence"), NULL, N_("Add"),
	    ORDER_REASON_MAX, 1, 0 },
	[OF_TIP] = { N_("Tip the seller"), N_("Message"), N_("optional"), N_("Send the tip"),
	    ORDER_REASON_MAX, 0, 0 },
	[OF_ADMIN_CANCEL] = { N_("Cancel as admin"), N_("Reason"),
	    N_("both sides see it"), N_("Cancel and refund"), ORDER_REASON_MAX, 0, 1 },
};

static int
oact_open(struct app *a, void **st, const void *arg)
{
	const struct order_act_arg *oa = arg;
	struct oact *s;
	struct field *f;

	(void)a;
	if (oa->kind >= OF_KINDS || (s = calloc(1, sizeof *s)) == NULL)
		return oa->kind >= OF_KINDS ? JS_ERR_INVALID : JS_ERR_NOMEM;
	s->arg = *oa;
	if (oa->kind == OF_TIP) {
		f = form_add(&s->fm, FK_TEXT, F_AMOUNT, N_("Amount (yuan)"), 16, 0);
		f->width = 14;
		f->note = N_("e.g. 50 or 88.80");
	}
	f = form_add(&s->fm, FK_AREA, F_TEXT, kinds[oa->kind].label, kinds[oa->kind].max, 0);
	if (f == NULL) {
		form_free(&s->fm);
		free(s);
		return JS_ERR_NOMEM;
	}
	f->rows = oa->kind == OF_DELIVER || oa->kind == OF_DISPUTE ? 6 : 4;
	f->note = kinds[oa->kind].note;
	if (kinds[oa->kind].files) {
		f = form_add(&s->fm, FK_INFO, F_FILES_INFO, N_("Files"), 0, 0);
		snprintf(f->info, sizeof f->info, "%s", _("(none)"));
		f = form_add(&s->fm, FK_BUTTON, F_FILES, N_("Choose files"), 0, 0);
		f->under = 1;
	}
	form_add(&s->fm, FK_BUTTON, F_SUBMIT, kinds[oa->kind].submit, 0, 0);
	form_add(&s->fm, FK_BUTTON, F_CANCEL, N_("Cancel"), 0, 0);
	*st = s;
	return 0;
}

static void
oact_close(struct app *a, void *st)
{
	struct oact *s = st;

	(void)a;
	form_free(&s->fm);
	free(s);
}

static int
oact_resume(struct app *a, void *st)
{
	struct oact *s = st;

	(void)a;
	return s->done ? R_POP : R_REDRAW;
}

static void
oact_draw(struct app *a, void *st, WINDOW *w)
{
	struct oact *s = st;
	char v[32], buf[256];

	draw_text(w, 1, 2, getmaxx(w) - 4, _(kinds[s->arg.kind].title), theme_attr(T_TITLE));
	if (s->arg.kind == OF_CANCEL_LATE || s->arg.kind == OF_ADMIN_CANCEL) {
		money_format(s->arg.amount, v, sizeof v);
		snprintf(buf, sizeof buf, _("The buyer gets back %s from escrow."), v);
		draw_text(w, 2, 2, getmaxx(w) - 4, buf, theme_attr(T_MONEY));
	}
	form_draw(a, &s->fm, w, 3, 0, getmaxy(w) - 3, getmaxx(w) - 1);
}

static int
files_done(struct app *a, void *ud, const int64_t *ids, size_t n)
{
	struct oact *s = ud;
	struct field *f = form_field(&s->fm, F_FILES_INFO);

	(void)a;
	if (n > ORDER_FILES_MAX)
		n = ORDER_FILES_MAX;
	memcpy(s->files, ids, n * sizeof ids[0]);
	s->nfiles = n;
	if (f != NULL) {
		if (n == 0)
			snprintf(f->info, sizeof f->info, "%s", _("(none)"));
		else
			snprintf(f->info, sizeof f->info, ngettext("%zu file chosen",
			    "%zu files chosen", (unsigned long)n), n);
	}
	return R_REDRAW;
}

/* Run the action (after the confirmation where money moves). */
static int
run(struct app *a, void *ud)
{
	struct oact *s = ud;
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	const char *text = form_text(&s->fm, F_TEXT);
	int64_t id = s->arg.order_id, out;
	int r;

	switch (s->arg.kind) {
	case OF_DELIVER:
		r = order_deliver(&cx, a->acct.id, id, text, s->files, s->nfiles, &out);
		break;
	case OF_REVISION:
		r = order_request_revision(&cx, a->acct.id, id, text);
		break;
	case OF_CANCEL_REQUEST:
		r = order_request_cancel(&cx, a->acct.id, id, text);
		break;
	case OF_CANCEL_LATE:
		r = order_cancel_late(&cx, a->acct.id, id, text);
		break;
	case OF_DISPUTE:
		r = order_open_dispute(&cx, a->acct.id, id, text, s->files, s->nfiles, &out);
		break;
	case OF_EVIDENCE:
		r = order_add_evidence(&cx, a->acct.id, id, text,
		    s->nfiles > 0 ? s->files[0] : 0);
		break;
	case OF_TIP:
		r = order_tip(&cx, a->acct.id, id, s->tip, text);
		break;
	case OF_ADMIN_CANCEL:
		r = order_admin_cancel(&cx, a->acct.id, id, text);
		break;
	default:
		r = JS_ERR_INVALID;
	}
	if (r != 0) {
		app_flash_err(a, _(kinds[s->arg.kind].title), r);
		return R_REDRAW;
	}
	app_flash(a, FLASH_OK, "%s", _("Done."));
	s->done = 1;
	return R_REDRAW;
}

static int
submit(struct app *a, struct oact *s)
{
	struct confirm_arg ca = { .yes = run, .ud = s };
	const char *msg = NULL;
	char buf[512], v[32];

	form_clear_msgs(&s->fm);
	if (kinds[s->arg.kind].text_required && form_text(&s->fm, F_TEXT)[0] == '\0') {
		form_msg(&s->fm, F_TEXT, _("required"), 0);
		form_focus(&s->fm, F_TEXT);
		return R_HANDLED | R_REDRAW;
	}
	if (s->arg.kind == OF_TIP) {
		if (gig_ui_parse_price(form_text(&s->fm, F_AMOUNT), 0, &s->tip, &msg) != 0 ||
		    s->tip > ORDER_TIP_MAX) {
			form_msg(&s->fm, F_AMOUNT, msg != NULL ? msg : _("too large"), 0);
			form_focus(&s->fm, F_AMOUNT);
			return R_HANDLED | R_REDRAW;
		}
		money_format(s->tip, v, sizeof v);
		snprintf(buf, sizeof buf, _("Tip %s from your wallet to the seller?"), v);
		ca.msg = buf;
		return app_push(a, &scr_confirm, &ca);
	}
	if (s->arg.kind == OF_CANCEL_LATE || s->arg.kind == OF_ADMIN_CANCEL) {
		money_format(s->arg.amount, v, sizeof v);
		snprintf(buf, sizeof buf, _("Cancel the order and refund %s to the buyer?"), v);
		ca.msg = buf;
		return app_push(a, &scr_confirm, &ca);
	}
	run(a, s);
	return R_HANDLED | R_REDRAW | (s->done ? R_POP : 0);
}

static int
button(struct app *a, struct oact *s, int id)
{
	struct filepick_arg fa = { .multi = kinds[s->arg.kind].files == 2, .allow_none = 1,
	    .max = kinds[s->arg.kind].files == 2 ? ORDER_FILES_MAX : 1,
	    .preselected = s->files, .npreselected = s->nfiles, .done = files_done, .ud = s };

	switch (id) {
	case F_FILES:
		fa.title = _("Files to attach");
		return app_push(a, &scr_filepick, &fa);
	case F_SUBMIT:
		return submit(a, s);
	default:
		return R_HANDLED | R_POP;
	}
}

static int
oact_input(struct app *a, void *st, int key)
{
	struct oact *s = st;
	enum form_ev ev;
	int id, r;

	if (key == TK_CTRL('s'))
		return submit(a, s);
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_BUTTON)
		return button(a, s, id);
	return r;
}

static int
oact_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct oact *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return button(a, s, id);
	return r;
}

static const struct keybind oact_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("send"), KB_HINT },
	{ TK_ENTER, app_key_none, N_("Enter"), N_("new line / press button"), 0 },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_order_act = {
	.name = "order_act",
	.title = N_("Order action"),
	.keys = oact_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = oact_open,
	.close = oact_close,
	.draw = oact_draw,
	.input = oact_input,
	.mouse = oact_mouse,
	.resume = oact_resume,
};
