/* w_filepick.c: the upload picker overlay (scr_filepick). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "upload.h"
#include "w_filepick.h"
#include "w_list.h"
#include "w_textview.h"

struct filepick {
	struct filepick_arg arg;
	char title[128];
	struct upload_info *v;       /* UPLOAD_LIST_MAX of them */
	size_t n;
	int64_t marked[FILEPICK_MAX];
	size_t nmarked;
	struct wlist list;
	int load_err;
};

void
filepick_size(int64_t bytes, char *buf, size_t len)
{
	double v = (double)bytes;

	if (bytes < 1024)
		snprintf(buf, len, "%lld B", (long long)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(buf, len, v / 1024 < 10 ? "%.1f KB" : "%.0f KB", v / 1024);
	else if (bytes < INT64_C(1024) * 1024 * 1024)
		snprintf(buf, len, v / 1048576 < 10 ? "%.1f MB" : "%.0f MB", v / 1048576);
	else
		snprintf(buf, len, "%.1f GB", v / 1073741824);
}

/* The subtype in capitals: "image/jpeg" -> "JPEG"; "audio/mpeg" -> "MP3". */
static void
subtype(const char *mime, char *buf, size_t len)
{
	const char *s = strchr(mime, '/');
	size_t i;

	s = s != NULL ? s + 1 : mime;
	if (strcmp(s, "mpeg") == 0)
		s = "mp3";
	for (i = 0; s[i] != '\0' && i + 1 < len; i++)
		buf[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
	buf[i] = '\0';
}

const char *
filepick_kind(const char *mime, char *buf, size_t len)
{
	char sub[24];

	subtype(mime, sub, sizeof sub);
	if (strncmp(mime, "image/", 6) == 0)
		snprintf(buf, len, _("%s image"), sub);
	else if (strncmp(mime, "audio/", 6) == 0)
		snprintf(buf, len, _("%s audio"), sub);
	else if (strncmp(mime, "video/", 6) == 0)
		snprintf(buf, len, _("%s video"), sub);
	else if (strcmp(mime, "application/zip") == 0)
		snprintf(buf, len, "%s", _("ZIP archive"));
	else if (strcmp(mime, "application/pdf") == 0)
		snprintf(buf, len, "%s", "PDF");
	else if (strcmp(mime, "text/plain") == 0)
		snprintf(buf, len, "%s", _("Text"));
	else
		snprintf(buf, len, "%s", mime);
	return buf;
}

static void
load(struct app *a, struct filepick *p)
{
	p->load_err = upload_list(a->db, a->acct.id, a->acct.id, p->v, UPLOAD_LIST_MAX, &p->n);
	if (p->load_err != 0)
		p->n = 0;
}

static int
filepick_open(struct app *a, void **st, const void *arg)
{
	const struct filepick_arg *fa = arg;
	struct filepick *p;
	size_t i;

	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->v = calloc(UPLOAD_LIST_MAX, sizeof *p->v)) == NULL) {
		free(p);
		return JS_ERR_NOMEM;
	}
	p->arg = *fa;
	snprintf(p->title, sizeof p->title, "%s", fa->title != NULL ? fa->title : "");
	if (p->arg.max == 0 || p->arg.max > FILEPICK_MAX)
		p->arg.max = FILEPICK_MAX;
	for (i = 0; fa->preselected != NULL && i < fa->npreselected && i < p->arg.max; i++)
		p->marked[p->nmarked++] = fa->preselected[i];
	p->arg.preselected = NULL;
	load(a, p);
	*st = p;
	return 0;
}

static void
filepick_close(struct app *a, void *st)
{
	struct filepick *p = st;

	(void)a;
	free(p->v);
	free(p);
}

/* Position of id among the marks (0-based) or -1. */
static int
mark_of(const struct filepick *p, int64_t id)
{
	size_t i;

	for (i = 0; i < p->nmarked; i++)
		if (p->marked[i] == id)
			return (int)i;
	return -1;
}

static void
columns(int width, int *kw, int *sw, int *dw, int *nw)
{
	*kw = 12;
	*sw = 9;
	*dw = draw_width(_("Uploaded")) > 14 ? draw_width(_("Uploaded")) : 14;
	*nw = width - 5 - *kw - *sw - *dw - 3;
	if (*nw < 10)
		*nw = 10;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct filepick *p = ud;
	const struct upload_info *u = &p->v[idx];
	char buf[64], kind[64];
	int kw, sw, dw, nw, m = mark_of(p, u->id);

	columns(width, &kw, &sw, &dw, &nw);
	if (m >= 0) {
		if (p->arg.multi)
			snprintf(buf, sizeof buf, "[%d]", m + 1);
		else
			snprintf(buf, sizeof buf, "[*]");
		draw_text(w, y, x, 4, buf, at | A_BOLD);
	} else
		draw_text(w, y, x, 4, "[ ]", at ? at : theme_attr(T_DIM));
	x += 5;
	draw_text(w, y, x, nw - 1, u->name, at | (m >= 0 ? A_BOLD : 0));
	if (m == 0 && p->arg.multi && p->arg.cover_first && draw_width(u->name) + 8 < nw)
		draw_text(w, y, x + draw_width(u->name) + 1, 8, _("(cover)"),
		    at ? at : theme_attr(T_OK));
	x += nw;
	draw_text(w, y, x, kw - 1, filepick_kind(u->mime, kind, sizeof kind), at);
	x += kw;
	filepick_size(u->size, buf, sizeof buf);
	draw_right(w, y, x, sw - 1, buf, at);
	x += sw + 1;
	i18n_date((time_t)u->created_at, buf, sizeof buf);
	draw_text(w, y, x, dw, buf, at ? at : theme_attr(T_DIM));
}

static void
draw_empty(WINDOW *w, int y, int x, int h, int wd)
{
	char buf[512];
	int n, y0 = y;

	n = wtext_draw(NULL, w, y, x, h, wd, _("You have no uploads yet. Send files from "
	    "your own computer with scp or sftp, to the same host and port as your ssh "
	    "command (ssh -p PORT HOST):"), 0);
	y += n + 1;
	snprintf(buf, sizeof buf, "  scp -P %s %s %s:", _("PORT"), _("photo.png"), _("HOST"));
	draw_text(w, y++, x, wd, buf, theme_attr(T_KEY));
	snprintf(buf, sizeof buf, "  sftp -P %s %s   sftp> put %s", _("PORT"), _("HOST"),
	    _("photo.png"));
	draw_text(w, y++, x, wd, buf, theme_attr(T_KEY));
	y++;
	wtext_draw(NULL, w, y, x, h - (y - y0), wd, _("Images, PDF, ZIP, audio, video and "
	    "text files are accepted. Then press r here to see them."), theme_attr(T_DIM));
}

static void
filepick_draw(struct app *a, void *st, WINDOW *w)
{
	struct filepick *p = st;
	int wd = getmaxx(w) - 4 < 100 ? getmaxx(w) - 4 : 100, h = getmaxy(w) - 2;
	int y = 1, x = (getmaxx(w) - wd) / 2, kw, sw, dw, nw, lx = x + 2 + 2 + 5;
	char buf[160];

	(void)a;
	for (kw = 0; kw < h; kw++)       /* whole rows: no wide character cut in half */
		draw_fill(w, y + kw, 0, getmaxx(w), 0);
	draw_box(w, y, x, h, wd, theme_attr(T_BORDER));
	draw_printf(w, y, x + 2, wd - 4, theme_attr(T_TITLE), " %s ", p->title);
	if (p->arg.multi) {
		snprintf(buf, sizeof buf, _(" %zu of at most %zu marked "), p->nmarked, p->arg.max);
		draw_right(w, y, x + 2, wd - 4, buf, theme_attr(T_DIM));
	}
	if (p->load_err != 0) {
		draw_text(w, y + 2, x + 2, wd - 4, app_strerror(p->load_err), theme_attr(T_ERR));
		return;
	}
	if (p->n == 0) {
		draw_empty(w, y + 2, x + 3, h - 4, wd - 6);
		return;
	}
	columns(wd - 4 - 3, &kw, &sw, &dw, &nw);
	draw_text(w, y + 1, lx, nw - 1, _("Name"), theme_attr(T_HEAD));
	draw_text(w, y + 1, lx + nw, kw - 1, _("Type"), theme_attr(T_HEAD));
	draw_right(w, y + 1, lx + nw + kw, sw - 1, _("Size"), theme_attr(T_HEAD));
	draw_text(w, y + 1, lx + nw + kw + sw + 1, dw, _("Uploaded"), theme_attr(T_HEAD));
	wlist_draw(&p->list, w, y + 2, x + 2, h - 3, wd - 4, (int)p->n, row, p);
}

static int
finish(struct app *a, struct filepick *p, int none)
{
	int64_t ids[FILEPICK_MAX] = { 0 };
	size_t n = 0;

	if (!none) {
		if (p->nmarked > 0) {
			memcpy(ids, p->marked, p->nmarked * sizeof ids[0]);
			n = p->nmarked;
		} else if (p->n > 0 && p->list.nav.sel >= 0)
			ids[n++] = p->v[p->list.nav.sel].id;
		else
			return R_HANDLED;
	}
	return (p->arg.done != NULL ? p->arg.done(a, p->arg.ud, ids, n) : 0) |
	    R_HANDLED | R_POP;
}

static int
toggle(struct app *a, struct filepick *p)
{
	int64_t id;
	int m;

	if (p->n == 0 || p->list.nav.sel < 0)
		return R_HANDLED;
	id = p->v[p->list.nav.sel].id;
	if ((m = mark_of(p, id)) >= 0) {
		memmove(p->marked + m, p->marked + m + 1,
		    (p->nmarked - (size_t)m - 1) * sizeof p->marked[0]);
		p->nmarked--;
	} else if (!p->arg.multi) {
		p->marked[0] = id;
		p->nmarked = 1;
	} else if (p->nmarked >= p->arg.max) {
		app_flash(a, FLASH_ERR, _("At most %zu files."), p->arg.max);
		return R_HANDLED | R_REDRAW;
	} else
		p->marked[p->nmarked++] = id;
	listnav_move(&p->list.nav, 1);
	return R_HANDLED | R_REDRAW;
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct filepick *p = st;

	(void)a;
	return wlist_key(&p->list, key) | R_HANDLED;
}

static int
key_mark(struct app *a, void *st, int key)
{
	(void)key;
	return toggle(a, st);
}

static int
key_choose(struct app *a, void *st, int key)
{
	struct filepick *p = st;

	(void)key;
	if (!p->arg.multi)
		p->nmarked = 0;              /* Enter takes the row under the cursor */
	return finish(a, p, 0);
}

static int
key_none(struct app *a, void *st, int key)
{
	struct filepick *p = st;

	(void)key;
	return p->arg.allow_none ? finish(a, p, 1) : R_HANDLED;
}

static int
key_reload(struct app *a, void *st, int key)
{
	(void)key;
	load(a, st);
	return R_HANDLED | R_REDRAW;
}

static int
filepick_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct filepick *p = st;
	int act = 0, r = wlist_mouse(&p->list, m, y, x, &act);

	if (act)
		return p->arg.multi ? toggle(a, p) : key_choose(a, p, TK_ENTER);
	return r | R_HANDLED;
}

static const struct keybind filepick_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ TK(KEY_NPAGE), key_nav, NULL, NULL, 0 },
	{ TK(KEY_PPAGE), key_nav, NULL, NULL, 0 },
	{ ' ', key_mark, N_("Space"), N_("mark / unmark"), KB_HINT },
	{ TK_ENTER, key_choose, N_("Enter"), N_("choose"), KB_HINT },
	{ 'x', key_none, N_("x"), N_("no file"), 0 },
	{ 'r', key_reload, N_("r"), N_("refresh"), KB_HINT },
	{ TK_ESC, app_key_back, N_("Esc"), N_("cancel"), KB_HINT },
	{ 'q', app_key_back, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_filepick = {
	.name = "filepick",
	.title = N_("Choose files"),
	.keys = filepick_keys,
	.flags = SCREEN_OVERLAY | SCREEN_OWN_KEYS,
	.open = filepick_open,
	.close = filepick_close,
	.draw = filepick_draw,
	.mouse = filepick_mouse,
};
