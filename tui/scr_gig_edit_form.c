/* scr_gig_edit_form.c: the form steps of the gig editor: overview (title, tags,
 * category -> sub-category lists) and packages (side by side when wide, tabs when
 * narrow); all forms <-> content with the checks of typed values. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "err.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "scr_gig_edit.h"

#define PK_WIDE 114                  /* packages side by side from this width */

static struct field *
text(struct form *fm, int id, const char *label, size_t max, int width, const char *note)
{
	struct field *f = form_add(fm, FK_TEXT, id, label, max, 0);

	if (f != NULL) {
		f->width = width;
		f->note = note;
	}
	return f;
}

int
gedit_forms_init(struct gedit *e)
{
	static const char *const tiers[GIG_TIERS] = { N_("Basic"), N_("Standard"),
		N_("Premium") };
	struct field *f;
	int t;

	text(&e->ov, OV_TITLE, N_("Title"), GIG_TITLE_MAX, 60,
	    N_("what you will do, in 5 to 80 characters"));
	text(&e->ov, OV_TAGS, N_("Tags"), GIG_TAGS_MAX * (GIG_TAG_MAX + 1), 44,
	    N_("up to 5, separated by commas; buyers search them"));
	form_add(&e->ov, FK_INFO, 0, N_("Category"), 0, 0);
	for (t = 0; t < GIG_TIERS; t++) {
		struct form *fm = &e->pk[t];

		form_add(fm, FK_INFO, 0, tiers[t], 0, 0);
		text(fm, PK_NAME, N_("Name"), GIG_PKG_NAME_MAX, 30, NULL);
		if ((f = form_add(fm, FK_AREA, PK_DESC, N_("Details"), GIG_PKG_DESC_MAX, 0)) == NULL)
			return JS_ERR_NOMEM;
		f->rows = 3;
		text(fm, PK_PRICE, N_("Price"), 16, 12, N_("yuan"));
		text(fm, PK_DAYS, N_("Days"), 3, 6, N_("to deliver"));
		text(fm, PK_REVS, N_("Revisions"), 12, 10, N_("number or \"unlimited\""));
		text(fm, PK_FEATURES, N_("Includes"), 400, 40, N_("separated by commas"));
		fm->focus = 1;
	}
	if ((f = form_add(&e->ds, FK_AREA, DS_DESC, N_("Description"), GIG_DESC_MAX, 0)) == NULL)
		return JS_ERR_NOMEM;
	f->note = N_("what buyers get and how you work; Enter: new line, Tab: leave");
	form_add(&e->ds, FK_INFO, 0, N_("FAQ"), 0, 0);
	form_add(&e->rv, FK_BUTTON, RV_PUBLISH, N_("Publish"), 0, 0);
	form_add(&e->rv, FK_BUTTON, RV_DRAFT, N_("Save draft"), 0, 0);
	form_add(&e->rv, FK_BUTTON, RV_CANCEL, N_("Cancel"), 0, 0);
	return 0;
}

void
gedit_forms_free(struct gedit *e)
{
	int t;

	form_free(&e->ov);
	for (t = 0; t < GIG_TIERS; t++)
		form_free(&e->pk[t]);
	form_free(&e->ds);
	form_free(&e->rv);
}

static void
set(struct form *fm, int id, const char *s)
{
	struct field *f = form_field(fm, id);

	if (f == NULL)
		return;
	if (f->kind == FK_AREA)
		textarea_set(&f->ta, s);
	else
		lineedit_set(&f->le, s);
}

void
gedit_forms_fill(struct gedit *e)
{
	const struct gig_content *c = e->c;
	char buf[1200];
	int t;

	set(&e->ov, OV_TITLE, c->title);
	gig_ui_join(c->tags[0], sizeof c->tags[0], c->n_tags, buf, sizeof buf);
	set(&e->ov, OV_TAGS, buf);
	for (t = 0; t < GIG_TIERS; t++) {
		const struct gig_package *k = &c->pkg[t];
		struct form *fm = &e->pk[t];

		if (!k->present)
			continue;
		set(fm, PK_NAME, k->name);
		set(fm, PK_DESC, k->description);
		gig_ui_price_input(k->price, 1, buf, sizeof buf);
		set(fm, PK_PRICE, buf);
		snprintf(buf, sizeof buf, "%d", k->delivery_days);
		set(fm, PK_DAYS, k->delivery_days > 0 ? buf : "");
		gig_ui_revisions(k->revisions, buf, sizeof buf);
		set(fm, PK_REVS, buf);
		gig_ui_join(k->features[0], sizeof k->features[0], k->n_features, buf, sizeof buf);
		set(fm, PK_FEATURES, buf);
	}
	set(&e->ds, DS_DESC, c->description);
}

/* One package's form into k. 0, or -1 (with msgs: after putting a message on the
 * field and the focus there). */
static int
read_package(struct form *fm, int basic, struct gig_package *k, int msgs)
{
	static const int ids[] = { PK_NAME, PK_DESC, PK_PRICE, PK_DAYS, PK_REVS, PK_FEATURES };
	const char *msg = NULL;
	size_t i;
	int any = 0, bad = 0;

	memset(k, 0, sizeof *k);
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (form_text(fm, ids[i])[0] != '\0')
			any = 1;
	if (!any && !basic)
		return 0;
	k->present = 1;
	snprintf(k->name, sizeof k->name, "%s", form_text(fm, PK_NAME));
	snprintf(k->description, sizeof k->description, "%s", form_text(fm, PK_DESC));
#define BAD(id, m) do { if (msgs) form_msg(fm, id, m, 0); bad = bad ? bad : id; } while (0)
	if (gig_ui_parse_price(form_text(fm, PK_PRICE), 0, &k->price, &msg) != 0)
		BAD(PK_PRICE, msg);
	if (gig_ui_parse_int(form_text(fm, PK_DAYS), 1, GIG_DAYS_MAX, &k->delivery_days,
	    &msg) != 0)
		BAD(PK_DAYS, msg);
	if (gig_ui_parse_revisions(form_text(fm, PK_REVS), &k->revisions, &msg) != 0)
		BAD(PK_REVS, msg);
	if (gig_features_parse(form_text(fm, PK_FEATURES), k) != 0)
		BAD(PK_FEATURES, gig_ui_bad_text(&(struct gig_bad){ "package_features", 0, -1 },
		    JS_ERR_TOO_BIG));
#undef BAD
	if (msgs && bad)
		form_focus(fm, bad);
	return bad ? -1 : 0;
}

int
gedit_forms_read(struct gedit *e, int only)
{
	struct gig_content *c = e->c;
	int t, step = -1, all = only < 0 || only >= ST_COUNT;

	snprintf(c->title, sizeof c->title, "%s", form_text(&e->ov, OV_TITLE));
	memset(c->tags, 0, sizeof c->tags);
	c->n_tags = 0;
	if (gig_tags_parse(form_text(&e->ov, OV_TAGS), c) != 0) {
		if (all || only == ST_OVERVIEW) {
			form_msg(&e->ov, OV_TAGS, gig_ui_bad_text(&(struct gig_bad){ "tags",
			    -1, -1 }, JS_ERR_TOO_BIG), 0);
			form_focus(&e->ov, OV_TAGS);
		}
		step = ST_OVERVIEW;
	}
	for (t = GIG_TIERS - 1; t >= 0; t--)
		if (read_package(&e->pk[t], t == GIG_BASIC, &c->pkg[t],
		    all || only == ST_PACKAGES) != 0) {
			if (all || only == ST_PACKAGES)
				e->tier = t;
			if (step < 0)
				step = ST_PACKAGES;
		}
	snprintf(c->description, sizeof c->description, "%s", form_text(&e->ds, DS_DESC));
	return step;
}

void
gedit_draw_unfocused(struct app *a, struct form *fm, int info, WINDOW *w, int y, int x,
                     int h, int wd)
{
	int keep = fm->focus;

	fm->focus = info;
	form_draw(a, fm, w, y, x, h, wd);
	fm->focus = keep;
}

/* ---- overview ---- */

static size_t
parents(const struct gedit *e, size_t *idx, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < e->ncats && n < max; i++)
		if (e->cats[i].depth == 0)
			idx[n++] = i;
	return n;
}

static size_t
children(const struct gedit *e, int64_t parent, size_t *idx, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < e->ncats && n < max; i++)
		if (e->cats[i].depth > 0 && e->cats[i].parent_id == parent)
			idx[n++] = i;
	return n;
}

struct cat_ud {
	struct gedit *e;
	size_t *idx;
	int sub;
};

static void
cat_row(void *ud, WINDOW *w, int y, int x, int width, int i, attr_t at)
{
	struct cat_ud *u = ud;
	const struct discovery_category *k = &u->e->cats[u->idx[i]];
	char buf[300];

	if (u->sub)
		snprintf(buf, sizeof buf, "(%c) %s", k->id == u->e->c->category_id ? '*' : ' ',
		    gig_ui_name(k->name_zh, k->name_en));
	else
		snprintf(buf, sizeof buf, "%s", gig_ui_name(k->name_zh, k->name_en));
	draw_text(w, y, x, width, buf, at | (k->id == u->e->parent ? A_BOLD : 0));
}

const char *
gedit_cat_path(const struct gedit *e, char *buf, size_t len)
{
	size_t i, j;

	snprintf(buf, len, "%s", _("(not chosen yet)"));
	for (i = 0; i < e->ncats; i++)
		if (e->cats[i].id == e->c->category_id)
			for (j = 0; j < e->ncats; j++)
				if (e->cats[j].id == e->cats[i].parent_id)
					snprintf(buf, len, "%s > %s",
					    gig_ui_name(e->cats[j].name_zh, e->cats[j].name_en),
					    gig_ui_name(e->cats[i].name_zh, e->cats[i].name_en));
	return buf;
}

void
gedit_draw_overview(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd)
{
	size_t pidx[DISCOVERY_CATEGORIES_MAX], sidx[DISCOVERY_CATEGORIES_MAX], np, ns;
	struct cat_ud pu = { e, pidx, 0 }, su = { e, sidx, 1 };
	struct field *info = &e->ov.f[2];
	int lh, fh = 6, lw = 26;

	gedit_cat_path(e, info->info, sizeof info->info);
	snprintf(info->msg, sizeof info->msg, "%s", e->msg[ST_OVERVIEW]);
	if (e->ov_pane == 0)
		form_draw(a, &e->ov, w, y, 0, fh, wd);
	else
		gedit_draw_unfocused(a, &e->ov, 2, w, y, 0, fh, wd);
	np = parents(e, pidx, DISCOVERY_CATEGORIES_MAX);
	ns = children(e, e->parent, sidx, DISCOVERY_CATEGORIES_MAX);
	y += fh + 1;
	lh = h - fh - 3;
	if (lh > 10)
		lh = 10;
	draw_text(w, y - 1, 4, lw, _("Category"), theme_attr(T_HEAD));
	draw_text(w, y - 1, 4 + lw + 2, wd - lw - 6, _("Sub-category"), theme_attr(T_HEAD));
	e->pl.unfocused = e->ov_pane != 1;
	e->sl.unfocused = e->ov_pane != 2;
	wlist_draw(&e->pl, w, y, 2, lh, lw, (int)np, cat_row, &pu);
	draw_vline(w, y, 2 + lw + 1, lh, theme_attr(T_BORDER));
	wlist_draw(&e->sl, w, y, 2 + lw + 2, lh, wd - lw - 6 < 40 ? wd - lw - 6 : 40, (int)ns,
	    cat_row, &su);
	if (y + lh + 1 < y + h)
		draw_text(w, y + lh, 4, wd - 4, _("Tab: fields and lists   Enter or Space: pick "
		    "the sub-category"), theme_attr(T_DIM));
}

/* The parent list's selection decides the sub list. */
static void
sync_parent(struct gedit *e)
{
	size_t pidx[DISCOVERY_CATEGORIES_MAX];
	size_t np = parents(e, pidx, DISCOVERY_CATEGORIES_MAX);
	int64_t p;

	if (e->pl.nav.sel < 0 || (size_t)e->pl.nav.sel >= np)
		return;
	p = e->cats[pidx[e->pl.nav.sel]].id;
	if (p != e->parent) {
		e->parent = p;
		e->sl.nav.sel = e->sl.nav.top = 0;
	}
}

int
gedit_key_overview(struct app *a, struct gedit *e, int key)
{
	size_t sidx[DISCOVERY_CATEGORIES_MAX], ns;
	enum form_ev ev;
	int id, r;

	if (e->ov_pane == 0) {
		if (key == TK_TAB && e->ov.focus >= 1) {
			e->ov_pane = 1;
			return R_HANDLED | R_REDRAW;
		}
		if (key == TK(KEY_BTAB) && e->ov.focus == 0) {
			e->ov_pane = 2;
			return R_HANDLED | R_REDRAW;
		}
		if ((key == TK_ENTER || key == TK(KEY_DOWN)) && e->ov.focus == 1) {
			e->ov_pane = 1;          /* on past the tags: into the lists */
			return R_HANDLED | R_REDRAW;
		}
		r = form_key(a, &e->ov, key, &ev, &id);
		if (ev == FE_CHANGED) {
			form_msg(&e->ov, id, NULL, 0);
			e->dirty = 1;
		}
		return r;
	}
	if (key == TK_TAB || key == TK(KEY_BTAB)) {
		e->ov_pane = (e->ov_pane + (key == TK_TAB ? 1 : 2)) % 3;
		if (e->ov_pane == 0)
			e->ov.focus = key == TK_TAB ? 0 : 1;
		return R_HANDLED | R_REDRAW;
	}
	if (e->ov_pane == 1) {
		if (key == TK_ENTER || key == TK(KEY_RIGHT) || key == 'l' || key == ' ') {
			e->ov_pane = 2;
			return R_HANDLED | R_REDRAW;
		}
		r = wlist_key(&e->pl, key);
		sync_parent(e);
		return r;
	}
	if (key == TK(KEY_LEFT) || key == 'h') {
		e->ov_pane = 1;
		return R_HANDLED | R_REDRAW;
	}
	if (key == TK_ENTER || key == ' ') {
		ns = children(e, e->parent, sidx, DISCOVERY_CATEGORIES_MAX);
		if (e->sl.nav.sel >= 0 && (size_t)e->sl.nav.sel < ns) {
			e->c->category_id = e->cats[sidx[e->sl.nav.sel]].id;
			e->dirty = 1;
			gedit_msg(e, ST_OVERVIEW, NULL);
		}
		return R_HANDLED | R_REDRAW;
	}
	return wlist_key(&e->sl, key);
}

/* ---- packages ---- */

static void
draw_tier(struct app *a, struct gedit *e, int t, WINDOW *w, int y, int x, int h, int wd)
{
	char buf[128];

	if (t == e->tier && e->step == ST_PACKAGES)
		form_draw(a, &e->pk[t], w, y, x, h, wd);
	else
		gedit_draw_unfocused(a, &e->pk[t], 0, w, y, x, h, wd);
	snprintf(buf, sizeof buf, " %s  %s", gig_ui_tier((enum gig_tier)t),
	    t == GIG_BASIC ? _("(required)") : _("(optional)"));
	draw_pad(w, y, x, wd, buf, theme_attr(t == e->tier ? T_SEL : T_HEAD));
}

void
gedit_draw_packages(struct app *a, struct gedit *e, WINDOW *w, int y, int h, int wd)
{
	char buf[128];
	int t, cw, x;

	e->pk_wide = wd >= PK_WIDE;
	if (e->pk_wide) {
		cw = (wd - 2) / GIG_TIERS;
		for (t = 0; t < GIG_TIERS; t++)
			if (t != e->tier)
				draw_tier(a, e, t, w, y, 1 + t * cw, h - 1, cw - 1);
		draw_tier(a, e, e->tier, w, y, 1 + e->tier * cw, h - 1, cw - 1);
		for (t = 1; t < GIG_TIERS; t++)
			draw_vline(w, y, t * cw, h - 1, theme_attr(T_BORDER));
	} else {
		for (t = 0, x = 2; t < GIG_TIERS; t++) {
			snprintf(buf, sizeof buf, " %s ", gig_ui_tier((enum gig_tier)t));
			x += draw_text(w, y, x, wd - x, buf,
			    theme_attr(t == e->tier ? T_SEL : T_DIM)) + 1;
		}
		draw_text(w, y, x + 1, wd - x - 1, _("Ctrl-T or Tab at the end: next package"),
		    theme_attr(T_DIM));
		draw_tier(a, e, e->tier, w, y + 1, 0, h - 2, wd < 90 ? wd : 90);
	}
	draw_text(w, y + h - 1, 2, wd - 2, _("Prices in yuan, e.g. 1500 or 99.50. Standard "
	    "and Premium are optional: leave them empty to skip."), theme_attr(T_DIM));
}

int
gedit_key_packages(struct app *a, struct gedit *e, int key)
{
	struct form *fm = &e->pk[e->tier];
	enum form_ev ev;
	int id, r;

	if (key == TK_CTRL('t')) {
		e->tier = (e->tier + 1) % GIG_TIERS;
		return R_HANDLED | R_REDRAW;
	}
	if (key == TK_TAB && fm->focus == fm->n - 1 && e->tier < GIG_TIERS - 1) {
		e->tier++;
		e->pk[e->tier].focus = 1;
		return R_HANDLED | R_REDRAW;
	}
	if (key == TK(KEY_BTAB) && fm->focus <= 1 && e->tier > 0) {
		e->tier--;
		e->pk[e->tier].focus = e->pk[e->tier].n - 1;
		return R_HANDLED | R_REDRAW;
	}
	r = form_key(a, fm, key, &ev, &id);
	if (fm->focus == 0)
		fm->focus = 1;               /* never on the heading */
	if (ev == FE_CHANGED) {
		form_msg(fm, id, NULL, 0);
		e->dirty = 1;
	}
	return r;
}

int
gedit_mouse_form(struct app *a, struct gedit *e, const MEVENT *m, int y, int x,
                 int *button)
{
	struct form *fm = e->step == ST_OVERVIEW ? &e->ov : e->step == ST_DESC ? &e->ds :
	    e->step == ST_REVIEW ? &e->rv : &e->pk[e->tier];
	enum form_ev ev;
	int id, r, t;

	if (e->step == ST_PACKAGES && e->pk_wide)
		for (t = 0; t < GIG_TIERS; t++)
			if (x >= e->pk[t].x && x < e->pk[t].x + e->pk[t].w) {
				e->tier = t;
				fm = &e->pk[t];
			}
	r = form_mouse(a, fm, m, y, x, &ev, &id);
	if (r != 0 && fm->focus == 0 && fm->n > 1 && fm->f[0].kind == FK_INFO)
		fm->focus = 1;
	if (r != 0 && e->step == ST_OVERVIEW)
		e->ov_pane = 0;
	if (r != 0 && e->step == ST_DESC)
		e->ds_pane = 0;
	*button = ev == FE_BUTTON ? id : 0;
	return r;
}

int
gedit_forms_bad(struct gedit *e, const struct gig_bad *bad, const char *msg)
{
	static const struct { const char *field; int id; } pk[] = {
		{ "package", PK_NAME }, { "package_name", PK_NAME },
		{ "package_description", PK_DESC }, { "package_price", PK_PRICE },
		{ "package_days", PK_DAYS }, { "package_revisions", PK_REVS },
		{ "package_features", PK_FEATURES },
	};
	size_t i;

	if (strcmp(bad->field, "title") == 0 || strcmp(bad->field, "tags") == 0) {
		int id = bad->field[1] == 'i' ? OV_TITLE : OV_TAGS;

		form_msg(&e->ov, id, msg, 0);
		form_focus(&e->ov, id);
		e->ov_pane = 0;
		return ST_OVERVIEW;
	}
	if (strcmp(bad->field, "category") == 0) {
		gedit_msg(e, ST_OVERVIEW, msg);
		e->ov_pane = 2;
		return ST_OVERVIEW;
	}
	if (strcmp(bad->field, "description") == 0) {
		form_msg(&e->ds, DS_DESC, msg, 0);
		e->ds_pane = 0;
		return ST_DESC;
	}
	for (i = 0; i < sizeof pk / sizeof pk[0]; i++)
		if (strcmp(bad->field, pk[i].field) == 0 && bad->index >= 0 &&
		    bad->index < GIG_TIERS) {
			e->tier = bad->index;
			form_msg(&e->pk[e->tier], pk[i].id, msg, 0);
			form_focus(&e->pk[e->tier], pk[i].id);
			return ST_PACKAGES;
		}
	return -1;
}
