/* w_page.h: a scrolling page made of rows: screens write rows top to bottom (text,
 * wrapped paragraphs, key/value pairs) and the page shows the part in view. */
#ifndef JS_W_PAGE_H
#define JS_W_PAGE_H

#include <curses.h>

struct page {
	WINDOW *w;
	int y0, x0, h, wd;           /* the rectangle */
	int top;                     /* first row shown (kept by the caller between draws) */
	int row;                     /* the next row to write, in page coordinates */
};

/* Start a page in the rectangle; top is clamped by page_end. */
void page_begin(struct page *pg, WINDOW *w, int y, int x, int h, int wd, int top);
/* Window row of page row r, or -1 when it is not in view. */
int page_y(const struct page *pg, int r);
/* One row of text at column indent. */
void page_line(struct page *pg, int indent, const char *s, attr_t a);
/* A paragraph wrapped (ICU line breaks) at column indent. */
void page_wrap(struct page *pg, int indent, const char *s, attr_t a);
/* "label   value" with the value at column indent + labelw. */
void page_pair(struct page *pg, int indent, int labelw, const char *label,
               const char *value, attr_t va);
void page_blank(struct page *pg);
/* Finish: returns the clamped top (store it) after drawing "more" marks. */
int page_end(struct page *pg);
/* Scroll keys for a page of `rows` total rows shown `h` at a time. R_* flags. */
int page_key(int *top, int rows, int h, int key);

#endif
