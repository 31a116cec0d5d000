/* scr_gig_mine.c: the seller's own gigs with status badges, and the status actions:
 * publish, pause / resume, delete (confirmed), duplicate; new, edit, view, statistics. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "gig.h"
#include "gig_args.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_list.h"

#define MINE_MAX 200

struct mine {
	struct gig_card *v;
	size_t n;
	int err;
	struct wlist list;
};

static void
load(struct app *a, struct mine *m)
{
	m->err = gig_list_seller(a->db, a->acct.id, a->acct.id, 0, m->v, MINE_MAX, &m->n);
	if (m->err != 0)
		m->n = 0;
}

static int
mine_open(struct app *a, void **st, const void *arg)
{
	struct mine *m;

	(void)arg;
	if ((m = calloc(1, sizeof *m)) == NULL ||
	    (m->v = calloc(MINE_MAX, sizeof *m->v)) == NULL) {
		free(m);
		return JS_ERR_NOMEM;
	}
	load(a, m);
	*st = m;
	return 0;
}

static void
mine_close(struct app *a, void *st)
{
	struct mine *m = st;

	(void)a;
	free(m->v);
	free(m);
}

static int
mine_resume(struct app *a, void *st)
{
	load(a, st);
	return R_REDRAW;
}

static void
columns(int width, int *sw, int *pw, int *ow, int *tw)
{
	*sw = 10;
	*pw = 12;
	*ow = 10;
	*tw = width - *sw - *pw - *ow - 2;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct mine *m = ud;
	const struct gig_card *c = &m->v[idx];
	char buf[64];
	int sw, pw, ow, tw;

	columns(width, &sw, &pw, &ow, &tw);
	snprintf(buf, sizeof buf, "[%s]", gig_ui_status(c->status));
	draw_text(w, y, x, sw, buf, at ? at : theme_attr(gig_ui_status_role(c->status)));
	draw_text(w, y, x + sw, tw - 1, c->title, at | A_BOLD);
	gig_ui_price(c->price_from, buf, sizeof buf);
	draw_right(w, y, x + sw + tw, pw - 2, buf, at ? at : theme_attr(T_MONEY));
	snprintf(buf, sizeof buf, "%lld", (long long)c->orders_count);
	draw_right(w, y, x + sw + tw + pw, ow - 2, buf, at);
}

static void
mine_draw(struct app *a, void *st, WINDOW *w)
{
	struct mine *m = st;
	int cols = getmaxx(w), rows = getmaxy(w), sw, pw, ow, tw, x = 4;
	const struct gig_card *c;
	char buf[300];

	(void)a;
	if (m->err != 0) {
		draw_text(w, 1, 2, cols - 4, app_strerror(m->err), theme_attr(T_ERR));
		return;
	}
	if (m->n == 0) {
		draw_text(w, 1, 2, cols - 4, _("You have no services yet: press n to create "
		    "your first one."), 0);
		return;
	}
	columns(cols - 7, &sw, &pw, &ow, &tw);
	draw_text(w, 1, x, sw, _("Status"), theme_attr(T_HEAD));
	draw_text(w, 1, x + sw, tw, _("Service"), theme_attr(T_HEAD));
	draw_right(w, 1, x + sw + tw, pw - 2, _("From"), theme_attr(T_HEAD));
	draw_right(w, 1, x + sw + tw + pw, ow - 2, _("Orders"), theme_attr(T_HEAD));
	wlist_draw(&m->list, w, 2, 2, rows - 4, cols - 4, (int)m->n, row, m);
	c = &m->v[m->list.nav.sel];
	if (strcmp(c->status, "draft") == 0 || strcmp(c->status, "rejected") == 0)
		snprintf(buf, sizeof buf, "%s", _("p publishes it; e edits it."));
	else if (strcmp(c->status, "active") == 0)
		snprintf(buf, sizeof buf, "%s", _("Live: z pauses it; s shows its statistics."));
	else if (strcmp(c->status, "paused") == 0)
		snprintf(buf, sizeof buf, "%s", _("Paused: z resumes it."));
	else
		snprintf(buf, sizeof buf, "%s", _("Waiting for review by the Jishi team."));
	draw_text(w, rows - 1, 2, cols - 4, buf, theme_attr(T_DIM));
}

static struct gig_card *
selected(struct mine *m)
{
	return m->n > 0 && m->list.nav.sel >= 0 ? &m->v[m->list.nav.sel] : NULL;
}

static int
transition(struct app *a, struct mine *m, enum gig_action act)
{
	struct gig_card *c = selected(m);
	char to[16] = "";
	int r;

	if (c == NULL)
		return R_HANDLED;
	if ((r = gig_transition(a->db, a->acct.id, c->id, act, NULL, to, NULL)) != 0) {
		if (r == JS_ERR_STATE)
			app_flash(a, FLASH_ERR, _("Not possible while the service is \"%s\"."),
			    gig_ui_status(c->status));
		else
			app_flash_err(a, _("Change status"), r);
		return R_HANDLED | R_REDRAW;
	}
	app_flash(a, FLASH_OK, _("Now: %s."), gig_ui_status(to));
	load(a, m);
	return R_HANDLED | R_REDRAW;
}

static int
key_publish(struct app *a, void *st, int key)
{
	(void)key;
	return transition(a, st, GIG_SUBMIT);
}

static int
key_pause(struct app *a, void *st, int key)
{
	struct gig_card *c = selected(st);

	(void)key;
	if (c == NULL)
		return R_HANDLED;
	return transition(a, st, strcmp(c->status, "paused") == 0 ? GIG_RESUME : GIG_PAUSE);
}

static int
deleted(struct app *a, void *ud)
{
	return transition(a, ud, GIG_DELETE);
}

static int
key_delete(struct app *a, void *st, int key)
{
	struct mine *m = st;
	struct gig_card *c = selected(m);
	struct confirm_arg ca = { .yes = deleted, .ud = m };
	char msg[512];

	(void)key;
	if (c == NULL)
		return R_HANDLED;
	snprintf(msg, sizeof msg, _("Delete \"%s\"? Buyers will no longer find it; "
	    "existing orders stay."), c->title);
	ca.msg = msg;
	return app_push(a, &scr_confirm, &ca);
}

static int
key_duplicate(struct app *a, void *st, int key)
{
	struct mine *m = st;
	struct gig_card *c = selected(m);
	int64_t id;
	int r;

	(void)key;
	if (c == NULL)
		return R_HANDLED;
	if ((r = gig_duplicate(a->db, a->acct.id, c->id, &id)) != 0) {
		app_flash_err(a, _("Duplicate"), r);
		return R_HANDLED | R_REDRAW;
	}
	app_flash(a, FLASH_OK, "%s", _("Copied as a new draft."));
	load(a, m);
	return R_HANDLED | R_REDRAW;
}

static int
key_new(struct app *a, void *st, int key)
{
	struct gig_edit_arg ea = { 0 };

	(void)st;
	(void)key;
	return app_push(a, &scr_gig_edit, &ea);
}

static int
key_edit(struct app *a, void *st, int key)
{
	struct gig_card *c = selected(st);
	struct gig_edit_arg ea;

	(void)key;
	if (c == NULL)
		return key_new(a, st, key);
	ea.gig_id = c->id;
	return app_push(a, &scr_gig_edit, &ea);
}

static int
key_view(struct app *a, void *st, int key)
{
	struct gig_card *c = selected(st);
	struct gig_page_arg ga;

	(void)key;
	if (c == NULL)
		return R_HANDLED;
	ga.gig_id = c->id;
	return app_push(a, &scr_gig_page, &ga);
}

static int
key_stats(struct app *a, void *st, int key)
{
	struct gig_card *c = selected(st);
	struct gig_dash_arg da = { 0 };

	(void)key;
	if (c != NULL)
		da.gig_id = c->id;
	return app_push(a, &scr_gig_dash, &da);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct mine *m = st;

	(void)a;
	return wlist_key(&m->list, key);
}

static int
mine_mouse(struct app *a, void *st, const MEVENT *mev, int y, int x)
{
	struct mine *m = st;
	int act = 0, r = wlist_mouse(&m->list, mev, y, x, &act);

	return act ? key_view(a, m, TK_ENTER) : r;
}

static const struct keybind mine_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), 0 },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_view, N_("Enter"), N_("view"), KB_HINT },
	{ 'n', key_new, N_("n"), N_("new"), KB_HINT },
	{ 'e', key_edit, N_("e"), N_("edit"), KB_HINT },
	{ 'p', key_publish, N_("p"), N_("publish"), KB_HINT },
	{ 'z', key_pause, N_("z"), N_("pause / resume"), KB_HINT },
	{ 'c', key_duplicate, N_("c"), N_("duplicate"), KB_HINT },
	{ 'd', key_delete, N_("d"), N_("delete"), KB_HINT },
	{ TK(KEY_DC), key_delete, NULL, NULL, 0 },
	{ 's', key_stats, N_("s"), N_("statistics"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_gig_mine = {
	.name = "gig_mine",
	.title = N_("My services"),
	.keys = mine_keys,
	.open = mine_open,
	.close = mine_close,
	.draw = mine_draw,
	.mouse = mine_mouse,
	.resume = mine_resume,
};
