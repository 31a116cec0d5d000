/* gig_rows.h: one gig as a row of a result list (title, seller, price from, rating,
 * delivery), the same in search results, category lists, home and the seller's lists. */
#ifndef JS_GIG_ROWS_H
#define JS_GIG_ROWS_H

#include <curses.h>
#include <stdint.h>

#include "gig.h"
#include "search.h"

struct gig_row {
	int64_t id;
	char title[GIG_TITLE_MAX * 4 + 1];
	char seller[ACCOUNT_NAME_MAX * 4 + 1];
	char status[16];             /* "" when the list holds only live gigs */
	int64_t price_from;
	int days;
	int rating_x100;
	int64_t rating_count, orders;
	int level;                   /* seller level rank, -1 unknown */
	int online;
};

void gig_row_from_hit(struct gig_row *r, const struct search_hit *h);
void gig_row_from_card(struct gig_row *r, const struct gig_card *c);

/* The column headings of gig_row_draw for the same width (T_HEAD). */
void gig_rows_header(WINDOW *w, int y, int x, int width);
/* One row in width columns with attribute at (the selection, or 0). Columns that do not
 * fit are left out, the title first keeps at least a third of the width. */
void gig_row_draw(WINDOW *w, int y, int x, int width, const struct gig_row *r, attr_t at);
/* "Sort: relevance   in 设计   ¥100 - ¥500   within 7 days ..." for a search. */
void gig_filter_summary(const struct search_filter *f, enum search_sort sort,
                        const char *catname, char *buf, size_t len);
/* A seller level rank's name ("新卖家", "一级卖家" ...). */
const char *gig_level_name(int rank);

#endif
