/* fuzz_text.c: libFuzzer harness for text_sanitize, text_wrap, text_fit, text_truncate.
 *
 * Build and run (from the repository root; ICU itself is not instrumented):
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined -Ishared -o build/fuzz_text tests/fuzz/fuzz_text.c \
 *     shared/text.c shared/text_wrap.c shared/utf8.c shared/err.c \
 *     $(pkg-config --cflags --libs icu-uc icu-i18n)
 *   mkdir -p build/fuzz-text && build/fuzz_text -max_total_time=60 build/fuzz-text
 *
 * Input: byte 0 picks the column count (2..41) and keep_newlines, the rest is the text.
 * Every property the unit tests check on random strings is checked here; a violation
 * calls abort(), which libFuzzer reports as a crash with the input saved.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "text.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_text: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

struct sink {
	int	 cols;
	int	 lines;
	char	*joined;	/* the non-space bytes of every line, in order */
	size_t	 jlen;
};

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

static void
line(void *ud, const char *s, size_t len)
{
	struct sink *k = ud;

	CHECK(utf8_valid(s, len));
	CHECK(text_width(s, len) <= k->cols);
	CHECK(len == 0 || s[len - 1] != ' ');
	CHECK(memchr(s, '\n', len) == NULL);
	if (k->joined != NULL)
		k->jlen = squeeze(s, len, k->joined, k->jlen);
	k->lines++;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1;
	struct sink k = { 0, 0, NULL, 0 };
	char *san, *again, *want, cell[96];
	size_t len, slen, i, n, fit;
	uint32_t cp;
	int keep, r, used;

	if (size < 1)
		return 0;
	len = size - 1;
	k.cols = 2 + data[0] % 40;
	keep = data[0] >> 7;

	/* raw input: wrap agrees with the validator, and never crashes */
	r = text_wrap(s, len, k.cols, line, &k);
	CHECK(utf8_valid(s, len) ? r == k.lines : r == JS_ERR_UTF8);
	(void)text_width(s, len);
	fit = text_fit(s, len, k.cols, &used);
	CHECK(fit <= len && used >= 0 && used <= k.cols);

	/* sanitize: valid, bounded, nothing a terminal would act on, idempotent */
	san = text_sanitize(s, len, keep);
	CHECK(san != NULL);
	slen = strlen(san);
	CHECK(slen <= 3 * len);
	CHECK(utf8_valid(san, slen));
	for (i = 0; i < slen; i += n) {
		n = utf8_decode(san + i, slen - i, &cp);
		CHECK(n > 0);
		CHECK(cp >= 0x20 || (cp == '\n' && keep));
		CHECK(cp != 0x7f && (cp < 0x80 || cp >= 0xa0));
		CHECK(!utf8_is_bidi_control(cp));
	}
	again = text_sanitize(san, slen, keep);
	CHECK(again != NULL && strcmp(again, san) == 0);
	free(again);

	/* wrap of sanitized text: widths, whole characters, nothing lost but spaces */
	k.lines = 0;
	k.jlen = 0;
	k.joined = malloc(slen + 1);
	want = malloc(slen + 1);
	CHECK(k.joined != NULL && want != NULL);
	r = text_wrap(san, slen, k.cols, line, &k);
	CHECK(r == k.lines);
	n = squeeze(san, slen, want, 0);
	CHECK(k.jlen == n && memcmp(k.joined, want, n) == 0);
	free(k.joined);
	free(want);

	/* fit, truncate and pad stay within their columns and bytes */
	fit = text_fit(san, slen, k.cols, &used);
	CHECK(fit <= slen && utf8_valid(san, fit) && text_width(san, fit) == used);
	r = text_truncate(san, slen, k.cols, cell, sizeof cell);
	CHECK(r >= 0 && r <= k.cols && text_width(cell, strlen(cell)) == r);
	CHECK(utf8_valid(cell, strlen(cell)));
	r = text_pad(san, slen, k.cols, keep, cell, sizeof cell);
	CHECK(r == k.cols && text_width(cell, strlen(cell)) == k.cols);
	free(san);
	return 0;
}
