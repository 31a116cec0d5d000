/* scr_keys.c: the account's SSH keys: type, fingerprint, label, last use; relabel,
 * remove (with confirmation), link a new device. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "text.h"
#include "w_list.h"

struct keys {
	struct account_key v[ACCOUNT_KEYS_MAX];
	size_t n;
	struct wlist list;
	const char *this_fp;
};

static void
load(struct app *a, struct keys *k)
{
	if (account_keys_list(a->db, a->acct.id, a->acct.id, k->v, ACCOUNT_KEYS_MAX, &k->n) != 0)
		k->n = 0;
}

static int
keys_open(struct app *a, void **st, const void *arg)
{
	struct keys *k;

	(void)arg;
	if ((k = calloc(1, sizeof *k)) == NULL)
		return JS_ERR_NOMEM;
	k->this_fp = a->p->key_fp;
	load(a, k);
	*st = k;
	return 0;
}

static void
keys_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static int
keys_resume(struct app *a, void *st)
{
	load(a, st);
	return R_REDRAW;
}

/* Column widths for a list `width` wide: type, fingerprint, last used; label gets the rest. */
static void
columns(int width, int *tw, int *fw, int *uw)
{
	*tw = 13;
	*uw = 16;
	*fw = width - *tw - *uw - 20;     /* the label keeps 20 columns */
	if (*fw > 52)
		*fw = 52;                    /* a whole SHA256 fingerprint and a gap */
	if (*fw < 12)
		*fw = 12;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct keys *k = ud;
	const struct account_key *key = &k->v[idx];
	char used[64], label[200];
	int tw, fw, uw;

	columns(width, &tw, &fw, &uw);
	draw_text(w, y, x, tw - 1, key->type, at);
	draw_text(w, y, x + tw, fw - 1, key->fingerprint, at);
	snprintf(label, sizeof label, "%s%s", key->label[0] ? key->label : "-",
	    k->this_fp != NULL && strcmp(k->this_fp, key->fingerprint) == 0 ?
	    _(" (this device)") : "");
	draw_text(w, y, x + tw + fw, width - tw - fw - uw - 1, label, at);
	if (key->last_used_at != 0)
		i18n_date((time_t)key->last_used_at, used, sizeof used);
	else
		snprintf(used, sizeof used, "%s", _("never"));
	draw_text(w, y, x + width - uw, uw, used, at);
}

static void
keys_draw(struct app *a, void *st, WINDOW *w)
{
	struct keys *k = st;
	int wd = getmaxx(w) - 4, tw, fw, uw, x = 4;

	(void)a;
	columns(wd - 3, &tw, &fw, &uw);
	draw_text(w, 1, x, tw - 1, _("Type"), theme_attr(T_HEAD));
	draw_text(w, 1, x + tw, fw - 1, _("Fingerprint"), theme_attr(T_HEAD));
	draw_text(w, 1, x + tw + fw, wd - tw - fw - uw, _("Label"), theme_attr(T_HEAD));
	draw_text(w, 1, x + wd - 3 - uw, uw, _("Last used"), theme_attr(T_HEAD));
	if (k->n == 0) {
		draw_text(w, 3, 4, wd, _("No SSH keys yet: press n to link a device."), 0);
		return;
	}
	wlist_draw(&k->list, w, 2, 2, getmaxy(w) - 3, wd, (int)k->n, row, k);
}

static int
label_done(struct app *a, void *ud, const char *text)
{
	struct keys *k = ud;
	int r = account_key_label(a->db, a->acct.id, k->v[k->list.nav.sel].id, text);

	if (r != 0) {
		app_flash_err(a, _("Label"), r);
		return R_REDRAW;
	}
	return R_POP | R_REDRAW;
}

static int
key_label(struct app *a, void *st, int key)
{
	struct keys *k = st;
	struct prompt_arg pa = {
		.title = _("Label this key"), .label = _("Label"),
		.max_chars = ACCOUNT_LABEL_MAX, .done = label_done, .ud = k,
	};

	(void)key;
	if (k->n == 0)
		return R_HANDLED;
	pa.initial = k->v[k->list.nav.sel].label;
	return app_push(a, &scr_prompt, &pa);
}

static int
removed(struct app *a, void *ud)
{
	struct keys *k = ud;
	int r = account_key_remove(a->db, a->acct.id, k->v[k->list.nav.sel].id);

	if (r == JS_ERR_STATE)
		app_flash(a, FLASH_ERR, "%s",
		    _("This is your last key and you have no password: set a password first."));
	else if (r != 0)
		app_flash_err(a, _("Remove key"), r);
	else
		app_flash(a, FLASH_OK, "%s", _("Key removed."));
	return R_REDRAW;
}

static int
key_remove(struct app *a, void *st, int key)
{
	struct keys *k = st;
	struct confirm_arg ca = { .yes = removed, .ud = k };
	char msg[400];
	const struct account_key *sel;

	(void)key;
	if (k->n == 0)
		return R_HANDLED;
	sel = &k->v[k->list.nav.sel];
	snprintf(msg, sizeof msg, _("Remove the key %s (%s)? It will no longer log in."),
	    sel->fingerprint, sel->label[0] ? sel->label : sel->type);
	ca.msg = msg;
	return app_push(a, &scr_confirm, &ca);
}

static int
key_link(struct app *a, void *st, int key)
{
	(void)st;
	(void)key;
	return app_push(a, &scr_linkcode, NULL);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct keys *k = st;

	(void)a;
	return wlist_key(&k->list, key);
}

static int
keys_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct keys *k = st;
	int act, r = wlist_mouse(&k->list, m, y, x, &act);

	return act ? key_label(a, st, TK_ENTER) : r;
}

static const struct keybind keys_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK_ENTER, key_label, N_("Enter"), N_("label"), KB_HINT },
	{ 'e', key_label, NULL, NULL, 0 },
	{ 'd', key_remove, N_("d"), N_("remove"), KB_HINT },
	{ TK(KEY_DC), key_remove, NULL, NULL, 0 },
	{ 'n', key_link, N_("n"), N_("link a new device"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_keys = {
	.name = "keys",
	.title = N_("SSH keys"),
	.keys = keys_keys,
	.open = keys_open,
	.close = keys_close,
	.draw = keys_draw,
	.mouse = keys_mouse,
	.resume = keys_resume,
};
