/* test_tui_gig_ui.c: unit tests for tui/gig_ui.c (typed prices, days and revisions, the
 * display of gig values, validation texts) and the file picker's size and type labels.
 * No catalog is loaded, so texts are the English msgids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "err.h"
#include "gig_ui.h"
#include "i18n.h"
#include "w_filepick.h"

static int
setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
test_price(void **state)
{
	const char *msg = NULL;
	int64_t v = -1;

	(void)state;
	assert_int_equal(gig_ui_parse_price("1500", 0, &v, &msg), 0);
	assert_int_equal(v, 150000);
	assert_int_equal(gig_ui_parse_price(" ¥1,234.5 ", 0, &v, &msg), 0);
	assert_int_equal(v, 123450);
	assert_int_equal(gig_ui_parse_price("99.50", 0, &v, &msg), 0);
	assert_int_equal(v, 9950);
	/* the reasons a seller sees beside the field */
	assert_int_equal(gig_ui_parse_price("19.999", 0, &v, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "at most two decimals");
	assert_int_equal(gig_ui_parse_price("-5", 0, &v, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "cannot be negative");
	assert_int_equal(gig_ui_parse_price("abc", 0, &v, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "a price in yuan, e.g. 1500 or 99.50");
	assert_int_equal(gig_ui_parse_price("", 0, &v, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "required");
	assert_int_equal(gig_ui_parse_price("0.99", 0, &v, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "from ¥1 to ¥1,000,000");
	assert_int_equal(gig_ui_parse_price("1000000.01", 0, &v, &msg), JS_ERR_INVALID);
	assert_int_equal(gig_ui_parse_price("99999999999999999999", 0, &v, &msg),
	    JS_ERR_INVALID);
	assert_string_equal(msg, "too large");
	/* extras may be free, and empty means free there */
	assert_int_equal(gig_ui_parse_price("0", 1, &v, &msg), 0);
	assert_int_equal(v, 0);
	v = 7;
	assert_int_equal(gig_ui_parse_price("  ", 1, &v, &msg), 0);
	assert_int_equal(v, 0);
}

static void
test_numbers(void **state)
{
	const char *msg = NULL;
	int v = -9;

	(void)state;
	assert_int_equal(gig_ui_parse_int("7", 1, 365, &v, &msg), 0);
	assert_int_equal(v, 7);
	assert_int_equal(gig_ui_parse_int(" 365 ", 1, 365, &v, &msg), 0);
	assert_int_equal(gig_ui_parse_int("0", 1, 365, &v, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "a whole number from 1 to 365");
	assert_int_equal(gig_ui_parse_int("3.5", 1, 365, &v, &msg), JS_ERR_INVALID);
	assert_int_equal(gig_ui_parse_int("", 1, 365, &v, &msg), JS_ERR_INVALID);
	assert_int_equal(gig_ui_parse_int("-2", -30, 30, &v, &msg), 0);
	assert_int_equal(v, -2);
	assert_int_equal(gig_ui_parse_int("99999999999999999999", 1, 365, &v, &msg),
	    JS_ERR_INVALID);

	assert_int_equal(gig_ui_parse_revisions("", &v, &msg), 0);
	assert_int_equal(v, 0);
	assert_int_equal(gig_ui_parse_revisions("3", &v, &msg), 0);
	assert_int_equal(v, 3);
	assert_int_equal(gig_ui_parse_revisions("不限", &v, &msg), 0);
	assert_int_equal(v, -1);
	assert_int_equal(gig_ui_parse_revisions("Unlimited", &v, &msg), 0);
	assert_int_equal(v, -1);
	assert_int_equal(gig_ui_parse_revisions("-1", &v, &msg), 0);
	assert_int_equal(v, -1);
	assert_int_equal(gig_ui_parse_revisions("100", &v, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "0 to 99, or \"unlimited\"");
}

static void
test_display(void **state)
{
	char buf[64];

	(void)state;
	gig_ui_price(150000, buf, sizeof buf);
	assert_string_equal(buf, "¥1,500");                 /* whole yuan: no .00 */
	gig_ui_price(9950, buf, sizeof buf);
	assert_string_equal(buf, "¥99.50");
	gig_ui_price_input(150000, 1, buf, sizeof buf);
	assert_string_equal(buf, "1500");
	gig_ui_price_input(9950, 1, buf, sizeof buf);
	assert_string_equal(buf, "99.50");
	gig_ui_price_input(0, 1, buf, sizeof buf);
	assert_string_equal(buf, "");
	gig_ui_price_input(0, 0, buf, sizeof buf);
	assert_string_equal(buf, "0");
	gig_ui_days(1, buf, sizeof buf);
	assert_string_equal(buf, "1 day");
	gig_ui_days(14, buf, sizeof buf);
	assert_string_equal(buf, "14 days");
	gig_ui_revisions(-1, buf, sizeof buf);
	assert_string_equal(buf, "unlimited");
	gig_ui_revisions_long(2, buf, sizeof buf);
	assert_string_equal(buf, "2 revisions");
	gig_ui_rating(485, 12, buf, sizeof buf);
	assert_string_equal(buf, "4.8 (12)");
	gig_ui_rating(0, 0, buf, sizeof buf);
	assert_string_equal(buf, "New");
	gig_ui_response(1800, buf, sizeof buf);
	assert_string_equal(buf, "within 1 hour");
	gig_ui_response(5 * 3600 + 1, buf, sizeof buf);
	assert_string_equal(buf, "within 6 hours");
	gig_ui_response(-1, buf, sizeof buf);
	assert_string_equal(buf, "unknown");
	assert_string_equal(gig_ui_status("pending_review"), "In review");
	assert_int_equal(gig_ui_status_role("active"), T_OK);
	assert_string_equal(gig_ui_status("strange"), "strange");
}

static void
test_join(void **state)
{
	char items[3][8] = { "a", "bb", "ccc" }, buf[16];

	(void)state;
	gig_ui_join(items[0], sizeof items[0], 3, buf, sizeof buf);
	assert_string_equal(buf, "a，bb，ccc");             /* Chinese is the default */
	gig_ui_join(items[0], sizeof items[0], 3, buf, 5);  /* whole items only */
	assert_string_equal(buf, "a");
	i18n_set_lang("en");
	gig_ui_join(items[0], sizeof items[0], 3, buf, sizeof buf);
	assert_string_equal(buf, "a, bb, ccc");
	gig_ui_join(items[0], sizeof items[0], 3, buf, 6);
	assert_string_equal(buf, "a, bb");
	gig_ui_join(items[0], sizeof items[0], 0, buf, sizeof buf);
	assert_string_equal(buf, "");
	i18n_set_lang("zh_CN");
}

static void
test_bad_text(void **state)
{
	struct gig_bad b = { "package_price", 1, -1 };

	(void)state;
	assert_string_equal(gig_ui_bad_text(&b, JS_ERR_INVALID), "from ¥1 to ¥1,000,000");
	b.field = "title";
	assert_string_equal(gig_ui_bad_text(&b, JS_ERR_TOO_BIG), "5 to 80 characters");
	b.field = "media";
	b.index = 0;
	assert_string_equal(gig_ui_bad_text(&b, JS_ERR_INVALID),
	    "the cover (the first file) must be an image");
	assert_string_equal(gig_ui_bad_text(&b, JS_ERR_NOT_FOUND),
	    "this upload no longer exists");
	b.index = -1;
	assert_string_equal(gig_ui_bad_text(&b, JS_ERR_TOO_BIG), "at most 10 files");
	b.field = "package";
	b.index = GIG_BASIC;
	assert_string_equal(gig_ui_bad_text(&b, JS_ERR_INVALID), "the Basic package is required");
	b.field = "no_such_field";
	assert_string_equal(gig_ui_bad_text(&b, JS_ERR_INVALID), "not valid");
	assert_string_equal(gig_ui_bad_text(NULL, JS_ERR_UTF8), "not valid UTF-8 text");
}

static void
test_filepick_labels(void **state)
{
	char buf[64];

	(void)state;
	filepick_size(512, buf, sizeof buf);
	assert_string_equal(buf, "512 B");
	filepick_size(183420, buf, sizeof buf);
	assert_string_equal(buf, "179 KB");
	filepick_size(5 * 1024 + 512, buf, sizeof buf);
	assert_string_equal(buf, "5.5 KB");
	filepick_size(INT64_C(3) * 1024 * 1024 + 300000, buf, sizeof buf);
	assert_string_equal(buf, "3.3 MB");
	assert_string_equal(filepick_kind("image/png", buf, sizeof buf), "PNG image");
	assert_string_equal(filepick_kind("audio/mpeg", buf, sizeof buf), "MP3 audio");
	assert_string_equal(filepick_kind("application/pdf", buf, sizeof buf), "PDF");
	assert_string_equal(filepick_kind("application/zip", buf, sizeof buf), "ZIP archive");
	assert_string_equal(filepick_kind("text/plain", buf, sizeof buf), "Text");
	assert_string_equal(filepick_kind("x/unknown", buf, sizeof buf), "x/unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_price),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_filepick_labels),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
