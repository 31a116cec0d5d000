/* scr_prompt.c: input dialogs: one line (a key's label, a skill's name) or several
 * (scr_prompt_area: a requirement's answer). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_form.h"

struct prompt {
	struct prompt_arg arg;
	char title[128], label[128];
	struct form fm;
	int area;                    /* several lines: Enter is a new line, Ctrl-S is OK */
};

#define PROMPT_AREA_ROWS 6

enum { P_TEXT = 1, P_OK, P_CANCEL };

static int
open_kind(void **st, const struct prompt_arg *pa, int area)
{
	struct prompt *p;
	struct field *f;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return JS_ERR_NOMEM;
	p->arg = *pa;
	p->area = area;
	snprintf(p->title, sizeof p->title, "%s", pa->title);
	snprintf(p->label, sizeof p->label, "%s", pa->label);
	/* labels are already translated: gettext passes unknown strings through */
	f = form_add(&p->fm, area ? FK_AREA : FK_TEXT, P_TEXT, p->label, pa->max_chars,
	             pa->flags);
	if (f == NULL) {
		form_free(&p->fm);
		free(p);
		return JS_ERR_NOMEM;
	}
	if (area) {
		f->rows = PROMPT_AREA_ROWS;
		if (pa->initial != NULL)
			textarea_set(&f->ta, pa->initial);
	} else {
		f->width = 40;
		if (pa->initial != NULL)
			lineedit_set(&f->le, pa->initial);
	}
	form_add(&p->fm, FK_BUTTON, P_OK, N_("OK"), 0, 0);
	form_add(&p->fm, FK_BUTTON, P_CANCEL, N_("Cancel"), 0, 0);
	*st = p;
	return 0;
}

static int
prompt_open(struct app *a, void **st, const void *arg)
{
	(void)a;
	return open_kind(st, arg, 0);
}

static int
prompt_area_open(struct app *a, void **st, const void *arg)
{
	(void)a;
	return open_kind(st, arg, 1);
}

static void
prompt_close(struct app *a, void *st)
{
	struct prompt *p = st;

	(void)a;
	form_free(&p->fm);
	free(p);
}

static void
prompt_draw(struct app *a, void *st, WINDOW *w)
{
	struct prompt *p = st;
	int y, x;
	int wd = getmaxx(w) - 6 < 64 ? getmaxx(w) - 6 : 64;
	int h = p->area ? 5 + PROMPT_AREA_ROWS : 7;     /* frame, gap, field, gap, buttons */

	if (h > getmaxy(w))
		h = getmaxy(w);
	y = (getmaxy(w) - h) / 2;
	x = (getmaxx(w) - wd) / 2;

	draw_box(w, y, x, h, wd, theme_attr(T_BORDER));
	draw_printf(w, y, x + 2, wd - 4, theme_attr(T_TITLE), " %s ", p->title);
	form_draw(a, &p->fm, w, y + 2, x + 2, h - 3, wd - 4);
}

static int
finish(struct app *a, struct prompt *p, int id)
{
	if (id == P_CANCEL)
		return R_HANDLED | R_POP;
	return R_HANDLED | R_REDRAW | p->arg.done(a, p->arg.ud, form_text(&p->fm, P_TEXT));
}

static int
prompt_input(struct app *a, void *st, int key)
{
	struct prompt *p = st;
	enum form_ev ev;
	int id, r;

	if (p->area ? key == TK_CTRL('s') : key == TK_ENTER && p->fm.focus == 0)
		return finish(a, p, P_OK);
	r = form_key(a, &p->fm, key, &ev, &id);
	if (ev == FE_BUTTON)
		return finish(a, p, id);
	return r;
}

static int
prompt_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct prompt *p = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &p->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return finish(a, p, id);
	return r | R_HANDLED;
}

static const struct keybind prompt_keys[] = {
	{ TK_ENTER, app_key_none, N_("Enter"), N_("OK"), KB_HINT },
	{ TK_ESC, app_key_none, N_("Esc"), N_("cancel"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

static const struct keybind prompt_area_keys[] = {
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("OK"), KB_HINT },
	{ TK_ENTER, app_key_none, N_("Enter"), N_("new line"), KB_HINT },
	{ TK_ESC, app_key_none, N_("Esc"), N_("cancel"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_prompt_area = {
	.name = "prompt_area",
	.title = N_("Input"),
	.keys = prompt_area_keys,
	.flags = SCREEN_OVERLAY | SCREEN_OWN_KEYS,
	.open = prompt_area_open,
	.close = prompt_close,
	.draw = prompt_draw,
	.input = prompt_input,
	.mouse = prompt_mouse,
};

const struct screen scr_prompt = {
	.name = "prompt",
	.title = N_("Input"),
	.keys = prompt_keys,
	.flags = SCREEN_OVERLAY | SCREEN_OWN_KEYS,
	.open = prompt_open,
	.close = prompt_close,
	.draw = prompt_draw,
	.input = prompt_input,
	.mouse = prompt_mouse,
};
