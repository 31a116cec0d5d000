/* w_list.h: a scrolling list: paging, a "> " selection marker that does not depend on
 * colour, vim keys, mouse clicks and the wheel. The caller draws each row's text. */
#ifndef JS_W_LIST_H
#define JS_W_LIST_H

#include <curses.h>

#include "listnav.h"

struct app;

struct wlist {
	struct listnav nav;
	int y, x, h, w;              /* where it was drawn last (for the mouse) */
	int unfocused;               /* another pane has the focus: selection not reversed */
};

/* Draw row idx's text at (y, x) in `width` columns with attribute a (selection
 * included); the marker column is drawn by the list. */
typedef void (*wlist_row_fn)(void *ud, WINDOW *w, int y, int x, int width, int idx,
                             attr_t a);

/* Draw n rows (n may change between calls) into the rectangle. */
void wlist_draw(struct wlist *l, WINDOW *w, int y, int x, int h, int wd, int n,
                wlist_row_fn fn, void *ud);
/* j/k, arrows, g/G, Home/End, PgUp/PgDn, Space/b. R_HANDLED | R_REDRAW, or 0. */
int wlist_key(struct wlist *l, int key);
/* A mouse event at body (y, x): a click selects, a click on the selected row sets
 * *activate; the wheel scrolls. Returns R_* flags (0 if outside the list). */
int wlist_mouse(struct wlist *l, const MEVENT *m, int y, int x, int *activate);

#endif
