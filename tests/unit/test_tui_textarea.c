/* test_tui_textarea.c: unit tests for tui/textarea.c (multi-line editing, soft wrap). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "err.h"
#include "textarea.h"

#define ZH "\xe4\xb8\xad"            /* 中, 2 columns */

static int
setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
test_rows_wrap(void **state)
{
	struct textarea ta;
	struct ta_row r;

	(void)state;
	assert_int_equal(textarea_init(&ta, 100), 0);
	/* five wide characters in 5 columns: 2 + 2 per row, never half of one */
	assert_int_equal(textarea_set(&ta, ZH ZH ZH ZH ZH), 0);
	assert_int_equal(textarea_row(&ta, 5, 0, &r), 1);
	assert_int_equal(r.start, 0);
	assert_int_equal(r.end, 6);
	assert_int_equal(textarea_row(&ta, 5, 1, &r), 1);
	assert_int_equal(r.start, 6);
	assert_int_equal(r.end, 12);
	assert_int_equal(textarea_row(&ta, 5, 2, &r), 1);
	assert_int_equal(r.end, 15);
	assert_int_equal(textarea_row(&ta, 5, 3, &r), 0);
	/* '\n' ends a row; a trailing newline makes an empty last row */
	assert_int_equal(textarea_set(&ta, "ab\ncd\n"), 0);
	assert_int_equal(textarea_row(&ta, 10, 0, &r), 1);
	assert_int_equal(r.end, 2);
	assert_int_equal(r.next, 3);
	assert_int_equal(textarea_row(&ta, 10, 2, &r), 1);
	assert_int_equal(r.start, 6);
	assert_int_equal(r.end, 6);
	assert_int_equal(textarea_row(&ta, 10, 3, &r), 0);
	/* Latin wraps after a space, not inside a word; CJK wraps anywhere */
	assert_int_equal(textarea_set(&ta, "hello world"), 0);
	assert_int_equal(textarea_row(&ta, 8, 0, &r), 1);
	assert_int_equal(r.end, 6);
	assert_int_equal(textarea_row(&ta, 8, 1, &r), 1);
	assert_int_equal(r.start, 6);
	assert_int_equal(r.end, 11);
	assert_int_equal(textarea_set(&ta, "ab" ZH "cdefgh"), 0);
	assert_int_equal(textarea_row(&ta, 6, 0, &r), 1);
	assert_int_equal(r.end, 5);                  /* after 中 */
	/* a word longer than the row is cut */
	assert_int_equal(textarea_set(&ta, "abcdefghij"), 0);
	assert_int_equal(textarea_row(&ta, 4, 0, &r), 1);
	assert_int_equal(r.end, 4);
	textarea_free(&ta);
	textarea_free(NULL);
}

static void
test_cursor_moves(void **state)
{
	struct textarea ta;
	size_t row;
	int col;

	(void)state;
	assert_int_equal(textarea_init(&ta, 100), 0);
	assert_int_equal(textarea_set(&ta, "abcdef\n" ZH ZH "x"), 0);
	textarea_cursor(&ta, 10, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 5);
	/* up keeps the column where it can */
	assert_int_equal(textarea_up(&ta, 10), 1);
	textarea_cursor(&ta, 10, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 5);
	assert_int_equal(textarea_up(&ta, 10), 0);
	/* down from column 3 lands before the wide character covering columns 2-3 */
	textarea_home(&ta, 10);
	textarea_right(&ta);
	textarea_right(&ta);
	textarea_right(&ta);
	assert_int_equal(textarea_down(&ta, 10), 1);
	textarea_cursor(&ta, 10, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 2);
	assert_int_equal(textarea_down(&ta, 10), 0);
	textarea_end(&ta, 10);
	assert_int_equal(ta.cur, ta.len);
	textarea_home(&ta, 10);
	assert_int_equal(ta.cur, 7);
	textarea_free(&ta);
}

static void
test_edit(void **state)
{
	struct textarea ta;

	(void)state;
	assert_int_equal(textarea_init(&ta, 8), 0);
	assert_int_equal(textarea_insert(&ta, "ab", 2), 0);
	assert_int_equal(textarea_insert(&ta, "\r\n", 2), 0);      /* CRLF -> '\n' */
	assert_int_equal(textarea_insert(&ta, ZH, 3), 0);
	assert_string_equal(ta.buf, "ab\n" ZH);
	assert_int_equal(textarea_backspace(&ta), 1);
	assert_string_equal(ta.buf, "ab\n");
	assert_int_equal(textarea_backspace(&ta), 1);              /* joins the lines */
	assert_string_equal(ta.buf, "ab");
	assert_int_equal(textarea_insert(&ta, "\x1b[2J", 4), JS_ERR_INVALID);
	assert_int_equal(textarea_insert(&ta, "\xff", 1), JS_ERR_UTF8);
	assert_int_equal(textarea_insert(&ta, "abcdefg", 7), JS_ERR_TOO_BIG);
	assert_string_equal(ta.buf, "ab");
	assert_int_equal(textarea_set(&ta, "one\ntwo"), 0);
	ta.cur = 1;
	assert_int_equal(textarea_kill_end(&ta), 1);
	assert_string_equal(ta.buf, "o\ntwo");
	assert_int_equal(textarea_kill_end(&ta), 1);               /* at the end: join */
	assert_string_equal(ta.buf, "otwo");
	assert_int_equal(textarea_kill_start(&ta), 1);
	assert_string_equal(ta.buf, "two");
	assert_int_equal(textarea_delete(&ta), 1);
	assert_string_equal(ta.buf, "wo");
	assert_int_equal(textarea_chars(&ta), 2);
	textarea_free(&ta);
}

static void
test_scroll(void **state)
{
	struct textarea ta;

	(void)state;
	assert_int_equal(textarea_init(&ta, 100), 0);
	assert_int_equal(textarea_set(&ta, "1\n2\n3\n4\n5\n6"), 0);
	textarea_scroll(&ta, 10, 3);
	assert_int_equal(ta.top, 3);                 /* the cursor row 5 is the last shown */
	ta.cur = 0;
	textarea_scroll(&ta, 10, 3);
	assert_int_equal(ta.top, 0);
	textarea_free(&ta);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_wrap),
		cmocka_unit_test(test_cursor_moves),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_scroll),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
