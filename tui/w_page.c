/* w_page.c: row-by-row scrolling pages. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "keys.h"
#include "text.h"
#include "w_page.h"

void
page_begin(struct page *pg, WINDOW *w, int y, int x, int h, int wd, int top)
{
	pg->w = w;
	pg->y0 = y;
	pg->x0 = x;
	pg->h = h;
	pg->wd = wd;
	pg->top = top < 0 ? 0 : top;
	pg->row = 0;
}

int
page_y(const struct page *pg, int r)
{
	if (r < pg->top || r >= pg->top + pg->h)
		return -1;
	return pg->y0 + r - pg->top;
}

void
page_line(struct page *pg, int indent, const char *s, attr_t a)
{
	int y = page_y(pg, pg->row);

	if (y >= 0)
		draw_text(pg->w, y, pg->x0 + indent, pg->wd - indent, s, a);
	pg->row++;
}

struct wrap_ud {
	struct page *pg;
	int indent;
	attr_t a;
};

static void
emit(void *ud, const char *line, size_t len)
{
	struct wrap_ud *u = ud;
	char buf[1024];

	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	page_line(u->pg, u->indent, buf, u->a);
}

void
page_wrap(struct page *pg, int indent, const char *s, attr_t a)
{
	struct wrap_ud u = { pg, indent, a };
	char *clean;

	if (s == NULL || *s == '\0')
		return;
	if ((clean = text_sanitize(s, strlen(s), 1)) == NULL)
		return;
	text_wrap(clean, strlen(clean), pg->wd - indent < 2 ? 2 : pg->wd - indent, emit, &u);
	free(clean);
}

void
page_pair(struct page *pg, int indent, int labelw, const char *label, const char *value,
          attr_t va)
{
	int y = page_y(pg, pg->row);

	if (y >= 0) {
		draw_text(pg->w, y, pg->x0 + indent, labelw, label, theme_attr(T_DIM));
		draw_text(pg->w, y, pg->x0 + indent + labelw, pg->wd - indent - labelw, value, va);
	}
	pg->row++;
}

void
page_blank(struct page *pg)
{
	pg->row++;
}

int
page_end(struct page *pg)
{
	if (pg->top > 0)
		draw_text(pg->w, pg->y0, pg->x0 + pg->wd - 1, 1, "^", theme_attr(T_DIM));
	if (pg->row > pg->top + pg->h)
		draw_text(pg->w, pg->y0 + pg->h - 1, pg->x0 + pg->wd - 1, 1, "v",
		    theme_attr(T_DIM));
	return pg->top;
}

int
page_key(int *top, int rows, int h, int key)
{
	int old = *top, max = rows - h > 0 ? rows - h : 0;

	switch (key) {
	case 'j': case TK(KEY_DOWN): (*top)++; break;
	case 'k': case TK(KEY_UP): (*top)--; break;
	case ' ': case TK(KEY_NPAGE): *top += h > 1 ? h - 1 : 1; break;
	case 'b': case TK(KEY_PPAGE): *top -= h > 1 ? h - 1 : 1; break;
	case 'g': case TK(KEY_HOME): *top = 0; break;
	case 'G': case TK(KEY_END): *top = max; break;
	default: return 0;
	}
	if (*top > max)
		*top = max;
	if (*top < 0)
		*top = 0;
	return R_HANDLED | (*top != old ? R_REDRAW : 0);
}
