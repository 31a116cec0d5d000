/* scr_wallet.c: the wallet: available, pending (clearing) and in escrow (wallet_get),
 * the history of the available and pending books with keyset pages (wallet_history),
 * and the demo top-up (wallet_topup_sandbox) when [payments] sandbox is on. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "money.h"
#include "order_ui.h"
#include "screens.h"
#include "w_list.h"
#include "wallet.h"

#define WALLET_PAGE 50
#define WALLET_MAX 1000

struct wscr {
	struct wallet w;
	int werr;
	enum wallet_book book;
	struct ledger_entry *v;
	size_t n;
	int more, err;
	struct wlist list;
	char idem[96];               /* the top-up being typed */
};

static void
load_page(struct app *a, struct wscr *s)
{
	size_t got = 0;
	int r;

	if (s->n + WALLET_PAGE > WALLET_MAX) {
		s->more = 0;
		return;
	}
	r = wallet_history(a->db, a->acct.id, a->acct.id, s->book,
	    s->n > 0 ? s->v[s->n - 1].posting_id : 0, s->v + s->n, WALLET_PAGE, &got);
	if (r != 0) {
		s->err = r;
		s->more = 0;
		return;
	}
	s->n += got;
	s->more = got == WALLET_PAGE;
}

static void
reload(struct app *a, struct wscr *s)
{
	s->werr = wallet_get(a->db, a->acct.id, a->acct.id, &s->w);
	s->n = 0;
	s->err = 0;
	load_page(a, s);
}

static int
wallet_open(struct app *a, void **st, const void *arg)
{
	struct wscr *s;

	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->v = calloc(WALLET_MAX, sizeof *s->v)) == NULL) {
		free(s);
		return JS_ERR_NOMEM;
	}
	reload(a, s);
	*st = s;
	return 0;
}

static void
wallet_close(struct app *a, void *st)
{
	struct wscr *s = st;

	(void)a;
	free(s->v);
	free(s);
}

static int
wallet_resume(struct app *a, void *st)
{
	reload(a, st);
	return R_REDRAW;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	const struct ledger_entry *e = &((struct wscr *)ud)->v[idx];
	char d[32], amt[32], bal[32], buf[64];
	time_t t = (time_t)e->created_at;
	struct tm tm;
	int aw = 14, bw = 14, dw = 17, kw;

	if (localtime_r(&t, &tm) != NULL)
		strftime(d, sizeof d, "%Y-%m-%d %H:%M", &tm);
	else
		d[0] = '\0';
	money_format(e->amount, amt, sizeof amt);
	if (e->amount > 0)
		snprintf(buf, sizeof buf, "+%s", amt);
	else
		snprintf(buf, sizeof buf, "%s", amt);
	money_format(e->balance_after, bal, sizeof bal);
	kw = width - dw - aw - bw - 2;
	draw_text(w, y, x, dw, d, at ? at : theme_attr(T_DIM));
	/* the memo is the program's English note: the kind says it in the user's words */
	draw_pad(w, y, x + dw, kw, order_ui_ledger_kind(e->kind), at);
	draw_right(w, y, x + dw + kw, aw, buf, at ? at : theme_attr(e->amount < 0 ? T_ERR :
	    T_OK));
	draw_right(w, y, x + dw + kw + aw, bw, bal, at ? at : theme_attr(T_MONEY));
}

static void
wallet_draw(struct app *a, void *st, WINDOW *w)
{
	struct wscr *s = st;
	int cols = getmaxx(w), rows = getmaxy(w), x = 2, lw = 14, cw;
	char v[32], buf[128];

	draw_text(w, 1, 2, cols - 4, _("Your wallet"), theme_attr(T_TITLE));
	if (s->werr != 0) {
		draw_text(w, 3, 2, cols - 4, app_strerror(s->werr), theme_attr(T_ERR));
		return;
	}
	if ((cw = draw_width(_("Pending (clearing)"))) + 2 > lw)
		lw = cw + 2;
	money_format(s->w.available, v, sizeof v);
	draw_text(w, 2, 4, lw, _("Available"), theme_attr(T_DIM));
	draw_text(w, 2, 4 + lw, 20, v, theme_attr(T_MONEY) | A_BOLD);
	money_format(s->w.pending, v, sizeof v);
	draw_text(w, 3, 4, lw, _("Pending (clearing)"), theme_attr(T_DIM));
	draw_text(w, 3, 4 + lw, 20, v, theme_attr(T_MONEY));
	money_format(s->w.escrow, v, sizeof v);
	draw_text(w, 4, 4, lw, _("In escrow"), theme_attr(T_DIM));
	draw_text(w, 4, 4 + lw, 20, v, theme_attr(T_MONEY));
	if (a->oconf.sandbox_topup && cols > 4 + lw + 22)
		draw_text(w, 2, 4 + lw + 20, cols - lw - 26, _("t: top up (demo money)"),
		    theme_attr(T_KEY));
	snprintf(buf, sizeof buf, " %s ", _("Available"));
	x += draw_text(w, 6, x, cols - x, buf, s->book == WALLET_AVAILABLE ?
	    theme_attr(T_SEL) : theme_attr(T_DIM)) + 1;
	snprintf(buf, sizeof buf, " %s ", _("Pending"));
	x += draw_text(w, 6, x, cols - x, buf, s->book == WALLET_PENDING ?
	    theme_attr(T_SEL) : theme_attr(T_DIM)) + 2;
	draw_text(w, 6, x, cols - x - 1, _("(Tab switches)"), theme_attr(T_DIM));
	if (s->err != 0) {
		draw_text(w, 8, 2, cols - 4, app_strerror(s->err), theme_attr(T_ERR));
		return;
	}
	if (s->n == 0) {
		draw_text(w, 8, 4, cols - 6, _("No transactions yet."), theme_attr(T_DIM));
		return;
	}
	/* the row's columns end where row() puts them: width cols - 7, balance last */
	draw_right(w, 7, 4 + cols - 7 - 16 - 14, 14, _("Amount"), theme_attr(T_HEAD));
	draw_right(w, 7, 4 + cols - 7 - 2 - 14, 14, _("Balance"), theme_attr(T_HEAD));
	wlist_draw(&s->list, w, 8, 2, rows - 8, cols - 5, (int)s->n, row, s);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct wscr *s = st;
	int r = wlist_key(&s->list, key);

	if (s->more && s->list.nav.sel >= (int)s->n - 1) {
		load_page(a, s);
		r |= R_REDRAW;
	}
	return r;
}

static int
key_book(struct app *a, void *st, int key)
{
	struct wscr *s = st;

	(void)key;
	s->book = s->book == WALLET_AVAILABLE ? WALLET_PENDING : WALLET_AVAILABLE;
	s->list.nav.sel = s->list.nav.top = 0;
	reload(a, s);
	return R_HANDLED | R_REDRAW;
}

static int
topped(struct app *a, void *ud, const char *text)
{
	struct wscr *s = ud;
	const char *msg = NULL;
	int64_t amount;
	char v[32];
	int r;

	if (gig_ui_parse_price(text, 0, &amount, &msg) != 0 || amount > WALLET_TOPUP_MAX) {
		app_flash(a, FLASH_ERR, "%s", msg != NULL ? msg : _("at most ¥100,000"));
		return R_REDRAW;
	}
	if ((r = wallet_topup_sandbox(a->db, a->oconf.sandbox_topup, a->acct.id, amount,
	    s->idem)) != 0) {
		app_flash_err(a, _("Top up"), r);
		return R_REDRAW;
	}
	money_format(amount, v, sizeof v);
	app_flash(a, FLASH_OK, _("Added %s of demo money."), v);
	return R_POP;
}

static int
key_topup(struct app *a, void *st, int key)
{
	struct wscr *s = st;
	struct prompt_arg pa = { .title = _("Top up (demo money)"), .label = _("Yuan"),
	    .initial = "1000", .max_chars = 16, .done = topped, .ud = s };

	(void)key;
	if (!a->oconf.sandbox_topup) {
		app_flash(a, FLASH_INFO, "%s", _("Top-up by Alipay and WeChat Pay is coming soon."));
		return R_HANDLED | R_REDRAW;
	}
	order_ui_idem_key("topup", a->acct.id, s->idem, sizeof s->idem);
	return app_push(a, &scr_prompt, &pa);
}

static int
wallet_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct wscr *s = st;
	int act = 0;

	(void)a;
	return wlist_mouse(&s->list, m, y, x, &act);
}

static const struct keybind wallet_keys[] = {
	{ TK_TAB, key_book, N_("Tab"), N_("available / pending"), KB_HINT },
	{ TK(KEY_BTAB), key_book, NULL, NULL, 0 },
	{ 't', key_topup, N_("t"), N_("top up (demo)"), KB_HINT },
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ TK(KEY_NPAGE), key_nav, NULL, NULL, 0 },
	{ TK(KEY_PPAGE), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_wallet = {
	.name = "wallet",
	.title = N_("Wallet"),
	.keys = wallet_keys,
	.open = wallet_open,
	.close = wallet_close,
	.draw = wallet_draw,
	.mouse = wallet_mouse,
	.resume = wallet_resume,
};
