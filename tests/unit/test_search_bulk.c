/* test_search_bulk.c: a bulk demo_gigs load on both stores: indexes rebuilt, durability
 * restored, search rows equal to search_index_gig's, price order by buckets equal to
 * sorting every match, relevance windows (id blocks on PostgreSQL) complete and ranked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "demo_gigs.h"
#include "demo_seed.h"
#include "err.h"
#include "fixture.h"
#include "search.h"
#include "search_impl.h"
#include "testdb.h"

static enum testdb_store store;
static struct db *db;
static char url[1024];

static void check_price_copy(void);

/* The names of the secondary indexes of gigs and their parts, one string. */
static void
index_names(char *out, size_t len)
{
	struct db_stmt *st;
	size_t k = 0;

	assert_int_equal(db_prepare(db, store == TESTDB_PG ?
	    "SELECT indexname FROM pg_indexes WHERE tablename IN ('gigs', 'gig_packages',"
	    " 'gig_tags') ORDER BY indexname" :
	    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('gigs',"
	    " 'gig_packages', 'gig_tags') ORDER BY name", &st), 0);
	out[0] = '\0';
	while (db_step(st) == DB_ROW)
		k += (size_t)snprintf(out + k, len - k, "%s ", db_col_text(st, 0));
	db_reset(st);
	assert_true(k < len);
}

static int
setup(void **state)
{
	struct demo_seed_stats ds;
	struct demo_gigs_stats gs;
	char before[4096], after[4096];
	struct db_stmt *st;

	(void)state;
	db = testdb_open_new(store, url, sizeof url);
	assert_int_equal(demo_seed(db, &ds), 0);
	assert_int_equal(search_reindex_all(db, NULL), 0);
	index_names(before, sizeof before);
	assert_true(strstr(before, "gigs_active_price") != NULL);
	assert_int_equal(demo_gigs(db, DEMO_GIGS_BULK, 7, &gs), 0);
	assert_int_equal(gs.gigs, DEMO_GIGS_BULK);
	index_names(after, sizeof after);
	assert_string_equal(before, after);
	if (store == TESTDB_PG) {
		/* search_price_reorder: the table lies in price order after a bulk load (each
		 * batch alone was sorted, and the demo's own gigs came first) */
		assert_int_equal(db_prepare(db, "SELECT count(*) FROM (SELECT price, lag(price)"
		    " OVER (ORDER BY ctid) AS prev FROM gig_search_price) x WHERE price < prev",
		    &st), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int64(st, 0), 0);
		db_reset(st);
		/* db_bulk_end vacuumed and analyzed every loaded table (index-only walks) */
		assert_int_equal(db_prepare(db, "SELECT count(*) FROM pg_stat_user_tables WHERE"
		    " relname IN ('gigs', 'gig_packages', 'gig_tags', 'gig_search',"
		    " 'gig_search_price') AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL",
		    &st), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int64(st, 0), 5);
		db_reset(st);
	}
	if (store == TESTDB_SQLITE) {
		assert_int_equal(db_prepare(db, "PRAGMA synchronous", &st), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int64(st, 0), 2);    /* FULL again */
		db_reset(st);
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	search_tune(0, 0, 0, 0);
	db_close(db);
	testdb_drop(url);
	return 0;
}

/* Up to max ids of query q in order s, in pages of `page`. */
static size_t
ids_of(const char *q, const struct search_filter *f, enum search_sort s, size_t page,
    int64_t *ids, size_t max)
{
	struct search_hit h[20];
	char cur[SEARCH_CURSOR_MAX] = "", next[SEARCH_CURSOR_MAX];
	size_t n, i, got = 0;
	int calls = 0;

	do {
		assert_int_equal(search_gigs(db, q, f, s, cur, h, page, &n, next, sizeof next), 0);
		for (i = 0; i < n && got < max; i++)
			ids[got++] = h[i].gig_id;
		snprintf(cur, sizeof cur, "%s", next);
		assert_true(++calls < 2000);
	} while (cur[0] != '\0' && got < max);
	return got;
}

static int
reindex_tx(struct db *d, void *ud)
{
	return search_index_gig(d, *(int64_t *)ud);
}

static int
unindex_tx(struct db *d, void *ud)
{
	return search_unindex_gig(d, *(int64_t *)ud);
}

/* Move some gigs to another price (reindexed) and take some out, as edits do. */
static void
edit_prices(void)
{
	struct db_stmt *st;
	int64_t ids[40];
	size_t n = 0, i;

	assert_int_equal(db_prepare(db, "SELECT id FROM gigs WHERE status = 'active'"
	    " ORDER BY id DESC LIMIT 40", &st), 0);
	while (n < 40 && db_step(st) == DB_ROW)
		ids[n++] = db_col_int64(st, 0);
	db_reset(st);
	assert_int_equal(n, 40);
	for (i = 0; i < n; i++) {
		if (i % 4 == 3) {
			assert_int_equal(db_prepare(db, "UPDATE gigs SET status = 'paused'"
			    " WHERE id = $1", &st), 0);
			assert_int_equal(db_bind_int64(st, 1, ids[i]), 0);
			assert_int_equal(db_step_done(st), 0);
			assert_int_equal(db_tx(db, unindex_tx, &ids[i]), 0);
			continue;
		}
		assert_int_equal(db_prepare(db, "UPDATE gigs SET price_from = $2 WHERE id = $1",
		    &st), 0);
		assert_int_equal(db_bind_int64(st, 1, ids[i]), 0);
		assert_int_equal(db_bind_int64(st, 2, i % 2 ? 100 + (int64_t)i : 5000000 + (int64_t)i),
		    0);
		assert_int_equal(db_step_done(st), 0);
		assert_int_equal(db_tx(db, reindex_tx, &ids[i]), 0);
		assert_int_equal(db_tx(db, reindex_tx, &ids[i]), 0);    /* twice: no change */
	}
}

static void
test_price_buckets_agree(void **state)
{
	static const char *const queries[] = { "设计", "小程序", "logo", "翻译" };
	struct search_filter f = { 0 };
	int64_t a[120], b[120];
	size_t q, na, nb, i;
	int s, pass;

	(void)state;
	edit_prices();
	check_price_copy();                         /* moved and removed with the edits */
	for (pass = 0; pass < 2; pass++) {
		f.price_min = pass ? 30000 : 0;
		f.price_max = pass ? 900000 : 0;
		for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
			for (s = SEARCH_SORT_PRICE_ASC; s <= SEARCH_SORT_PRICE_DESC; s++) {
				/* every match sorted, against bucket by bucket */
				search_tune(0, 1000000, 0, 0);
				na = ids_of(queries[q], &f, (enum search_sort)s, 20, a, 120);
				search_tune(0, 2, 0, 0);
				nb = ids_of(queries[q], &f, (enum search_sort)s, 7, b, 120);
				assert_true(na > 0);
				assert_int_equal(na, nb);
				for (i = 0; i < na; i++)
					if (a[i] != b[i])
						fail_msg("%s sort %d #%zu: %lld, buckets %lld", queries[q], s,
						    i, (long long)a[i], (long long)b[i]);
			}
		}
	}
}

static int
cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* Where id is in ids (n of them); -1 if not there. */
static long
pos_of(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return (long)i;
	return -1;
}

/*
 * Relevance over many matches, in windows: every match exactly once whatever the page
 * size; on PostgreSQL the windows are id blocks (search_impl.h), the newest first, each
 * ranked exactly as ranking every match at once ranks them.
 */
static void
test_relevance_windows(void **state)
{
	static const char *const queries[] = { "设计", "小程序", "logo", "开发", "sheji" };
	static int64_t all[3000], a[3000], b[3000], sa[3000];
	size_t q, n, na, nb, i;

	(void)state;
	for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		search_tune(3000, 1000000, 0, 0);       /* one window: every match ranked */
		n = ids_of(queries[q], NULL, SEARCH_SORT_RELEVANCE, 20, all, 3000);
		search_tune(0, 2, 0, 0);                /* windows (blocks on PostgreSQL) */
		na = ids_of(queries[q], NULL, SEARCH_SORT_RELEVANCE, 20, a, 3000);
		nb = ids_of(queries[q], NULL, SEARCH_SORT_RELEVANCE, 7, b, 3000);
		if (n <= 20 || n >= 3000)
			fail_msg("%s: %zu matches", queries[q], n);
		assert_int_equal(na, n);
		assert_int_equal(nb, n);
		for (i = 0; i < n; i++)
			assert_int_equal(a[i], b[i]);
		memcpy(sa, a, n * sizeof sa[0]);
		qsort(sa, n, sizeof sa[0], cmp_id);
		for (i = 1; i < n; i++)
			assert_true(sa[i] != sa[i - 1]);        /* each once */
		for (i = 0; i < n; i++)
			assert_true(pos_of(all, n, a[i]) >= 0); /* and every match */
		if (store != TESTDB_PG)
			continue;
		for (i = 1; i < n; i++) {
			int64_t b0 = a[i - 1] >> SEARCH_BLOCK_SHIFT, b1 = a[i] >> SEARCH_BLOCK_SHIFT;

			assert_true(b0 >= b1);
			if (b0 == b1 && pos_of(all, n, a[i - 1]) > pos_of(all, n, a[i]))
				fail_msg("%s: %lld before %lld in block %lld", queries[q],
				    (long long)a[i - 1], (long long)a[i], (long long)b0);
		}
		assert_true((a[0] >> SEARCH_BLOCK_SHIFT) > (a[n - 1] >> SEARCH_BLOCK_SHIFT));
	}
	search_tune(0, 0, 0, 0);
}

/* A gig's search row, pinyin and suggestion-term total, as one string. */
static void
row_of(int64_t id, char *out, size_t len)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(db, store == TESTDB_PG ?
	    "SELECT s.tokens::text || '|' || s.terms || '|' || g.pinyin || '|' ||"
	    " g.pinyin_initials || '|' || g.search_price || '|' ||"
	    " (SELECT sum(gigs) FROM search_terms) || '|' || (SELECT p.price || ' ' ||"
	    " p.tokens::text FROM gig_search_price p WHERE p.gig_id = s.gig_id)"
	    " FROM gig_search s JOIN gigs g ON g.id = s.gig_id WHERE s.gig_id = $1" :
	    "SELECT f.title || '|' || f.extra || '|' || f.terms || '|' || g.pinyin || '|' ||"
	    " g.pinyin_initials || '|' || g.search_price || '|' ||"
	    " (SELECT sum(gigs) FROM search_terms) FROM gig_fts f JOIN gigs g ON g.id = f.rowid"
	    " WHERE f.rowid = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, len, "%s", db_col_text(st, 0));
	db_reset(st);
}

/*
 * PostgreSQL: gig_search_price holds exactly the rows of gig_search, with the price the
 * gig was indexed at (gigs.search_price); nothing on SQLite.
 */
static void
check_price_copy(void)
{
	struct db_stmt *st;

	if (store != TESTDB_PG)
		return;
	assert_int_equal(db_prepare(db, "SELECT (SELECT count(*) FROM gig_search s"
	    " JOIN gigs g ON g.id = s.gig_id LEFT JOIN gig_search_price p ON p.gig_id = s.gig_id"
	    " WHERE p.gig_id IS NULL OR p.tokens <> s.tokens OR p.price <> g.search_price)"
	    " + (SELECT count(*) FROM gig_search_price p WHERE NOT EXISTS (SELECT 1 FROM"
	    " gig_search s WHERE s.gig_id = p.gig_id)), (SELECT count(*) FROM gig_search_price)",
	    &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 0);
	assert_true(db_col_int64(st, 1) >= DEMO_GIGS_BULK / 2);
	db_reset(st);
}

/* The bulk path writes what search_index_gig writes: reindexing changes nothing. */
static void
test_bulk_rows_equal_reindexed(void **state)
{
	char before[8192], after[8192];
	struct db_stmt *st;
	int64_t ids[64];
	size_t n = 0, i;

	(void)state;
	assert_int_equal(db_prepare(db, "SELECT id FROM gigs WHERE status = 'active'"
	    " ORDER BY id DESC LIMIT 64", &st), 0);
	while (n < 64 && db_step(st) == DB_ROW)
		ids[n++] = db_col_int64(st, 0);
	db_reset(st);
	assert_int_equal(n, 64);
	check_price_copy();
	for (i = 0; i < n; i++) {
		row_of(ids[i], before, sizeof before);
		assert_int_equal(db_tx(db, reindex_tx, &ids[i]), 0);
		row_of(ids[i], after, sizeof after);
		assert_string_equal(before, after);
	}
	check_price_copy();
}

/* gig_search_price rows out of price order in table order (PostgreSQL). */
static int64_t
price_disorder(struct db *d)
{
	struct db_stmt *st;
	int64_t n;

	assert_int_equal(db_prepare(d, "SELECT count(*) FROM (SELECT price, lag(price)"
	    " OVER (ORDER BY ctid) AS prev FROM gig_search_price) x WHERE price < prev", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_col_int64(st, 0);
	db_reset(st);
	return n;
}

/* Every row of gig_search_price, one digest, as connection d sees it. */
static void
price_digest(struct db *d, char *out, size_t len)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(d, "SELECT md5(string_agg(gig_id || ':' || price || ':' ||"
	    " CAST(tokens AS text), ',' ORDER BY gig_id)) FROM gig_search_price", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, len, "%s", db_col_text(st, 0));
	db_reset(st);
}

static void
exec_id(struct db *d, const char *sql, int64_t id)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(d, sql, &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step_done(st), 0);
}

static int
rebuild_tx(struct db *d, void *ud)
{
	int *rebuilt = ud;

	return search_price_rebuild(d, 0, rebuilt);
}

/*
 * PostgreSQL: search_price_rebuild rewrites gig_search_price in price order only when
 * the order has decayed, and online: rows another connection changes, deletes and adds
 * between the copy and the swap are all in the result, which keeps the table's names,
 * keys and options. SQLite: nothing to do.
 */
static void
test_price_rebuild(void **state)
{
	static const char *const names = "gig_search_price_gig_id_fkey f gig_search_price_pkey p"
	    " gig_search_price_tokens i ";
	char err[256], want[64], got[64], have[512];
	struct db *other = NULL;
	struct db_stmt *st;
	int64_t since, x, y, z;
	size_t k = 0;
	int rebuilt = -1;

	(void)state;
	assert_int_equal(db_tx(db, rebuild_tx, &rebuilt), 0);
	assert_int_equal(rebuilt, 0);                 /* in order after the bulk load */
	if (store != TESTDB_PG)
		return;
	/* not outside a transaction: each step would commit alone */
	assert_int_equal(search_price_rebuild(db, 1, &rebuilt), JS_ERR_INVALID);
	assert_int_equal(rebuilt, 0);
	edit_prices();                                /* edited rows land at the end */
	assert_true(price_disorder(db) > 0);
	x = tfx_int(db, "SELECT min(gig_id) FROM gig_search_price");
	y = tfx_int(db, "SELECT max(gig_id) FROM gig_search_price");
	z = tfx_int(db, "SELECT min(gig_id) FROM gig_search_price WHERE gig_id > "
	    "(SELECT min(gig_id) FROM gig_search_price)");
	assert_int_equal(db_open(url, &other, err, sizeof err), 0);
	assert_int_equal(db_exec(other, "CREATE TABLE keep AS SELECT * FROM gig_search_price"), 0);
	exec_id(other, "DELETE FROM gig_search_price WHERE gig_id = $1", z);   /* before */
	assert_int_equal(db_exec(db, "BEGIN"), 0);
	assert_int_equal(search_price_rebuild_copy(db, &since), 0);
	/* after the copy, committed: a changed row, a deleted one, one added back */
	exec_id(other, "UPDATE gig_search_price SET price = price + 1 WHERE gig_id = $1", x);
	exec_id(other, "DELETE FROM gig_search_price WHERE gig_id = $1", y);
	exec_id(other, "INSERT INTO gig_search_price SELECT * FROM keep WHERE gig_id = $1", z);
	price_digest(other, want, sizeof want);
	assert_int_equal(search_price_rebuild_swap(db, since), 0);
	assert_int_equal(db_exec(db, "COMMIT"), 0);
	price_digest(db, got, sizeof got);
	assert_string_equal(got, want);
	assert_true(price_disorder(db) <= 2);         /* the two carried over, at the end */
	assert_int_equal(db_prepare(db, "SELECT conname || ' ' || CAST(contype AS text) FROM pg_constraint"
	    " WHERE conrelid = CAST('gig_search_price' AS regclass) AND convalidated UNION ALL"
	    " SELECT indexname || ' i' FROM pg_indexes WHERE tablename = 'gig_search_price'"
	    " AND indexdef LIKE '%USING gin (tokens)' ORDER BY 1", &st), 0);
	while (db_step(st) == DB_ROW)
		k += (size_t)snprintf(have + k, sizeof have - k, "%s ", db_col_text(st, 0));
	db_reset(st);
	assert_string_equal(have, names);
	assert_int_equal(tfx_int(db, "SELECT count(*) FROM pg_class WHERE relname LIKE"
	    " 'gig_search_price%' AND relname NOT IN ('gig_search_price',"
	    " 'gig_search_price_pkey', 'gig_search_price_tokens')"), 0);
	assert_int_equal(tfx_int(db, "SELECT count(*) FROM pg_class WHERE relname ="
	    " 'gig_search_price' AND 'parallel_workers=0' = ANY (reloptions)"), 1);
	assert_int_equal(tfx_int(db, "SELECT count(*) FROM pg_constraint WHERE conname ="
	    " 'gig_search_price_gig_id_fkey' AND confdeltype = 'c'"), 1);
	/* back as the indexer left it, and consistent again */
	exec_id(other, "UPDATE gig_search_price SET price = price - 1 WHERE gig_id = $1", x);
	exec_id(other, "INSERT INTO gig_search_price SELECT * FROM keep WHERE gig_id = $1", y);
	assert_int_equal(db_exec(other, "DROP TABLE keep"), 0);
	db_close(other);
	check_price_copy();
	/* a few rows out of place: left alone; a fifth of them: rewritten */
	assert_int_equal(db_tx(db, rebuild_tx, &rebuilt), 0);
	assert_int_equal(rebuilt, 0);
	assert_int_equal(db_exec(db, "WITH d AS (DELETE FROM gig_search_price WHERE"
	    " gig_id % 5 = 0 RETURNING *) INSERT INTO gig_search_price SELECT * FROM d"
	    " ORDER BY gig_id"), 0);
	assert_true(price_disorder(db) > 100);
	assert_int_equal(db_tx(db, rebuild_tx, &rebuilt), 0);
	assert_int_equal(rebuilt, 1);
	assert_int_equal(price_disorder(db), 0);
	check_price_copy();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bulk_rows_equal_reindexed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_price_buckets_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relevance_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_price_rebuild, setup, teardown),
	};
	int failed;

	if (search_init() != 0) {
		fprintf(stderr, "test_search_bulk: ICU is missing\n");
		return 1;
	}
	store = TESTDB_SQLITE;
	failed = cmocka_run_group_tests_name("search_bulk/sqlite", tests, NULL, NULL);
	if (testdb_have_pg()) {
		store = TESTDB_PG;
		failed += cmocka_run_group_tests_name("search_bulk/postgresql", tests, NULL, NULL);
	}
	search_cleanup();
	return failed != 0;
}
