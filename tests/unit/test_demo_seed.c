/* test_demo_seed.c: unit tests for shared/demo_seed.c on both stores (content, the gig
 * catalogue, idempotence, moderation, ledger). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "demo_seed.h"
#include "err.h"
#include "gig.h"
#include "ledger.h"
#include "order.h"
#include "testdb.h"

#define DEMO_GIGS 200             /* rows in shared/demo_gigs_data.c */

struct fx {
	enum testdb_store store;
	struct db *db;
	char url[1024];
};

static struct fx fx_sqlite = { TESTDB_SQLITE, NULL, "" };
static struct fx fx_pg = { TESTDB_PG, NULL, "" };

static int
fx_setup(void **state)
{
	struct fx *f = *state;

	f->db = testdb_open_new(f->store, f->url, sizeof f->url);
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->db);
	f->db = NULL;
	testdb_drop(f->url);
	return 0;
}

static int64_t
count_rows(struct db *db, const char *sql, const char *arg)
{
	struct db_stmt *st;
	int64_t n;

	assert_int_equal(db_prepare(db, sql, &st), 0);
	if (arg != NULL)
		assert_int_equal(db_bind_text(st, 1, arg), 0);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_col_int64(st, 0);
	assert_int_equal(db_step(st), DB_DONE);
	return n;
}

static int64_t
user_id(struct db *db, const char *handle)
{
	struct db_stmt *st;
	int64_t id;

	assert_int_equal(db_prepare(db, "SELECT id FROM users WHERE handle = $1", &st), 0);
	assert_int_equal(db_bind_text(st, 1, handle), 0);
	assert_int_equal(db_step(st), DB_ROW);
	id = db_col_int64(st, 0);
	assert_int_equal(db_step(st), DB_DONE);
	return id;
}

static int64_t
available(struct db *db, const char *handle)
{
	int64_t acct = 0, bal = -1;

	assert_int_equal(ledger_account(db, "user", user_id(db, handle), "available", "CNY",
	    &acct), 0);
	assert_true(acct > 0);
	assert_int_equal(ledger_balance(db, acct, &bal), 0);
	return bal;
}

/* The gig catalogue: ~200 complete, valid, indexed gigs over every sub-category. */
static void
check_gigs(struct fx *f)
{
	struct gig_page *page = calloc(1, sizeof *page);
	struct gig_bad bad;
	struct db_stmt *st;
	int64_t ids[DEMO_GIGS], admin, n = 0;
	int64_t i;

	assert_non_null(page);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gigs", NULL), DEMO_GIGS);
	/* every sub-category has gigs to browse; every gig is complete */
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM categories c"
	    " WHERE c.parent_id IS NOT NULL AND (SELECT COUNT(*) FROM gigs g"
	    " WHERE g.category_id = c.id AND g.status = 'active') < 5", NULL), 0);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gigs g WHERE"
	    " NOT EXISTS (SELECT 1 FROM gig_tags t WHERE t.gig_id = g.id)"
	    " OR NOT EXISTS (SELECT 1 FROM gig_extras e WHERE e.gig_id = g.id)"
	    " OR NOT EXISTS (SELECT 1 FROM gig_requirements q WHERE q.gig_id = g.id)"
	    " OR NOT EXISTS (SELECT 1 FROM gig_faq q WHERE q.gig_id = g.id)", NULL), 0);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gigs g WHERE g.price_from <>"
	    " (SELECT MIN(price) FROM gig_packages k WHERE k.gig_id = g.id)"
	    " OR g.delivery_days_min <> (SELECT MIN(delivery_days) FROM gig_packages k"
	    " WHERE k.gig_id = g.id) OR g.published_at IS NULL", NULL), 0);
	/* several sellers with profiles, some English gigs, all indexed for search */
	assert_true(count_rows(f->db, "SELECT COUNT(DISTINCT g.seller_id) FROM gigs g"
	    " JOIN profiles p ON p.user_id = g.seller_id WHERE p.location <> ''", NULL) >= 15);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gigs WHERE title = $1",
	    "Custom web app with Go and Vue"), 1);
	assert_int_equal(count_rows(f->db, f->store == TESTDB_SQLITE ?
	    "SELECT COUNT(*) FROM gig_fts" : "SELECT COUNT(*) FROM gig_search", NULL),
	    DEMO_GIGS);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gigs WHERE pinyin = ''",
	    NULL), 0);
	assert_true(count_rows(f->db, "SELECT COUNT(*) FROM gig_trending", NULL) > 100);
	assert_true(count_rows(f->db, "SELECT COUNT(*) FROM reputation", NULL) >= 15);
	/* each one reads back as valid content */
	admin = user_id(f->db, "admin");
	assert_int_equal(db_prepare(f->db, "SELECT id FROM gigs ORDER BY id", &st), 0);
	while (n < DEMO_GIGS && db_step(st) == DB_ROW)
		ids[n++] = db_col_int64(st, 0);
	db_reset(st);
	for (i = 0; i < n; i++) {
		int r;

		assert_int_equal(gig_get(f->db, admin, ids[i], page), 0);
		assert_int_equal(page->c.pkg[2].present, 1);
		if ((r = gig_validate(&page->c, &bad)) != 0)
			fail_msg("gig %lld %s: %s field=%s", (long long)ids[i], page->c.title,
			    js_strerror(r), bad.field);
	}
	free(page);
}

static void
check_ledger(struct db *db)
{
	struct ledger_report rep;

	memset(&rep, 0xff, sizeof rep);
	assert_int_equal(ledger_check(db, &rep), 0);
	if (ledger_report_bad(&rep))
		fail_msg("ledger_check: unbalanced=%lld mismatch=%lld negative=%lld total=%lld"
		    " first_bad=%lld", (long long)rep.unbalanced_tx,
		    (long long)rep.balance_mismatch, (long long)rep.negative_accounts,
		    (long long)rep.total, (long long)rep.first_bad_id);
	assert_int_equal(rep.total, 0);
}

/* What the first run must have put in, checked again after the second. */
static void
check_content(struct db *db)
{
	static const char *const top[] = {
		"设计", "编程开发", "文案翻译", "营销推广", "视频音频", "商务咨询",
	};
	size_t i;

	assert_true(count_rows(db, "SELECT COUNT(*) FROM categories", NULL) >= 20);
	for (i = 0; i < sizeof top / sizeof top[0]; i++) {
		assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM categories"
		    " WHERE name_zh = $1 AND parent_id IS NULL", top[i]), 1);
		if (count_rows(db, "SELECT COUNT(*) FROM categories c JOIN categories p"
		    " ON c.parent_id = p.id WHERE p.name_zh = $1", top[i]) < 2)
			fail_msg("top-level category %s has fewer than 2 sub-categories", top[i]);
	}
	/* every category is a top-level one or the child of one */
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM categories c JOIN categories p"
	    " ON c.parent_id = p.id WHERE p.parent_id IS NOT NULL", NULL), 0);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM users WHERE handle = $1",
	    "zhangwei"), 1);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM users WHERE display_name = $1",
	    "张伟"), 1);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM users WHERE is_admin = 1", NULL),
	    1);
	assert_true(count_rows(db, "SELECT COUNT(*) FROM users WHERE is_freelancer = 1",
	    NULL) >= 2);
	/* every gig is active, has three packages and a seller who is a freelancer */
	assert_true(count_rows(db, "SELECT COUNT(*) FROM gigs", NULL) >= 3);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM gigs WHERE status <> 'active'",
	    NULL), 0);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM gigs g WHERE (SELECT COUNT(*)"
	    " FROM gig_packages k WHERE k.gig_id = g.id) <> 3", NULL), 0);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM gigs g JOIN users u"
	    " ON u.id = g.seller_id WHERE u.is_freelancer <> 1", NULL), 0);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM gigs WHERE title = $1",
	    "企业网站设计与开发"), 1);
	/* top-ups: zhangwei had 5000.00 yuan to spend, less what his demo orders took (none
	 * of his was refunded or split) */
	assert_int_equal(available(db, "zhangwei"), 500000 - count_rows(db, "SELECT"
	    " SUM(total) FROM orders WHERE paid_at IS NOT NULL AND buyer_id ="
	    " (SELECT id FROM users WHERE handle = $1)", "zhangwei"));
	assert_true(available(db, "zhangwei") > 0);
	assert_int_equal(available(db, "lihua"), 0);
	assert_int_equal(count_rows(db, "SELECT COUNT(*) FROM ledger_tx WHERE idem_key = $1",
	    "demo:topup:zhangwei"), 1);
}

/* The demo orders: every state of the life cycle, each with its money where it belongs. */
static void
check_orders(struct db *db)
{
	static const char *const extra[] = {
		/* in progress and late; cancelled after lateness (refunded in full) */
		"SELECT COUNT(*) FROM orders WHERE state = 'in_progress' AND is_late = 1",
		"SELECT COUNT(*) FROM orders WHERE state = 'cancelled' AND is_late = 1",
		/* a mutual cancellation: the request accepted by the other party */
		"SELECT COUNT(*) FROM cancellation_requests WHERE state = 'accepted'",
		/* completed and cleared (the seller's earnings available), and tipped */
		"SELECT COUNT(*) FROM orders WHERE state = 'completed' AND cleared_at IS NOT NULL"
		" AND seller_pending = 0",
		"SELECT COUNT(*) FROM tips",
		/* completed and still clearing */
		"SELECT COUNT(*) FROM orders WHERE state = 'completed' AND seller_pending > 0",
		/* an open dispute, and one split by the admin */
		"SELECT COUNT(*) FROM disputes d JOIN orders o ON o.id = d.order_id"
		" WHERE d.state = 'open' AND o.state = 'disputed'",
		"SELECT COUNT(*) FROM disputes d JOIN users u ON u.id = d.resolved_by"
		" WHERE d.state = 'resolved' AND d.resolution = 'split' AND u.is_admin = 1"
		" AND d.buyer_amount > 0 AND d.seller_amount > 0",
		/* a custom offer waiting for the buyer */
		"SELECT COUNT(*) FROM offers WHERE state = 'pending'",
		/* a milestone order part-way: one accepted, the next funded and in progress */
		"SELECT COUNT(*) FROM orders o WHERE o.payment_mode = 'milestones'"
		" AND o.state = 'in_progress' AND EXISTS (SELECT 1 FROM milestones m"
		" WHERE m.order_id = o.id AND m.state = 'accepted') AND EXISTS (SELECT 1"
		" FROM milestones m WHERE m.order_id = o.id AND m.state = 'funded')"
		" AND EXISTS (SELECT 1 FROM milestones m WHERE m.order_id = o.id"
		" AND m.state = 'pending')",
		/* the requirements answered on one order */
		"SELECT COUNT(DISTINCT order_id) FROM order_requirement_answers",
	};
	static const char *const money_wrong[] = {
		/* unpaid orders hold nothing; cancelled ones were refunded to the fen */
		"SELECT COUNT(*) FROM orders o JOIN ledger_accounts a ON a.owner_type = 'order'"
		" AND a.owner_id = o.id AND a.purpose = 'escrow' WHERE"
		" (o.state IN ('awaiting_payment', 'cancelled', 'completed') AND a.balance <> 0"
		"  AND o.payment_mode = 'single')"
		" OR (o.state IN ('awaiting_requirements', 'in_progress', 'delivered',"
		"  'revision_requested', 'disputed') AND o.payment_mode = 'single'"
		"  AND a.balance <> o.subtotal)",
		"SELECT COUNT(*) FROM orders WHERE state = 'awaiting_payment' AND paid_at IS NULL"
		" AND EXISTS (SELECT 1 FROM ledger_tx t WHERE t.ref_type = 'order'"
		" AND t.ref_id = orders.id)",
	};
	size_t i;
	int s;

	for (s = 0; s < ORDER_STATES; s++)
		if (count_rows(db, "SELECT COUNT(*) FROM orders WHERE state = $1",
		    order_state_name((enum order_state)s)) < 1)
			fail_msg("no demo order in state %s", order_state_name((enum order_state)s));
	for (i = 0; i < sizeof extra / sizeof extra[0]; i++)
		if (count_rows(db, extra[i], NULL) < 1)
			fail_msg("demo orders lack: %s", extra[i]);
	for (i = 0; i < sizeof money_wrong / sizeof money_wrong[0]; i++)
		assert_int_equal(count_rows(db, money_wrong[i], NULL), 0);
	/* lihua sells but was never cleared nor tipped; wangfang has earnings clearing */
	assert_int_equal(available(db, "lihua"), 0);
}

static void
test_seed_twice(void **state)
{
	struct fx *f = *state;
	struct demo_seed_stats s;
	int64_t users, gigs, cats, txs, packages, postings, orders, events, offers;

	memset(&s, 0xff, sizeof s);
	assert_int_equal(demo_seed(f->db, &s), 0);
	assert_true(s.categories >= 20);
	assert_true(s.users >= 4);
	assert_true(s.gigs >= 3);
	assert_true(s.topups >= 1);
	assert_true(s.orders >= ORDER_STATES);
	assert_int_equal(s.offers, 2);
	cats = count_rows(f->db, "SELECT COUNT(*) FROM categories", NULL);
	users = count_rows(f->db, "SELECT COUNT(*) FROM users", NULL);
	gigs = count_rows(f->db, "SELECT COUNT(*) FROM gigs", NULL);
	txs = count_rows(f->db, "SELECT COUNT(*) FROM ledger_tx", NULL);
	packages = count_rows(f->db, "SELECT COUNT(*) FROM gig_packages", NULL);
	postings = count_rows(f->db, "SELECT COUNT(*) FROM ledger_postings", NULL);
	orders = count_rows(f->db, "SELECT COUNT(*) FROM orders", NULL);
	offers = count_rows(f->db, "SELECT COUNT(*) FROM offers", NULL);
	events = count_rows(f->db, "SELECT COUNT(*) FROM order_events", NULL);
	/* the counts say what is in the database */
	assert_int_equal(cats, s.categories);
	assert_int_equal(users, s.users);
	assert_int_equal(gigs, s.gigs);
	assert_int_equal(orders, s.orders);
	assert_int_equal(offers, s.offers);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM ledger_tx WHERE kind = $1",
	    "topup"), s.topups);
	assert_true(txs > s.topups + 10);
	assert_int_equal(packages, 3 * gigs);
	check_content(f->db);
	check_gigs(f);
	check_orders(f->db);
	check_ledger(f->db);

	/* the second run inserts nothing */
	memset(&s, 0xff, sizeof s);
	assert_int_equal(demo_seed(f->db, &s), 0);
	assert_int_equal(s.categories, 0);
	assert_int_equal(s.users, 0);
	assert_int_equal(s.gigs, 0);
	assert_int_equal(s.topups, 0);
	assert_int_equal(s.orders, 0);
	assert_int_equal(s.offers, 0);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM orders", NULL), orders);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM offers", NULL), offers);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM order_events", NULL), events);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM categories", NULL), cats);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM users", NULL), users);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gigs", NULL), gigs);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gig_packages", NULL), packages);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM ledger_tx", NULL), txs);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM ledger_postings", NULL),
	    postings);
	check_content(f->db);
	check_orders(f->db);
	check_ledger(f->db);
}

/* Inside a caller's transaction the seed runs as a savepoint and commits with it. */
static int
seed_in_tx(struct db *db, void *ud)
{
	return demo_seed(db, ud);
}

static void
test_seed_in_outer_tx(void **state)
{
	struct fx *f = *state;
	struct demo_seed_stats s;

	memset(&s, 0, sizeof s);
	assert_int_equal(db_tx(f->db, seed_in_tx, &s), 0);
	assert_true(s.categories >= 20);
	check_content(f->db);
	check_ledger(f->db);
	assert_int_equal(db_tx(f->db, seed_in_tx, &s), 0);
	assert_int_equal(s.categories + s.users + s.gigs + s.topups + s.orders + s.offers, 0);
}

/* With moderation on the demo gigs are approved by the demo admin: still all active. */
static void
test_seed_with_moderation(void **state)
{
	struct fx *f = *state;
	struct demo_seed_stats s;

	assert_int_equal(db_exec(f->db, "INSERT INTO settings (key, value)"
	    " VALUES ('gigs.moderation', 'on')"), 0);
	assert_int_equal(demo_seed(f->db, &s), 0);
	assert_int_equal(s.gigs, DEMO_GIGS);
	check_content(f->db);
	assert_int_equal(count_rows(f->db, "SELECT COUNT(*) FROM gigs WHERE reviewed_by ="
	    " (SELECT id FROM users WHERE handle = $1)", "admin"), DEMO_GIGS);
}

#define T(fn, fx) cmocka_unit_test_prestate_setup_teardown(fn, fx_setup, fx_teardown, &fx)

int
main(void)
{
	const struct CMUnitTest on_sqlite[] = {
		T(test_seed_twice, fx_sqlite), T(test_seed_in_outer_tx, fx_sqlite),
		T(test_seed_with_moderation, fx_sqlite),
	};
	const struct CMUnitTest on_pg[] = {
		T(test_seed_twice, fx_pg), T(test_seed_in_outer_tx, fx_pg),
		T(test_seed_with_moderation, fx_pg),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("demo_seed/sqlite", on_sqlite, NULL, NULL);
	if (testdb_have_pg())
		failed += cmocka_run_group_tests_name("demo_seed/postgresql", on_pg, NULL, NULL);
	else
		printf("[  SKIPPED ] demo_seed/postgresql: JISHI_TEST_PG is not set\n");
	return failed != 0;
}
