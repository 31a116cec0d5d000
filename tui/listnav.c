/* listnav.c: selection and paging arithmetic of scrolling lists. */
#include "listnav.h"

static void
fix(struct listnav *ln)
{
	int maxtop;

	if (ln->rows < 1)
		ln->rows = 1;
	if (ln->n <= 0) {
		ln->n = 0;
		ln->sel = -1;
		ln->top = 0;
		return;
	}
	if (ln->sel < 0)
		ln->sel = 0;
	if (ln->sel >= ln->n)
		ln->sel = ln->n - 1;
	if (ln->top > ln->sel)
		ln->top = ln->sel;
	if (ln->sel >= ln->top + ln->rows)
		ln->top = ln->sel - ln->rows + 1;
	maxtop = ln->n > ln->rows ? ln->n - ln->rows : 0;
	if (ln->top > maxtop)
		ln->top = maxtop;
	if (ln->top < 0)
		ln->top = 0;
}

void
listnav_set(struct listnav *ln, int n, int rows)
{
	ln->n = n;
	ln->rows = rows;
	if (ln->sel < 0 && n > 0)
		ln->sel = 0;
	fix(ln);
}

int
listnav_select(struct listnav *ln, int i)
{
	int old = ln->sel;

	if (ln->n <= 0)
		return 0;
	ln->sel = i;
	fix(ln);
	return ln->sel != old;
}

int
listnav_move(struct listnav *ln, int delta)
{
	return listnav_select(ln, ln->sel + delta);
}

int
listnav_page(struct listnav *ln, int dir)
{
	int step = ln->rows > 1 ? ln->rows - 1 : 1, old = ln->sel, oldtop = ln->top;

	if (ln->n <= 0)
		return 0;
	ln->top += dir > 0 ? step : -step;
	ln->sel += dir > 0 ? step : -step;
	if (ln->top < 0)
		ln->top = 0;
	fix(ln);
	return ln->sel != old || ln->top != oldtop;
}

int
listnav_home(struct listnav *ln)
{
	return listnav_select(ln, 0);
}

int
listnav_end(struct listnav *ln)
{
	return listnav_select(ln, ln->n - 1);
}

int
listnav_scroll(struct listnav *ln, int delta)
{
	int maxtop = ln->n > ln->rows ? ln->n - ln->rows : 0;
	int top = ln->top + delta, old = ln->top, oldsel = ln->sel;

	if (ln->n <= 0)
		return 0;
	if (top > maxtop)
		top = maxtop;
	if (top < 0)
		top = 0;
	ln->top = top;
	if (ln->sel < top)
		ln->sel = top;
	if (ln->sel >= top + ln->rows)
		ln->sel = top + ln->rows - 1;
	fix(ln);
	return ln->top != old || ln->sel != oldsel;
}

int
listnav_item_at(const struct listnav *ln, int r)
{
	int i = ln->top + r;

	if (r < 0 || r >= ln->rows || i >= ln->n)
		return -1;
	return i;
}
