/* text.c: display width, sanitizing, and grapheme-cluster fitting of UTF-8 text (ICU). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "err.h"
#include "text.h"
#include "text_impl.h"
#include "utf8.h"

#define ELLIPSIS "\xe2\x80\xa6"	/* U+2026, 1 column under glibc */
#define ELLIPSIS_CP 0x2026
#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* ICU rules for zh are root's in ICU 72; the name records what we mean. */
#define TEXT_BRK_LOCALE "zh_CN"

/*
 * One iterator per kind per thread: opening one costs ~0.2-0.5 ms, setting it on new
 * text is cheap. `busy` marks the cached one as lent out (see text_brk_get).
 */
static _Thread_local UBreakIterator *brk_cache[TEXT_BRK_N];
static _Thread_local int brk_busy[TEXT_BRK_N];

int
text_utf8_valid(const char *s, size_t len)
{
	return utf8_valid(s, len);
}

size_t
text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	return utf8_decode(s, len, cp);
}

int
text_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (cp < 0x7f)
		return 1;
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 1;	/* not a character: drawn as a stand-in */
	/* -1 here means unassigned in glibc's tables (or U+2028/2029): a terminal still
	 * advances the cursor by one for it, as for any narrow glyph it does not know. */
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
text_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;
	long w = 0;

	while (i < len && w < INT32_MAX) {
		if (u[i] < 0x80) {
			w += u[i] >= 0x20 && u[i] < 0x7f;
			i++;
		} else if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			w++;
			i++;
		} else {
			w += text_cp_width(cp);
			i += n;
		}
	}
	return w > INT32_MAX ? INT32_MAX : (int)w;
}

/* Parameters, intermediates and final byte of a CSI whose introducer ends before j. A
 * byte that cannot belong to it ends the sequence and is left for the caller. */
static size_t
skip_csi(const unsigned char *u, size_t len, size_t j)
{
	while (j < len && u[j] >= 0x20 && u[j] <= 0x3f)
		j++;
	if (j < len && u[j] >= 0x40 && u[j] <= 0x7e)
		j++;
	return j;
}

/*
 * Body of a control string (OSC, DCS, SOS, PM, APC) up to its terminator: ST (ESC \ or
 * U+009C), BEL for OSC, or CAN / SUB which abort it. An ESC that does not start ST ends
 * the string and is left to start the next sequence, as in a terminal's parser.
 * Unterminated: everything to the end is removed, which is what a terminal would swallow.
 */
static size_t
skip_string(const unsigned char *u, size_t len, size_t j, int bel_ends)
{
	for (; j < len; j++) {
		if ((u[j] == 0x07 && bel_ends) || u[j] == 0x18 || u[j] == 0x1a)
			return j + 1;
		if (u[j] == 0x1b)
			return j + 1 < len && u[j + 1] == '\\' ? j + 2 : j;
		if (u[j] == 0xc2 && j + 1 < len && u[j + 1] == 0x9c)
			return j + 2;
	}
	return len;
}

/* End of the escape sequence whose ESC is at u[i]. */
static size_t
skip_esc(const unsigned char *u, size_t len, size_t i)
{
	size_t j = i + 1;

	if (j == len)
		return len;
	switch (u[j]) {
	case '[':
		return skip_csi(u, len, j + 1);
	case ']':
		return skip_string(u, len, j + 1, 1);
	case 'P': case 'X': case '^': case '_':
		return skip_string(u, len, j + 1, 0);
	}
	/* nF (ESC, intermediates 0x20-0x2F, final 0x30-0x7E) and two-byte ESC x */
	while (j < len && u[j] >= 0x20 && u[j] <= 0x2f)
		j++;
	if (j < len && u[j] >= 0x30 && u[j] <= 0x7e)
		j++;
	return j;
}

/* End of the C1 control U+0080..009F encoded at u[i] (2 bytes), with its parameters or
 * string when it introduces one (8-bit CSI, OSC, DCS, SOS, PM, APC). */
static size_t
skip_c1(const unsigned char *u, size_t len, size_t i, uint32_t cp)
{
	switch (cp) {
	case 0x9b:
		return skip_csi(u, len, i + 2);
	case 0x9d:
		return skip_string(u, len, i + 2, 1);
	case 0x90: case 0x98: case 0x9e: case 0x9f:
		return skip_string(u, len, i + 2, 0);
	}
	return i + 2;
}

char *
text_sanitize(const char *s, size_t len, int keep_newlines)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out, *shrunk;
	size_t i = 0, o = 0, n;
	uint32_t cp;

	/* the worst case is one 3-byte U+FFFD for every input byte */
	if (len > (SIZE_MAX - 1) / 3 || (s == NULL && len > 0))
		return NULL;
	if ((out = malloc(3 * len + 1)) == NULL)
		return NULL;
	while (i < len) {
		if (u[i] < 0x80) {
			if (u[i] == 0x1b) {
				i = skip_esc(u, len, i);
				continue;
			}
			if (u[i] == '\t')
				out[o++] = ' ';
			else if (u[i] == '\n' && keep_newlines)
				out[o++] = '\n';
			else if (u[i] >= 0x20 && u[i] != 0x7f)
				out[o++] = (char)u[i];
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			memcpy(out + o, REPLACEMENT, 3);
			o += 3;
			i += utf8_bad_len(s + i, len - i);
			continue;
		}
		if (cp < 0xa0) {
			i = skip_c1(u, len, i, cp);
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029) {	/* line / paragraph separator */
			if (keep_newlines)
				out[o++] = '\n';
		} else if (!utf8_is_bidi_control(cp)) {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	if (o + 1 < 3 * len + 1 && (shrunk = realloc(out, o + 1)) != NULL)
		out = shrunk;
	return out;
}

static int
icu_err(UErrorCode st)
{
	if (st == U_MEMORY_ALLOCATION_ERROR)
		return JS_ERR_NOMEM;
	if (st == U_FILE_ACCESS_ERROR || st == U_MISSING_RESOURCE_ERROR)
		return JS_ERR_IO;	/* ICU data not found */
	return JS_ERR_INVALID;
}

UBreakIterator *
text_brk_get(enum text_brk kind, const char *s, size_t len, int *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UText ut = UTEXT_INITIALIZER;
	UBreakIterator *bi;

	if (brk_cache[kind] == NULL) {
		brk_cache[kind] = ubrk_open(kind == TEXT_BRK_LINE ? UBRK_LINE : UBRK_CHARACTER,
		    TEXT_BRK_LOCALE, NULL, 0, &st);
		if (U_FAILURE(st)) {
			brk_cache[kind] = NULL;
			*err = icu_err(st);
			return NULL;
		}
	}
	if (!brk_busy[kind]) {
		bi = brk_cache[kind];
		brk_busy[kind] = 1;
	} else if ((bi = ubrk_clone(brk_cache[kind], &st)) == NULL || U_FAILURE(st)) {
		*err = icu_err(st);
		return NULL;
	}
	/* the iterator keeps a shallow clone of ut: s must outlive its use, ut need not */
	utext_openUTF8(&ut, s, (int64_t)len, &st);
	ubrk_setUText(bi, &ut, &st);
	utext_close(&ut);
	if (U_FAILURE(st)) {
		text_brk_put(kind, bi);
		*err = icu_err(st);
		return NULL;
	}
	return bi;
}

void
text_brk_put(enum text_brk kind, UBreakIterator *bi)
{
	if (bi == brk_cache[kind])
		brk_busy[kind] = 0;
	else
		ubrk_close(bi);
}

int
text_init(void)
{
	UBreakIterator *bi;
	int k, err;

	for (k = 0; k < TEXT_BRK_N; k++) {
		if ((bi = text_brk_get((enum text_brk)k, " ", 1, &err)) == NULL)
			return err;
		text_brk_put((enum text_brk)k, bi);
	}
	return 0;
}

void
text_cleanup(void)
{
	int k;

	for (k = 0; k < TEXT_BRK_N; k++) {
		ubrk_close(brk_cache[k]);
		brk_cache[k] = NULL;
		brk_busy[k] = 0;
	}
}

/* Without ICU: one code point and the zero-width code points after it. */
static size_t
cluster_fallback(const char *s, size_t len, int *w)
{
	size_t i, n;
	uint32_t cp;

	if ((i = utf8_decode(s, len, &cp)) == 0) {
		*w = 1;
		return 1;
	}
	*w = text_cp_width(cp);
	while (i < len && (n = utf8_decode(s + i, len - i, &cp)) != 0 &&
	    text_cp_width(cp) == 0)
		i += n;
	return i;
}

size_t
text_fit_bytes(const char *s, size_t len, int cols, size_t maxbytes, int *used)
{
	UBreakIterator *bi;
	size_t k, lim, pos = 0, next;
	int w = 0, cw, err;
	int32_t b;

	if (len > INT32_MAX)
		len = INT32_MAX;	/* no cols-wide prefix is that long but in theory */
	if (cols <= 0 || len == 0 || maxbytes == 0)
		goto out;
	/* printable ASCII before printable ASCII is always a cluster boundary */
	lim = len < (size_t)cols + 1 ? len : (size_t)cols + 1;
	for (k = 0; k < lim && s[k] >= 0x20 && s[k] < 0x7f; k++)
		;
	pos = k < (size_t)cols ? k : (size_t)cols;
	pos = pos < maxbytes ? pos : maxbytes;
	if (pos < k || k == len) {
		w = (int)pos;
		goto out;
	}
	pos = 0;
	if ((bi = text_brk_get(TEXT_BRK_CHAR, s, len, &err)) == NULL) {
		while (pos < len) {
			next = pos + cluster_fallback(s + pos, len - pos, &cw);
			if (cw > cols - w || next > maxbytes)
				break;
			w += cw;
			pos = next;
		}
		goto out;
	}
	while ((b = ubrk_next(bi)) != UBRK_DONE) {
		cw = text_width(s + pos, (size_t)b - pos);
		if (cw > cols - w || (size_t)b > maxbytes)
			break;
		w += cw;
		pos = (size_t)b;
	}
	text_brk_put(TEXT_BRK_CHAR, bi);
out:
	if (used != NULL)
		*used = w;
	return pos;
}

size_t
text_fit(const char *s, size_t len, int cols, int *used)
{
	if (s == NULL)
		len = 0;
	return text_fit_bytes(s, len, cols, len, used);
}

int
text_truncate(const char *s, size_t len, int cols, char *out, size_t outlen)
{
	size_t k;
	int w, ew = text_cp_width(ELLIPSIS_CP);

	if (cols < 0 || out == NULL || outlen < 4 || (s == NULL && len > 0))
		return JS_ERR_INVALID;
	out[0] = '\0';
	if (!utf8_valid(s, len))
		return JS_ERR_UTF8;
	k = text_fit_bytes(s, len, cols, outlen - 1, &w);
	if (k < len) {
		if (cols < ew)
			return 0;
		k = text_fit_bytes(s, len, cols - ew, outlen - 1 - 3, &w);
		while (k > 0 && s[k - 1] == ' ')	/* "word …" reads worse than "word…" */
			k--, w--;
		memcpy(out + k, ELLIPSIS, 3);
		w += ew;
		out[k + 3] = '\0';
	} else
		out[k] = '\0';
	if (k > 0)
		memcpy(out, s, k);
	return w;
}

int
text_pad(const char *s, size_t len, int cols, int right, char *out, size_t outlen)
{
	size_t tl, pad;
	int w;

	if (cols < 0 || out == NULL || outlen < (size_t)cols + 4)
		return JS_ERR_INVALID;
	if ((w = text_truncate(s, len, cols, out, outlen - (size_t)cols)) < 0)
		return w;
	tl = strlen(out);
	pad = (size_t)(cols - w);
	if (right) {
		memmove(out + pad, out, tl + 1);
		memset(out, ' ', pad);
	} else {
		memset(out + tl, ' ', pad);
		out[tl + pad] = '\0';
	}
	return cols;
}
