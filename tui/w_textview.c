/* w_textview.c: wrapped, scrollable text. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "keys.h"
#include "text.h"
#include "w_textview.h"

struct wrap_ctx {
	WINDOW *w;
	int y, x, wd, first, last, n;
	attr_t a;
};

static void
emit(void *ud, const char *line, size_t len)
{
	struct wrap_ctx *c = ud;
	char buf[1024];

	if (c->w != NULL && c->n >= c->first && c->n < c->last) {
		if (len >= sizeof buf)
			len = sizeof buf - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		draw_text(c->w, c->y + c->n - c->first, c->x, c->wd, buf, c->a);
	}
	c->n++;
}

static int
wrap(const char *text, struct wrap_ctx *c)
{
	char *clean;
	int r;

	if (text == NULL || *text == '\0')
		return 0;
	if ((clean = text_sanitize(text, strlen(text), 1)) == NULL)
		return 0;
	r = text_wrap(clean, strlen(clean), c->wd < 2 ? 2 : c->wd, emit, c);
	free(clean);
	return r < 0 ? 0 : c->n;
}

int
wtext_count(const char *text, int cols)
{
	struct wrap_ctx c = { .wd = cols };

	return wrap(text, &c);
}

int
wtext_draw(struct wtext *t, WINDOW *w, int y, int x, int h, int wd, const char *text,
           attr_t a)
{
	struct wrap_ctx c = { .w = w, .y = y, .x = x, .wd = wd, .a = a };

	if (t != NULL) {
		/* clamp first: the text may have got shorter or the window taller */
		t->nlines = wtext_count(text, wd);
		t->h = h;
		if (t->top > t->nlines - h)
			t->top = t->nlines - h;
		if (t->top < 0)
			t->top = 0;
	}
	c.first = t != NULL ? t->top : 0;
	c.last = c.first + h;
	return wrap(text, &c);
}

int
wtext_key(struct wtext *t, int key)
{
	int old = t->top, max = t->nlines - t->h;

	switch (key) {
	case 'j':
	case TK(KEY_DOWN):
		t->top++;
		break;
	case 'k':
	case TK(KEY_UP):
		t->top--;
		break;
	case ' ':
	case TK(KEY_NPAGE):
		t->top += t->h > 1 ? t->h - 1 : 1;
		break;
	case 'b':
	case TK(KEY_PPAGE):
		t->top -= t->h > 1 ? t->h - 1 : 1;
		break;
	case 'g':
	case TK(KEY_HOME):
		t->top = 0;
		break;
	case 'G':
	case TK(KEY_END):
		t->top = max;
		break;
	default:
		return 0;
	}
	if (t->top > max)
		t->top = max;
	if (t->top < 0)
		t->top = 0;
	return R_HANDLED | (t->top != old ? R_REDRAW : 0);
}
