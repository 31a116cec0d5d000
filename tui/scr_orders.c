/* scr_orders.c: my orders: buying and selling tabs with counts per state
 * (order_counts), a state filter, keyset pages loaded as the list reaches its end
 * (order_list), late badges; Enter opens the order page. */
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

#define ORDERS_PAGE 40
#define ORDERS_MAX 400

struct orders {
	enum order_side side;
	int filter;                  /* -1 all, else an order_state */
	int64_t counts[ORDER_STATES], all;
	struct order_info *v;
	size_t n;
	int more;                    /* the last page was full: there may be more */
	int err;
	struct wlist list;
};

static void
load_page(struct app *a, struct orders *o)
{
	size_t got = 0;
	int64_t before = o->n > 0 ? o->v[o->n - 1].id : 0;
	int r;

	if (o->n + ORDERS_PAGE > ORDERS_MAX) {
		o->more = 0;
		return;
	}
	r = order_list(a->db, a->acct.id, o->side, o->filter, before, o->v + o->n,
	    ORDERS_PAGE, &got);
	if (r != 0) {
		o->err = r;
		o->more = 0;
		return;
	}
	o->n += got;
	o->more = got == ORDERS_PAGE;
}

static void
reload(struct app *a, struct orders *o)
{
	int s;

	o->n = 0;
	o->err = 0;
	o->all = 0;
	if (order_counts(a->db, a->acct.id, o->side, o->counts) != 0)
		memset(o->counts, 0, sizeof o->counts);
	for (s = 0; s < ORDER_STATES; s++)
		o->all += o->counts[s];
	load_page(a, o);
}

static int
orders_open(struct app *a, void **st, const void *arg)
{
	const struct orders_arg *oa = arg;
	struct orders *o;

	if ((o = calloc(1, sizeof *o)) == NULL ||
	    (o->v = calloc(ORDERS_MAX, sizeof *o->v)) == NULL) {
		free(o);
		return JS_ERR_NOMEM;
	}
	o->side = oa != NULL ? oa->side : ORDER_SIDE_BUYER;
	o->filter = -1;
	reload(a, o);
	*st = o;
	return 0;
}

static void
orders_close(struct app *a, void *st)
{
	struct orders *o = st;

	(void)a;
	free(o->v);
	free(o);
}

static int
orders_resume(struct app *a, void *st)
{
	struct orders *o = st;
	int sel = o->list.nav.sel;

	reload(a, o);
	while (sel >= (int)o->n && o->more)
		load_page(a, o);
	return R_REDRAW;
}

struct rowctx {
	struct app *a;
	struct orders *o;
};

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct rowctx *c = ud;
	const struct order_info *oi = &c->o->v[idx];
	char buf[400], v[32];
	int sw = 16, pw = 12, tw, xx = x;
	int hw = c->o->side != ORDER_SIDE_ALL ? 14 : width >= 110 ? 24 : 18;   /* @b>@s */

	money_format(oi->total, v, sizeof v);
	tw = width - 7 - sw - 6 - hw - pw - 1;
	snprintf(buf, sizeof buf, "#%lld", (long long)oi->id);
	draw_text(w, y, xx, 7, buf, at ? at : theme_attr(T_DIM));
	xx += 7;
	draw_pad(w, y, xx, sw, order_ui_state(oi->state),
	    at ? at : theme_attr(order_ui_state_role(oi->state)));
	xx += sw;
	if (oi->is_late)
		draw_text(w, y, xx, 6, _("LATE"), at ? at | A_BOLD : theme_attr(T_ERR) | A_BOLD);
	xx += 6;
	if (tw > 4)
		draw_pad(w, y, xx, tw - 1, oi->title, at | A_BOLD);
	xx += tw > 4 ? tw : 0;
	if (c->o->side == ORDER_SIDE_ALL)
		snprintf(buf, sizeof buf, "@%s>@%s", oi->buyer_handle, oi->seller_handle);
	else
		snprintf(buf, sizeof buf, "@%s", c->o->side == ORDER_SIDE_BUYER ?
		    oi->seller_handle : oi->buyer_handle);
	draw_pad(w, y, xx, hw, buf, at);
	xx += hw;
	draw_right(w, y, xx, pw - 1, v, at ? at : theme_attr(T_MONEY));
}

static void
orders_draw(struct app *a, void *st, WINDOW *w)
{
	struct orders *o = st;
	struct rowctx c = { a, o };
	int cols = getmaxx(w), rows = getmaxy(w), x = 2, s;
	char buf[128];

	snprintf(buf, sizeof buf, " %s ", _("Buying"));
	x += draw_text(w, 1, x, cols - x, buf, o->side == ORDER_SIDE_BUYER ?
	    theme_attr(T_SEL) : theme_attr(T_DIM)) + 1;
	snprintf(buf, sizeof buf, " %s ", _("Selling"));
	x += draw_text(w, 1, x, cols - x, buf, o->side == ORDER_SIDE_SELLER ?
	    theme_attr(T_SEL) : theme_attr(T_DIM)) + 1;
	if (a->acct.is_admin) {        /* admin mode: every order (to cancel one) */
		snprintf(buf, sizeof buf, " %s ", _("All orders (admin)"));
		x += draw_text(w, 1, x, cols - x, buf, o->side == ORDER_SIDE_ALL ?
		    theme_attr(T_SEL) : theme_attr(T_DIM)) + 1;
	}
	x++;
	draw_text(w, 1, x, cols - x - 1, _("(Tab switches)"), theme_attr(T_DIM));
	/* the filter line: every state with its count; the chosen one reversed */
	x = 2;
	snprintf(buf, sizeof buf, "%s %lld", _("All"), (long long)o->all);
	x += draw_text(w, 2, x, cols - x - 1, buf, o->filter < 0 ? theme_attr(T_SEL) : 0) + 2;
	for (s = 0; s < ORDER_STATES && x < cols - 4; s++) {
		if (o->counts[s] == 0 && o->filter != s)
			continue;
		snprintf(buf, sizeof buf, "%s %lld", order_ui_state((enum order_state)s),
		    (long long)o->counts[s]);
		if (x + draw_width(buf) >= cols - 2)
			break;
		x += draw_text(w, 2, x, cols - x - 1, buf, o->filter == s ? theme_attr(T_SEL) :
		    theme_attr(order_ui_state_role((enum order_state)s))) + 2;
	}
	if (o->err != 0) {
		draw_text(w, 4, 2, cols - 4, app_strerror(o->err), theme_attr(T_ERR));
		return;
	}
	if (o->n == 0) {
		draw_text(w, 4, 2, cols - 4, o->side == ORDER_SIDE_BUYER ?
		    _("No orders here yet: find a service with / and press o on its page.") :
		    _("No orders here yet."), theme_attr(T_DIM));
		return;
	}
	wlist_draw(&o->list, w, 4, 0, rows - 4, cols - 1, (int)o->n, row, &c);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct orders *o = st;
	int r = wlist_key(&o->list, key);

	if (o->more && o->list.nav.sel >= (int)o->n - 1) {
		load_page(a, o);
		if (key == 'G' || key == TK(KEY_END))
			while (o->more)
				load_page(a, o);
		r |= R_REDRAW;
	}
	return r;
}

static int
key_side(struct app *a, void *st, int key)
{
	struct orders *o = st;

	(void)key;
	/* buying -> selling (-> all, for an admin) -> buying */
	if (o->side == ORDER_SIDE_BUYER)
		o->side = ORDER_SIDE_SELLER;
	else if (o->side == ORDER_SIDE_SELLER && a->acct.is_admin)
		o->side = ORDER_SIDE_ALL;
	else
		o->side = ORDER_SIDE_BUYER;
	o->filter = -1;
	o->list.nav.sel = 0;
	o->list.nav.top = 0;
	reload(a, o);
	return R_HANDLED | R_REDRAW;
}

/* f / F: the next / previous state that has orders (or All). */
static int
key_filter(struct app *a, void *st, int key)
{
	struct orders *o = st;
	int f = o->filter, i, d = key == 'F' ? -1 : 1;

	for (i = 0; i <= ORDER_STATES; i++) {
		f += d;
		if (f >= ORDER_STATES)
			f = -1;
		if (f < -1)
			f = ORDER_STATES - 1;
		if (f < 0 || o->counts[f] > 0)
			break;
	}
	o->filter = f;
	o->list.nav.sel = 0;
	o->list.nav.top = 0;
	reload(a, o);
	return R_HANDLED | R_REDRAW;
}

static int
key_open(struct app *a, void *st, int key)
{
	struct orders *o = st;
	struct order_page_arg pa;

	(void)key;
	if (o->n == 0 || o->list.nav.sel < 0)
		return R_HANDLED;
	pa.order_id = o->v[o->list.nav.sel].id;
	return app_push(a, &scr_order_page, &pa);
}

static int
key_reload(struct app *a, void *st, int key)
{
	(void)key;
	return orders_resume(a, st) | R_HANDLED;
}

static int
orders_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct orders *o = st;
	int act = 0, r = wlist_mouse(&o->list, m, y, x, &act);

	return act ? key_open(a, o, TK_ENTER) : r;
}

static const struct keybind orders_keys[] = {
	{ TK_ENTER, key_open, N_("Enter"), N_("open"), KB_HINT },
	{ TK_TAB, key_side, N_("Tab"), N_("buying / selling"), KB_HINT },
	{ TK(KEY_BTAB), key_side, NULL, NULL, 0 },
	{ 'f', key_filter, N_("f/F"), N_("filter by state"), KB_HINT },
	{ 'F', key_filter, NULL, NULL, 0 },
	{ 'r', key_reload, N_("r"), N_("reload"), 0 },
	{ 'j', key_nav, N_("j/k"), N_("move"), 0 },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ TK(KEY_NPAGE), key_nav, NULL, NULL, 0 },
	{ TK(KEY_PPAGE), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_orders = {
	.name = "orders",
	.title = N_("My orders"),
	.keys = orders_keys,
	.open = orders_open,
	.close = orders_close,
	.draw = orders_draw,
	.mouse = orders_mouse,
	.resume = orders_resume,
};
