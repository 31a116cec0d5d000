/* scr_profile_edit.c: edit the profile's text fields (headline, location, languages,
 * website, bio); from here the skills, portfolio and social-link screens open. */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "profile.h"
#include "profile_data.h"
#include "screens.h"
#include "w_form.h"

enum { E_NAME = 1, E_HEADLINE, E_LOCATION, E_LANGS, E_WEBSITE, E_BIO, E_SAVE, E_SKILLS,
	E_PORTFOLIO, E_SOCIAL, E_CANCEL };

struct pedit {
	struct form fm;
	struct profile pr;
};

static int
pedit_open(struct app *a, void **st, const void *arg)
{
	struct pedit *s;
	struct field *f;
	char langs[512];
	int r;

	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = profile_get(a->db, a->acct.id, &s->pr)) != 0) {
		free(s);
		return r;
	}
	f = form_add(&s->fm, FK_TEXT, E_NAME, N_("Display name"), ACCOUNT_NAME_MAX, 0);
	f->width = 30;
	f->note = N_("Chinese is fine");
	lineedit_set(&f->le, a->acct.display_name);
	f = form_add(&s->fm, FK_TEXT, E_HEADLINE, N_("Headline"), PROFILE_HEADLINE_MAX, 0);
	f->width = 50;
	f->note = N_("one line about what you do");
	lineedit_set(&f->le, s->pr.headline);
	f = form_add(&s->fm, FK_TEXT, E_LOCATION, N_("Location"), PROFILE_LOCATION_MAX, 0);
	f->width = 24;
	lineedit_set(&f->le, s->pr.location);
	f = form_add(&s->fm, FK_TEXT, E_LANGS, N_("Languages"), 200, 0);
	f->width = 40;
	f->note = N_("separated by commas");
	profile_data_languages(&s->pr, langs, sizeof langs);
	lineedit_set(&f->le, langs);
	f = form_add(&s->fm, FK_TEXT, E_WEBSITE, N_("Website"), PROFILE_URL_MAX, LE_ASCII);
	f->width = 40;
	lineedit_set(&f->le, s->pr.website);
	f = form_add(&s->fm, FK_AREA, E_BIO, N_("About me"), PROFILE_BIO_MAX, 0);
	if (f == NULL) {
		form_free(&s->fm);
		free(s);
		return JS_ERR_NOMEM;
	}
	f->rows = 5;
	f->note = N_("several lines; Enter starts a new line, Tab leaves");
	textarea_set(&f->ta, s->pr.bio);
	form_add(&s->fm, FK_BUTTON, E_SAVE, N_("Save"), 0, 0);
	form_add(&s->fm, FK_BUTTON, E_SKILLS, N_("Skills"), 0, 0);
	form_add(&s->fm, FK_BUTTON, E_PORTFOLIO, N_("Portfolio"), 0, 0);
	form_add(&s->fm, FK_BUTTON, E_SOCIAL, N_("Social links"), 0, 0);
	form_add(&s->fm, FK_BUTTON, E_CANCEL, N_("Cancel"), 0, 0);
	form_focus(&s->fm, E_HEADLINE);
	*st = s;
	return 0;
}

static void
pedit_close(struct app *a, void *st)
{
	struct pedit *s = st;

	(void)a;
	form_free(&s->fm);
	free(s);
}

static void
pedit_draw(struct app *a, void *st, WINDOW *w)
{
	struct pedit *s = st;

	form_draw(a, &s->fm, w, 1, 0, getmaxy(w) - 1, getmaxx(w) - 1);
}

static int
save(struct app *a, struct pedit *s)
{
	struct profile_update u = {
		.headline = form_text(&s->fm, E_HEADLINE),
		.bio = form_text(&s->fm, E_BIO),
		.location = form_text(&s->fm, E_LOCATION),
		.languages = form_text(&s->fm, E_LANGS),
		.website = form_text(&s->fm, E_WEBSITE),
	};
	const char *bad = NULL;
	int r, id;

	form_clear_msgs(&s->fm);
	if (strcmp(form_text(&s->fm, E_NAME), a->acct.display_name) != 0) {
		r = account_set_display_name(a->db, a->acct.id, a->acct.id,
		    form_text(&s->fm, E_NAME));
		if (r != 0) {
			form_msg(&s->fm, E_NAME, r == JS_ERR_TOO_BIG ? _("too long") :
			    _("1 to 64 characters, no control characters"), 0);
			return R_HANDLED | R_REDRAW;
		}
		app_reload_account(a);
	}
	if ((r = profile_update(a->db, a->acct.id, a->acct.id, &u, &bad)) == 0) {
		app_flash(a, FLASH_OK, "%s", _("Profile saved."));
		return R_HANDLED | R_POP;
	}
	id = bad == NULL ? 0 : strcmp(bad, "headline") == 0 ? E_HEADLINE :
	    strcmp(bad, "bio") == 0 ? E_BIO : strcmp(bad, "location") == 0 ? E_LOCATION :
	    strcmp(bad, "languages") == 0 ? E_LANGS : strcmp(bad, "website") == 0 ? E_WEBSITE : 0;
	if (id == 0) {
		app_flash_err(a, _("Save"), r);
		return R_HANDLED | R_REDRAW;
	}
	form_msg(&s->fm, id, id == E_WEBSITE && r != JS_ERR_TOO_BIG ?
	    _("a link starting with http:// or https://") :
	    r == JS_ERR_TOO_BIG ? _("too long") : app_strerror(r), 0);
	form_focus(&s->fm, id);
	return R_HANDLED | R_REDRAW;
}

static int
button(struct app *a, struct pedit *s, int id)
{
	switch (id) {
	case E_SAVE:
		return save(a, s);
	case E_SKILLS:
		return app_push(a, &scr_skills, NULL);
	case E_PORTFOLIO:
		return app_push(a, &scr_portfolio, NULL);
	case E_SOCIAL:
		return app_push(a, &scr_social, NULL);
	default:
		return R_HANDLED | R_POP;
	}
}

static int
pedit_input(struct app *a, void *st, int key)
{
	struct pedit *s = st;
	enum form_ev ev;
	int id, r;

	if (key == TK_CTRL('s'))
		return save(a, s);
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_CHANGED)
		form_msg(&s->fm, id, NULL, 0);
	if (ev == FE_BUTTON)
		return button(a, s, id);
	return r;
}

static int
pedit_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct pedit *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return button(a, s, id);
	return r;
}

static const struct keybind pedit_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK(KEY_BTAB), app_key_none, N_("Shift-Tab"), N_("previous field"), 0 },
	{ TK_CTRL('s'), app_key_none, N_("Ctrl-S"), N_("save"), KB_HINT },
	{ TK_ENTER, app_key_none, N_("Enter"), N_("next / press button"), 0 },
	{ TK_CTRL('u'), app_key_none, N_("Ctrl-U/K/W"), N_("delete before / after / word"), 0 },
	{ TK_CTRL('a'), app_key_none, N_("Ctrl-A/E"), N_("start / end of the line"), 0 },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back without saving"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_profile_edit = {
	.name = "profile_edit",
	.title = N_("Edit profile"),
	.keys = pedit_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = pedit_open,
	.close = pedit_close,
	.draw = pedit_draw,
	.input = pedit_input,
	.mouse = pedit_mouse,
};
