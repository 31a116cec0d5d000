/* scr_order_new.c: ordering a gig: package, package quantity and extras with a live
 * total (order_quote: subtotal, service fee, total, days, revisions), then "review and
 * pay from the wallet" (order_buy: create and pay in one transaction, with one
 * idempotency key per screen); on success the order page replaces it, with the requirement
 * questions on top when the seller asks any. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "money.h"
#include "order_args.h"
#include "order_ui.h"
#include "screens.h"
#include "w_textview.h"
#include "wallet.h"

#define SIDE_FROM 76                 /* summary beside the choices from this width */

enum { ROW_TIER, ROW_QTY, ROW_EXTRA0 };

struct onew {
	struct gig_page *g;
	int tier;
	int qty;
	int extra_qty[GIG_EXTRAS_MAX];
	int row, nrows;
	struct order_quote q;
	int quote_err;
	struct wallet wal;
	int wallet_err;
	char idem[96];
	int64_t order_id;            /* created and paid (order_buy leaves none unpaid) */
	int placed;                  /* paid: the order page takes over on resume */
	int want_wallet;             /* "top up?" answered yes */
	int short_funds;             /* the last payment failed for want of money */
	int rows_y0;                 /* where the rows were drawn (mouse) */
};

static void
fill_new(struct onew *s, struct order_new *n)
{
	size_t i;

	memset(n, 0, sizeof *n);
	n->gig_id = s->g->id;
	n->tier = (enum gig_tier)s->tier;
	n->quantity = s->qty;
	for (i = 0; i < s->g->c.n_extras; i++)
		if (s->extra_qty[i] > 0) {
			n->extras[n->n_extras].extra_id = s->g->c.extras[i].id;
			n->extras[n->n_extras++].quantity = s->extra_qty[i];
		}
	n->idem_key = s->idem;
}

static void
requote(struct app *a, struct onew *s)
{
	struct order_new n;

	fill_new(s, &n);
	s->quote_err = order_quote(a->db, &a->oconf, &n, &s->q);
}

static void
load_wallet(struct app *a, struct onew *s)
{
	s->wallet_err = wallet_get(a->db, a->acct.id, a->acct.id, &s->wal);
}

static int
onew_open(struct app *a, void **st, const void *arg)
{
	const struct order_new_arg *oa = arg;
	struct onew *s;
	int r;

	if ((s = calloc(1, sizeof *s)) == NULL || (s->g = calloc(1, sizeof *s->g)) == NULL) {
		free(s);
		return JS_ERR_NOMEM;
	}
	if ((r = gig_get(a->db, a->acct.id, oa->gig_id, s->g)) != 0 ||
	    (r = s->g->is_owner ? JS_ERR_PERM : 0) != 0) {
		free(s->g);
		free(s);
		return r;
	}
	s->tier = (int)oa->tier < GIG_TIERS && s->g->c.pkg[oa->tier].present ? (int)oa->tier : 0;
	s->qty = 1;
	s->nrows = ROW_EXTRA0 + (int)s->g->c.n_extras;
	order_ui_idem_key("order", a->acct.id, s->idem, sizeof s->idem);
	requote(a, s);
	load_wallet(a, s);
	*st = s;
	return 0;
}

static void
onew_close(struct app *a, void *st)
{
	struct onew *s = st;

	(void)a;
	free(s->g);
	free(s);
}

static void
money(int64_t fen, char *buf, size_t len)
{
	money_format(fen, buf, len);
}

static void
draw_rows(struct app *a, struct onew *s, WINDOW *w, int y, int x, int wd)
{
	const struct gig_content *c = &s->g->c;
	char buf[600], v[64];
	attr_t at;
	int i;

	(void)a;
	s->rows_y0 = y;
	for (i = 0; i < s->nrows; i++, y++) {
		at = i == s->row ? theme_attr(T_SEL) : 0;
		draw_text(w, y, x - 2, 2, i == s->row ? "> " : "  ", A_BOLD);
		if (i == ROW_TIER) {
			money(c->pkg[s->tier].price, v, sizeof v);
			if (strcmp(c->pkg[s->tier].name, gig_ui_tier((enum gig_tier)s->tier)) == 0)
				snprintf(buf, sizeof buf, "%s  < %s >  %s", _("Package"),
				    c->pkg[s->tier].name, v);
			else
				snprintf(buf, sizeof buf, "%s  < %s: %s >  %s", _("Package"),
				    gig_ui_tier((enum gig_tier)s->tier), c->pkg[s->tier].name, v);
		} else if (i == ROW_QTY) {
			snprintf(buf, sizeof buf, "%s  - %d +", _("Quantity"), s->qty);
		} else {
			const struct gig_extra *e = &c->extras[i - ROW_EXTRA0];
			int q = s->extra_qty[i - ROW_EXTRA0];

			money(e->price, v, sizeof v);
			if (q > 0)
				snprintf(buf, sizeof buf, "[x] %s  %s  x%d", e->title, v, q);
			else
				snprintf(buf, sizeof buf, "[ ] %s  %s", e->title, v);
		}
		draw_pad(w, y, x, wd, buf, at);
	}
}

/* The summary box: lines of the quote, subtotal, fee, total, days, revisions, wallet. */
static void
draw_summary(struct app *a, struct onew *s, WINDOW *w, int y, int x, int wd, int h)
{
	char buf[600], v[64];
	int r = y + 1, iw = wd - 4, lw;
	size_t i;

	(void)a;
	draw_box(w, y, x, h, wd, theme_attr(T_BORDER));
	draw_printf(w, y, x + 2, iw, theme_attr(T_TITLE), " %s ", _("Summary"));
	if (s->quote_err != 0) {
		draw_text(w, r, x + 2, iw, s->quote_err == JS_ERR_STATE ?
		    _("This service cannot be ordered now.") : app_strerror(s->quote_err),
		    theme_attr(T_ERR));
		return;
	}
	for (i = 0; i < s->q.n_lines && r < y + h - 8; i++, r++) {
		money(s->q.lines[i].line_total, v, sizeof v);
		lw = draw_width(v);
		if (s->q.lines[i].quantity > 1)
			snprintf(buf, sizeof buf, "%s x%d", s->q.lines[i].title,
			    s->q.lines[i].quantity);
		else
			snprintf(buf, sizeof buf, "%s", s->q.lines[i].title);
		draw_text(w, r, x + 2, iw - lw - 1, buf, 0);
		draw_right(w, r, x + 2, iw, v, 0);
	}
#define PAIR(label, val, attr) do { \
		draw_text(w, r, x + 2, iw, label, 0); \
		draw_right(w, r, x + 2, iw, val, attr); r++; } while (0)
	money(s->q.subtotal, v, sizeof v);
	PAIR(_("Subtotal"), v, 0);
	money(s->q.buyer_fee, v, sizeof v);
	PAIR(_("Service fee"), v, 0);
	money(s->q.total, v, sizeof v);
	PAIR(_("Total"), v, theme_attr(T_MONEY) | A_BOLD);
	gig_ui_days(s->q.delivery_days, v, sizeof v);
	PAIR(_("Delivery"), v, 0);
	gig_ui_revisions_long(s->q.revisions, v, sizeof v);
	PAIR(_("Revisions"), v, 0);
	if (s->wallet_err == 0) {
		money(s->wal.available, v, sizeof v);
		PAIR(_("Wallet available"), v, s->wal.available < s->q.total ?
		    theme_attr(T_ERR) : theme_attr(T_OK));
	}
#undef PAIR
}

static void
onew_draw(struct app *a, void *st, WINDOW *w)
{
	struct onew *s = st;
	int cols = getmaxx(w), rows = getmaxy(w), side = cols >= SIDE_FROM;
	int bx = cols - 38, lw = side ? bx - 5 : cols - 6, y, n, bh;
	char buf[600];

	snprintf(buf, sizeof buf, _("Order: %s"), s->g->c.title);
	draw_text(w, 1, 2, (side ? bx : cols) - 4, buf, theme_attr(T_TITLE));
	snprintf(buf, sizeof buf, _("from @%s"), s->g->seller.handle);
	draw_text(w, 2, 2, (side ? bx : cols) - 4, buf, theme_attr(T_DIM));
	draw_rows(a, s, w, 4, 4, lw);
	y = 4 + s->nrows + 1;
	n = wtext_count(_("Up/Down choose, -/+ or Left/Right change, Space adds or removes "
	    "an extra."), lw);
	if (y + n < rows)
		wtext_draw(NULL, w, y, 4, n, lw, _("Up/Down choose, -/+ or Left/Right change, "
		    "Space adds or removes an extra."), theme_attr(T_DIM));
	y += n + 1;
	if (y < rows)
		draw_printf(w, y, 4, lw, theme_attr(T_BUTTON_FOCUS), "[ %s ]",
		    _("Enter: review and pay from wallet"));
	/* the summary: the quote's lines and seven more rows, in its frame */
	bh = (int)(s->quote_err != 0 ? 1 : s->q.n_lines) + 9;
	if (side)
		draw_summary(a, s, w, 1, bx, 36, bh < rows - 1 ? bh : rows - 1);
	else if (y + 2 < rows)
		draw_summary(a, s, w, y + 2, 2, cols - 4, rows - y - 2 < bh ? rows - y - 2 : bh);
}

static int
change(struct app *a, struct onew *s, int delta)
{
	int t, *q, max = ORDER_QTY_MAX;

	if (s->row == ROW_TIER) {
		t = s->tier;
		do
			t = (t + GIG_TIERS + delta) % GIG_TIERS;
		while (!s->g->c.pkg[t].present);
		s->tier = t;
	} else {
		q = s->row == ROW_QTY ? &s->qty : &s->extra_qty[s->row - ROW_EXTRA0];
		t = *q + delta;
		if (t < (s->row == ROW_QTY ? 1 : 0) || t > max)
			return R_HANDLED;
		*q = t;
	}
	requote(a, s);
	return R_HANDLED | R_REDRAW;
}

static int
key_change(struct app *a, void *st, int key)
{
	struct onew *s = st;

	if (key == ' ' && s->row >= ROW_EXTRA0)
		return change(a, s, s->extra_qty[s->row - ROW_EXTRA0] > 0 ?
		    -s->extra_qty[s->row - ROW_EXTRA0] : 1);
	return change(a, s, key == '-' || key == TK(KEY_LEFT) ? -1 : 1);
}

static int
key_move(struct app *a, void *st, int key)
{
	struct onew *s = st;

	(void)a;
	if (key == 'k' || key == TK(KEY_UP))
		s->row = s->row > 0 ? s->row - 1 : 0;
	else
		s->row = s->row + 1 < s->nrows ? s->row + 1 : s->row;
	return R_HANDLED | R_REDRAW;
}

/* The confirmation's yes: create and pay at once. The screen's key makes a second
 * Enter return the order the first one paid; a refusal leaves no order behind. */
static int
pay(struct app *a, void *ud)
{
	struct onew *s = ud;
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	struct order_new n;
	int r;

	fill_new(s, &n);
	r = order_buy(&cx, a->acct.id, &n, &s->order_id);
	if (r == 0) {
		s->placed = 1;
		app_flash(a, FLASH_OK, "%s", _("Paid: the money is held in escrow."));
		return R_REDRAW;
	}
	load_wallet(a, s);
	if (r == JS_ERR_FUNDS) {
		s->short_funds = 1;
		app_flash(a, FLASH_ERR, "%s", _("Not enough money in your wallet for this "
		    "order."));
	} else
		app_flash_err(a, _("Payment"), r);
	return R_REDRAW;
}

static int
to_wallet(struct app *a, void *ud)
{
	struct onew *s = ud;

	(void)a;
	s->want_wallet = 1;
	return R_REDRAW;
}

static int
key_review(struct app *a, void *st, int key)
{
	struct onew *s = st;
	struct confirm_arg ca = { .ud = s };
	char msg[512], tot[32], av[32], need[32];

	(void)key;
	requote(a, s);
	load_wallet(a, s);
	if (s->quote_err != 0) {
		app_flash_err(a, _("Order"), s->quote_err);
		return R_HANDLED | R_REDRAW;
	}
	money(s->q.total, tot, sizeof tot);
	money(s->wal.available, av, sizeof av);
	if (s->wallet_err == 0 && s->wal.available < s->q.total) {
		money(s->q.total - s->wal.available, need, sizeof need);
		if (!a->oconf.sandbox_topup) {
			app_flash(a, FLASH_ERR, _("Not enough money: the order costs %s, your "
			    "wallet has %s."), tot, av);
			return R_HANDLED | R_REDRAW;
		}
		snprintf(msg, sizeof msg, _("The order costs %s, your wallet has %s (%s "
		    "short). Open the wallet to top up (demo money)?"), tot, av, need);
		ca.msg = msg;
		ca.yes = to_wallet;
		return app_push(a, &scr_confirm, &ca);
	}
	snprintf(msg, sizeof msg, _("Pay %s from your wallet (available %s)? The money is "
	    "held in escrow until you accept the delivery."), tot, av);
	ca.msg = msg;
	ca.yes = pay;
	return app_push(a, &scr_confirm, &ca);
}

static int
onew_resume(struct app *a, void *st)
{
	struct onew *s = st;
	struct order_page_arg pa;
	struct order_ctx cx = { a->db, &a->oconf, 0 };
	uint32_t mask = 0;
	int r;

	if (s->placed) {
		pa.order_id = s->order_id;
		r = app_replace(a, &scr_order_page, &pa);   /* frees s */
		if (order_actions(&cx, a->acct.id, pa.order_id, &mask) == 0 &&
		    (mask & (1u << ORDER_ACT_SUBMIT_REQUIREMENTS)))
			r |= app_push(a, &scr_order_reqs, &pa);
		return r;
	}
	if (s->want_wallet) {
		s->want_wallet = 0;
		return app_push(a, &scr_wallet, NULL);
	}
	load_wallet(a, s);
	requote(a, s);
	return R_REDRAW;
}

static int
onew_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct onew *s = st;

	(void)a;
	(void)x;
	if ((m->bstate & BUTTON1_PRESSED) && y >= s->rows_y0 && y < s->rows_y0 + s->nrows) {
		s->row = y - s->rows_y0;
		return R_HANDLED | R_REDRAW;
	}
	return 0;
}

static const struct keybind onew_keys[] = {
	{ TK_ENTER, key_review, N_("Enter"), N_("review and pay"), KB_HINT },
	{ 'j', key_move, N_("j/k"), N_("choose"), KB_HINT },
	{ 'k', key_move, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_move, NULL, NULL, 0 },
	{ TK(KEY_UP), key_move, NULL, NULL, 0 },
	{ '+', key_change, N_("-/+"), N_("change"), KB_HINT },
	{ '=', key_change, NULL, NULL, 0 },
	{ '-', key_change, NULL, NULL, 0 },
	{ TK(KEY_RIGHT), key_change, NULL, NULL, 0 },
	{ TK(KEY_LEFT), key_change, NULL, NULL, 0 },
	{ ' ', key_change, N_("Space"), N_("add / remove extra"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_order_new = {
	.name = "order_new",
	.title = N_("Order"),
	.keys = onew_keys,
	.open = onew_open,
	.close = onew_close,
	.draw = onew_draw,
	.mouse = onew_mouse,
	.resume = onew_resume,
};
