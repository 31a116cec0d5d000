/* scr_skills.c: the user's skills with levels 1-5: add, change the level, remove. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialogs.h"
#include "draw.h"
#include "err.h"
#include "i18n.h"
#include "keys.h"
#include "profile.h"
#include "profile_data.h"
#include "screens.h"
#include "w_list.h"

struct skills {
	struct profile_skill v[PROFILE_SKILLS_MAX];
	size_t n;
	struct wlist list;
	int namew;
};

static int
load(struct app *a, struct skills *s)
{
	size_t i;
	int w;

	s->namew = 0;
	if (profile_skills_list(a->db, a->acct.id, s->v, PROFILE_SKILLS_MAX, &s->n) != 0)
		s->n = 0;
	for (i = 0; i < s->n; i++)
		if ((w = draw_width(profile_skill_name(&s->v[i]))) > s->namew)
			s->namew = w;
	return 0;
}

static int
skills_open(struct app *a, void **st, const void *arg)
{
	struct skills *s;

	(void)arg;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return JS_ERR_NOMEM;
	load(a, s);
	*st = s;
	return 0;
}

static void
skills_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static int
skills_resume(struct app *a, void *st)
{
	load(a, st);
	return R_REDRAW;
}

static void
row(void *ud, WINDOW *w, int y, int x, int width, int idx, attr_t at)
{
	struct skills *s = ud;
	char bar[32];
	int i, nw = s->namew + 3 < width / 2 ? s->namew + 3 : width / 2;

	draw_text(w, y, x, nw, profile_skill_name(&s->v[idx]), at);
	bar[0] = '[';
	for (i = 0; i < 5; i++)
		bar[1 + i] = i < s->v[idx].level ? '#' : '-';
	snprintf(bar + 6, sizeof bar - 6, "] %d/5", s->v[idx].level);
	draw_text(w, y, x + nw, width - nw, bar, at);
}

static void
skills_draw(struct app *a, void *st, WINDOW *w)
{
	struct skills *s = st;
	char buf[128];

	(void)a;
	snprintf(buf, sizeof buf, _("%zu of at most %d skills. Level 1 = beginner, 5 = expert."),
	    s->n, PROFILE_SKILLS_MAX);
	draw_text(w, 1, 2, getmaxx(w) - 4, buf, theme_attr(T_DIM));
	if (s->n == 0) {
		draw_text(w, 3, 4, getmaxx(w) - 6, _("No skills yet: press a to add one."), 0);
		return;
	}
	wlist_draw(&s->list, w, 3, 2, getmaxy(w) - 4, getmaxx(w) - 4, (int)s->n, row, s);
}

static int
added(struct app *a, void *ud, const char *text)
{
	struct skills *s = ud;
	int r;

	if ((r = profile_skill_set(a->db, a->acct.id, a->acct.id, text, 3)) != 0) {
		app_flash(a, FLASH_ERR, "%s", r == JS_ERR_TOO_BIG ?
		    _("Too many skills or the name is too long.") : _("Type a skill name."));
		return R_REDRAW;
	}
	load(a, s);
	listnav_set(&s->list.nav, (int)s->n, s->list.nav.rows);
	listnav_end(&s->list.nav);
	app_flash(a, FLASH_OK, "%s", _("Skill added at level 3: use + and - to change it."));
	return R_POP | R_REDRAW;
}

static int
key_add(struct app *a, void *st, int key)
{
	struct prompt_arg pa = {
		.title = _("Add a skill"), .label = _("Skill"),
		.max_chars = PROFILE_SKILL_NAME_MAX, .done = added, .ud = st,
	};

	(void)key;
	return app_push(a, &scr_prompt, &pa);
}

static int
key_level(struct app *a, void *st, int key)
{
	struct skills *s = st;
	struct profile_skill *sk;
	int level, r;

	if (s->n == 0 || s->list.nav.sel < 0)
		return R_HANDLED;
	sk = &s->v[s->list.nav.sel];
	level = key == '+' || key == '=' || key == TK(KEY_RIGHT) || key == 'l' ? sk->level + 1 :
	    key == '-' || key == TK(KEY_LEFT) || key == 'h' ? sk->level - 1 : key - '0';
	if (level < 1 || level > 5 || level == sk->level)
		return R_HANDLED;
	if ((r = profile_skill_set(a->db, a->acct.id, a->acct.id, sk->name, level)) != 0) {
		app_flash_err(a, _("Skills"), r);
		return R_HANDLED | R_REDRAW;
	}
	sk->level = level;
	return R_HANDLED | R_REDRAW;
}

static int
removed(struct app *a, void *ud)
{
	struct skills *s = ud;
	int r;

	if (s->list.nav.sel < 0 || (size_t)s->list.nav.sel >= s->n)
		return 0;
	if ((r = profile_skill_remove(a->db, a->acct.id, a->acct.id,
	    s->v[s->list.nav.sel].skill_id)) != 0)
		app_flash_err(a, _("Skills"), r);
	return R_REDRAW;
}

static int
key_remove(struct app *a, void *st, int key)
{
	struct skills *s = st;
	struct confirm_arg ca = { .yes = removed, .ud = s };
	char msg[300];

	(void)key;
	if (s->n == 0)
		return R_HANDLED;
	snprintf(msg, sizeof msg, _("Remove the skill \"%s\"?"),
	    profile_skill_name(&s->v[s->list.nav.sel]));
	ca.msg = msg;
	return app_push(a, &scr_confirm, &ca);
}

static int
key_nav(struct app *a, void *st, int key)
{
	struct skills *s = st;

	(void)a;
	return wlist_key(&s->list, key);
}

static int
skills_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	struct skills *s = st;
	int act;

	(void)a;
	return wlist_mouse(&s->list, m, y, x, &act);
}

static const struct keybind skills_keys[] = {
	{ 'j', key_nav, N_("j/k"), N_("move"), KB_HINT },
	{ 'k', key_nav, NULL, NULL, 0 },
	{ TK(KEY_DOWN), key_nav, NULL, NULL, 0 },
	{ TK(KEY_UP), key_nav, NULL, NULL, 0 },
	{ 'g', key_nav, N_("g/G"), N_("first / last"), 0 },
	{ 'G', key_nav, NULL, NULL, 0 },
	{ 'a', key_add, N_("a"), N_("add"), KB_HINT },
	{ '+', key_level, N_("+/-"), N_("level up / down"), KB_HINT },
	{ '=', key_level, NULL, NULL, 0 },
	{ '-', key_level, NULL, NULL, 0 },
	{ TK(KEY_RIGHT), key_level, NULL, NULL, 0 },
	{ TK(KEY_LEFT), key_level, NULL, NULL, 0 },
	{ '1', key_level, N_("1-5"), N_("set the level"), 0 },
	{ '2', key_level, NULL, NULL, 0 },
	{ '3', key_level, NULL, NULL, 0 },
	{ '4', key_level, NULL, NULL, 0 },
	{ '5', key_level, NULL, NULL, 0 },
	{ 'd', key_remove, N_("d"), N_("remove"), KB_HINT },
	{ TK(KEY_DC), key_remove, NULL, NULL, 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_skills = {
	.name = "skills",
	.title = N_("Skills"),
	.keys = skills_keys,
	.open = skills_open,
	.close = skills_close,
	.draw = skills_draw,
	.mouse = skills_mouse,
	.resume = skills_resume,
};
