/*
 * order_race.c: two sessions racing on one order, and a session SIGKILLed mid-cycle;
 * proof afterwards that exactly one of the racers won and that money moved once.
 *
 *   order_race sqlite|pg ROUNDS KILLS
 *
 * Makes a fresh database on the store (PostgreSQL: $JISHI_TEST_PG) and drops it after.
 * Each round the parent brings an order to the state the race needs, notes the
 * balances, then forks two processes (each its own connection) that wait on one pipe
 * and are released together (one of them a random few hundred microseconds later, so
 * either may win). Races, ROUNDS rounds each:
 *   accept    buyer's order_accept vs the worker's order_auto_accept (past auto_accept_at)
 *   cancel    order_deliver vs a cancellation: order_admin_cancel, the buyer accepting
 *             the seller's cancellation request, or the buyer cancelling a late order
 *   pay       the buyer's order_pay_wallet from two sessions (a double click), and the
 *             gig page's "order and pay" (order_buy with the screen's key) from two
 *   resolve   two admins resolving one dispute (one splits, the other refunds)
 * After every round: ledger_check passes, and each balance moved by exactly what the
 * winner implies. Then a session running full order cycles (accepted, cancelled,
 * disputed and split) is SIGKILLed KILLS times at random moments; after each kill every
 * order's money must match its state, and the balances what the orders imply.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "ledger.h"
#include "log.h"
#include "order.h"
#include "order_fixture.h"
#include "proc.h"
#include "testdb.h"

#define DAY 86400
#define MONEY INT64_C(100000000000)   /* each buyer's top-up: never short */

static char url[1024];
static struct ofx_pairs fx;
static struct order_conf conf;
static int failures;

static void
must(int r, const char *what)
{
	if (r != 0)
		proc_die(what, js_strerror(r));
}

#define CHECK(cond, ...) do { if (!(cond)) { failures++; \
	fprintf(stderr, "order_race: FAILED %s: ", #cond); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* The balances a race can move, of pair 0 and the platform. */
struct money {
	int64_t buyer, seller_pending, fees, commission, escrow;
};

static void
money_read(struct db *db, int64_t order, struct money *m)
{
	m->buyer = ofx_balance(db, "user", fx.buyer[0], "available");
	m->seller_pending = ofx_balance(db, "user", fx.seller[0], "pending");
	m->fees = ofx_balance(db, "platform", 0, "fees");
	m->commission = ofx_balance(db, "platform", 0, "commission");
	/* order 0: not made yet (an order-and-pay race) */
	m->escrow = order != 0 ? ofx_balance(db, "order", order, "escrow") : 0;
}

/* Every balance moved by exactly the expected delta (escrow: the expected value). */
static void
money_expect(struct db *db, int64_t order, const struct money *before, int64_t d_buyer,
             int64_t d_pending, int64_t d_fees, int64_t d_comm, int64_t escrow,
             const char *race)
{
	struct money m;

	money_read(db, order, &m);
	CHECK(m.buyer - before->buyer == d_buyer, "%s order %lld: buyer moved %lld, not %lld",
	      race, (long long)order, (long long)(m.buyer - before->buyer), (long long)d_buyer);
	CHECK(m.seller_pending - before->seller_pending == d_pending,
	      "%s order %lld: seller pending moved %lld, not %lld", race, (long long)order,
	      (long long)(m.seller_pending - before->seller_pending), (long long)d_pending);
	CHECK(m.fees - before->fees == d_fees, "%s order %lld: fees moved %lld, not %lld",
	      race, (long long)order, (long long)(m.fees - before->fees), (long long)d_fees);
	CHECK(m.commission - before->commission == d_comm,
	      "%s order %lld: commission moved %lld, not %lld", race, (long long)order,
	      (long long)(m.commission - before->commission), (long long)d_comm);
	CHECK(m.escrow == escrow, "%s order %lld: escrow %lld, not %lld", race,
	      (long long)order, (long long)m.escrow, (long long)escrow);
}

static void
ledger_ok(struct db *db, const char *race)
{
	int64_t bad = ofx_ledger_bad(db);

	CHECK(bad == 0, "%s: ledger_check found violations (first id %lld)", race,
	      (long long)bad);
}

static enum order_state
state_of(struct db *db, int64_t order)
{
	struct order_info oi;

	must(order_get(db, fx.admin[0], order, &oi), "order_get");
	return oi.state;
}

/* ---- the race harness ---- */

struct race {
	int64_t order;
	int variant;                   /* which flavour of the race this round runs */
	int late_one;                  /* the racer released a little later */
	long delay_us;
};
typedef int (*racer_fn)(struct order_ctx *cx, const struct race *rc, int who);

/* Fork the two racers, release them together, return their results in res. */
static void
run_race(struct race *rc, racer_fn fn, int res[2])
{
	int ready[2], go[2], out[2], who, status;
	char c;
	pid_t pid[2];

	if (pipe(ready) != 0 || pipe(go) != 0 || pipe(out) != 0)
		proc_die("pipe", strerror(errno));
	rc->late_one = (int)(random() % 2);
	rc->delay_us = random() % 400;
	for (who = 0; who < 2; who++) {
		if ((pid[who] = fork()) < 0)
			proc_die("fork", strerror(errno));
		if (pid[who] == 0) {
			struct db *db = proc_open(url);
			struct order_ctx cx = { db, &conf, 0 };
			int msg[2] = { who, 0 };

			close(go[1]);
			if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 0)
				_exit(2);
			if (who == rc->late_one && rc->delay_us > 0)
				usleep((useconds_t)rc->delay_us);
			msg[1] = fn(&cx, rc, who);
			if (write(out[1], msg, sizeof msg) != (ssize_t)sizeof msg)
				_exit(2);
			db_close(db);
			_exit(0);
		}
	}
	for (who = 0; who < 2; who++)
		if (read(ready[0], &c, 1) != 1)
			proc_die("race", "a racer did not start");
	close(go[1]);                  /* EOF releases both at once */
	for (who = 0; who < 2; who++) {
		int msg[2];

		if (read(out[0], msg, sizeof msg) != (ssize_t)sizeof msg)
			proc_die("race", "a racer died");
		res[msg[0]] = msg[1];
	}
	for (who = 0; who < 2; who++)
		if (waitpid(pid[who], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			proc_die("race", "a racer failed");
	close(ready[0]), close(ready[1]), close(go[0]), close(out[0]), close(out[1]);
}

/* A new order of pair 0, paid (in_progress) unless `pay` is 0. */
static int64_t
new_order(struct order_ctx *cx, int pay)
{
	struct order_new n;
	int64_t id;

	memset(&n, 0, sizeof n);
	n.gig_id = fx.gig[0];
	n.tier = GIG_BASIC;
	n.quantity = 1;
	must(order_create(cx, fx.buyer[0], &n, &id), "order_create");
	if (pay)
		must(order_pay_wallet(cx, fx.buyer[0], id), "order_pay_wallet");
	return id;
}

/* ---- (a) accept vs auto-accept ---- */

static int
race_accept(struct order_ctx *cx, const struct race *rc, int who)
{
	if (who == 0)
		return order_accept(cx, fx.buyer[0], rc->order);
	cx->now = (int64_t)time(NULL) + 4 * DAY;  /* the job, past auto_accept_at */
	return order_auto_accept(cx, rc->order);
}

static void
round_accept(struct order_ctx *cx, int *wins)
{
	int64_t sub = OFX_PRICE, comm = order_commission(&conf, sub);
	struct race rc = { 0 };
	struct money m;
	int res[2];

	rc.order = new_order(cx, 1);
	must(order_deliver(cx, fx.seller[0], rc.order, "done", NULL, 0, NULL), "deliver");
	money_read(cx->db, rc.order, &m);
	run_race(&rc, race_accept, res);
	CHECK(res[0] == 0 || res[0] == JS_ERR_STATE, "accept returned %s", js_strerror(res[0]));
	CHECK(res[1] == 0, "auto_accept returned %s", js_strerror(res[1]));
	CHECK(ofx_count(cx->db, "SELECT count(*) FROM order_events WHERE order_id = $1 AND kind"
	            " IN ('accept', 'auto_accept')", rc.order) == 1, "order %lld: not one acceptance",
	      (long long)rc.order);
	CHECK(ofx_count(cx->db, "SELECT count(*) FROM order_events WHERE order_id = $1 AND kind"
	            " = 'accept'", rc.order) == (res[0] == 0), "order %lld: the winner is not the"
	      " one who says so", (long long)rc.order);
	CHECK(ofx_count(cx->db, "SELECT count(*) FROM ledger_tx WHERE ref_type = 'order' AND"
	            " ref_id = $1 AND kind = 'escrow_release'", rc.order) == 1,
	      "order %lld: escrow not released exactly once", (long long)rc.order);
	CHECK(state_of(cx->db, rc.order) == ORDER_COMPLETED, "order %lld not completed",
	      (long long)rc.order);
	money_expect(cx->db, rc.order, &m, 0, sub - comm, 0, comm, 0, "accept");
	wins[res[0] == 0 ? 0 : 1]++;
}

/* ---- (b) cancel vs deliver ---- */

enum { CANCEL_ADMIN, CANCEL_MUTUAL, CANCEL_LATE, CANCEL_VARIANTS };

static int
race_cancel(struct order_ctx *cx, const struct race *rc, int who)
{
	if (who == 1)
		return order_deliver(cx, fx.seller[0], rc->order, "done", NULL, 0, NULL);
	switch (rc->variant) {
	case CANCEL_ADMIN:
		return order_admin_cancel(cx, fx.admin[0], rc->order, "race");
	case CANCEL_MUTUAL:
		return order_respond_cancel(cx, fx.buyer[0], rc->order, 1);
	default:
		return order_cancel_late(cx, fx.buyer[0], rc->order, "late");
	}
}

static void
round_cancel(struct order_ctx *cx, int variant, int wins[CANCEL_VARIANTS][3])
{
	int64_t sub = OFX_PRICE, fee = order_buyer_fee(&conf, sub), deliveries;
	struct race rc = { 0 };
	enum order_state s;
	struct money m;
	int res[2];

	rc.order = new_order(cx, 1);
	rc.variant = variant;
	if (variant == CANCEL_MUTUAL)
		must(order_request_cancel(cx, fx.seller[0], rc.order, "cannot do it"), "request");
	if (variant == CANCEL_LATE) {
		struct order_ctx later = *cx;

		later.now = (int64_t)time(NULL) + 4 * DAY;   /* past the 3 days' due date */
		must(order_mark_late(&later, rc.order), "mark_late");
	}
	money_read(cx->db, rc.order, &m);
	run_race(&rc, race_cancel, res);
	s = state_of(cx->db, rc.order);
	deliveries = ofx_count(cx->db, "SELECT count(*) FROM deliveries WHERE order_id = $1",
	                   rc.order);
	CHECK(res[1] == 0 || res[1] == JS_ERR_STATE, "deliver returned %s", js_strerror(res[1]));
	CHECK(res[0] == 0 || (variant == CANCEL_LATE && res[0] == JS_ERR_STATE),
	      "cancel (variant %d) returned %s", variant, js_strerror(res[0]));
	CHECK(deliveries == (res[1] == 0), "order %lld: %lld deliveries, deliver said %s",
	      (long long)rc.order, (long long)deliveries, js_strerror(res[1]));
	if (res[0] == 0) {             /* cancelled: refunded in full, exactly once */
		CHECK(s == ORDER_CANCELLED, "order %lld: cancel won but state %s",
		      (long long)rc.order, order_state_name(s));
		CHECK(ofx_count(cx->db, "SELECT count(*) FROM ledger_tx WHERE ref_type = 'order' AND"
		            " ref_id = $1 AND kind = 'escrow_refund'", rc.order) == 1,
		      "order %lld: not one refund", (long long)rc.order);
		money_expect(cx->db, rc.order, &m, sub + fee, 0, -fee, 0, 0, "cancel");
	} else {                       /* delivered: everything still in escrow */
		CHECK(s == ORDER_DELIVERED, "order %lld: deliver won but state %s",
		      (long long)rc.order, order_state_name(s));
		money_expect(cx->db, rc.order, &m, 0, 0, 0, 0, sub, "cancel");
	}
	/* 0: cancelled before any delivery; 1: delivered, then cancelled anyway (an admin
	 * or an accepted request may end a delivered order); 2: delivered, cancel refused */
	wins[variant][res[1] != 0 ? 0 : res[0] == 0 ? 1 : 2]++;
}

/* ---- (c) double pay ---- */

/* The one value of sql with $1 = text (0 when no row). */
static int64_t
key_value(struct db *db, const char *sql, const char *text)
{
	struct db_stmt *st;
	int64_t v = 0;

	if (db_prepare(db, sql, &st) != 0 || db_bind_text(st, 1, text) != 0)
		proc_die("query", db_errmsg(db));
	if (db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_reset(st);
	return v;
}

/* variant 1: rc->order is the round's number, which names the screen's key. */
static void
buy_key(const struct race *rc, char *key, size_t len)
{
	snprintf(key, len, "race-%lld", (long long)rc->order);
}

static int
race_pay(struct order_ctx *cx, const struct race *rc, int who)
{
	struct order_new n;
	char key[32];
	int64_t id;

	(void)who;
	if (rc->variant == 0)
		return order_pay_wallet(cx, fx.buyer[0], rc->order);
	memset(&n, 0, sizeof n);
	n.gig_id = fx.gig[0];
	n.tier = GIG_BASIC;
	n.quantity = 1;
	buy_key(rc, key, sizeof key);
	n.idem_key = key;
	return order_buy(cx, fx.buyer[0], &n, &id);
}

/* Two "order and pay" clicks with one key: both succeed, one order, paid once. */
static void
round_buy(struct order_ctx *cx, int round, int *both)
{
	int64_t sub = OFX_PRICE, fee = order_buyer_fee(&conf, sub), id;
	struct race rc = { 0 };
	struct money m;
	char key[64], full[96];
	int res[2];

	rc.variant = 1;
	rc.order = round;
	money_read(cx->db, 0, &m);
	run_race(&rc, race_pay, res);
	CHECK(res[0] == 0 && res[1] == 0, "buy round %d: results %s / %s", round,
	      js_strerror(res[0]), js_strerror(res[1]));
	buy_key(&rc, key, sizeof key);
	snprintf(full, sizeof full, "u:%lld:%s", (long long)fx.buyer[0], key);
	id = key_value(cx->db, "SELECT max(id) FROM orders WHERE idem_key = $1", full);
	CHECK(key_value(cx->db, "SELECT count(*) FROM orders WHERE idem_key = $1", full) == 1,
	      "buy round %d: not one order", round);
	CHECK(ofx_count(cx->db, "SELECT count(*) FROM ledger_tx WHERE ref_type = 'order' AND"
	            " ref_id = $1 AND kind = 'escrow_fund'", id) == 1,
	      "order %lld: not one payment", (long long)id);
	CHECK(state_of(cx->db, id) == ORDER_IN_PROGRESS, "order %lld not in progress",
	      (long long)id);
	money_expect(cx->db, id, &m, -(sub + fee), 0, fee, 0, sub, "buy");
	(*both)++;
}

static void
round_pay(struct order_ctx *cx, int *wins)
{
	int64_t sub = OFX_PRICE, fee = order_buyer_fee(&conf, sub);
	struct race rc = { 0 };
	struct money m;
	int res[2];

	rc.order = new_order(cx, 0);
	money_read(cx->db, rc.order, &m);
	run_race(&rc, race_pay, res);
	CHECK((res[0] == 0 && res[1] == JS_ERR_STATE) || (res[1] == 0 && res[0] == JS_ERR_STATE),
	      "order %lld: pay results %s / %s", (long long)rc.order, js_strerror(res[0]),
	      js_strerror(res[1]));
	CHECK(ofx_count(cx->db, "SELECT count(*) FROM ledger_tx WHERE ref_type = 'order' AND"
	            " ref_id = $1 AND kind = 'escrow_fund'", rc.order) == 1,
	      "order %lld: not one payment", (long long)rc.order);
	CHECK(state_of(cx->db, rc.order) == ORDER_IN_PROGRESS, "order %lld not in progress",
	      (long long)rc.order);
	money_expect(cx->db, rc.order, &m, -(sub + fee), 0, fee, 0, sub, "pay");
	wins[res[0] == 0 ? 0 : 1]++;
}

/* ---- (d) two admins, one dispute ---- */

#define SPLIT_BUYER (OFX_PRICE * 3 / 10)

static int
race_resolve(struct order_ctx *cx, const struct race *rc, int who)
{
	if (who == 0)
		return order_resolve_dispute(cx, fx.admin[0], rc->order, DISPUTE_SPLIT,
		                             SPLIT_BUYER, "split 30/70");
	return order_resolve_dispute(cx, fx.admin[1], rc->order, DISPUTE_REFUND, 0, "refund");
}

static void
round_resolve(struct order_ctx *cx, int *wins)
{
	int64_t sub = OFX_PRICE, fee = order_buyer_fee(&conf, sub);
	int64_t comm = order_commission(&conf, sub - SPLIT_BUYER);
	struct race rc = { 0 };
	struct money m;
	int res[2];

	rc.order = new_order(cx, 1);
	must(order_deliver(cx, fx.seller[0], rc.order, "done", NULL, 0, NULL), "deliver");
	must(order_open_dispute(cx, fx.buyer[0], rc.order, "not what I asked", NULL, 0, NULL),
	     "open_dispute");
	money_read(cx->db, rc.order, &m);
	run_race(&rc, race_resolve, res);
	CHECK((res[0] == 0 && res[1] == JS_ERR_STATE) || (res[1] == 0 && res[0] == JS_ERR_STATE),
	      "order %lld: resolve results %s / %s", (long long)rc.order, js_strerror(res[0]),
	      js_strerror(res[1]));
	CHECK(ofx_count(cx->db, "SELECT count(*) FROM ledger_tx WHERE ref_type = 'order' AND"
	            " ref_id = $1 AND kind = 'escrow_settle'", rc.order) == 1,
	      "order %lld: not one settlement", (long long)rc.order);
	CHECK(ofx_count(cx->db, "SELECT count(*) FROM disputes WHERE order_id = $1 AND"
	            " state = 'resolved'", rc.order) == 1, "order %lld: dispute", (long long)rc.order);
	if (res[0] == 0)               /* split: the fee is kept, commission on the rest */
		money_expect(cx->db, rc.order, &m, SPLIT_BUYER, sub - SPLIT_BUYER - comm, 0, comm, 0,
		             "resolve");
	else                           /* refund: all back, the fee too */
		money_expect(cx->db, rc.order, &m, sub + fee, 0, -fee, 0, 0, "resolve");
	wins[res[0] == 0 ? 0 : 1]++;
}

/* ---- (e) a session SIGKILLed mid-cycle (pair 1) ---- */

/* Full cycles until killed: accepted, mutually cancelled, or disputed and split. */
static void
cycler(void)
{
	struct db *db = proc_open(url);
	struct order_ctx cx = { db, &conf, 0 };
	int64_t b = fx.buyer[1], s = fx.seller[1], id;
	struct order_new n;
	int i, r;

	memset(&n, 0, sizeof n);
	n.gig_id = fx.gig[1];
	n.tier = GIG_BASIC;
	n.quantity = 1;
	for (i = 0;; i++) {
		/* The gig page's one-transaction "order and pay", or create then pay. */
		if (i % 2 == 0 ? (r = order_buy(&cx, b, &n, &id)) != 0 :
		    (r = order_create(&cx, b, &n, &id)) != 0 ||
		    (r = order_pay_wallet(&cx, b, id)) != 0)
			break;
		if (i % 3 == 1) {
			if ((r = order_request_cancel(&cx, b, id, "changed my mind")) != 0 ||
			    (r = order_respond_cancel(&cx, s, id, 1)) != 0)
				break;
			continue;
		}
		if ((r = order_deliver(&cx, s, id, "done", NULL, 0, NULL)) != 0)
			break;
		if (i % 3 == 0)
			r = order_accept(&cx, b, id);
		else if ((r = order_open_dispute(&cx, b, id, "half done", NULL, 0, NULL)) == 0)
			r = order_resolve_dispute(&cx, fx.admin[0], id, DISPUTE_SPLIT,
			                          order_split_amount(OFX_PRICE, 50), "half");
		if (r != 0)
			break;
	}
	fprintf(stderr, "order_race: cycle %d: %s\n", i, js_strerror(r));
	_exit(3);
}

/* Every order of pair 1 holds exactly the money its state says, and the buyer's and
 * seller's balances are exactly what the committed orders imply. */
static const char *const kill_checks[] = {
	/* escrow by state */
	"SELECT count(*) FROM orders o LEFT JOIN ledger_accounts a ON a.owner_type = 'order'"
	" AND a.owner_id = o.id AND a.purpose = 'escrow' WHERE o.buyer_id = $1 AND"
	" COALESCE(a.balance, 0) <> CASE WHEN o.state IN ('in_progress', 'delivered',"
	" 'disputed') THEN o.subtotal ELSE 0 END",
	/* paid exactly when funded; one ending transaction per ended paid order */
	"SELECT count(*) FROM orders o WHERE o.buyer_id = $1 AND ((o.paid_at IS NOT NULL) <>"
	" EXISTS (SELECT 1 FROM ledger_tx t WHERE t.ref_type = 'order' AND t.ref_id = o.id"
	" AND t.kind = 'escrow_fund') OR (SELECT count(*) FROM ledger_tx t WHERE t.ref_type ="
	" 'order' AND t.ref_id = o.id AND t.kind IN ('escrow_release', 'escrow_refund',"
	" 'escrow_settle')) <> CASE WHEN o.state IN ('completed', 'cancelled') AND o.paid_at"
	" IS NOT NULL THEN 1 ELSE 0 END)",
	/* a completed order: seller's share + commission + the buyer's split = subtotal */
	"SELECT count(*) FROM orders o WHERE o.buyer_id = $1 AND o.state = 'completed' AND"
	" o.seller_pending + o.commission + COALESCE((SELECT d.buyer_amount FROM disputes d"
	" WHERE d.order_id = o.id AND d.state = 'resolved'), 0) <> o.subtotal",
};

static void
kill_verify(struct db *db, int64_t money)
{
	int64_t b = fx.buyer[1], want;
	size_t i;

	ledger_ok(db, "kill");
	for (i = 0; i < sizeof kill_checks / sizeof kill_checks[0]; i++)
		CHECK(ofx_count(db, kill_checks[i], b) == 0, "after a kill: %s", kill_checks[i]);
	want = money - ofx_count(db, "SELECT COALESCE(sum(total), 0) FROM orders WHERE buyer_id ="
	                     " $1 AND paid_at IS NOT NULL AND state <> 'cancelled'", b) +
	       ofx_count(db, "SELECT COALESCE(sum(d.buyer_amount), 0) FROM disputes d JOIN orders o"
	             " ON o.id = d.order_id WHERE o.buyer_id = $1 AND d.state = 'resolved'", b);
	CHECK(ofx_balance(db, "user", b, "available") == want, "after a kill: buyer has %lld,"
	      " orders say %lld", (long long)ofx_balance(db, "user", b, "available"),
	      (long long)want);
	CHECK(ofx_balance(db, "user", fx.seller[1], "pending") == ofx_count(db, "SELECT"
	      " COALESCE(sum(seller_pending), 0) FROM orders WHERE buyer_id = $1", b),
	      "after a kill: seller pending differs from the orders' seller_pending");
}

static void
kill_cycles(struct db *db, int kills, int64_t money)
{
	int k, status, midway = 0;

	for (k = 0; k < kills; k++) {
		struct timespec ts = { 0, (long)(random() % 200 + 20) * 1000000L };
		pid_t pid = fork();

		if (pid < 0)
			proc_die("fork", strerror(errno));
		if (pid == 0)
			cycler();
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		if (waitpid(pid, &status, 0) < 0 || !WIFSIGNALED(status))
			proc_die("kill", "the cycling session ended by itself");
		kill_verify(db, money);
	}
	midway = (int)ofx_count(db, "SELECT count(*) FROM orders WHERE buyer_id = $1 AND state NOT"
	                    " IN ('completed', 'cancelled')", fx.buyer[1]);
	printf("  SIGKILL mid-cycle %d times: %lld orders, %d left mid-way; money matches every"
	       " state\n", kills, (long long)ofx_count(db, "SELECT count(*) FROM orders WHERE"
	       " buyer_id = $1", fx.buyer[1]), midway);
}

int
main(int argc, char **argv)
{
	int rounds, kills, i, v;
	int w_accept[2] = { 0 }, w_pay[2] = { 0 }, w_resolve[2] = { 0 }, w_buy = 0;
	int w_cancel[CANCEL_VARIANTS][3] = { { 0 } };
	struct order_ctx cx = { NULL, &conf, 0 };
	struct timespec t0, t1;
	const char *store;

	proc_name("order_race");
	if (argc != 4 || (strcmp(argv[1], "sqlite") != 0 && strcmp(argv[1], "pg") != 0))
		proc_die("usage", "order_race sqlite|pg ROUNDS KILLS");
	rounds = atoi(argv[2]);
	kills = atoi(argv[3]);
	if (rounds < 1 || kills < 0)
		proc_die("usage", "bad numbers");
	store = strcmp(argv[1], "pg") == 0 ? "postgresql" : "sqlite";
	log_init("order_race", LOG_LVL_WARN, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	testdb_create(strcmp(argv[1], "pg") == 0 ? TESTDB_PG : TESTDB_SQLITE, url, sizeof url);
	order_conf_defaults(&conf);
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	cx.db = proc_open(url);
	ofx_pairs_setup(cx.db, 2, MONEY, &fx);
	for (i = 0; i < rounds; i++) {
		round_accept(&cx, w_accept);
		ledger_ok(cx.db, "accept");
		for (v = 0; v < CANCEL_VARIANTS; v++) {
			round_cancel(&cx, v, w_cancel);
			ledger_ok(cx.db, "cancel");
		}
		round_pay(&cx, w_pay);
		ledger_ok(cx.db, "pay");
		round_buy(&cx, i, &w_buy);
		ledger_ok(cx.db, "buy");
		round_resolve(&cx, w_resolve);
		ledger_ok(cx.db, "resolve");
	}
	printf("%s: %d rounds each\n", store, rounds);
	printf("  accept vs auto-accept: buyer won %d, auto-accept won %d; one release each\n",
	       w_accept[0], w_accept[1]);
	printf("  cancel vs deliver (cancel first / delivered then cancelled / delivered, cancel"
	       " refused):\n    admin %d/%d/%d, mutual %d/%d/%d, late %d/%d/%d\n",
	       w_cancel[0][0], w_cancel[0][1], w_cancel[0][2], w_cancel[1][0], w_cancel[1][1],
	       w_cancel[1][2], w_cancel[2][0], w_cancel[2][1], w_cancel[2][2]);
	printf("  double pay: session 1 won %d, session 2 won %d; the other JS_ERR_STATE\n",
	       w_pay[0], w_pay[1]);
	printf("  double order-and-pay with one key: both clicks succeeded %d times, one"
	       " order paid once\n", w_buy);
	printf("  two admins: split won %d, refund won %d; the other JS_ERR_STATE\n",
	       w_resolve[0], w_resolve[1]);
	if (kills > 0)
		kill_cycles(cx.db, kills, MONEY);
	db_close(cx.db);
	testdb_drop(url);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("  %s in %.1f s\n", failures ? "FAILED" : "all checks passed",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return failures != 0;
}
