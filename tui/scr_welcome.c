/* scr_welcome.c: the first screen of an unknown key: sign up, link this device to an
 * existing account, or switch the language. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_list.h"
#include "w_textview.h"

struct welcome {
	struct wlist list;
};

enum { W_SIGNUP, W_LINK, W_LANG, W_QUIT, W_COUNT };

static const char *const items[W_COUNT] = {
	N_("Create a new account"),
	N_("I have a link code (I signed up on another device)"),
	N_("Language: English / 简体中文"),
	N_("Quit"),
};

static int
welcome_open(struct app *a, void **st, const void *arg)
{
	(void)a;
	(void)arg;
	if ((*st = calloc(1, sizeof(struct welcome))) == NULL)
		return JS_ERR_NOMEM;
	return 0;
}

static void
welcome_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	(void)ud;
	draw_text(w, y, x, width, _(items[idx]), at);
}

static void
welcome_draw(struct app *a, void *st, WINDOW *w)
{
	struct welcome *s = st;
	int wd = getmaxx(w) - 4 < 76 ? getmaxx(w) - 4 : 76, x = 2, y = 1, n;

	draw_text(w, y, x, wd, _("Welcome to Jishi (集市)"), theme_attr(T_TITLE));
	y += 2;
	n = wtext_draw(NULL, w, y, x, 4, wd, _("A marketplace for freelancers and clients "
	    "that you use over ssh: offer services, order, pay into escrow, chat, deliver "
	    "and get paid."), 0);
	y += n + 1;
	n = wtext_draw(NULL, w, y, x, 3, wd, a->p->key_fp != NULL ?
	    _("Your SSH key does not belong to an account yet. Create one, or link this "
	    "key to the account you already have.") :
	    _("You are not signed in."), theme_attr(T_DIM));
	y += n + 1;
	wlist_draw(&s->list, w, y, x, W_COUNT, wd, W_COUNT, row, s);
}

static int
activate(struct app *a, struct welcome *s)
{
	switch (s->list.nav.sel) {
	case W_SIGNUP:
		return app_push(a, &scr_signup, NULL);
	case W_LINK:
		if (a->p->key_fp == NULL) {
			app_flash(a, FLASH_ERR, "%s",
			    _("Linking needs an SSH key: connect with your key."));
			return R_HANDLED | R_REDRAW;
		}
		return app_push(a, &scr_link, NULL);
	case W_LANG:
		i18n_set_lang(strcmp(i18n_lang(), "en") == 0 ? "zh_CN" : "en");
		return R_HANDLED | R_RELAYOUT;
	default:
		return R_HANDLED | R_BREAK_LOOP;
	}
}

static int
key_enter(struct app *a, void *st, int key)
{
	(void)key;
	return activate(a, st);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct welcome *s = st;

	(void)a;
	return wlist_key(&s->list, key);
}

static int
welcome_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct welcome *s = st;
	int act, r = wlist_mouse(&s->list, m, y, x, &act);

	return act ? activate(a, s) : r;
}

static const struct keybind welcome_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_enter, N_("Enter"), N_("choose"), KB_HINT },
	{ 'l', key_enter, NULL, NULL, 0 },
	{ TK(KEY_RIGHT), key_enter, NULL, NULL, 0 },
	{ 'q', app_key_quit, N_("q"), N_("quit"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_welcome = {
	.name = "welcome",
	.title = N_("Welcome"),
	.keys = welcome_keys,
	.open = welcome_open,
	.close = welcome_close,
	.draw = welcome_draw,
	.mouse = welcome_mouse,
};
