/* scr_gig_filter.c: the search filters and sort as a dialog: a category tree and the
 * sort order on the left, price range, delivery, seller level, rating and online on the
 * right. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "discovery.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_rows.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_form.h"
#include "w_list.h"

enum { X_MIN = 1, X_MAX, X_DAYS, X_LEVEL, X_RATING, X_ONLINE, X_APPLY, X_RESET, X_CANCEL };
enum { P_FORM, P_CATS, P_SORT };

static const char *const days_opts[] = { N_("any"), N_("1 day"), N_("3 days"),
	N_("7 days") };
static const int days_vals[] = { 0, 1, 3, 7 };
static const char *const level_opts[] = { N_("any"), N_("Level 1+"), N_("Level 2+"),
	N_("Top rated") };
static const char *const rating_opts[] = { N_("any"), "4.0+", "4.5+", "4.8+" };
static const int rating_vals[] = { 0, 400, 450, 480 };
static const char *const online_opts[] = { N_("any"), N_("online now") };
static const char *const sort_opts[SEARCH_SORT_COUNT] = {
	N_("Relevance"), N_("Price: low to high"), N_("Price: high to low"),
	N_("Best rated"), N_("Newest"),
};

struct gfilter {
	struct gig_filter_arg arg;
	struct discovery_category *cats;
	size_t ncats;
	struct wlist cl, sl;
	struct form fm;
	int pane;
};

static struct field *
radio(struct form *fm, int id, const char *label, const char *const *opts, int n, int sel)
{
	struct field *f = form_add(fm, FK_RADIO, id, label, 0, 0);

	f->opts = opts;
	f->nopts = n;
	f->sel = sel;
	return f;
}

static int
index_of(const int *v, int n, int x)
{
	int i;

	for (i = n - 1; i > 0; i--)
		if (x >= v[i])
			return i;
	return 0;
}

static void
fill(struct gfilter *g, const struct search_filter *f)
{
	char buf[32];
	size_t i;

	gig_ui_price_input(f->price_min, 1, buf, sizeof buf);
	lineedit_set(&form_field(&g->fm, X_MIN)->le, buf);
	gig_ui_price_input(f->price_max, 1, buf, sizeof buf);
	lineedit_set(&form_field(&g->fm, X_MAX)->le, buf);
	form_field(&g->fm, X_DAYS)->sel = f->delivery_days_max == 0 ? 0 :
	    index_of(days_vals, 4, f->delivery_days_max);
	form_field(&g->fm, X_LEVEL)->sel = f->seller_level_min < 0 ? 0 :
	    f->seller_level_min > 3 ? 3 : f->seller_level_min;
	form_field(&g->fm, X_RATING)->sel = index_of(rating_vals, 4, f->rating_min_x100);
	form_field(&g->fm, X_ONLINE)->sel = f->online_only != 0;
	g->cl.nav.sel = 0;
	for (i = 0; i < g->ncats; i++)
		if (g->cats[i].id == f->category_id)
			g->cl.nav.sel = (int)i + 1;
}

static int
gfilter_open(struct app *a, void **st, const void *arg)
{
	struct gfilter *g;
	struct field *f;

	if ((g = calloc(1, sizeof *g)) == NULL ||
	    (g->cats = calloc(DISCOVERY_CATEGORIES_MAX, sizeof *g->cats)) == NULL) {
		free(g);
		return JS_ERR_NOMEM;
	}
	g->arg = *(const struct gig_filter_arg *)arg;
	if (discovery_categories(a->db, g->cats, DISCOVERY_CATEGORIES_MAX, &g->ncats) != 0)
		g->ncats = 0;
	f = form_add(&g->fm, FK_TEXT, X_MIN, N_("Price from"), 12, LE_ASCII);
	f->width = 12;
	f->note = N_("yuan");
	f = form_add(&g->fm, FK_TEXT, X_MAX, N_("Price to"), 12, LE_ASCII);
	f->width = 12;
	f->note = N_("yuan; empty: no limit");
	f->width = 12;
	radio(&g->fm, X_DAYS, N_("Delivery"), days_opts, 4, 0);
	radio(&g->fm, X_LEVEL, N_("Seller"), level_opts, 4, 0);
	radio(&g->fm, X_RATING, N_("Rating"), rating_opts, 4, 0);
	radio(&g->fm, X_ONLINE, N_("Online"), online_opts, 2, 0);
	form_add(&g->fm, FK_BUTTON, X_APPLY, N_("Apply"), 0, 0);
	form_add(&g->fm, FK_BUTTON, X_RESET, N_("Clear all"), 0, 0);
	form_add(&g->fm, FK_BUTTON, X_CANCEL, N_("Cancel"), 0, 0);
	fill(g, &g->arg.f);
	g->sl.nav.sel = (int)g->arg.sort;
	*st = g;
	return 0;
}

static void
gfilter_close(struct app *a, void *st)
{
	struct gfilter *g = st;

	(void)a;
	form_free(&g->fm);
	free(g->cats);
	free(g);
}

static void
cat_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct gfilter *g = ud;
	const struct discovery_category *c;
	char buf[300];

	if (idx == 0) {
		draw_text(w, y, x, width, _("All categories"), at | A_BOLD);
		return;
	}
	c = &g->cats[idx - 1];
	snprintf(buf, sizeof buf, "%s%s", c->depth > 0 ? "  " : "",
	    gig_ui_name(c->name_zh, c->name_en));
	draw_text(w, y, x, width - 5, buf, at | (c->depth == 0 ? A_BOLD : 0));
	snprintf(buf, sizeof buf, "%lld", (long long)c->gig_count);
	draw_right(w, y, x, width, buf, at ? at : theme_attr(T_DIM));
}

static void
sort_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct gfilter *g = ud;

	draw_printf(w, y, x, width, at, "(%c) %s", idx == (int)g->arg.sort ? '*' : ' ',
	    _(sort_opts[idx]));
}

static void
gfilter_draw(struct app *a, void *st, WINDOW *w)
{
	struct gfilter *g = st;
	int wd = getmaxx(w) - 4 < 104 ? getmaxx(w) - 4 : 104, h = getmaxy(w) - 2;
	int y = 1, x = (getmaxx(w) - wd) / 2, fh = 8, lw, ly, lh;

	for (lw = 0; lw < h; lw++)       /* whole rows: no wide character cut in half */
		draw_fill(w, y + lw, 0, getmaxx(w), 0);
	draw_box(w, y, x, h, wd, theme_attr(T_BORDER));
	draw_text(w, y, x + 2, wd - 4, _(" Filters and sort "), theme_attr(T_TITLE));
	form_draw(a, &g->fm, w, y + 1, x + 1, fh, wd - 2);
	if (g->pane != P_FORM)
		a->cursor_y = -1;
	ly = y + 1 + fh + 1;
	lh = y + h - 1 - ly - 1;
	lw = (wd - 4) / 2;
	draw_text(w, ly, x + 3, lw - 2, _("Category"), theme_attr(T_HEAD));
	draw_text(w, ly, x + 3 + lw + 1, lw - 2, _("Sort by"), theme_attr(T_HEAD));
	g->cl.unfocused = g->pane != P_CATS;
	g->sl.unfocused = g->pane != P_SORT;
	wlist_draw(&g->cl, w, ly + 1, x + 1, lh, lw, (int)g->ncats + 1, cat_row, g);
	draw_vline(w, ly, x + 1 + lw, lh + 1, theme_attr(T_BORDER));
	wlist_draw(&g->sl, w, ly + 1, x + 2 + lw, lh < SEARCH_SORT_COUNT ? lh :
	    SEARCH_SORT_COUNT, lw, SEARCH_SORT_COUNT, sort_row, g);
}

/* Read the dialog into a filter; 0, or the field with an error (message set). */
static int
collect(struct gfilter *g, struct search_filter *f)
{
	const char *msg = NULL;
	int64_t v;

	memset(f, 0, sizeof *f);
	form_clear_msgs(&g->fm);
	if (gig_ui_parse_price(form_text(&g->fm, X_MIN), 1, &v, &msg) != 0) {
		form_msg(&g->fm, X_MIN, msg, 0);
		return X_MIN;
	}
	f->price_min = v;
	if (gig_ui_parse_price(form_text(&g->fm, X_MAX), 1, &v, &msg) != 0) {
		form_msg(&g->fm, X_MAX, msg, 0);
		return X_MAX;
	}
	f->price_max = v;
	if (f->price_max > 0 && f->price_max < f->price_min) {
		form_msg(&g->fm, X_MAX, _("lower than the price from"), 0);
		return X_MAX;
	}
	f->delivery_days_max = days_vals[form_field(&g->fm, X_DAYS)->sel];
	f->seller_level_min = form_field(&g->fm, X_LEVEL)->sel;
	f->rating_min_x100 = rating_vals[form_field(&g->fm, X_RATING)->sel];
	f->online_only = form_field(&g->fm, X_ONLINE)->sel;
	if (g->cl.nav.sel > 0 && (size_t)g->cl.nav.sel <= g->ncats)
		f->category_id = g->cats[g->cl.nav.sel - 1].id;
	return 0;
}

static int
apply(struct app *a, struct gfilter *g)
{
	struct search_filter f;
	int bad;

	if ((bad = collect(g, &f)) != 0) {
		g->pane = P_FORM;
		form_focus(&g->fm, bad);
		return R_HANDLED | R_REDRAW;
	}
	return g->arg.done(a, g->arg.ud, &f, g->arg.sort) | R_HANDLED | R_POP;
}

static int
button(struct app *a, struct gfilter *g, int id)
{
	struct search_filter none;

	switch (id) {
	case X_APPLY:
		return apply(a, g);
	case X_RESET:
		memset(&none, 0, sizeof none);
		fill(g, &none);
		g->arg.sort = SEARCH_SORT_RELEVANCE;
		form_clear_msgs(&g->fm);
		return R_HANDLED | R_REDRAW;
	default:
		return R_HANDLED | R_POP;
	}
}

static int
gfilter_input(struct app *a, void *st, int key)
{
	struct gfilter *g = st;
	enum form_ev ev;
	int id, r;

	if (key == TK_ESC)
		return R_HANDLED | R_POP;
	if (key == TK_CTRL('s'))
		return apply(a, g);
	if (key == TK_TAB || key == TK(KEY_BTAB)) {
		int fwd = key == TK_TAB;

		if (g->pane == P_FORM && (fwd ? g->fm.focus < g->fm.n - 1 : g->fm.focus > 0))
			return form_key(a, &g->fm, key, &ev, &id);
		g->pane = (g->pane + (fwd ? 1 : 2)) % 3;
		if (g->pane == P_FORM)
			g->fm.focus = fwd ? 0 : g->fm.n - 1;
		return R_HANDLED | R_REDRAW;
	}
	if (g->pane == P_CATS || g->pane == P_SORT) {
		struct wlist *l = g->pane == P_CATS ? &g->cl : &g->sl;

		if (key == TK_ENTER || key == ' ') {
			if (g->pane == P_SORT)
				g->arg.sort = (enum search_sort)g->sl.nav.sel;
			return key == TK_ENTER ? apply(a, g) : R_HANDLED | R_REDRAW;
		}
		if ((r = wlist_key(l, key)) != 0) {
			if (g->pane == P_SORT)
				g->arg.sort = (enum search_sort)g->sl.nav.sel;
			return r;
		}
		return key == 'q' ? R_HANDLED | R_POP : 0;
	}
	if (key == TK_ENTER && g->fm.f[g->fm.focus].kind != FK_BUTTON)
		return apply(a, g);          /* Enter applies, as the hint says */
	r = form_key(a, &g->fm, key, &ev, &id);
	if (ev == FE_BUTTON)
		return button(a, g, id);
	if (ev == FE_CHANGED)
		form_msg(&g->fm, id, NULL, 0);
	return r;
}

static int
gfilter_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct gfilter *g = st;
	enum form_ev ev;
	int act = 0, r, id;

	if ((r = wlist_mouse(&g->cl, m, y, x, &act)) != 0) {
		g->pane = P_CATS;
		return r;
	}
	if ((r = wlist_mouse(&g->sl, m, y, x, &act)) != 0) {
		g->pane = P_SORT;
		g->arg.sort = (enum search_sort)g->sl.nav.sel;
		return r | R_REDRAW;
	}
	r = form_mouse(a, &g->fm, m, y, x, &ev, &id);
	if (r != 0)
		g->pane = P_FORM;
	if (ev == FE_BUTTON)
		return button(a, g, id);
	return r | R_HANDLED;
}

static const struct keybind gfilter_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next part"), KB_HINT },
	{ TK_ENTER, app_key_none, N_("Enter"), N_("apply"), KB_HINT },
	{ ' ', app_key_none, N_("Space/arrows"), N_("choose"), KB_HINT },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("apply"), 0 },
	{ TK_ESC, app_key_none, N_("Esc"), N_("cancel"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_gig_filter = {
	.name = "gig_filter",
	.title = N_("Filters"),
	.keys = gfilter_keys,
	.flags = SCREEN_OVERLAY | SCREEN_OWN_KEYS,
	.open = gfilter_open,
	.close = gfilter_close,
	.draw = gfilter_draw,
	.input = gfilter_input,
	.mouse = gfilter_mouse,
};
