/* test_tui_order_ui.c: unit tests for tui/order_ui.c: the ticking count-down, the split
 * an admin types, milestone lines, names of states and kinds, idempotency keys.
 * No catalog is loaded, so texts are the English msgids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "err.h"
#include "order_ui.h"

static int
setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
test_clock(void **state)
{
	char b[64];

	(void)state;
	order_ui_clock(0, b, sizeof b);
	assert_string_equal(b, "00:00:00");
	order_ui_clock(59, b, sizeof b);
	assert_string_equal(b, "00:00:59");
	order_ui_clock(3600 + 61, b, sizeof b);
	assert_string_equal(b, "01:01:01");
	order_ui_clock(86399, b, sizeof b);
	assert_string_equal(b, "23:59:59");
	order_ui_clock(2 * 86400 + 3 * 3600 + 4 * 60 + 5, b, sizeof b);
	assert_string_equal(b, "2d 03:04:05");
	order_ui_clock(-5, b, sizeof b);
	assert_string_equal(b, "00:00:00");
	/* a short buffer is cut, never overrun */
	order_ui_clock(2 * 86400, b, 4);
	assert_int_equal(strlen(b), 3);
}

static void
test_countdown(void **state)
{
	char b[64];

	(void)state;
	assert_int_equal(order_ui_countdown(0, 1000, b, sizeof b), 0);
	assert_string_equal(b, "");
	assert_int_equal(order_ui_countdown(1000 + 86400 + 1, 1000, b, sizeof b), 0);
	assert_string_equal(b, "1d 00:00:01 left");
	/* it ticks: one second later, one second less */
	assert_int_equal(order_ui_countdown(1000 + 86400 + 1, 1001, b, sizeof b), 0);
	assert_string_equal(b, "1d 00:00:00 left");
	assert_int_equal(order_ui_countdown(1000, 1000, b, sizeof b), 0);
	assert_string_equal(b, "00:00:00 left");
	assert_int_equal(order_ui_countdown(1000, 1010, b, sizeof b), 1);
	assert_string_equal(b, "late by 00:00:10");
}

static void
test_split(void **state)
{
	const char *msg = NULL;
	int pct;
	int64_t amt;

	(void)state;
	assert_int_equal(order_ui_parse_split("50%", 10000, &pct, &amt, &msg), 0);
	assert_int_equal(pct, 50);
	assert_int_equal(amt, -1);
	assert_int_equal(order_ui_parse_split(" 30 % ", 10000, &pct, &amt, &msg), 0);
	assert_int_equal(pct, 30);
	assert_int_equal(order_ui_parse_split("100\xef\xbc\x85", 10000, &pct, &amt, &msg), 0);
	assert_int_equal(pct, 100);
	assert_int_equal(order_ui_parse_split("0%", 10000, &pct, &amt, &msg), 0);
	assert_int_equal(pct, 0);
	assert_int_equal(order_ui_parse_split("¥40.50", 10000, &pct, &amt, &msg), 0);
	assert_int_equal(pct, -1);
	assert_int_equal(amt, 4050);
	assert_int_equal(order_ui_parse_split("100", 10000, &pct, &amt, &msg), 0);
	assert_int_equal(amt, 10000);
	/* refusals, each with a reason */
	assert_int_equal(order_ui_parse_split("101%", 10000, &pct, &amt, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "a whole percentage from 0% to 100%");
	assert_int_equal(order_ui_parse_split("-5%", 10000, &pct, &amt, &msg), JS_ERR_INVALID);
	assert_int_equal(order_ui_parse_split("12.5%", 10000, &pct, &amt, &msg),
	    JS_ERR_INVALID);
	assert_int_equal(order_ui_parse_split("%", 10000, &pct, &amt, &msg), JS_ERR_INVALID);
	assert_int_equal(order_ui_parse_split("100.01", 10000, &pct, &amt, &msg),
	    JS_ERR_INVALID);
	assert_string_equal(msg, "an amount from ¥0 up to what is in escrow, or a percentage");
	assert_int_equal(amt, -1);
	assert_int_equal(order_ui_parse_split("abc", 10000, &pct, &amt, &msg), JS_ERR_INVALID);
	assert_int_equal(order_ui_parse_split("  ", 10000, &pct, &amt, &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "required: a percentage such as 50% or an amount in yuan");
}

static void
test_milestones(void **state)
{
	struct offer_milestone_in ms[ORDER_MILESTONES_MAX];
	const char *msg = NULL;
	size_t n = 99;
	int64_t sum;
	int days, line;

	(void)state;
	assert_int_equal(order_ui_parse_milestones("", ms, 10, &n, &sum, &days, &line, &msg), 0);
	assert_int_equal(n, 0);
	assert_int_equal(sum, 0);
	assert_int_equal(order_ui_parse_milestones("设计稿, 500, 3\n\n  开发，1,200.50，7 \n"
	    "上线 | 99 | 1", ms, 10, &n, &sum, &days, &line, &msg), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ms[0].title, "设计稿");
	assert_int_equal(ms[0].amount, 50000);
	assert_int_equal(ms[0].delivery_days, 3);
	assert_string_equal(ms[1].title, "开发");
	/* "1,200.50" keeps its grouping comma: a field ends at the last separators */
	assert_int_equal(sum, 50000 + ms[1].amount + 9900);
	assert_int_equal(days, 3 + ms[1].delivery_days + 1);
	assert_string_equal(ms[2].title, "上线");
	/* the line at fault and why */
	assert_int_equal(order_ui_parse_milestones("a, 1, 1\nb, x, 2", ms, 10, &n, &sum, &days,
	    &line, &msg), JS_ERR_INVALID);
	assert_int_equal(line, 2);
	assert_string_equal(msg, "the amount is a price in yuan, e.g. 500 or 99.50");
	assert_int_equal(order_ui_parse_milestones("a, 1", ms, 10, &n, &sum, &days, &line,
	    &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "write: title, amount, days");
	assert_int_equal(order_ui_parse_milestones("a, 1, 0", ms, 10, &n, &sum, &days, &line,
	    &msg), JS_ERR_INVALID);
	assert_string_equal(msg, "days: a whole number from 1 to 365");
	assert_int_equal(order_ui_parse_milestones(", 1, 1", ms, 10, &n, &sum, &days, &line,
	    &msg), JS_ERR_INVALID);
	assert_int_equal(order_ui_parse_milestones("a,1,1\nb,1,1\nc,1,1", ms, 2, &n, &sum,
	    &days, &line, &msg), JS_ERR_TOO_BIG);
	assert_int_equal(line, 3);
}

static void
test_names(void **state)
{
	int s;

	(void)state;
	assert_string_equal(order_ui_state(ORDER_AWAITING_PAYMENT), "Awaiting payment");
	assert_string_equal(order_ui_state(ORDER_DISPUTED), "Disputed");
	assert_string_equal(order_ui_state((enum order_state)99), "?");
	for (s = 0; s < ORDER_STATES; s++)
		assert_true(strlen(order_ui_state((enum order_state)s)) > 0);
	assert_int_equal(order_ui_state_role(ORDER_DISPUTED), T_ERR);
	assert_string_equal(order_ui_event("create"), "Order placed");
	assert_string_equal(order_ui_event("request_revision"), "Revision requested");
	assert_string_equal(order_ui_event("something_new"), "something_new");
	assert_string_equal(order_ui_ledger_kind("topup"), "Top-up");
	assert_string_equal(order_ui_ledger_kind("escrow_refund"), "Refund");
	/* every kind the order module posts has a name */
	assert_string_equal(order_ui_ledger_kind("escrow_fund"), "Order payment");
	assert_string_equal(order_ui_ledger_kind("escrow_release"), "Order earnings");
	assert_string_equal(order_ui_ledger_kind("escrow_settle"), "Dispute decision");
	assert_string_equal(order_ui_ledger_kind("clearing"), "Cleared earnings");
	assert_string_equal(order_ui_ledger_kind("tip"), "Tip");
	assert_string_equal(order_ui_ledger_kind("order_tip"), "Tip");
	assert_string_equal(order_ui_ledger_kind("mystery"), "mystery");
	assert_string_equal(order_ui_ms_state("funded"), "Funded");
	assert_string_equal(order_ui_offer_state("pending"), "Awaiting reply");
	assert_string_equal(order_ui_outcome("split"), "Split between both");
	for (s = 0; s < ORDER_ACTIONS; s++)
		assert_string_not_equal(order_ui_action((enum order_action)s), "?");
}

static void
test_idem(void **state)
{
	char a[96], b[96];

	(void)state;
	order_ui_idem_key("order", 42, a, sizeof a);
	order_ui_idem_key("order", 42, b, sizeof b);
	assert_memory_equal(a, "tui:order:42:", 13);
	assert_int_equal(strlen(a), 13 + 24);
	assert_string_not_equal(a, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_countdown),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_milestones),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_idem),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
