/* scr_gig_edit_list.c: the list steps of the gig editor: extras, requirements (each
 * item edited in scr_gig_item), media (chosen with the file picker, the first is the
 * cover), and the description step: its text and its FAQ list. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "gig_args.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "scr_gig_edit.h"
#include "screens.h"
#include "upload.h"
#include "w_filepick.h"
#include "w_textview.h"

struct lspec {
	int step;
	enum gig_item_kind kind;     /* -1 for media */
	size_t max;
	const char *intro, *empty;   /* N_() */
};

static const struct lspec specs[] = {
	{ ST_EXTRAS, GI_EXTRA, GIG_EXTRAS_MAX,
	  N_("Extras are add-ons buyers can order with a package: faster delivery, more "
	     "revisions, or anything of your own."),
	  N_("No extras yet: press a to add one (optional).") },
	{ ST_REQS, GI_REQ, GIG_REQS_MAX,
	  N_("What do you need from the buyer to start? They answer these questions after "
	     "ordering."), N_("No questions yet: press a to add one (optional).") },
	{ ST_DESC, GI_FAQ, GIG_FAQ_MAX, NULL,
	  N_("No questions yet: press a to add one (optional).") },
	{ ST_MEDIA, (enum gig_item_kind)-1, GIG_MEDIA_MAX,
	  N_("Pictures and files from your uploads. The first one is the cover and must be "
	     "an image."), N_("No files yet: press a to choose from your uploads.") },
};

static const struct lspec *
spec_of(int step)
{
	size_t i;

	for (i = 0; i < sizeof specs / sizeof specs[0]; i++)
		if (specs[i].step == step)
			return &specs[i];
	return &specs[0];
}

static struct wlist *
list_of(struct gedit *e, int step)
{
	return step == ST_EXTRAS ? &e->xl : step == ST_REQS ? &e->rl :
	    step == ST_DESC ? &e->fl : &e->ml;
}

static size_t *
count_of(struct gedit *e, int step)
{
	return step == ST_EXTRAS ? &e->c->n_extras : step == ST_REQS ? &e->c->n_reqs :
	    step == ST_DESC ? &e->c->n_faq : &e->c->n_media;
}

static const char *
extra_kind(const char *k)
{
	return strcmp(k, "fast_delivery") == 0 ? _("Faster delivery") :
	    strcmp(k, "extra_revision") == 0 ? _("Extra revision") : _("Custom");
}

static const char *
req_kind(const char *k)
{
	return strcmp(k, "choice") == 0 ? _("choice") :
	    strcmp(k, "attachment") == 0 ? _("file") : _("text");
}

struct row_ud {
	struct gedit *e;
	int step;
};

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct row_ud *u = ud;
	const struct gig_content *c = u->e->c;
	char buf[1400], v[64], k[64];

	switch (u->step) {
	case ST_EXTRAS:
		draw_text(w, y, x, 18, extra_kind(c->extras[idx].kind),
		    at ? at : theme_attr(T_DIM));
		draw_text(w, y, x + 18, width - 46, c->extras[idx].title, at | A_BOLD);
		gig_ui_price(c->extras[idx].price, v, sizeof v);
		draw_right(w, y, x + width - 28, 10, v, at ? at : theme_attr(T_MONEY));
		gig_ui_extra_days(c->extras[idx].added_days, buf, sizeof buf);
		draw_text(w, y, x + width - 16, 16, buf, at);
		break;
	case ST_REQS:
		snprintf(buf, sizeof buf, "%d. [%s%s] %s", idx + 1, req_kind(c->reqs[idx].kind),
		    c->reqs[idx].required ? _(", required") : "", c->reqs[idx].question);
		draw_text(w, y, x, width, buf, at);
		break;
	case ST_DESC:
		snprintf(buf, sizeof buf, _("Q: %s"), c->faq[idx].question);
		draw_text(w, y, x, width, buf, at);
		break;
	default:
		snprintf(buf, sizeof buf, "%s%s", idx == 0 ? _("[cover] ") : "",
		    c->media[idx].name[0] ? c->media[idx].name : "?");
		draw_text(w, y, x, width - 26, buf, at | (idx == 0 ? A_BOLD : 0));
		filepick_kind(c->media[idx].mime_type, k, sizeof k);
		draw_text(w, y, x + width - 25, 14, k, at);
		filepick_size(c->media[idx].size_bytes, v, sizeof v);
		draw_right(w, y, x + width - 10, 9, v, at);
	}
}

static void
draw_items(struct gedit *e, int step, WINDOW *w, int y, int h, int wd, int focused)
{
	const struct lspec *sp = spec_of(step);
	struct row_ud u = { e, step };
	struct wlist *l = list_of(e, step);
	size_t n = *count_of(e, step);

	if (e->msg[step][0] && h > 1) {
		draw_printf(w, y, 4, wd - 4, theme_attr(T_ERR), "! %s", e->msg[step]);
		y++;
		h--;
	}
	if (n == 0) {
		draw_text(w, y, 4, wd - 4, _(sp->empty), theme_attr(T_DIM));
		return;
	}
	l->unfocused = !focused;
	wlist_draw(l, w, y, 2, h < (int)n ? h : (int)n, wd - 3, (int)n, row, &u);
}

void
gedit_draw_list(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd)
{
	const struct lspec *sp = spec_of(e->step);
	char buf[200];
	int n;

	(void)a;
	n = wtext_count(_(sp->intro), wd - 4);
	wtext_draw(NULL, w, y, 2, n, wd - 4, _(sp->intro), 0);
	snprintf(buf, sizeof buf, _("%zu of at most %zu"), *count_of(e, e->step), sp->max);
	draw_right(w, y + n, 2, wd - 4, buf, theme_attr(T_DIM));
	draw_items(e, e->step, w, y + n + 1, h - n - 2, wd, 1);
	draw_text(w, y + h - 1, 4, wd - 4, e->step == ST_MEDIA ?
	    _("a: choose files   c: make cover   d: remove   K/J: move up / down") :
	    _("a: add   Enter: edit   d: delete   K/J: move up / down"), theme_attr(T_DIM));
}

void
gedit_draw_faq(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd)
{
	(void)a;
	draw_text(w, y, 4, wd - 4, e->ds_pane == 1 ?
	    _("a: add   Enter: edit   d: delete   K/J: move   Tab: back to the text") :
	    _("Tab: to the questions"), theme_attr(T_DIM));
	draw_items(e, ST_DESC, w, y + 1, h - 1, wd, e->ds_pane == 1);
}

static int
item_done(struct app *a, void *ud)
{
	struct gedit *e = ud;

	(void)a;
	e->dirty = 1;
	gedit_msg(e, e->step, NULL);
	return R_REDRAW;
}

static int
edit_item(struct app *a, struct gedit *e, int step, int add)
{
	const struct lspec *sp = spec_of(step);
	struct wlist *l = list_of(e, step);
	size_t n = *count_of(e, step);
	struct gig_item_arg ia = { .kind = sp->kind, .c = e->c, .done = item_done, .ud = e };

	if (add && n >= sp->max) {
		app_flash(a, FLASH_ERR, _("At most %zu."), sp->max);
		return R_HANDLED | R_REDRAW;
	}
	if (!add && (n == 0 || l->nav.sel < 0))
		return edit_item(a, e, step, 1);
	ia.index = add ? n : (size_t)l->nav.sel;
	if (add) {
		listnav_set(&l->nav, (int)n + 1, l->nav.rows);
		l->nav.sel = (int)n;
	}
	return app_push(a, &scr_gig_item, &ia);
}

/* Swap items i and j of the step's array. */
static void
swap(struct gedit *e, int step, size_t i, size_t j)
{
	struct gig_content *c = e->c;
	void *base;
	size_t sz;
	char tmp[sizeof c->reqs[0] > sizeof c->faq[0] ? sizeof c->reqs[0] : sizeof c->faq[0]];

	base = step == ST_EXTRAS ? (void *)c->extras : step == ST_REQS ? (void *)c->reqs :
	    step == ST_DESC ? (void *)c->faq : (void *)c->media;
	sz = step == ST_EXTRAS ? sizeof c->extras[0] : step == ST_REQS ? sizeof c->reqs[0] :
	    step == ST_DESC ? sizeof c->faq[0] : sizeof c->media[0];
	memcpy(tmp, (char *)base + i * sz, sz);
	memmove((char *)base + i * sz, (char *)base + j * sz, sz);
	memcpy((char *)base + j * sz, tmp, sz);
}

static void
remove_at(struct gedit *e, int step, size_t i)
{
	size_t *n = count_of(e, step);

	while (i + 1 < *n) {
		swap(e, step, i, i + 1);
		i++;
	}
	(*n)--;
}

static int
media_done(struct app *a, void *ud, const int64_t *ids, size_t n)
{
	struct gedit *e = ud;
	struct gig_content *c = e->c;
	struct upload_info u;
	size_t i;

	memset(c->media, 0, sizeof c->media);
	for (i = 0; i < n && i < GIG_MEDIA_MAX; i++) {
		c->media[i].upload_id = ids[i];
		if (upload_get(a->db, a->acct.id, ids[i], &u) == 0) {
			snprintf(c->media[i].name, sizeof c->media[i].name, "%s", u.name);
			snprintf(c->media[i].mime_type, sizeof c->media[i].mime_type, "%s", u.mime);
			c->media[i].size_bytes = u.size;
		}
	}
	c->n_media = i;
	e->dirty = 1;
	gedit_msg(e, ST_MEDIA, NULL);
	return R_REDRAW;
}

static int
pick_media(struct app *a, struct gedit *e)
{
	int64_t ids[GIG_MEDIA_MAX];
	struct filepick_arg fa = {
		.multi = 1, .cover_first = 1, .allow_none = 1, .max = GIG_MEDIA_MAX,
		.preselected = ids, .done = media_done, .ud = e,
	};
	size_t i;

	for (i = 0; i < e->c->n_media; i++)
		ids[i] = e->c->media[i].upload_id;
	fa.npreselected = e->c->n_media;
	fa.title = _("Files for this service (the first is the cover)");
	return app_push(a, &scr_filepick, &fa);
}

static int
list_key(struct app *a, struct gedit *e, int step, int key)
{
	struct wlist *l = list_of(e, step);
	size_t n = *count_of(e, step);
	int sel = l->nav.sel;

	switch (key) {
	case 'a': case 'n':
		return step == ST_MEDIA ? pick_media(a, e) : edit_item(a, e, step, 1);
	case TK_ENTER: case 'e':
		return step == ST_MEDIA ? pick_media(a, e) : edit_item(a, e, step, 0);
	case 'd': case TK(KEY_DC):
		if (n == 0 || sel < 0)
			return R_HANDLED;
		remove_at(e, step, (size_t)sel);
		e->dirty = 1;
		return R_HANDLED | R_REDRAW;
	case 'c':
		if (step != ST_MEDIA || sel <= 0)
			return R_HANDLED;
		while (sel > 0) {
			swap(e, step, (size_t)sel, (size_t)sel - 1);
			sel--;
		}
		l->nav.sel = 0;
		e->dirty = 1;
		return R_HANDLED | R_REDRAW;
	case 'K': case 'J':
		if (sel < 0 || (key == 'K' && sel == 0) || (key == 'J' && (size_t)sel + 1 >= n))
			return R_HANDLED;
		swap(e, step, (size_t)sel, (size_t)(key == 'K' ? sel - 1 : sel + 1));
		l->nav.sel += key == 'K' ? -1 : 1;
		e->dirty = 1;
		return R_HANDLED | R_REDRAW;
	default:
		return wlist_key(l, key);
	}
}

int
gedit_key_list(struct app *a, struct gedit *e, int key)
{
	return list_key(a, e, e->step, key);
}

int
gedit_key_faq(struct app *a, struct gedit *e, int key)
{
	return list_key(a, e, ST_DESC, key);
}

/* ---- description ---- */

void
gedit_draw_desc(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd)
{
	int fh = h * 3 / 5;

	if (fh < 6)
		fh = 6;
	form_field(&e->ds, DS_DESC)->rows = fh - 2;
	if (e->ds_pane == 0)
		form_draw(a, &e->ds, w, y, 0, fh, wd);
	else
		gedit_draw_unfocused(a, &e->ds, 1, w, y, 0, fh, wd);
	gedit_draw_faq(a, e, w, y + fh, h - fh, wd);
}

int
gedit_key_desc(struct app *a, struct gedit *e, int key)
{
	enum form_ev ev;
	int id, r;

	if (key == TK_TAB || key == TK(KEY_BTAB)) {
		e->ds_pane = !e->ds_pane;
		e->ds.focus = 0;
		return R_HANDLED | R_REDRAW;
	}
	if (e->ds_pane == 1)
		return gedit_key_faq(a, e, key);
	r = form_key(a, &e->ds, key, &ev, &id);
	e->ds.focus = 0;
	if (ev == FE_CHANGED) {
		form_msg(&e->ds, id, NULL, 0);
		e->dirty = 1;
	}
	return r;
}

int
gedit_mouse_list(struct app *a, struct gedit *e, const MEVENT *m, int y, int x)
{
	int step = e->step, act = 0, r;

	r = wlist_mouse(list_of(e, step), m, y, x, &act);
	if (r != 0 && step == ST_DESC)
		e->ds_pane = 1;
	if (act)
		return list_key(a, e, step, TK_ENTER);
	return r;
}

int
gedit_lists_bad(struct gedit *e, const struct gig_bad *bad, const char *text)
{
	static const struct { const char *prefix; int step; } map[] = {
		{ "extra", ST_EXTRAS }, { "requirement", ST_REQS }, { "faq", ST_DESC },
		{ "media", ST_MEDIA },
	};
	char buf[256];
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strncmp(bad->field, map[i].prefix, strlen(map[i].prefix)) != 0)
			continue;
		if (bad->index >= 0) {
			snprintf(buf, sizeof buf, _("Item %d: %s"), bad->index + 1, text);
			list_of(e, map[i].step)->nav.sel = bad->index;
		} else
			snprintf(buf, sizeof buf, "%s", text);
		gedit_msg(e, map[i].step, buf);
		if (map[i].step == ST_DESC)
			e->ds_pane = 1;
		return map[i].step;
	}
	return -1;
}
