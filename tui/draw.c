/* draw.c: sanitized, width-fitted text output into ncurses windows. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "text.h"

int
draw_text(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a)
{
	char *clean;
	size_t n;
	int used = 0, room;

	if (s == NULL || y < 0 || x < 0 || y >= getmaxy(w))
		return 0;
	room = getmaxx(w) - x;
	if (maxw > room)
		maxw = room;
	if (maxw <= 0)
		return 0;
	if ((clean = text_sanitize(s, strlen(s), 0)) == NULL)
		return 0;
	n = text_fit(clean, strlen(clean), maxw, &used);
	wattr_set(w, a, (short)PAIR_NUMBER(a), NULL);
	mvwaddnstr(w, y, x, clean, (int)n);
	wattr_set(w, 0, 0, NULL);
	free(clean);
	return used;
}

void
draw_fill(WINDOW *w, int y, int x, int n, attr_t a)
{
	int room = getmaxx(w) - x;

	if (n > room)
		n = room;
	if (n <= 0 || y < 0 || y >= getmaxy(w))
		return;
	wattr_set(w, a, (short)PAIR_NUMBER(a), NULL);
	mvwhline(w, y, x, ' ', n);
	wattr_set(w, 0, 0, NULL);
}

int
draw_pad(WINDOW *w, int y, int x, int width, const char *s, attr_t a)
{
	int used = draw_text(w, y, x, width, s, a);

	draw_fill(w, y, x + used, width - used, a);
	return used;
}

int
draw_width(const char *s)
{
	char *clean;
	int cols;

	if (s == NULL || (clean = text_sanitize(s, strlen(s), 0)) == NULL)
		return 0;
	cols = text_width(clean, strlen(clean));
	free(clean);
	return cols;
}

int
draw_right(WINDOW *w, int y, int x, int width, const char *s, attr_t a)
{
	int cols = draw_width(s);

	if (cols > width)
		cols = width;
	return draw_text(w, y, x + width - cols, cols, s, a);
}

int
draw_center(WINDOW *w, int y, const char *s, attr_t a)
{
	int cols = draw_width(s), x = (getmaxx(w) - cols) / 2;

	if (x < 0)
		x = 0;
	draw_text(w, y, x, getmaxx(w) - x, s, a);
	return x;
}

int
draw_printf(WINDOW *w, int y, int x, int maxw, attr_t a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return draw_text(w, y, x, maxw, buf, a);
}

/* Box-drawing characters are always the Unicode ones (WACS_*): the VT100 line-drawing
 * set (ACS) shows as letters on terminals that ignore it in UTF-8 mode. */
void
draw_vline(WINDOW *w, int y, int x, int n, attr_t a)
{
	wattr_set(w, a, (short)PAIR_NUMBER(a), NULL);
	mvwvline_set(w, y, x, WACS_VLINE, n);
	wattr_set(w, 0, 0, NULL);
}

void
draw_box(WINDOW *w, int y, int x, int h, int wd, attr_t a)
{
	int i;

	if (h < 2 || wd < 2)
		return;
	for (i = 1; i < h - 1; i++)
		draw_fill(w, y + i, x + 1, wd - 2, 0);
	wattr_set(w, a, (short)PAIR_NUMBER(a), NULL);
	mvwadd_wch(w, y, x, WACS_ULCORNER);
	mvwhline_set(w, y, x + 1, WACS_HLINE, wd - 2);
	mvwadd_wch(w, y, x + wd - 1, WACS_URCORNER);
	mvwvline_set(w, y + 1, x, WACS_VLINE, h - 2);
	mvwvline_set(w, y + 1, x + wd - 1, WACS_VLINE, h - 2);
	mvwadd_wch(w, y + h - 1, x, WACS_LLCORNER);
	mvwhline_set(w, y + h - 1, x + 1, WACS_HLINE, wd - 2);
	mvwadd_wch(w, y + h - 1, x + wd - 1, WACS_LRCORNER);
	wattr_set(w, 0, 0, NULL);
}
