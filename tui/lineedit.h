/* lineedit.h: a one-line UTF-8 text editing model (no ncurses): grapheme-aware cursor,
 * readline-style kills, input validation and the horizontal scroll window of a field. */
#ifndef JS_LINEEDIT_H
#define JS_LINEEDIT_H

#include <stddef.h>
#include <stdint.h>

#define LINEEDIT_BYTES_MAX 1024      /* hard cap of the buffer, NUL excluded */

/* Flags */
#define LE_ASCII   0x01              /* printable ASCII only (handles, codes, URLs) */
#define LE_MASKED  0x02              /* shown as one '*' per character (passwords) */

/*
 * The text is always valid UTF-8 without control characters, and the cursor and the
 * scroll offset always sit on cluster boundaries (a cluster: a base character and the
 * zero-width marks, variation selectors, emoji modifiers and ZWJ-joined characters that
 * follow it). Widths are display columns as ncursesw draws them (text_cp_width).
 */
struct lineedit {
	char buf[LINEEDIT_BYTES_MAX + 1];
	size_t len;                  /* bytes */
	size_t cur;                  /* byte offset of the cursor */
	size_t scroll;               /* byte offset of the first visible cluster */
	size_t max_chars;            /* code points allowed, <= LINEEDIT_BYTES_MAX / 4 * 4 */
	unsigned flags;
};

/* An empty editor for at most max_chars code points (0 or too big: the byte cap). */
void lineedit_init(struct lineedit *le, size_t max_chars, unsigned flags);

/*
 * Replace the text with s (NUL-terminated), cursor at the end. The text must pass the
 * same checks as typed input: JS_ERR_UTF8 (invalid UTF-8), JS_ERR_INVALID (a control or
 * otherwise refused character), JS_ERR_TOO_BIG (over the limits); then nothing changes.
 */
int lineedit_set(struct lineedit *le, const char *s);

/*
 * Insert n bytes at the cursor (typed or pasted) as one unit: all or nothing, same
 * errors as lineedit_set. A zero-width mark with nothing before it is refused.
 */
int lineedit_insert(struct lineedit *le, const char *s, size_t n);
int lineedit_insert_cp(struct lineedit *le, uint32_t cp);

/* Would this code point be accepted in a field with these flags? 1 or 0. */
int lineedit_cp_ok(uint32_t cp, unsigned flags);

/* Cursor movement; each returns 1 if something changed, 0 otherwise. */
int lineedit_left(struct lineedit *le);
int lineedit_right(struct lineedit *le);
int lineedit_home(struct lineedit *le);        /* Home, Ctrl-A */
int lineedit_end(struct lineedit *le);         /* End, Ctrl-E */
/* Deletion; same return convention. */
int lineedit_backspace(struct lineedit *le);   /* the cluster before the cursor */
int lineedit_delete(struct lineedit *le);      /* the cluster under the cursor */
int lineedit_kill_start(struct lineedit *le);  /* Ctrl-U: from the start to the cursor */
int lineedit_kill_end(struct lineedit *le);    /* Ctrl-K: from the cursor to the end */
int lineedit_kill_word(struct lineedit *le);   /* Ctrl-W: spaces, then a word, backwards */

/* Code points in the text. */
size_t lineedit_chars(const struct lineedit *le);
/* Display columns of buf[0..cur) (masked: clusters). */
int lineedit_cursor_col(const struct lineedit *le);

/*
 * The part of the text to draw in a field `width` columns wide (width >= 2): moves
 * le->scroll so that the cursor is visible (one column is kept for the cursor at the
 * end) and returns the visible bytes [start, end), their columns and the cursor's
 * column inside the field. Whole clusters only: a wide character never straddles an edge.
 */
struct le_view {
	size_t start, end;
	int cols;                    /* columns of [start, end) */
	int cursor_x;                /* 0..width-1 */
	int more_left, more_right;   /* text hidden on either side */
};
void lineedit_view(struct lineedit *le, int width, struct le_view *v);

/*
 * Cluster helpers shared with the text area. next: the end of the cluster that starts
 * at pos (pos < len), its columns in *width. prev: the start of the cluster that ends at
 * pos (pos > 0). s must be valid UTF-8.
 */
size_t lineedit_cluster_next(const char *s, size_t len, size_t pos, int *width);
size_t lineedit_cluster_prev(const char *s, size_t len, size_t pos);

#endif
