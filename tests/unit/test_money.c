/* test_money.c: unit tests for shared/money.c (parsing, formatting, basis points). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "err.h"
#include "money.h"

#define YEN "\xc2\xa5"
#define YEN_FULL "\xef\xbf\xa5"
#define SENTINEL INT64_C(-777)

struct parse_case {
	const char *in;
	int rc;
	int64_t fen;
};

static const struct parse_case parse_ok[] = {
	{ "12", 0, 1200 },
	{ "12.5", 0, 1250 },
	{ "12.50", 0, 1250 },
	{ "12.05", 0, 1205 },
	{ "0.05", 0, 5 },
	{ "0.5", 0, 50 },
	{ "0", 0, 0 },
	{ "0.00", 0, 0 },
	{ "007", 0, 700 },
	{ "1,234", 0, 123400 },
	{ "12,345", 0, 1234500 },
	{ "123,456", 0, 12345600 },
	{ "1,234,567.89", 0, 123456789 },
	{ "1234567.89", 0, 123456789 },
	{ "999", 0, 99900 },
	{ YEN "1,234.50", 0, 123450 },
	{ YEN_FULL "1234.5", 0, 123450 },
	{ YEN_FULL "1,234", 0, 123400 },
	{ YEN "0.01", 0, 1 },
	{ " 12", 0, 1200 },
	{ "12 ", 0, 1200 },
	{ "   " YEN "1,234.50   ", 0, 123450 },
	{ " " YEN_FULL "8.8 ", 0, 880 },
	/* boundaries around MONEY_MAX_FEN (10^13 yuan) */
	{ "10000000000000", 0, MONEY_MAX_FEN },
	{ "10000000000000.00", 0, MONEY_MAX_FEN },
	{ "10,000,000,000,000", 0, MONEY_MAX_FEN },
	{ "9999999999999.99", 0, MONEY_MAX_FEN - 1 },
	{ "0000000000000000000000000000000000000001", 0, 100 },
};

static const struct parse_case parse_bad[] = {
	{ "", JS_ERR_INVALID, 0 },
	{ " ", JS_ERR_INVALID, 0 },
	{ YEN, JS_ERR_INVALID, 0 },
	{ YEN_FULL, JS_ERR_INVALID, 0 },
	{ "-1", JS_ERR_INVALID, 0 },
	{ "+1", JS_ERR_INVALID, 0 },
	{ "-0", JS_ERR_INVALID, 0 },
	{ YEN "-1", JS_ERR_INVALID, 0 },
	{ "-" YEN "1", JS_ERR_INVALID, 0 },
	{ "1.234", JS_ERR_INVALID, 0 },
	{ "0.001", JS_ERR_INVALID, 0 },
	{ "1.", JS_ERR_INVALID, 0 },
	{ ".5", JS_ERR_INVALID, 0 },
	{ ".", JS_ERR_INVALID, 0 },
	{ "1.2.3", JS_ERR_INVALID, 0 },
	{ "1..2", JS_ERR_INVALID, 0 },
	{ "abc", JS_ERR_INVALID, 0 },
	{ "12a", JS_ERR_INVALID, 0 },
	{ "a12", JS_ERR_INVALID, 0 },
	{ "1e3", JS_ERR_INVALID, 0 },
	{ "0x10", JS_ERR_INVALID, 0 },
	{ "12 yuan", JS_ERR_INVALID, 0 },
	{ "12元", JS_ERR_INVALID, 0 },
	{ "1 2", JS_ERR_INVALID, 0 },
	{ "12.5 0", JS_ERR_INVALID, 0 },
	{ "12\t", JS_ERR_INVALID, 0 },
	{ "\t12", JS_ERR_INVALID, 0 },
	{ "12\n", JS_ERR_INVALID, 0 },
	{ YEN " 12", JS_ERR_INVALID, 0 },
	{ "12" YEN, JS_ERR_INVALID, 0 },
	{ YEN YEN "12", JS_ERR_INVALID, 0 },
	{ "$12", JS_ERR_INVALID, 0 },
	{ "\xc2" "12", JS_ERR_INVALID, 0 },		/* half a yen sign */
	{ "\xef\xbf" "12", JS_ERR_INVALID, 0 },
	/* misplaced commas */
	{ "1,23", JS_ERR_INVALID, 0 },
	{ "1,2345", JS_ERR_INVALID, 0 },
	{ "1234,567", JS_ERR_INVALID, 0 },
	{ "12,34,567", JS_ERR_INVALID, 0 },
	{ "1,234,56", JS_ERR_INVALID, 0 },
	{ ",123", JS_ERR_INVALID, 0 },
	{ "123,", JS_ERR_INVALID, 0 },
	{ "1,,234", JS_ERR_INVALID, 0 },
	{ "1,234,", JS_ERR_INVALID, 0 },
	{ "0,123", JS_ERR_INVALID, 0 },
	{ "1,234.", JS_ERR_INVALID, 0 },
	{ "1.234,5", JS_ERR_INVALID, 0 },
	{ "1,234.5,0", JS_ERR_INVALID, 0 },
	{ ",", JS_ERR_INVALID, 0 },
	{ "1，234", JS_ERR_INVALID, 0 },		/* full-width comma */
	/* overflow, however it is spelled */
	{ "10000000000000.01", JS_ERR_OVERFLOW, 0 },
	{ "10000000000001", JS_ERR_OVERFLOW, 0 },
	{ "10,000,000,000,000.01", JS_ERR_OVERFLOW, 0 },
	{ "92233720368547758.07", JS_ERR_OVERFLOW, 0 },
	{ "92233720368547758.08", JS_ERR_OVERFLOW, 0 },
	{ "18446744073709551616", JS_ERR_OVERFLOW, 0 },
	{ YEN "99999999999999999999999999999999999999999999999999.99", JS_ERR_OVERFLOW, 0 },
	/* syntax errors win over size */
	{ "99999999999999999999999x", JS_ERR_INVALID, 0 },
	{ "99999999999999999999.999", JS_ERR_INVALID, 0 },
	{ "-99999999999999999999", JS_ERR_INVALID, 0 },
};

static void
test_parse_accepts(void **state)
{
	size_t i;
	int64_t fen;
	int rc;

	(void)state;
	for (i = 0; i < sizeof parse_ok / sizeof parse_ok[0]; i++) {
		fen = SENTINEL;
		rc = money_parse(parse_ok[i].in, &fen);
		if (rc != 0 || fen != parse_ok[i].fen)
			fail_msg("case %zu '%s': rc %d fen %lld, want %lld", i, parse_ok[i].in,
			    rc, (long long)fen, (long long)parse_ok[i].fen);
	}
}

static void
test_parse_rejects(void **state)
{
	size_t i;
	int64_t fen;
	int rc;

	(void)state;
	for (i = 0; i < sizeof parse_bad / sizeof parse_bad[0]; i++) {
		fen = SENTINEL;
		rc = money_parse(parse_bad[i].in, &fen);
		if (rc != parse_bad[i].rc || fen != SENTINEL)
			fail_msg("case %zu '%s': rc %d fen %lld, want rc %d untouched", i,
			    parse_bad[i].in, rc, (long long)fen, parse_bad[i].rc);
	}
}

static void
test_parse_max_plus_one(void **state)
{
	char buf[64];
	int64_t fen = SENTINEL;

	(void)state;
	assert_int_equal(money_format_plain(MONEY_MAX_FEN, buf, sizeof buf), 0);
	assert_string_equal(buf, "10000000000000.00");
	assert_int_equal(money_parse(buf, &fen), 0);
	assert_int_equal(fen, MONEY_MAX_FEN);

	fen = SENTINEL;
	assert_int_equal(money_format_plain(MONEY_MAX_FEN + 1, buf, sizeof buf), 0);
	assert_string_equal(buf, "10000000000000.01");
	assert_int_equal(money_parse(buf, &fen), JS_ERR_OVERFLOW);
	assert_int_equal(fen, SENTINEL);
}

static void
test_parse_huge_digit_string(void **state)
{
	static char big[10000];
	int64_t fen = SENTINEL;

	(void)state;
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(money_parse(big, &fen), JS_ERR_OVERFLOW);
	assert_int_equal(fen, SENTINEL);

	/* many leading zeros are still a small number */
	memset(big, '0', sizeof big - 1);
	big[sizeof big - 2] = '5';
	assert_int_equal(money_parse(big, &fen), 0);
	assert_int_equal(fen, 500);

	/* a huge well-formed number with junk at the end is invalid, not overflow */
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 2] = 'x';
	fen = SENTINEL;
	assert_int_equal(money_parse(big, &fen), JS_ERR_INVALID);
	assert_int_equal(fen, SENTINEL);
}

static void
test_parse_null(void **state)
{
	int64_t fen = SENTINEL;

	(void)state;
	assert_int_equal(money_parse(NULL, &fen), JS_ERR_INVALID);
	assert_int_equal(fen, SENTINEL);
	assert_int_equal(money_parse("12", NULL), JS_ERR_INVALID);
}

struct format_case {
	int64_t fen;
	const char *pretty;
	const char *plain;
};

static const struct format_case formats[] = {
	{ 0, YEN "0.00", "0.00" },
	{ 1, YEN "0.01", "0.01" },
	{ 5, YEN "0.05", "0.05" },
	{ 10, YEN "0.10", "0.10" },
	{ 99, YEN "0.99", "0.99" },
	{ 100, YEN "1.00", "1.00" },
	{ 123450, YEN "1,234.50", "1234.50" },
	{ 99999, YEN "999.99", "999.99" },
	{ 100000, YEN "1,000.00", "1000.00" },
	{ 12345678, YEN "123,456.78", "123456.78" },
	{ 123456789, YEN "1,234,567.89", "1234567.89" },
	{ MONEY_MAX_FEN, YEN "10,000,000,000,000.00", "10000000000000.00" },
	{ -1, "-" YEN "0.01", "-0.01" },
	{ -5, "-" YEN "0.05", "-0.05" },
	{ -123450, "-" YEN "1,234.50", "-1234.50" },
	{ INT64_MAX, YEN "92,233,720,368,547,758.07", "92233720368547758.07" },
	{ INT64_MIN, "-" YEN "92,233,720,368,547,758.08", "-92233720368547758.08" },
	{ INT64_MIN + 1, "-" YEN "92,233,720,368,547,758.07", "-92233720368547758.07" },
};

static void
test_format_table(void **state)
{
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (money_format(formats[i].fen, buf, sizeof buf) != 0 ||
		    strcmp(buf, formats[i].pretty) != 0)
			fail_msg("format(%lld) = '%s'", (long long)formats[i].fen, buf);
		if (money_format_plain(formats[i].fen, buf, sizeof buf) != 0 ||
		    strcmp(buf, formats[i].plain) != 0)
			fail_msg("format_plain(%lld) = '%s'", (long long)formats[i].fen, buf);
	}
}

/* The header promises 32 bytes always suffice; check the worst cases fit and fill exactly. */
static void
test_format_exact_sizes(void **state)
{
	char buf[32];
	size_t need;

	(void)state;
	need = strlen("-" YEN "92,233,720,368,547,758.08") + 1;
	assert_true(need <= 32);
	assert_int_equal(money_format(INT64_MIN, buf, need), 0);
	assert_string_equal(buf, "-" YEN "92,233,720,368,547,758.08");
	memset(buf, 'x', sizeof buf);
	assert_int_equal(money_format(INT64_MIN, buf, need - 1), JS_ERR_TOO_BIG);
	assert_string_equal(buf, "");

	need = strlen("-92233720368547758.08") + 1;
	assert_int_equal(money_format_plain(INT64_MIN, buf, need), 0);
	assert_string_equal(buf, "-92233720368547758.08");
	memset(buf, 'x', sizeof buf);
	assert_int_equal(money_format_plain(INT64_MIN, buf, need - 1), JS_ERR_TOO_BIG);
	assert_string_equal(buf, "");
}

static void
test_format_small_buffers(void **state)
{
	char buf[16];
	size_t len;

	(void)state;
	/* "¥1,234.50" is 10 bytes: every size up to 10 fails and leaves "" */
	for (len = 1; len <= 10; len++) {
		memset(buf, 'x', sizeof buf);
		assert_int_equal(money_format(123450, buf, len), JS_ERR_TOO_BIG);
		assert_int_equal(buf[0], '\0');
		assert_int_equal(buf[len], 'x');	/* nothing written past len */
	}
	assert_int_equal(money_format(123450, buf, 11), 0);
	assert_string_equal(buf, YEN "1,234.50");

	for (len = 1; len <= 4; len++) {
		memset(buf, 'x', sizeof buf);
		assert_int_equal(money_format_plain(0, buf, len), JS_ERR_TOO_BIG);
		assert_int_equal(buf[0], '\0');
	}
	assert_int_equal(money_format_plain(0, buf, 5), 0);
	assert_string_equal(buf, "0.00");

	/* len 0: nothing may be written at all */
	buf[0] = 'x';
	assert_int_equal(money_format(1, buf, 0), JS_ERR_TOO_BIG);
	assert_int_equal(money_format_plain(1, buf, 0), JS_ERR_TOO_BIG);
	assert_int_equal(buf[0], 'x');

	assert_int_equal(money_format(1, NULL, 32), JS_ERR_INVALID);
	assert_int_equal(money_format_plain(1, NULL, 32), JS_ERR_INVALID);
}

/* Both formats parse back to the same amount for everything money_parse accepts. */
static void
test_format_round_trip(void **state)
{
	static const int64_t amounts[] = {
		0, 1, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000, 100001, 123456,
		999999999, 1000000000, 123456789012345, MONEY_MAX_FEN - 1, MONEY_MAX_FEN,
	};
	char buf[32];
	size_t i;
	int64_t v, back;

	(void)state;
	for (i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		assert_int_equal(money_format(amounts[i], buf, sizeof buf), 0);
		assert_int_equal(money_parse(buf, &back), 0);
		assert_int_equal(back, amounts[i]);
		assert_int_equal(money_format_plain(amounts[i], buf, sizeof buf), 0);
		assert_int_equal(money_parse(buf, &back), 0);
		assert_int_equal(back, amounts[i]);
	}
	/* a deterministic sweep over many magnitudes */
	for (v = 1; v > 0 && v <= MONEY_MAX_FEN; v = v * 7 + 3) {
		assert_int_equal(money_format(v, buf, sizeof buf), 0);
		assert_int_equal(money_parse(buf, &back), 0);
		assert_int_equal(back, v);
	}
	/* negatives format but never parse back */
	assert_int_equal(money_format(-1, buf, sizeof buf), 0);
	assert_int_equal(money_parse(buf, &back), JS_ERR_INVALID);
	assert_int_equal(money_format_plain(-1, buf, sizeof buf), 0);
	assert_int_equal(money_parse(buf, &back), JS_ERR_INVALID);
}

struct bps_case {
	int64_t amount;
	int bps;
	int64_t want;
};

static const struct bps_case bps_cases[] = {
	{ 1001, 500, 50 },		/* 50.05 -> 50 */
	{ 1010, 500, 51 },		/* 50.5 -> 51, half up */
	{ 1009, 500, 50 },		/* 50.45 -> 50 */
	{ 1011, 500, 51 },		/* 50.55 -> 51 */
	{ 0, 500, 0 },
	{ 12345, 0, 0 },
	{ 12345, 10000, 12345 },
	{ 1, 5000, 1 },			/* 0.5 -> 1 */
	{ 1, 4999, 0 },			/* 0.4999 -> 0 */
	{ 3, 5000, 2 },			/* 1.5 -> 2 */
	{ 1, 1, 0 },
	{ 5000, 1, 1 },			/* 0.5 -> 1 */
	{ 4999, 1, 0 },
	{ 10000, 1, 1 },
	{ 15000, 1, 2 },		/* 1.5 -> 2 */
	{ 100000, 250, 2500 },
	{ 99999, 250, 2500 },		/* 2499.975 -> 2500 */
	{ 99, 300, 3 },			/* 2.97 -> 3 */
	{ MONEY_MAX_FEN, 10000, MONEY_MAX_FEN },
	{ MONEY_MAX_FEN, 1, MONEY_MAX_FEN / 10000 },
	{ INT64_MAX, 10000, INT64_MAX },
	{ INT64_MAX, 9999, INT64_C(9222449699651090329) },	/* ...329.4193 */
	{ INT64_MAX, 5000, INT64_C(4611686018427387904) },	/* ...903.5 -> up */
	{ INT64_MAX, 1, INT64_C(922337203685478) },		/* ...477.5807 -> up */
};

static void
test_bps_rounding(void **state)
{
	size_t i;
	int64_t out;
	int rc;

	(void)state;
	for (i = 0; i < sizeof bps_cases / sizeof bps_cases[0]; i++) {
		out = SENTINEL;
		rc = money_bps(bps_cases[i].amount, bps_cases[i].bps, &out);
		if (rc != 0 || out != bps_cases[i].want)
			fail_msg("bps(%lld, %d): rc %d out %lld, want %lld",
			    (long long)bps_cases[i].amount, bps_cases[i].bps, rc,
			    (long long)out, (long long)bps_cases[i].want);
	}
}

/* Checks against exact arithmetic on small amounts, where amount * bps fits. */
static void
test_bps_exhaustive_small(void **state)
{
	static const int rates[] = { 0, 1, 3, 50, 99, 100, 250, 333, 500, 999, 5000, 9999, 10000 };
	int64_t amount, out, want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
		for (amount = 0; amount <= 30000; amount++) {
			want = (amount * rates[i] + 5000) / 10000;
			assert_int_equal(money_bps(amount, rates[i], &out), 0);
			assert_int_equal(out, want);
			assert_true(out <= amount);
		}
	}
}

static void
test_bps_invalid(void **state)
{
	int64_t out = SENTINEL;

	(void)state;
	assert_int_equal(money_bps(-1, 500, &out), JS_ERR_INVALID);
	assert_int_equal(money_bps(INT64_MIN, 500, &out), JS_ERR_INVALID);
	assert_int_equal(money_bps(100, -1, &out), JS_ERR_INVALID);
	assert_int_equal(money_bps(100, 10001, &out), JS_ERR_INVALID);
	assert_int_equal(money_bps(100, INT32_MIN, &out), JS_ERR_INVALID);
	assert_int_equal(out, SENTINEL);
	assert_int_equal(money_bps(100, 500, NULL), JS_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_max_plus_one),
		cmocka_unit_test(test_parse_huge_digit_string),
		cmocka_unit_test(test_parse_null),
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_format_exact_sizes),
		cmocka_unit_test(test_format_small_buffers),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_bps_rounding),
		cmocka_unit_test(test_bps_exhaustive_small),
		cmocka_unit_test(test_bps_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
