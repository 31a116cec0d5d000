/* test_ledger.c: the double-entry ledger on SQLite and PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "fixture.h"
#include "ledger.h"

struct fx {
	struct db *db;
	char url[TFX_URL_MAX];
	int64_t clearing, a, b, fees;   /* sandbox clearing, two users' available, fees */
};

static int64_t
acct(struct db *db, const char *type, int64_t owner, const char *purpose)
{
	int64_t id = 0;

	assert_int_equal(ledger_account(db, type, owner, purpose, "CNY", &id), 0);
	return id;
}

static int64_t
balance(struct fx *f, int64_t id)
{
	int64_t b = -1;

	assert_int_equal(ledger_balance(f->db, id, &b), 0);
	return b;
}

/* Post a two-legged transfer from -> to. */
static int
xfer(struct fx *f, const char *key, int64_t from, int64_t to, int64_t amount,
    int64_t *tx, int *replayed)
{
	struct ledger_posting p[2] = { { from, -amount }, { to, amount } };
	struct ledger_tx_req req = {
		.idem_key = key, .kind = "transfer", .postings = p, .n = 2,
	};

	return ledger_post(f->db, &req, tx, replayed);
}

static void
check_ok(struct fx *f)
{
	struct ledger_report rep;

	assert_int_equal(ledger_check(f->db, &rep), 0);
	assert_false(ledger_report_bad(&rep));
}

static int
setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof f);
	f.db = tfx_open(f.url, sizeof f.url);
	f.clearing = acct(f.db, "platform", 0, "clearing:sandbox");
	f.a = acct(f.db, "user", 1, "available");
	f.b = acct(f.db, "user", 2, "available");
	f.fees = acct(f.db, "platform", 0, "fees");
	assert_int_equal(xfer(&f, "fund:a", f.clearing, f.a, 10000, NULL, NULL), 0);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tfx_close(f->db, f->url);
	return 0;
}

static void
test_account_get_or_create(void **state)
{
	struct fx *f = *state;
	int64_t id;

	assert_int_equal(acct(f->db, "user", 1, "available"), f->a);
	assert_int_not_equal(acct(f->db, "user", 1, "pending"), f->a);
	assert_int_equal(ledger_account(f->db, "user", 1, "escrow", "CNY", &id),
	    JS_ERR_INVALID);
	assert_int_equal(ledger_account(f->db, "order", 1, "available", "CNY", &id),
	    JS_ERR_INVALID);
	/* Income accounts are sharded (owner_id 0..N-1); the others have owner 0 only. */
	assert_int_equal(ledger_account(f->db, "platform", LEDGER_PLATFORM_SHARDS, "fees",
	    "CNY", &id), JS_ERR_INVALID);
	assert_int_equal(ledger_account(f->db, "platform", 5, "clearing:sandbox", "CNY",
	    &id), JS_ERR_INVALID);
	assert_int_equal(ledger_account(f->db, "platform", -1, "commission", "CNY", &id),
	    JS_ERR_INVALID);
	assert_int_equal(ledger_account(f->db, "platform", 5, "fees", "CNY", &id), 0);
	assert_int_not_equal(id, f->fees);
	assert_int_equal(ledger_account(f->db, "user", 0, "available", "CNY", &id),
	    JS_ERR_INVALID);
	assert_int_equal(ledger_account(f->db, "user", 1, "available", "cny", &id),
	    JS_ERR_INVALID);
	assert_int_equal(ledger_account(f->db, "user", 1, "available", "CNYX", &id),
	    JS_ERR_INVALID);
	assert_int_equal(ledger_account(f->db, "nobody", 1, "available", "CNY", &id),
	    JS_ERR_INVALID);
}

static void
test_transfer_moves_money(void **state)
{
	struct fx *f = *state;
	int64_t tx = 0;
	int replayed = -1;

	assert_int_equal(xfer(f, "t1", f->a, f->b, 2550, &tx, &replayed), 0);
	assert_true(tx > 0);
	assert_int_equal(replayed, 0);
	assert_int_equal(balance(f, f->a), 7450);
	assert_int_equal(balance(f, f->b), 2550);
	assert_int_equal(balance(f, f->clearing), -10000);
	check_ok(f);
}

static void
test_bad_requests_refused(void **state)
{
	struct fx *f = *state;
	struct ledger_posting one[1] = { { f->a, 0 } };
	struct ledger_posting unbalanced[2] = { { f->a, -100 }, { f->b, 99 } };
	struct ledger_posting zero[2] = { { f->a, 0 }, { f->b, 0 } };
	struct ledger_posting huge[2] = {
		{ f->clearing, -(LEDGER_MAX_AMOUNT + 1) }, { f->b, LEDGER_MAX_AMOUNT + 1 },
	};
	struct ledger_posting many[LEDGER_MAX_POSTINGS + 1];
	struct ledger_tx_req req = { .idem_key = "bad", .kind = "transfer" };
	char longkey[LEDGER_MAX_KEY + 2];
	size_t i;

	req.postings = one, req.n = 1;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_INVALID);
	req.postings = unbalanced, req.n = 2;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_UNBALANCED);
	req.postings = zero;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_INVALID);
	req.postings = huge;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_OVERFLOW);
	for (i = 0; i < LEDGER_MAX_POSTINGS + 1; i++) {
		many[i].account_id = f->a;
		many[i].amount = i % 2 ? 1 : -1;
	}
	req.postings = many, req.n = LEDGER_MAX_POSTINGS + 1;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_INVALID);
	req.postings = unbalanced, req.n = 2, req.idem_key = "";
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_INVALID);
	memset(longkey, 'k', sizeof longkey - 1);
	longkey[sizeof longkey - 1] = '\0';
	req.idem_key = longkey;
	unbalanced[1].amount = 100;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_INVALID);
	req.idem_key = "ok-key", req.kind = NULL;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_INVALID);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_tx"), 1);
	check_ok(f);
}

static void
test_insufficient_funds_records_nothing(void **state)
{
	struct fx *f = *state;

	assert_int_equal(xfer(f, "big", f->b, f->a, 1, NULL, NULL), JS_ERR_FUNDS);
	assert_int_equal(xfer(f, "big2", f->a, f->b, 10001, NULL, NULL), JS_ERR_FUNDS);
	assert_int_equal(balance(f, f->a), 10000);
	assert_int_equal(balance(f, f->b), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_tx"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_postings"), 2);
	/* A refusal leaves no trace: the same key goes through once funds are there. */
	assert_int_equal(xfer(f, "fund:b", f->clearing, f->b, 5, NULL, NULL), 0);
	assert_int_equal(xfer(f, "big", f->b, f->a, 1, NULL, NULL), 0);
	assert_int_equal(balance(f, f->b), 4);
	/* Exactly everything is fine; one fen more is not. */
	assert_int_equal(xfer(f, "all", f->a, f->b, 10001, NULL, NULL), 0);
	assert_int_equal(balance(f, f->a), 0);
	check_ok(f);
}

static void
test_idempotent_replay_and_conflict(void **state)
{
	struct fx *f = *state;
	struct ledger_posting rev[2];
	struct ledger_tx_req req = { .idem_key = "pay:1", .kind = "transfer", .n = 2 };
	int64_t tx1, tx2;
	int replayed;

	assert_int_equal(xfer(f, "pay:1", f->a, f->b, 300, &tx1, &replayed), 0);
	assert_int_equal(replayed, 0);
	assert_int_equal(xfer(f, "pay:1", f->a, f->b, 300, &tx2, &replayed), 0);
	assert_int_equal(replayed, 1);
	assert_int_equal(tx1, tx2);
	/* The same postings in another order are the same request. */
	rev[0].account_id = f->b, rev[0].amount = 300;
	rev[1].account_id = f->a, rev[1].amount = -300;
	req.postings = rev;
	assert_int_equal(ledger_post(f->db, &req, &tx2, &replayed), 0);
	assert_int_equal(replayed, 1);
	assert_int_equal(tx2, tx1);
	assert_int_equal(balance(f, f->a), 9700);
	assert_int_equal(balance(f, f->b), 300);
	/* Same key, different request. */
	assert_int_equal(xfer(f, "pay:1", f->a, f->b, 301, NULL, NULL), JS_ERR_CONFLICT);
	assert_int_equal(xfer(f, "pay:1", f->b, f->a, 300, NULL, NULL), JS_ERR_CONFLICT);
	req.kind = "refund";
	rev[0].amount = 300;
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_CONFLICT);
	assert_int_equal(balance(f, f->a), 9700);
	check_ok(f);
}

static void
test_unknown_account_and_currency(void **state)
{
	struct fx *f = *state;
	int64_t usd;

	assert_int_equal(xfer(f, "ghost", f->a, 999999, 1, NULL, NULL), JS_ERR_NOT_FOUND);
	assert_int_equal(ledger_account(f->db, "user", 2, "available", "USD", &usd), 0);
	assert_int_equal(xfer(f, "fx", f->a, usd, 1, NULL, NULL), JS_ERR_CURRENCY);
	assert_int_equal(balance(f, f->a), 10000);
	check_ok(f);
}

static void
test_multi_leg_with_fee(void **state)
{
	struct fx *f = *state;
	int64_t escrow = acct(f->db, "order", 7, "escrow");
	struct ledger_posting p[3] = {
		{ f->a, -1050 }, { escrow, 1000 }, { f->fees, 50 },
	};
	struct ledger_tx_req req = {
		.idem_key = "order:7:pay", .kind = "escrow_fund", .ref_type = "order",
		.ref_id = 7, .memo = "订单付款", .postings = p, .n = 3,
	};

	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), 0);
	assert_int_equal(balance(f, f->a), 8950);
	assert_int_equal(balance(f, escrow), 1000);
	assert_int_equal(balance(f, f->fees), 50);
	check_ok(f);
}

/* A posting that credits and debits one account in one transaction never dips. */
static void
test_same_account_in_and_out(void **state)
{
	struct fx *f = *state;
	struct ledger_posting p[4] = {
		{ f->b, -500 }, { f->a, -500 }, { f->b, 500 }, { f->fees, 500 },
	};
	struct ledger_tx_req req = {
		.idem_key = "inout", .kind = "transfer", .postings = p, .n = 4,
	};

	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), 0);
	assert_int_equal(balance(f, f->b), 0);
	assert_int_equal(balance(f, f->a), 9500);
	/* One UPDATE applies each account's net; the postings still tell each step, the
	 * credit first: b goes 0 -> 500 -> 0. */
	assert_int_equal(tfx_int(f->db, "SELECT p.balance_after FROM ledger_postings p JOIN"
	    " ledger_tx t ON t.id = p.tx_id WHERE t.idem_key = 'inout' AND p.amount = 500 AND"
	    " p.account_id = (SELECT account_id FROM ledger_postings WHERE amount = -500 AND"
	    " balance_after = 0 LIMIT 1)"), 500);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_postings p JOIN ledger_tx"
	    " t ON t.id = p.tx_id WHERE t.idem_key = 'inout' AND p.amount = -500 AND"
	    " p.balance_after IN (0, 9500)"), 2);
	/* In and out where the out is more than the account holds after the in: refused. */
	p[0].amount = -501, p[3].amount = 501, req.idem_key = "inout2";
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), JS_ERR_FUNDS);
	assert_int_equal(balance(f, f->a), 9500);
	check_ok(f);
}

struct outer {
	struct fx *f;
	int fail_after;
	int inner_result;
};

static int
outer_tx(struct db *db, void *ud)
{
	struct outer *o = ud;
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO settings (key, value) VALUES ('k', 'v')",
	    &st)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	o->inner_result = xfer(o->f, "in-outer", o->f->a, o->f->b, 20000, NULL, NULL);
	if (o->inner_result != JS_ERR_FUNDS)
		return JS_ERR_STATE;
	o->inner_result = xfer(o->f, "in-outer-2", o->f->a, o->f->b, 100, NULL, NULL);
	return o->fail_after ? JS_ERR_STATE : o->inner_result;
}

static void
test_post_inside_business_tx(void **state)
{
	struct fx *f = *state;
	struct outer o = { f, 1, 0 };

	/* Business change fails after the money moved: both roll back. */
	assert_int_equal(db_tx(f->db, outer_tx, &o), JS_ERR_STATE);
	assert_int_equal(balance(f, f->b), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM settings"
	    " WHERE key = 'k'"), 0);
	/* A refused posting inside still lets the outer transaction go on and commit. */
	o.fail_after = 0;
	assert_int_equal(db_tx(f->db, outer_tx, &o), 0);
	assert_int_equal(o.inner_result, 0);
	assert_int_equal(balance(f, f->b), 100);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM settings"
	    " WHERE key = 'k'"), 1);
	check_ok(f);
}

/* LEDGER_NO_SAVEPOINT: the caller's transaction is the only boundary. */
struct nosp {
	struct fx *f;
	int64_t amount;
	int result;
};

static int
nosp_tx(struct db *db, void *ud)
{
	struct nosp *n = ud;
	struct ledger_posting p[3] = {
		{ n->f->a, -n->amount }, { n->f->b, n->amount - 10 }, { n->f->fees, 10 },
	};
	struct ledger_tx_req req = {
		.idem_key = "nosp", .kind = "transfer", .postings = p, .n = 3,
		.flags = LEDGER_NO_SAVEPOINT,
	};
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO settings (key, value) VALUES ('k', 'v')",
	    &st)) != 0 || (r = db_step_done(st)) != 0)
		return r;
	n->result = ledger_post(db, &req, NULL, NULL);
	return n->result;    /* as the flag demands: give up on any error */
}

static void
test_post_no_savepoint(void **state)
{
	struct fx *f = *state;
	struct nosp n = { f, 20000, 0 };
	struct ledger_posting p[2] = { { f->a, -1 }, { f->b, 1 } };
	struct ledger_tx_req req = {
		.idem_key = "nosp-alone", .kind = "transfer", .postings = p, .n = 2,
		.flags = LEDGER_NO_SAVEPOINT,
	};

	/* Refused after the first account was debited: the caller's rollback undoes
	 * the key, the debit and the business row. */
	assert_int_equal(db_tx(f->db, nosp_tx, &n), JS_ERR_FUNDS);
	assert_int_equal(n.result, JS_ERR_FUNDS);
	assert_int_equal(balance(f, f->a), 10000);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_tx WHERE idem_key = 'nosp'"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM settings WHERE key = 'k'"), 0);
	check_ok(f);
	/* The same key goes through once funds are there, and replays. */
	n.amount = 600;
	assert_int_equal(db_tx(f->db, nosp_tx, &n), 0);
	assert_int_equal(balance(f, f->a), 9400);
	assert_int_equal(balance(f, f->b), 590);
	assert_int_equal(balance(f, f->fees), 10);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM ledger_postings p JOIN ledger_tx t "
	    "ON t.id = p.tx_id WHERE t.idem_key = 'nosp'"), 3);
	/* Outside a transaction the flag changes nothing. */
	assert_int_equal(ledger_post(f->db, &req, NULL, NULL), 0);
	assert_int_equal(balance(f, f->b), 591);
	check_ok(f);
}

static void
test_history_paging(void **state)
{
	struct fx *f = *state;
	struct ledger_entry e[10];
	int64_t before = 0, prev_before_balance = -1;
	size_t n, j, total = 0;
	char key[32];
	int i;

	for (i = 0; i < 25; i++) {
		snprintf(key, sizeof key, "h%d", i);
		assert_int_equal(xfer(f, key, f->a, f->b, i + 1, NULL, NULL), 0);
	}
	/* Newest first: each entry's balance before it is the next entry's balance after,
	 * across page boundaries too. */
	for (;;) {
		assert_int_equal(ledger_history(f->db, f->b, before, e, 10, &n), 0);
		if (n == 0)
			break;
		assert_true(n == 10 || total + n == 25);
		for (j = 0; j < n; j++) {
			assert_string_equal(e[j].kind, "transfer");
			assert_true(before == 0 || e[j].posting_id < before);
			assert_int_equal(e[j].amount, 25 - (int64_t)(total + j));
			if (prev_before_balance >= 0)
				assert_int_equal(e[j].balance_after, prev_before_balance);
			prev_before_balance = e[j].balance_after - e[j].amount;
		}
		total += n;
		before = e[n - 1].posting_id;
	}
	assert_int_equal(total, 25);
	assert_int_equal(prev_before_balance, 0);
	assert_int_equal(ledger_history(f->db, f->b, 0, e, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].balance_after, 325);   /* 1 + 2 + ... + 25 */
}

static void
test_overflow_guard(void **state)
{
	struct fx *f = *state;
	char key[32];
	int i, r = 0;

	/* Push b toward LEDGER_MAX_BALANCE in maximal steps until refused. */
	for (i = 0; i < 1001 && r == 0; i++) {
		snprintf(key, sizeof key, "o%d", i);
		r = xfer(f, key, f->clearing, f->b, LEDGER_MAX_AMOUNT, NULL, NULL);
	}
	assert_int_equal(r, JS_ERR_OVERFLOW);
	assert_true(balance(f, f->b) <= LEDGER_MAX_BALANCE);
	check_ok(f);
}

static void
test_check_finds_corruption(void **state)
{
	struct fx *f = *state;
	struct ledger_report rep;

	check_ok(f);
	assert_int_equal(db_exec(f->db, "UPDATE ledger_accounts SET balance = balance + 1"
	    " WHERE owner_type = 'user' AND owner_id = 1"), 0);
	assert_int_equal(ledger_check(f->db, &rep), 0);
	assert_true(ledger_report_bad(&rep));
	assert_int_equal(rep.balance_mismatch, 1);
	assert_int_equal(rep.total, 1);
	assert_int_equal(db_exec(f->db, "UPDATE ledger_accounts SET balance = balance - 1"
	    " WHERE owner_type = 'user' AND owner_id = 1"), 0);
	check_ok(f);
	/* A posting row that breaks a transaction's balance. */
	assert_int_equal(db_exec(f->db, "INSERT INTO ledger_postings (tx_id, account_id,"
	    " amount, balance_after) SELECT MIN(id), 2, 7, 0 FROM ledger_tx"), 0);
	assert_int_equal(ledger_check(f->db, &rep), 0);
	assert_int_equal(rep.unbalanced_tx, 1);
	assert_true(ledger_report_bad(&rep));
}

static void
test_check_paid_intents(void **state)
{
	struct fx *f = *state;
	struct ledger_report rep;

	assert_int_equal(db_exec(f->db, "INSERT INTO users (handle, display_name)"
	    " VALUES ('payer', 'Payer')"), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO payment_intents (user_id, purpose,"
	    " gateway, out_trade_no, amount, status) SELECT id, 'topup', 'sandbox', 'T1',"
	    " 100, 'pending' FROM users WHERE handle = 'payer'"), 0);
	check_ok(f);
	/* Mark it paid pointing at a tx that is not its payment: unapplied. */
	assert_int_equal(db_exec(f->db, "UPDATE payment_intents SET status = 'paid',"
	    " paid_at = 1, ledger_tx_id = (SELECT MIN(id) FROM ledger_tx)"), 0);
	assert_int_equal(ledger_check(f->db, &rep), 0);
	assert_int_equal(rep.intents_unapplied, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_account_get_or_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer_moves_money, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_requests_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insufficient_funds_records_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotent_replay_and_conflict, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_account_and_currency, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_multi_leg_with_fee, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_account_in_and_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_inside_business_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_no_savepoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overflow_guard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_paid_intents, setup, teardown),
	};

	return tfx_run_both("ledger", tests, TFX_COUNT(tests)) != 0;
}
