/* pinyin.c: toneless pinyin per Han code point, ICU Han-Latin behind a lazily filled cache. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "err.h"
#include "log.h"
#include "pinyin.h"

#define PY_LO 0x3400u
#define PY_HI 0x9FFFu
#define PY_NONE 0xFFFFFFFFu          /* slot value: known to have no pinyin */
#define PY_MAXLEN 31                 /* letters of one entry (a few rare ones have 2 syllables) */

static UTransliterator *tr;
/* slot[cp - PY_LO]: 0 = not looked up yet, PY_NONE, else (offset in pool << 5) | length. */
static uint32_t *slot;
static char *pool;
static size_t pool_len, pool_cap;
static char scratch[PY_MAXLEN + 1];  /* the answer for code points outside the cache */

int
pinyin_open(void)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar id[] = { 'H', 'a', 'n', '-', 'L', 'a', 't', 'i', 'n', 0 };

	if (tr != NULL)
		return 0;
	if (slot == NULL && (slot = calloc(PY_HI - PY_LO + 1, sizeof *slot)) == NULL)
		return JS_ERR_NOMEM;
	tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
	if (U_FAILURE(e) || tr == NULL) {
		log_error("utrans_openU(Han-Latin): %s", u_errorName(e));
		tr = NULL;
		return e == U_MEMORY_ALLOCATION_ERROR ? JS_ERR_NOMEM : JS_ERR_IO;
	}
	return 0;
}

void
pinyin_close(void)
{
	if (tr != NULL)
		utrans_close(tr);
	tr = NULL;
	free(slot);
	free(pool);
	slot = NULL;
	pool = NULL;
	pool_len = pool_cap = 0;
}

int
pinyin_is_han(uint32_t cp)
{
	UErrorCode e = U_ZERO_ERROR;

	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 1;
	return uscript_getScript((UChar32)cp, &e) == USCRIPT_HAN && U_SUCCESS(e);
}

/* The ASCII letter for one UTF-16 unit of Han-Latin output: 0 to skip it, -1 if foreign. */
static int
latin_fold(UChar c)
{
	static const struct { UChar from; char to; } tones[] = {
		{ 0x0101, 'a' }, { 0x00E1, 'a' }, { 0x01CE, 'a' }, { 0x00E0, 'a' },
		{ 0x0113, 'e' }, { 0x00E9, 'e' }, { 0x011B, 'e' }, { 0x00E8, 'e' },
		{ 0x00EA, 'e' }, { 0x012B, 'i' }, { 0x00ED, 'i' }, { 0x01D0, 'i' },
		{ 0x00EC, 'i' }, { 0x014D, 'o' }, { 0x00F3, 'o' }, { 0x01D2, 'o' },
		{ 0x00F2, 'o' }, { 0x016B, 'u' }, { 0x00FA, 'u' }, { 0x01D4, 'u' },
		{ 0x00F9, 'u' }, { 0x01D6, 'v' }, { 0x01D8, 'v' }, { 0x01DA, 'v' },
		{ 0x01DC, 'v' }, { 0x00FC, 'v' }, { 0x0144, 'n' }, { 0x0148, 'n' },
		{ 0x01F9, 'n' }, { 0x1E3F, 'm' },
	};
	size_t i;

	if (c >= 'a' && c <= 'z')
		return c;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	if (c == ' ' || c == '\'' || (c >= 0x0300 && c <= 0x036F))
		return 0;     /* syllable separators and combining tone marks */
	for (i = 0; i < sizeof tones / sizeof tones[0]; i++)
		if (tones[i].from == c)
			return tones[i].to;
	return -1;
}

/* Transliterate cp into out (NUL-terminated); its length, 0 if it has no pinyin, or < 0. */
static int
translit(uint32_t cp, char *out)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar buf[64];
	int32_t len = 0, limit, i, n = 0, c;
	int r;

	if ((r = pinyin_open()) != 0)
		return r;
	U16_APPEND_UNSAFE(buf, len, cp);
	limit = len;
	utrans_transUChars(tr, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &e);
	if (U_FAILURE(e) || len > (int32_t)(sizeof buf / sizeof buf[0]))
		return 0;
	for (i = 0; i < len; i++) {
		if ((c = latin_fold(buf[i])) < 0)
			return 0;         /* left as it was (not Han) or something unexpected */
		if (c > 0 && n < PY_MAXLEN)
			out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

int
pinyin_cp(uint32_t cp, const char **py, size_t *len)
{
	uint32_t *s;
	char tmp[PY_MAXLEN + 1];
	int n;

	if (cp < PY_LO || cp > PY_HI) {
		if (cp < 0x2E80 || !pinyin_is_han(cp))
			return 0;
		if ((n = translit(cp, scratch)) <= 0)
			return n;
		*py = scratch;
		*len = (size_t)n;
		return 1;
	}
	if (slot == NULL && (n = pinyin_open()) != 0)
		return n;
	s = &slot[cp - PY_LO];
	if (*s == 0) {
		if (!pinyin_is_han(cp) || (n = translit(cp, tmp)) == 0) {
			*s = PY_NONE;
		} else if (n < 0) {
			return n;
		} else {
			if (pool_len + (size_t)n + 1 > pool_cap) {
				size_t cap = pool_cap ? pool_cap * 2 : 16384;
				char *p = realloc(pool, cap);

				if (p == NULL)
					return JS_ERR_NOMEM;
				pool = p;
				pool_cap = cap;
			}
			memcpy(pool + pool_len, tmp, (size_t)n + 1);
			*s = (uint32_t)(pool_len << 5) | (uint32_t)n;
			pool_len += (size_t)n + 1;
		}
	}
	if (*s == PY_NONE)
		return 0;
	*py = pool + (*s >> 5);
	*len = *s & 31u;
	return 1;
}
