/* textarea.h: a multi-line UTF-8 editing model (no ncurses) with soft wrapping by display
 * width, for long text such as a profile's bio. Shares its rules with lineedit. */
#ifndef JS_TEXTAREA_H
#define JS_TEXTAREA_H

#include <stddef.h>

/*
 * The text is valid UTF-8 whose only control character is '\n'. Rows are the visual
 * lines for a given width: a '\n' ends a row, and a cluster that does not fit starts the
 * next one (editing wraps by character; the read-only text view uses ICU line breaks).
 */
struct textarea {
	char *buf;                   /* owned; cap + 1 bytes */
	size_t len, cap;
	size_t max_chars;
	size_t cur;                  /* byte offset, on a cluster boundary */
	size_t top;                  /* first visible row */
	int goal_col;                /* column kept by up/down; -1 none */
};

/* One visual row: text [start, end) ('\n' excluded); the next row starts at `next`
 * (len + 1 after the last row). */
struct ta_row {
	size_t start, end, next;
};

/* Allocates room for max_chars code points. JS_ERR_NOMEM. textarea_free(NULL) is fine. */
int textarea_init(struct textarea *ta, size_t max_chars);
void textarea_free(struct textarea *ta);

/* Replace / insert with the checks of lineedit (plus '\n'); all or nothing:
 * JS_ERR_UTF8, JS_ERR_INVALID, JS_ERR_TOO_BIG. "\r\n" and '\r' count as '\n'. */
int textarea_set(struct textarea *ta, const char *s);
int textarea_insert(struct textarea *ta, const char *s, size_t n);

/* Editing; each returns 1 when something changed. Up/down/home/end need the width. */
int textarea_left(struct textarea *ta);
int textarea_right(struct textarea *ta);
int textarea_up(struct textarea *ta, int width);
int textarea_down(struct textarea *ta, int width);
int textarea_home(struct textarea *ta, int width);   /* start of the visual row */
int textarea_end(struct textarea *ta, int width);
int textarea_backspace(struct textarea *ta);
int textarea_delete(struct textarea *ta);
int textarea_kill_end(struct textarea *ta);          /* to the end of the line ('\n') */
int textarea_kill_start(struct textarea *ta);        /* from the start of the line */

size_t textarea_chars(const struct textarea *ta);

/* Row i for width (0 <= i); returns 0 if there is no such row. */
int textarea_row(const struct textarea *ta, int width, size_t i, struct ta_row *r);
/* The row and column of the cursor. */
void textarea_cursor(const struct textarea *ta, int width, size_t *row, int *col);
/* Adjust ta->top so the cursor row is among `height` visible rows. */
void textarea_scroll(struct textarea *ta, int width, int height);

#endif
