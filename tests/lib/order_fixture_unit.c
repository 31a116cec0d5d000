/* order_fixture_unit.c: the cmocka side of the order test library (order_fixture.h):
 * setups that open the world on tfx_store and make fixture failures fail the test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "order_fixture.h"

/* A fixture failure inside a test (or its setup) fails that test. */
static void
fail_test(const char *msg)
{
	fail_msg("%s", msg);
}

int
ofx_setup(void **state)
{
	static struct ofx f;

	ofx_fail_hook = fail_test;
	ofx_open(&f, tfx_store);
	*state = &f;
	return 0;
}

int
ofx_setup_gigs(void **state)
{
	ofx_setup(state);
	ofx_add_gigs(*state);
	return 0;
}

int
ofx_teardown(void **state)
{
	ofx_close(*state);
	return 0;
}
