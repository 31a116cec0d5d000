/* test_lineedit.c: unit tests for tui/lineedit.c (the one-line editing model). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "err.h"
#include "lineedit.h"
#include "text.h"

#define ZHONG "\xe4\xb8\xad"         /* 中 U+4E2D, 2 columns */
#define WEN "\xe6\x96\x87"           /* 文 */
#define ACUTE "\xcc\x81"             /* U+0301 combining acute, 0 columns */
#define GRIN "\xf0\x9f\x98\x80"      /* 😀 U+1F600, 2 columns */
#define ZWJ "\xe2\x80\x8d"
#define MAN "\xf0\x9f\x91\xa8"
#define WOMAN "\xf0\x9f\x91\xa9"

static int
setup(void **state)
{
	(void)state;
	/* widths come from wcwidth(): the TUI runs under C.UTF-8 */
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
type(struct lineedit *le, const char *s)
{
	assert_int_equal(lineedit_insert(le, s, strlen(s)), 0);
}

static void
test_ascii(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le, 20, 0);
	type(&le, "hello");
	assert_string_equal(le.buf, "hello");
	assert_int_equal(le.cur, 5);
	assert_int_equal(lineedit_cursor_col(&le), 5);
	assert_int_equal(lineedit_left(&le), 1);
	assert_int_equal(lineedit_left(&le), 1);
	assert_int_equal(lineedit_insert_cp(&le, 'X'), 0);
	assert_string_equal(le.buf, "helXlo");
	assert_int_equal(le.cur, 4);
	assert_int_equal(lineedit_chars(&le), 6);
}

static void
test_cjk_width(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le, 20, 0);
	type(&le, ZHONG WEN "ab");
	assert_int_equal(le.len, 8);
	assert_int_equal(lineedit_cursor_col(&le), 6);
	lineedit_home(&le);
	assert_int_equal(lineedit_cursor_col(&le), 0);
	lineedit_right(&le);                 /* over 中: one step, two columns */
	assert_int_equal(le.cur, 3);
	assert_int_equal(lineedit_cursor_col(&le), 2);
	lineedit_right(&le);
	assert_int_equal(lineedit_cursor_col(&le), 4);
	lineedit_right(&le);
	assert_int_equal(lineedit_cursor_col(&le), 5);
	lineedit_end(&le);
	assert_int_equal(le.cur, le.len);
	assert_int_equal(lineedit_right(&le), 0);
	lineedit_home(&le);
	assert_int_equal(lineedit_left(&le), 0);
}

static void
test_backspace_delete_wide(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le, 20, 0);
	type(&le, "a" ZHONG WEN "b");
	lineedit_left(&le);                  /* before b */
	assert_int_equal(lineedit_backspace(&le), 1);    /* removes 文 whole */
	assert_string_equal(le.buf, "a" ZHONG "b");
	assert_int_equal(le.cur, 4);
	lineedit_home(&le);
	lineedit_right(&le);                 /* before 中 */
	assert_int_equal(lineedit_delete(&le), 1);       /* removes 中 whole */
	assert_string_equal(le.buf, "ab");
	assert_int_equal(le.cur, 1);
	lineedit_end(&le);
	assert_int_equal(lineedit_delete(&le), 0);
	lineedit_home(&le);
	assert_int_equal(lineedit_backspace(&le), 0);
}

static void
test_combining(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le, 20, 0);
	type(&le, "e" ACUTE "x");
	assert_int_equal(lineedit_cursor_col(&le), 2);
	lineedit_home(&le);
	lineedit_right(&le);                 /* e + accent is one step */
	assert_int_equal(le.cur, 3);
	assert_int_equal(lineedit_cursor_col(&le), 1);
	assert_int_equal(lineedit_backspace(&le), 1);
	assert_string_equal(le.buf, "x");
	/* a mark typed after a letter joins it; the cursor stays after the cluster */
	lineedit_end(&le);
	assert_int_equal(lineedit_insert(&le, ACUTE, 2), 0);
	assert_string_equal(le.buf, "x" ACUTE);
	assert_int_equal(le.cur, le.len);
	/* a mark with nothing before it is refused */
	lineedit_home(&le);
	assert_int_equal(lineedit_insert(&le, ACUTE, 2), JS_ERR_INVALID);
	assert_string_equal(le.buf, "x" ACUTE);
}

static void
test_emoji(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le, 20, 0);
	type(&le, GRIN "a");
	assert_int_equal(lineedit_cursor_col(&le), 3);
	lineedit_left(&le);
	lineedit_left(&le);
	assert_int_equal(le.cur, 0);
	lineedit_end(&le);
	lineedit_kill_start(&le);
	/* a ZWJ family is one cluster: one Backspace removes it all */
	type(&le, MAN ZWJ WOMAN "z");
	lineedit_left(&le);
	assert_int_equal(lineedit_backspace(&le), 1);
	assert_string_equal(le.buf, "z");
	/* a flag (two regional indicators) is one cluster */
	lineedit_init(&le, 20, 0);
	type(&le, "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3" "!");
	lineedit_home(&le);
	lineedit_right(&le);
	assert_int_equal(le.cur, 8);
}

static void
test_kills(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le, 64, 0);
	type(&le, "hello big " ZHONG WEN " world");
	/* Ctrl-W: trailing spaces, then the word */
	assert_int_equal(lineedit_kill_word(&le), 1);
	assert_string_equal(le.buf, "hello big " ZHONG WEN " ");
	assert_int_equal(lineedit_kill_word(&le), 1);
	assert_string_equal(le.buf, "hello big ");
	/* Ctrl-K: from the cursor to the end; Ctrl-U: from the start to the cursor */
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	assert_int_equal(lineedit_kill_end(&le), 1);
	assert_string_equal(le.buf, "he");
	assert_int_equal(le.cur, 2);
	assert_int_equal(lineedit_kill_end(&le), 0);
	type(&le, "llo");
	lineedit_left(&le);
	assert_int_equal(lineedit_kill_start(&le), 1);
	assert_string_equal(le.buf, "o");
	assert_int_equal(le.cur, 0);
	assert_int_equal(lineedit_kill_start(&le), 0);
	/* Ctrl-A / Ctrl-E */
	assert_int_equal(lineedit_end(&le), 1);
	assert_int_equal(lineedit_end(&le), 0);
	assert_int_equal(lineedit_home(&le), 1);
	/* Ctrl-W at the start does nothing; with only spaces before, it takes them */
	assert_int_equal(lineedit_kill_word(&le), 0);
	lineedit_set(&le, "   ");
	assert_int_equal(lineedit_kill_word(&le), 1);
	assert_string_equal(le.buf, "");
}

static void
test_max_length(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le, 4, 0);
	type(&le, ZHONG WEN "ab");
	assert_int_equal(lineedit_insert_cp(&le, 'c'), JS_ERR_TOO_BIG);
	assert_int_equal(lineedit_chars(&le), 4);
	assert_int_equal(lineedit_set(&le, "abcde"), JS_ERR_TOO_BIG);
	assert_string_equal(le.buf, ZHONG WEN "ab");      /* unchanged */
	/* a paste that does not fit is refused whole */
	lineedit_backspace(&le);
	assert_int_equal(lineedit_insert(&le, "xy", 2), JS_ERR_TOO_BIG);
	assert_string_equal(le.buf, ZHONG WEN "a");
	/* the byte cap holds with any limit */
	lineedit_init(&le, 100000, 0);
	assert_true(le.max_chars <= LINEEDIT_BYTES_MAX / 4);
}

static void
test_invalid_rejected(void **state)
{
	static const char *const bad[] = {
		"\x1b[2J", "a\tb", "\r", "\n", "\x7f", "\xc2\x9b" "2J", "\xff", "\xc3",
		"\xed\xa0\x80", "\xe2\x80\xae" "evil", "\xe2\x81\xa6", "\xef\xbb\xbf",
		"\xc0\xaf",
	};
	struct lineedit le;
	size_t i;

	(void)state;
	lineedit_init(&le, 20, 0);
	type(&le, "ok");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int r = lineedit_insert(&le, bad[i], strlen(bad[i]));

		assert_true(r == JS_ERR_INVALID || r == JS_ERR_UTF8);
		assert_string_equal(le.buf, "ok");
	}
	assert_int_equal(lineedit_insert_cp(&le, 0x1b), JS_ERR_INVALID);
	assert_int_equal(lineedit_insert_cp(&le, 0x9b), JS_ERR_INVALID);
	assert_int_equal(lineedit_insert_cp(&le, 0xd800), JS_ERR_UTF8);
	assert_int_equal(lineedit_insert_cp(&le, 0x110000), JS_ERR_INVALID);
	assert_int_equal(lineedit_insert_cp(&le, 0xfffe), JS_ERR_INVALID);
	assert_string_equal(le.buf, "ok");
	/* ASCII-only fields refuse everything else */
	lineedit_init(&le, 20, LE_ASCII);
	assert_int_equal(lineedit_insert(&le, ZHONG, 3), JS_ERR_INVALID);
	assert_int_equal(lineedit_insert(&le, "ok-1_a", 6), 0);
	assert_int_equal(lineedit_cp_ok('~', LE_ASCII), 1);
	assert_int_equal(lineedit_cp_ok(0x4e2d, 0), 1);
	assert_int_equal(lineedit_cp_ok(0x200d, 0), 1);
}

/* Every visible window: whole clusters only, the cursor inside, widths add up. */
static void
check_view(struct lineedit *le, int width)
{
	struct le_view v;
	size_t p;
	int cols = 0, w;

	lineedit_view(le, width, &v);
	assert_true(v.start <= le->cur);
	assert_true(v.cursor_x >= 0 && v.cursor_x < width);
	assert_true(v.cols <= width);
	for (p = v.start; p < v.end; ) {
		p = lineedit_cluster_next(le->buf, le->len, p, &w);
		cols += (le->flags & LE_MASKED) ? 1 : w;
	}
	assert_int_equal(p, v.end);              /* ends on a cluster boundary */
	assert_int_equal(cols, v.cols);
	assert_int_equal(v.more_left, v.start > 0);
	assert_int_equal(v.more_right, v.end < le->len);
	/* starts on a boundary: walking from 0 reaches it exactly */
	for (p = 0; p < v.start; )
		p = lineedit_cluster_next(le->buf, le->len, p, NULL);
	assert_int_equal(p, v.start);
	assert_int_equal(text_width(le->buf + v.start, le->cur - v.start) ==
	    v.cursor_x || (le->flags & LE_MASKED), 1);
}

static void
test_scroll_window(void **state)
{
	struct lineedit le;
	struct le_view v;
	int width, i;

	(void)state;
	for (width = 2; width <= 9; width++) {
		lineedit_init(&le, 100, 0);
		for (i = 0; i < 12; i++) {
			type(&le, i % 3 == 2 ? "x" : ZHONG);
			check_view(&le, width);
		}
		for (i = 0; i < 14; i++) {
			lineedit_left(&le);
			check_view(&le, width);
		}
		for (i = 0; i < 14; i++) {
			lineedit_right(&le);
			check_view(&le, width);
		}
		lineedit_home(&le);
		check_view(&le, width);
		while (lineedit_delete(&le))
			check_view(&le, width);
	}
	/* an odd width: the wide character that would straddle the edge is left out */
	lineedit_init(&le, 100, 0);
	type(&le, ZHONG WEN ZHONG WEN);
	lineedit_home(&le);
	lineedit_view(&le, 5, &v);
	assert_int_equal(v.start, 0);
	assert_int_equal(v.end, 6);
	assert_int_equal(v.cols, 4);
	assert_int_equal(v.more_right, 1);
	/* at the end, the last characters and a free cell for the cursor are shown */
	lineedit_end(&le);
	lineedit_view(&le, 5, &v);
	assert_int_equal(v.end, le.len);
	assert_int_equal(v.cursor_x, 4);
	assert_int_equal(v.more_left, 1);
	/* deleting brings the hidden start back */
	lineedit_backspace(&le);
	lineedit_backspace(&le);
	lineedit_view(&le, 5, &v);
	assert_int_equal(v.start, 0);
	assert_int_equal(v.more_left, 0);
}

static void
test_masked(void **state)
{
	struct lineedit le;
	struct le_view v;

	(void)state;
	lineedit_init(&le, 50, LE_MASKED);
	type(&le, "pass" ZHONG "word");
	assert_int_equal(lineedit_cursor_col(&le), 9);   /* one '*' per character */
	lineedit_view(&le, 6, &v);
	assert_int_equal(v.cursor_x, 5);
	assert_int_equal(v.cols, 5);
	check_view(&le, 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_cjk_width),
		cmocka_unit_test(test_backspace_delete_wide),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_emoji),
		cmocka_unit_test(test_kills),
		cmocka_unit_test(test_max_length),
		cmocka_unit_test(test_invalid_rejected),
		cmocka_unit_test(test_scroll_window),
		cmocka_unit_test(test_masked),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
