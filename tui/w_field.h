/* w_field.h: drawing one input: a one-line field (horizontal scroll, '<' '>' marks for
 * hidden text, masked passwords) or a multi-line area, with the cursor placed. */
#ifndef JS_W_FIELD_H
#define JS_W_FIELD_H

#include <curses.h>

#include "lineedit.h"
#include "textarea.h"

struct app;

/* Draw le in `width` columns at (y, x) (the text gets width - 2; one column each side
 * shows whether text is hidden there). With focus, the cursor goes there. */
void field_draw_line(struct app *a, WINDOW *w, int y, int x, int width,
                     struct lineedit *le, int focused);
/* Move the cursor of le to the character drawn at column col of such a field. */
void field_click_line(struct lineedit *le, int width, int col);
/* Draw a text area in `rows` x `width` (text gets width - 2 from x + 1, like a line
 * field; the last column shows whether rows are hidden above / below). */
void field_draw_area(struct app *a, WINDOW *w, int y, int x, int rows, int width,
                     struct textarea *ta, int focused);

#endif
