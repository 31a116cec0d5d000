/* w_bars.h: the frame around every screen: status bar (account, role, unread badges,
 * clock), title bar (where you are) and key-hint bar (with messages and warnings). */
#ifndef JS_W_BARS_H
#define JS_W_BARS_H

struct app;

void bars_draw_status(struct app *a);
void bars_draw_title(struct app *a);
/* Hints of the top screen's table (KB_HINT) then the global ones; a flash message or
 * the idle warning replaces them while shown. Records where each hint is drawn. */
void bars_draw_hints(struct app *a);
/* The key of the hint drawn at column x of the hint bar, or 0. */
int bars_hint_at(const struct app *a, int x);

#endif
