/* scr_gig_page.c: one gig as buyers see it: title, seller card, packages side by side
 * (tabs when narrow), extras, description, FAQ, what the seller will ask, reviews
 * summary and media; order / contact / save actions. Opening it counts a view. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "discovery.h"
#include "draw.h"
#include "err.h"
#include "gig.h"
#include "gig_args.h"
#include "gig_pkgbox.h"
#include "gig_rows.h"
#include "gig_track.h"
#include "gig_ui.h"
#include "i18n.h"
#include "keys.h"
#include "order_args.h"
#include "screens.h"
#include "w_filepick.h"
#include "w_page.h"

#define WIDE_COLS 78                 /* packages side by side from this page width */
#define SIDE_FROM 110                /* a seller sidebar from this window width */
#define SIDE_W 34

struct gpage {
	struct gig_page *g;
	int64_t id;
	int top, rows, h;
	int tab;                     /* the package shown when narrow */
	int ntiers;
	struct gig_plines pk[GIG_TIERS];
};

static int
load(struct app *a, struct gpage *p)
{
	int r, t;

	if ((r = gig_get(a->db, a->acct.id, p->id, p->g)) != 0)
		return r;
	for (p->ntiers = 0, t = 0; t < GIG_TIERS; t++)
		if (p->g->c.pkg[t].present)
			p->ntiers = t + 1;
	if (p->tab >= p->ntiers)
		p->tab = 0;
	return 0;
}

static int
gpage_open(struct app *a, void **st, const void *arg)
{
	const struct gig_page_arg *ga = arg;
	struct gpage *p;
	int r;

	if ((p = calloc(1, sizeof *p)) == NULL || (p->g = calloc(1, sizeof *p->g)) == NULL) {
		free(p);
		return JS_ERR_NOMEM;
	}
	p->id = ga->gig_id;
	if ((r = load(a, p)) != 0) {
		free(p->g);
		free(p);
		return r;
	}
	if (a->track != NULL && !p->g->is_owner)
		gig_track_view(a->track, p->id, a->acct.id, a->now);
	*st = p;
	return 0;
}

static void
gpage_close(struct app *a, void *st)
{
	struct gpage *p = st;

	(void)a;
	free(p->g);
	free(p);
}

static int
gpage_resume(struct app *a, void *st)
{
	load(a, st);
	return R_REDRAW;
}

static void
draw_packages(struct gpage *p, struct page *pg)
{
	const struct gig_content *c = &p->g->c;
	int t, cw, h = 0, x, y, gap = 2, n = p->ntiers;
	char buf[128];

	page_line(pg, 0, _("Packages"), theme_attr(T_HEAD));
	if (pg->wd >= WIDE_COLS && n > 1) {
		cw = (pg->wd - gap * (n - 1)) / n;
		for (t = 0; t < n; t++) {
			gig_pkg_lines(&c->pkg[t], (enum gig_tier)t, cw, &p->pk[t]);
			if (p->pk[t].n > h)
				h = p->pk[t].n;
		}
		for (t = 0, x = pg->x0; t < n; t++, x += cw + gap)
			gig_pkg_box(pg, pg->row, x, cw, h + 2, &p->pk[t], 0);
		pg->row += h + 2;
		return;
	}
	if (n > 1 && (y = page_y(pg, pg->row)) >= 0) {
		for (t = 0, x = pg->x0; t < n; t++) {
			snprintf(buf, sizeof buf, " %d %s ", t + 1, gig_ui_tier((enum gig_tier)t));
			x += draw_text(pg->w, y, x, pg->wd - (x - pg->x0), buf,
			    t == p->tab ? theme_attr(T_SEL) : theme_attr(T_DIM)) + 1;
		}
		draw_text(pg->w, y, x + 1, pg->wd - (x - pg->x0) - 1,
		    _("(1/2/3 or [ ] switch)"), theme_attr(T_DIM));
	}
	if (n > 1)
		pg->row++;
	cw = pg->wd < 60 ? pg->wd : 60;
	gig_pkg_lines(&c->pkg[p->tab], (enum gig_tier)p->tab, cw, &p->pk[0]);
	gig_pkg_box(pg, pg->row, pg->x0, cw, p->pk[0].n + 2, &p->pk[0], 1);
	pg->row += p->pk[0].n + 2;
}

static void
draw_seller(struct app *a, struct gpage *p, struct page *pg)
{
	const struct gig_seller *s = &p->g->seller;
	char buf[400], v[64];
	int lw = 12, cw;

	(void)a;
	page_line(pg, 0, _("About the seller"), theme_attr(T_HEAD));
	snprintf(buf, sizeof buf, "%s  @%s", s->display_name, s->handle);
	page_line(pg, 2, buf, A_BOLD);
	if (s->headline[0])
		page_wrap(pg, 2, s->headline, theme_attr(T_DIM));
	if ((cw = draw_width(_("Response time"))) + 2 > lw)
		lw = cw + 2;
	page_pair(pg, 2, lw, _("Level"), s->level_code[0] ?
	    gig_ui_name(s->level_zh, s->level_en) : gig_level_name(0), 0);
	gig_ui_rating(s->rating_avg_x100, s->rating_count, v, sizeof v);
	snprintf(buf, sizeof buf, _("%s   %lld orders completed"), v,
	    (long long)s->orders_completed);
	page_pair(pg, 2, lw, _("Rating"), buf, 0);
	gig_ui_response(s->response_time_secs, v, sizeof v);
	page_pair(pg, 2, lw, _("Response time"), v, 0);
	page_pair(pg, 2, lw, _("Location"), s->location[0] ? s->location : "-", 0);
	i18n_date((time_t)s->member_since, v, sizeof v);
	page_pair(pg, 2, lw, _("Member since"), v, 0);
}

static void
draw_lists(struct gpage *p, struct page *pg)
{
	const struct gig_content *c = &p->g->c;
	char buf[1200], v[64], kind[64];
	size_t i;

	if (c->n_extras > 0) {
		page_blank(pg);
		page_line(pg, 0, _("Extras"), theme_attr(T_HEAD));
		for (i = 0; i < c->n_extras; i++) {
			gig_ui_price(c->extras[i].price, v, sizeof v);
			gig_ui_extra_days(c->extras[i].added_days, kind, sizeof kind);
			snprintf(buf, sizeof buf, "+ %s   %s", c->extras[i].title, v);
			if (kind[0])
				snprintf(buf + strlen(buf), sizeof buf - strlen(buf), _("   (%s)"),
				    kind);
			page_line(pg, 2, buf, 0);
			if (c->extras[i].description[0])
				page_wrap(pg, 4, c->extras[i].description, theme_attr(T_DIM));
		}
	}
	page_blank(pg);
	page_line(pg, 0, _("About this service"), theme_attr(T_HEAD));
	page_wrap(pg, 2, c->description, 0);
	if (c->n_faq > 0) {
		page_blank(pg);
		page_line(pg, 0, _("Questions and answers"), theme_attr(T_HEAD));
		for (i = 0; i < c->n_faq; i++) {
			snprintf(buf, sizeof buf, _("Q: %s"), c->faq[i].question);
			page_wrap(pg, 2, buf, A_BOLD);
			page_wrap(pg, 5, c->faq[i].answer, 0);
		}
	}
	if (c->n_reqs > 0) {
		page_blank(pg);
		page_line(pg, 0, _("After you order, the seller asks"), theme_attr(T_HEAD));
		for (i = 0; i < c->n_reqs; i++) {
			snprintf(buf, sizeof buf, "%zu. %s%s", i + 1, c->reqs[i].question,
			    c->reqs[i].required ? "" : _(" (optional)"));
			page_wrap(pg, 2, buf, 0);
		}
	}
	page_blank(pg);
	page_line(pg, 0, _("Reviews"), theme_attr(T_HEAD));
	if (p->g->rating_count > 0) {
		snprintf(buf, sizeof buf, ngettext("%d.%d out of 5, %lld review",
		    "%d.%d out of 5, %lld reviews", (unsigned long)p->g->rating_count),
		    p->g->rating_avg_x100 / 100, p->g->rating_avg_x100 % 100 / 10,
		    (long long)p->g->rating_count);
		page_line(pg, 2, buf, A_BOLD);
	} else
		page_line(pg, 2, _("No reviews yet."), theme_attr(T_DIM));
	page_blank(pg);
	page_line(pg, 0, _("Gallery and files"), theme_attr(T_HEAD));
	for (i = 0; i < c->n_media; i++) {
		filepick_size(c->media[i].size_bytes, v, sizeof v);
		snprintf(buf, sizeof buf, "%s%s   %s   %s", c->media[i].is_cover ?
		    _("[cover] ") : "", c->media[i].name,
		    filepick_kind(c->media[i].mime_type, kind, sizeof kind), v);
		page_line(pg, 2, buf, 0);
	}
	if (c->n_media == 0)
		page_line(pg, 2, _("(none)"), theme_attr(T_DIM));
}

/* The seller card and the actions in a box of their own, beside the page. */
static void
draw_sidebar(struct gpage *p, WINDOW *w, int y, int x, int h)
{
	const struct gig_seller *s = &p->g->seller;
	char buf[400], v[64];
	int iw = SIDE_W - 4, r = y + 1, bh = s->headline[0] ? 11 : 10;

	if (bh > h)
		bh = h;

	draw_box(w, y, x, bh, SIDE_W, theme_attr(T_BORDER));
	draw_printf(w, y, x + 2, iw, theme_attr(T_TITLE), " %s ", _("About the seller"));
	draw_text(w, r++, x + 2, iw, s->display_name, A_BOLD);
	snprintf(buf, sizeof buf, "@%s", s->handle);
	draw_text(w, r++, x + 2, iw, buf, theme_attr(T_DIM));
	draw_text(w, r++, x + 2, iw, s->level_code[0] ? gig_ui_name(s->level_zh, s->level_en) :
	    gig_level_name(0), theme_attr(T_OK));
	gig_ui_rating(s->rating_avg_x100, s->rating_count, v, sizeof v);
	draw_printf(w, r++, x + 2, iw, 0, "%s  %s", _("Rating"), v);
	draw_printf(w, r++, x + 2, iw, 0, _("%lld orders completed"),
	    (long long)s->orders_completed);
	gig_ui_response(s->response_time_secs, v, sizeof v);
	draw_printf(w, r++, x + 2, iw, 0, "%s  %s", _("Response time"), v);
	draw_printf(w, r++, x + 2, iw, 0, "%s  %s", _("Location"),
	    s->location[0] ? s->location : "-");
	i18n_date((time_t)s->member_since, v, sizeof v);
	draw_printf(w, r++, x + 2, iw, 0, "%s  %s", _("Member since"), v);
	if (s->headline[0] && r < y + bh - 1)
		draw_text(w, r, x + 2, iw, s->headline, theme_attr(T_DIM));
	y += bh + 1;
	if (y + 6 > getmaxy(w))
		return;
	draw_box(w, y, x, 6, SIDE_W, theme_attr(T_BORDER));
	gig_ui_price(p->g->price_from, v, sizeof v);
	snprintf(buf, sizeof buf, _("From %s"), v);
	draw_text(w, y + 1, x + 2, iw, buf, theme_attr(T_MONEY));
	draw_printf(w, y + 2, x + 2, iw, 0, "[o] %s", _("order"));
	draw_printf(w, y + 3, x + 2, iw, 0, "[c] %s", _("contact seller"));
	draw_printf(w, y + 4, x + 2, iw, p->g->is_favorite ? theme_attr(T_OK) : 0, "[f] %s",
	    p->g->is_favorite ? _("saved to favorites") : _("add to favorites"));
}

static void
gpage_draw(struct app *a, void *st, WINDOW *w)
{
	struct gpage *p = st;
	const struct gig_page *g = p->g;
	struct page pg;
	char buf[600], v[64], rt[64];
	int y, side = getmaxx(w) >= SIDE_FROM;

	page_begin(&pg, w, 1, 2, getmaxy(w) - 1, getmaxx(w) - 4 - (side ? SIDE_W + 2 : 0),
	    p->top);
	if (side)
		draw_sidebar(p, w, 1, getmaxx(w) - SIDE_W - 1, getmaxy(w) - 1);
	if ((y = page_y(&pg, 0)) >= 0 && strcmp(g->status, "active") != 0) {
		snprintf(buf, sizeof buf, "[%s]", gig_ui_status(g->status));
		draw_right(w, y, pg.x0, pg.wd, buf, theme_attr(gig_ui_status_role(g->status)));
	}
	page_line(&pg, 0, g->c.title, theme_attr(T_TITLE));
	gig_ui_rating(g->rating_avg_x100, g->rating_count, rt, sizeof rt);
	gig_ui_price(g->price_from, v, sizeof v);
	snprintf(buf, sizeof buf, _("%s > %s   Rating %s   %lld orders   %lld saved"),
	    gig_ui_name(g->parent_zh, g->parent_en), gig_ui_name(g->category_zh,
	    g->category_en), rt, (long long)g->orders_count, (long long)g->favorites_count);
	page_line(&pg, 0, buf, theme_attr(T_DIM));
	snprintf(buf, sizeof buf, _("From %s"), v);
	if ((y = page_y(&pg, pg.row)) >= 0) {
		int x = pg.x0 + draw_text(w, y, pg.x0, pg.wd, buf, theme_attr(T_MONEY));

		if (g->is_favorite)
			draw_text(w, y, x + 3, pg.wd - x, _("saved to favorites"),
			    theme_attr(T_OK));
	}
	pg.row++;
	if (g->reject_reason[0]) {
		snprintf(buf, sizeof buf, _("Rejected: %s"), g->reject_reason);
		page_wrap(&pg, 0, buf, theme_attr(T_ERR));
	}
	page_blank(&pg);
	if (p->ntiers > 0)
		draw_packages(p, &pg);          /* what buyers compare first */
	if (!side) {
		page_blank(&pg);
		draw_seller(a, p, &pg);
	}
	draw_lists(p, &pg);
	p->top = page_end(&pg);
	p->rows = pg.row;
	p->h = pg.h;
}

static int
key_scroll(struct app *a, void *st, int key)
{
	struct gpage *p = st;

	(void)a;
	return page_key(&p->top, p->rows, p->h, key);
}

static int
key_tab(struct app *a, void *st, int key)
{
	struct gpage *p = st;

	(void)a;
	if (p->ntiers < 2)
		return R_HANDLED;
	if (key >= '1' && key <= '3')
		p->tab = key - '1' < p->ntiers ? key - '1' : p->tab;
	else if (key == '[')
		p->tab = (p->tab + p->ntiers - 1) % p->ntiers;
	else
		p->tab = (p->tab + 1) % p->ntiers;
	return R_HANDLED | R_REDRAW;
}

static int
key_order(struct app *a, void *st, int key)
{
	struct gpage *p = st;

	struct order_new_arg oa = { .gig_id = p->id };

	(void)key;
	if (p->g->is_owner) {
		app_flash(a, FLASH_INFO, "%s", _("This is your own service."));
		return R_HANDLED | R_REDRAW;
	}
	if (a->track != NULL)
		gig_track_order_click(a->track, p->id, a->now);
	/* the package shown in the narrow tab view is the one to start with */
	oa.tier = (enum gig_tier)p->tab;
	return app_push(a, &scr_order_new, &oa);
}

static int
key_contact(struct app *a, void *st, int key)
{
	(void)st;
	(void)key;
	app_flash(a, FLASH_INFO, "%s", _("Messages are coming soon."));
	return R_HANDLED | R_REDRAW;
}

static int
key_favorite(struct app *a, void *st, int key)
{
	struct gpage *p = st;
	int r;

	(void)key;
	r = p->g->is_favorite ? discovery_favorite_remove(a->db, a->acct.id, p->id) :
	    discovery_favorite_add(a->db, a->acct.id, p->id);
	if (r != 0) {
		app_flash_err(a, _("Favorites"), r);
		return R_HANDLED | R_REDRAW;
	}
	app_flash(a, FLASH_OK, "%s", p->g->is_favorite ? _("Removed from favorites.") :
	    _("Saved to favorites."));
	load(a, p);
	return R_HANDLED | R_REDRAW;
}

static int
key_edit(struct app *a, void *st, int key)
{
	struct gpage *p = st;
	struct gig_edit_arg ea = { .gig_id = p->id };

	(void)key;
	if (!p->g->is_owner) {
		app_flash(a, FLASH_INFO, "%s", _("Only the seller can edit this service."));
		return R_HANDLED | R_REDRAW;
	}
	return app_push(a, &scr_gig_edit, &ea);
}

static int
gpage_mouse(struct app *a, void *st, const MEVENT *m, int y, int x)
{
	(void)y;
	(void)x;
	if (m->bstate & BUTTON4_PRESSED)
		return key_scroll(a, st, 'k');
	if (m->bstate & BUTTON5_PRESSED)
		return key_scroll(a, st, 'j');
	return 0;
}

static const struct keybind gpage_keys[] = {
	{ 'o', key_order, N_("o"), N_("order"), KB_HINT },
	{ 'c', key_contact, N_("c"), N_("contact seller"), KB_HINT },
	{ 'f', key_favorite, N_("f"), N_("save / unsave"), KB_HINT },
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
	{ '1', key_tab, N_("1/2/3 [ ]"), N_("package tab (narrow screens)"), 0 },
	{ '2', key_tab, NULL, NULL, 0 },
	{ '3', key_tab, NULL, NULL, 0 },
	{ '[', key_tab, NULL, NULL, 0 },
	{ ']', key_tab, NULL, NULL, 0 },
	{ TK_TAB, key_tab, NULL, NULL, 0 },
	{ 'e', key_edit, N_("e"), N_("edit (your own service)"), 0 },
	{ 0, NULL, NULL, NULL, 0 },
};

const struct screen scr_gig_page = {
	.name = "gig_page",
	.title = N_("Service"),
	.keys = gpage_keys,
	.open = gpage_open,
	.close = gpage_close,
	.draw = gpage_draw,
	.mouse = gpage_mouse,
	.resume = gpage_resume,
};
