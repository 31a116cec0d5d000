/* scr_item_edit.c: add or edit one portfolio item (title, link, description, attachment). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "profile.h"
#include "screens.h"
#include "upload.h"
#include "w_filepick.h"
#include "w_form.h"

enum { I_TITLE = 1, I_LINK, I_DESC, I_FILE, I_CHOOSE, I_DETACH, I_SAVE, I_CANCEL };

struct item_edit {
	struct form fm;
	int64_t id;                  /* 0: a new item (until its first save) */
	int64_t upload_id;           /* the attachment as chosen here; 0 none */
	int64_t saved_upload_id;     /* the attachment as stored */
	char upload_name[UPLOAD_NAME_BUF];
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
	form_add(&s->fm, FK_INFO, I_FILE, N_("Attachment"), 0, 0);
	if ((f = form_add(&s->fm, FK_BUTTON, I_CHOOSE, N_("Choose file"), 0, 0)) != NULL)
		f->under = 1;
	if ((f = form_add(&s->fm, FK_BUTTON, I_DETACH, N_("Remove"), 0, 0)) != NULL)
		f->under = 1;
	form_add(&s->fm, FK_BUTTON, I_SAVE, N_("Save"), 0, 0);
	form_add(&s->fm, FK_BUTTON, I_CANCEL, N_("Cancel"), 0, 0);
	if (it != NULL) {
		s->id = it->id;
		s->upload_id = s->saved_upload_id = it->upload_id;
		snprintf(s->upload_name, sizeof s->upload_name, "%s", it->upload_name);
	}
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
	struct field *f = form_field(&s->fm, I_FILE);

	/* set here, so the "none" follows the current language */
	snprintf(f->info, sizeof f->info, "%s", s->upload_id != 0 ? s->upload_name :
	    _("none"));
	form_draw(a, &s->fm, w, 1, 0, getmaxy(w) - 1, getmaxx(w) - 1);
}

/* The picker's answer: one upload, or none (x). */
static int
picked(struct app *a, void *ud, const int64_t *ids, size_t n)
{
	struct item_edit *s = ud;
	struct upload_info u;
	int r;

	form_msg(&s->fm, I_FILE, NULL, 0);
	if (n == 0) {
		s->upload_id = 0;
		return R_REDRAW;
	}
	if ((r = upload_get(a->db, a->acct.id, ids[0], &u)) != 0) {
		form_msg(&s->fm, I_FILE, app_strerror(r), 0);
		return R_REDRAW;
	}
	s->upload_id = u.id;
	snprintf(s->upload_name, sizeof s->upload_name, "%s", u.name);
	form_focus(&s->fm, I_SAVE);
	return R_REDRAW;
}

static int
choose(struct app *a, struct item_edit *s)
{
	struct filepick_arg fa = {
		.title = _("A file for this portfolio item"),
		.allow_none = 1, .max = 1, .done = picked, .ud = s,
	};

	if (s->upload_id != 0) {
		fa.preselected = &s->upload_id;   /* copied by the picker */
		fa.npreselected = 1;
	}
	return app_push(a, &scr_filepick, &fa);
}

/* Store the attachment of the saved item s->id when it changed. */
static int
save_upload(struct app *a, struct item_edit *s)
{
	int r;

	if (s->upload_id == s->saved_upload_id)
		return 0;
	if ((r = profile_item_set_upload(a->db, a->acct.id, s->id, s->upload_id)) != 0)
		return r;
	s->saved_upload_id = s->upload_id;
	return 0;
}

static int
save(struct app *a, struct item_edit *s)
{
	const char *title = form_text(&s->fm, I_TITLE), *link = form_text(&s->fm, I_LINK);
	const char *desc = form_text(&s->fm, I_DESC), *bad = NULL;
	int64_t new_id = 0;
	int r, id;

	form_clear_msgs(&s->fm);
	if (s->id == 0) {
		r = profile_item_add(a->db, a->acct.id, a->acct.id, title, desc, link, &new_id,
		    &bad);
		if (r == 0)
			s->id = new_id;      /* saving again updates it, never adds a second */
	} else
		r = profile_item_update(a->db, a->acct.id, s->id, title, desc, link, &bad);
	if (r == 0 && (r = save_upload(a, s)) != 0) {
		/* the text is stored; only the file is not: say so beside it and stay */
		form_msg(&s->fm, I_FILE, r == JS_ERR_NOT_FOUND ?
		    _("this file is no longer in your uploads") : app_strerror(r), 0);
		form_focus(&s->fm, I_CHOOSE);
		app_flash(a, FLASH_ERR, "%s", _("Saved, but the file could not be attached."));
		return R_HANDLED | R_REDRAW;
	}
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
button(struct app *a, struct item_edit *s, int id)
{
	switch (id) {
	case I_SAVE:
		return save(a, s);
	case I_CHOOSE:
		return choose(a, s);
	case I_DETACH:
		s->upload_id = 0;
		form_msg(&s->fm, I_FILE, NULL, 0);
		return R_HANDLED | R_REDRAW;
	default:
		return R_HANDLED | R_POP;
	}
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
		return button(a, s, id);
	return r;
}

static int
item_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct item_edit *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return button(a, s, id);
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
