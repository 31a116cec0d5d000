/* listnav.h: the arithmetic of a scrolling list (selection, first visible row, paging),
 * kept apart from drawing so it can be tested without a terminal. */
#ifndef JS_LISTNAV_H
#define JS_LISTNAV_H

/*
 * n items, `rows` visible. Invariants after every call: 0 <= sel < n (sel = -1 when
 * n == 0), top <= sel < top + rows, 0 <= top <= max(0, n - rows).
 */
struct listnav {
	int n, rows;
	int sel, top;
};

/* Set the item count and visible rows, keeping the selection where possible. */
void listnav_set(struct listnav *ln, int n, int rows);
/* Move by delta items (clamped). Returns 1 if the selection changed. */
int listnav_move(struct listnav *ln, int delta);
/* Page down (dir > 0) or up: the selection and the window move by rows - 1. */
int listnav_page(struct listnav *ln, int dir);
int listnav_home(struct listnav *ln);
int listnav_end(struct listnav *ln);
/* Select item i (clamped). Returns 1 if the selection changed. */
int listnav_select(struct listnav *ln, int i);
/* Scroll the window by delta rows without moving past the ends (mouse wheel); the
 * selection follows to stay visible. Returns 1 if anything moved. */
int listnav_scroll(struct listnav *ln, int delta);
/* The item shown on visible row r (0-based), or -1 if none. */
int listnav_item_at(const struct listnav *ln, int r);

#endif
