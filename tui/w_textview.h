/* w_textview.h: a read-only multi-line text view: sanitized, wrapped at ICU line
 * breaks (text_wrap), scrolled with j/k/PgUp/PgDn. */
#ifndef JS_W_TEXTVIEW_H
#define JS_W_TEXTVIEW_H

#include <curses.h>
#include <stddef.h>

#define WTEXT_LINES_MAX 2000

struct wtext {
	int top;                     /* first line shown */
	int nlines;                  /* lines at the last draw */
	int h;
};

/* Number of lines text takes at width cols (0 for NULL/""). */
int wtext_count(const char *text, int cols);
/* Draw text into the rectangle from line t->top; t may be NULL (no scrolling). Returns
 * the number of lines the text has at that width. */
int wtext_draw(struct wtext *t, WINDOW *w, int y, int x, int h, int wd, const char *text,
               attr_t a);
/* Scroll keys; R_HANDLED | R_REDRAW or 0. */
int wtext_key(struct wtext *t, int key);

#endif
