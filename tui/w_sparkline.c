/* w_sparkline.c: one-row charts of daily series. */
#include <string.h>

#include "draw.h"
#include "text.h"
#include "theme.h"
#include "w_sparkline.h"

/* U+2581..U+2588, three bytes each in UTF-8. */
static const char *const blocks[SPARK_LEVELS] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char ascii_levels[SPARK_LEVELS + 1] = "_.-:=+*#";

int
sparkline_resample(const int64_t *v, int n, int cols, int64_t *out)
{
	int i, j, lo, hi;

	if (v == NULL || n <= 0 || cols <= 0)
		return 0;
	if (n <= cols) {
		for (i = 0; i < n; i++)
			out[i] = v[i] > 0 ? v[i] : 0;
		return n;
	}
	for (i = 0; i < cols; i++) {
		lo = (int)((int64_t)i * n / cols);
		hi = (int)((int64_t)(i + 1) * n / cols);
		out[i] = 0;
		for (j = lo; j < hi; j++)
			if (v[j] > 0 && out[i] <= INT64_MAX - v[j])
				out[i] += v[j];
	}
	return cols;
}

void
sparkline_levels(const int64_t *v, int n, int *lv)
{
	int64_t max = 0;
	int i, top = SPARK_LEVELS - 1;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (i = 0; i < n; i++) {
		if (v[i] <= 0 || max == 0) {
			lv[i] = 0;
			continue;
		}
		/* ceil(v * top / max) without overflow: the ratio in long double is exact
		 * enough for a picture, and the ends are pinned */
		if (v[i] == max)
			lv[i] = top;
		else {
			long double q = (long double)v[i] * top / (long double)max;
			int l = (int)q;

			if ((long double)l < q)
				l++;
			lv[i] = l < 1 ? 1 : l > top ? top : l;
		}
	}
}

int
sparkline_render(const int64_t *v, int n, int cols, int ascii, char *out, size_t len)
{
	int64_t col[SPARK_MAX_COLS];
	int lv[SPARK_MAX_COLS];
	size_t need, pos = 0;
	int m, i;

	if (out == NULL || len == 0)
		return -1;
	out[0] = '\0';
	if (cols > SPARK_MAX_COLS)
		cols = SPARK_MAX_COLS;
	m = sparkline_resample(v, n, cols, col);
	sparkline_levels(col, m, lv);
	need = (size_t)m * (ascii ? 1 : 3) + 1;
	if (need > len)
		return -1;
	for (i = 0; i < m; i++) {
		if (ascii)
			out[pos++] = ascii_levels[lv[i]];
		else {
			memcpy(out + pos, blocks[lv[i]], 3);
			pos += 3;
		}
	}
	out[pos] = '\0';
	return m;
}

int
sparkline_blocks_ok(void)
{
	int i;

	for (i = 0; i < SPARK_LEVELS; i++)
		if (text_width(blocks[i], 3) != 1)
			return 0;
	return 1;
}

int
sparkline_draw(WINDOW *w, int y, int x, int cols, const int64_t *v, int n, attr_t a)
{
	char buf[SPARK_MAX_COLS * 3 + 1];
	int ascii = theme_is_mono() || !sparkline_blocks_ok(), m;

	if ((m = sparkline_render(v, n, cols, ascii, buf, sizeof buf)) <= 0)
		return 0;
	return draw_text(w, y, x, cols, buf, a);
}
