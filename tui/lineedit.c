/* lineedit.c: one-line UTF-8 editing model: clusters, kills, validation, scroll window. */
#include <string.h>
#include <wctype.h>

#include "err.h"
#include "lineedit.h"
#include "text.h"

void
lineedit_init(struct lineedit *le, size_t max_chars, unsigned flags)
{
	memset(le, 0, sizeof *le);
	if (max_chars == 0 || max_chars > LINEEDIT_BYTES_MAX / 4)
		max_chars = LINEEDIT_BYTES_MAX / 4;
	le->max_chars = max_chars;
	le->flags = flags;
}

int
lineedit_cp_ok(uint32_t cp, unsigned flags)
{
	if (flags & LE_ASCII)
		return cp >= 0x20 && cp < 0x7f;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;                        /* C0, DEL, C1 */
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if ((cp >= 0x200b && cp <= 0x200c) || (cp >= 0x200e && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb))
		return 0;                        /* invisible format and bidi controls */
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe || cp > 0x10ffff)
		return 0;                        /* noncharacters */
	if (cp == 0x200d)
		return 1;                        /* ZWJ: emoji sequences need it */
	return iswprint((wint_t)cp) != 0;
}

/* Does cp attach to the cluster whose last code point is prev? */
static int
joins(uint32_t first, int count, uint32_t prev, uint32_t cp)
{
	if (cp < 0x20 || prev < 0x20)
		return 0;                        /* a text area's '\n' stands alone */
	if (prev == 0x200d || cp == 0x200d)
		return 1;
	if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
	    (cp >= 0xe0020 && cp <= 0xe007f))
		return 1;
	if (count == 1 && first >= 0x1f1e6 && first <= 0x1f1ff &&
	    cp >= 0x1f1e6 && cp <= 0x1f1ff)
		return 1;                        /* a regional-indicator pair (a flag) */
	return text_cp_width(cp) == 0;
}

size_t
lineedit_cluster_next(const char *s, size_t len, size_t pos, int *width)
{
	uint32_t first, prev, cp;
	size_t n;
	int w, count = 1;

	if ((n = text_utf8_decode(s + pos, len - pos, &first)) == 0) {
		if (width)
			*width = 1;                  /* invalid byte: never stored, be safe */
		return pos + 1;
	}
	w = text_cp_width(first);
	pos += n;
	prev = first;
	while (pos < len && (n = text_utf8_decode(s + pos, len - pos, &cp)) != 0 &&
	    joins(first, count, prev, cp)) {
		w += text_cp_width(cp);
		pos += n;
		prev = cp;
		count++;
	}
	if (width)
		*width = w;
	return pos;
}

size_t
lineedit_cluster_prev(const char *s, size_t len, size_t pos)
{
	size_t p = 0, q;

	while (p < len && (q = lineedit_cluster_next(s, len, p, NULL)) < pos)
		p = q;
	return p;
}

static int
cluster_width(const struct lineedit *le, size_t pos, size_t *end)
{
	int w;

	*end = lineedit_cluster_next(le->buf, le->len, pos, &w);
	return (le->flags & LE_MASKED) ? 1 : w;
}

/* Columns of buf[a..b), both cluster boundaries. */
static int
span_cols(const struct lineedit *le, size_t a, size_t b)
{
	size_t e;
	int cols = 0;

	while (a < b) {
		cols += cluster_width(le, a, &e);
		a = e;
	}
	return cols;
}

/* Move p to the end of the cluster containing it (inserts can merge clusters). */
static size_t
snap(const struct lineedit *le, size_t p)
{
	size_t q = 0;

	while (q < p && q < le->len)
		q = lineedit_cluster_next(le->buf, le->len, q, NULL);
	return q;
}

static size_t
count_cps(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Check s[0..n) as input: 0, JS_ERR_UTF8 or JS_ERR_INVALID; *cps gets its code points. */
static int
check_input(const char *s, size_t n, unsigned flags, size_t *cps)
{
	uint32_t cp;
	size_t i = 0, k, c = 0;

	if (!text_utf8_valid(s, n))
		return JS_ERR_UTF8;
	while (i < n) {
		if ((k = text_utf8_decode(s + i, n - i, &cp)) == 0)
			return JS_ERR_UTF8;
		if (!lineedit_cp_ok(cp, flags))
			return JS_ERR_INVALID;
		i += k;
		c++;
	}
	*cps = c;
	return 0;
}

int
lineedit_insert(struct lineedit *le, const char *s, size_t n)
{
	uint32_t cp;
	size_t cps;
	int r;

	if (n == 0)
		return 0;
	if ((r = check_input(s, n, le->flags, &cps)) != 0)
		return r;
	if (le->len + n > LINEEDIT_BYTES_MAX || count_cps(le->buf, le->len) + cps > le->max_chars)
		return JS_ERR_TOO_BIG;
	text_utf8_decode(s, n, &cp);
	if (le->cur == 0 && cp != 0x200d && text_cp_width(cp) == 0)
		return JS_ERR_INVALID;           /* a mark with no base to sit on */
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur);
	memcpy(le->buf + le->cur, s, n);
	le->len += n;
	le->buf[le->len] = '\0';
	le->cur = snap(le, le->cur + n);
	le->scroll = snap(le, le->scroll);
	return 0;
}

int
lineedit_insert_cp(struct lineedit *le, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else if (cp <= 0x10ffff) {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	} else
		return JS_ERR_INVALID;
	return lineedit_insert(le, b, n);
}

int
lineedit_set(struct lineedit *le, const char *s)
{
	struct lineedit save = *le;
	int r;

	le->len = le->cur = le->scroll = 0;
	le->buf[0] = '\0';
	if ((r = lineedit_insert(le, s, strlen(s))) != 0)
		*le = save;
	return r;
}

int
lineedit_left(struct lineedit *le)
{
	if (le->cur == 0)
		return 0;
	le->cur = lineedit_cluster_prev(le->buf, le->len, le->cur);
	return 1;
}

int
lineedit_right(struct lineedit *le)
{
	if (le->cur >= le->len)
		return 0;
	le->cur = lineedit_cluster_next(le->buf, le->len, le->cur, NULL);
	return 1;
}

int
lineedit_home(struct lineedit *le)
{
	int moved = le->cur != 0;

	le->cur = 0;
	return moved;
}

int
lineedit_end(struct lineedit *le)
{
	int moved = le->cur != le->len;

	le->cur = le->len;
	return moved;
}

/* Remove buf[a..b) and put the cursor at a. */
static int
cut(struct lineedit *le, size_t a, size_t b)
{
	if (a >= b)
		return 0;
	memmove(le->buf + a, le->buf + b, le->len - b);
	le->len -= b - a;
	le->buf[le->len] = '\0';
	le->cur = a;
	if (le->scroll > a)
		le->scroll = a;
	le->scroll = snap(le, le->scroll);
	return 1;
}

int
lineedit_backspace(struct lineedit *le)
{
	if (le->cur == 0)
		return 0;
	return cut(le, lineedit_cluster_prev(le->buf, le->len, le->cur), le->cur);
}

int
lineedit_delete(struct lineedit *le)
{
	size_t e;

	if (le->cur >= le->len)
		return 0;
	e = lineedit_cluster_next(le->buf, le->len, le->cur, NULL);
	return cut(le, le->cur, e);
}

int
lineedit_kill_start(struct lineedit *le)
{
	return cut(le, 0, le->cur);
}

int
lineedit_kill_end(struct lineedit *le)
{
	size_t cur = le->cur;
	int r = cut(le, le->cur, le->len);

	le->cur = cur;
	return r;
}

static int
is_space_at(const struct lineedit *le, size_t p)
{
	uint32_t cp;

	return text_utf8_decode(le->buf + p, le->len - p, &cp) != 0 &&
	    (cp == ' ' || cp == 0x3000);
}

int
lineedit_kill_word(struct lineedit *le)
{
	size_t p = le->cur, q;

	while (p > 0 && is_space_at(le, q = lineedit_cluster_prev(le->buf, le->len, p)))
		p = q;
	while (p > 0 && !is_space_at(le, q = lineedit_cluster_prev(le->buf, le->len, p)))
		p = q;
	return cut(le, p, le->cur);
}

size_t
lineedit_chars(const struct lineedit *le)
{
	return count_cps(le->buf, le->len);
}

int
lineedit_cursor_col(const struct lineedit *le)
{
	return span_cols(le, 0, le->cur);
}

void
lineedit_view(struct lineedit *le, int width, struct le_view *v)
{
	size_t e, p;
	int curw, cols;

	if (width < 2)
		width = 2;
	/* the cell(s) the cursor needs: the cluster under it, or one blank at the end */
	curw = le->cur < le->len ? cluster_width(le, le->cur, &e) : 1;
	if (curw < 1)
		curw = 1;
	if (le->scroll > le->cur)
		le->scroll = le->cur;
	while (le->scroll < le->cur && span_cols(le, le->scroll, le->cur) + curw > width)
		le->scroll = lineedit_cluster_next(le->buf, le->len, le->scroll, NULL);
	/* scroll back when text was deleted and more of it fits again */
	while (le->scroll > 0) {
		p = lineedit_cluster_prev(le->buf, le->len, le->scroll);
		if (span_cols(le, p, le->len) + (le->cur == le->len) > width ||
		    span_cols(le, p, le->cur) + curw > width)
			break;
		le->scroll = p;
	}
	v->start = le->scroll;
	v->cursor_x = span_cols(le, le->scroll, le->cur);
	cols = 0;
	p = le->scroll;
	while (p < le->len) {
		int w = cluster_width(le, p, &e);

		if (cols + w > width)
			break;
		cols += w;
		p = e;
	}
	v->end = p;
	v->cols = cols;
	v->more_left = le->scroll > 0;
	v->more_right = p < le->len;
}
