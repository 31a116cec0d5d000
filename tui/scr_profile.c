/* scr_profile.c: the signed-in user's public profile as others will see it. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "profile.h"
#include "profile_data.h"
#include "screens.h"
#include "w_page.h"

struct pview {
	struct profile_data d;
	int top, rows, h;
};

static int
pview_open(struct app *a, void **st, const void *arg)
{
	struct pview *v;
	int r;

	(void)arg;
	if ((v = calloc(1, sizeof *v)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = profile_data_load(a, &v->d)) != 0) {
		free(v);
		return r;
	}
	*st = v;
	return 0;
}

static void
pview_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static int
pview_resume(struct app *a, void *st)
{
	struct pview *v = st;

	profile_data_load(a, &v->d);
	return R_REDRAW;
}

static const char *
level_bar(int level, char *buf, size_t len)
{
	char bar[6];
	int i;

	for (i = 0; i < 5; i++)
		bar[i] = i < level ? '#' : '-';
	bar[5] = '\0';
	snprintf(buf, len, "[%s] %d/5", bar, level);
	return buf;
}

static void
pview_draw(struct app *a, void *st, WINDOW *w)
{
	struct pview *v = st;
	const struct profile_data *d = &v->d;
	struct page pg;
	char buf[512], lv[32];
	size_t i;
	int lw = 12, sw = 0, cw;

	page_begin(&pg, w, 1, 2, getmaxy(w) - 1, getmaxx(w) - 4, v->top);
	snprintf(buf, sizeof buf, "%s  @%s", a->acct.display_name, a->acct.handle);
	page_line(&pg, 0, buf, theme_attr(T_TITLE));
	snprintf(buf, sizeof buf, _("Profile %d%% complete"), d->pr.completion_pct);
	if (page_y(&pg, 0) >= 0)
		draw_right(w, page_y(&pg, 0), 2, pg.wd, buf, theme_attr(T_DIM));
	page_line(&pg, 0, d->pr.headline[0] ? d->pr.headline : _("(no headline yet)"),
	    d->pr.headline[0] ? A_BOLD : theme_attr(T_DIM));
	page_blank(&pg);
	if ((cw = draw_width(_("Location"))) + 2 > lw)
		lw = cw + 2;
	if ((cw = draw_width(_("Languages"))) + 2 > lw)
		lw = cw + 2;
	page_pair(&pg, 0, lw, _("Location"), d->pr.location[0] ? d->pr.location : "-", 0);
	profile_data_languages(&d->pr, buf, sizeof buf);
	page_pair(&pg, 0, lw, _("Languages"), buf[0] ? buf : "-", 0);
	page_pair(&pg, 0, lw, _("Website"), d->pr.website[0] ? d->pr.website : "-", 0);
	page_blank(&pg);

	page_line(&pg, 0, _("About me"), theme_attr(T_HEAD));
	if (d->pr.bio[0])
		page_wrap(&pg, 2, d->pr.bio, 0);
	else
		page_line(&pg, 2, _("(empty)"), theme_attr(T_DIM));
	page_blank(&pg);

	page_line(&pg, 0, _("Skills"), theme_attr(T_HEAD));
	for (i = 0; i < d->nskills; i++)
		if ((cw = draw_width(profile_skill_name(&d->skills[i]))) > sw)
			sw = cw;
	for (i = 0; i < d->nskills; i++)
		page_pair(&pg, 2, sw + 3, profile_skill_name(&d->skills[i]),
		    level_bar(d->skills[i].level, lv, sizeof lv), 0);
	if (d->nskills == 0)
		page_line(&pg, 2, _("(none)"), theme_attr(T_DIM));
	page_blank(&pg);

	page_line(&pg, 0, _("Portfolio"), theme_attr(T_HEAD));
	for (i = 0; i < d->nitems; i++) {
		snprintf(buf, sizeof buf, "%zu. %s", i + 1, d->items[i].title);
		page_line(&pg, 2, buf, A_BOLD);
		if (d->items[i].link[0])
			page_line(&pg, 5, d->items[i].link, theme_attr(T_TITLE));
		if (d->items[i].upload_name[0]) {
			snprintf(buf, sizeof buf, _("Attachment: %s"), d->items[i].upload_name);
			page_line(&pg, 5, buf, 0);
		}
		page_wrap(&pg, 5, d->items[i].description, 0);
	}
	if (d->nitems == 0)
		page_line(&pg, 2, _("(none)"), theme_attr(T_DIM));
	page_blank(&pg);

	page_line(&pg, 0, _("Social links"), theme_attr(T_HEAD));
	for (i = 0; i < d->nsocial; i++)
		page_pair(&pg, 2, 14, profile_provider_name(d->social[i].provider),
		    d->social[i].url, 0);
	if (d->nsocial == 0)
		page_line(&pg, 2, _("(none)"), theme_attr(T_DIM));
	v->top = page_end(&pg);
	v->rows = pg.row;
	v->h = pg.h;
}

static int
key_scroll(struct app *a, void *st, int key)
{
	struct pview *v = st;

	(void)a;
	return page_key(&v->top, v->rows, v->h, key);
}

static int
key_edit(struct app *a, void *st, int key)
{
	(void)st;
	(void)key;
	return app_push(a, &scr_profile_edit, NULL);
}

static int
pview_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	(void)y;
	(void)x;
	if (m->bstate & BUTTON4_PRESSED)
		return key_scroll(a, st, 'k');
	if (m->bstate & BUTTON5_PRESSED)
		return key_scroll(a, st, 'j');
	return 0;
}

static const struct keybind pview_keys[] = {
	{ 'j', key_scroll, N_("j/k"), N_("scroll"), KB_HINT },
	{ 'k', key_scroll, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_scroll, NULL, NULL, 0 },
	{ TK(KEY_UP), key_scroll, NULL, NULL, 0 },
	{ ' ', key_scroll, N_("Space/b"), N_("page down / up"), 0 },
	{ 'b', key_scroll, NULL, NULL, 0 },
	{ TK(KEY_NPAGE), key_scroll, NULL, NULL, 0 },
	{ TK(KEY_PPAGE), key_scroll, NULL, NULL, 0 },
	{ 'g', key_scroll, N_("g/G"), N_("top / bottom"), 0 },
	{ 'G', key_scroll, NULL, NULL, 0 },
	{ 'e', key_edit, N_("e"), N_("edit"), KB_HINT },
	{ TK_ENTER, key_edit, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_profile = {
	.name = "profile",
	.title = N_("My profile"),
	.keys = pview_keys,
	.open = pview_open,
	.close = pview_close,
	.draw = pview_draw,
	.mouse = pview_mouse,
	.resume = pview_resume,
};
