/* gig_pkgbox.c: package boxes of the gig page. */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "gig_pkgbox.h"
#include "gig_ui.h"
#include "i18n.h"
#include "text.h"
#include "theme.h"

static struct gig_pline *
add(struct gig_plines *l, const char *s, attr_t at)
{
	struct gig_pline *pl;

	if (l->n >= GIG_PKG_LINES)
		return NULL;
	pl = &l->v[l->n++];
	memset(pl, 0, sizeof *pl);
	snprintf(pl->s, sizeof pl->s, "%s", s);
	pl->a = at;
	return pl;
}

struct wrap_ud {
	struct gig_plines *l;
	attr_t a;
	const char *prefix;
};

static void
wrap_emit(void *ud, const char *line, size_t len)
{
	struct wrap_ud *u = ud;
	char buf[400];

	snprintf(buf, sizeof buf, "%s%.*s", u->prefix, (int)len, line);
	add(u->l, buf, u->a);
	u->prefix = "  ";
}

static void
add_wrapped(struct gig_plines *l, const char *s, const char *prefix, attr_t at)
{
	struct wrap_ud u = { l, at, prefix };
	char *clean;

	if (s[0] == '\0' || (clean = text_sanitize(s, strlen(s), 1)) == NULL)
		return;
	text_wrap(clean, strlen(clean), l->width - (int)strlen(prefix) > 4 ?
	    l->width - (int)strlen(prefix) : 4, wrap_emit, &u);
	free(clean);
}

/* The lines of one package's box for a box `width` wide (text gets width - 4). */
void
gig_pkg_lines(const struct gig_package *k, enum gig_tier t, int width, struct gig_plines *l)
{
	struct gig_pline *pl;
	char buf[128], v[64];
	size_t i;

	l->n = 0;
	l->width = width - 4;
	if ((pl = add(l, gig_ui_tier(t), theme_attr(T_HEAD))) != NULL) {
		gig_ui_price(k->price, pl->right, sizeof pl->right);
		pl->ra = theme_attr(T_MONEY);
	}
	if (strcmp(k->name, gig_ui_tier(t)) != 0)
		add_wrapped(l, k->name, "", A_BOLD);     /* not "Basic" under "Basic" */
	add_wrapped(l, k->description, "", theme_attr(T_DIM));
	add(l, "", 0);
	gig_ui_days(k->delivery_days, v, sizeof v);
	snprintf(buf, sizeof buf, _("Delivery: %s"), v);
	add(l, buf, 0);
	gig_ui_revisions_long(k->revisions, buf, sizeof buf);
	add(l, buf, 0);
	for (i = 0; i < k->n_features; i++)
		add_wrapped(l, k->features[i], "\xe2\x9c\x93 ", theme_attr(T_OK));
}

/* A box row by row inside the page: top, the lines, bottom; rows out of view skipped. */
void
gig_pkg_box(struct page *pg, int r0, int x, int width, int h, const struct gig_plines *l,
             int selected)
{
	WINDOW *w = pg->w;
	attr_t b = theme_attr(selected ? T_TITLE : T_BORDER);
	int i, y;

	for (i = 0; i < h; i++) {
		if ((y = page_y(pg, r0 + i)) < 0)
			continue;
		wattr_set(w, b, (short)PAIR_NUMBER(b), NULL);
		if (i == 0 || i == h - 1) {
			mvwadd_wch(w, y, x, i == 0 ? WACS_ULCORNER : WACS_LLCORNER);
			mvwhline_set(w, y, x + 1, WACS_HLINE, width - 2);
			mvwadd_wch(w, y, x + width - 1, i == 0 ? WACS_URCORNER : WACS_LRCORNER);
		} else {
			mvwadd_wch(w, y, x, WACS_VLINE);
			mvwadd_wch(w, y, x + width - 1, WACS_VLINE);
		}
		wattr_set(w, 0, 0, NULL);
		if (i == 0 || i == h - 1 || i - 1 >= l->n)
			continue;
		draw_text(w, y, x + 2, width - 4, l->v[i - 1].s, l->v[i - 1].a);
		if (l->v[i - 1].right[0])
			draw_right(w, y, x + 2, width - 4, l->v[i - 1].right, l->v[i - 1].ra);
	}
}

