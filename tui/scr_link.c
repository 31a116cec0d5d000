/* scr_link.c: link this device's key to an existing account with a one-time code made
 * on a device that is signed in (Settings > Link a new device). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_form.h"
#include "w_textview.h"

enum { L_CODE = 1, L_OK, L_CANCEL };

struct link {
	struct form fm;
};

static int
link_open(struct app *a, void **st, const void *arg)
{
	struct link *s;
	struct field *f;

	(void)a;
	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	f = form_add(&s->fm, FK_TEXT, L_CODE, N_("Link code"), ACCOUNT_LINK_CODE_LEN + 4,
	    LE_ASCII);
	f->width = ACCOUNT_LINK_CODE_LEN + 6;
	f->note = N_("8 letters and digits");
	form_add(&s->fm, FK_BUTTON, L_OK, N_("Link this device"), 0, 0);
	form_add(&s->fm, FK_BUTTON, L_CANCEL, N_("Cancel"), 0, 0);
	*st = s;
	return 0;
}

static void
link_close(struct app *a, void *st)
{
	struct link *s = st;

	(void)a;
	form_free(&s->fm);
	free(s);
}

static void
link_draw(struct app *a, void *st, WINDOW *w)
{
	struct link *s = st;
	int wd = getmaxx(w) - 4, n;

	n = wtext_draw(NULL, w, 1, 2, 4, wd,
	    _("On a device that is already signed in, open Settings > Link a new device. "
	    "It shows a code that is valid for 10 minutes. Type it here."), 0);
	form_draw(a, &s->fm, w, n + 2, 0, getmaxy(w) - n - 2, getmaxx(w) - 1);
}

static int
submit(struct app *a, struct link *s)
{
	const char *code = form_text(&s->fm, L_CODE);
	time_t now = time(NULL);
	int64_t user = 0;
	int r;

	if (auth_limit_check(a->db, a->p->remote_addr, NULL, now) == JS_ERR_BUSY) {
		form_msg(&s->fm, L_CODE, _("too many attempts, wait a minute"), 0);
		return R_HANDLED | R_REDRAW;
	}
	r = account_link_code_redeem(a->db, code, a->p->key_type, a->p->key_b64, a->p->key_fp,
	    a->p->remote_addr, &user);
	if (r == 0)
		return app_sign_in(a, user, "link_code");
	if (r == JS_ERR_NOT_FOUND) {
		auth_limit_fail(a->db, a->p->remote_addr, NULL, now);
		form_msg(&s->fm, L_CODE, _("wrong, used or expired code"), 0);
		form_focus(&s->fm, L_CODE);
	} else if (r == JS_ERR_EXISTS)
		app_flash(a, FLASH_ERR, "%s", _("Your SSH key already belongs to an account."));
	else
		app_flash_err(a, _("Link this device"), r);
	return R_HANDLED | R_REDRAW;
}

static int
link_input(struct app *a, void *st, int key)
{
	struct link *s = st;
	enum form_ev ev;
	int id, r;

	if (key >= 'a' && key <= 'z')
		key -= 'a' - 'A';            /* codes are upper case */
	if (key == TK_ENTER && s->fm.focus == 0)
		return submit(a, s);
	r = form_key(a, &s->fm, key, &ev, &id);
	if (ev == FE_CHANGED)
		form_msg(&s->fm, L_CODE, NULL, 0);
	if (ev == FE_BUTTON)
		return id == L_OK ? submit(a, s) : R_HANDLED | R_POP;
	return r;
}

static int
link_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct link *s = st;
	enum form_ev ev;
	int id, r = form_mouse(a, &s->fm, m, y, x, &ev, &id);

	if (ev == FE_BUTTON)
		return id == L_OK ? submit(a, s) : R_HANDLED | R_POP;
	return r;
}

static const struct keybind link_keys[] = {
	{ TK_ENTER, app_key_none, N_("Enter"), N_("link"), KB_HINT },
	{ TK_TAB, app_key_none, N_("Tab"), N_("next field"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("back"), KB_HINT },
	{ TK(KEY_F(1)), app_key_help, N_("F1"), N_("help"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_link = {
	.name = "link",
	.title = N_("Link this device"),
	.keys = link_keys,
	.flags = SCREEN_OWN_KEYS,
	.open = link_open,
	.close = link_close,
	.draw = link_draw,
	.input = link_input,
	.mouse = link_mouse,
};
