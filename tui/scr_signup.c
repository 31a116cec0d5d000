/* scr_signup.c: sign-up for an unknown key: handle (checked live), display name, role,
 * language (switches at once), optional e-mail and password; then signed in. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_form.h"

enum { S_HANDLE = 1, S_NAME, S_ROLE, S_LANG, S_EMAIL, S_PASS, S_PASS2, S_OK, S_CANCEL };

static const char *const roles[] = {
	N_("Client"), N_("Freelancer"), N_("Both"),
};
/* Language names are shown in their own language, in both catalogs. */
static const char *const langs[] = { N_("简体中文"), N_("English") };

struct signup {
	struct form fm;
};

static void
check_handle(struct app *a, struct form *fm)
{
	const char *h = form_text(fm, S_HANDLE);
	int r;

	if (*h == '\0') {
		form_msg(fm, S_HANDLE, NULL, 0);
		return;
	}
	r = account_handle_available(a->db, h);
	switch (r) {
	case 0:
		form_msg(fm, S_HANDLE, _("available"), 1);
		break;
	case JS_ERR_EXISTS:
		form_msg(fm, S_HANDLE, _("taken, try another"), 0);
		break;
	case JS_ERR_PERM:
		form_msg(fm, S_HANDLE, _("reserved, try another"), 0);
		break;
	case JS_ERR_INVALID:
		form_msg(fm, S_HANDLE, _("3-32 of a-z 0-9 _ -, starting with a letter"), 0);
		break;
	default:
		form_msg(fm, S_HANDLE, app_strerror(r), 0);
	}
}

static int
signup_open(struct app *a, void **st, const void *arg)
{
	struct signup *s;
	struct field *f;

	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	f = form_add(&s->fm, FK_TEXT, S_HANDLE, N_("Handle"),
	    ACCOUNT_HANDLE_MAX, LE_ASCII);
	f->width = 24;
	f->note = N_("your login name, e.g. zhangwei");
	f = form_add(&s->fm, FK_TEXT, S_NAME, N_("Display name"), ACCOUNT_NAME_MAX, 0);
	f->width = 24;
	f->note = N_("Chinese is fine");
	f = form_add(&s->fm, FK_RADIO, S_ROLE, N_("Role"), 0, 0);
	f->note = N_("clients buy services, freelancers sell them");
	f->opts = roles;
	f->nopts = 3;
	f = form_add(&s->fm, FK_RADIO, S_LANG, N_("Language"), 0, 0);
	f->opts = langs;
	f->nopts = 2;
	f->sel = strcmp(i18n_lang(), "en") == 0;
	f = form_add(&s->fm, FK_TEXT, S_EMAIL, N_("E-mail"), 254, LE_ASCII);
	f->width = 30;
	f->note = N_("optional");
	f = form_add(&s->fm, FK_PASSWORD, S_PASS, N_("Password"), ACCOUNT_PASSWORD_MAX, 0);
	f->width = 24;
	f->note = N_("optional, at least 8 characters");
	f = form_add(&s->fm, FK_PASSWORD, S_PASS2, N_("Password again"), ACCOUNT_PASSWORD_MAX, 0);
	f->width = 24;
	form_add(&s->fm, FK_BUTTON, S_OK, N_("Create account"), 0, 0);
	form_add(&s->fm, FK_BUTTON, S_CANCEL, N_("Cancel"), 0, 0);
	(void)a;
	*st = s;
	return 0;
}

static void
signup_close(struct app *a, void *st)
{
	struct signup *s = st;

	(void)a;
	form_free(&s->fm);
	free(s);
}

static void
signup_draw(struct app *a, void *st, WINDOW *w)
{
	struct signup *s = st;

	draw_text(w, 0, 2, getmaxx(w) - 4,
	    _("Create your account."),
	    theme_attr(T_DIM));
	form_draw(a, &s->fm, w, 2, 0, getmaxy(w) - 2, getmaxx(w) - 1);
}

static const char *
signup_errmsg(const char *field, int r)
{
	if (r == JS_ERR_EXISTS)
		return strcmp(field, "email") == 0 ? _("already used by another account") :
		    _("taken, try another");
	if (r == JS_ERR_TOO_BIG)
		return _("too long");
	if (strcmp(field, "email") == 0)
		return _("not a valid e-mail address");
	if (strcmp(field, "password") == 0)
		return _("8 to 256 characters");
	if (strcmp(field, "display_name") == 0)
		return _("1 to 64 characters, no control characters");
	if (strcmp(field, "handle") == 0)
		return r == JS_ERR_PERM ? _("reserved, try another") :
		    _("3-32 of a-z 0-9 _ -, starting with a letter");
	return app_strerror(r);
}

static int
submit(struct app *a, struct signup *s)
{
	struct account_signup su = { 0 };
	const char *bad = NULL, *pass = form_text(&s->fm, S_PASS);
	int role = form_field(&s->fm, S_ROLE)->sel, r, id_field;
	int64_t id = 0;

	form_clear_msgs(&s->fm);
	check_handle(a, &s->fm);
	if (strcmp(pass, form_text(&s->fm, S_PASS2)) != 0) {
		form_msg(&s->fm, S_PASS2, _("the two passwords differ"), 0);
		form_focus(&s->fm, S_PASS2);
		return R_HANDLED | R_REDRAW;
	}
	if (*pass == '\0' && a->p->key_fp == NULL) {
		form_msg(&s->fm, S_PASS, _("needed: you connected without a key"), 0);
		form_focus(&s->fm, S_PASS);
		return R_HANDLED | R_REDRAW;
	}
	su.handle = form_text(&s->fm, S_HANDLE);
	su.display_name = form_text(&s->fm, S_NAME);
	su.is_client = role != 1;
	su.is_freelancer = role != 0;
	su.locale = form_field(&s->fm, S_LANG)->sel == 1 ? "en" : "zh_CN";
	su.email = *form_text(&s->fm, S_EMAIL) != '\0' ? form_text(&s->fm, S_EMAIL) : NULL;
	su.password = *pass != '\0' ? pass : NULL;
	su.key_type = a->p->key_type;
	su.key_b64 = a->p->key_b64;
	su.key_fp = a->p->key_fp;
	if ((r = account_signup(a->db, &su, &id, &bad)) == 0)
		return app_sign_in(a, id, "publickey");
	if (bad == NULL && r == JS_ERR_EXISTS)
		bad = "handle";
	id_field = bad == NULL ? 0 : strcmp(bad, "handle") == 0 ? S_HANDLE :
	    strcmp(bad, "display_name") == 0 ? S_NAME : strcmp(bad, "roles") == 0 ? S_ROLE :
	    strcmp(bad, "email") == 0 ? S_EMAIL : strcmp(bad, "password") == 0 ? S_PASS : 0;
	if (id_field != 0) {
		form_msg(&s->fm, id_field, signup_errmsg(bad, r), 0);
		form_focus(&s->fm, id_field);
	} else if (bad != NULL && strcmp(bad, "key") == 0)
		app_flash(a, FLASH_ERR, "%s", r == JS_ERR_EXISTS ?
		    _("Your SSH key already belongs to an account.") :
		    _("Your SSH key cannot be used."));
	else
		app_flash_err(a, _("Sign-up"), r);
	return R_HANDLED | R_REDRAW;
}

static int
signup_input(struct app *a, void *st, int key)
{
	struct signup *s = st;
	enum form_ev ev;
	int id, r;

	/* handles are lower case: fold as typed */
	if (s->fm.f[s->fm.focus].id == S_HANDLE && key >= 'A' && key <= 'Z')
		key += 'a' - 'A';
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_CHANGED && id == S_HANDLE)
		check_handle(a, &s->fm);
	if (ev == FE_CHANGED && id == S_LANG) {
		i18n_set_lang(form_field(&s->fm, S_LANG)->sel == 1 ? "en" : "zh_CN");
		check_handle(a, &s->fm);
		r |= R_RELAYOUT;
	}
	if (ev == FE_BUTTON)
		return id == S_OK ? submit(a, s) : R_HANDLED | R_POP;
	return r;
}

static int
signup_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct signup *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_CHANGED && id == S_LANG) {
		i18n_set_lang(form_field(&s->fm, S_LANG)->sel == 1 ? "en" : "zh_CN");
		return r | R_RELAYOUT;
	}
	if (ev == FE_BUTTON)
		return id == S_OK ? submit(a, s) : R_HANDLED | R_POP;
	return r;
}

static const struct keybind signup_keys[] = {
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK(KEY_BTAB), app_key_none, N_("Shift-Tab"), N_("previous field"), 0 },
	{ TK_ENTER, app_key_none, N_("Enter"), N_("next / press button"), KB_HINT },
	{ TK(KEY_LEFT), app_key_none, N_("Left/Right"), N_("choose an option"), 0 },
	{ TK_CTRL('u'), app_key_none, N_("Ctrl-U/K/W"), N_("delete before / after / word"), 0 },
	{ TK_CTRL('a'), app_key_none, N_("Ctrl-A/E"), N_("start / end of the field"), 0 },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_signup = {
	.name = "signup",
	.title = N_("Sign up"),
	.keys = signup_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = signup_open,
	.close = signup_close,
	.draw = signup_draw,
	.input = signup_input,
	.mouse = signup_mouse,
};
