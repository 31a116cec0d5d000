/* scr_confirm.c: a yes/no dialog over the current screen. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_textview.h"

struct confirm {
	struct confirm_arg arg;
	char msg[512];
	int focus_yes;               /* 1: Yes has the focus */
	int by, bx_yes, bx_no, bw_yes, bw_no;
};

static int
confirm_open(struct app *a, void **st, const void *arg)
{
	const struct confirm_arg *ca = arg;
	struct confirm *c;

	(void)a;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return JS_ERR_NOMEM;
	c->arg = *ca;
	snprintf(c->msg, sizeof c->msg, "%s", ca->msg);
	c->arg.msg = c->msg;
	*st = c;
	return 0;
}

static void
confirm_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static void
confirm_draw(struct app *a, void *st, WINDOW *w)
{
	struct confirm *c = st;
	int wd = getmaxx(w) - 8 < 56 ? getmaxx(w) - 8 : 56, h, y, x, lines;
	char yes[64], no[64];

	(void)a;
	lines = wtext_count(c->msg, wd - 4);
	if (lines > getmaxy(w) - 6)
		lines = getmaxy(w) - 6;
	h = lines + 4;
	y = (getmaxy(w) - h) / 2;
	x = (getmaxx(w) - wd) / 2;
	draw_box(w, y, x, h, wd, theme_attr(T_BORDER));
	draw_text(w, y, x + 2, wd - 4, _(" Please confirm "), theme_attr(T_TITLE));
	wtext_draw(NULL, w, y + 1, x + 2, lines, wd - 4, c->msg, 0);
	snprintf(yes, sizeof yes, "[ %s ]", _("Yes (y)"));
	snprintf(no, sizeof no, "[ %s ]", _("No (n)"));
	c->by = y + h - 2;
	c->bw_yes = draw_width(yes);
	c->bw_no = draw_width(no);
	c->bx_yes = x + (wd - c->bw_yes - c->bw_no - 4) / 2;
	c->bx_no = c->bx_yes + c->bw_yes + 4;
	draw_text(w, c->by, c->bx_yes, c->bw_yes, yes,
	    theme_attr(c->focus_yes ? T_BUTTON_FOCUS : T_BUTTON));
	draw_text(w, c->by, c->bx_no, c->bw_no, no,
	    theme_attr(c->focus_yes ? T_BUTTON : T_BUTTON_FOCUS));
	draw_text(w, c->by, (c->focus_yes ? c->bx_yes : c->bx_no) - 2, 1, ">", A_BOLD);
}

static int
answer(struct app *a, struct confirm *c, int yes)
{
	if (!yes)
		return R_HANDLED | R_POP;
	return (c->arg.yes != NULL ? c->arg.yes(a, c->arg.ud) : 0) | R_HANDLED | R_POP;
}

static int
confirm_input(struct app *a, void *st, int key)
{
	struct confirm *c = st;

	switch (key) {
	case 'y':
	case 'Y':
		return answer(a, c, 1);
	case 'n':
	case 'N':
	case 'q':
	case TK_ESC:
		return answer(a, c, 0);
	case TK_ENTER:
	case ' ':
		return answer(a, c, c->focus_yes);
	case TK_TAB:
	case TK(KEY_BTAB):
	case TK(KEY_LEFT):
	case TK(KEY_RIGHT):
	case 'h':
	case 'l':
		c->focus_yes = !c->focus_yes;
		return R_HANDLED | R_REDRAW;
	default:
		return key == '?' || key == TK(KEY_F(1)) || key == TK_CTRL('c') ? 0 : R_HANDLED;
	}
}

static int
confirm_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct confirm *c = st;

	if (!(m->bstate & BUTTON1_PRESSED) || y != c->by)
		return R_HANDLED;
	if (x >= c->bx_yes && x < c->bx_yes + c->bw_yes)
		return answer(a, c, 1);
	if (x >= c->bx_no && x < c->bx_no + c->bw_no)
		return answer(a, c, 0);
	return R_HANDLED;
}

static const struct keybind confirm_keys[] = {
	{ 'y', app_key_none, N_("y"), N_("yes"), KB_HINT },
	{ 'n', app_key_none, N_("n/Esc"), N_("no"), KB_HINT },
	{ TK_TAB, app_key_none, N_("Tab"), N_("switch button"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_confirm = {
	.name = "confirm",
	.title = N_("Confirm"),
	.keys = confirm_keys,
	.flags = SCREEN_OVERLAY | SCREEN_OWN_KEYS,
	.open = confirm_open,
	.close = confirm_close,
	.draw = confirm_draw,
	.input = confirm_input,
	.mouse = confirm_mouse,
};
