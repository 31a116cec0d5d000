/* w_field.c: drawing single-line fields and text areas. */
#include <string.h>

#include "app.h"
#include "draw.h"
#include "w_field.h"

void
field_draw_line(struct app *a, WINDOW *w, int y, int x, int width, struct lineedit *le,
                int focused)
{
	struct le_view v;
	attr_t at = theme_attr(focused ? T_FIELD_FOCUS : T_FIELD);
	char buf[LINEEDIT_BYTES_MAX + 1];
	size_t n;

	if (width < 4)
		return;
	lineedit_view(le, width - 2, &v);
	draw_fill(w, y, x, width, at);
	if (le->flags & LE_MASKED) {
		n = (size_t)v.cols < sizeof buf - 1 ? (size_t)v.cols : sizeof buf - 1;
		memset(buf, '*', n);
	} else {
		n = v.end - v.start;
		memcpy(buf, le->buf + v.start, n);
	}
	buf[n] = '\0';
	draw_text(w, y, x + 1, width - 2, buf, at);
	if (v.more_left)
		draw_text(w, y, x, 1, "<", at | A_BOLD);
	if (v.more_right)
		draw_text(w, y, x + width - 1, 1, ">", at | A_BOLD);
	if (focused)
		app_want_cursor(a, y, x + 1 + v.cursor_x);
}

void
field_click_line(struct lineedit *le, int width, int col)
{
	struct le_view v;
	size_t p, e;
	int cols = 0, cw;

	lineedit_view(le, width - 2, &v);
	p = v.start;
	while (p < v.end) {
		e = lineedit_cluster_next(le->buf, le->len, p, &cw);
		if (le->flags & LE_MASKED)
			cw = 1;
		if (cols + cw > col - 1)
			break;
		cols += cw;
		p = e;
	}
	le->cur = p;
}

void
field_draw_area(struct app *a, WINDOW *w, int y, int x, int rows, int width,
                struct textarea *ta, int focused)
{
	attr_t at = theme_attr(focused ? T_FIELD_FOCUS : T_FIELD);
	struct ta_row r;
	char buf[1024];
	size_t row, n;
	int i, col, tw = width - 2;

	if (rows < 1 || width < 4)
		return;
	textarea_scroll(ta, tw, rows);
	for (i = 0; i < rows; i++) {
		draw_fill(w, y + i, x, width, at);
		if (!textarea_row(ta, tw, ta->top + (size_t)i, &r))
			continue;
		n = r.end - r.start < sizeof buf - 1 ? r.end - r.start : sizeof buf - 1;
		memcpy(buf, ta->buf + r.start, n);
		buf[n] = '\0';
		draw_text(w, y + i, x + 1, tw, buf, at);
	}
	if (ta->top > 0)
		draw_text(w, y, x + width - 1, 1, "^", at | A_BOLD);
	if (textarea_row(ta, tw, ta->top + (size_t)rows, &r))
		draw_text(w, y + rows - 1, x + width - 1, 1, "v", at | A_BOLD);
	if (focused) {
		textarea_cursor(ta, tw, &row, &col);
		if (row >= ta->top && row < ta->top + (size_t)rows)
			app_want_cursor(a, y + (int)(row - ta->top), x + 1 + col);
	}
}
