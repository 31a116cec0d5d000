/* search_tokens.c: index tokens, query terms, suggestion terms and pinyin of text (ICU). */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "err.h"
#include "log.h"
#include "pinyin.h"
#include "search.h"
#include "search_impl.h"
#include "utf8.h"

/* Initials of runs of up to this many words become tokens ("qywzsj"). */
#define INITIALS_WORDS 4

static UBreakIterator *brk;          /* word iterator, opened once per process */
static const UNormalizer2 *nfkc_cf;  /* ICU's own singleton: never closed */

static int
icu_err(UErrorCode e)
{
	return e == U_MEMORY_ALLOCATION_ERROR ? JS_ERR_NOMEM : JS_ERR_IO;
}

static int
open_icu(void)
{
	UErrorCode e = U_ZERO_ERROR;

	if (nfkc_cf == NULL) {
		nfkc_cf = unorm2_getNFKCCasefoldInstance(&e);
		if (U_FAILURE(e)) {
			log_error("unorm2_getNFKCCasefoldInstance: %s", u_errorName(e));
			nfkc_cf = NULL;
			return icu_err(e);
		}
	}
	if (brk == NULL) {
		/* "zh": the dictionary that segments Chinese (the root locale has it too). */
		brk = ubrk_open(UBRK_WORD, "zh", NULL, 0, &e);
		if (U_FAILURE(e)) {
			log_error("ubrk_open(UBRK_WORD): %s", u_errorName(e));
			brk = NULL;
			return icu_err(e);
		}
	}
	return 0;
}

int
search_init(void)
{
	int r;

	if ((r = open_icu()) != 0)
		return r;
	return pinyin_open();
}

void
search_cleanup(void)
{
	if (brk != NULL)
		ubrk_close(brk);
	brk = NULL;
	pinyin_close();
}

void
search_cut(char *s, size_t max)
{
	if (strlen(s) <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	s[max] = '\0';
}

/* NFKC + case folding of valid UTF-8 s into a new UTF-16 string (*out, caller frees). */
int
search_norm16(const char *s, size_t len, UChar **out, int32_t *outlen)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar *src, *dst;
	int32_t n, cap, m;
	int r;

	*out = NULL;
	if (!utf8_valid(s, len))
		return JS_ERR_UTF8;
	if ((r = open_icu()) != 0)
		return r;
	if ((src = malloc((len + 1) * sizeof *src)) == NULL)
		return JS_ERR_NOMEM;
	u_strFromUTF8(src, (int32_t)len + 1, &n, s, (int32_t)len, &e);
	if (U_FAILURE(e)) {
		free(src);
		return JS_ERR_UTF8;
	}
	cap = n + n / 2 + 16;
	for (;;) {
		if ((dst = malloc((size_t)cap * sizeof *dst)) == NULL) {
			free(src);
			return JS_ERR_NOMEM;
		}
		e = U_ZERO_ERROR;
		m = unorm2_normalize(nfkc_cf, src, n, dst, cap, &e);
		if (e != U_BUFFER_OVERFLOW_ERROR && e != U_STRING_NOT_TERMINATED_WARNING)
			break;
		free(dst);
		cap = m + 1;
	}
	free(src);
	if (U_FAILURE(e)) {
		free(dst);
		return icu_err(e);
	}
	*out = dst;
	*outlen = m;
	return 0;
}

int
search_seg_start(struct search_seg *g, const UChar *s, int32_t n)
{
	UErrorCode e = U_ZERO_ERROR;

	g->s = s;
	g->n = n;
	ubrk_setText(brk, s, n, &e);
	if (U_FAILURE(e))
		return icu_err(e);
	g->b = ubrk_first(brk);
	return 0;
}

/* Next segment [a, b) with its rule status; 0 at the end. */
int
search_seg_next(struct search_seg *g)
{
	int32_t b = ubrk_next(brk);

	if (b == UBRK_DONE)
		return 0;
	g->a = g->b;
	g->b = b;
	g->status = ubrk_getRuleStatus(brk);
	return 1;
}

int
search_seg_is_cjk(const struct search_seg *g)
{
	return g->status >= UBRK_WORD_KANA && g->status < UBRK_WORD_IDEO_LIMIT;
}

int
search_seg_is_word(const struct search_seg *g)
{
	return g->status >= UBRK_WORD_NUMBER && g->status < UBRK_WORD_LETTER_LIMIT;
}

/* ---- the token set of one search_tokens call: dedup by open addressing on out ---- */

struct tokset {
	struct buf *out;
	uint32_t *slot;            /* start offset in out->data + 1, 0 = empty */
	size_t cap, n;
};

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static size_t
tok_len_at(const struct buf *b, size_t off)
{
	const char *sp = memchr(b->data + off, ' ', b->len - off);

	return sp ? (size_t)(sp - (b->data + off)) : b->len - off;
}

static int
tokset_grow(struct tokset *ts)
{
	size_t cap = ts->cap * 2, i, j;
	uint32_t *slot = calloc(cap, sizeof *slot);

	if (slot == NULL)
		return JS_ERR_NOMEM;
	for (i = 0; i < ts->cap; i++) {
		size_t off;

		if (ts->slot[i] == 0)
			continue;
		off = ts->slot[i] - 1;
		j = hash(ts->out->data + off, tok_len_at(ts->out, off)) & (cap - 1);
		while (slot[j] != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = ts->slot[i];
	}
	free(ts->slot);
	ts->slot = slot;
	ts->cap = cap;
	return 0;
}

/* Append token tok[0..n) unless this call has already appended it. */
static int
emit(struct tokset *ts, const char *tok, size_t n)
{
	struct buf *b = ts->out;
	size_t j, off;
	int r;

	if (n > SEARCH_TERM_LEN) {
		n = SEARCH_TERM_LEN;
		while (n > 0 && ((unsigned char)tok[n] & 0xC0) == 0x80)
			n--;
	}
	if (n == 0)
		return 0;
	if (ts->n * 2 >= ts->cap && (r = tokset_grow(ts)) != 0)
		return r;
	j = hash(tok, n) & (ts->cap - 1);
	while (ts->slot[j] != 0) {
		off = ts->slot[j] - 1;
		if (tok_len_at(b, off) == n && memcmp(b->data + off, tok, n) == 0)
			return 0;
		j = (j + 1) & (ts->cap - 1);
	}
	if (b->len > 0 && (r = buf_putc(b, ' ')) != 0)
		return r;
	off = b->len;
	if (off >= UINT32_MAX - 1)
		return JS_ERR_TOO_BIG;
	if ((r = buf_append(b, tok, n)) != 0)
		return r;
	ts->slot[j] = (uint32_t)off + 1;
	ts->n++;
	return 0;
}

/* Encode code points cp[0..n) as UTF-8 into out (room for 4 * n bytes); its length. */
size_t
search_enc(const uint32_t *cp, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += utf8_encode(cp[i], out + k);
	return k;
}

/* Code points of segment g into cp[] (room for g->b - g->a); their count. */
size_t
search_seg_cps(const struct search_seg *g, uint32_t *cp)
{
	int32_t i = g->a;
	size_t n = 0;
	UChar32 c;

	while (i < g->b) {
		U16_NEXT(g->s, i, g->b, c);
		cp[n++] = (uint32_t)c;
	}
	return n;
}

int
search_seg_alnum(const struct search_seg *g, search_alnum_fn fn, void *ud)
{
	char w[SEARCH_TERM_LEN + 4];
	size_t n = 0;
	int32_t i = g->a;
	int letters = 0, r;
	UChar32 c;

	while (i <= g->b) {
		c = -1;
		if (i < g->b)
			U16_NEXT(g->s, i, g->b, c);
		else
			i++;
		if (c >= 0 && u_isalnum(c)) {
			if (n + 4 <= SEARCH_TERM_LEN)
				n += utf8_encode((uint32_t)c, w + n);
			letters |= !u_isdigit(c);
			continue;
		}
		if (n > 0 && (r = fn(ud, w, n, letters)) != 0)
			return r;
		n = 0;
		letters = 0;
	}
	return 0;
}

/* ---- a run of Han / kana words: the unit that unigrams, bigrams and pinyin come from ---- */

int
search_run_alloc(struct search_run *rn, size_t units)
{
	memset(rn, 0, sizeof *rn);
	buf_init(&rn->py, (size_t)SEARCH_TEXT_MAX * 64);
	rn->cp = malloc((units + 1) * sizeof *rn->cp);
	rn->ws = malloc((units + 2) * sizeof *rn->ws);
	rn->pyo = malloc((units + 1) * 4 * sizeof *rn->pyo);
	if (rn->cp == NULL || rn->ws == NULL || rn->pyo == NULL)
		return JS_ERR_NOMEM;
	rn->pyl = rn->pyo + units + 1;
	rn->io = rn->pyl + units + 1;
	rn->il = rn->io + units + 1;
	return 0;
}

void
search_run_free(struct search_run *rn)
{
	free(rn->cp);
	free(rn->ws);
	free(rn->pyo);
	buf_free(&rn->py);
}

void
search_run_add(struct search_run *rn, const struct search_seg *g)
{
	rn->ws[rn->nw++] = rn->n;
	rn->n += search_seg_cps(g, rn->cp + rn->n);
	rn->ws[rn->nw] = rn->n;
}

/* Pinyin and initials of every word of the run (pyl[k] = 0 when a character has none). */
static int
run_pinyin(struct search_run *rn)
{
	const char *py;
	size_t k, i, len;
	int r;

	buf_reset(&rn->py);
	for (k = 0; k < rn->nw; k++) {
		size_t start = rn->py.len;

		rn->pyl[k] = rn->il[k] = 0;
		for (i = rn->ws[k]; i < rn->ws[k + 1]; i++) {
			if ((r = pinyin_cp(rn->cp[i], &py, &len)) < 0)
				return r;
			if (r == 0)
				break;
			if ((r = buf_append(&rn->py, py, len)) != 0)
				return r;
		}
		if (i < rn->ws[k + 1]) {
			rn->py.len = start;
			continue;
		}
		rn->pyo[k] = start;
		rn->pyl[k] = rn->py.len - start;
		rn->io[k] = rn->py.len;
		for (i = rn->ws[k]; i < rn->ws[k + 1]; i++) {
			if ((r = pinyin_cp(rn->cp[i], &py, &len)) < 0 ||
			    (r = buf_putc(&rn->py, py[0])) != 0)
				return r;
		}
		rn->il[k] = rn->py.len - rn->io[k];
	}
	return 0;
}

static int
run_flush(struct search_run *rn, struct tokset *ts)
{
	char t[SEARCH_TERM_LEN * 2 + 8];
	size_t i, k, m, len, wl;
	int r;

	if (rn->n == 0)
		return 0;
	for (i = 0; i < rn->n; i++)
		if ((r = emit(ts, t, search_enc(rn->cp + i, 1, t))) != 0)
			return r;
	for (i = 0; i + 1 < rn->n; i++)
		if ((r = emit(ts, t, search_enc(rn->cp + i, 2, t))) != 0)
			return r;
	for (k = 0; k < rn->nw; k++) {
		wl = rn->ws[k + 1] - rn->ws[k];
		if (wl >= 3 && wl <= SEARCH_TERM_LEN / 4 &&
		    (r = emit(ts, t, search_enc(rn->cp + rn->ws[k], wl, t))) != 0)
			return r;
	}
	if ((r = run_pinyin(rn)) != 0)
		goto out;
	for (k = 0; k < rn->nw; k++) {
		const char *p = rn->py.data;

		if (rn->pyl[k] == 0)
			continue;
		/* a one-character word's pinyin ("yu" for 与) only when it is the whole run */
		if ((rn->ws[k + 1] - rn->ws[k] >= 2 || rn->nw == 1) &&
		    (r = emit(ts, p + rn->pyo[k], rn->pyl[k])) != 0)
			goto out;
		if (k + 1 < rn->nw && rn->pyl[k + 1] > 0 &&
		    rn->pyl[k] + rn->pyl[k + 1] <= SEARCH_TERM_LEN) {
			memcpy(t, p + rn->pyo[k], rn->pyl[k]);
			memcpy(t + rn->pyl[k], p + rn->pyo[k + 1], rn->pyl[k + 1]);
			if ((r = emit(ts, t, rn->pyl[k] + rn->pyl[k + 1])) != 0)
				goto out;
		}
		for (m = 0, len = 0; m < INITIALS_WORDS && k + m < rn->nw; m++) {
			if (rn->il[k + m] == 0 || len + rn->il[k + m] > SEARCH_TERM_LEN)
				break;
			memcpy(t + len, p + rn->io[k + m], rn->il[k + m]);
			len += rn->il[k + m];
			if (len >= 2 && (r = emit(ts, t, len)) != 0)
				goto out;
		}
	}
out:
	rn->n = rn->nw = 0;
	return r;
}

static int
emit_alnum(void *ud, const char *w, size_t n, int letters)
{
	(void)letters;
	return emit(ud, w, n);
}

int
search_tokens(const char *text, size_t len, struct buf *out)
{
	struct tokset ts = { out, NULL, 64, 0 };
	struct search_run rn;
	struct search_seg g;
	size_t base = out->len;
	UChar *s;
	int32_t n;
	int r;

	if (len > SEARCH_TEXT_MAX)
		return JS_ERR_TOO_BIG;
	if ((r = search_norm16(text, len, &s, &n)) != 0)
		return r;
	if ((r = search_run_alloc(&rn, (size_t)n)) != 0 ||
	    (ts.slot = calloc(ts.cap, sizeof *ts.slot)) == NULL) {
		r = r ? r : JS_ERR_NOMEM;
		goto out;
	}
	if ((r = search_seg_start(&g, s, n)) != 0)
		goto out;
	while (search_seg_next(&g)) {
		if (search_seg_is_cjk(&g)) {
			search_run_add(&rn, &g);
			continue;
		}
		if ((r = run_flush(&rn, &ts)) != 0)
			goto out;
		if (search_seg_is_word(&g) && (r = search_seg_alnum(&g, emit_alnum, &ts)) != 0)
			goto out;
	}
	r = run_flush(&rn, &ts);
out:
	if (r != 0) {
		out->len = base;
		if (out->data != NULL)
			out->data[base] = '\0';
	}
	free(ts.slot);
	search_run_free(&rn);
	free(s);
	return r;
}

