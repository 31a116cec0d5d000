/* scr_disputes.c: admin mode, first screen: the queue of open disputes, oldest first
 * (dispute_queue, admins only); Enter opens the order page, r the resolution dialog. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "money.h"
#include "order_args.h"
#include "order_ui.h"
#include "screens.h"
#include "w_list.h"
#include "w_textview.h"

#define QUEUE_PAGE 50
#define QUEUE_MAX 500

struct dq {
	struct dispute_info *v;
	size_t n;
	int more, err;
	struct wlist list;
};

static void
load_page(struct app *a, struct dq *q)
{
	size_t got = 0;
	int r;

	if (q->n + QUEUE_PAGE > QUEUE_MAX) {
		q->more = 0;
		return;
	}
	r = dispute_queue(a->db, a->acct.id, q->n > 0 ? q->v[q->n - 1].id : 0, q->v + q->n,
	    QUEUE_PAGE, &got);
	if (r != 0) {
		q->err = r;
		q->more = 0;
		return;
	}
	q->n += got;
	q->more = got == QUEUE_PAGE;
}

static void
reload(struct app *a, struct dq *q)
{
	q->n = 0;
	q->err = 0;
	load_page(a, q);
}

static int
dq_open(struct app *a, void **st, const void *arg)
{
	struct dq *q;

	(void)arg;
	if (!a->acct.is_admin)
		return JS_ERR_PERM;
	if ((q = calloc(1, sizeof *q)) == NULL ||
	    (q->v = calloc(QUEUE_MAX, sizeof *q->v)) == NULL) {
		free(q);
		return JS_ERR_NOMEM;
	}
	reload(a, q);
	*st = q;
	return 0;
}

static void
dq_close(struct app *a, void *st)
{
	struct dq *q = st;

	(void)a;
	free(q->v);
	free(q);
}

static int
dq_resume(struct app *a, void *st)
{
	reload(a, st);
	return R_REDRAW;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	const struct dispute_info *d = &((struct dq *)ud)->v[idx];
	char buf[400], v[32], when[32];
	time_t t = (time_t)d->created_at;
	struct tm tm;
	int tw = width - 7 - 17 - 16 - 12;

	if (localtime_r(&t, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	else
		when[0] = '\0';
	snprintf(buf, sizeof buf, "#%lld", (long long)d->order_id);
	draw_text(w, y, x, 7, buf, at ? at : theme_attr(T_DIM));
	draw_text(w, y, x + 7, 17, when, at ? at : theme_attr(T_DIM));
	snprintf(buf, sizeof buf, "@%s", d->opened_by_handle);
	draw_pad(w, y, x + 24, 16, buf, at);
	if (tw > 4)
		draw_pad(w, y, x + 40, tw - 1, d->order_title, at | A_BOLD);
	money_format(d->escrow, v, sizeof v);
	draw_right(w, y, x + 40 + (tw > 4 ? tw : 0), 12, v, at ? at : theme_attr(T_MONEY));
}

static void
dq_draw(struct app *a, void *st, WINDOW *w)
{
	struct dq *q = st;
	int cols = getmaxx(w), rows = getmaxy(w), lh, detail;
	const struct dispute_info *d;
	char buf[128];

	(void)a;
	snprintf(buf, sizeof buf, ngettext("%zu open dispute", "%zu open disputes",
	    (unsigned long)q->n), q->n);
	draw_text(w, 1, 2, cols - 4, _("Admin: disputes"), theme_attr(T_TITLE));
	draw_right(w, 1, 2, cols - 4, buf, theme_attr(T_DIM));
	if (q->err != 0) {
		draw_text(w, 3, 2, cols - 4, app_strerror(q->err), theme_attr(T_ERR));
		return;
	}
	if (q->n == 0) {
		draw_text(w, 3, 2, cols - 4, _("No open disputes."), theme_attr(T_DIM));
		return;
	}
	detail = rows >= 16 ? 5 : 0;
	lh = rows - 3 - detail;
	wlist_draw(&q->list, w, 3, 0, lh, cols - 1, (int)q->n, row, q);
	if (detail == 0 || q->list.nav.sel < 0)
		return;
	d = &q->v[q->list.nav.sel];
	draw_text(w, 3 + lh, 2, cols - 4, _("Reason"), theme_attr(T_HEAD));
	wtext_draw(NULL, w, 4 + lh, 2, detail - 1, cols - 4, d->reason, 0);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct dq *q = st;
	int r = wlist_key(&q->list, key);

	if (q->more && q->list.nav.sel >= (int)q->n - 1) {
		load_page(a, q);
		r |= R_REDRAW;
	}
	return r;
}

static int
key_open(struct app *a, void *st, int key)
{
	struct dq *q = st;
	struct order_page_arg pa;

	if (q->n == 0 || q->list.nav.sel < 0)
		return R_HANDLED;
	pa.order_id = q->v[q->list.nav.sel].order_id;
	return app_push(a, key == 'r' ? &scr_dispute_resolve : &scr_order_page, &pa);
}

static int
dq_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct dq *q = st;
	int act = 0, r = wlist_mouse(&q->list, m, y, x, &act);

	return act ? key_open(a, q, TK_ENTER) : r;
}

static const struct keybind dq_keys[] = {
	{ TK_ENTER, key_open, N_("Enter"), N_("open the order"), KB_HINT },
	{ 'r', key_open, N_("r"), N_("resolve"), KB_HINT },
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_disputes = {
	.name = "disputes",
	.title = N_("Disputes"),
	.keys = dq_keys,
	.open = dq_open,
	.close = dq_close,
	.draw = dq_draw,
	.mouse = dq_mouse,
	.resume = dq_resume,
};
