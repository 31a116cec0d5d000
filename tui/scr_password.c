/* scr_password.c: set or change the account's password (typed twice, masked). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_form.h"

enum { P_OLD = 1, P_NEW, P_NEW2, P_SAVE, P_CANCEL };

struct password {
	struct form fm;
};

static int
password_open(struct app *a, void **st, const void *arg)
{
	struct password *s;
	struct field *f;

	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	if (a->acct.has_password)
		form_add(&s->fm, FK_PASSWORD, P_OLD, N_("Current password"),
		    ACCOUNT_PASSWORD_MAX, 0);
	f = form_add(&s->fm, FK_PASSWORD, P_NEW, N_("New password"), ACCOUNT_PASSWORD_MAX, 0);
	f->note = N_("at least 8 characters");
	form_add(&s->fm, FK_PASSWORD, P_NEW2, N_("New password again"), ACCOUNT_PASSWORD_MAX, 0);
	form_add(&s->fm, FK_BUTTON, P_SAVE, N_("Save"), 0, 0);
	form_add(&s->fm, FK_BUTTON, P_CANCEL, N_("Cancel"), 0, 0);
	*st = s;
	return 0;
}

static void
password_close(struct app *a, void *st)
{
	struct password *s = st;

	(void)a;
	form_free(&s->fm);
	free(s);
}

static void
password_draw(struct app *a, void *st, WINDOW *w)
{
	struct password *s = st;

	draw_text(w, 1, 2, getmaxx(w) - 4, a->acct.has_password ?
	    _("Change the password you can log in with when you have no key at hand.") :
	    _("Set a password to log in when you have no key at hand."), theme_attr(T_DIM));
	form_draw(a, &s->fm, w, 3, 0, getmaxy(w) - 3, getmaxx(w) - 1);
}

static int
save(struct app *a, struct password *s)
{
	const char *pw = form_text(&s->fm, P_NEW);
	struct account tmp;
	int r;

	form_clear_msgs(&s->fm);
	if (a->acct.has_password && account_password_verify(a->db, a->acct.handle,
	    form_text(&s->fm, P_OLD), &tmp) != 0) {
		form_msg(&s->fm, P_OLD, _("wrong password"), 0);
		form_focus(&s->fm, P_OLD);
		return R_HANDLED | R_REDRAW;
	}
	if (strlen(pw) < ACCOUNT_PASSWORD_MIN) {
		form_msg(&s->fm, P_NEW, _("at least 8 characters"), 0);
		form_focus(&s->fm, P_NEW);
		return R_HANDLED | R_REDRAW;
	}
	if (strcmp(pw, form_text(&s->fm, P_NEW2)) != 0) {
		form_msg(&s->fm, P_NEW2, _("the two passwords differ"), 0);
		form_focus(&s->fm, P_NEW2);
		return R_HANDLED | R_REDRAW;
	}
	if ((r = account_password_set(a->db, a->acct.id, a->acct.id, pw)) != 0) {
		form_msg(&s->fm, P_NEW, app_strerror(r), 0);
		return R_HANDLED | R_REDRAW;
	}
	app_reload_account(a);
	app_flash(a, FLASH_OK, "%s", _("Password saved."));
	return R_HANDLED | R_POP;
}

static int
password_input(struct app *a, void *st, int key)
{
	struct password *s = st;
	enum form_ev ev;
	int id, r = form_key(a, &s->fm, key, &ev, &id);

	if (ev == FE_BUTTON)
		return id == P_SAVE ? save(a, s) : R_HANDLED | R_POP;
	return r;
}

static int
password_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct password *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return id == P_SAVE ? save(a, s) : R_HANDLED | R_POP;
	return r;
}

static const struct keybind password_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_ENTER, app_key_none, N_("Enter"), N_("next / press button"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_password = {
	.name = "password",
	.title = N_("Password"),
	.keys = password_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = password_open,
	.close = password_close,
	.draw = password_draw,
	.input = password_input,
	.mouse = password_mouse,
};
