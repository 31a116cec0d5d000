/* w_sparkline.h: a one-row chart of a series (▁▂▃▄▅▆▇█), with an ASCII fallback; the
 * scaling and resampling are pure functions, tested without a terminal. */
#ifndef JS_W_SPARKLINE_H
#define JS_W_SPARKLINE_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#define SPARK_LEVELS 8
#define SPARK_MAX_COLS 512

/*
 * Resample n values into at most cols columns: with n <= cols each value is one column;
 * otherwise column i sums the values [i*n/cols, (i+1)*n/cols), so no value is dropped.
 * Negative values count as 0. Writes the columns to out (room for cols) and returns how
 * many there are (0 when n <= 0 or cols <= 0).
 */
int sparkline_resample(const int64_t *v, int n, int cols, int64_t *out);

/*
 * The level 0..SPARK_LEVELS-1 of each of n values: 0 for values <= 0, the highest level
 * for the maximum, and a positive value never gets level 0 (a small day stays visible
 * above an empty one). All zero: every level 0.
 */
void sparkline_levels(const int64_t *v, int n, int *lv);

/*
 * The chart of n values in at most cols columns as a NUL-terminated string: the block
 * glyphs (3 bytes each, width 1) or, with ascii, "_.-:=+*#". Returns the number of
 * columns, or -1 when out (len bytes) is too small (out is then "").
 */
int sparkline_render(const int64_t *v, int n, int cols, int ascii, char *out, size_t len);

/* Do the block glyphs take one column each here (wcwidth under the current locale)? */
int sparkline_blocks_ok(void);

/* Draw the chart at (y, x) in at most cols columns: blocks, or ASCII under the
 * monochrome theme or when the blocks are not one column wide. Returns columns drawn. */
int sparkline_draw(WINDOW *w, int y, int x, int cols, const int64_t *v, int n, attr_t a);

#endif
