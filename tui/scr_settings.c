/* scr_settings.c: language (switches at once), password, SSH keys, linking a device,
 * mouse on/off and the colour theme. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_list.h"

enum { S_LANG, S_PASSWORD, S_KEYS, S_LINK, S_MOUSE, S_THEME, S_COUNT };

static const char *const labels[S_COUNT] = {
	N_("Language"), N_("Password"), N_("SSH keys"), N_("Link a new device"),
	N_("Mouse"), N_("Theme"),
};

static const char *const theme_names[] = {
	N_("automatic"), N_("dark background"), N_("light background"), N_("monochrome"),
};

struct settings {
	struct wlist list;
	int nkeys;
	int labelw;
};

static void
load(struct app *a, struct settings *s)
{
	struct account_key keys[ACCOUNT_KEYS_MAX];
	size_t n = 0;

	if (account_keys_list(a->db, a->acct.id, a->acct.id, keys, ACCOUNT_KEYS_MAX, &n) != 0)
		n = 0;
	s->nkeys = (int)n;
}

static int
settings_open(struct app *a, void **st, const void *arg)
{
	struct settings *s;

	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	load(a, s);
	*st = s;
	return 0;
}

static void
settings_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static int
settings_resume(struct app *a, void *st)
{
	app_reload_account(a);
	load(a, st);
	return R_REDRAW;
}

struct row_ctx {
	struct app *a;
	struct settings *s;
};

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct row_ctx *c = ud;
	struct app *a = c->a;
	char buf[128];
	const char *v = "";
	int lw = c->s->labelw;

	switch (idx) {
	case S_LANG:
		v = strcmp(a->acct.locale, "en") == 0 ? _("English") : _("简体中文");
		break;
	case S_PASSWORD:
		v = a->acct.has_password ? _("set (Enter to change)") : _("not set (Enter to set)");
		break;
	case S_KEYS:
		snprintf(buf, sizeof buf, _("%d registered"), c->s->nkeys);
		v = buf;
		break;
	case S_LINK:
		v = _("get a one-time code for another device");
		break;
	case S_MOUSE:
		v = a->acct.ui_mouse ? _("on") : _("off");
		break;
	default:
		v = _(theme_names[theme_parse(a->acct.ui_theme)]);
	}
	draw_text(w, y, x, lw, _(labels[idx]), at | A_BOLD);
	draw_text(w, y, x + lw, width - lw, v, at);
}

static void
settings_draw(struct app *a, void *st, WINDOW *w)
{
	struct settings *s = st;
	struct row_ctx c = { a, s };
	int i, lw;

	s->labelw = 0;
	for (i = 0; i < S_COUNT; i++)
		if ((lw = draw_width(_(labels[i]))) > s->labelw)
			s->labelw = lw;
	s->labelw += 4;
	draw_text(w, 1, 2, getmaxx(w) - 4, _("Enter changes the selected setting."),
	    theme_attr(T_DIM));
	wlist_draw(&s->list, w, 3, 2, S_COUNT, getmaxx(w) - 4, S_COUNT, row, &c);
}

static int
change(struct app *a, struct settings *s, int dir)
{
	int r = 0, mouse = a->acct.ui_mouse;
	enum theme_kind t = theme_parse(a->acct.ui_theme);

	switch (s->list.nav.sel) {
	case S_LANG:
		r = account_set_locale(a->db, a->acct.id, a->acct.id,
		    strcmp(a->acct.locale, "en") == 0 ? "zh_CN" : "en");
		break;
	case S_PASSWORD:
		return app_push(a, &scr_password, NULL);
	case S_KEYS:
		return app_push(a, &scr_keys, NULL);
	case S_LINK:
		return app_push(a, &scr_linkcode, NULL);
	case S_MOUSE:
		r = account_set_ui(a->db, a->acct.id, a->acct.id, !mouse, theme_name(t));
		break;
	default:
		t = (enum theme_kind)(((int)t + dir + 4) % 4);
		r = account_set_ui(a->db, a->acct.id, a->acct.id, mouse, theme_name(t));
	}
	if (r != 0) {
		app_flash_err(a, _(labels[s->list.nav.sel]), r);
		return R_HANDLED | R_REDRAW;
	}
	app_reload_account(a);
	app_apply_prefs(a);              /* language, colours, mouse: at once */
	return R_HANDLED | R_RELAYOUT;
}

static int
key_change(struct app *a, void *st, int key)
{
	return change(a, st, key == TK(KEY_LEFT) || key == 'h' ? -1 : 1);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct settings *s = st;

	(void)a;
	return wlist_key(&s->list, key);
}

static int
key_lang(struct app *a, void *st, int key)
{
	struct settings *s = st;

	(void)key;
	listnav_select(&s->list.nav, S_LANG);
	return change(a, s, 1);
}

static int
settings_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct settings *s = st;
	int act, r = wlist_mouse(&s->list, m, y, x, &act);

	return act ? change(a, s, 1) : r;
}

static const struct keybind settings_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_change, N_("Enter"), N_("change"), KB_HINT },
	{ ' ', key_change, NULL, NULL, 0 },
	{ 'l', key_change, N_("l"), N_("next choice"), 0 },
	{ TK(KEY_RIGHT), key_change, NULL, NULL, 0 },
	{ 'L', key_lang, N_("L"), N_("switch language"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_settings = {
	.name = "settings",
	.title = N_("Settings"),
	.keys = settings_keys,
	.open = settings_open,
	.close = settings_close,
	.draw = settings_draw,
	.mouse = settings_mouse,
	.resume = settings_resume,
};
