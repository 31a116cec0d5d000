/* scr_social.c: social links, one per provider: set or remove. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "lineedit.h"
#include "profile.h"
#include "profile_data.h"
#include "screens.h"
#include "w_list.h"

struct social {
	char url[PROFILE_PROVIDERS][PROFILE_URL_MAX + 1];
	struct wlist list;
};

static void
load(struct app *a, struct social *s)
{
	struct profile_social v[PROFILE_SOCIAL_MAX];
	size_t n = 0, i;
	int p;

	memset(s->url, 0, sizeof s->url);
	if (profile_social_list(a->db, a->acct.id, v, PROFILE_SOCIAL_MAX, &n) != 0)
		return;
	for (i = 0; i < n; i++)
		for (p = 0; p < PROFILE_PROVIDERS; p++)
			if (strcmp(v[i].provider, profile_providers[p]) == 0)
				snprintf(s->url[p], sizeof s->url[p], "%s", v[i].url);
}

static int
social_open(struct app *a, void **st, const void *arg)
{
	struct social *s;

	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	load(a, s);
	*st = s;
	return 0;
}

static void
social_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static int
social_resume(struct app *a, void *st)
{
	load(a, st);
	return R_REDRAW;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct social *s = ud;

	draw_text(w, y, x, 14, profile_provider_name(profile_providers[idx]), at | A_BOLD);
	draw_text(w, y, x + 14, width - 14, s->url[idx][0] ? s->url[idx] : _("(not set)"),
	    at | (s->url[idx][0] ? 0 : theme_attr(T_DIM)));
}

static void
social_draw(struct app *a, void *st, WINDOW *w)
{
	struct social *s = st;

	(void)a;
	draw_text(w, 1, 2, getmaxx(w) - 4,
	    _("Links shown on your profile. WeChat also takes a WeChat ID."), theme_attr(T_DIM));
	wlist_draw(&s->list, w, 3, 2, getmaxy(w) - 4, getmaxx(w) - 4, PROFILE_PROVIDERS,
	    row, s);
}

static int
set_done(struct app *a, void *ud, const char *text)
{
	struct social *s = ud;
	const char *prov = profile_providers[s->list.nav.sel];
	int r;

	r = *text == '\0' ? profile_social_remove(a->db, a->acct.id, a->acct.id, prov) :
	    profile_social_set(a->db, a->acct.id, a->acct.id, prov, text);
	if (r != 0 && !(*text == '\0' && r == JS_ERR_NOT_FOUND)) {
		app_flash(a, FLASH_ERR, "%s", strcmp(prov, "wechat") == 0 ?
		    _("Type a link starting with https:// or a WeChat ID.") :
		    _("Type a link starting with http:// or https://."));
		return R_REDRAW;
	}
	return R_POP | R_REDRAW;
}

static int
key_set(struct app *a, void *st, int key)
{
	struct social *s = st;
	char title[128];
	struct prompt_arg pa = {
		.title = title, .label = _("Link"), .initial = s->url[s->list.nav.sel],
		.max_chars = PROFILE_URL_MAX, .flags = LE_ASCII, .done = set_done, .ud = s,
	};

	(void)key;
	snprintf(title, sizeof title, "%s", profile_provider_name(
	    profile_providers[s->list.nav.sel]));
	return app_push(a, &scr_prompt, &pa);
}

static int
removed(struct app *a, void *ud)
{
	struct social *s = ud;
	int r = profile_social_remove(a->db, a->acct.id, a->acct.id,
	    profile_providers[s->list.nav.sel]);

	if (r != 0 && r != JS_ERR_NOT_FOUND)
		app_flash_err(a, _("Social links"), r);
	return R_REDRAW;
}

static int
key_remove(struct app *a, void *st, int key)
{
	struct social *s = st;
	struct confirm_arg ca = { .yes = removed, .ud = s };
	char msg[200];

	(void)key;
	if (s->url[s->list.nav.sel][0] == '\0')
		return R_HANDLED;
	snprintf(msg, sizeof msg, _("Remove your %s link?"),
	    profile_provider_name(profile_providers[s->list.nav.sel]));
	ca.msg = msg;
	return app_push(a, &scr_confirm, &ca);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct social *s = st;

	(void)a;
	return wlist_key(&s->list, key);
}

static int
social_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct social *s = st;
	int act, r = wlist_mouse(&s->list, m, y, x, &act);

	return act ? key_set(a, st, TK_ENTER) : r;
}

static const struct keybind social_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_set, N_("Enter"), N_("set link"), KB_HINT },
	{ 'e', key_set, NULL, NULL, 0 },
	{ 'd', key_remove, N_("d"), N_("remove"), KB_HINT },
	{ TK(KEY_DC), key_remove, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_social = {
	.name = "social",
	.title = N_("Social links"),
	.keys = social_keys,
	.open = social_open,
	.close = social_close,
	.draw = social_draw,
	.mouse = social_mouse,
	.resume = social_resume,
};
