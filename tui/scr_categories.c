/* scr_categories.c: browse by category: the tree with the number of live gigs in each,
 * and beside it what is trending in the selected category. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "discovery.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_rows.h"
#include "gig_track.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_list.h"

#define SIDE 12

struct cats {
	struct discovery_category *v;
	size_t n;
	struct wlist tree, side;
	int pane;                    /* 0 tree, 1 trending */
	struct gig_card cards[SIDE];
	struct gig_row rows[SIDE];
	size_t nside;
	int side_trending;           /* 1 trending, 0 the category's most ordered */
	int64_t side_for;            /* the category the side list belongs to (-1 none) */
};

static void
load_side(struct app *a, struct cats *c)
{
	int64_t id;
	size_t n = 0, i;

	if (c->tree.nav.sel < 0 || (size_t)c->tree.nav.sel >= c->n)
		return;
	id = c->v[c->tree.nav.sel].id;
	if (id == c->side_for)
		return;
	c->side_for = id;
	c->side_trending = 1;
	if (discovery_trending(a->db, id, c->cards, SIDE, &n) != 0 || n == 0) {
		c->side_trending = 0;
		if (discovery_category_gigs(a->db, id, 0, c->cards, SIDE, &n) != 0)
			n = 0;
	}
	for (i = 0; i < n; i++) {
		gig_row_from_card(&c->rows[i], &c->cards[i]);
		if (a->track != NULL)
			gig_track_impression(a->track, c->cards[i].id, a->now);
	}
	c->nside = n;
	c->side.nav.sel = c->side.nav.top = 0;
}

static int
cats_open(struct app *a, void **st, const void *arg)
{
	struct cats *c;
	int r;

	(void)arg;
	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->v = calloc(DISCOVERY_CATEGORIES_MAX, sizeof *c->v)) == NULL) {
		free(c);
		return JS_ERR_NOMEM;
	}
	if ((r = discovery_categories(a->db, c->v, DISCOVERY_CATEGORIES_MAX, &c->n)) != 0) {
		free(c->v);
		free(c);
		return r;
	}
	c->side_for = -1;
	c->side.unfocused = 1;
	load_side(a, c);
	*st = c;
	return 0;
}

static void
cats_close(struct app *a, void *st)
{
	struct cats *c = st;

	(void)a;
	free(c->v);
	free(c);
}

static void
tree_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct cats *c = ud;
	const struct discovery_category *k = &c->v[idx];
	char num[32];

	draw_text(w, y, x + (k->depth > 0 ? 2 : 0), width - 6 - (k->depth > 0 ? 2 : 0),
	    gig_ui_name(k->name_zh, k->name_en), at | (k->depth == 0 ? A_BOLD : 0));
	snprintf(num, sizeof num, "%lld", (long long)k->gig_count);
	draw_right(w, y, x, width, num, at ? at : k->gig_count > 0 ? 0 : theme_attr(T_DIM));
}

static void
side_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct cats *c = ud;

	gig_row_draw(w, y, x, width, &c->rows[idx], at);
}

static void
cats_draw(struct app *a, void *st, WINDOW *w)
{
	struct cats *c = st;
	int cols = getmaxx(w), rows = getmaxy(w), tw = cols / 3, x, wd;
	char buf[300];

	(void)a;
	if (tw < 30)
		tw = 30;
	if (tw > 38)
		tw = 38;
	draw_text(w, 1, 2, tw - 10, _("Categories"), theme_attr(T_HEAD));
	draw_right(w, 1, 2, tw - 3, _("services"), theme_attr(T_DIM));
	c->tree.unfocused = c->pane != 0;
	c->side.unfocused = c->pane != 1;
	wlist_draw(&c->tree, w, 3, 0, rows - 3, tw, (int)c->n, tree_row, c);
	draw_vline(w, 0, tw, rows, theme_attr(T_BORDER));
	x = tw + 2;
	wd = cols - x - 1;
	if (c->tree.nav.sel >= 0 && (size_t)c->tree.nav.sel < c->n) {
		const struct discovery_category *k = &c->v[c->tree.nav.sel];

		snprintf(buf, sizeof buf, c->side_trending ? _("Trending in %s") :
		    _("Popular in %s"), gig_ui_name(k->name_zh, k->name_en));
		draw_text(w, 1, x, wd, buf, theme_attr(T_HEAD));
	}
	if (c->nside == 0) {
		draw_text(w, 3, x, wd, _("No services in this category yet."),
		    theme_attr(T_DIM));
		return;
	}
	gig_rows_header(w, 2, x + 2, wd - 3);
	wlist_draw(&c->side, w, 3, x, rows - 5 < (int)c->nside ? rows - 5 : (int)c->nside,
	    wd, (int)c->nside, side_row, c);
}

static int
open_category(struct app *a, struct cats *c)
{
	struct gig_list_arg ga = { .kind = GL_CATEGORY };
	const struct discovery_category *k;

	if (c->tree.nav.sel < 0 || (size_t)c->tree.nav.sel >= c->n)
		return R_HANDLED;
	k = &c->v[c->tree.nav.sel];
	ga.category_id = k->id;
	ga.title = gig_ui_name(k->name_zh, k->name_en);
	return app_push(a, &scr_gig_list, &ga);
}

static int
open_side(struct app *a, struct cats *c)
{
	struct gig_page_arg ga;

	if (c->side.nav.sel < 0 || (size_t)c->side.nav.sel >= c->nside)
		return R_HANDLED;
	ga.gig_id = c->rows[c->side.nav.sel].id;
	return app_push(a, &scr_gig_page, &ga);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct cats *c = st;
	int r;

	if (c->pane == 1)
		return wlist_key(&c->side, key);
	r = wlist_key(&c->tree, key);
	load_side(a, c);
	return r;
}

static int
key_enter(struct app *a, void *st, int key)
{
	struct cats *c = st;

	(void)key;
	return c->pane == 0 ? open_category(a, c) : open_side(a, c);
}

static int
key_pane(struct app *a, void *st, int key)
{
	struct cats *c = st;

	(void)a;
	if (key == TK(KEY_LEFT) && c->pane == 0)
		return 0;                    /* back, as everywhere */
	if (key == TK(KEY_RIGHT) || key == 'l')
		c->pane = c->nside > 0 ? 1 : 0;
	else if (key == TK(KEY_LEFT))
		c->pane = 0;
	else
		c->pane = c->pane == 0 && c->nside > 0 ? 1 : 0;
	return R_HANDLED | R_REDRAW;
}

static int
key_search(struct app *a, void *st, int key)
{
	struct cats *c = st;
	struct search_open so = { .query = "" };

	(void)key;
	if (c->tree.nav.sel < 0 || (size_t)c->tree.nav.sel >= c->n)
		return R_HANDLED;
	so.category_id = c->v[c->tree.nav.sel].id;
	return app_push(a, &scr_search, &so);
}

static int
cats_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct cats *c = st;
	int act = 0, r;

	if ((r = wlist_mouse(&c->tree, m, y, x, &act)) != 0) {
		c->pane = 0;
		load_side(a, c);
		return act ? open_category(a, c) : r;
	}
	if ((r = wlist_mouse(&c->side, m, y, x, &act)) != 0) {
		c->pane = 1;
		return act ? open_side(a, c) : r;
	}
	return 0;
}

static const struct keybind cats_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_enter, N_("Enter"), N_("open"), KB_HINT },
	{ TK_TAB, key_pane, N_("Tab"), N_("categories / trending"), KB_HINT },
	{ TK(KEY_RIGHT), key_pane, NULL, NULL, 0 },
	{ TK(KEY_LEFT), key_pane, NULL, NULL, 0 },
	{ 'l', key_pane, NULL, NULL, 0 },
	{ 's', key_search, N_("s"), N_("search in this category"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_categories = {
	.name = "categories",
	.title = N_("Categories"),
	.keys = cats_keys,
	.open = cats_open,
	.close = cats_close,
	.draw = cats_draw,
	.mouse = cats_mouse,
};
