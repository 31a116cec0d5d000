/* test_tui_listnav.c: unit tests for tui/listnav.c (list selection and paging math). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "listnav.h"

/* The invariants every call must keep. */
static void
check(const struct listnav *ln)
{
	if (ln->n == 0) {
		assert_int_equal(ln->sel, -1);
		assert_int_equal(ln->top, 0);
		return;
	}
	assert_true(ln->sel >= 0 && ln->sel < ln->n);
	assert_true(ln->top <= ln->sel && ln->sel < ln->top + ln->rows);
	assert_true(ln->top >= 0);
	assert_true(ln->top <= (ln->n > ln->rows ? ln->n - ln->rows : 0));
}

static void
test_empty(void **state)
{
	struct listnav ln = { 0 };

	(void)state;
	listnav_set(&ln, 0, 10);
	check(&ln);
	assert_int_equal(listnav_move(&ln, 1), 0);
	assert_int_equal(listnav_page(&ln, 1), 0);
	assert_int_equal(listnav_end(&ln), 0);
	assert_int_equal(listnav_scroll(&ln, 3), 0);
	assert_int_equal(listnav_item_at(&ln, 0), -1);
	check(&ln);
}

static void
test_move_and_clamp(void **state)
{
	struct listnav ln = { 0 };

	(void)state;
	listnav_set(&ln, 40, 10);
	assert_int_equal(ln.sel, 0);
	assert_int_equal(listnav_move(&ln, -1), 0);     /* already at the top */
	assert_int_equal(listnav_move(&ln, 9), 1);
	assert_int_equal(ln.top, 0);                    /* row 9 still visible */
	assert_int_equal(listnav_move(&ln, 1), 1);
	assert_int_equal(ln.sel, 10);
	assert_int_equal(ln.top, 1);                    /* scrolled by one */
	check(&ln);
	assert_int_equal(listnav_move(&ln, 1000), 1);
	assert_int_equal(ln.sel, 39);
	assert_int_equal(ln.top, 30);
	assert_int_equal(listnav_move(&ln, 1), 0);
	assert_int_equal(listnav_home(&ln), 1);
	assert_int_equal(ln.top, 0);
	check(&ln);
}

static void
test_paging(void **state)
{
	struct listnav ln = { 0 };

	(void)state;
	listnav_set(&ln, 40, 10);
	assert_int_equal(listnav_page(&ln, 1), 1);
	assert_int_equal(ln.sel, 9);
	assert_int_equal(ln.top, 9);                    /* one row of overlap */
	check(&ln);
	listnav_page(&ln, 1);
	listnav_page(&ln, 1);
	listnav_page(&ln, 1);
	assert_int_equal(ln.sel, 36);
	assert_int_equal(ln.top, 30);                   /* the window stops at the end */
	check(&ln);
	listnav_page(&ln, 1);
	assert_int_equal(ln.sel, 39);
	assert_int_equal(listnav_page(&ln, 1), 0);
	listnav_page(&ln, -1);
	assert_int_equal(ln.sel, 30);
	assert_int_equal(ln.top, 21);
	check(&ln);
	while (listnav_page(&ln, -1))
		check(&ln);
	assert_int_equal(ln.sel, 0);
	assert_int_equal(ln.top, 0);
}

static void
test_resize_and_shrink(void **state)
{
	struct listnav ln = { 0 };

	(void)state;
	listnav_set(&ln, 40, 10);
	listnav_end(&ln);
	listnav_set(&ln, 40, 25);                       /* the window grew */
	check(&ln);
	assert_int_equal(ln.top, 15);
	listnav_set(&ln, 5, 25);                        /* items went away */
	check(&ln);
	assert_int_equal(ln.sel, 4);
	assert_int_equal(ln.top, 0);
	listnav_set(&ln, 5, 0);                         /* no room: one row */
	check(&ln);
	assert_int_equal(ln.rows, 1);
}

static void
test_wheel_and_click(void **state)
{
	struct listnav ln = { 0 };

	(void)state;
	listnav_set(&ln, 40, 10);
	assert_int_equal(listnav_scroll(&ln, 3), 1);
	assert_int_equal(ln.top, 3);
	assert_int_equal(ln.sel, 3);                    /* dragged along to stay visible */
	check(&ln);
	assert_int_equal(listnav_item_at(&ln, 0), 3);
	assert_int_equal(listnav_item_at(&ln, 9), 12);
	assert_int_equal(listnav_item_at(&ln, 10), -1);
	assert_int_equal(listnav_item_at(&ln, -1), -1);
	assert_int_equal(listnav_scroll(&ln, 100), 1);
	assert_int_equal(ln.top, 30);
	check(&ln);
	assert_int_equal(listnav_scroll(&ln, 1), 0);
	assert_int_equal(listnav_select(&ln, listnav_item_at(&ln, 4)), 1);
	assert_int_equal(ln.sel, 34);
	listnav_set(&ln, 3, 10);
	assert_int_equal(listnav_item_at(&ln, 3), -1);
	check(&ln);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_move_and_clamp),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_resize_and_shrink),
		cmocka_unit_test(test_wheel_and_click),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
