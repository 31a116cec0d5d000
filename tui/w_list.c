/* w_list.c: the scrolling list widget. */
#include "app.h"
#include "draw.h"
#include "keys.h"
#include "w_list.h"

void
wlist_draw(struct wlist *l, WINDOW *w, int y, int x, int h, int wd, int n,
           wlist_row_fn fn, void *ud)
{
	int r, i;
	attr_t at;

	l->y = y;
	l->x = x;
	l->h = h;
	l->w = wd;
	listnav_set(&l->nav, n, h);
	for (r = 0; r < h; r++) {
		if ((i = listnav_item_at(&l->nav, r)) < 0)
			break;
		at = i == l->nav.sel && !l->unfocused ? theme_attr(T_SEL) : 0;
		if (i == l->nav.sel)
			draw_pad(w, y + r, x, 2, ">", at | A_BOLD);
		else
			draw_fill(w, y + r, x, 2, 0);
		draw_fill(w, y + r, x + 2, wd - 3, at);
		fn(ud, w, y + r, x + 2, wd - 3, i, at);
	}
	/* more above / below: a plain character in the last column */
	if (l->nav.top > 0)
		draw_text(w, y, x + wd - 1, 1, "^", theme_attr(T_DIM));
	if (l->nav.top + h < n)
		draw_text(w, y + h - 1, x + wd - 1, 1, "v", theme_attr(T_DIM));
}

int
wlist_key(struct wlist *l, int key)
{
	int moved;

	switch (key) {
	case 'j':
	case TK(KEY_DOWN):
		moved = listnav_move(&l->nav, 1);
		break;
	case 'k':
	case TK(KEY_UP):
		moved = listnav_move(&l->nav, -1);
		break;
	case 'g':
	case TK(KEY_HOME):
		moved = listnav_home(&l->nav);
		break;
	case 'G':
	case TK(KEY_END):
		moved = listnav_end(&l->nav);
		break;
	case ' ':
	case TK_CTRL('f'):
	case TK(KEY_NPAGE):
		moved = listnav_page(&l->nav, 1);
		break;
	case 'b':
	case TK_CTRL('b'):
	case TK(KEY_PPAGE):
		moved = listnav_page(&l->nav, -1);
		break;
	default:
		return 0;
	}
	return R_HANDLED | (moved ? R_REDRAW : 0);
}

int
wlist_mouse(struct wlist *l, const MEVENT *m, int y, int x, int *activate)
{
	int i;

	*activate = 0;
	if (y < l->y || y >= l->y + l->h || x < l->x || x >= l->x + l->w)
		return 0;
	if (m->bstate & BUTTON4_PRESSED)
		return R_HANDLED | (listnav_scroll(&l->nav, -3) ? R_REDRAW : 0);
	if (m->bstate & BUTTON5_PRESSED)
		return R_HANDLED | (listnav_scroll(&l->nav, 3) ? R_REDRAW : 0);
	if (!(m->bstate & BUTTON1_PRESSED) || (i = listnav_item_at(&l->nav, y - l->y)) < 0)
		return R_HANDLED;
	if (i == l->nav.sel)
		*activate = 1;
	listnav_select(&l->nav, i);
	return R_HANDLED | R_REDRAW;
}
