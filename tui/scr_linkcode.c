/* scr_linkcode.c: a one-time code to link a new device, with its 10-minute count-down. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "screens.h"
#include "w_textview.h"

struct linkcode {
	char code[ACCOUNT_LINK_CODE_LEN + 1];
	time_t expires;
};

static int
fresh(struct app *a, struct linkcode *c)
{
	int r;

	if ((r = account_link_code_new(a->db, a->acct.id, c->code)) != 0)
		return r;
	c->expires = time(NULL) + ACCOUNT_LINK_CODE_TTL;
	return 0;
}

static int
linkcode_open(struct app *a, void **st, const void *arg)
{
	struct linkcode *c;
	int r;

	(void)arg;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = fresh(a, c)) != 0) {
		free(c);
		return r;
	}
	*st = c;
	return 0;
}

static void
linkcode_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static void
linkcode_draw(struct app *a, void *st, WINDOW *w)
{
	struct linkcode *c = st;
	long left = (long)(c->expires - time(NULL));
	char buf[160], spaced[ACCOUNT_LINK_CODE_LEN * 2 + 1];
	int i, y = 1, wd = getmaxx(w) - 4;

	(void)a;
	y += wtext_draw(NULL, w, y, 2, 4, wd,
	    _("On the new device, connect with ssh and its own key, choose \"I have a link "
	    "code\" and type this code. It works once."), 0) + 1;
	for (i = 0; i < ACCOUNT_LINK_CODE_LEN; i++) {
		spaced[2 * i] = c->code[i];
		spaced[2 * i + 1] = ' ';
	}
	spaced[2 * ACCOUNT_LINK_CODE_LEN - 1] = '\0';
	if (left > 0) {
		draw_center(w, y + 1, spaced, theme_attr(T_SEL));
		snprintf(buf, sizeof buf, _("valid for %ld:%02ld more"), left / 60, left % 60);
		draw_center(w, y + 3, buf, theme_attr(left < 60 ? T_ERR : T_OK));
	} else {
		draw_center(w, y + 1, _("This code has expired."), theme_attr(T_ERR));
		draw_center(w, y + 3, _("Press r for a new one."), 0);
	}
}

static int
linkcode_tick(struct app *a, void *st, time_t now)
{
	(void)a;
	(void)st;
	(void)now;
	return R_REDRAW;
}

static int
key_renew(struct app *a, void *st, int key)
{
	int r;

	(void)key;
	if ((r = fresh(a, st)) != 0)
		app_flash_err(a, _("Link a new device"), r);
	return R_HANDLED | R_REDRAW;
}

static const struct keybind linkcode_keys[] = {
	{ 'r', key_renew, N_("r"), N_("new code"), KB_HINT },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_linkcode = {
	.name = "linkcode",
	.title = N_("Link a new device"),
	.keys = linkcode_keys,
	.open = linkcode_open,
	.close = linkcode_close,
	.draw = linkcode_draw,
	.tick = linkcode_tick,
};
