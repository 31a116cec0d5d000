/* scr_portfolio.c: the user's portfolio items: list, add, edit, remove. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "profile.h"
#include "screens.h"
#include "w_list.h"

struct portfolio {
	struct profile_item *v;      /* PROFILE_PORTFOLIO_MAX of them: big, so on the heap */
	size_t n;
	struct wlist list;
};

static void
load(struct app *a, struct portfolio *p)
{
	if (profile_items_list(a->db, a->acct.id, p->v, PROFILE_PORTFOLIO_MAX, &p->n) != 0)
		p->n = 0;
}

static int
portfolio_open(struct app *a, void **st, const void *arg)
{
	struct portfolio *p;

	(void)arg;
	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->v = calloc(PROFILE_PORTFOLIO_MAX, sizeof *p->v)) == NULL) {
		free(p);
		return JS_ERR_NOMEM;
	}
	load(a, p);
	*st = p;
	return 0;
}

static void
portfolio_close(struct app *a, void *st)
{
	struct portfolio *p = st;

	(void)a;
	free(p->v);
	free(p);
}

static int
portfolio_resume(struct app *a, void *st)
{
	load(a, st);
	return R_REDRAW;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct portfolio *p = ud;
	int tw = width / 2;

	draw_text(w, y, x, tw - 1, p->v[idx].title, at | A_BOLD);
	draw_text(w, y, x + tw, width - tw, p->v[idx].link[0] ? p->v[idx].link : "-", at);
}

static void
portfolio_draw(struct app *a, void *st, WINDOW *w)
{
	struct portfolio *p = st;
	int wd = getmaxx(w) - 4;

	(void)a;
	if (p->n == 0) {
		draw_text(w, 1, 2, wd, _("No portfolio items yet: press a to add one."), 0);
		return;
	}
	draw_text(w, 1, 4, wd / 2, _("Title"), theme_attr(T_HEAD));
	draw_text(w, 1, 4 + (wd - 3) / 2, wd / 2, _("Link"), theme_attr(T_HEAD));
	wlist_draw(&p->list, w, 2, 2, getmaxy(w) - 3, wd, (int)p->n, row, p);
}

static int
key_add(struct app *a, void *st, int key)
{
	(void)st;
	(void)key;
	return app_push(a, &scr_item_edit, NULL);
}

static int
key_edit(struct app *a, void *st, int key)
{
	struct portfolio *p = st;

	(void)key;
	if (p->n == 0)
		return key_add(a, st, key);
	return app_push(a, &scr_item_edit, &p->v[p->list.nav.sel]);
}

static int
removed(struct app *a, void *ud)
{
	struct portfolio *p = ud;
	int r;

	if (p->list.nav.sel >= 0 && (size_t)p->list.nav.sel < p->n &&
	    (r = profile_item_remove(a->db, a->acct.id, p->v[p->list.nav.sel].id)) != 0)
		app_flash_err(a, _("Portfolio"), r);
	return R_REDRAW;
}

static int
key_remove(struct app *a, void *st, int key)
{
	struct portfolio *p = st;
	struct confirm_arg ca = { .yes = removed, .ud = p };
	char msg[512];

	(void)key;
	if (p->n == 0)
		return R_HANDLED;
	snprintf(msg, sizeof msg, _("Remove \"%s\" from your portfolio?"),
	    p->v[p->list.nav.sel].title);
	ca.msg = msg;
	return app_push(a, &scr_confirm, &ca);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct portfolio *p = st;

	(void)a;
	return wlist_key(&p->list, key);
}

static int
portfolio_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct portfolio *p = st;
	int act, r = wlist_mouse(&p->list, m, y, x, &act);

	return act ? key_edit(a, st, TK_ENTER) : r;
}

static const struct keybind portfolio_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_edit, N_("Enter"), N_("edit"), KB_HINT },
	{ 'e', key_edit, NULL, NULL, 0 },
	{ 'a', key_add, N_("a"), N_("add"), KB_HINT },
	{ 'd', key_remove, N_("d"), N_("remove"), KB_HINT },
	{ TK(KEY_DC), key_remove, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_portfolio = {
	.name = "portfolio",
	.title = N_("Portfolio"),
	.keys = portfolio_keys,
	.open = portfolio_open,
	.close = portfolio_close,
	.draw = portfolio_draw,
	.mouse = portfolio_mouse,
	.resume = portfolio_resume,
};
