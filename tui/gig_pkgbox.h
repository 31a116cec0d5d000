/* gig_pkgbox.h: a package as a box of lines (tier and price, name, details, delivery,
 * revisions, the check-list), drawn row by row into a scrolling page: side by side
 * on a wide gig page, one at a time (tabs) on a narrow one. */
#ifndef JS_GIG_PKGBOX_H
#define JS_GIG_PKGBOX_H

#include <curses.h>

#include "gig.h"
#include "w_page.h"

#define GIG_PKG_LINES 48

struct gig_pline {
	char s[400];
	char right[48];              /* drawn right-aligned on the same line (the price) */
	attr_t a, ra;
};

struct gig_plines {
	struct gig_pline v[GIG_PKG_LINES];
	int n, width;
};

/* The lines of package k of tier t for a box `width` columns wide (text gets
 * width - 4; long texts wrapped at ICU line breaks). */
void gig_pkg_lines(const struct gig_package *k, enum gig_tier t, int width,
                   struct gig_plines *l);
/* The box of h rows (lines + 2) at page row r0, column x; rows out of view are skipped.
 * selected: the border in the title colour. */
void gig_pkg_box(struct page *pg, int r0, int x, int width, int h,
                 const struct gig_plines *l, int selected);

#endif
