/* text_wrap.c: greedy line wrapping of UTF-8 text at ICU line-break opportunities. */
#include <stdint.h>
#include <string.h>

#include <unicode/ubrk.h>

#include "err.h"
#include "text.h"
#include "text_impl.h"
#include "utf8.h"

struct wrap {
	const char	*s;	/* the paragraph */
	int		 cols;
	text_line_fn	 emit;
	void		*ud;
	int		 lines;	/* emitted, over all paragraphs */
	int		 para_lines;
};

/* Emits s[ls..end) without trailing spaces; a line that is all spaces (an indent pushed
 * down by a long word) is skipped unless force. */
static void
wrap_emit(struct wrap *w, size_t ls, size_t end, int force)
{
	while (end > ls && w->s[end - 1] == ' ')
		end--;
	if (end == ls && !force)
		return;
	w->emit(w->ud, w->s + ls, end - ls);
	w->lines++;
	w->para_lines++;
}

/* Bytes of s that fit in cols when even one grapheme cluster does not (a ZWJ sequence
 * whose wcwidth sum exceeds cols): whole code points, at least one, with the zero-width
 * ones after them. Lines stay within cols; the cluster is drawn in pieces. */
static size_t
wrap_fit_cps(const char *s, size_t len, int cols, int *used)
{
	size_t i = 0, n;
	uint32_t cp;
	int w = 0, cw;

	while (i < len && (n = utf8_decode(s + i, len - i, &cp)) != 0) {
		cw = text_cp_width(cp);
		if (i > 0 && cw > cols - w)
			break;
		w += cw;
		i += n;
	}
	*used = w;
	return i;
}

/* Width of the n spaces ending a segment, as far as a line can tell: at most cols + 1. */
static int
wrap_spaces(const struct wrap *w, size_t n)
{
	return n > (size_t)w->cols ? w->cols + 1 : (int)n;
}

/*
 * One paragraph (no '\n'). [ls, le) is the line being built, with `full` its width
 * including trailing spaces; each ICU segment [le, b) ends at a break opportunity and
 * carries its trailing spaces, which never count against cols at a line end.
 */
static int
wrap_para(struct wrap *w, size_t len)
{
	UBreakIterator *bi;
	size_t ls = 0, le = 0, t, k;
	int full = 0, wt, used, err;
	int32_t b;

	w->para_lines = 0;
	if (len == 0) {
		wrap_emit(w, 0, 0, 1);
		return 0;
	}
	if ((bi = text_brk_get(TEXT_BRK_LINE, w->s, len, &err)) == NULL)
		return err;
	while ((b = ubrk_next(bi)) != UBRK_DONE) {
		for (t = (size_t)b; t > le && w->s[t - 1] == ' '; t--)
			;
		wt = text_width(w->s + le, t - le);
		if (wt <= w->cols - full) {
			full += wt + wrap_spaces(w, (size_t)b - t);
			le = (size_t)b;
			continue;
		}
		if (le > ls) {
			wrap_emit(w, ls, le, 0);
			ls = le;
			full = 0;
			if (wt <= w->cols) {
				full = wt + wrap_spaces(w, (size_t)b - t);
				le = (size_t)b;
				continue;
			}
		}
		/* a word wider than a line: cut it at cluster boundaries */
		for (;;) {
			k = text_fit_bytes(w->s + ls, t - ls, w->cols, t - ls, &used);
			if (k == 0)
				k = wrap_fit_cps(w->s + ls, t - ls, w->cols, &used);
			if (ls + k == t)
				break;
			wrap_emit(w, ls, ls + k, 0);
			ls += k;
		}
		full = used + wrap_spaces(w, (size_t)b - t);
		le = (size_t)b;
	}
	text_brk_put(TEXT_BRK_LINE, bi);
	wrap_emit(w, ls, len, w->para_lines == 0);
	return 0;
}

int
text_wrap(const char *s, size_t len, int cols, text_line_fn emit, void *ud)
{
	struct wrap w = { NULL, cols, emit, ud, 0, 0 };
	const char *nl;
	size_t p = 0, pl;
	int r;

	if (cols < 2 || emit == NULL || (s == NULL && len > 0))
		return JS_ERR_INVALID;
	if (len > INT32_MAX)
		return JS_ERR_TOO_BIG;
	if (!utf8_valid(s, len))
		return JS_ERR_UTF8;
	if (cols > INT32_MAX / 4)
		w.cols = INT32_MAX / 4;	/* width sums cannot overflow; no real screen is wider */
	while (p < len) {
		nl = memchr(s + p, '\n', len - p);
		pl = (nl != NULL ? (size_t)(nl - s) : len) - p;
		w.s = s + p;
		if ((r = wrap_para(&w, pl)) != 0)
			return r;
		if (nl == NULL)
			break;
		p += pl + 1;
	}
	return w.lines;
}
