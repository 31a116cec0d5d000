/* test_auth_limit.c: failed-login limits per address and per account, on both stores. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "err.h"
#include "fixture.h"

#define T0 INT64_C(1800000000)

#define ROWS "SELECT COUNT(*) FROM auth_failures"

static void
test_address_limit(void **state)
{
	struct tfx *f = *state;
	int i;

	for (i = 0; i < AUTH_LIMIT_MAX_FAILURES - 1; i++) {
		assert_int_equal(auth_limit_fail(f->db, "192.0.2.1", NULL, T0), 0);
		assert_int_equal(auth_limit_check(f->db, "192.0.2.1", NULL, T0), 0);
	}
	/* Nine failures: still allowed. The tenth blocks. */
	assert_int_equal(auth_limit_check(f->db, "192.0.2.1", "anyone", T0), 0);
	assert_int_equal(auth_limit_fail(f->db, "192.0.2.1", NULL, T0 + 1), 0);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.1", NULL, T0 + 1), JS_ERR_BUSY);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.1", "anyone", T0 + 1), JS_ERR_BUSY);
	/* Other addresses and the account are not affected. */
	assert_int_equal(auth_limit_check(f->db, "192.0.2.2", NULL, T0 + 1), 0);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.2", "anyone", T0 + 1), 0);
	assert_int_equal(auth_limit_check(f->db, NULL, "anyone", T0 + 1), 0);
	/* Still blocked while all ten are inside the window (now - 60, now]; free once
	 * the nine of T0 have left it. */
	assert_int_equal(auth_limit_check(f->db, "192.0.2.1", NULL, T0 + 59), JS_ERR_BUSY);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.1", NULL, T0 + 60), 0);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.1", NULL, T0 + 61), 0);
	assert_int_equal(auth_limit_check(f->db, NULL, NULL, T0), 0);
}

static void
test_account_limit(void **state)
{
	struct tfx *f = *state;
	char addr[32];
	int i;

	/* Failures against one account from many addresses (none over its own limit). */
	for (i = 0; i < AUTH_LIMIT_MAX_FAILURES - 1; i++) {
		snprintf(addr, sizeof addr, "198.51.100.%d", i + 1);
		assert_int_equal(auth_limit_fail(f->db, addr, "lihua", T0), 0);
	}
	assert_int_equal(auth_limit_check(f->db, "203.0.113.9", "lihua", T0), 0);
	assert_int_equal(auth_limit_fail(f->db, "198.51.100.99", "LiHua", T0), 0);
	/* Blocked for the account (any case), from any address; not for others. */
	assert_int_equal(auth_limit_check(f->db, "203.0.113.9", "lihua", T0), JS_ERR_BUSY);
	assert_int_equal(auth_limit_check(f->db, NULL, "LIHUA", T0 + 30), JS_ERR_BUSY);
	assert_int_equal(auth_limit_check(f->db, "203.0.113.9", "wangfang", T0), 0);
	assert_int_equal(auth_limit_check(f->db, "198.51.100.1", NULL, T0), 0);
	assert_int_equal(auth_limit_check(f->db, NULL, "lihua", T0 + 61), 0);
}

static void
test_window_slides(void **state)
{
	struct tfx *f = *state;
	int i;

	for (i = 0; i < 5; i++)
		assert_int_equal(auth_limit_fail(f->db, "192.0.2.7", "alice", T0), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(auth_limit_fail(f->db, "192.0.2.7", "alice", T0 + 30), 0);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.7", NULL, T0 + 30), JS_ERR_BUSY);
	assert_int_equal(auth_limit_check(f->db, NULL, "alice", T0 + 59), JS_ERR_BUSY);
	/* The first five have left the window; five remain. */
	assert_int_equal(auth_limit_check(f->db, "192.0.2.7", "alice", T0 + 60), 0);
	assert_int_equal(auth_limit_fail(f->db, "192.0.2.7", "alice", T0 + 60), 0);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.7", "alice", T0 + 60), 0);
	assert_int_equal(auth_limit_check(f->db, "192.0.2.7", "alice", T0 + 91), 0);
}

static void
test_table_stays_small(void **state)
{
	struct tfx *f = *state;
	char addr[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(addr, sizeof addr, "192.0.2.%d", i);
		assert_int_equal(auth_limit_fail(f->db, addr, "bob", T0 + i), 0);
	}
	assert_int_equal(tfx_int(f->db, ROWS), 40);
	/* Same second, same subject: one row, counted up. */
	assert_int_equal(auth_limit_fail(f->db, "192.0.2.0", NULL, T0), 0);
	assert_int_equal(tfx_int(f->db, ROWS), 40);
	/* Much later: the old rows are gone. */
	assert_int_equal(auth_limit_fail(f->db, "192.0.2.200", NULL, T0 + 10000), 0);
	assert_int_equal(tfx_int(f->db, ROWS), 1);
}

static void
test_long_subjects(void **state)
{
	struct tfx *f = *state;
	char handle[300];
	int i;

	/* A huge user name is cut, and still counted as one subject. */
	memset(handle, 'x', sizeof handle - 1);
	handle[sizeof handle - 1] = '\0';
	for (i = 0; i < AUTH_LIMIT_MAX_FAILURES; i++)
		assert_int_equal(auth_limit_fail(f->db, NULL, handle, T0), 0);
	assert_int_equal(auth_limit_check(f->db, NULL, handle, T0), JS_ERR_BUSY);
	assert_int_equal(tfx_int(f->db, ROWS), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_address_limit, tfx_setup, tfx_teardown),
		cmocka_unit_test_setup_teardown(test_account_limit, tfx_setup, tfx_teardown),
		cmocka_unit_test_setup_teardown(test_window_slides, tfx_setup, tfx_teardown),
		cmocka_unit_test_setup_teardown(test_table_stays_small, tfx_setup, tfx_teardown),
		cmocka_unit_test_setup_teardown(test_long_subjects, tfx_setup, tfx_teardown),
	};

	return tfx_run_both("auth_limit", tests, TFX_COUNT(tests)) != 0;
}
