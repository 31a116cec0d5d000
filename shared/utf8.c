/* utf8.c: UTF-8 decoding, validation and encoding by hand (Unicode table 3-7). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/*
 * Walks one sequence by table 3-7 of the Unicode standard: the lead byte fixes the
 * length and the range allowed for the second byte, which is what excludes overlongs,
 * surrogates and values above U+10FFFF. Returns the length of a whole valid sequence, or
 * 0 with *good set to how many bytes did match (the maximal subpart, at least 1).
 */
static size_t
utf8_scan(const char *s, size_t len, uint32_t *cp, size_t *good)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t c;
	size_t n, i;

	*good = 1;
	if (len == 0) {
		*good = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2, c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3, c = u[0] & 0x0f;
		if (u[0] == 0xe0)
			lo = 0xa0;	/* below: overlong */
		else if (u[0] == 0xed)
			hi = 0x9f;	/* above: surrogates */
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4, c = u[0] & 0x07;
		if (u[0] == 0xf0)
			lo = 0x90;	/* below: overlong */
		else if (u[0] == 0xf4)
			hi = 0x8f;	/* above: beyond U+10FFFF */
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if (i == len || u[i] < lo || u[i] > hi)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
		lo = 0x80, hi = 0xbf;
		*good = i + 1;
	}
	*cp = c;
	return n;
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t good, n;

	if ((n = utf8_scan(s, len, &c, &good)) != 0)
		*cp = c;
	return n;
}

size_t
utf8_bad_len(const char *s, size_t len)
{
	uint32_t c;
	size_t good, n;

	n = utf8_scan(s, len, &c, &good);
	return n != 0 ? n : good;
}

size_t
utf8_check(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (u[i] < 0x80) {	/* the common case, without a call */
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			return i;
		i += n;
	}
	return len;
}

int
utf8_valid(const char *s, size_t len)
{
	return utf8_check(s, len) == len;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
utf8_quote(const char *s, size_t len, size_t max, char *out)
{
	size_t i = 0, o = 0, n;
	uint32_t cp;

	while (i < len && i < max) {
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
		    utf8_is_bidi_control(cp)) {
			out[o++] = '?';
			i += n == 0 ? 1 : n;
			continue;
		}
		memcpy(out + o, s + i, n);
		o += n;
		i += n;
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

void
utf8_copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}
