/* draw.h: drawing text into ncurses windows safely: every string is sanitized
 * (text_sanitize) and fitted by display width (text_fit) before it reaches the screen. */
#ifndef JS_DRAW_H
#define JS_DRAW_H

#include <curses.h>

/*
 * Draw s at (y, x) in at most maxw columns and never past the window's right edge; a
 * wide character that would not fit whole is left out. Returns the columns drawn.
 * s may be any UTF-8 (or not): controls, escapes and bidi overrides are removed.
 */
int draw_text(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a);
/* draw_text, then spaces with the same attributes up to `width` columns. */
int draw_pad(WINDOW *w, int y, int x, int width, const char *s, attr_t a);
/* Right-aligned so that the text ends at column x + width. */
int draw_right(WINDOW *w, int y, int x, int width, const char *s, attr_t a);
/* Centred on row y of the window. Returns the column it starts at. */
int draw_center(WINDOW *w, int y, const char *s, attr_t a);
/* printf into a bounded buffer, then draw_text. */
int draw_printf(WINDOW *w, int y, int x, int maxw, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* n spaces in attribute a. */
void draw_fill(WINDOW *w, int y, int x, int n, attr_t a);
/* A vertical line of n cells. */
void draw_vline(WINDOW *w, int y, int x, int n, attr_t a);
/* A box of h rows and wd columns with its inside cleared. */
void draw_box(WINDOW *w, int y, int x, int h, int wd, attr_t a);
/* Display width of s as draw_text would draw it (sanitized). */
int draw_width(const char *s);

#endif
