/* test_buf.c: unit tests for shared/buf.c (growth, the hard cap, steal, reset, printf). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

#define BIG (1u << 20)

/* The invariants every call must keep: NUL-terminated, len < cap, cap <= max + 1. */
static void
check_buf(const struct buf *b)
{
	assert_non_null(b->data);
	assert_true(b->len < b->cap);
	assert_true(b->max == SIZE_MAX || b->cap <= b->max + 1);
	assert_int_equal(b->data[b->len], '\0');
}

static void
test_init_free(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 100);
	buf_free(&b);                 /* never used: fine */
	buf_free(&b);                 /* twice: fine */
	assert_null(b.data);

	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "x"), 0);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	/* reusable after another buf_init */
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_string_equal(b.data, "again");
	buf_free(&b);
}

static void
test_append_growth(void **state)
{
	struct buf b;
	char chunk[37], *expect;
	size_t i, total = 0;

	(void)state;
	expect = malloc(BIG);
	assert_non_null(expect);
	buf_init(&b, BIG);
	for (i = 0; total + sizeof chunk <= 100000; i++) {
		size_t k;

		for (k = 0; k < sizeof chunk; k++)
			chunk[k] = (char)('a' + (i + k) % 26);
		assert_int_equal(buf_append(&b, chunk, sizeof chunk), 0);
		memcpy(expect + total, chunk, sizeof chunk);
		total += sizeof chunk;
		check_buf(&b);
		assert_int_equal(b.len, total);
	}
	assert_memory_equal(b.data, expect, total);
	buf_free(&b);
	free(expect);
}

static void
test_puts_putc_growth(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, BIG);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(buf_puts(&b, "集市"), 0);
		assert_int_equal(buf_putc(&b, '|'), 0);
		check_buf(&b);
	}
	assert_int_equal(b.len, 1000 * (strlen("集市") + 1));
	assert_int_equal(strlen(b.data), b.len);
	for (i = 0; i < 1000; i++)
		assert_memory_equal(b.data + i * 7, "集市|", 7);
	buf_free(&b);
}

static void
test_printf_growth(void **state)
{
	struct buf b;
	char expect[20000], tmp[32];
	size_t off = 0;
	int i, n;

	(void)state;
	buf_init(&b, BIG);
	for (i = -500; i < 1000; i++) {
		assert_int_equal(buf_printf(&b, "%d,", i), 0);
		n = snprintf(tmp, sizeof tmp, "%d,", i);
		memcpy(expect + off, tmp, (size_t)n);
		off += (size_t)n;
		check_buf(&b);
	}
	expect[off] = '\0';
	assert_int_equal(b.len, off);
	assert_string_equal(b.data, expect);
	buf_free(&b);
}

static void
test_printf_long_string(void **state)
{
	struct buf b;
	char *big;
	size_t n = 100000;

	(void)state;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'q', n);
	big[n] = '\0';
	big[n / 2] = 'Z';

	buf_init(&b, BIG);
	assert_int_equal(buf_puts(&b, "<"), 0);
	assert_int_equal(buf_printf(&b, "%s>%s", big, "集市"), 0);
	check_buf(&b);
	assert_int_equal(b.len, 1 + n + 1 + strlen("集市"));
	assert_int_equal(b.data[0], '<');
	assert_memory_equal(b.data + 1, big, n);
	assert_string_equal(b.data + 1 + n, ">集市");

	/* a second long printf on top of the first */
	assert_int_equal(buf_printf(&b, "%.*s", 70000, big), 0);
	assert_int_equal(b.len, 1 + n + 1 + strlen("集市") + 70000);
	check_buf(&b);
	buf_free(&b);
	free(big);
}

static void
test_cap_refuses_and_keeps(void **state)
{
	struct buf b;
	char *before;
	size_t cap;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	before = b.data;
	cap = b.cap;

	assert_int_equal(buf_puts(&b, "abcdef"), JS_ERR_TOO_BIG);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "12345");
	assert_ptr_equal(b.data, before);
	assert_int_equal(b.cap, cap);

	assert_int_equal(buf_append(&b, "abcdefghijk", 11), JS_ERR_TOO_BIG);
	assert_int_equal(buf_printf(&b, "%s", "abcdef"), JS_ERR_TOO_BIG);
	assert_int_equal(buf_printf(&b, "%d", 123456), JS_ERR_TOO_BIG);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "12345");

	/* exactly up to the cap is allowed */
	assert_int_equal(buf_puts(&b, "6789"), 0);
	assert_int_equal(buf_putc(&b, '0'), 0);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "1234567890");
	check_buf(&b);

	/* and one byte more is not */
	assert_int_equal(buf_putc(&b, 'x'), JS_ERR_TOO_BIG);
	assert_int_equal(buf_puts(&b, "x"), JS_ERR_TOO_BIG);
	assert_int_equal(buf_printf(&b, "x"), JS_ERR_TOO_BIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "1234567890");

	/* zero more bytes still fit */
	assert_int_equal(buf_append(&b, "x", 0), 0);
	assert_int_equal(buf_printf(&b, "%s", ""), 0);
	assert_int_equal(b.len, 10);
	check_buf(&b);
	buf_free(&b);
}

static void
test_cap_huge_lengths(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	/* lengths near SIZE_MAX must not wrap around the cap check */
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), JS_ERR_TOO_BIG);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), JS_ERR_TOO_BIG);
	assert_int_equal(buf_append(&b, "x", 62), JS_ERR_TOO_BIG);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	buf_free(&b);

	/* a cap of SIZE_MAX - 1: growth works, cap + 1 does not overflow */
	buf_init(&b, SIZE_MAX - 1);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	check_buf(&b);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), JS_ERR_TOO_BIG);
	assert_int_equal(b.len, 3);
	buf_free(&b);
}

static void
test_cap_size_max(void **state)
{
	struct buf b;

	(void)state;
	/* "no practical cap": max + 1 and len + n + 1 must not wrap around */
	buf_init(&b, SIZE_MAX);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_string_equal(b.data, "abc");
	check_buf(&b);
	assert_int_equal(buf_printf(&b, "%d", 42), 0);
	assert_string_equal(b.data, "abc42");
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), JS_ERR_TOO_BIG);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 5), JS_ERR_TOO_BIG);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.data, "abc42");
	buf_free(&b);
}

static void
test_cap_first_append(void **state)
{
	struct buf b;

	(void)state;
	/* refused on an unused buffer: nothing allocated, still usable */
	buf_init(&b, 4);
	assert_int_equal(buf_puts(&b, "hello"), JS_ERR_TOO_BIG);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "hell"), 0);
	assert_string_equal(b.data, "hell");
	check_buf(&b);
	buf_free(&b);

	/* max 0: only the empty string fits */
	buf_init(&b, 0);
	assert_int_equal(buf_putc(&b, 'a'), JS_ERR_TOO_BIG);
	assert_int_equal(buf_puts(&b, ""), 0);
	assert_string_equal(b.data, "");
	check_buf(&b);
	buf_free(&b);
}

static void
test_cap_growth_stays_bounded(void **state)
{
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 1000);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(buf_putc(&b, 'a'), 0);
		check_buf(&b);
	}
	assert_int_equal(b.cap, 1001);
	assert_int_equal(buf_putc(&b, 'a'), JS_ERR_TOO_BIG);
	buf_free(&b);
}

static void
test_zero_length(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_append(&b, NULL, 0), 0);
	assert_int_equal(b.len, 0);
	check_buf(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_puts(&b, ""), 0);
	assert_int_equal(buf_printf(&b, "%s", ""), 0);
	assert_int_equal(buf_printf(&b, "%.0s", "ignored"), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_puts(&b, "ab"), 0);
	assert_int_equal(buf_append(&b, "zz", 0), 0);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.data, "ab");
	buf_free(&b);
}

static void
test_embedded_nul(void **state)
{
	static const char bytes[] = { 'a', '\0', 'b', '\0', '\0', 'c' };
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_append(&b, bytes, sizeof bytes), 0);
	assert_int_equal(buf_putc(&b, '\0'), 0);
	assert_int_equal(b.len, sizeof bytes + 1);
	assert_memory_equal(b.data, bytes, sizeof bytes);
	assert_int_equal(b.data[sizeof bytes], '\0');
	check_buf(&b);
	buf_free(&b);
}

static void
test_reset(void **state)
{
	struct buf b;
	char *before;
	size_t cap;

	(void)state;
	buf_init(&b, 1000);
	buf_reset(&b);                /* on an unused buffer: fine */
	assert_null(b.data);
	assert_int_equal(b.len, 0);

	assert_int_equal(buf_printf(&b, "%0200d", 7), 0);
	before = b.data;
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_ptr_equal(b.data, before);     /* memory kept */
	assert_int_equal(b.cap, cap);
	assert_int_equal(buf_puts(&b, "new"), 0);
	assert_string_equal(b.data, "new");
	assert_ptr_equal(b.data, before);
	/* after a reset the whole cap is available again */
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%01000d", 1), 0);
	assert_int_equal(b.len, 1000);
	buf_free(&b);
}

static void
test_steal(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "集市 market"), 0);
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "集市 market");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 100);
	/* the buf is usable again and independent of the stolen string */
	assert_int_equal(buf_puts(&b, "second"), 0);
	assert_string_equal(b.data, "second");
	assert_string_equal(s, "集市 market");
	free(s);

	/* stealing what was never written gives an empty string, never NULL */
	buf_free(&b);
	buf_init(&b, 100);
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	/* also with a cap of 0 */
	buf_init(&b, 0);
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* steal after a reset: empty string, memory handed over */
	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "gone"), 0);
	buf_reset(&b);
	s = buf_steal(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);                 /* nothing left to free */
}

static void
test_vprintf_helper(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
test_vprintf_helper(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	assert_int_equal(r, 0);
}

static void
test_vprintf(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	test_vprintf_helper(&b, "%s=%lld", "fen", (long long)INT64_MIN);
	assert_string_equal(b.data, "fen=-9223372036854775808");
	test_vprintf_helper(&b, " %05.1f", 2.5);
	assert_string_equal(b.data, "fen=-9223372036854775808 002.5");
	check_buf(&b);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_free),
		cmocka_unit_test(test_append_growth),
		cmocka_unit_test(test_puts_putc_growth),
		cmocka_unit_test(test_printf_growth),
		cmocka_unit_test(test_printf_long_string),
		cmocka_unit_test(test_cap_refuses_and_keeps),
		cmocka_unit_test(test_cap_huge_lengths),
		cmocka_unit_test(test_cap_size_max),
		cmocka_unit_test(test_cap_first_append),
		cmocka_unit_test(test_cap_growth_stays_bounded),
		cmocka_unit_test(test_zero_length),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_steal),
		cmocka_unit_test(test_vprintf),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
