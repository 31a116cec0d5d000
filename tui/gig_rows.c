/* gig_rows.c: gig result rows and their headings. */
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "gig_rows.h"
#include "gig_ui.h"
#include "i18n.h"
#include "theme.h"

void
gig_row_from_hit(struct gig_row *r, const struct search_hit *h)
{
	memset(r, 0, sizeof *r);
	r->id = h->gig_id;
	snprintf(r->title, sizeof r->title, "%s", h->title);
	snprintf(r->seller, sizeof r->seller, "%s", h->seller_name);
	r->price_from = h->price_from;
	r->days = h->delivery_days;
	r->rating_x100 = h->rating_x100;
	r->rating_count = h->rating_count;
	r->orders = h->orders_count;
	r->level = h->seller_level;
	r->online = h->seller_online;
}

void
gig_row_from_card(struct gig_row *r, const struct gig_card *c)
{
	memset(r, 0, sizeof *r);
	r->id = c->id;
	snprintf(r->title, sizeof r->title, "%s", c->title);
	snprintf(r->seller, sizeof r->seller, "%s", c->seller_name);
	if (strcmp(c->status, "active") != 0)
		snprintf(r->status, sizeof r->status, "%s", c->status);
	r->price_from = c->price_from;
	r->days = c->delivery_days_min;
	r->rating_x100 = c->rating_avg_x100;
	r->rating_count = c->rating_count;
	r->orders = c->orders_count;
	r->level = -1;
}

const char *
gig_level_name(int rank)
{
	static const char *const names[] = {
		N_("New seller"), N_("Level 1"), N_("Level 2"), N_("Top rated"),
	};

	return rank >= 0 && rank < 4 ? _(names[rank]) : "";
}

struct cols {
	int title, seller, price, rating, days;
};

static void
layout(int width, struct cols *c)
{
	int min = width / 3 > 24 ? width / 3 : 24;

	c->price = 12;
	c->rating = 11;
	c->days = 9;
	c->seller = width >= 100 ? 18 : 13;
	c->title = width - c->price - c->rating - c->days - c->seller;
	if (c->title < min) {             /* the title first: then the seller goes, */
		c->title += c->seller;
		c->seller = 0;
	}
	if (c->title < min) {             /* then the rating */
		c->title += c->rating;
		c->rating = 0;
	}
}

void
gig_rows_header(WINDOW *w, int y, int x, int width)
{
	struct cols c;
	attr_t h = theme_attr(T_HEAD);

	layout(width, &c);
	draw_text(w, y, x, c.title - 1, _("Service"), h);
	x += c.title;
	if (c.seller > 0) {
		draw_text(w, y, x, c.seller - 1, _("Seller"), h);
		x += c.seller;
	}
	draw_right(w, y, x, c.price - 2, _("From"), h);
	x += c.price;
	if (c.rating > 0) {
		draw_text(w, y, x, c.rating - 1, _("Rating"), h);
		x += c.rating;
	}
	draw_text(w, y, x, c.days, _("Delivery"), h);
}

void
gig_row_draw(WINDOW *w, int y, int x, int width, const struct gig_row *r, attr_t at)
{
	struct cols c;
	char buf[64];
	int used = 0;

	layout(width, &c);
	if (r->status[0] != '\0') {
		snprintf(buf, sizeof buf, "[%s] ", gig_ui_status(r->status));
		used = draw_text(w, y, x, c.title - 1, buf,
		    at ? at : theme_attr(gig_ui_status_role(r->status)));
	}
	draw_text(w, y, x + used, c.title - 1 - used, r->title, at | A_BOLD);
	x += c.title;
	if (c.seller > 0) {
		draw_text(w, y, x, c.seller - 1, r->seller,
		    at ? at : r->online ? theme_attr(T_OK) : theme_attr(T_DIM));
		x += c.seller;
	}
	gig_ui_price(r->price_from, buf, sizeof buf);
	draw_right(w, y, x, c.price - 2, buf, at ? at : theme_attr(T_MONEY));
	x += c.price;
	if (c.rating > 0) {
		gig_ui_rating(r->rating_x100, r->rating_count, buf, sizeof buf);
		draw_text(w, y, x, c.rating - 1, buf, at);
		x += c.rating;
	}
	gig_ui_days(r->days, buf, sizeof buf);
	draw_text(w, y, x, c.days, buf, at);
}

static const char *const sort_names[SEARCH_SORT_COUNT] = {
	N_("relevance"), N_("price: low to high"), N_("price: high to low"),
	N_("rating"), N_("newest"),
};

void
gig_filter_summary(const struct search_filter *f, enum search_sort sort,
                   const char *catname, char *buf, size_t len)
{
	char p1[32], p2[32], part[128];
	size_t pos;

	pos = (size_t)snprintf(buf, len, _("Sort: %s"), _(sort_names[sort]));
#define ADD(...) do { snprintf(part, sizeof part, __VA_ARGS__); \
	if (pos < len) pos += (size_t)snprintf(buf + pos, len - pos, "   %s", part); } while (0)
	if (catname[0])
		ADD(_("in %s"), catname);
	if (f->price_min > 0 || f->price_max > 0) {
		gig_ui_price(f->price_min, p1, sizeof p1);
		gig_ui_price(f->price_max, p2, sizeof p2);
		if (f->price_max == 0)
			ADD(_("from %s"), p1);
		else
			ADD("%s - %s", p1, p2);
	}
	if (f->delivery_days_max > 0)
		ADD(_("within %d days"), f->delivery_days_max);
	if (f->seller_level_min > 0)
		ADD(_("%s and up"), gig_level_name(f->seller_level_min));
	if (f->rating_min_x100 > 0)
		ADD(_("rating %d.%d+"), f->rating_min_x100 / 100, f->rating_min_x100 % 100 / 10);
	if (f->online_only)
		ADD("%s", _("online now"));
#undef ADD
}
