/* scr_item_edit.c: add or edit one portfolio item (title, link, description). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "profile.h"
#include "screens.h"
#include "w_form.h"

enum { I_TITLE = 1, I_LINK, I_DESC, I_SAVE, I_CANCEL };

struct item_edit {
	struct form fm;
	int64_t id;                  /* 0: a new item */
};

/* arg: the struct profile_item to edit, or NULL for a new one. */
static int
item_open(struct app *a, void **st, const void *arg)
{
	const struct profile_item *it = arg;
	struct item_edit *s;
	struct field *f;

	(void)a;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	f = form_add(&s->fm, FK_TEXT, I_TITLE, N_("Title"), PROFILE_TITLE_MAX, 0);
	f->width = 50;
	if (it != NULL)
		lineedit_set(&f->le, it->title);
	f = form_add(&s->fm, FK_TEXT, I_LINK, N_("Link (optional)"), PROFILE_URL_MAX, LE_ASCII);
	f->width = 50;
	if (it != NULL)
		lineedit_set(&f->le, it->link);
	f = form_add(&s->fm, FK_AREA, I_DESC, N_("Description"), PROFILE_DESC_MAX, 0);
	if (f == NULL) {
		form_free(&s->fm);
		free(s);
		return JS_ERR_NOMEM;
	}
	f->rows = 6;
	if (it != NULL)
		textarea_set(&f->ta, it->description);
	form_add(&s->fm, FK_BUTTON, I_SAVE, N_("Save"), 0, 0);
	form_add(&s->fm, FK_BUTTON, I_CANCEL, N_("Cancel"), 0, 0);
	s->id = it != NULL ? it->id : 0;
	*st = s;
	return 0;
}

static void
item_close(struct app *a, void *st)
{
	struct item_edit *s = st;

	(void)a;
	form_free(&s->fm);
	free(s);
}

static void
item_draw(struct app *a, void *st, WINDOW *w)
{
	struct item_edit *s = st;

	form_draw(a, &s->fm, w, 1, 0, getmaxy(w) - 1, getmaxx(w) - 1);
}

static int
save(struct app *a, struct item_edit *s)
{
	const char *title = form_text(&s->fm, I_TITLE), *link = form_text(&s->fm, I_LINK);
	const char *desc = form_text(&s->fm, I_DESC), *bad = NULL;
	int r, id;

	form_clear_msgs(&s->fm);
	r = s->id == 0 ?
	    profile_item_add(a->db, a->acct.id, a->acct.id, title, desc, link, NULL, &bad) :
	    profile_item_update(a->db, a->acct.id, s->id, title, desc, link, &bad);
	if (r == 0) {
		app_flash(a, FLASH_OK, "%s", _("Portfolio item saved."));
		return R_HANDLED | R_POP;
	}
	id = bad == NULL ? 0 : strcmp(bad, "title") == 0 ? I_TITLE :
	    strcmp(bad, "link") == 0 ? I_LINK : strcmp(bad, "description") == 0 ? I_DESC : 0;
	if (id == 0) {
		app_flash(a, FLASH_ERR, "%s", r == JS_ERR_TOO_BIG ?
		    _("Your portfolio is full.") : app_strerror(r));
		return R_HANDLED | R_REDRAW;
	}
	form_msg(&s->fm, id, r == JS_ERR_TOO_BIG ? _("too long") :
	    id == I_LINK ? _("a link starting with http:// or https://") :
	    id == I_TITLE ? _("required") : app_strerror(r), 0);
	form_focus(&s->fm, id);
	return R_HANDLED | R_REDRAW;
}

static int
item_input(struct app *a, void *st, int key)
{
	struct item_edit *s = st;
	enum form_ev ev;
	int id, r;

	if (key == TK_CTRL('s'))
		return save(a, s);
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_BUTTON)
		return id == I_SAVE ? save(a, s) : R_HANDLED | R_POP;
	return r;
}

static int
item_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct item_edit *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return id == I_SAVE ? save(a, s) : R_HANDLED | R_POP;
	return r;
}

static const struct keybind item_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("save"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back without saving"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_item_edit = {
	.name = "item_edit",
	.title = N_("Portfolio item"),
	.keys = item_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = item_open,
	.close = item_close,
	.draw = item_draw,
	.input = item_input,
	.mouse = item_mouse,
};
