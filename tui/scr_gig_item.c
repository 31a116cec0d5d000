/* scr_gig_item.c: a dialog over the gig editor for one extra, requirement or FAQ item:
 * the values are checked with gig_validate (errors beside their field) before they are
 * stored in the editor's content. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_form.h"

enum { I_KIND = 1, I_TITLE, I_DESC, I_PRICE, I_DAYS, I_QUESTION, I_RKIND, I_CHOICES,
	I_REQUIRED, I_Q, I_A, I_OK, I_CANCEL };

static const char *const extra_kinds[] = { "fast_delivery", "extra_revision", "custom" };
static const char *const extra_opts[] = { N_("Faster delivery"), N_("Extra revision"),
	N_("Custom") };
static const char *const req_kinds[] = { "text", "choice", "attachment" };
static const char *const req_opts[] = { N_("Text answer"), N_("Choice"), N_("File") };
static const char *const yes_no[] = { N_("Yes"), N_("No") };

struct gitem {
	struct gig_item_arg arg;
	struct form fm;
	char title[128];
};

static int
kind_index(const char *const *v, int n, const char *k)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], k) == 0)
			return i;
	return n - 1;
}

static struct field *
add(struct form *fm, enum fkind kind, int id, const char *label, size_t max, int width,
    const char *note)
{
	struct field *f = form_add(fm, kind, id, label, max, 0);

	if (f != NULL) {
		f->width = width;
		f->note = note;
		f->rows = 3;
	}
	return f;
}

static struct field *
radio(struct form *fm, int id, const char *label, const char *const *opts, int n, int sel)
{
	struct field *f = form_add(fm, FK_RADIO, id, label, 0, 0);

	if (f != NULL) {
		f->opts = opts;
		f->nopts = n;
		f->sel = sel;
	}
	return f;
}

static int
build(struct gitem *g)
{
	struct gig_content *c = g->arg.c;
	size_t i = g->arg.index;
	struct form *fm = &g->fm;
	char buf[1200];
	struct field *f;

	switch (g->arg.kind) {
	case GI_EXTRA: {
		const struct gig_extra *x = i < c->n_extras ? &c->extras[i] : NULL;

		snprintf(g->title, sizeof g->title, "%s", _("Extra"));
		radio(fm, I_KIND, N_("Kind"), extra_opts, 3,
		    x != NULL ? kind_index(extra_kinds, 3, x->kind) : 2);
		add(fm, FK_TEXT, I_TITLE, N_("Title"), GIG_EXTRA_TITLE_MAX, 36, NULL);
		if ((f = add(fm, FK_AREA, I_DESC, N_("Details"), GIG_EXTRA_DESC_MAX, 0,
		    NULL)) == NULL)
			return JS_ERR_NOMEM;
		add(fm, FK_TEXT, I_PRICE, N_("Price"), 16, 12, N_("yuan; 0 is free"));
		add(fm, FK_TEXT, I_DAYS, N_("Extra days"), 4, 6,
		    N_("faster delivery: negative, e.g. -2"));
		if (x != NULL) {
			lineedit_set(&form_field(fm, I_TITLE)->le, x->title);
			textarea_set(&f->ta, x->description);
			gig_ui_price_input(x->price, 0, buf, sizeof buf);
			lineedit_set(&form_field(fm, I_PRICE)->le, buf);
			snprintf(buf, sizeof buf, "%d", x->added_days);
			lineedit_set(&form_field(fm, I_DAYS)->le, buf);
		}
		break;
	}
	case GI_REQ: {
		const struct gig_requirement *q = i < c->n_reqs ? &c->reqs[i] : NULL;

		snprintf(g->title, sizeof g->title, "%s", _("Question for the buyer"));
		if ((f = add(fm, FK_AREA, I_QUESTION, N_("Question"), GIG_REQ_QUESTION_MAX, 0,
		    NULL)) == NULL)
			return JS_ERR_NOMEM;
		radio(fm, I_RKIND, N_("Answer"), req_opts, 3,
		    q != NULL ? kind_index(req_kinds, 3, q->kind) : 0);
		add(fm, FK_TEXT, I_CHOICES, N_("Choices"), 440, 40,
		    N_("for a choice: 2 to 10, separated by commas"));
		radio(fm, I_REQUIRED, N_("Required"), yes_no, 2, q != NULL && !q->required);
		if (q != NULL) {
			textarea_set(&f->ta, q->question);
			gig_ui_join(q->choices[0], sizeof q->choices[0], q->n_choices, buf,
			    sizeof buf);
			lineedit_set(&form_field(fm, I_CHOICES)->le, buf);
		}
		break;
	}
	default: {
		const struct gig_faq_item *q = i < c->n_faq ? &c->faq[i] : NULL;

		snprintf(g->title, sizeof g->title, "%s", _("Question and answer"));
		add(fm, FK_TEXT, I_Q, N_("Question"), GIG_FAQ_Q_MAX, 60, NULL);
		if ((f = add(fm, FK_AREA, I_A, N_("Answer"), GIG_FAQ_A_MAX, 0, NULL)) == NULL)
			return JS_ERR_NOMEM;
		f->rows = 5;
		if (q != NULL) {
			lineedit_set(&form_field(fm, I_Q)->le, q->question);
			textarea_set(&f->ta, q->answer);
		}
	}
	}
	form_add(fm, FK_BUTTON, I_OK, N_("OK"), 0, 0);
	form_add(fm, FK_BUTTON, I_CANCEL, N_("Cancel"), 0, 0);
	return 0;
}

static int
gitem_open(struct app *a, void **st, const void *arg)
{
	struct gitem *g;

	(void)a;
	if ((g = calloc(1, sizeof *g)) == NULL)
		return JS_ERR_NOMEM;
	g->arg = *(const struct gig_item_arg *)arg;
	if (build(g) != 0) {
		form_free(&g->fm);
		free(g);
		return JS_ERR_NOMEM;
	}
	*st = g;
	return 0;
}

static void
gitem_close(struct app *a, void *st)
{
	struct gitem *g = st;

	(void)a;
	form_free(&g->fm);
	free(g);
}

static void
gitem_draw(struct app *a, void *st, WINDOW *w)
{
	struct gitem *g = st;
	int wd = getmaxx(w) - 4 < 88 ? getmaxx(w) - 4 : 88, h = getmaxy(w) - 2;
	int y, x = (getmaxx(w) - wd) / 2, i;

	i = g->arg.kind == GI_FAQ ? 12 : g->arg.kind == GI_REQ ? 13 : 12;
	if (h > i)
		h = i;
	y = (getmaxy(w) - h) / 2;
	for (i = 0; i < h; i++)          /* whole rows: no wide character cut in half */
		draw_fill(w, y + i, 0, getmaxx(w), 0);
	draw_box(w, y, x, h, wd, theme_attr(T_BORDER));
	draw_printf(w, y, x + 2, wd - 4, theme_attr(T_TITLE), " %s ", g->title);
	form_draw(a, &g->fm, w, y + 1, x + 1, h - 2, wd - 2);
}

/* The form into item *out (of the arg's kind). 0, or -1 with a message on a field. */
static int
read_item(struct gitem *g, void *out)
{
	struct form *fm = &g->fm;
	const char *msg = NULL;

	if (g->arg.kind == GI_EXTRA) {
		struct gig_extra *x = out;

		snprintf(x->kind, sizeof x->kind, "%s", extra_kinds[form_field(fm, I_KIND)->sel]);
		snprintf(x->title, sizeof x->title, "%s", form_text(fm, I_TITLE));
		snprintf(x->description, sizeof x->description, "%s", form_text(fm, I_DESC));
		if (gig_ui_parse_price(form_text(fm, I_PRICE), 1, &x->price, &msg) != 0) {
			form_msg(fm, I_PRICE, msg, 0);
			form_focus(fm, I_PRICE);
			return -1;
		}
		if (form_text(fm, I_DAYS)[0] == '\0')
			x->added_days = 0;
		else if (gig_ui_parse_int(form_text(fm, I_DAYS), -GIG_DAYS_MAX, GIG_DAYS_MAX,
		    &x->added_days, &msg) != 0) {
			form_msg(fm, I_DAYS, msg, 0);
			form_focus(fm, I_DAYS);
			return -1;
		}
	} else if (g->arg.kind == GI_REQ) {
		struct gig_requirement *q = out;

		snprintf(q->question, sizeof q->question, "%s", form_text(fm, I_QUESTION));
		snprintf(q->kind, sizeof q->kind, "%s", req_kinds[form_field(fm, I_RKIND)->sel]);
		q->required = form_field(fm, I_REQUIRED)->sel == 0;
		if (strcmp(q->kind, "choice") == 0 &&
		    gig_choices_parse(form_text(fm, I_CHOICES), q) != 0) {
			form_msg(fm, I_CHOICES, _("at most 10 choices of 40 characters"), 0);
			form_focus(fm, I_CHOICES);
			return -1;
		}
	} else {
		struct gig_faq_item *q = out;

		snprintf(q->question, sizeof q->question, "%s", form_text(fm, I_Q));
		snprintf(q->answer, sizeof q->answer, "%s", form_text(fm, I_A));
	}
	return 0;
}

/* Check the item among its siblings in a content that is otherwise valid. */
static int
validate(struct gitem *g, struct gig_content *t, struct gig_bad *bad)
{
	const struct gig_content *c = g->arg.c;
	int days = GIG_DAYS_MAX, i;

	snprintf(t->title, sizeof t->title, "%s", "xxxxx");
	snprintf(t->description, sizeof t->description, "%s", "x");
	t->category_id = 1;
	for (i = 0; i < GIG_TIERS; i++)
		if (c->pkg[i].present && c->pkg[i].delivery_days >= 1 &&
		    c->pkg[i].delivery_days < days)
			days = c->pkg[i].delivery_days;
	t->pkg[0].present = 1;
	snprintf(t->pkg[0].name, sizeof t->pkg[0].name, "%s", "x");
	t->pkg[0].price = GIG_PRICE_MIN;
	t->pkg[0].delivery_days = days;
	return gig_validate(t, bad);
}

static int
ok(struct app *a, struct gitem *g)
{
	static const struct { const char *field; int id; } map[] = {
		{ "extra_kind", I_KIND }, { "extra_title", I_TITLE },
		{ "extra_description", I_DESC }, { "extra_price", I_PRICE },
		{ "extra_days", I_DAYS }, { "requirement_question", I_QUESTION },
		{ "requirement_kind", I_RKIND }, { "requirement_choices", I_CHOICES },
		{ "faq_question", I_Q }, { "faq_answer", I_A },
	};
	struct gig_content *c = g->arg.c, *t;
	struct gig_bad bad = { 0 };
	size_t i = g->arg.index, k;
	int r;

	form_clear_msgs(&g->fm);
	if ((t = calloc(1, sizeof *t)) == NULL)
		return R_HANDLED;
	memcpy(t->extras, c->extras, sizeof t->extras);
	t->n_extras = c->n_extras;
	memcpy(t->reqs, c->reqs, sizeof t->reqs);
	t->n_reqs = c->n_reqs;
	memcpy(t->faq, c->faq, sizeof t->faq);
	t->n_faq = c->n_faq;
	if (read_item(g, g->arg.kind == GI_EXTRA ? (void *)&t->extras[i] :
	    g->arg.kind == GI_REQ ? (void *)&t->reqs[i] : (void *)&t->faq[i]) != 0) {
		free(t);
		return R_HANDLED | R_REDRAW;
	}
	if (g->arg.kind == GI_EXTRA && i == t->n_extras)
		t->n_extras++;
	if (g->arg.kind == GI_REQ && i == t->n_reqs)
		t->n_reqs++;
	if (g->arg.kind == GI_FAQ && i == t->n_faq)
		t->n_faq++;
	if ((r = validate(g, t, &bad)) != 0 && bad.field != NULL && (int)i == bad.index) {
		for (k = 0; k < sizeof map / sizeof map[0]; k++)
			if (strcmp(map[k].field, bad.field) == 0) {
				form_msg(&g->fm, map[k].id, gig_ui_bad_text(&bad, r), 0);
				form_focus(&g->fm, map[k].id);
				free(t);
				return R_HANDLED | R_REDRAW;
			}
	}
	if (r != 0 && bad.field != NULL && (bad.field[strlen(bad.field) - 1] == 's' ||
	    !strcmp(bad.field, "faq")) && bad.index < 0) {
		app_flash(a, FLASH_ERR, "%s", gig_ui_bad_text(&bad, r));
		free(t);
		return R_HANDLED | R_REDRAW;
	}
	memcpy(c->extras, t->extras, sizeof c->extras);
	c->n_extras = t->n_extras;
	memcpy(c->reqs, t->reqs, sizeof c->reqs);
	c->n_reqs = t->n_reqs;
	memcpy(c->faq, t->faq, sizeof c->faq);
	c->n_faq = t->n_faq;
	free(t);
	return g->arg.done(a, g->arg.ud) | R_HANDLED | R_POP;
}

static int
gitem_input(struct app *a, void *st, int key)
{
	struct gitem *g = st;
	enum form_ev ev;
	int id, r;

	if (key == TK_ESC)
		return R_HANDLED | R_POP;
	if (key == TK_CTRL('s'))
		return ok(a, g);
	r = form_key(a, &g->fm, key, &ev, &id);
	if (ev == FE_CHANGED)
		form_msg(&g->fm, id, NULL, 0);
	if (ev == FE_BUTTON)
		return id == I_OK ? ok(a, g) : R_HANDLED | R_POP;
	return r;
}

static int
gitem_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct gitem *g = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &g->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return id == I_OK ? ok(a, g) : R_HANDLED | R_POP;
	return r | R_HANDLED;
}

static const struct keybind gitem_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("OK"), KB_HINT },
	{ TK_ESC, app_key_none, N_("Esc"), N_("cancel"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_gig_item = {
	.name = "gig_item",
	.title = N_("Item"),
	.keys = gitem_keys,
	.flags = SCREEN_OVERLAY | SCREEN_OWN_KEYS,
	.open = gitem_open,
	.close = gitem_close,
	.draw = gitem_draw,
	.input = gitem_input,
	.mouse = gitem_mouse,
};
