/* scr_gig_list.c: a list of gigs from discovery: a category's gigs (paged as you reach
 * the end), trending, recently viewed, recommended, favorites. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "discovery.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_rows.h"
#include "gig_track.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_list.h"

#define PAGE 30
#define ROWS_MAX 300

struct glist {
	struct gig_list_arg arg;
	char title[300];
	struct gig_card *cards;      /* one page, reused */
	struct gig_row *rows;
	size_t n;
	int more;                    /* GL_CATEGORY: another page may follow */
	int cold, err;
	struct wlist list;
};

static const char *
kind_title(enum gig_list_kind k)
{
	switch (k) {
	case GL_TRENDING: return _("Trending now");
	case GL_RECENT: return _("Recently viewed");
	case GL_RECOMMENDED: return _("Recommended for you");
	case GL_FAVORITES: return _("Saved services");
	default: return _("Services");
	}
}

/* Append the next page (GL_CATEGORY) or load the whole list. */
static void
load(struct app *a, struct glist *g, int more)
{
	size_t n = 0, i, max = PAGE;

	if (!more) {
		g->n = 0;
		g->list.nav.sel = g->list.nav.top = 0;
	}
	switch (g->arg.kind) {
	case GL_CATEGORY:
		g->err = discovery_category_gigs(a->db, g->arg.category_id, g->n, g->cards,
		    max, &n);
		g->more = g->err == 0 && n == max && g->n + n < ROWS_MAX;
		break;
	case GL_TRENDING:
		g->err = discovery_trending(a->db, g->arg.category_id, g->cards, max, &n);
		break;
	case GL_RECENT:
		g->err = discovery_recent(a->db, a->acct.id, g->cards, max, &n);
		break;
	case GL_RECOMMENDED:
		g->err = discovery_recommended(a->db, a->acct.id, g->cards, max, &n, &g->cold);
		break;
	default:
		g->err = discovery_favorites(a->db, a->acct.id, g->cards, max, &n);
	}
	if (g->err != 0)
		n = 0;
	for (i = 0; i < n && g->n < ROWS_MAX; i++) {
		gig_row_from_card(&g->rows[g->n++], &g->cards[i]);
		if (a->track != NULL && strcmp(g->cards[i].status, "active") == 0)
			gig_track_impression(a->track, g->cards[i].id, a->now);
	}
}

static int
glist_open(struct app *a, void **st, const void *arg)
{
	const struct gig_list_arg *ga = arg;
	struct glist *g;

	if ((g = calloc(1, sizeof *g)) == NULL ||
	    (g->cards = calloc(PAGE, sizeof *g->cards)) == NULL ||
	    (g->rows = calloc(ROWS_MAX, sizeof *g->rows)) == NULL) {
		if (g != NULL)
			free(g->cards);
		free(g);
		return JS_ERR_NOMEM;
	}
	g->arg = *ga;
	snprintf(g->title, sizeof g->title, "%s",
	    ga->title != NULL ? ga->title : kind_title(ga->kind));
	g->arg.title = NULL;
	load(a, g, 0);
	*st = g;
	return 0;
}

static void
glist_close(struct app *a, void *st)
{
	struct glist *g = st;

	(void)a;
	free(g->cards);
	free(g->rows);
	free(g);
}

static int
glist_resume(struct app *a, void *st)
{
	struct glist *g = st;

	if (g->arg.kind == GL_FAVORITES || g->arg.kind == GL_RECENT)
		load(a, g, 0);               /* the page may have changed them */
	return R_REDRAW;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct glist *g = ud;

	if ((size_t)idx == g->n) {
		draw_text(w, y, x, width, _("more: press Enter or move here"),
		    at ? at : theme_attr(T_DIM));
		return;
	}
	gig_row_draw(w, y, x, width, &g->rows[idx], at);
}

static void
glist_draw(struct app *a, void *st, WINDOW *w)
{
	struct glist *g = st;
	int cols = getmaxx(w), rows = getmaxy(w);

	(void)a;
	draw_text(w, 1, 2, cols - 4, g->title, theme_attr(T_TITLE));
	if (g->cold && g->arg.kind == GL_RECOMMENDED)
		draw_right(w, 1, 2, cols - 4, _("popular picks until we know your taste"),
		    theme_attr(T_DIM));
	if (g->err != 0) {
		draw_text(w, 3, 2, cols - 4, app_strerror(g->err), theme_attr(T_ERR));
		return;
	}
	if (g->n == 0) {
		draw_text(w, 3, 2, cols - 4, g->arg.kind == GL_RECENT ?
		    _("Nothing viewed yet: press / to search.") : g->arg.kind == GL_FAVORITES ?
		    _("Nothing saved yet: press f on a service to save it.") :
		    _("No services here yet."), theme_attr(T_DIM));
		return;
	}
	gig_rows_header(w, 3, 4, cols - 7);
	wlist_draw(&g->list, w, 4, 2, rows - 4, cols - 4, (int)g->n + (g->more ? 1 : 0),
	    row, g);
}

static int
open_sel(struct app *a, struct glist *g)
{
	struct gig_page_arg ga;

	if (g->list.nav.sel < 0)
		return R_HANDLED;
	if ((size_t)g->list.nav.sel >= g->n) {
		load(a, g, 1);
		return R_HANDLED | R_REDRAW;
	}
	ga.gig_id = g->rows[g->list.nav.sel].id;
	return app_push(a, &scr_gig_page, &ga);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct glist *g = st;
	int r = wlist_key(&g->list, key);

	if (g->more && g->list.nav.sel >= 0 && (size_t)g->list.nav.sel >= g->n) {
		load(a, g, 1);
		r |= R_REDRAW;
	}
	return r;
}

static int
key_open(struct app *a, void *st, int key)
{
	(void)key;
	return open_sel(a, st);
}

static int
glist_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct glist *g = st;
	int act = 0, r = wlist_mouse(&g->list, m, y, x, &act);

	return act ? open_sel(a, g) : r;
}

static const struct keybind glist_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ ' ', key_nav, NULL, NULL, 0 },
	{ 'b', key_nav, NULL, NULL, 0 },
	{ TK(KEY_NPAGE), key_nav, NULL, NULL, 0 },
	{ TK(KEY_PPAGE), key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_open, N_("Enter"), N_("open"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_gig_list = {
	.name = "gig_list",
	.title = N_("Services"),
	.keys = glist_keys,
	.open = glist_open,
	.close = glist_close,
	.draw = glist_draw,
	.mouse = glist_mouse,
	.resume = glist_resume,
};
