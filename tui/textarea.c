/* textarea.c: multi-line editing model with soft wrapping by display width. */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lineedit.h"
#include "text.h"
#include "textarea.h"

int
textarea_init(struct textarea *ta, size_t max_chars)
{
	memset(ta, 0, sizeof *ta);
	if (max_chars == 0)
		max_chars = 1;
	ta->max_chars = max_chars;
	ta->cap = max_chars * 4;
	ta->goal_col = -1;
	if ((ta->buf = calloc(1, ta->cap + 1)) == NULL)
		return JS_ERR_NOMEM;
	return 0;
}

void
textarea_free(struct textarea *ta)
{
	if (ta == NULL)
		return;
	free(ta->buf);
	ta->buf = NULL;
	ta->len = ta->cap = 0;
}

static int
next_row(const struct textarea *ta, int width, size_t start, struct ta_row *r)
{
	size_t p = start, e, brk = start;
	int cols = 0, w;

	if (start > ta->len)
		return 0;
	r->start = start;
	while (p < ta->len) {
		if (ta->buf[p] == '\n') {
			r->end = p;
			r->next = p + 1;
			return 1;
		}
		e = lineedit_cluster_next(ta->buf, ta->len, p, &w);
		if (w == 2 && p > start)
			brk = p;                 /* a wide (CJK) character may start a row */
		if (cols + w > width && p > start) {
			/* wrap at the last space or wide character, else inside the word */
			r->end = r->next = brk > start ? brk : p;
			return 1;
		}
		cols += w;
		p = e;
		if (ta->buf[p - 1] == ' ' || w == 2)
			brk = p;
	}
	r->end = ta->len;
	r->next = ta->len + 1;
	return 1;
}

int
textarea_row(const struct textarea *ta, int width, size_t i, struct ta_row *r)
{
	size_t start = 0, k;

	if (width < 1)
		width = 1;
	for (k = 0; ; k++) {
		if (!next_row(ta, width, start, r))
			return 0;
		if (k == i)
			return 1;
		start = r->next;
	}
}

/* The row holding the cursor (or position pos) and its index. */
static size_t
row_at(const struct textarea *ta, int width, size_t pos, struct ta_row *r)
{
	size_t start = 0, k;

	if (width < 1)
		width = 1;
	for (k = 0; next_row(ta, width, start, r); k++) {
		if (pos < r->next)
			return k;
		start = r->next;
	}
	return k;                    /* not reached: the last row's next is len + 1 */
}

static int
cols_between(const struct textarea *ta, size_t a, size_t b)
{
	int cols = 0, w;

	while (a < b) {
		a = lineedit_cluster_next(ta->buf, ta->len, a, &w);
		cols += w;
	}
	return cols;
}

void
textarea_cursor(const struct textarea *ta, int width, size_t *row, int *col)
{
	struct ta_row r;

	*row = row_at(ta, width, ta->cur, &r);
	*col = cols_between(ta, r.start, ta->cur);
}

void
textarea_scroll(struct textarea *ta, int width, int height)
{
	size_t row;
	int col;

	if (height < 1)
		height = 1;
	textarea_cursor(ta, width, &row, &col);
	if (row < ta->top)
		ta->top = row;
	else if (row >= ta->top + (size_t)height)
		ta->top = row - (size_t)height + 1;
}

/* Check and normalize input: '\r\n' and '\r' become '\n'. Writes to out (n bytes max). */
static int
clean_input(const char *s, size_t n, char *out, size_t *outn, size_t *cps)
{
	uint32_t cp;
	size_t i = 0, k, o = 0, c = 0;

	if (!text_utf8_valid(s, n))
		return JS_ERR_UTF8;
	while (i < n) {
		if ((k = text_utf8_decode(s + i, n - i, &cp)) == 0)
			return JS_ERR_UTF8;
		if (cp == '\r') {
			out[o++] = '\n';
			i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
			c++;
			continue;
		}
		if (cp != '\n' && !lineedit_cp_ok(cp, 0))
			return JS_ERR_INVALID;
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
		c++;
	}
	*outn = o;
	*cps = c;
	return 0;
}

size_t
textarea_chars(const struct textarea *ta)
{
	size_t i, c = 0;

	for (i = 0; i < ta->len; i++)
		if (((unsigned char)ta->buf[i] & 0xc0) != 0x80)
			c++;
	return c;
}

int
textarea_insert(struct textarea *ta, const char *s, size_t n)
{
	char *tmp;
	size_t m, cps, p;
	uint32_t cp;
	int r;

	if (n == 0)
		return 0;
	if (n > ta->cap)
		return JS_ERR_TOO_BIG;
	if ((tmp = malloc(n)) == NULL)
		return JS_ERR_NOMEM;
	if ((r = clean_input(s, n, tmp, &m, &cps)) != 0)
		goto out;
	r = JS_ERR_TOO_BIG;
	if (ta->len + m > ta->cap || textarea_chars(ta) + cps > ta->max_chars)
		goto out;
	text_utf8_decode(tmp, m, &cp);
	r = JS_ERR_INVALID;
	if ((ta->cur == 0 || ta->buf[ta->cur - 1] == '\n') && cp != '\n' && cp != 0x200d &&
	    text_cp_width(cp) == 0)
		goto out;                        /* a mark with no base */
	memmove(ta->buf + ta->cur + m, ta->buf + ta->cur, ta->len - ta->cur);
	memcpy(ta->buf + ta->cur, tmp, m);
	ta->len += m;
	ta->buf[ta->len] = '\0';
	/* keep the cursor on a cluster boundary if the insert merged clusters */
	for (p = 0; p < ta->cur + m; )
		p = lineedit_cluster_next(ta->buf, ta->len, p, NULL);
	ta->cur = p;
	ta->goal_col = -1;
	r = 0;
out:
	free(tmp);
	return r;
}

int
textarea_set(struct textarea *ta, const char *s)
{
	size_t len = ta->len, cur = ta->cur;
	char *save;
	int r;

	if ((save = malloc(ta->len + 1)) == NULL)
		return JS_ERR_NOMEM;
	memcpy(save, ta->buf, ta->len + 1);
	ta->len = ta->cur = ta->top = 0;
	ta->buf[0] = '\0';
	if ((r = textarea_insert(ta, s, strlen(s))) != 0) {
		memcpy(ta->buf, save, len + 1);
		ta->len = len;
		ta->cur = cur;
	}
	free(save);
	return r;
}

int
textarea_left(struct textarea *ta)
{
	ta->goal_col = -1;
	if (ta->cur == 0)
		return 0;
	ta->cur = lineedit_cluster_prev(ta->buf, ta->len, ta->cur);
	return 1;
}

int
textarea_right(struct textarea *ta)
{
	ta->goal_col = -1;
	if (ta->cur >= ta->len)
		return 0;
	ta->cur = lineedit_cluster_next(ta->buf, ta->len, ta->cur, NULL);
	return 1;
}

/* Put the cursor in row r at the column closest to goal without passing it. */
static void
goto_col(struct textarea *ta, const struct ta_row *r, int goal)
{
	size_t p = r->start, e;
	int cols = 0, w;

	while (p < r->end) {
		e = lineedit_cluster_next(ta->buf, ta->len, p, &w);
		if (cols + w > goal)
			break;
		cols += w;
		p = e;
	}
	ta->cur = p;
}

static int
vertical(struct textarea *ta, int width, int dir)
{
	struct ta_row r;
	size_t row;
	int col, goal;

	textarea_cursor(ta, width, &row, &col);
	goal = ta->goal_col >= 0 ? ta->goal_col : col;
	if ((dir < 0 && row == 0) || !textarea_row(ta, width, dir < 0 ? row - 1 : row + 1, &r))
		return 0;
	goto_col(ta, &r, goal);
	/* a soft-wrapped row's end is the next row's start: stay on this row */
	if (ta->cur == r.end && r.end == r.next && r.end > r.start)
		ta->cur = lineedit_cluster_prev(ta->buf, ta->len, r.end);
	ta->goal_col = goal;
	return 1;
}

int
textarea_up(struct textarea *ta, int width)
{
	return vertical(ta, width, -1);
}

int
textarea_down(struct textarea *ta, int width)
{
	return vertical(ta, width, 1);
}

int
textarea_home(struct textarea *ta, int width)
{
	struct ta_row r;
	size_t old = ta->cur;

	row_at(ta, width, ta->cur, &r);
	ta->cur = r.start;
	ta->goal_col = -1;
	return ta->cur != old;
}

int
textarea_end(struct textarea *ta, int width)
{
	struct ta_row r;
	size_t old = ta->cur;

	row_at(ta, width, ta->cur, &r);
	ta->cur = r.end;
	if (r.end == r.next && r.end > r.start)     /* soft wrap: stay on this row */
		ta->cur = lineedit_cluster_prev(ta->buf, ta->len, r.end);
	ta->goal_col = -1;
	return ta->cur != old;
}

static int
cut(struct textarea *ta, size_t a, size_t b)
{
	ta->goal_col = -1;
	if (a >= b)
		return 0;
	memmove(ta->buf + a, ta->buf + b, ta->len - b);
	ta->len -= b - a;
	ta->buf[ta->len] = '\0';
	ta->cur = a;
	return 1;
}

int
textarea_backspace(struct textarea *ta)
{
	if (ta->cur == 0)
		return 0;
	return cut(ta, lineedit_cluster_prev(ta->buf, ta->len, ta->cur), ta->cur);
}

int
textarea_delete(struct textarea *ta)
{
	if (ta->cur >= ta->len)
		return 0;
	return cut(ta, ta->cur, lineedit_cluster_next(ta->buf, ta->len, ta->cur, NULL));
}

int
textarea_kill_end(struct textarea *ta)
{
	size_t e = ta->cur;

	while (e < ta->len && ta->buf[e] != '\n')
		e++;
	if (e == ta->cur && e < ta->len)
		e++;                             /* at a line's end: join the next line */
	return cut(ta, ta->cur, e);
}

int
textarea_kill_start(struct textarea *ta)
{
	size_t s = ta->cur;

	while (s > 0 && ta->buf[s - 1] != '\n')
		s--;
	return cut(ta, s, ta->cur);
}
