/* test_order_table.c: every order action x every actor (buyer, seller, stranger, admin,
 * system) x every state, on SQLite and PostgreSQL. A real order is built in each of the
 * 8 states; each real operation runs inside a transaction that is then rolled back, so
 * every call sees the same order. The outcome must be what the table (order_allowed)
 * says, and order_actions must offer exactly the calls that succeed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "err.h"
#include "fixture.h"
#include "order_fixture.h"

#define ROLLBACK_SENTINEL JS_ERR_LAST     /* fn's "undo it all" */

/* The world, and a buyer with money for any number of orders. */
static int
setup(void **state)
{
	struct ofx *f;

	ofx_setup_gigs(state);
	f = *state;
	ofx_fund(f, f->buyer, 10000000);
	return 0;
}

struct call {
	struct ofx *f;
	enum order_action a;
	int64_t actor, order;
	int r;                         /* the operation's result */
	int acted;                     /* it wrote a timeline event */
};

static int
is_system_action(enum order_action a)
{
	return a == ORDER_ACT_AUTO_ACCEPT || a == ORDER_ACT_CLEAR ||
	       a == ORDER_ACT_MARK_LATE || a == ORDER_ACT_EXPIRE_CANCEL;
}

static int
run_op(struct call *c)
{
	struct ofx *f = c->f;
	struct order_answer ans[2] = { { f->q_text, "星火", 0 }, { f->q_choice, "简约", 0 } };
	struct order_ctx *cx = &f->cx;
	int64_t id = 0;

	switch (c->a) {
	case ORDER_ACT_PAY: return order_pay_wallet(cx, c->actor, c->order);
	case ORDER_ACT_SUBMIT_REQUIREMENTS:
		return order_submit_requirements(cx, c->actor, c->order, ans, 2);
	case ORDER_ACT_START: return order_start(cx, c->actor, c->order);
	case ORDER_ACT_DELIVER:
		return order_deliver(cx, c->actor, c->order, "交付", NULL, 0, &id);
	case ORDER_ACT_ACCEPT: return order_accept(cx, c->actor, c->order);
	case ORDER_ACT_REQUEST_REVISION:
		return order_request_revision(cx, c->actor, c->order, "改");
	case ORDER_ACT_AUTO_ACCEPT: return order_auto_accept(cx, c->order);
	case ORDER_ACT_CLEAR: return order_clear(cx, c->order);
	case ORDER_ACT_MARK_LATE: return order_mark_late(cx, c->order);
	case ORDER_ACT_CANCEL_LATE: return order_cancel_late(cx, c->actor, c->order, "晚了");
	case ORDER_ACT_CANCEL_UNPAID: return order_cancel_unpaid(cx, c->actor, c->order);
	case ORDER_ACT_REQUEST_CANCEL:
		return order_request_cancel(cx, c->actor, c->order, "不要了");
	case ORDER_ACT_RESPOND_CANCEL: return order_respond_cancel(cx, c->actor, c->order, 1);
	case ORDER_ACT_WITHDRAW_CANCEL: return order_withdraw_cancel(cx, c->actor, c->order);
	case ORDER_ACT_EXPIRE_CANCEL: return order_expire_cancel(cx, c->order);
	case ORDER_ACT_ADMIN_CANCEL: return order_admin_cancel(cx, c->actor, c->order, "管理");
	case ORDER_ACT_OPEN_DISPUTE:
		return order_open_dispute(cx, c->actor, c->order, "争议", NULL, 0, &id);
	case ORDER_ACT_ADD_EVIDENCE: return order_add_evidence(cx, c->actor, c->order, "证据", 0);
	case ORDER_ACT_WITHDRAW_DISPUTE: return order_withdraw_dispute(cx, c->actor, c->order);
	case ORDER_ACT_RESOLVE_DISPUTE:
		return order_resolve_dispute(cx, c->actor, c->order, DISPUTE_REFUND, 0, "退款");
	case ORDER_ACT_TIP: return order_tip(cx, c->actor, c->order, 100, NULL);
	default: return JS_ERR_INVALID;
	}
}

static int64_t
events(struct ofx *f, int64_t order)
{
	return tfx_int1(f->db, "SELECT count(*) FROM order_events WHERE order_id = $1", order);
}

/* Run the operation and undo everything it did. */
static int
call_tx(struct db *db, void *ud)
{
	struct call *c = ud;
	int64_t before = events(c->f, c->order);

	(void)db;
	c->r = run_op(c);
	c->acted = c->r == 0 && events(c->f, c->order) > before;
	return ROLLBACK_SENTINEL;
}

static const enum order_role roles[] = { ORDER_ROLE_BUYER, ORDER_ROLE_SELLER,
	ORDER_ROLE_ADMIN, ORDER_ROLE_STRANGER, ORDER_ROLE_SYSTEM };

static int64_t
actor_of(struct ofx *f, enum order_role r)
{
	switch (r) {
	case ORDER_ROLE_BUYER: return f->buyer;
	case ORDER_ROLE_SELLER: return f->seller;
	case ORDER_ROLE_ADMIN: return f->admin;
	case ORDER_ROLE_STRANGER: return f->stranger;
	default: return 0;
	}
}

static void
check_state(struct ofx *f, enum order_state s)
{
	int64_t o = ofx_order_in(f, s), ev0;
	uint32_t mask[ORDER_ROLES];
	size_t ri;
	int a, ok = 0;

	/* Far enough in the future that every timed condition holds. */
	f->cx.now = OFX_T0 + 100 * OFX_DAY;
	assert_int_equal(ofx_state(f, o), s);
	ev0 = events(f, o);
	for (ri = 0; ri < sizeof roles / sizeof roles[0]; ri++) {
		enum order_role role = roles[ri];
		int r = order_actions(&f->cx, actor_of(f, role), o, &mask[role]);

		assert_int_equal(r, role == ORDER_ROLE_STRANGER ? JS_ERR_NOT_FOUND : 0);
	}
	for (a = 0; a < ORDER_ACTIONS; a++) {
		for (ri = 0; ri < sizeof roles / sizeof roles[0]; ri++) {
			enum order_role role = roles[ri];
			int want = order_allowed((enum order_action)a, role, s), bit;
			struct call c = { f, (enum order_action)a, actor_of(f, role), o, 0, 0 };

			if (is_system_action(c.a) != (role == ORDER_ROLE_SYSTEM)) {
				/* People cannot call the system's jobs (they take no actor), and
				 * a person's operation called with actor 0 is refused. */
				assert_int_equal(want, JS_ERR_PERM);
				if (role == ORDER_ROLE_SYSTEM) {
					assert_int_equal(db_tx(f->db, call_tx, &c), ROLLBACK_SENTINEL);
					if (c.r != JS_ERR_PERM)
						fail_msg("%s by the system in %s: %s",
						    order_action_name(c.a), order_state_name(s),
						    js_strerror(c.r));
					assert_false((mask[role] >> a) & 1);
				}
				continue;
			}
			assert_int_equal(db_tx(f->db, call_tx, &c), ROLLBACK_SENTINEL);
			bit = role != ORDER_ROLE_STRANGER && (mask[role] >> a) & 1;
			if (role == ORDER_ROLE_STRANGER) {
				if (c.r != JS_ERR_NOT_FOUND)
					fail_msg("%s by a stranger in %s: %s", order_action_name(c.a),
					    order_state_name(s), js_strerror(c.r));
			} else if (role == ORDER_ROLE_SYSTEM) {
				/* Timed actions never fail for "not now": they do nothing. */
				if (c.r != 0)
					fail_msg("%s in %s: %s", order_action_name(c.a),
					    order_state_name(s), js_strerror(c.r));
				if (c.acted && want != 0)
					fail_msg("%s acted in %s against the table",
					    order_action_name(c.a), order_state_name(s));
				if (c.acted != bit)
					fail_msg("%s in %s: acted %d, order_actions says %d",
					    order_action_name(c.a), order_state_name(s), c.acted, bit);
			} else if (want != 0) {
				if (c.r != want)
					fail_msg("%s by %d in %s: %s, the table says %s",
					    order_action_name(c.a), (int)role, order_state_name(s),
					    js_strerror(c.r), js_strerror(want));
				assert_false(bit);
			} else {
				/* Allowed by the table; a further condition may still refuse. */
				if (c.r != 0 && c.r != JS_ERR_STATE && c.r != JS_ERR_PERM)
					fail_msg("%s by %d in %s: %s", order_action_name(c.a), (int)role,
					    order_state_name(s), js_strerror(c.r));
				if ((c.r == 0) != bit)
					fail_msg("%s by %d in %s: result %s, order_actions says %d",
					    order_action_name(c.a), (int)role, order_state_name(s),
					    js_strerror(c.r), bit);
				ok += c.r == 0;
			}
		}
	}
	/* Not a vacuous pass: people can do something in every state but cancelled. */
	assert_true(s == ORDER_CANCELLED ? ok == 0 : ok > 0);
	/* Everything was rolled back. */
	assert_int_equal(ofx_state(f, o), s);
	assert_int_equal(events(f, o), ev0);
	ofx_ledger_ok(f);
}

#define STATE_TEST(name, s) \
	static void name(void **state) { check_state(*state, s); }
STATE_TEST(test_awaiting_payment, ORDER_AWAITING_PAYMENT)
STATE_TEST(test_awaiting_requirements, ORDER_AWAITING_REQUIREMENTS)
STATE_TEST(test_in_progress, ORDER_IN_PROGRESS)
STATE_TEST(test_delivered, ORDER_DELIVERED)
STATE_TEST(test_revision_requested, ORDER_REVISION_REQUESTED)
STATE_TEST(test_completed, ORDER_COMPLETED)
STATE_TEST(test_cancelled, ORDER_CANCELLED)
STATE_TEST(test_disputed, ORDER_DISPUTED)

/* The table itself: every combination answers, and the shape is right. */
static void
test_table_shape(void **state)
{
	int a, r, s, allowed_any;

	(void)state;
	for (a = 0; a < ORDER_ACTIONS; a++) {
		assert_non_null(order_action_name((enum order_action)a));
		allowed_any = 0;
		for (r = 0; r < ORDER_ROLES; r++)
			for (s = 0; s < ORDER_STATES; s++) {
				int v = order_allowed((enum order_action)a, (enum order_role)r,
				    (enum order_state)s);

				assert_true(v == 0 || v == JS_ERR_PERM || v == JS_ERR_STATE);
				allowed_any |= v == 0;
				if (r == ORDER_ROLE_STRANGER)
					assert_int_equal(v, JS_ERR_PERM);
				/* Nobody acts on a cancelled order but the clearing job. */
				if (s == ORDER_CANCELLED && a != ORDER_ACT_CLEAR)
					assert_int_not_equal(v, 0);
			}
		assert_true(allowed_any);
	}
	assert_int_equal(order_allowed(ORDER_ACTIONS, ORDER_ROLE_BUYER, ORDER_IN_PROGRESS),
	    JS_ERR_INVALID);
	assert_int_equal(order_allowed(ORDER_ACT_PAY, ORDER_ROLES, ORDER_IN_PROGRESS),
	    JS_ERR_INVALID);
	assert_int_equal(order_allowed(ORDER_ACT_PAY, ORDER_ROLE_BUYER, ORDER_STATES),
	    JS_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test_setup_teardown(test_awaiting_payment, setup, ofx_teardown),
		cmocka_unit_test_setup_teardown(test_awaiting_requirements, setup, ofx_teardown),
		cmocka_unit_test_setup_teardown(test_in_progress, setup, ofx_teardown),
		cmocka_unit_test_setup_teardown(test_delivered, setup, ofx_teardown),
		cmocka_unit_test_setup_teardown(test_revision_requested, setup, ofx_teardown),
		cmocka_unit_test_setup_teardown(test_completed, setup, ofx_teardown),
		cmocka_unit_test_setup_teardown(test_cancelled, setup, ofx_teardown),
		cmocka_unit_test_setup_teardown(test_disputed, setup, ofx_teardown),
	};

	return tfx_run_both("order_table", tests, TFX_COUNT(tests)) != 0;
}
