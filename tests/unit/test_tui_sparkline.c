/* test_tui_sparkline.c: unit tests for tui/w_sparkline.c (scaling, resampling, glyphs). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "text.h"
#include "w_sparkline.h"

static int
setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
test_levels(void **state)
{
	int64_t v[] = { 0, 1, 50, 100, -5, 99 };
	int lv[6];

	(void)state;
	sparkline_levels(v, 6, lv);
	assert_int_equal(lv[0], 0);                     /* nothing: the baseline */
	assert_int_equal(lv[1], 1);                     /* tiny but not nothing */
	assert_int_equal(lv[2], 4);                     /* ceil(3.5) */
	assert_int_equal(lv[3], SPARK_LEVELS - 1);      /* the maximum: full block */
	assert_int_equal(lv[4], 0);                     /* negative counts as 0 */
	assert_int_equal(lv[5], SPARK_LEVELS - 1);      /* ceil(6.93) */
}

static void
test_levels_flat_and_huge(void **state)
{
	int64_t zero[4] = { 0 }, same[3] = { 7, 7, 7 };
	int64_t huge[3] = { INT64_MAX, INT64_MAX / 2, 1 };
	int lv[4];

	(void)state;
	sparkline_levels(zero, 4, lv);
	assert_int_equal(lv[0] + lv[1] + lv[2] + lv[3], 0);
	sparkline_levels(same, 3, lv);
	assert_int_equal(lv[0], SPARK_LEVELS - 1);
	assert_int_equal(lv[2], SPARK_LEVELS - 1);
	sparkline_levels(huge, 3, lv);                  /* no overflow */
	assert_int_equal(lv[0], SPARK_LEVELS - 1);
	assert_int_equal(lv[1], 4);
	assert_int_equal(lv[2], 1);
	sparkline_levels(zero, 0, lv);                  /* no values: nothing happens */
}

static void
test_resample(void **state)
{
	int64_t v[90], out[90];
	int i, m;
	int64_t sum = 0;

	(void)state;
	for (i = 0; i < 90; i++)
		v[i] = i % 3 == 0 ? 3 : 0;
	m = sparkline_resample(v, 90, 30, out);
	assert_int_equal(m, 30);
	for (i = 0; i < 30; i++) {
		assert_int_equal(out[i], 3);                /* each column sums 3 days */
		sum += out[i];
	}
	assert_int_equal(sum, 90);
	m = sparkline_resample(v, 90, 40, out);         /* uneven buckets keep every day */
	assert_int_equal(m, 40);
	for (sum = 0, i = 0; i < 40; i++)
		sum += out[i];
	assert_int_equal(sum, 90);
	m = sparkline_resample(v, 7, 40, out);          /* short: one column a value */
	assert_int_equal(m, 7);
	assert_int_equal(sparkline_resample(v, 0, 10, out), 0);
	assert_int_equal(sparkline_resample(v, 10, 0, out), 0);
	assert_int_equal(sparkline_resample(NULL, 10, 10, out), 0);
}

static void
test_render_blocks(void **state)
{
	int64_t v[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	char buf[64];
	int m;

	(void)state;
	m = sparkline_render(v, 8, 40, 0, buf, sizeof buf);
	assert_int_equal(m, 8);
	assert_string_equal(buf, "▁▂▃▄▅▆▇█");
	assert_int_equal(text_width(buf, strlen(buf)), 8);
	m = sparkline_render(v, 8, 40, 1, buf, sizeof buf);
	assert_int_equal(m, 8);
	assert_string_equal(buf, "_.-:=+*#");
	/* too small a buffer: nothing, and the caller learns it */
	assert_int_equal(sparkline_render(v, 8, 40, 0, buf, 10), -1);
	assert_string_equal(buf, "");
	/* fitted to fewer columns */
	m = sparkline_render(v, 8, 4, 1, buf, sizeof buf);
	assert_int_equal(m, 4);
	assert_int_equal(strlen(buf), 4);
	assert_int_equal(buf[3], '#');
	/* no data: an empty chart */
	assert_int_equal(sparkline_render(v, 0, 10, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

static void
test_glyph_widths(void **state)
{
	(void)state;
	/* glibc's wcwidth gives the block elements one column: the chart's width is its
	 * number of values, as the layout assumes */
	assert_true(sparkline_blocks_ok());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_levels_flat_and_huge),
		cmocka_unit_test(test_resample),
		cmocka_unit_test(test_render_blocks),
		cmocka_unit_test(test_glyph_widths),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
