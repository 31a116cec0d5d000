/* test_text.c: unit tests for shared/text.c, text_wrap.c and utf8.c (widths, sanitizing,
 * grapheme fitting, truncation, wrapping) plus a randomized property test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "text.h"
#include "utf8.h"

/* Code points spelled out; adjacent literals keep "\xNN" from eating the next letter. */
#define FFFD	"\xef\xbf\xbd"
#define ESC	"\x1b"
#define ST	"\x1b\\"
#define RLO	"\xe2\x80\xae"		/* U+202E right-to-left override */
#define ZWJ	"\xe2\x80\x8d"		/* U+200D */
#define VS16	"\xef\xb8\x8f"		/* U+FE0F */
#define ACUTE	"\xcc\x81"		/* U+0301 combining acute */
#define FLAG_CN	"\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3"	/* 🇨🇳 = U+1F1E8 U+1F1F3 */
#define FAMILY	"👨" ZWJ "👩" ZWJ "👧"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- utf8.c ---------------------------------------------------------------------- */

static void
test_utf8_decode_valid(void **state)
{
	static const struct {
		const char	*s;
		size_t		 n;
		uint32_t	 cp;
	} cases[] = {
		{ "A", 1, 0x41 }, { "\x7f", 1, 0x7f },
		{ "\xc2\x80", 2, 0x80 }, { "\xdf\xbf", 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 0x800 }, { "中", 3, 0x4e2d }, { "\xed\x9f\xbf", 3, 0xd7ff },
		{ "\xee\x80\x80", 3, 0xe000 }, { "\xef\xbf\xbf", 3, 0xffff },
		{ "\xf0\x90\x80\x80", 4, 0x10000 }, { "😀", 4, 0x1f600 },
		{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
	};
	uint32_t cp;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		cp = 0;
		assert_int_equal(utf8_decode(cases[i].s, strlen(cases[i].s), &cp), cases[i].n);
		assert_int_equal(cp, cases[i].cp);
		assert_int_equal(text_utf8_decode(cases[i].s, strlen(cases[i].s), &cp),
		    cases[i].n);
		assert_true(text_utf8_valid(cases[i].s, strlen(cases[i].s)));
		/* one byte short is truncated, not a shorter character */
		assert_int_equal(utf8_decode(cases[i].s, cases[i].n - 1, &cp), 0);
	}
	/* NUL is a character; len 0 is nothing */
	assert_int_equal(utf8_decode("", 1, &cp), 1);
	assert_int_equal(cp, 0);
	assert_int_equal(utf8_decode(NULL, 0, &cp), 0);
	assert_true(utf8_valid(NULL, 0));
}

static void
test_utf8_invalid(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		size_t		 bad;	/* maximal subpart */
	} cases[] = {
		{ "\xc0\x80", 2, 1 },		/* overlong NUL */
		{ "\xc1\xbf", 2, 1 },		/* overlong */
		{ "\xe0\x80\x80", 3, 1 },	/* overlong 3-byte */
		{ "\xe0\x9f\xbf", 3, 1 },
		{ "\xf0\x80\x80\x80", 4, 1 },	/* overlong 4-byte */
		{ "\xf0\x8f\xbf\xbf", 4, 1 },
		{ "\xed\xa0\x80", 3, 1 },	/* surrogate D800 */
		{ "\xed\xbf\xbf", 3, 1 },	/* surrogate DFFF */
		{ "\xf4\x90\x80\x80", 4, 1 },	/* 0x110000 */
		{ "\xf5\x80\x80\x80", 4, 1 }, { "\xf8", 1, 1 }, { "\xfe", 1, 1 },
		{ "\xff", 1, 1 },
		{ "\x80", 1, 1 }, { "\xbf", 1, 1 },	/* lone continuation */
		{ "\xc2", 1, 1 }, { "\xe4\xb8", 2, 2 },	/* truncated at the end */
		{ "\xf0\x9f\x98", 3, 3 },
		{ "\xe4\xb8x", 3, 2 },		/* truncated before ASCII */
		{ "\xf0\x9f\x98\xc2\x80", 5, 3 },
		{ "\xc2\xc2\x80", 3, 1 },
	};
	uint32_t cp = 0x55;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(utf8_decode(cases[i].s, cases[i].len, &cp), 0);
		assert_int_equal(cp, 0x55);	/* untouched */
		assert_int_equal(utf8_bad_len(cases[i].s, cases[i].len), cases[i].bad);
		assert_false(utf8_valid(cases[i].s, cases[i].len));
		assert_false(text_utf8_valid(cases[i].s, cases[i].len));
		assert_int_equal(utf8_check(cases[i].s, cases[i].len), 0);
	}
	assert_int_equal(utf8_check("ab中\xff", 6), 5);
	assert_int_equal(utf8_check("ab中", 5), 5);
	assert_int_equal(utf8_check("ab中", 4), 2);	/* cut inside 中 */
	assert_int_equal(utf8_bad_len("中", 3), 3);	/* valid: its own length */
	/* every lead byte from F5 up and C0, C1 is never valid */
	for (i = 0xf5; i <= 0xff; i++) {
		char b[4] = { (char)i, '\x80', '\x80', '\x80' };

		assert_int_equal(utf8_decode(b, 4, &cp), 0);
		assert_int_equal(utf8_bad_len(b, 4), 1);
	}
}

/* Every scalar value encodes and decodes to itself; surrogates and beyond do not encode. */
static void
test_utf8_encode_roundtrip(void **state)
{
	char b[4];
	uint32_t cp, back;
	size_t n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = utf8_encode(cp, b);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
		assert_int_equal(utf8_decode(b, n, &back), n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(utf8_encode(0x110000, b), 0);
	assert_int_equal(utf8_encode(UINT32_MAX, b), 0);
}

static void
test_utf8_quote(void **state)
{
	char out[UTF8_QUOTE_SIZE(8)];

	(void)state;
	assert_string_equal(utf8_quote("ok", 2, 8, out), "ok");
	assert_string_equal(utf8_quote("a\x1b[1m\x7f", 6, 8, out), "a?[1m?");
	assert_string_equal(utf8_quote("x\xff\xc2\x9by", 5, 8, out), "x??y");
	assert_string_equal(utf8_quote("a" RLO "b", 5, 8, out), "a?b");
	assert_string_equal(utf8_quote("0123456789", 10, 8, out), "01234567...");
	/* never splits a character: the last one may run past max */
	assert_string_equal(utf8_quote("1234567中文", 13, 8, out), "1234567中...");
	assert_string_equal(utf8_quote("", 0, 8, out), "");
}

/* ---- widths ---------------------------------------------------------------------- */

static void
test_width_table(void **state)
{
	static const struct {
		const char	*s;
		int		 w;
	} cases[] = {
		{ "", 0 }, { "hello", 5 }, { "中文", 4 }, { "网站设计", 8 },
		{ "\xef\xbc\xa1", 2 },			/* Ａ full-width */
		{ "\xef\xbd\xb6\xef\xbe\x9e", 2 },	/* ｶﾞ half-width katakana + voiced mark */
		{ "e" ACUTE, 1 }, { "e" ACUTE ACUTE ACUTE, 1 },
		{ "😀", 2 },
		{ "❤" VS16, 1 },			/* glibc: 1 + 0; terminals often draw 2 */
		{ "…", 1 }, { "“”", 2 }, { "·", 1 }, { "—", 1 },	/* ambiguous: narrow */
		{ FAMILY, 6 },				/* 2 + 0 + 2 + 0 + 2 */
		{ FLAG_CN, 2 },				/* two regional indicators of 1 */
		{ "한국어", 6 },			/* precomposed Hangul */
		{ "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 2 },	/* 한 as jamo L V T */
		{ "，。！？「」", 12 },			/* CJK punctuation is wide */
		{ "\xe3\x80\x80", 2 },			/* ideographic space */
		{ "a\xe2\x80\x8b" "b", 2 },		/* zero-width space */
		{ "a\tb\n\x1b\x7f", 2 },		/* controls count 0 */
		{ "a\xc2\x85" "b", 2 },			/* C1 counts 0 */
		{ "a\xff" "b", 3 },			/* invalid byte: 1 */
		{ "\xe4\xb8", 2 },			/* truncated: 1 a byte */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (text_width(cases[i].s, strlen(cases[i].s)) != cases[i].w)
			fail_msg("width of case %zu \"%s\": %d, want %d", i, cases[i].s,
			    text_width(cases[i].s, strlen(cases[i].s)), cases[i].w);
	}
	assert_int_equal(text_width(NULL, 0), 0);
	assert_int_equal(text_width("a\0b", 3), 2);
}

static void
test_cp_width(void **state)
{
	uint32_t cp;

	(void)state;
	for (cp = 0; cp < 0x20; cp++)
		assert_int_equal(text_cp_width(cp), 0);
	for (cp = 0x7f; cp < 0xa0; cp++)
		assert_int_equal(text_cp_width(cp), 0);
	for (cp = 0x20; cp < 0x7f; cp++)
		assert_int_equal(text_cp_width(cp), 1);
	assert_int_equal(text_cp_width(0x4e2d), 2);
	assert_int_equal(text_cp_width(0x20000), 2);	/* CJK ext. B */
	assert_int_equal(text_cp_width(0x0301), 0);
	assert_int_equal(text_cp_width(0x200d), 0);
	assert_int_equal(text_cp_width(0xfe0f), 0);
	/* wcwidth() says -1 for these printable-or-unknown code points: we say 1 */
	assert_int_equal(text_cp_width(0x0378), 1);	/* unassigned */
	assert_int_equal(text_cp_width(0x2028), 1);
	assert_int_equal(text_cp_width(0x10ffff), 1);
	assert_int_equal(text_cp_width(0xd800), 1);	/* not characters at all */
	assert_int_equal(text_cp_width(0x110000), 1);
	assert_int_equal(text_cp_width(0xfffd), 1);
}

/* ---- text_sanitize --------------------------------------------------------------- */

struct san_case {
	const char	*in;
	int		 keep;
	const char	*out;
};

static const struct san_case san_cases[] = {
	{ "plain text", 0, "plain text" },
	{ "中文，标点。", 0, "中文，标点。" },
	{ "e" ACUTE ZWJ "\xe2\x80\x8b", 0, "e" ACUTE ZWJ "\xe2\x80\x8b" },	/* kept */
	/* CSI */
	{ "a" ESC "[31mred" ESC "[0m", 0, "ared" },
	{ "a" ESC "[1;2;3Hb", 0, "ab" },
	{ "a" ESC "[?25l" ESC "[?1049hb", 0, "ab" },
	{ "a" ESC "[1 qb", 0, "ab" },				/* intermediate SP */
	{ "a" ESC "[>0;1\"pb", 0, "ab" },			/* private + intermediate */
	{ "a" ESC "[2Jb", 0, "ab" },
	{ "a" ESC "[12中b", 0, "a中b" },			/* non-CSI byte ends it */
	/* OSC, ended by BEL or ST; hyperlinks, titles, clipboard */
	{ "a" ESC "]0;title\x07" "b", 0, "ab" },
	{ ESC "]8;;http://evil.example/" ST "link" ESC "]8;;" ST, 0, "link" },
	{ "a" ESC "]52;c;ZXZpbA==\x07" "b", 0, "ab" },
	{ "a" ESC "]0;标题\x07" "b", 0, "ab" },
	{ "a" ESC "]0;t" ESC "[31mb", 0, "ab" },		/* ESC ends it, starts CSI */
	{ "a" ESC "]0;t\x18" "b", 0, "ab" },			/* CAN aborts */
	{ "a" ESC "]0;t\x1a" "b", 0, "ab" },			/* SUB aborts */
	{ "a" ESC "]0;t\xc2\x9c" "b", 0, "ab" },		/* 8-bit ST */
	/* DCS, SOS, PM, APC: only ST ends them */
	{ "a" ESC "Pq#0;2;0;0;0#0~~@@-" ST "b", 0, "ab" },	/* sixel */
	{ "a" ESC "P1$r\x07" "x" ST "b", 0, "ab" },		/* BEL does not end DCS */
	{ "a" ESC "Xsos" ST "b", 0, "ab" },
	{ "a" ESC "^pm" ST "b", 0, "ab" },
	{ "a" ESC "_apc" ST "b", 0, "ab" },
	/* ESC + final, ESC + intermediates + final */
	{ "a" ESC "cb", 0, "ab" },				/* RIS */
	{ "a" ESC "7b" ESC "8", 0, "ab" },
	{ ESC "(0lqk" ESC "(B", 0, "lqk" },			/* charset switching */
	{ "a" ESC "#8b", 0, "ab" },				/* DECALN */
	{ "a" ESC ESC "[31mb", 0, "ab" },
	{ "a" ESC "中", 0, "a中" },				/* ESC alone goes */
	{ "a" ESC "\nb", 1, "a\nb" },
	/* C1, UTF-8 encoded; the introducers take their parameters along */
	{ "a\xc2\x9b" "31mb", 0, "ab" },
	{ "a\xc2\x9b" "1 qb", 0, "ab" },
	{ "a\xc2\x9d" "0;title\x07" "b", 0, "ab" },
	{ "a\xc2\x90" "dcs\xc2\x9c" "b", 0, "ab" },
	{ "a\xc2\x98" "s" ST "b\xc2\x9e" "p" ST "c\xc2\x9f" "x" ST "d", 0, "abcd" },
	{ "a\xc2\x85" "b\xc2\x80" "c\xc2\x9c" "d", 0, "abcd" },
	/* a raw 0x9B byte is invalid UTF-8, not CSI: it becomes U+FFFD, the rest stays */
	{ "a\x9b" "31mb", 0, "a" FFFD "31mb" },
	/* unterminated at the end of the input */
	{ "ab" ESC, 0, "ab" },
	{ "ab" ESC "[", 0, "ab" },
	{ "ab" ESC "[12;", 0, "ab" },
	{ "ab" ESC "[1 ", 0, "ab" },
	{ "ab" ESC "]0;title", 0, "ab" },
	{ "ab" ESC "]0;title" ESC, 0, "ab" },
	{ "ab" ESC "Pdata", 0, "ab" },
	{ "ab" ESC "(", 0, "ab" },
	{ "ab\xc2\x9b", 0, "ab" },
	{ "ab\xc2\x9b" "12", 0, "ab" },
	{ "ab\xc2\x9d" "0;t", 0, "ab" },
	{ "ab\xc2", 0, "ab" FFFD },
	/* invalid UTF-8: one U+FFFD per maximal subpart */
	{ "\xc0\x80", 0, FFFD FFFD },
	{ "\xed\xa0\x80", 0, FFFD FFFD FFFD },
	{ "a\xf5" "b\xff" "c\xfe", 0, "a" FFFD "b" FFFD "c" FFFD },
	{ "\xe4\xb8", 0, FFFD },
	{ "\xe4\xb8" "x", 0, FFFD "x" },
	{ "\xf0\x9f\x98", 0, FFFD },
	{ "\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD },
	{ "\x80\x80", 0, FFFD FFFD },
	/* bidi controls */
	{ "a" RLO "b", 0, "ab" },
	{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad" RLO "x", 0, "x" },
	{ "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9" "x", 0, "x" },
	{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c" "x", 0, "x" },
	{ "\xd8\xa7\xd9\x84", 0, "\xd8\xa7\xd9\x84" },		/* Arabic letters stay */
	/* newlines, CR, tabs, DEL, separators */
	{ "a\nb", 1, "a\nb" },
	{ "a\nb", 0, "ab" },
	{ "a\r\nb\r", 1, "a\nb" },
	{ "a\tb", 0, "a b" },
	{ "a\x7f" "b", 0, "ab" },
	{ "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 1, "a\nb\nc" },
	{ "a\xe2\x80\xa8" "b", 0, "ab" },
	{ "", 0, "" },
};

static void
test_sanitize_table(void **state)
{
	char *out;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(san_cases); i++) {
		out = text_sanitize(san_cases[i].in, strlen(san_cases[i].in), san_cases[i].keep);
		assert_non_null(out);
		if (strcmp(out, san_cases[i].out) != 0)
			fail_msg("sanitize case %zu: got \"%s\", want \"%s\"", i, out,
			    san_cases[i].out);
		assert_true(utf8_valid(out, strlen(out)));
		free(out);
	}
}

/* Every C0 and C1 control between two letters: gone, except the ones that do more. */
static void
test_sanitize_every_control(void **state)
{
	char in[4], *out;
	int c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		if (c == 0x1b)
			continue;	/* ESC y is a sequence: covered above */
		in[0] = 'x', in[1] = (char)c, in[2] = 'y';
		out = text_sanitize(in, 3, 1);
		assert_non_null(out);
		assert_string_equal(out, c == '\t' ? "x y" : c == '\n' ? "x\ny" : "xy");
		free(out);
	}
	for (c = 0x80; c < 0xa0; c++) {
		char in2[5] = { 'x', '\xc2', (char)c, 'y', '\0' };

		out = text_sanitize(in2, 4, 0);
		assert_non_null(out);
		switch (c) {
		case 0x9b:	/* CSI: 'y' is its final byte */
		case 0x90: case 0x98: case 0x9d: case 0x9e: case 0x9f:	/* strings */
			assert_string_equal(out, "x");
			break;
		default:
			assert_string_equal(out, "xy");
		}
		free(out);
	}
}

static void
test_sanitize_nul_and_bounds(void **state)
{
	char *out, *big;
	size_t i;

	(void)state;
	out = text_sanitize("a\0b\0", 4, 0);
	assert_non_null(out);
	assert_string_equal(out, "ab");
	free(out);
	out = text_sanitize(NULL, 0, 0);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
	/* the worst case: every byte becomes a 3-byte U+FFFD */
	big = malloc(1000);
	assert_non_null(big);
	memset(big, 0xff, 1000);
	out = text_sanitize(big, 1000, 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), 3000);
	for (i = 0; i < 3000; i += 3)
		assert_memory_equal(out + i, FFFD, 3);
	free(out);
	/* an unterminated OSC swallows the rest, however long */
	memset(big, 'a', 1000);
	memcpy(big + 10, ESC "]", 2);
	out = text_sanitize(big, 1000, 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), 10);
	free(out);
	free(big);
	assert_null(text_sanitize("x", SIZE_MAX / 2, 0));	/* would overflow 3 * len */
}

static void
test_sanitize_idempotent(void **state)
{
	char *a, *b;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(san_cases); i++) {
		a = text_sanitize(san_cases[i].in, strlen(san_cases[i].in), san_cases[i].keep);
		assert_non_null(a);
		b = text_sanitize(a, strlen(a), san_cases[i].keep);
		assert_non_null(b);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

/* ---- text_fit -------------------------------------------------------------------- */

static void
test_fit_wide(void **state)
{
	int used = -1;

	(void)state;
	assert_int_equal(text_fit("中文", 6, 3, &used), 3);	/* not half of 文 */
	assert_int_equal(used, 2);
	assert_int_equal(text_fit("中文", 6, 4, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(text_fit("中文", 6, 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(text_fit("a中", 4, 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(text_fit("abc", 3, 2, &used), 2);
	assert_int_equal(text_fit("abc", 3, 0, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(text_fit("abc", 3, -5, &used), 0);
	assert_int_equal(text_fit("abc", 3, 99, NULL), 3);
	assert_int_equal(text_fit("", 0, 5, &used), 0);
	assert_int_equal(text_fit(NULL, 0, 5, &used), 0);
}

static void
test_fit_clusters(void **state)
{
	const char *s;
	int used;

	(void)state;
	/* a combining sequence stays whole, also right after the ASCII fast path */
	s = "e" ACUTE "x";
	assert_int_equal(text_fit(s, strlen(s), 1, &used), 3);
	assert_int_equal(used, 1);
	s = "abc" ACUTE "d";
	assert_int_equal(text_fit(s, strlen(s), 3, &used), 5);
	assert_int_equal(used, 3);
	s = "ab" "e" ACUTE ACUTE ACUTE;
	assert_int_equal(text_fit(s, strlen(s), 3, &used), strlen(s));
	/* a flag is one cluster of two regional indicators, width 1 + 1 */
	assert_int_equal(text_fit(FLAG_CN, 8, 1, &used), 0);
	assert_int_equal(text_fit(FLAG_CN, 8, 2, &used), 8);
	assert_int_equal(used, 2);
	assert_int_equal(text_fit(FLAG_CN FLAG_CN, 16, 3, &used), 8);	/* pairs stay pairs */
	/* a ZWJ family is one cluster whose wcwidth sum is 6 */
	assert_int_equal(text_fit(FAMILY, strlen(FAMILY), 5, &used), 0);
	assert_int_equal(text_fit(FAMILY, strlen(FAMILY), 6, &used), strlen(FAMILY));
	assert_int_equal(used, 6);
	/* ❤ + VS16 is one cluster of width 1 */
	s = "❤" VS16 "x";
	assert_int_equal(text_fit(s, strlen(s), 1, &used), 6);
	assert_int_equal(used, 1);
	/* Hangul jamo L V T form one cluster of width 2 */
	s = "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab" "x";
	assert_int_equal(text_fit(s, strlen(s), 2, &used), 9);
	assert_int_equal(used, 2);
	/* zero-width clusters after a full line still fit */
	s = "ab\xe2\x80\x8b" "c";
	assert_int_equal(text_fit(s, strlen(s), 2, &used), 5);
	/* CR LF is one cluster */
	assert_int_equal(text_fit("a\r\nb", 4, 1, &used), 3);
}

/* ---- text_truncate / text_pad ---------------------------------------------------- */

static void
test_truncate_boundaries(void **state)
{
	static const struct {
		const char	*in;
		int		 cols;
		const char	*out;
		int		 w;
	} cases[] = {
		{ "abcdef", 7, "abcdef", 6 }, { "abcdef", 6, "abcdef", 6 },
		{ "abcdef", 5, "abcd…", 5 }, { "abcdef", 2, "a…", 2 },
		{ "abcdef", 1, "…", 1 }, { "abcdef", 0, "", 0 },
		{ "中文字", 6, "中文字", 6 }, { "中文字", 5, "中文…", 5 },
		{ "中文字", 4, "中…", 3 }, { "中文字", 3, "中…", 3 },
		{ "中文字", 2, "…", 1 }, { "中文字", 1, "…", 1 },
		{ "a中文", 4, "a中…", 4 }, { "a中文", 5, "a中文", 5 },
		{ "hello world", 7, "hello…", 6 }, { "hello world", 11, "hello world", 11 },
		{ "e" ACUTE "e" ACUTE "e" ACUTE "e" ACUTE, 3, "e" ACUTE "e" ACUTE "…", 3 },
		{ FLAG_CN FLAG_CN, 3, FLAG_CN "…", 3 },
		{ "", 3, "", 0 }, { "", 0, "", 0 },
	};
	char out[64];
	size_t i;
	int w;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		w = text_truncate(cases[i].in, strlen(cases[i].in), cases[i].cols, out,
		    sizeof out);
		if (w != cases[i].w || strcmp(out, cases[i].out) != 0)
			fail_msg("truncate case %zu: got %d \"%s\", want %d \"%s\"", i, w, out,
			    cases[i].w, cases[i].out);
		assert_int_equal(text_width(out, strlen(out)), w);
	}
}

static void
test_truncate_bytes_and_errors(void **state)
{
	char out[64], small[6];

	(void)state;
	/* the byte limit cuts too, with the ellipsis: "ab" + "…" + NUL = 6 bytes */
	assert_int_equal(text_truncate("abcdefgh", 8, 10, small, sizeof small), 3);
	assert_string_equal(small, "ab…");
	assert_int_equal(text_truncate("abcde", 5, 10, small, sizeof small), 5);
	assert_string_equal(small, "abcde");
	assert_int_equal(text_truncate("中文", 6, 10, small, sizeof small), 1);
	assert_string_equal(small, "…");
	/* zero-width marks: many bytes, one column */
	assert_int_equal(text_truncate("x" ACUTE ACUTE ACUTE "y", 9, 10, small, sizeof small),
	    1);
	assert_string_equal(small, "…");
	assert_int_equal(text_truncate("ab\xff", 3, 5, out, sizeof out), JS_ERR_UTF8);
	assert_string_equal(out, "");
	assert_int_equal(text_truncate("ab", 2, -1, out, sizeof out), JS_ERR_INVALID);
	assert_int_equal(text_truncate("ab", 2, 5, out, 3), JS_ERR_INVALID);
	assert_int_equal(text_truncate("ab", 2, 5, NULL, 10), JS_ERR_INVALID);
	assert_int_equal(text_truncate(NULL, 2, 5, out, sizeof out), JS_ERR_INVALID);
	assert_int_equal(text_truncate(NULL, 0, 5, out, sizeof out), 0);
}

static void
test_pad(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(text_pad("中文", 6, 5, 0, out, sizeof out), 5);
	assert_string_equal(out, "中文 ");
	assert_int_equal(text_pad("中文", 6, 7, 1, out, sizeof out), 7);
	assert_string_equal(out, "   中文");
	assert_int_equal(text_pad("中文字母", 12, 7, 0, out, sizeof out), 7);
	assert_string_equal(out, "中文字…");
	assert_int_equal(text_pad("中文字", 9, 4, 0, out, sizeof out), 4);
	assert_string_equal(out, "中… ");	/* odd column padded, not half a 文 */
	assert_int_equal(text_pad("¥12.00", 7, 8, 1, out, sizeof out), 8);
	assert_string_equal(out, "  ¥12.00");
	assert_int_equal(text_pad("", 0, 3, 0, out, sizeof out), 3);
	assert_string_equal(out, "   ");
	assert_int_equal(text_pad("x", 1, 0, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(text_pad("x", 1, 10, 0, out, 13), JS_ERR_INVALID);
	assert_int_equal(text_pad("x", 1, 10, 0, out, 14), 10);
	assert_int_equal(text_pad("x\xff", 2, 3, 0, out, sizeof out), JS_ERR_UTF8);
}

/* ---- text_wrap ------------------------------------------------------------------- */

#define MAX_LINES 256

struct lines {
	int	 n;
	char	*v[MAX_LINES];
};

static void
collect(void *ud, const char *line, size_t len)
{
	struct lines *l = ud;

	assert_true(l->n < MAX_LINES);
	l->v[l->n] = strndup(line, len);
	assert_non_null(l->v[l->n]);
	assert_int_equal(strlen(l->v[l->n]), len);	/* no NUL inside a line */
	l->n++;
}

static void
lines_free(struct lines *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

/* Wraps s at cols and checks the lines against want (NULL-terminated). */
static void
wrap_expect(const char *s, int cols, const char *const *want)
{
	struct lines l = { 0 };
	int n, i;

	n = text_wrap(s, strlen(s), cols, collect, &l);
	assert_int_equal(n, l.n);
	for (i = 0; want[i] != NULL; i++) {
		if (i >= l.n || strcmp(l.v[i], want[i]) != 0)
			fail_msg("wrap(\"%s\", %d) line %d: got \"%s\", want \"%s\"", s, cols, i,
			    i < l.n ? l.v[i] : "(none)", want[i]);
	}
	if (i != l.n)
		fail_msg("wrap(\"%s\", %d): %d lines, want %d", s, cols, l.n, i);
	for (i = 0; i < l.n; i++)
		assert_true(text_width(l.v[i], strlen(l.v[i])) <= cols);
	lines_free(&l);
}

static void
test_wrap_chinese(void **state)
{
	(void)state;
	wrap_expect("我想找一个会做网站设计的程序员", 10,
	    (const char *const[]){ "我想找一个", "会做网站设", "计的程序员", NULL });
	/* an odd width: never half a character, never more than 9 columns */
	wrap_expect("我想找一个会做网站设计的程序员", 9,
	    (const char *const[]){ "我想找一", "个会做网", "站设计的", "程序员", NULL });
	wrap_expect("中文", 2, (const char *const[]){ "中", "文", NULL });
	wrap_expect("中文", 3, (const char *const[]){ "中", "文", NULL });
}

static void
test_wrap_mixed(void **state)
{
	(void)state;
	wrap_expect("Logo 设计 and web design for 企业网站", 12,
	    (const char *const[]){ "Logo 设计", "and web", "design for", "企业网站", NULL });
	wrap_expect("the quick brown fox", 10,
	    (const char *const[]){ "the quick", "brown fox", NULL });
	wrap_expect("the quick brown fox", 9,
	    (const char *const[]){ "the quick", "brown fox", NULL });
}

static void
test_wrap_long_word(void **state)
{
	(void)state;
	wrap_expect("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", 10,
	    (const char *const[]){ "abcdefghij", "klmnopqrst", "uvwxyzABCD", "EFGHIJKLMN",
	    NULL });
	wrap_expect("go https://example.com/a/very/long/path ok", 10,
	    (const char *const[]){ "go", "https://", "example.co", "m/a/very/", "long/path",
	    "ok", NULL });
	/* cut at clusters: e + acute stays together */
	wrap_expect("abcde" ACUTE "fgh", 5,
	    (const char *const[]){ "abcde" ACUTE, "fgh", NULL });
	wrap_expect("abcd" "e" ACUTE "fgh", 4,
	    (const char *const[]){ "abcd", "e" ACUTE "fgh", NULL });
	/* a cluster wider than the line is cut between code points */
	wrap_expect(FAMILY, 4, (const char *const[]){ "👨" ZWJ "👩" ZWJ, "👧", NULL });
	wrap_expect(FAMILY, 2, (const char *const[]){ "👨" ZWJ, "👩" ZWJ, "👧", NULL });
}

static void
test_wrap_newlines_spaces(void **state)
{
	struct lines l = { 0 };

	(void)state;
	assert_int_equal(text_wrap("", 0, 10, collect, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(text_wrap(NULL, 0, 10, collect, &l), 0);
	wrap_expect("\n", 10, (const char *const[]){ "", NULL });
	wrap_expect("\n\n", 10, (const char *const[]){ "", "", NULL });
	wrap_expect("a\n", 10, (const char *const[]){ "a", NULL });
	wrap_expect("a\n\nb", 10, (const char *const[]){ "a", "", "b", NULL });
	wrap_expect("第一行\n第二行很长很长", 8,
	    (const char *const[]){ "第一行", "第二行很", "长很长", NULL });
	wrap_expect("word    next", 6, (const char *const[]){ "word", "next", NULL });
	wrap_expect("word    ", 4, (const char *const[]){ "word", NULL });
	wrap_expect("ab   \ncd", 10, (const char *const[]){ "ab", "cd", NULL });
	wrap_expect("   ", 10, (const char *const[]){ "", NULL });
	/* an indent stays, unless a long word pushes it onto a line of its own */
	wrap_expect("  indented text here", 10,
	    (const char *const[]){ "  indented", "text here", NULL });
	wrap_expect("     abcdefghijklmno", 10,
	    (const char *const[]){ "abcdefghij", "klmno", NULL });
	/* many spaces between words */
	wrap_expect("a                                        b", 5,
	    (const char *const[]){ "a", "b", NULL });
}

/* What ICU's line rules forbid: closing punctuation starting a line, opening ending one. */
static void
check_kinsoku(const char *s, int cols)
{
	static const char *const no_start[] = { "，", "。", "！", "？", "」", "）", "、", "：",
	    "；", "》", "』" };
	static const char *const no_end[] = { "「", "（", "《", "『" };
	struct lines l = { 0 };
	size_t k, len, nl;
	int i;

	assert_true(text_wrap(s, strlen(s), cols, collect, &l) >= 1);
	for (i = 0; i < l.n; i++) {
		len = strlen(l.v[i]);
		assert_true(text_width(l.v[i], len) <= cols);
		for (k = 0; k < NELEM(no_start); k++) {
			if (i > 0 && strncmp(l.v[i], no_start[k], strlen(no_start[k])) == 0)
				fail_msg("wrap(\"%s\", %d): line %d starts with %s", s, cols, i,
				    no_start[k]);
		}
		for (k = 0; k < NELEM(no_end); k++) {
			nl = strlen(no_end[k]);
			if (i + 1 < l.n && len >= nl &&
			    strcmp(l.v[i] + len - nl, no_end[k]) == 0)
				fail_msg("wrap(\"%s\", %d): line %d ends with %s", s, cols, i,
				    no_end[k]);
		}
	}
	lines_free(&l);
}

static void
test_wrap_punctuation(void **state)
{
	int cols;

	(void)state;
	wrap_expect("你好，世界。", 4, (const char *const[]){ "你", "好，", "世", "界。", NULL });
	wrap_expect("你好，世界。", 5, (const char *const[]){ "你", "好，", "世", "界。", NULL });
	wrap_expect("你好，世界。", 6, (const char *const[]){ "你好，", "世界。", NULL });
	/* from 6 columns on: ICU keeps 好」， together, and 6 columns cannot hold more */
	for (cols = 6; cols <= 14; cols++) {
		check_kinsoku("你好，世界。", cols);
		check_kinsoku("我们说「这个设计很好」，然后（马上）开始了！对吗？是的。", cols);
		check_kinsoku("价格：一千元；工期：《十天》、可以吗？", cols);
	}
}

static void
test_wrap_errors(void **state)
{
	struct lines l = { 0 };

	(void)state;
	assert_int_equal(text_wrap("ab\xff" "cd", 5, 10, collect, &l), JS_ERR_UTF8);
	assert_int_equal(text_wrap("ab\xed\xa0\x80", 5, 10, collect, &l), JS_ERR_UTF8);
	assert_int_equal(text_wrap("\xe4\xb8", 2, 10, collect, &l), JS_ERR_UTF8);
	assert_int_equal(l.n, 0);	/* nothing emitted before the check */
	assert_int_equal(text_wrap("ab", 2, 1, collect, &l), JS_ERR_INVALID);
	assert_int_equal(text_wrap("ab", 2, 0, collect, &l), JS_ERR_INVALID);
	assert_int_equal(text_wrap("ab", 2, -3, collect, &l), JS_ERR_INVALID);
	assert_int_equal(text_wrap("ab", 2, 10, NULL, &l), JS_ERR_INVALID);
	assert_int_equal(text_wrap(NULL, 2, 10, collect, &l), JS_ERR_INVALID);
	assert_int_equal(l.n, 0);
	/* a huge cols is fine */
	assert_int_equal(text_wrap("ab cd", 5, INT32_MAX, collect, &l), 1);
	assert_string_equal(l.v[0], "ab cd");
	lines_free(&l);
}

/* A callback that wraps, fits and truncates while the outer wrap is running. */
struct nested {
	struct lines	outer;
	int		inner;
};

static void
count_line(void *ud, const char *line, size_t len)
{
	(void)line;
	(void)len;
	(*(int *)ud)++;
}

static void
nested_emit(void *ud, const char *line, size_t len)
{
	struct nested *n = ud;
	char out[32];
	int r;

	r = text_wrap(line, len, 2, count_line, &n->inner);
	assert_true(r >= 1);
	(void)text_fit(line, len, 3, NULL);
	assert_true(text_truncate(line, len, 3, out, sizeof out) >= 0);
	collect(&n->outer, line, len);
}

static void
test_wrap_reentrant(void **state)
{
	struct nested n = { { 0 }, 0 };
	const char *s = "我想找一个会做网站设计的程序员 and a web designer";

	(void)state;
	assert_int_equal(text_wrap(s, strlen(s), 10, nested_emit, &n), 5);
	assert_string_equal(n.outer.v[0], "我想找一个");
	assert_string_equal(n.outer.v[3], "and a web");
	assert_string_equal(n.outer.v[4], "designer");
	assert_true(n.inner >= 15);
	lines_free(&n.outer);
	/* after cleanup the iterators simply reopen; text_init opens them early */
	text_cleanup();
	text_cleanup();
	assert_int_equal(text_init(), 0);
	assert_int_equal(text_init(), 0);
	wrap_expect("你好，世界。", 4, (const char *const[]){ "你", "好，", "世", "界。", NULL });
}

/* A long unbroken word must not take quadratic time (1 MB at 80 columns). */
static void
test_wrap_long_input(void **state)
{
	size_t n = 1 << 20, i;
	char *s;
	int lines = 0;

	(void)state;
	s = malloc(n);
	assert_non_null(s);
	memset(s, 'a', n);
	assert_int_equal(text_wrap(s, n, 80, count_line, &lines), (int)((n + 79) / 80));
	for (i = 0; i + 3 <= n; i += 3)
		memcpy(s + i, "中", 3);
	lines = 0;
	assert_int_equal(text_wrap(s, i, 80, count_line, &lines), (int)((i / 3 + 39) / 40));
	free(s);
}

/* ---- property test --------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32);
}

/* A mixed alphabet: text a user may type, and what an attacker may paste. */
static const char *const pieces[] = {
	"a", "b", "Z", "0", " ", " ", " ", "  ", "-", "/", ".", "\n", "\t", "\r",
	"中", "文", "网", "站", "设", "计", "，", "。", "！", "？", "「", "」", "（", "）",
	"\xef\xbc\xa1", "\xef\xbd\xb6", "한", ACUTE, ZWJ, VS16, "❤", "😀", "👨",
	"\xf0\x9f\x87\xa8", "\xf0\x9f\x87\xb3", "…", "“", "—", "\xe2\x80\x8b", "\xe3\x80\x80",
	ESC, ESC "[", ESC "]", "\x07", ST, "31m", ";", "\xc2\x9b", "\xc2\x9d", "\xc2\x85",
	"\xc2\x9c", RLO, "\xe2\x81\xa6", "\xe2\x80\x8f", "\xd8\x9c", "\xe2\x80\xa8",
	"\xff", "\xc0", "\x80", "\xe4\xb8", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x7f",
	"\x00",
};

/* Random bytes from pieces plus the odd raw byte; returns the length written. */
static size_t
random_text(char *buf, size_t cap)
{
	size_t n = 0, want = rng() % 200, k, pl;

	while (n < want) {
		if (rng() % 16 == 0) {
			if (n + 1 > cap)
				break;
			buf[n++] = (char)(rng() & 0xff);
			continue;
		}
		k = rng() % NELEM(pieces);
		pl = pieces[k][0] == '\0' ? 1 : strlen(pieces[k]);
		if (n + pl > cap)
			break;
		memcpy(buf + n, pieces[k], pl);
		n += pl;
	}
	return n;
}

static int
forbidden_cp(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp < 0xa0) ||
	    utf8_is_bidi_control(cp) || cp == 0x2028 || cp == 0x2029;
}

/* Appends the non-space, non-newline bytes of s to out. */
static size_t
squeeze(const char *s, size_t len, char *out, size_t o)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] != ' ' && s[i] != '\n')
			out[o++] = s[i];
	}
	return o;
}

struct prop {
	char	*joined;
	size_t	 jlen;
	int	 cols;
	int	 lines;
};

static void
prop_line(void *ud, const char *line, size_t len)
{
	struct prop *p = ud;

	assert_true(utf8_valid(line, len));	/* no character split */
	assert_true(text_width(line, len) <= p->cols);
	assert_true(len == 0 || line[len - 1] != ' ');
	assert_null(memchr(line, '\n', len));
	p->jlen = squeeze(line, len, p->joined, p->jlen);
	p->lines++;
}

static void
test_property_random(void **state)
{
	char in[1024], *san, *want, *again, tr[64];
	struct prop p;
	size_t len, slen, wlen, i, n, k;
	uint32_t cp;
	int iter, keep, r, used;

	(void)state;
	for (iter = 0; iter < 2000; iter++) {
		len = random_text(in, sizeof in);
		keep = (int)(rng() & 1);
		san = text_sanitize(in, len, keep);
		assert_non_null(san);
		slen = strlen(san);
		assert_true(slen <= 3 * len);
		assert_true(utf8_valid(san, slen));
		for (i = 0; i < slen; i += n) {
			n = utf8_decode(san + i, slen - i, &cp);
			assert_true(n > 0);
			if (forbidden_cp(cp) || (cp == '\n' && !keep))
				fail_msg("iteration %d: U+%04X survived sanitize", iter, cp);
		}
		again = text_sanitize(san, slen, keep);
		assert_non_null(again);
		assert_string_equal(again, san);
		free(again);

		/* wrap: width, no split, nothing lost but spaces and newlines */
		p.cols = 2 + (int)(rng() % 30);
		p.joined = malloc(slen + 1);
		want = malloc(slen + 1);
		assert_non_null(p.joined);
		assert_non_null(want);
		p.jlen = 0;
		p.lines = 0;
		r = text_wrap(san, slen, p.cols, prop_line, &p);
		assert_int_equal(r, p.lines);
		wlen = squeeze(san, slen, want, 0);
		assert_int_equal(p.jlen, wlen);
		assert_memory_equal(p.joined, want, wlen);
		free(p.joined);
		free(want);

		/* fit and truncate: within cols, whole characters */
		k = text_fit(san, slen, p.cols, &used);
		assert_true(k <= slen && used <= p.cols);
		assert_true(utf8_valid(san, k));
		assert_int_equal(text_width(san, k), used);
		r = text_truncate(san, slen, p.cols, tr, sizeof tr);
		assert_true(r >= 0 && r <= p.cols);
		assert_true(utf8_valid(tr, strlen(tr)));
		assert_int_equal(text_width(tr, strlen(tr)), r);
		free(san);
	}
}

/* utf8_copy: whole copies, cuts only before a lead byte, NULL and tiny buffers. */
static void
test_utf8_copy(void **state)
{
	char buf[8];

	(void)state;
	utf8_copy(buf, sizeof buf, "abc");
	assert_string_equal(buf, "abc");
	utf8_copy(buf, sizeof buf, NULL);
	assert_string_equal(buf, "");
	utf8_copy(buf, sizeof buf, "集市集市");      /* 12 bytes into 8: two characters */
	assert_string_equal(buf, "集市");
	utf8_copy(buf, sizeof buf, "ab集市");        /* 8 bytes into 8: "ab集" fits in 7 */
	assert_string_equal(buf, "ab集");
	assert_true(utf8_valid(buf, strlen(buf)));
	utf8_copy(buf, 1, "集");
	assert_string_equal(buf, "");
	utf8_copy(buf, 3, "集");                     /* 3 bytes do not fit in 2 + NUL */
	assert_string_equal(buf, "");
	utf8_copy(buf, 4, "集");
	assert_string_equal(buf, "集");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode_valid),
		cmocka_unit_test(test_utf8_copy),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_encode_roundtrip),
		cmocka_unit_test(test_utf8_quote),
		cmocka_unit_test(test_width_table),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_sanitize_table),
		cmocka_unit_test(test_sanitize_every_control),
		cmocka_unit_test(test_sanitize_nul_and_bounds),
		cmocka_unit_test(test_sanitize_idempotent),
		cmocka_unit_test(test_fit_wide),
		cmocka_unit_test(test_fit_clusters),
		cmocka_unit_test(test_truncate_boundaries),
		cmocka_unit_test(test_truncate_bytes_and_errors),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_wrap_chinese),
		cmocka_unit_test(test_wrap_mixed),
		cmocka_unit_test(test_wrap_long_word),
		cmocka_unit_test(test_wrap_newlines_spaces),
		cmocka_unit_test(test_wrap_punctuation),
		cmocka_unit_test(test_wrap_errors),
		cmocka_unit_test(test_wrap_reentrant),
		cmocka_unit_test(test_wrap_long_input),
		cmocka_unit_test(test_property_random),
	};
	int r;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "test_text: the C.UTF-8 locale is missing\n");
		return 1;
	}
	r = cmocka_run_group_tests_name("text", tests, NULL, NULL);
	text_cleanup();
	return r;
}
