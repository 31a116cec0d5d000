/* search_words.c: query terms, suggestion terms, normalized text and pinyin of a text. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "err.h"
#include "pinyin.h"
#include "search.h"
#include "search_impl.h"
#include "utf8.h"

/* ---- queries ---- */

/* Characters that, alone as a query word, would only narrow results by accident. */
static int
is_function_char(uint32_t cp)
{
	static const uint32_t fc[] = {
		0x7684 /* 的 */, 0x4E86 /* 了 */, 0x548C /* 和 */, 0x4E0E /* 与 */,
		0x53CA /* 及 */, 0x6216 /* 或 */, 0x662F /* 是 */, 0x5728 /* 在 */,
		0x5417 /* 吗 */, 0x5462 /* 呢 */, 0x5427 /* 吧 */, 0x554A /* 啊 */,
		0x4E4B /* 之 */, 0x4E5F /* 也 */, 0x628A /* 把 */, 0x88AB /* 被 */,
	};
	size_t i;

	for (i = 0; i < sizeof fc / sizeof fc[0]; i++)
		if (fc[i] == cp)
			return 1;
	return 0;
}

struct qstate {
	struct search_query *q;
	int last_latin;            /* the last term added came from a Latin word */
	int dropped_fc;            /* a function character was left out */
};

static void
qadd(struct qstate *qs, const char *tok, size_t n, int latin)
{
	struct search_query *q = qs->q;
	size_t i;

	if (n == 0 || n > SEARCH_TERM_LEN)
		return;
	for (i = 0; i < q->n; i++)
		if (strlen(q->t[i].tok) == n && memcmp(q->t[i].tok, tok, n) == 0)
			return;
	if (q->n == SEARCH_QTERMS)
		return;
	memcpy(q->t[q->n].tok, tok, n);
	q->t[q->n].tok[n] = '\0';
	q->n++;
	qs->last_latin = latin;
}

static int
qadd_alnum(void *ud, const char *w, size_t n, int letters)
{
	qadd(ud, w, n, letters);
	return 0;
}

/*
 * One run of Han / kana words of the query. A short run (up to QUERY_PHRASE characters)
 * is taken as one phrase: its bigrams, so 程序员 needs 程序 + 序员 and does not match
 * 会员积分小程序. A longer one is several concepts typed without spaces (网站设计开发): the
 * bigrams of each ICU word, so the words may stand apart in the document.
 */
#define QUERY_PHRASE 4

static void
qrun(struct qstate *qs, const struct search_run *rn)
{
	char t[16];
	size_t k, i, a, b;

	if (rn->n == 0)
		return;
	for (k = 0; k < rn->nw; k++) {
		a = rn->n <= QUERY_PHRASE ? 0 : rn->ws[k];
		b = rn->n <= QUERY_PHRASE ? rn->n : rn->ws[k + 1];
		if (b - a == 1) {
			if (is_function_char(rn->cp[a]))
				qs->dropped_fc = 1;
			else
				qadd(qs, t, search_enc(rn->cp + a, 1, t), 0);
		}
		for (i = a; i + 1 < b; i++)
			qadd(qs, t, search_enc(rn->cp + i, 2, t), 0);
		if (rn->n <= QUERY_PHRASE)
			break;
	}
}

int
search_query_parse(const char *query, struct search_query *out)
{
	struct qstate qs = { out, 0, 0 };
	uint32_t cp[4];
	char t[16];
	struct search_run rn;
	struct search_seg g;
	size_t len = strlen(query);
	UChar *s;
	int32_t n;
	int r;

	out->n = 0;
	if (len > SEARCH_QUERY_MAX)
		return JS_ERR_TOO_BIG;
	if ((r = search_norm16(query, len, &s, &n)) != 0)
		return r;
	if ((r = search_run_alloc(&rn, (size_t)n)) != 0 || (r = search_seg_start(&g, s, n)) != 0)
		goto out;
	while (search_seg_next(&g)) {
		if (search_seg_is_cjk(&g)) {
			search_run_add(&rn, &g);
			continue;
		}
		qrun(&qs, &rn);
		rn.n = rn.nw = 0;
		if (search_seg_is_word(&g))
			search_seg_alnum(&g, qadd_alnum, &qs);
	}
	qrun(&qs, &rn);
	/* A query of nothing but function characters still searches for them. */
	if (out->n == 0 && qs.dropped_fc) {
		if ((r = search_seg_start(&g, s, n)) != 0)
			goto out;
		while (search_seg_next(&g))
			if (search_seg_is_cjk(&g) && g.b - g.a <= 2 && search_seg_cps(&g, cp) == 1)
				qadd(&qs, t, search_enc(cp, 1, t), 0);
	}
	r = 0;
out:
	search_run_free(&rn);
	free(s);
	return r;
}

/* ---- suggestion terms ---- */

struct termstate {
	search_term_fn fn;
	void *ud;
};

static int
term_alnum(void *ud, const char *w, size_t n, int letters)
{
	struct termstate *st = ud;
	char t[SEARCH_TERM_LEN + 1];

	if (!letters || n < 2)
		return 0;
	memcpy(t, w, n);
	t[n] = '\0';
	return st->fn(st->ud, t);
}

static int
term_run(struct search_run *rn, struct termstate *st)
{
	char t[SEARCH_TERM_LEN * 2 + 8];
	size_t k, a, b, c, len;
	int r = 0;

	for (k = 0; k < rn->nw && r == 0; k++) {
		a = rn->ws[k];
		b = rn->ws[k + 1];
		if (b - a < 2 || b - a > SEARCH_TERM_LEN / 4)
			continue;
		len = search_enc(rn->cp + a, b - a, t);
		t[len] = '\0';
		if ((r = st->fn(st->ud, t)) != 0 || k + 1 == rn->nw)
			break;
		c = rn->ws[k + 2];
		if (c - b < 2 || c - a > SEARCH_TERM_LEN / 4)
			continue;
		len = search_enc(rn->cp + a, c - a, t);
		t[len] = '\0';
		r = st->fn(st->ud, t);
	}
	rn->n = rn->nw = 0;
	return r;
}

int
search_terms_each(const char *text, size_t len, search_term_fn fn, void *ud)
{
	struct termstate st = { fn, ud };
	struct search_run rn;
	struct search_seg g;
	UChar *s;
	int32_t n;
	int r;

	if (len > SEARCH_TEXT_MAX)
		return JS_ERR_TOO_BIG;
	if ((r = search_norm16(text, len, &s, &n)) != 0)
		return r;
	if ((r = search_run_alloc(&rn, (size_t)n)) != 0 || (r = search_seg_start(&g, s, n)) != 0)
		goto out;
	while (search_seg_next(&g)) {
		if (search_seg_is_cjk(&g)) {
			search_run_add(&rn, &g);
			continue;
		}
		if ((r = term_run(&rn, &st)) != 0)
			goto out;
		if (search_seg_is_word(&g) && (r = search_seg_alnum(&g, term_alnum, &st)) != 0)
			goto out;
	}
	r = term_run(&rn, &st);
out:
	search_run_free(&rn);
	free(s);
	return r;
}

int
search_norm_text(const char *text, size_t len, char *out, size_t max)
{
	size_t k = 0;
	int32_t i = 0, n;
	int space = 0, r;
	UChar *s;
	UChar32 c;
	char u[4];

	if ((r = search_norm16(text, len, &s, &n)) != 0)
		return r;
	while (i < n) {
		U16_NEXT(s, i, n, c);
		if (u_isUWhiteSpace(c)) {
			space = k > 0;
			continue;
		}
		if (u_iscntrl(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
			continue;
		if (space + utf8_encode((uint32_t)c, u) + k > max)
			break;
		if (space)
			out[k++] = ' ';
		space = 0;
		k += utf8_encode((uint32_t)c, out + k);
	}
	out[k] = '\0';
	free(s);
	return 0;
}

/* ---- pinyin of a whole text ---- */

struct pyout {
	char *s;
	size_t cap, n;
	int full;                  /* stop appending: the next piece did not fit */
};

static void
py_put(struct pyout *o, const char *p, size_t n, int space)
{
	if (o->s == NULL || o->full)
		return;
	if (o->n + (space && o->n > 0) + n + 1 > o->cap) {
		o->full = 1;
		return;
	}
	if (space && o->n > 0)
		o->s[o->n++] = ' ';
	memcpy(o->s + o->n, p, n);
	o->n += n;
	o->s[o->n] = '\0';
}

int
pinyin_of(const char *text, char *full, size_t fulllen, char *initials, size_t inilen)
{
	struct pyout f = { full, fulllen, 0, 0 }, in = { initials, inilen, 0, 0 };
	enum { NONE, HAN, WORD } prev = NONE;
	const char *py;
	size_t len = strlen(text), plen;
	int32_t i = 0, n;
	UChar *s;
	UChar32 c;
	char u[4];
	int r;

	if (full != NULL && fulllen > 0)
		full[0] = '\0';
	if (initials != NULL && inilen > 0)
		initials[0] = '\0';
	if (len > SEARCH_TEXT_MAX)
		return JS_ERR_TOO_BIG;
	if ((r = search_norm16(text, len, &s, &n)) != 0)
		return r;
	while (i < n) {
		U16_NEXT(s, i, n, c);
		if ((r = pinyin_cp((uint32_t)c, &py, &plen)) < 0)
			break;
		if (r == 1) {
			py_put(&f, py, plen, prev != HAN);
			py_put(&in, py, 1, prev != HAN);
			prev = HAN;
		} else if (u_isalnum(c)) {
			plen = utf8_encode((uint32_t)c, u);
			py_put(&f, u, plen, prev != WORD);
			if (prev != WORD)
				py_put(&in, u, plen, 1);
			prev = WORD;
		} else {
			prev = NONE;
		}
		r = 0;
	}
	free(s);
	return r;
}
