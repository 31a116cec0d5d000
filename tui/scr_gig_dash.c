/* scr_gig_dash.c: the seller dashboard: per gig impressions, views, order clicks,
 * orders, conversion and revenue over 7, 30 or 90 days, totals, and sparklines of the
 * daily series of the selected gig. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "gig.h"
#include "gig_args.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_list.h"
#include "w_sparkline.h"

#define DASH_MAX 100

struct dash {
	struct gig_dash *v;
	size_t n;
	int err;
	int win;                     /* 0: 7 days, 1: 30, 2: 90 */
	int64_t want;                /* the gig to select after loading */
	struct wlist list;
};

static const int win_days[3] = { 7, 30, 90 };

static void
load(struct app *a, struct dash *d)
{
	size_t i;

	d->err = gig_dashboard(a->db, a->acct.id, a->acct.id, (int64_t)a->now, d->v, DASH_MAX,
	    &d->n);
	if (d->err != 0)
		d->n = 0;
	for (i = 0; i < d->n; i++)
		if (d->v[i].gig_id == d->want)
			d->list.nav.sel = (int)i;
}

static int
dash_open(struct app *a, void **st, const void *arg)
{
	const struct gig_dash_arg *da = arg;
	struct dash *d;

	if ((d = calloc(1, sizeof *d)) == NULL ||
	    (d->v = calloc(DASH_MAX, sizeof *d->v)) == NULL) {
		free(d);
		return JS_ERR_NOMEM;
	}
	d->win = 1;
	d->want = da != NULL ? da->gig_id : 0;
	load(a, d);
	*st = d;
	return 0;
}

static void
dash_close(struct app *a, void *st)
{
	struct dash *d = st;

	(void)a;
	free(d->v);
	free(d);
}

/* 1234567 -> "1,234,567". */
static void
num(int64_t v, char *buf, size_t len)
{
	char tmp[32];
	size_t n, i, o = 0;

	snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	n = strlen(tmp);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && tmp[i - 1] != '-' && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

static void
pct(int bps, char *buf, size_t len)
{
	snprintf(buf, len, "%d.%d%%", bps / 100, bps % 100 / 10);
}

struct cols {
	int title, impr, views, clicks, orders, conv, rev, trend;
};

static void
layout(int width, struct cols *c)
{
	int wide = width >= 104;

	c->impr = 8;
	c->views = 7;
	c->clicks = wide ? 8 : 0;
	c->orders = 7;
	c->conv = 8;
	c->rev = 12;
	c->trend = wide ? 16 : 0;
	c->title = width - c->impr - c->views - c->clicks - c->orders - c->conv - c->rev -
	    c->trend;
}

/* The series of a window: the last `days` values (at most GIG_DASH_SERIES). */
static const int64_t *
series(const int64_t *v, int win, int *n)
{
	*n = win_days[win] < GIG_DASH_SERIES ? win_days[win] : GIG_DASH_SERIES;
	return v + GIG_DASH_SERIES - *n;
}

static void
cells(WINDOW *w, int y, int x, const struct cols *c, const struct gig_stats_window *s,
      attr_t at)
{
	char buf[32];

	num(s->impressions, buf, sizeof buf);
	draw_right(w, y, x, c->impr - 1, buf, at);
	x += c->impr;
	num(s->views, buf, sizeof buf);
	draw_right(w, y, x, c->views - 1, buf, at);
	x += c->views;
	if (c->clicks > 0) {
		num(s->order_clicks, buf, sizeof buf);
		draw_right(w, y, x, c->clicks - 1, buf, at);
		x += c->clicks;
	}
	num(s->orders, buf, sizeof buf);
	draw_right(w, y, x, c->orders - 1, buf, at);
	x += c->orders;
	pct(s->conversion_bps, buf, sizeof buf);
	draw_right(w, y, x, c->conv - 1, buf, at);
	x += c->conv;
	gig_ui_price(s->revenue, buf, sizeof buf);
	draw_right(w, y, x, c->rev - 1, buf, at ? at : theme_attr(T_MONEY));
}

struct row_ud {
	struct dash *d;
	struct cols c;
};

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct row_ud *u = ud;
	const struct gig_dash *g = &u->d->v[idx];
	const int64_t *s;
	int n;

	(void)width;
	draw_text(w, y, x, u->c.title - 1, g->title, at | A_BOLD);
	cells(w, y, x + u->c.title, &u->c, &g->w[u->d->win], at);
	if (u->c.trend > 0) {
		s = series(g->views, u->d->win, &n);
		sparkline_draw(w, y, x + width - u->c.trend + 2, u->c.trend - 2, s, n,
		    at ? at : theme_attr(T_TITLE));
	}
}

static void
totals(const struct dash *d, struct gig_stats_window *t)
{
	size_t i;

	memset(t, 0, sizeof *t);
	for (i = 0; i < d->n; i++) {
		const struct gig_stats_window *s = &d->v[i].w[d->win];

		t->impressions += s->impressions;
		t->views += s->views;
		t->order_clicks += s->order_clicks;
		t->orders += s->orders;
		t->revenue += s->revenue;
	}
	t->conversion_bps = t->views > 0 ? (int)(t->orders * 10000 / t->views) : 0;
}

static void
head(WINDOW *w, int y, int x, const struct cols *c)
{
	attr_t h = theme_attr(T_HEAD);

	draw_text(w, y, x, c->title - 1, _("Service"), h);
	x += c->title;
	draw_right(w, y, x, c->impr - 1, _("Impr."), h);
	x += c->impr;
	draw_right(w, y, x, c->views - 1, _("Views"), h);
	x += c->views;
	if (c->clicks > 0) {
		draw_right(w, y, x, c->clicks - 1, _("Clicks"), h);
		x += c->clicks;
	}
	draw_right(w, y, x, c->orders - 1, _("Orders"), h);
	x += c->orders;
	draw_right(w, y, x, c->conv - 1, _("Conv."), h);
	x += c->conv;
	draw_right(w, y, x, c->rev - 1, _("Revenue"), h);
	x += c->rev;
	if (c->trend > 0)
		draw_text(w, y, x + 2, c->trend - 2, _("Views trend"), h);
}

/* The selected gig's daily series as three labelled sparklines. */
static void
detail(struct dash *d, WINDOW *w, int y, int x, int wd)
{
	const struct gig_dash *g = &d->v[d->list.nav.sel];
	const char *labels[3] = { _("Impressions"), _("Views"), _("Orders") };
	const int64_t *v[3] = { g->impressions, g->views, g->orders };
	const int64_t *s;
	int64_t wide[GIG_DASH_SERIES * 4], sum;
	char buf[400], t[32];
	int i, n = 0, lw = 0, cw, j, k, avail, sw = 0;

	for (i = 0; i < 3; i++)
		if ((cw = draw_width(labels[i])) > lw)
			lw = cw;
	lw += 2;
	snprintf(buf, sizeof buf, d->win == 2 ? _("%s: the last %d days, day by day (the "
	    "90-day totals are above)") : _("%s: the last %d days, day by day"), g->title,
	    d->win == 0 ? 7 : GIG_DASH_SERIES);
	draw_text(w, y, x, wd, buf, theme_attr(T_HEAD));
	for (i = 0; i < 3; i++) {
		s = series(v[i], d->win, &n);
		for (sum = 0, j = 0; j < n; j++)
			sum += s[j];
		/* a short series is drawn wider: each day repeated, up to 4 columns */
		avail = wd - lw - 16;
		k = n > 0 && avail / n > 1 ? avail / n : 1;
		if (k > 4)
			k = 4;
		for (j = 0; j < n * k; j++)
			wide[j] = s[j / k];
		draw_text(w, y + 1 + i, x + 2, lw, labels[i], theme_attr(T_DIM));
		sw = sparkline_draw(w, y + 1 + i, x + 2 + lw, avail, wide, n * k,
		    theme_attr(i == 2 ? T_OK : T_TITLE));
		num(sum, t, sizeof t);
		draw_text(w, y + 1 + i, x + 2 + lw + sw + 2, 12, t, A_BOLD);
	}
	snprintf(buf, sizeof buf, _("%d days ago"), n);
	draw_text(w, y + 4, x + 2 + lw, sw, buf, theme_attr(T_DIM));
	if (sw > draw_width(buf) + draw_width(_("today")) + 2)
		draw_right(w, y + 4, x + 2 + lw, sw, _("today"), theme_attr(T_DIM));
}

static void
dash_draw(struct app *a, void *st, WINDOW *w)
{
	struct dash *d = st;
	struct row_ud u = { d, { 0 } };
	struct gig_stats_window t;
	int cols = getmaxx(w), rows = getmaxy(w), i, x, lh;
	char buf[64];

	(void)a;
	draw_text(w, 1, 2, cols / 2, _("Period"), theme_attr(T_HEAD));
	for (i = 0, x = 2 + draw_width(_("Period")) + 2; i < 3; i++) {
		snprintf(buf, sizeof buf, _(" %d days "), win_days[i]);
		x += draw_text(w, 1, x, cols - x, buf, theme_attr(i == d->win ? T_SEL : T_DIM)) + 1;
	}
	draw_text(w, 1, x + 1, cols - x - 2, _("(1 / 2 / 3 or w)"), theme_attr(T_DIM));
	if (d->err != 0) {
		draw_text(w, 3, 2, cols - 4, app_strerror(d->err), theme_attr(T_ERR));
		return;
	}
	if (d->n == 0) {
		draw_text(w, 3, 2, cols - 4, _("No services yet: create one under My services."),
		    theme_attr(T_DIM));
		return;
	}
	layout(cols - 7, &u.c);
	head(w, 3, 4, &u.c);
	totals(d, &t);
	draw_text(w, 4, 4, u.c.title - 1, _("All services"), A_BOLD);
	cells(w, 4, 4 + u.c.title, &u.c, &t, A_BOLD);
	lh = rows - 6 - 6;
	if (lh > (int)d->n)
		lh = (int)d->n;
	if (lh < 1)
		lh = 1;
	wlist_draw(&d->list, w, 5, 2, lh, cols - 4, (int)d->n, row, &u);
	if (5 + lh + 6 <= rows)
		detail(d, w, 5 + lh + 1, 2, cols - 4);
}

static int
key_win(struct app *a, void *st, int key)
{
	struct dash *d = st;

	(void)a;
	if (key >= '1' && key <= '3')
		d->win = key - '1';
	else
		d->win = (d->win + 1) % 3;
	return R_HANDLED | R_REDRAW;
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct dash *d = st;

	(void)a;
	return wlist_key(&d->list, key);
}

static int
key_open(struct app *a, void *st, int key)
{
	struct dash *d = st;
	struct gig_page_arg ga;

	(void)key;
	if (d->n == 0)
		return R_HANDLED;
	ga.gig_id = d->v[d->list.nav.sel].gig_id;
	return app_push(a, &scr_gig_page, &ga);
}

static int
key_reload(struct app *a, void *st, int key)
{
	struct dash *d = st;

	(void)key;
	app_track_flush(a, 1);           /* counts of this session first */
	if (d->n > 0)
		d->want = d->v[d->list.nav.sel].gig_id;
	load(a, d);
	return R_HANDLED | R_REDRAW;
}

static int
dash_resume(struct app *a, void *st)
{
	key_reload(a, st, 0);
	return R_REDRAW;
}

static int
dash_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct dash *d = st;
	int act = 0, r = wlist_mouse(&d->list, m, y, x, &act);

	return act ? key_open(a, d, TK_ENTER) : r;
}

static const struct keybind dash_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ '1', key_win, N_("1/2/3"), N_("7 / 30 / 90 days"), KB_HINT },
	{ '2', key_win, NULL, NULL, 0 },
	{ '3', key_win, NULL, NULL, 0 },
	{ 'w', key_win, N_("w"), N_("next period"), 0 },
	{ TK_TAB, key_win, NULL, NULL, 0 },
	{ TK_ENTER, key_open, N_("Enter"), N_("open the service"), KB_HINT },
	{ 'r', key_reload, N_("r"), N_("refresh"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_gig_dash = {
	.name = "gig_dash",
	.title = N_("Seller statistics"),
	.keys = dash_keys,
	.open = dash_open,
	.close = dash_close,
	.draw = dash_draw,
	.mouse = dash_mouse,
	.resume = dash_resume,
};
