/* scr_home.c: the dashboard after sign-in: a menu pane and a pane of cards (orders,
 * messages, wallet from the ledger, profile completion). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "ledger.h"
#include "money.h"
#include "profile.h"
#include "screens.h"
#include "w_list.h"
#include "w_textview.h"

enum { M_PROFILE, M_EDIT, M_SETTINGS, M_ABOUT, M_QUIT, M_ADMIN, M_MAX };
enum { C_ORDERS, C_MESSAGES, C_WALLET, C_PROFILE, C_COUNT };

static const char *const menu_text[M_MAX] = {
	N_("My profile"), N_("Edit profile"), N_("Settings"), N_("Help & about"),
	N_("Quit"), N_("Admin mode (coming soon)"),
};

struct home {
	struct wlist menu, cards;
	int pane;                    /* 0 menu, 1 cards */
	int menu_ids[M_MAX], nmenu;
	int64_t available, pending;
	int wallet_ok, pct;
};

static void
load(struct app *a, struct home *h)
{
	struct profile *pr;
	int64_t acc;

	h->wallet_ok = ledger_account(a->db, "user", a->acct.id, "available", "CNY", &acc) == 0 &&
	    ledger_balance(a->db, acc, &h->available) == 0 &&
	    ledger_account(a->db, "user", a->acct.id, "pending", "CNY", &acc) == 0 &&
	    ledger_balance(a->db, acc, &h->pending) == 0;
	h->pct = 0;
	if ((pr = malloc(sizeof *pr)) != NULL) {
		if (profile_get(a->db, a->acct.id, pr) == 0)
			h->pct = pr->completion_pct;
		free(pr);
	}
}

static int
home_open(struct app *a, void **st, const void *arg)
{
	struct home *h;
	int i;

	(void)arg;
	if ((h = calloc(1, sizeof *h)) == NULL)
		return JS_ERR_NOMEM;
	for (i = 0; i <= M_QUIT; i++)
		h->menu_ids[h->nmenu++] = i;
	if (a->acct.is_admin)
		h->menu_ids[h->nmenu++] = M_ADMIN;
	h->cards.unfocused = 1;
	load(a, h);
	*st = h;
	return 0;
}

static void
home_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static int
home_resume(struct app *a, void *st)
{
	load(a, st);
	return R_REDRAW;
}

static void
menu_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct home *h = ud;

	draw_text(w, y, x, width, _(menu_text[h->menu_ids[idx]]), at);
}

/* A completion bar in ASCII: "[#######---] 70%". */
static void
draw_bar(WINDOW *w, int y, int x, int width, int pct, attr_t at)
{
	char buf[128];
	int n = width - 7, fill, i;

	if (n < 4)
		n = 4;
	if (n > 40)
		n = 40;
	fill = n * pct / 100;
	buf[0] = '[';
	for (i = 0; i < n; i++)
		buf[1 + i] = i < fill ? '#' : '-';
	snprintf(buf + 1 + n, sizeof buf - 1 - (size_t)n, "] %d%%", pct);
	draw_text(w, y, x, width, buf, at);
}

struct card_ctx {
	struct app *a;
	struct home *h;
};

static const char *const card_titles[C_COUNT] = {
	N_("Orders"), N_("Messages"), N_("Wallet"), N_("Profile"),
};

static void
card_row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct card_ctx *c = ud;
	char buf[64], buf2[64], line[256];
	int i, cw, lw = 0;

	for (i = 0; i < C_COUNT; i++)
		if ((cw = draw_width(_(card_titles[i]))) > lw)
			lw = cw;
	lw += 3;
	draw_text(w, y, x, lw, _(card_titles[idx]), at | A_BOLD);
	x += lw;
	width -= lw;
	switch (idx) {
	case C_ORDERS:
	case C_MESSAGES:
		draw_text(w, y, x, width, _("none yet"), at ? at : theme_attr(T_DIM));
		break;
	case C_WALLET:
		if (!c->h->wallet_ok) {
			draw_text(w, y, x, width, _("not available"), at);
			break;
		}
		money_format(c->h->available, buf, sizeof buf);
		money_format(c->h->pending, buf2, sizeof buf2);
		snprintf(line, sizeof line, _("available %s   pending %s"), buf, buf2);
		draw_text(w, y, x, width, line, at);
		break;
	default:
		draw_bar(w, y, x, width < 30 ? width : 30, c->h->pct, at);
	}
}

static void
home_draw(struct app *a, void *st, WINDOW *w)
{
	struct home *h = st;
	struct card_ctx c = { a, h };
	int cols = getmaxx(w), rows = getmaxy(w), mw = cols / 4 < 18 ? 18 : cols / 4;
	int x, wd, y = 1;
	char date[64], hello[300];

	if (mw > 26)
		mw = 26;
	x = mw + 3;
	wd = cols - x - 1;
	draw_text(w, 1, 2, mw - 2, _("Menu"), theme_attr(T_HEAD));
	h->menu.unfocused = h->pane != 0;
	h->cards.unfocused = h->pane != 1;
	wlist_draw(&h->menu, w, 3, 0, rows - 3 < h->nmenu ? rows - 3 : h->nmenu, mw,
	    h->nmenu, menu_row, h);
	draw_vline(w, 0, mw, rows, theme_attr(T_BORDER));

	i18n_date(a->now, date, sizeof date);
	snprintf(hello, sizeof hello, _("Hello, %s"), a->acct.display_name);
	draw_text(w, y, x, wd - draw_width(date) - 2, hello, theme_attr(T_TITLE));
	draw_right(w, y, x, wd, date, theme_attr(T_DIM));
	y += 2;
	draw_text(w, y, x, wd, _("Overview"), theme_attr(T_HEAD));
	y += 2;
	wlist_draw(&h->cards, w, y, x - 2, C_COUNT, wd + 2, C_COUNT, card_row, &c);
	y += C_COUNT + 1;
	if (h->pct < 100 && y < rows)
		wtext_draw(NULL, w, y, x, rows - y, wd, _("Complete your profile so that "
		    "clients find you: press e."), theme_attr(T_DIM));
}

static int
open_menu(struct app *a, struct home *h, int item)
{
	switch (item) {
	case M_PROFILE:
		return app_push(a, &scr_profile, NULL);
	case M_EDIT:
		return app_push(a, &scr_profile_edit, NULL);
	case M_SETTINGS:
		return app_push(a, &scr_settings, NULL);
	case M_ABOUT:
		return app_push(a, &scr_about, NULL);
	case M_QUIT:
		return R_HANDLED | R_BREAK_LOOP;
	default:
		(void)h;
		app_flash(a, FLASH_INFO, "%s", _("Admin mode is coming soon"));
		return R_HANDLED | R_REDRAW;
	}
}

static int
activate(struct app *a, struct home *h)
{
	if (h->pane == 0)
		return open_menu(a, h, h->menu_ids[h->menu.nav.sel]);
	switch (h->cards.nav.sel) {
	case C_PROFILE:
		return app_push(a, &scr_profile_edit, NULL);
	case C_WALLET:
		app_flash(a, FLASH_INFO, "%s", _("Wallet details are coming soon"));
		return R_HANDLED | R_REDRAW;
	default:
		app_flash(a, FLASH_INFO, "%s", _("Orders and messages are coming soon"));
		return R_HANDLED | R_REDRAW;
	}
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct home *h = st;

	(void)a;
	return wlist_key(h->pane == 0 ? &h->menu : &h->cards, key);
}

static int
key_enter(struct app *a, void *st, int key)
{
	(void)key;
	return activate(a, st);
}

static int
key_pane(struct app *a, void *st, int key)
{
	struct home *h = st;

	(void)a;
	if (key == TK(KEY_LEFT) || key == 'h') {
		if (h->pane == 0)
			return R_HANDLED;
		h->pane = 0;
	} else if (key == TK(KEY_RIGHT) || key == 'l')
		h->pane = 1;
	else
		h->pane = !h->pane;
	return R_HANDLED | R_REDRAW;
}

static int
key_go(struct app *a, void *st, int key)
{
	return open_menu(a, st, key == 'p' ? M_PROFILE : key == 'e' ? M_EDIT :
	    key == 's' ? M_SETTINGS : M_ABOUT);
}

static int
home_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct home *h = st;
	int act = 0, r;

	if ((r = wlist_mouse(&h->menu, m, y, x, &act)) != 0)
		h->pane = 0;
	else if ((r = wlist_mouse(&h->cards, m, y, x, &act)) != 0)
		h->pane = 1;
	return act ? activate(a, h) : r;
}

static const struct keybind home_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_enter, N_("Enter"), N_("open"), KB_HINT },
	{ TK_TAB, key_pane, N_("Tab"), N_("switch pane"), KB_HINT },
	{ TK(KEY_LEFT), key_pane, N_("h/l"), N_("menu / overview pane"), 0 },
	{ TK(KEY_RIGHT), key_pane, NULL, NULL, 0 },
	{ 'h', key_pane, NULL, NULL, 0 },
	{ 'l', key_pane, NULL, NULL, 0 },
	{ 'p', key_go, N_("p"), N_("my profile"), 0 },
	{ 'e', key_go, N_("e"), N_("edit profile"), 0 },
	{ 's', key_go, N_("s"), N_("settings"), KB_HINT },
	{ 'a', key_go, N_("a"), N_("help & about"), 0 },
	{ 'q', app_key_quit, N_("q"), N_("quit"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_home = {
	.name = "home",
	.title = N_("Home"),
	.keys = home_keys,
	.open = home_open,
	.close = home_close,
	.draw = home_draw,
	.mouse = home_mouse,
	.resume = home_resume,
};
