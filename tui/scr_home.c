/* scr_home.c: the dashboard after sign-in: a menu pane and a pane of cards (orders,
 * messages, wallet from the ledger, profile completion). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "discovery.h"
#include "gig_args.h"
#include "gig_rows.h"
#include "gig_track.h"
#include "order.h"
#include "order_args.h"
#include "wallet.h"
#include "money.h"
#include "profile.h"
#include "screens.h"
#include "w_list.h"
#include "w_textview.h"

enum { M_BROWSE, M_SEARCH, M_ORDERS, M_WALLET, M_OFFERS, M_MINE, M_DASH, M_SAVED,
	M_PROFILE, M_EDIT, M_SETTINGS, M_ABOUT, M_QUIT, M_ADMIN, M_MAX };
enum { C_ORDERS, C_MESSAGES, C_WALLET, C_PROFILE, C_COUNT };
enum { P_MENU, P_CARDS, P_REC, P_RECENT, P_COUNT };
#define HOME_GIGS 5

static const char *const menu_text[M_MAX] = {
	N_("Browse categories"), N_("Search"), N_("My orders"), N_("Wallet"), N_("Offers"),
	N_("My services"), N_("Seller statistics"), N_("Saved services"), N_("My profile"),
	N_("Edit profile"), N_("Settings"), N_("Help & about"), N_("Quit"),
	N_("Admin: disputes"),
};

struct home {
	struct wlist menu, cards, rec, recent;
	int pane;                    /* P_* */
	int menu_ids[M_MAX], nmenu;
	int64_t available, pending;
	int wallet_ok, pct;
	int64_t active_buying, active_selling, open_disputes;
	int orders_ok;
	struct gig_row recs[HOME_GIGS], recents[HOME_GIGS];
	size_t nrec, nrecent;
};

/* Recommended and recently viewed gigs for the right pane; impressions of the
 * recommendations are counted each time they are loaded (shown). */
static void
load_gigs(struct app *a, struct home *h)
{
	struct gig_card c[HOME_GIGS];
	size_t n = 0, i;
	int cold;

	h->nrec = h->nrecent = 0;
	if (discovery_recommended(a->db, a->acct.id, c, HOME_GIGS, &n, &cold) == 0)
		for (i = 0; i < n; i++) {
			gig_row_from_card(&h->recs[h->nrec++], &c[i]);
			if (a->track != NULL)
				gig_track_impression(a->track, c[i].id, a->now);
		}
	if (discovery_recent(a->db, a->acct.id, c, HOME_GIGS, &n) == 0)
		for (i = 0; i < n; i++)
			gig_row_from_card(&h->recents[h->nrecent++], &c[i]);
}

static void
load(struct app *a, struct home *h)
{
	struct profile *pr;
	int64_t acc;

	struct wallet wal;
	int64_t c[ORDER_STATES];
	int s;

	(void)acc;
	h->wallet_ok = wallet_get(a->db, a->acct.id, a->acct.id, &wal) == 0;
	h->available = wal.available;
	h->pending = wal.pending;
	/* orders that wait for someone: all but completed and cancelled */
	h->active_buying = h->active_selling = 0;
	app_orders_badge(a);          /* the status bar's count */
	h->orders_ok = order_counts(a->db, a->acct.id, ORDER_SIDE_BUYER, c) == 0;
	for (s = 0; h->orders_ok && s < ORDER_STATES; s++)
		if (s != ORDER_COMPLETED && s != ORDER_CANCELLED)
			h->active_buying += c[s];
	if (h->orders_ok && order_counts(a->db, a->acct.id, ORDER_SIDE_SELLER, c) == 0) {
		for (s = 0; s < ORDER_STATES; s++)
			if (s != ORDER_COMPLETED && s != ORDER_CANCELLED)
				h->active_selling += c[s];
	}
	h->pct = 0;
	if ((pr = malloc(sizeof *pr)) != NULL) {
		if (profile_get(a->db, a->acct.id, pr) == 0)
			h->pct = pr->completion_pct;
		free(pr);
	}
	load_gigs(a, h);
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
		if ((i != M_MINE && i != M_DASH) || a->acct.is_freelancer)
			h->menu_ids[h->nmenu++] = i;
	if (a->acct.is_admin)
		h->menu_ids[h->nmenu++] = M_ADMIN;
	h->cards.unfocused = h->rec.unfocused = h->recent.unfocused = 1;
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
		if (!c->h->orders_ok) {
			draw_text(w, y, x, width, _("not available"), at);
			break;
		}
		snprintf(line, sizeof line, _("%lld active buying   %lld active selling"),
		    (long long)c->h->active_buying, (long long)c->h->active_selling);
		draw_text(w, y, x, width, line, at);
		break;
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
gig_row_fn(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	const struct gig_row *rows = ud;

	gig_row_draw(w, y, x, width, &rows[idx], at);
}

/* A titled list of gigs in at most `room` rows from y; returns the next free row. */
static int
draw_section(struct home *h, WINDOW *w, int y, int x, int wd, int room, const char *title,
             const char *empty, struct gig_row *rows, size_t n, struct wlist *l, int pane)
{
	int k = (int)n < room - 1 ? (int)n : room - 1;

	if (room < 2)
		return y;
	draw_text(w, y, x, wd, title, theme_attr(T_HEAD));
	if (n == 0) {
		draw_text(w, y + 1, x + 2, wd - 2, empty, theme_attr(T_DIM));
		return y + 3;
	}
	l->unfocused = h->pane != pane;
	wlist_draw(l, w, y + 1, x - 2, k, wd + 2, (int)n, gig_row_fn, rows);
	return y + k + 2;
}

static void
home_draw(struct app *a, void *st, WINDOW *w)
{
	struct home *h = st;
	struct card_ctx c = { a, h };
	int cols = getmaxx(w), rows = getmaxy(w), mw = cols / 4 < 18 ? 18 : cols / 4;
	int x, wd, y = 1, room;
	char date[64], hello[300];

	if (mw > 26)
		mw = 26;
	x = mw + 3;
	wd = cols - x - 1;
	draw_text(w, 1, 2, mw - 2, _("Menu"), theme_attr(T_HEAD));
	h->menu.unfocused = h->pane != P_MENU;
	h->cards.unfocused = h->pane != P_CARDS;
	wlist_draw(&h->menu, w, 3, 0, rows - 3 < h->nmenu ? rows - 3 : h->nmenu, mw,
	    h->nmenu, menu_row, h);
	draw_vline(w, 0, mw, rows, theme_attr(T_BORDER));

	i18n_date(a->now, date, sizeof date);
	snprintf(hello, sizeof hello, _("Hello, %s"), a->acct.display_name);
	draw_text(w, y, x, wd - draw_width(date) - 2, hello, theme_attr(T_TITLE));
	draw_right(w, y, x, wd, date, theme_attr(T_DIM));
	y += 2;
	draw_text(w, y, x, wd, _("Overview"), theme_attr(T_HEAD));
	y += 1;
	wlist_draw(&h->cards, w, y, x - 2, C_COUNT, wd + 2, C_COUNT, card_row, &c);
	y += C_COUNT;
	if (h->pct < 100 && y < rows)
		draw_text(w, y, x, wd, _("Complete your profile so that clients find you: "
		    "press e."), theme_attr(T_DIM));
	y += 2;
	room = (rows - y) / 2;
	y = draw_section(h, w, y, x, wd, room, _("Recommended for you"),
	    _("Nothing yet: browse or search to get suggestions."), h->recs, h->nrec,
	    &h->rec, P_REC);
	draw_section(h, w, y, x, wd, rows - y, _("Recently viewed"),
	    _("Nothing viewed yet: press / to search."), h->recents, h->nrecent,
	    &h->recent, P_RECENT);
}

static int
open_menu(struct app *a, struct home *h, int item)
{
	struct gig_list_arg la = { .kind = GL_FAVORITES };
	struct gig_dash_arg da = { 0 };

	switch (item) {
	case M_BROWSE:
		return app_push(a, &scr_categories, NULL);
	case M_SEARCH:
		return app_push(a, &scr_search, NULL);
	case M_ORDERS:
		return app_push(a, &scr_orders, NULL);
	case M_WALLET:
		return app_push(a, &scr_wallet, NULL);
	case M_OFFERS:
		return app_push(a, &scr_offers, NULL);
	case M_ADMIN:
		return app_push(a, &scr_disputes, NULL);
	case M_MINE:
		return app_push(a, &scr_gig_mine, NULL);
	case M_DASH:
		return app_push(a, &scr_gig_dash, &da);
	case M_SAVED:
		return app_push(a, &scr_gig_list, &la);
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
		return R_HANDLED;
	}
}

static int
activate(struct app *a, struct home *h)
{
	struct gig_page_arg ga;

	switch (h->pane) {
	case P_MENU:
		return open_menu(a, h, h->menu_ids[h->menu.nav.sel]);
	case P_REC:
	case P_RECENT:
		if ((h->pane == P_REC ? h->rec : h->recent).nav.sel < 0)
			return R_HANDLED;
		ga.gig_id = h->pane == P_REC ? h->recs[h->rec.nav.sel].id :
		    h->recents[h->recent.nav.sel].id;
		return app_push(a, &scr_gig_page, &ga);
	default:
		break;
	}
	switch (h->cards.nav.sel) {
	case C_PROFILE:
		return app_push(a, &scr_profile_edit, NULL);
	case C_WALLET:
		return app_push(a, &scr_wallet, NULL);
	case C_ORDERS:
		return app_push(a, &scr_orders, NULL);
	default:
		app_flash(a, FLASH_INFO, "%s", _("Messages are coming soon"));
		return R_HANDLED | R_REDRAW;
	}
}

static struct wlist *
pane_list(struct home *h)
{
	switch (h->pane) {
	case P_MENU: return &h->menu;
	case P_REC: return &h->rec;
	case P_RECENT: return &h->recent;
	default: return &h->cards;
	}
}

/* Panes that have something to select, in Tab order. */
static int
pane_ok(const struct home *h, int p)
{
	return p == P_MENU || p == P_CARDS || (p == P_REC && h->nrec > 0) ||
	    (p == P_RECENT && h->nrecent > 0);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct home *h = st;

	(void)a;
	return wlist_key(pane_list(h), key);
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
		if (h->pane == P_MENU)
			return R_HANDLED;
		h->pane = P_MENU;
	} else if (key == TK(KEY_RIGHT) || key == 'l') {
		if (h->pane == P_MENU)
			h->pane = P_CARDS;
	} else if (key == TK(KEY_BTAB)) {
		do
			h->pane = (h->pane + P_COUNT - 1) % P_COUNT;
		while (!pane_ok(h, h->pane));
	} else {
		do
			h->pane = (h->pane + 1) % P_COUNT;
		while (!pane_ok(h, h->pane));
	}
	return R_HANDLED | R_REDRAW;
}

static int
key_go(struct app *a, void *st, int key)
{
	return open_menu(a, st, key == 'p' ? M_PROFILE : key == 'e' ? M_EDIT :
	    key == 's' ? M_SETTINGS : key == 'b' ? M_BROWSE : key == 'f' ? M_SAVED :
	    key == 'm' ? M_MINE : key == 'd' ? M_DASH : key == 'o' ? M_ORDERS :
	    key == 'w' ? M_WALLET : key == 'O' ? M_OFFERS : M_ABOUT);
}

static int
home_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct home *h = st;
	int act = 0, r;

	if ((r = wlist_mouse(&h->menu, m, y, x, &act)) != 0)
		h->pane = P_MENU;
	else if ((r = wlist_mouse(&h->cards, m, y, x, &act)) != 0)
		h->pane = P_CARDS;
	else if (h->nrec > 0 && (r = wlist_mouse(&h->rec, m, y, x, &act)) != 0)
		h->pane = P_REC;
	else if (h->nrecent > 0 && (r = wlist_mouse(&h->recent, m, y, x, &act)) != 0)
		h->pane = P_RECENT;
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
	{ TK(KEY_BTAB), key_pane, NULL, NULL, 0 },
	{ TK(KEY_LEFT), key_pane, N_("h/l"), N_("menu / overview pane"), 0 },
	{ TK(KEY_RIGHT), key_pane, NULL, NULL, 0 },
	{ 'h', key_pane, NULL, NULL, 0 },
	{ 'l', key_pane, NULL, NULL, 0 },
	{ 'p', key_go, N_("p"), N_("my profile"), 0 },
	{ 'e', key_go, N_("e"), N_("edit profile"), 0 },
	{ 's', key_go, N_("s"), N_("settings"), KB_HINT },
	{ 'a', key_go, N_("a"), N_("help & about"), 0 },
	{ 'b', key_go, N_("b"), N_("browse categories"), KB_HINT },
	{ 'f', key_go, N_("f"), N_("saved services"), 0 },
	{ 'm', key_go, N_("m"), N_("my services"), 0 },
	{ 'd', key_go, N_("d"), N_("seller statistics"), 0 },
	{ 'o', key_go, N_("o"), N_("my orders"), KB_HINT },
	{ 'w', key_go, N_("w"), N_("wallet"), KB_HINT },
	{ 'O', key_go, N_("O"), N_("offers"), 0 },
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
