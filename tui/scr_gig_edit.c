/* scr_gig_edit.c: create or edit a gig in seven steps (overview, packages, extras,
 * description + FAQ, requirements, media, review): the step bar, moving between steps,
 * saving a draft, publishing, and validation errors taken back to their field. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "scr_gig_edit.h"
#include "screens.h"
#include "w_page.h"

static const char *const step_names[ST_COUNT] = {
	N_("Overview"), N_("Packages"), N_("Extras"), N_("Description & FAQ"),
	N_("Requirements"), N_("Media"), N_("Review"),
};

struct gshell {
	struct gedit e;
	int bar_x[ST_COUNT + 1];     /* where each step's label starts (mouse) */
	int esc_armed;               /* Esc once with unsaved changes: again leaves */
	char check[300];             /* the review's verdict, "" when ready */
	int check_step;
	int rows;                    /* review page rows, last draw */
	int moderated;
};

void
gedit_msg(struct gedit *e, int step, const char *msg)
{
	snprintf(e->msg[step], sizeof e->msg[step], "%s", msg != NULL ? msg : "");
}

/* The parent of the chosen category becomes the one shown in the lists. */
static void
select_category(struct gedit *e)
{
	size_t i, j, np = 0, ns = 0;

	for (i = 0; i < e->ncats; i++)
		if (e->cats[i].id == e->c->category_id)
			e->parent = e->cats[i].parent_id;
	if (e->parent == 0) {
		for (i = 0; i < e->ncats; i++)
			if (e->cats[i].depth == 0) {
				e->parent = e->cats[i].id;
				break;
			}
	}
	for (i = 0; i < e->ncats; i++) {
		if (e->cats[i].depth != 0)
			continue;
		if (e->cats[i].id == e->parent)
			e->pl.nav.sel = (int)np;
		np++;
	}
	for (j = 0; j < e->ncats; j++) {
		if (e->cats[j].depth == 0 || e->cats[j].parent_id != e->parent)
			continue;
		if (e->cats[j].id == e->c->category_id)
			e->sl.nav.sel = (int)ns;
		ns++;
	}
}

static int
load(struct app *a, struct gedit *e, int64_t id)
{
	struct gig_page *g;
	int r;

	if ((g = calloc(1, sizeof *g)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = gig_get(a->db, a->acct.id, id, g)) == 0 && !g->is_owner)
		r = JS_ERR_PERM;
	if (r == 0) {
		*e->c = g->c;
		snprintf(e->status, sizeof e->status, "%s", g->status);
		e->id = id;
	}
	free(g);
	return r;
}

static void
gshell_free(struct gshell *s)
{
	gedit_forms_free(&s->e);
	free(s->e.cats);
	free(s->e.c);
	free(s);
}

static int
gshell_open(struct app *a, void **st, const void *arg)
{
	const struct gig_edit_arg *ea = arg;
	struct gshell *s;
	struct gedit *e;
	int r;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	e = &s->e;
	if ((e->c = calloc(1, sizeof *e->c)) == NULL ||
	    (e->cats = calloc(DISCOVERY_CATEGORIES_MAX, sizeof *e->cats)) == NULL ||
	    (r = gedit_forms_init(e)) != 0) {
		gshell_free(s);
		return JS_ERR_NOMEM;
	}
	if ((r = discovery_categories(a->db, e->cats, DISCOVERY_CATEGORIES_MAX, &e->ncats)) != 0 ||
	    (ea != NULL && ea->gig_id != 0 && (r = load(a, e, ea->gig_id)) != 0)) {
		gshell_free(s);
		return r;
	}
	if (gig_moderation_on(a->db, &s->moderated) != 0)
		s->moderated = 0;
	gedit_forms_fill(e);
	select_category(e);
	*st = s;
	return 0;
}

static void
gshell_close(struct app *a, void *st)
{
	(void)a;
	gshell_free(st);
}

/* The step bar; compact (numbers only but the current step) when it does not fit. */
static void
draw_bar(struct gshell *s, WINDOW *w, int cols)
{
	char buf[ST_COUNT][96];
	int i, x = 1, total = 0, compact;

	for (i = 0; i < ST_COUNT; i++) {
		snprintf(buf[i], sizeof buf[i], " %d %s ", i + 1, _(step_names[i]));
		total += draw_width(buf[i]) + 1;
	}
	compact = total > cols - 2;
	for (i = 0; i < ST_COUNT; i++) {
		if (compact && i != s->e.step)
			snprintf(buf[i], sizeof buf[i], " %d ", i + 1);
		s->bar_x[i] = x;
		x += draw_text(w, 0, x, cols - x, buf[i], theme_attr(i == s->e.step ? T_SEL :
		    i < s->e.step ? T_TITLE : T_DIM)) + 1;
	}
	s->bar_x[ST_COUNT] = x;
}

static void
draw_review(struct app *a, struct gshell *s, WINDOW *w, int y, int h, int wd)
{
	struct gedit *e = &s->e;
	const struct gig_content *c = e->c;
	struct page pg;
	char buf[1400], v[64], d[64], r[64];
	int t, lw = 14;

	page_begin(&pg, w, y, 2, h - 3, wd - 4, e->rv_top);
	if (s->check[0]) {
		page_wrap(&pg, 0, s->check, theme_attr(T_ERR));
		page_line(&pg, 0, _("Ctrl-P or a click on the step bar takes you back."),
		    theme_attr(T_DIM));
	} else
		page_line(&pg, 0, !strcmp(e->status, "active") || !strcmp(e->status, "paused") ?
		    _("Ready. Saving updates the live service.") : s->moderated ?
		    _("Ready. Publishing sends it for review; it goes live once approved.") :
		    _("Ready. Publishing puts it live at once."), theme_attr(T_OK));
	page_blank(&pg);
	page_pair(&pg, 0, lw, _("Title"), c->title[0] ? c->title : "-", A_BOLD);
	page_pair(&pg, 0, lw, _("Category"), gedit_cat_path(e, buf, sizeof buf), 0);
	gig_ui_join(c->tags[0], sizeof c->tags[0], c->n_tags, buf, sizeof buf);
	page_pair(&pg, 0, lw, _("Tags"), buf[0] ? buf : "-", 0);
	page_pair(&pg, 0, lw, _("Status"), e->status[0] ? gig_ui_status(e->status) :
	    _("new"), 0);
	for (t = 0; t < GIG_TIERS; t++) {
		const struct gig_package *k = &c->pkg[t];

		if (!k->present)
			continue;
		gig_ui_price(k->price, v, sizeof v);
		gig_ui_days(k->delivery_days, d, sizeof d);
		gig_ui_revisions_long(k->revisions, r, sizeof r);
		snprintf(buf, sizeof buf, _("%s   %s   %s, %s"), v, k->name, d, r);
		page_pair(&pg, 0, lw, gig_ui_tier((enum gig_tier)t), buf, 0);
	}
	snprintf(buf, sizeof buf, _("extras: %zu   FAQ: %zu   requirements: %zu   files: %zu"),
	    c->n_extras, c->n_faq, c->n_reqs, c->n_media);
	page_pair(&pg, 0, lw, _("Also"), buf, 0);
	page_blank(&pg);
	page_line(&pg, 0, _("Description"), theme_attr(T_HEAD));
	page_wrap(&pg, 2, c->description[0] ? c->description : "-", 0);
	e->rv_top = page_end(&pg);
	s->rows = pg.row;
	form_draw(a, &e->rv, w, y + h - 3, 0, 3, wd);
}

static void
gshell_draw(struct app *a, void *st, WINDOW *w)
{
	struct gshell *s = st;
	struct gedit *e = &s->e;
	int cols = getmaxx(w), rows = getmaxy(w), y = 2, h = rows - 2, live;

	draw_bar(s, w, cols);
	live = !strcmp(e->status, "active") || !strcmp(e->status, "paused");
	form_field(&e->rv, RV_PUBLISH)->label = live ? N_("Save changes") : N_("Publish");
	form_field(&e->rv, RV_DRAFT)->label = live ? N_("Save and keep editing") :
	    N_("Save draft");
	switch (e->step) {
	case ST_OVERVIEW:
		gedit_draw_overview(a, e, w, y, h, cols - 1);
		break;
	case ST_PACKAGES:
		gedit_draw_packages(a, e, w, y, h, cols - 1);
		break;
	case ST_DESC:
		gedit_draw_desc(a, e, w, y, h, cols - 1);
		break;
	case ST_REVIEW:
		draw_review(a, s, w, y, h, cols - 1);
		break;
	default:
		gedit_draw_list(a, e, w, y, h, cols - 1);
	}
}

/* Read the forms and check everything; s->check gets the first problem. */
static void
check(struct gshell *s)
{
	struct gedit *e = &s->e;
	struct gig_bad bad = { 0 };
	int step, r;

	s->check[0] = '\0';
	if ((step = gedit_forms_read(e, -1)) >= 0) {
		snprintf(s->check, sizeof s->check, _("Step %d (%s): some values cannot be read."),
		    step + 1, _(step_names[step]));
		s->check_step = step;
		return;
	}
	if (e->c->category_id == 0) {
		bad.field = "category";
		r = JS_ERR_INVALID;
	} else if ((r = gig_validate(e->c, &bad)) == 0)
		return;
	step = gedit_forms_bad(e, &bad, gig_ui_bad_text(&bad, r));
	if (step < 0)
		step = gedit_lists_bad(e, &bad, gig_ui_bad_text(&bad, r));
	s->check_step = step < 0 ? ST_REVIEW : step;
	snprintf(s->check, sizeof s->check, _("Step %d (%s): %s"), s->check_step + 1,
	    _(step_names[s->check_step]), gig_ui_bad_text(&bad, r));
}

static int
go(struct gshell *s, int step)
{
	struct gedit *e = &s->e;

	if (step < 0 || step >= ST_COUNT || step == e->step)
		return R_HANDLED;
	if (e->step == ST_OVERVIEW || e->step == ST_PACKAGES || e->step == ST_DESC)
		gedit_forms_read(e, e->step);
	e->step = step;
	if (step == ST_REVIEW) {
		check(s);
		e->rv_top = 0;
		e->rv.focus = 0;
	}
	return R_HANDLED | R_REDRAW;
}

/* Where a validation error from the store belongs; shows it there. */
static int
show_bad(struct app *a, struct gshell *s, const struct gig_bad *bad, int r)
{
	struct gedit *e = &s->e;
	const char *text = gig_ui_bad_text(bad, r);
	int step = -1;

	if (bad->field != NULL && (step = gedit_forms_bad(e, bad, text)) < 0)
		step = gedit_lists_bad(e, bad, text);
	if (step < 0) {
		app_flash_err(a, _("Save"), r);
		return R_HANDLED | R_REDRAW;
	}
	e->step = step;
	app_flash(a, FLASH_ERR, _("Step %d (%s): %s"), step + 1, _(step_names[step]), text);
	return R_HANDLED | R_REDRAW;
}

static int
save(struct app *a, struct gshell *s, int publish)
{
	struct gedit *e = &s->e;
	struct gig_bad bad = { 0 };
	char to[16] = "";
	int step, r;

	if ((step = gedit_forms_read(e, -1)) >= 0) {
		e->step = step;
		app_flash(a, FLASH_ERR, "%s", _("Some values cannot be read: see the messages."));
		return R_HANDLED | R_REDRAW;
	}
	if (e->c->category_id == 0) {
		bad.field = "category";
		return show_bad(a, s, &bad, JS_ERR_INVALID);
	}
	r = e->id == 0 ? gig_create(a->db, a->acct.id, e->c, &e->id, &bad) :
	    gig_update(a->db, a->acct.id, e->id, e->c, &bad);
	if (r != 0) {
		if (r == JS_ERR_PERM && e->id == 0) {
			app_flash(a, FLASH_ERR, "%s", _("Only freelancers can offer services: "
			    "switch on the freelancer role first."));
			return R_HANDLED | R_REDRAW;
		}
		return show_bad(a, s, &bad, r);
	}
	e->dirty = 0;
	if (e->status[0] == '\0')
		snprintf(e->status, sizeof e->status, "%s", "draft");
	if (!publish || (strcmp(e->status, "draft") != 0 && strcmp(e->status, "rejected") != 0)) {
		app_flash(a, FLASH_OK, "%s", publish ? _("Changes saved.") : _("Draft saved."));
		return R_HANDLED | R_REDRAW | (publish ? R_POP : 0);
	}
	if ((r = gig_transition(a->db, a->acct.id, e->id, GIG_SUBMIT, NULL, to, &bad)) != 0) {
		app_flash_err(a, _("Publish"), r);
		return R_HANDLED | R_REDRAW;
	}
	app_flash(a, FLASH_OK, "%s", strcmp(to, "active") == 0 ?
	    _("Published: your service is live.") :
	    _("Submitted: your service goes live once it is reviewed."));
	return R_HANDLED | R_POP;
}

static int
review_key(struct app *a, struct gshell *s, int key)
{
	struct gedit *e = &s->e;
	enum form_ev ev;
	int id, r;

	if (key == 'j' || key == 'k' || key == TK(KEY_DOWN) || key == TK(KEY_UP) ||
	    key == TK(KEY_NPAGE) || key == TK(KEY_PPAGE) || key == 'g' || key == 'G')
		return page_key(&e->rv_top, s->rows, getmaxy(a->w_body) - 5, key);
	r = form_key(a, &e->rv, key, &ev, &id);
	if (ev != FE_BUTTON)
		return r;
	return id == RV_PUBLISH ? save(a, s, 1) : id == RV_DRAFT ? save(a, s, 0) :
	    R_HANDLED | R_POP;
}

static int
leave(struct app *a, struct gshell *s)
{
	if (!s->e.dirty || s->esc_armed)
		return R_HANDLED | R_POP;
	s->esc_armed = 1;
	app_flash(a, FLASH_INFO, "%s", _("Unsaved changes: Esc again leaves without "
	    "saving, Ctrl-S saves a draft."));
	return R_HANDLED | R_REDRAW;
}

static int
gshell_input(struct app *a, void *st, int key)
{
	struct gshell *s = st;
	struct gedit *e = &s->e;
	int r;

	if (key != TK_ESC)
		s->esc_armed = 0;
	switch (key) {
	case TK_CTRL('n'):
		return go(s, e->step + 1);
	case TK_CTRL('p'):
		return go(s, e->step - 1);
	case TK_CTRL('s'):
		return save(a, s, 0);
	case TK_ESC:
		return leave(a, s);
	case TK(KEY_F(1)): case TK_CTRL('l'): case TK_CTRL('c'):
		return 0;
	default:
		break;
	}
	switch (e->step) {
	case ST_OVERVIEW: r = gedit_key_overview(a, e, key); break;
	case ST_PACKAGES: r = gedit_key_packages(a, e, key); break;
	case ST_DESC: r = gedit_key_desc(a, e, key); break;
	case ST_REVIEW: r = review_key(a, s, key); break;
	default: r = gedit_key_list(a, e, key);
	}
	if (!(r & R_HANDLED) && key == '?')
		return r;
	return r | R_HANDLED;
}

static int
gshell_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct gshell *s = st;
	struct gedit *e = &s->e;
	int i, button = 0, r;

	if (!(m->bstate & (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED)))
		return 0;
	if (y == 0) {
		for (i = 0; i < ST_COUNT; i++)
			if (x >= s->bar_x[i] && x < s->bar_x[i + 1])
				return go(s, i);
		return R_HANDLED;
	}
	if (e->step == ST_EXTRAS || e->step == ST_REQS || e->step == ST_MEDIA)
		return gedit_mouse_list(a, e, m, y, x);
	if (e->step == ST_DESC && (r = gedit_mouse_list(a, e, m, y, x)) != 0)
		return r;
	r = gedit_mouse_form(a, e, m, y, x, &button);
	if (button != 0)
		return button == RV_PUBLISH ? save(a, s, 1) : button == RV_DRAFT ?
		    save(a, s, 0) : R_HANDLED | R_POP;
	return r;
}

static int
gshell_resume(struct app *a, void *st)
{
	(void)a;
	(void)st;
	return R_REDRAW;
}

static const struct keybind gshell_keys[] = {
	{ TK_CTRL('n'), app_key_none, N_("Ctrl-N"), N_("next step"), KB_HINT },
	{ TK_CTRL('p'), app_key_none, N_("Ctrl-P"), N_("previous step"), KB_HINT },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("save draft"), KB_HINT },
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_CTRL('t'), app_key_none, N_("Ctrl-T"), N_("next package (step 2)"), 0 },
	{ 'a', app_key_none, N_("a / Enter / d"), N_("add / edit / delete (list steps)"), 0 },
	{ 'K', app_key_none, N_("K / J"), N_("move an item up / down"), 0 },
	{ TK_ESC, app_key_none, N_("Esc"), N_("back"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_gig_edit = {
	.name = "gig_edit",
	.title = N_("Service editor"),
	.keys = gshell_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = gshell_open,
	.close = gshell_close,
	.draw = gshell_draw,
	.input = gshell_input,
	.mouse = gshell_mouse,
	.resume = gshell_resume,
};
