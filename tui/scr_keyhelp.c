/* scr_keyhelp.c: the `?` overlay: the keys of the screen below, from its key table,
 * then the keys that work everywhere. */
#include <stdlib.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_textview.h"

struct keyhelp {
	const struct screen *under;
	int top, rows, n;
};

static int
keyhelp_open(struct app *a, void **st, const void *arg)
{
	struct keyhelp *k;

	(void)a;
	if ((k = calloc(1, sizeof *k)) == NULL)
		return JS_ERR_NOMEM;
	k->under = arg;
	*st = k;
	return 0;
}

static void
keyhelp_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

/* Rows: a heading, the screen's keys, a heading, the global keys. */
struct hrow {
	const char *keys, *help;     /* keys NULL: help is a heading */
};

static int
collect(const struct keyhelp *k, struct hrow *rows, int max)
{
	const struct keybind *tbl[2] = { k->under != NULL ? k->under->keys : NULL, app_keys };
	static const char *const heads[2] = { N_("This screen"), N_("Everywhere") };
	int t, n = 0;

	for (t = 0; t < 2; t++) {
		const struct keybind *kb = tbl[t];

		if (keymap_count(kb, 0) == 0)
			continue;
		if (n < max)
			rows[n++] = (struct hrow){ NULL, heads[t] };
		for (; kb->key != 0 && n < max; kb++)
			if (kb->keys != NULL)
				rows[n++] = (struct hrow){ kb->keys, kb->help };
	}
	return n;
}

static void
keyhelp_draw(struct app *a, void *st, WINDOW *w)
{
	struct keyhelp *k = st;
	struct hrow rows[64];
	int n = collect(k, rows, 64), i, kw = 0, wd, h, y, x, r;
	char title[160];

	(void)a;
	for (i = 0; i < n; i++)
		if (rows[i].keys != NULL && draw_width(_(rows[i].keys)) > kw)
			kw = draw_width(_(rows[i].keys));
	wd = getmaxx(w) - 4 < 64 ? getmaxx(w) - 4 : 64;
	h = n + 4 < getmaxy(w) ? n + 4 : getmaxy(w);
	k->rows = h - 4;
	k->n = n;
	if (k->top > n - k->rows)
		k->top = n - k->rows > 0 ? n - k->rows : 0;
	y = (getmaxy(w) - h) / 2;
	x = (getmaxx(w) - wd) / 2;
	draw_box(w, y, x, h, wd, theme_attr(T_BORDER));
	snprintf(title, sizeof title, _(" Keys: %s "),
	    k->under != NULL ? _(k->under->title) : "");
	draw_text(w, y, x + 2, wd - 4, title, theme_attr(T_TITLE));
	for (r = 0; r < k->rows && k->top + r < n; r++) {
		const struct hrow *hr = &rows[k->top + r];

		if (hr->keys == NULL) {
			draw_text(w, y + 2 + r, x + 2, wd - 4, _(hr->help), theme_attr(T_HEAD));
			continue;
		}
		draw_text(w, y + 2 + r, x + 4, kw, _(hr->keys), theme_attr(T_KEY));
		draw_text(w, y + 2 + r, x + 6 + kw, wd - kw - 8, _(hr->help), 0);
	}
	draw_right(w, y + h - 1, x, wd - 2, _(" any other key closes "), theme_attr(T_DIM));
}

static int
keyhelp_input(struct app *a, void *st, int key)
{
	struct keyhelp *k = st;

	(void)a;
	if ((key == 'j' || key == TK(KEY_DOWN)) && k->top + k->rows < k->n) {
		k->top++;
		return R_HANDLED | R_REDRAW;
	}
	if ((key == 'k' || key == TK(KEY_UP)) && k->top > 0) {
		k->top--;
		return R_HANDLED | R_REDRAW;
	}
	if (key == TK_CTRL('c'))
		return 0;
	return R_HANDLED | R_POP;
}

static int
keyhelp_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	(void)a;
	(void)st;
	(void)y;
	(void)x;
	return (m->bstate & BUTTON1_PRESSED) ? R_HANDLED | R_POP : R_HANDLED;
}

const struct screen scr_keyhelp = {
	.name = "keyhelp",
	.title = N_("Keys"),
	.flags = SCREEN_OVERLAY,
	.open = keyhelp_open,
	.close = keyhelp_close,
	.draw = keyhelp_draw,
	.input = keyhelp_input,
	.mouse = keyhelp_mouse,
};
