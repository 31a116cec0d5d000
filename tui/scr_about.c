/* scr_about.c: help and about: how to connect, the keys, the version. */
#include <stdlib.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_page.h"

#ifndef JISHI_VERSION
#define JISHI_VERSION "0.1.0"
#endif

struct about {
	int top, rows, h;
};

static const struct {
	const char *keys, *help;
} key_rows[] = {
	{ N_("j/k  Up/Down"), N_("move in lists, scroll pages") },
	{ N_("g/G"), N_("first / last row") },
	{ N_("Enter  l"), N_("open, choose, press a button") },
	{ N_("Esc  q  h"), N_("back (q on the home screen quits)") },
	{ N_("Tab  Shift-Tab"), N_("next / previous pane or field") },
	{ N_("?  F1"), N_("the keys of the current screen") },
	{ N_("/"), N_("search (coming soon)") },
	{ N_("Ctrl-A/E/U/K/W"), N_("in text fields: start, end, delete before, after, word") },
	{ N_("Ctrl-L"), N_("repaint the screen") },
	{ N_("Mouse"), N_("click rows and buttons, wheel scrolls (Settings > Mouse)") },
};

static int
about_open(struct app *a, void **st, const void *arg)
{
	(void)a;
	(void)arg;
	return (*st = calloc(1, sizeof(struct about))) == NULL ? JS_ERR_NOMEM : 0;
}

static void
about_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static void
about_draw(struct app *a, void *st, WINDOW *w)
{
	struct about *s = st;
	struct page pg;
	char buf[256];
	size_t i;
	int kw = 0, cw;

	(void)a;
	page_begin(&pg, w, 1, 2, getmaxy(w) - 1, getmaxx(w) - 4, s->top);
	snprintf(buf, sizeof buf, _("Jishi (集市) version %s"), JISHI_VERSION);
	page_line(&pg, 0, buf, theme_attr(T_TITLE));
	page_wrap(&pg, 0, _("A freelance marketplace in your terminal: find freelancers, "
	    "order, pay into escrow, chat, deliver and get paid."), 0);
	page_blank(&pg);
	page_line(&pg, 0, _("How to connect"), theme_attr(T_HEAD));
	page_line(&pg, 2, _("ssh -p 2222 HOST"), A_BOLD);
	page_wrap(&pg, 2, _("The first time, your SSH key is unknown: you create an account "
	    "and the key becomes yours. To use another computer, open Settings > Link a new "
	    "device here and type the code there."), 0);
	page_blank(&pg);
	page_line(&pg, 0, _("Keys"), theme_attr(T_HEAD));
	for (i = 0; i < sizeof key_rows / sizeof key_rows[0]; i++)
		if ((cw = draw_width(_(key_rows[i].keys))) > kw)
			kw = cw;
	for (i = 0; i < sizeof key_rows / sizeof key_rows[0]; i++)
		page_pair(&pg, 2, kw + 3, _(key_rows[i].keys), _(key_rows[i].help), 0);
	page_blank(&pg);
	page_line(&pg, 0, _("Language"), theme_attr(T_HEAD));
	page_wrap(&pg, 2, _("Settings > Language switches between 简体中文 and English at once."),
	    0);
	s->top = page_end(&pg);
	s->rows = pg.row;
	s->h = pg.h;
}

static int
key_scroll(struct app *a, void *st, int key)
{
	struct about *s = st;

	(void)a;
	return page_key(&s->top, s->rows, s->h, key);
}

static int
about_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	(void)y;
	(void)x;
	if (m->bstate & BUTTON4_PRESSED)
		return key_scroll(a, st, 'k');
	if (m->bstate & BUTTON5_PRESSED)
		return key_scroll(a, st, 'j');
	return 0;
}

static const struct keybind about_keys[] = {
	{ 'j', key_scroll, N_("j/k"), N_("scroll"), KB_HINT },
	{ 'k', key_scroll, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_scroll, NULL, NULL, 0 },
	{ TK(KEY_UP), key_scroll, NULL, NULL, 0 },
	{ ' ', key_scroll, N_("Space/b"), N_("page down / up"), 0 },
	{ 'b', key_scroll, NULL, NULL, 0 },
	{ TK(KEY_NPAGE), key_scroll, NULL, NULL, 0 },
	{ TK(KEY_PPAGE), key_scroll, NULL, NULL, 0 },
	{ 'g', key_scroll, N_("g/G"), N_("top / bottom"), 0 },
	{ 'G', key_scroll, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_about = {
	.name = "about",
	.title = N_("Help & about"),
	.keys = about_keys,
	.open = about_open,
	.close = about_close,
	.draw = about_draw,
	.mouse = about_mouse,
};
