/* scr_minsize.c: what is drawn instead of everything while the terminal is too small. */
#include <stdio.h>

#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "screens.h"

static void
minsize_draw(struct app *a, void *st, WINDOW *w)
{
	char buf[128];
	int y = getmaxy(w) / 2 - 2;

	(void)st;
	if (y < 0)
		y = 0;
	draw_center(w, y, _("Please enlarge the window"), A_BOLD);
	snprintf(buf, sizeof buf, _("Now %dx%d, needed at least %dx%d"), COLS, LINES,
	    APP_MIN_COLS, APP_MIN_ROWS);
	draw_center(w, y + 2, buf, 0);
	draw_center(w, y + 4, _("q: quit"), theme_attr(T_DIM));
	(void)a;
}

const struct screen scr_minsize = {
	.name = "minsize",
	.title = N_("Window too small"),
	.draw = minsize_draw,
};
