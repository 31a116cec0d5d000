/* test_wallet.c: balances (available, pending, escrow), history paging, who may see a
 * wallet, and the sandbox top-up (switch, limits, exactly once per key), on SQLite and
 * PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "err.h"
#include "fixture.h"
#include "ledger.h"
#include "order_fixture.h"
#include "wallet.h"

static void
test_empty_wallet(void **state)
{
	struct ofx *f = *state;
	struct ledger_entry h[2];
	struct wallet w;
	size_t n = 9;

	assert_int_equal(wallet_get(f->db, f->buyer, f->buyer, &w), 0);
	assert_int_equal(w.available, 0);
	assert_int_equal(w.pending, 0);
	assert_int_equal(w.escrow, 0);
	assert_int_equal(wallet_history(f->db, f->buyer, f->buyer, WALLET_PENDING, 0, h, 2, &n),
	    0);
	assert_int_equal(n, 0);
	assert_int_equal(wallet_get(f->db, 0, f->buyer, &w), JS_ERR_PERM);
	assert_int_equal(wallet_get(f->db, f->buyer, 0, &w), JS_ERR_PERM);
	assert_int_equal(wallet_history(f->db, f->buyer, f->buyer, (enum wallet_book)7, 0, h, 2,
	    &n), JS_ERR_INVALID);
}

static void
test_topup_rules(void **state)
{
	struct ofx *f = *state;
	char longkey[200];
	struct wallet w;

	memset(longkey, 'k', sizeof longkey - 1);
	longkey[sizeof longkey - 1] = '\0';
	assert_int_equal(wallet_topup_sandbox(f->db, 0, f->buyer, 100, "a"), JS_ERR_PERM);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 0, "a"), JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, -5, "a"), JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, WALLET_TOPUP_MAX + 1, "a"),
	    JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 100, ""), JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 100, longkey), JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 100, "\xff"), JS_ERR_INVALID);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, 0, 100, "a"), JS_ERR_PERM);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, 999999, 100, "a"), JS_ERR_PERM);
	assert_int_equal(db_exec(f->db, "UPDATE users SET status = 'suspended' WHERE handle ="
	    " 'stranger'"), 0);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->stranger, 100, "a"), JS_ERR_PERM);

	/* Exactly once per key (a double click), per account. */
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, WALLET_TOPUP_MAX, "a"), 0);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, WALLET_TOPUP_MAX, "a"), 0);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->buyer, 5, "a"), JS_ERR_CONFLICT);
	assert_int_equal(wallet_topup_sandbox(f->db, 1, f->seller, 7, "a"), 0);
	assert_int_equal(wallet_get(f->db, f->buyer, f->buyer, &w), 0);
	assert_int_equal(w.available, WALLET_TOPUP_MAX);
	assert_int_equal(wallet_get(f->db, f->seller, f->seller, &w), 0);
	assert_int_equal(w.available, 7);
	assert_int_equal(tfx_int(f->db, "SELECT count(*) FROM ledger_tx WHERE kind = 'topup'"),
	    2);
	ofx_ledger_ok(f);
}

static void
test_books_follow_an_order(void **state)
{
	struct ofx *f = *state;
	int64_t o1 = ofx_order(f, 0), o2 = ofx_order(f, 0), id;
	struct wallet w;

	ofx_fund(f, f->buyer, 30000);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o1), 0);
	assert_int_equal(order_pay_wallet(&f->cx, f->buyer, o2), 0);
	assert_int_equal(wallet_get(f->db, f->buyer, f->buyer, &w), 0);
	assert_int_equal(w.available, 30000 - 2 * 10500);
	assert_int_equal(w.escrow, 20000);
	assert_int_equal(order_deliver(&f->cx, f->seller, o1, "好了", NULL, 0, &id), 0);
	assert_int_equal(order_accept(&f->cx, f->buyer, o1), 0);
	assert_int_equal(wallet_get(f->db, f->buyer, f->buyer, &w), 0);
	assert_int_equal(w.escrow, 10000);
	assert_int_equal(wallet_get(f->db, f->seller, f->seller, &w), 0);
	assert_int_equal(w.pending, 8000);
	assert_int_equal(w.available, 0);
	assert_int_equal(w.escrow, 0);                /* escrow counts orders it bought */
	/* Admins see anyone's wallet; others only their own. */
	assert_int_equal(wallet_get(f->db, f->admin, f->seller, &w), 0);
	assert_int_equal(w.pending, 8000);
	assert_int_equal(wallet_get(f->db, f->buyer, f->seller, &w), JS_ERR_PERM);
	ofx_ledger_ok(f);
}

static void
test_history_paging(void **state)
{
	struct ofx *f = *state;
	struct ledger_entry h[3];
	int64_t before = 0, sum = 0;
	size_t n = 0, total = 0, i;

	for (i = 1; i <= 7; i++)
		ofx_fund(f, f->buyer, (int64_t)i * 100);
	do {
		assert_int_equal(wallet_history(f->db, f->buyer, f->buyer, WALLET_AVAILABLE,
		    before, h, 3, &n), 0);
		for (i = 0; i < n; i++) {
			sum += h[i].amount;
			assert_string_equal(h[i].kind, "topup");
		}
		if (total == 0)
			assert_int_equal(h[0].balance_after, 2800);   /* newest first */
		total += n;
		if (n > 0)
			before = h[n - 1].posting_id;
	} while (n == 3);
	assert_int_equal(total, 7);
	assert_int_equal(sum, 2800);
	assert_int_equal(wallet_history(f->db, f->admin, f->buyer, WALLET_AVAILABLE, 0, h, 3,
	    &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(wallet_history(f->db, f->seller, f->buyer, WALLET_AVAILABLE, 0, h, 3,
	    &n), JS_ERR_PERM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		OFX_TEST_GIGS(test_empty_wallet),
		OFX_TEST_GIGS(test_topup_rules),
		OFX_TEST_GIGS(test_books_follow_an_order),
		OFX_TEST_GIGS(test_history_paging),
	};

	return tfx_run_both("wallet", tests, TFX_COUNT(tests)) != 0;
}
