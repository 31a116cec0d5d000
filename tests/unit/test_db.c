/* test_db.c: unit tests for shared/db*.c on SQLite and PostgreSQL (binding, errors, transactions). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_impl.h"
#include "err.h"
#include "fixture.h"
#include "migrate.h"
#include "testdb.h"

/* Preprocessed like a migration so that @BLOB@ fits either store. */
static const char scratch_sql[] =
    "CREATE TABLE scratch (\n"
    "  id BIGINT PRIMARY KEY,\n"
    "  n BIGINT,\n"
    "  s TEXT,\n"
    "  b @BLOB@,\n"
    "  u TEXT UNIQUE,\n"
    "  c BIGINT CHECK (c >= 0),\n"
    "  xfor BIGINT\n"
    ");\n"
    "CREATE TABLE scratch_parent (id BIGINT PRIMARY KEY);\n"
    "CREATE TABLE scratch_child (\n"
    "  id BIGINT PRIMARY KEY,\n"
    "  parent_id BIGINT NOT NULL REFERENCES scratch_parent(id)\n"
    ");\n"
    "INSERT INTO scratch_parent (id) VALUES (1);\n";

/* One test's database: a fresh migrated store (struct tfx) plus the scratch tables. */
static int
fx_setup(void **state)
{
	struct tfx *f;
	char *sql = NULL;
	int r;

	tfx_setup(state);
	f = *state;
	if ((r = migrate_preprocess(scratch_sql, db_dialect(f->db), &sql)) != 0)
		return -1;
	r = db_exec(f->db, sql);
	free(sql);
	if (r != 0) {
		fprintf(stderr, "scratch tables: %s\n", db_errmsg(f->db));
		return -1;
	}
	return 0;
}

/* ---- helpers ---- */

static int
put_row(struct db *db, int64_t id, int64_t n)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO scratch (id, n) VALUES ($1, $2)", &st)) != 0 ||
	    (r = db_bind_int64(st, 1, id)) != 0 || (r = db_bind_int64(st, 2, n)) != 0)
		return r;
	return db_step_done(st);
}

static int64_t
row_exists(struct db *db, int64_t id)
{
	return tfx_int1(db, "SELECT COUNT(*) FROM scratch WHERE id = $1", id);
}

static int64_t
get_n(struct db *db, int64_t id)
{
	return tfx_int1(db, "SELECT n FROM scratch WHERE id = $1", id);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- store-independent: opening and the SQL translator ---- */

static void
test_open_bad_urls(void **state)
{
	static const char *const bad[] = {
		"", "sqlite:", "sqlite", "SQLITE:/tmp/x.db", "/tmp/x.db", "mysql://localhost/x",
		"postgres:/x", "postgres:", "pg://localhost/x", "file:/tmp/x.db",
	};
	struct db *db;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		db = NULL;
		err[0] = '\0';
		assert_int_equal(db_open(bad[i], &db, err, sizeof err), JS_ERR_INVALID);
		assert_null(db);
		assert_true(strlen(err) > 0);
	}
	db_close(NULL);   /* a no-op */
}

static void
test_open_unreachable(void **state)
{
	static const char *const urls[] = {
		/* nothing listens on a socket in a directory that does not exist */
		"postgresql:///jishi?host=/nonexistent-jishi-dir&port=5432",
		"postgres://127.0.0.1:1/jishi?connect_timeout=3",
		"sqlite:/nonexistent-jishi-dir/sub/jishi.db",
		"sqlite:/tmp",    /* a directory */
	};
	struct db *db;
	char err[512];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		db = NULL;
		err[0] = '\0';
		r = db_open(urls[i], &db, err, sizeof err);
		assert_true(r < 0);
		assert_int_equal(r, JS_ERR_DB);
		assert_null(db);
		assert_true(strlen(err) > 0);
		if (strncmp(urls[i], "sqlite:", 7) == 0)
			assert_non_null(strstr(err, "sqlite"));
		else
			assert_non_null(strstr(err, "postgres"));
	}
}

struct xlate_case {
	const char *in, *out;
};

static const struct xlate_case xlate_cases[] = {
	{ "", "" },
	{ "SELECT 1", "SELECT 1" },
	{ "SELECT $1", "SELECT ?1" },
	{ "SELECT a FROM t WHERE b = $2 AND c = $10 AND d = $1",
	  "SELECT a FROM t WHERE b = ?2 AND c = ?10 AND d = ?1" },
	{ "INSERT INTO t (a, b) VALUES ($2, $1)", "INSERT INTO t (a, b) VALUES (?2, ?1)" },
	{ "SELECT a-$1,($1)", "SELECT a-?1,(?1)" },
	/* not placeholders */
	{ "SELECT $, $a, $$", "SELECT $, $a, $$" },
	/* string literals are copied whole */
	{ "SELECT '$1', $1", "SELECT '$1', ?1" },
	{ "SELECT 'it''s $1', $2", "SELECT 'it''s $1', ?2" },
	{ "SELECT '', $1, ''''", "SELECT '', ?1, ''''" },
	{ "SELECT 'a -- $1' || $1", "SELECT 'a -- $1' || ?1" },
	{ "SELECT 'abc $1", "SELECT 'abc $1" },              /* unterminated */
	/* quoted identifiers too */
	{ "SELECT \"$1\" FROM \"t\"\"$2\" WHERE x = $3",
	  "SELECT \"$1\" FROM \"t\"\"$2\" WHERE x = ?3" },
	{ "SELECT \"FOR UPDATE\" FROM t", "SELECT \"FOR UPDATE\" FROM t" },
	/* comments run to the end of the line */
	{ "SELECT 1 -- trailing $1", "SELECT 1 -- trailing $1" },
	{ "SELECT 1 -- $1 FOR UPDATE don't\nFROM t WHERE a = $1",
	  "SELECT 1 -- $1 FOR UPDATE don't\nFROM t WHERE a = ?1" },
	{ "INSERT INTO t (a, b) VALUES ($2, $1) -- $3\n RETURNING id",
	  "INSERT INTO t (a, b) VALUES (?2, ?1) -- $3\n RETURNING id" },
	/* FOR UPDATE clauses are dropped */
	{ "SELECT id FROM t WHERE id = $1 FOR UPDATE", "SELECT id FROM t WHERE id = ?1 " },
	{ "SELECT id FROM t LIMIT 1 FOR UPDATE SKIP LOCKED", "SELECT id FROM t LIMIT 1 " },
	{ "SELECT id FROM t WHERE a = 1 FOR UPDATE NOWAIT;", "SELECT id FROM t WHERE a = 1 ;" },
	{ "select id from t for update nowait", "select id from t " },
	{ "SELECT id FROM t FOR\n  UPDATE\tSKIP   LOCKED", "SELECT id FROM t " },
	{ "SELECT id FROM t WHERE id = $1 FOR UPDATE\nORDER BY 1",
	  "SELECT id FROM t WHERE id = ?1 \nORDER BY 1" },
	{ "FOR UPDATE", "" },
	/* ... but only as whole keywords outside quotes */
	{ "SELECT 'FOR UPDATE' FROM t", "SELECT 'FOR UPDATE' FROM t" },
	{ "SELECT 'x FOR UPDATE NOWAIT' FROM t WHERE a = $1 FOR UPDATE",
	  "SELECT 'x FOR UPDATE NOWAIT' FROM t WHERE a = ?1 " },
	{ "SELECT xfor FROM t WHERE xfor = $1 FOR UPDATE",
	  "SELECT xfor FROM t WHERE xfor = ?1 " },
	{ "SELECT forupdate, for_update, fore FROM t", "SELECT forupdate, for_update, fore FROM t" },
	{ "SELECT 1 FOR SHARE", "SELECT 1 FOR SHARE" },
	{ "UPDATE t SET a = $1 WHERE b = $2", "UPDATE t SET a = ?1 WHERE b = ?2" },
	{ "CREATE TRIGGER x BEFORE UPDATE ON t", "CREATE TRIGGER x BEFORE UPDATE ON t" },
};

static void
test_sql_for_sqlite(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof xlate_cases / sizeof xlate_cases[0]; i++) {
		char *out = db_sql_for_sqlite(xlate_cases[i].in);

		assert_non_null(out);
		if (strcmp(out, xlate_cases[i].out) != 0)
			fail_msg("case %zu: \"%s\" -> \"%s\", want \"%s\"", i, xlate_cases[i].in,
			    out, xlate_cases[i].out);
		free(out);
	}
}

/* ---- per store: values ---- */

static void
test_int64_values(void **state)
{
	static const int64_t vals[] = {
		INT64_MIN, INT64_MIN + 1, -1000000000000000, -42, -1, 0, 1, 42,
		INT64_C(4294967296), 1000000000000000, INT64_MAX - 1, INT64_MAX,
	};
	struct tfx *f = *state;
	struct db_stmt *st;
	size_t i;

	for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
		assert_int_equal(put_row(f->db, (int64_t)i + 1, vals[i]), 0);
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		assert_true(get_n(f->db, (int64_t)i + 1) == vals[i]);
		/* bound values compare correctly in SQL, extremes included */
		assert_int_equal(db_prepare(f->db, "SELECT id FROM scratch WHERE n = $1", &st), 0);
		assert_int_equal(db_bind_int64(st, 1, vals[i]), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int64(st, 0), (int64_t)i + 1);
		assert_int_equal(db_step(st), DB_DONE);
	}
	/* ordered as numbers */
	assert_int_equal(db_prepare(f->db, "SELECT n FROM scratch ORDER BY n", &st), 0);
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_false(db_col_is_null(st, 0));
		assert_true(db_col_int64(st, 0) == vals[i]);
	}
	assert_int_equal(db_step(st), DB_DONE);

	/* NULL reads as 0 and is reported as NULL */
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch (id, n) VALUES ($1, $2)", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 100), 0);
	assert_int_equal(db_bind_null(st, 2), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_prepare(f->db, "SELECT n, id FROM scratch WHERE id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 100), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_count(st), 2);
	assert_true(db_col_is_null(st, 0));
	assert_int_equal(db_col_int64(st, 0), 0);
	assert_false(db_col_is_null(st, 1));
	assert_int_equal(db_col_int64(st, 1), 100);
	db_reset(st);
}

static void
put_text(struct db *db, int64_t id, const char *s)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(db, "INSERT INTO scratch (id, s) VALUES ($1, $2)", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_bind_text(st, 2, s), 0);
	assert_int_equal(db_step_done(st), 0);
}

static void
test_text_values(void **state)
{
	struct tfx *f = *state;
	struct db_stmt *st;
	const char *tricky = "it's \"$1\" -- FOR UPDATE ?1 \\ \xe2\x82\xac";
	char *longtext;
	size_t i;

	longtext = malloc(3 * 5000 + 1);
	assert_non_null(longtext);
	for (i = 0; i < 5000; i++)
		memcpy(longtext + 3 * i, "市", 3);
	longtext[3 * 5000] = '\0';

	put_text(f->db, 1, "集市");
	put_text(f->db, 2, "");
	put_text(f->db, 3, NULL);
	put_text(f->db, 4, longtext);
	put_text(f->db, 5, tricky);

	assert_int_equal(db_prepare(f->db, "SELECT s, length(s) FROM scratch WHERE id = $1",
	    &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 1), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_false(db_col_is_null(st, 0));
	assert_string_equal(db_col_text(st, 0), "集市");
	assert_int_equal(db_col_int64(st, 1), 2);         /* characters, not bytes */
	assert_int_equal(db_step(st), DB_DONE);

	assert_int_equal(db_prepare(f->db, "SELECT s, length(s) FROM scratch WHERE id = $1",
	    &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 2), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_false(db_col_is_null(st, 0));             /* '' is not NULL */
	assert_non_null(db_col_text(st, 0));
	assert_string_equal(db_col_text(st, 0), "");
	assert_int_equal(db_col_int64(st, 1), 0);
	db_reset(st);

	assert_int_equal(db_prepare(f->db, "SELECT s, length(s) FROM scratch WHERE id = $1",
	    &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 3), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_is_null(st, 0));
	assert_null(db_col_text(st, 0));
	assert_true(db_col_is_null(st, 1));
	db_reset(st);

	assert_int_equal(db_prepare(f->db, "SELECT s, length(s) FROM scratch WHERE id = $1",
	    &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 4), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), longtext);
	assert_int_equal(db_col_int64(st, 1), 5000);
	db_reset(st);

	/* a bound value is data: nothing in it is translated */
	assert_int_equal(db_prepare(f->db, "SELECT id FROM scratch WHERE s = $1", &st), 0);
	assert_int_equal(db_bind_text(st, 1, tricky), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 5);
	assert_int_equal(db_step(st), DB_DONE);

	/* Chinese text compares equal through a parameter */
	assert_int_equal(db_prepare(f->db, "SELECT id FROM scratch WHERE s = $1", &st), 0);
	assert_int_equal(db_bind_text(st, 1, "集市"), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	db_reset(st);
	free(longtext);
}

static void
put_blob(struct db *db, int64_t id, const void *p, size_t n)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(db, "INSERT INTO scratch (id, b) VALUES ($1, $2)", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_bind_blob(st, 2, p, n), 0);
	assert_int_equal(db_step_done(st), 0);
}

static void
check_blob(struct db *db, int64_t id, const void *p, size_t n)
{
	struct db_stmt *st;
	const void *got;
	size_t len = 12345;

	assert_int_equal(db_prepare(db, "SELECT b, length(b) FROM scratch WHERE id = $1", &st),
	    0);
	assert_int_equal(db_bind_int64(st, 1, id), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_false(db_col_is_null(st, 0));
	got = db_col_blob(st, 0, &len);
	assert_int_equal(len, n);
	if (n > 0)
		assert_memory_equal(got, p, n);
	assert_int_equal(db_col_int64(st, 1), (int64_t)n);
	assert_int_equal(db_step(st), DB_DONE);
}

static void
test_blob_values(void **state)
{
	static const unsigned char nuls[] = { 0, 1, 0, 'x', 0, 0, 0xff, 0x80, '\\', 0 };
	struct tfx *f = *state;
	struct db_stmt *st;
	unsigned char all[256], *big;
	const void *got;
	size_t i, len = 99, bign = 100000;

	for (i = 0; i < sizeof all; i++)
		all[i] = (unsigned char)i;
	big = malloc(bign);
	assert_non_null(big);
	for (i = 0; i < bign; i++)
		big[i] = (unsigned char)(i * 7 + i / 256);

	put_blob(f->db, 1, nuls, sizeof nuls);
	put_blob(f->db, 2, all, sizeof all);
	put_blob(f->db, 3, "", 0);
	put_blob(f->db, 4, big, bign);
	check_blob(f->db, 1, nuls, sizeof nuls);
	check_blob(f->db, 2, all, sizeof all);
	check_blob(f->db, 3, "", 0);
	check_blob(f->db, 4, big, bign);

	/* a NULL blob */
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch (id, b) VALUES ($1, $2)", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 5), 0);
	assert_int_equal(db_bind_null(st, 2), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_prepare(f->db, "SELECT b FROM scratch WHERE id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 5), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_is_null(st, 0));
	got = db_col_blob(st, 0, &len);
	assert_null(got);
	assert_int_equal(len, 0);
	db_reset(st);

	/* a blob compares equal through a parameter, embedded NULs and all */
	assert_int_equal(db_prepare(f->db, "SELECT id FROM scratch WHERE b = $1", &st), 0);
	assert_int_equal(db_bind_blob(st, 1, nuls, sizeof nuls), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	assert_int_equal(db_step(st), DB_DONE);
	free(big);
}

static void
test_placeholders(void **state)
{
	struct tfx *f = *state;
	struct db_stmt *st;

	/* $2 before $1 */
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch (id, n, s) VALUES ($2, $1, $3)",
	    &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 111), 0);
	assert_int_equal(db_bind_int64(st, 2, 7), 0);
	assert_int_equal(db_bind_text(st, 3, "seven"), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(get_n(f->db, 7), 111);

	assert_int_equal(db_prepare(f->db, "SELECT s FROM scratch WHERE id = $2 AND n = $1", &st),
	    0);
	assert_int_equal(db_bind_int64(st, 1, 111), 0);
	assert_int_equal(db_bind_int64(st, 2, 7), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "seven");
	assert_int_equal(db_step(st), DB_DONE);

	/* $1 twice */
	assert_int_equal(put_row(f->db, 111, 5), 0);
	assert_int_equal(put_row(f->db, 3, 4), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM scratch"
	    " WHERE id = $1 OR n = $1", 111), 2);
	assert_int_equal(db_prepare(f->db, "UPDATE scratch SET n = $1, c = $1 WHERE id = $2", &st),
	    0);
	assert_int_equal(db_bind_int64(st, 1, 9), 0);
	assert_int_equal(db_bind_int64(st, 2, 3), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM scratch"
	    " WHERE n = $1 AND c = n", 9), 1);

	/* two-digit numbers */
	assert_int_equal(db_prepare(f->db, "SELECT COUNT(*) FROM scratch WHERE id IN"
	    " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", &st), 0);
	for (int i = 1; i <= 9; i++)
		assert_int_equal(db_bind_int64(st, i, 1000 + i), 0);
	assert_int_equal(db_bind_int64(st, 10, 111), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 1);
	db_reset(st);

	/* out-of-range parameter numbers are refused */
	assert_int_equal(db_prepare(f->db, "SELECT s FROM scratch WHERE id = $2 AND n = $1", &st),
	    0);
	assert_int_equal(db_bind_int64(st, 3, 1), JS_ERR_INVALID);
	assert_int_equal(db_bind_int64(st, 0, 1), JS_ERR_INVALID);
	assert_int_equal(db_bind_text(st, 3, "x"), JS_ERR_INVALID);
	assert_int_equal(db_bind_blob(st, 3, "x", 1), JS_ERR_INVALID);
	assert_int_equal(db_bind_null(st, 3), JS_ERR_INVALID);
}

/* The program's SQL with FOR UPDATE and quoted look-alikes runs on both stores. */
static void
test_sql_dialect_live(void **state)
{
	struct tfx *f = *state;
	struct db_stmt *st;

	assert_int_equal(put_row(f->db, 1, 10), 0);
	assert_int_equal(db_prepare(f->db, "SELECT n FROM scratch WHERE id = $1 FOR UPDATE", &st),
	    0);
	assert_int_equal(db_bind_int64(st, 1, 1), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 10);
	db_reset(st);
	assert_int_equal(db_prepare(f->db, "SELECT n FROM scratch WHERE id = $1"
	    " FOR UPDATE SKIP LOCKED", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 1), 0);
	assert_int_equal(db_step(st), DB_ROW);
	db_reset(st);
	assert_int_equal(db_prepare(f->db, "SELECT xfor, 'FOR UPDATE $1', \"n\" -- $2 FOR UPDATE\n"
	    "FROM scratch WHERE id = $1 FOR UPDATE NOWAIT", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 1), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_is_null(st, 0));
	assert_string_equal(db_col_text(st, 1), "FOR UPDATE $1");
	assert_int_equal(db_col_int64(st, 2), 10);
	assert_int_equal(db_step(st), DB_DONE);
	/* db_exec translates too */
	assert_int_equal(db_exec(f->db, "UPDATE scratch SET xfor = 5, s = 'x $1 FOR UPDATE'"
	    " WHERE id = 1"), 0);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM scratch WHERE xfor = $1"
	    " AND s = 'x $1 FOR UPDATE'", 5), 1);
}

static void
test_stmt_cache(void **state)
{
	static const char q[] = "SELECT id FROM scratch ORDER BY id";
	struct tfx *f = *state;
	struct db_stmt *a, *b, *c;
	char copy[sizeof q];

	assert_int_equal(put_row(f->db, 1, 0), 0);
	assert_int_equal(put_row(f->db, 2, 0), 0);
	assert_int_equal(put_row(f->db, 3, 0), 0);

	assert_int_equal(db_prepare(f->db, q, &a), 0);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_col_int64(a, 0), 1);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_col_int64(a, 0), 2);

	/* the same text (even from another buffer) is the same statement, reset */
	memcpy(copy, q, sizeof q);
	assert_int_equal(db_prepare(f->db, copy, &b), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(db_step(b), DB_ROW);
	assert_int_equal(db_col_int64(b, 0), 1);

	/* a different text is a different statement */
	assert_int_equal(db_prepare(f->db, "SELECT id FROM scratch ORDER BY id DESC", &c), 0);
	assert_ptr_not_equal(a, c);
	assert_int_equal(db_step(c), DB_ROW);
	assert_int_equal(db_col_int64(c, 0), 3);
	db_reset(c);
	db_reset(b);

	/* re-preparing clears bindings: an unbound parameter is NULL */
	assert_int_equal(db_prepare(f->db, "SELECT COUNT(*) FROM scratch WHERE id = $1", &a), 0);
	assert_int_equal(db_bind_int64(a, 1, 2), 0);
	assert_int_equal(db_step(a), DB_ROW);
	assert_int_equal(db_col_int64(a, 0), 1);
	assert_int_equal(db_prepare(f->db, "SELECT COUNT(*) FROM scratch WHERE id = $1", &b), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(db_step(b), DB_ROW);
	assert_int_equal(db_col_int64(b, 0), 0);
	db_reset(b);

	/* a statement that does not compile is an error, not cached */
	assert_true(db_prepare(f->db, "SELECT nosuchcolumn FROM scratch", &c) < 0);
	assert_true(strlen(db_errmsg(f->db)) > 0);
	assert_true(db_prepare(f->db, "SELECT nosuchcolumn FROM scratch", &c) < 0);
	assert_int_equal(db_exec(f->db, "ALTER TABLE scratch ADD COLUMN nosuchcolumn BIGINT"), 0);
	assert_int_equal(db_prepare(f->db, "SELECT nosuchcolumn FROM scratch", &c), 0);
	assert_int_equal(db_step(c), DB_ROW);
	db_reset(c);
}

static void
test_changes(void **state)
{
	struct tfx *f = *state;
	struct db_stmt *st;
	int64_t i;

	for (i = 1; i <= 5; i++)
		assert_int_equal(put_row(f->db, i, i <= 3 ? 1 : 2), 0);
	assert_int_equal(db_prepare(f->db, "UPDATE scratch SET n = $1 WHERE n = $2", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 10), 0);
	assert_int_equal(db_bind_int64(st, 2, 1), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_changes(st), 3);

	assert_int_equal(db_prepare(f->db, "UPDATE scratch SET n = $1 WHERE n = $2", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 10), 0);
	assert_int_equal(db_bind_int64(st, 2, 999), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_changes(st), 0);

	assert_int_equal(db_prepare(f->db, "DELETE FROM scratch WHERE n = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 2), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_changes(st), 2);

	/* an insert that conflicts and does nothing changes nothing */
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch (id, n) VALUES ($1, 0)"
	    " ON CONFLICT (id) DO NOTHING", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 1), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_changes(st), 0);
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch (id, n) VALUES ($1, 0)"
	    " ON CONFLICT (id) DO NOTHING", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 50), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_changes(st), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 4);
}

/* db_changes belongs to the statement, not to whatever the connection ran last. */
static void
test_changes_per_statement(void **state)
{
	struct tfx *f = *state;
	struct db_stmt *upd, *ins, *sel;
	int64_t i;

	for (i = 1; i <= 3; i++)
		assert_int_equal(put_row(f->db, i, 1), 0);
	assert_int_equal(db_prepare(f->db, "UPDATE scratch SET n = 2 WHERE n = $1", &upd), 0);
	assert_int_equal(db_bind_int64(upd, 1, 1), 0);
	assert_int_equal(db_step_done(upd), 0);
	assert_int_equal(db_changes(upd), 3);
	/* another statement changes one row, a third one reads */
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch (id, n) VALUES ($1, $2)", &ins),
	    0);
	assert_int_equal(db_bind_int64(ins, 1, 10), 0);
	assert_int_equal(db_bind_int64(ins, 2, 0), 0);
	assert_int_equal(db_step_done(ins), 0);
	assert_int_equal(db_changes(ins), 1);
	assert_int_equal(db_prepare(f->db, "SELECT COUNT(*) FROM scratch", &sel), 0);
	assert_int_equal(db_step(sel), DB_ROW);
	db_reset(sel);
	assert_int_equal(db_exec(f->db, "DELETE FROM scratch WHERE id = 10"), 0);
	/* the update's own figure is unchanged by all that */
	assert_int_equal(db_changes(upd), 3);
	assert_int_equal(db_changes(ins), 1);
}

static int
step_insert(struct db *db, const char *sql, int64_t a, int64_t b)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0 || (r = db_bind_int64(st, 1, a)) != 0 ||
	    (r = db_bind_int64(st, 2, b)) != 0)
		return r;
	return db_step_done(st);
}

static void
test_constraint_errors(void **state)
{
	struct tfx *f = *state;
	struct db_stmt *st;

	assert_int_equal(put_row(f->db, 1, 0), 0);
	/* primary key */
	assert_int_equal(put_row(f->db, 1, 5), JS_ERR_EXISTS);
	assert_true(strlen(db_errmsg(f->db)) > 0);
	/* UNIQUE column */
	assert_int_equal(db_exec(f->db, "UPDATE scratch SET u = 'taken' WHERE id = 1"), 0);
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch (id, u) VALUES ($1, $2)", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 2), 0);
	assert_int_equal(db_bind_text(st, 2, "taken"), 0);
	assert_int_equal(db_step(st), JS_ERR_EXISTS);
	db_reset(st);
	/* CHECK, on insert and on update */
	assert_int_equal(step_insert(f->db, "INSERT INTO scratch (id, c) VALUES ($1, $2)", 3, -1),
	    JS_ERR_CONSTRAINT);
	assert_int_equal(db_exec(f->db, "UPDATE scratch SET c = -5 WHERE id = 1"),
	    JS_ERR_CONSTRAINT);
	/* FOREIGN KEY */
	assert_int_equal(step_insert(f->db, "INSERT INTO scratch_child (id, parent_id)"
	    " VALUES ($1, $2)", 1, 99), JS_ERR_CONSTRAINT);
	assert_true(strlen(db_errmsg(f->db)) > 0);
	assert_int_equal(db_exec(f->db, "DELETE FROM scratch_parent WHERE id = 1"), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO scratch_parent (id) VALUES (1)"), 0);
	assert_int_equal(step_insert(f->db, "INSERT INTO scratch_child (id, parent_id)"
	    " VALUES ($1, $2)", 1, 1), 0);
	assert_int_equal(db_exec(f->db, "DELETE FROM scratch_parent WHERE id = 1"),
	    JS_ERR_CONSTRAINT);
	/* NOT NULL */
	assert_int_equal(db_prepare(f->db, "INSERT INTO scratch_child (id, parent_id)"
	    " VALUES ($1, $2)", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, 2), 0);
	assert_int_equal(db_bind_null(st, 2), 0);
	assert_int_equal(db_step(st), JS_ERR_CONSTRAINT);
	db_reset(st);
	/* plain SQL errors are JS_ERR_DB */
	assert_int_equal(db_exec(f->db, "SELEC 1"), JS_ERR_DB);
	assert_true(strlen(db_errmsg(f->db)) > 0);
	/* nothing of the refused changes is there; the connection still works */
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 1);
	assert_int_equal(get_n(f->db, 1), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"
	    " WHERE c IS NULL"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch_child"), 1);
	assert_int_equal(put_row(f->db, 2, 5), 0);
}

/* ---- per store: transactions ---- */

struct tx_ctx {
	int64_t id;
	int ret;
	int calls;
	int in_tx;
};

static int
tx_insert(struct db *db, void *ud)
{
	struct tx_ctx *c = ud;
	int r;

	c->calls++;
	c->in_tx = db_in_tx(db);
	if ((r = put_row(db, c->id, c->calls)) != 0)
		return r;
	return c->ret;
}

static void
test_tx_commit_rollback(void **state)
{
	struct tfx *f = *state;
	struct tx_ctx c = { 1, 0, 0, 0 };

	assert_false(db_in_tx(f->db));
	assert_int_equal(db_tx(f->db, tx_insert, &c), 0);
	assert_int_equal(c.calls, 1);
	assert_true(c.in_tx);
	assert_false(db_in_tx(f->db));
	assert_int_equal(row_exists(f->db, 1), 1);

	c = (struct tx_ctx){ 2, JS_ERR_STATE, 0, 0 };
	assert_int_equal(db_tx(f->db, tx_insert, &c), JS_ERR_STATE);
	assert_int_equal(c.calls, 1);       /* not a retryable error */
	assert_false(db_in_tx(f->db));
	assert_int_equal(row_exists(f->db, 2), 0);

	/* a failing statement's error comes back and nothing is kept */
	c = (struct tx_ctx){ 1, 0, 0, 0 };
	assert_int_equal(db_tx(f->db, tx_insert, &c), JS_ERR_EXISTS);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 1);
	/* and the connection is usable after it */
	c = (struct tx_ctx){ 3, 0, 0, 0 };
	assert_int_equal(db_tx(f->db, tx_insert, &c), 0);
	assert_int_equal(row_exists(f->db, 3), 1);
}

struct nest_ctx {
	struct tx_ctx inner;
	int inner_rc;
	int outer_calls;
	int busy_once;       /* inner returns JS_ERR_BUSY on the first outer attempt */
};

static int
tx_inner_busy(struct db *db, void *ud)
{
	struct nest_ctx *n = ud;
	int r;

	if ((r = put_row(db, 20 + n->outer_calls, 0)) != 0)
		return r;
	return n->outer_calls == 1 ? JS_ERR_BUSY : 0;
}

static int
tx_outer(struct db *db, void *ud)
{
	struct nest_ctx *n = ud;
	int r;

	n->outer_calls++;
	if ((r = put_row(db, 1, 0)) != 0)
		return r;
	if (n->busy_once) {
		/* a busy error is not the inner call's to handle: the outermost retries */
		return db_tx(db, tx_inner_busy, n);
	}
	n->inner_rc = db_tx(db, tx_insert, &n->inner);
	if (!db_in_tx(db))
		return JS_ERR_STATE;
	return put_row(db, 3, 0);
}

static void
test_tx_nested(void **state)
{
	struct tfx *f = *state;
	struct nest_ctx n;

	/* the inner call fails: only its work is undone */
	memset(&n, 0, sizeof n);
	n.inner = (struct tx_ctx){ 2, JS_ERR_INVALID, 0, 0 };
	assert_int_equal(db_tx(f->db, tx_outer, &n), 0);
	assert_int_equal(n.inner_rc, JS_ERR_INVALID);
	assert_true(n.inner.in_tx);
	assert_int_equal(row_exists(f->db, 1), 1);
	assert_int_equal(row_exists(f->db, 2), 0);
	assert_int_equal(row_exists(f->db, 3), 1);
	assert_false(db_in_tx(f->db));

	/* the inner call succeeds: its work commits with the outer */
	assert_int_equal(db_exec(f->db, "DELETE FROM scratch"), 0);
	memset(&n, 0, sizeof n);
	n.inner = (struct tx_ctx){ 2, 0, 0, 0 };
	assert_int_equal(db_tx(f->db, tx_outer, &n), 0);
	assert_int_equal(n.inner_rc, 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 3);

	/* the outer call fails after a successful inner one: nothing is kept */
	assert_int_equal(db_exec(f->db, "DELETE FROM scratch"), 0);
	assert_int_equal(put_row(f->db, 3, 0), 0);      /* makes the outer's last insert fail */
	memset(&n, 0, sizeof n);
	n.inner = (struct tx_ctx){ 2, 0, 0, 0 };
	assert_int_equal(db_tx(f->db, tx_outer, &n), JS_ERR_EXISTS);
	assert_int_equal(n.inner_rc, 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 1);
}

/* A statement that fails inside a nested db_tx leaves the outer transaction usable (on
 * PostgreSQL the savepoint is what makes this work). */
static void
test_tx_nested_failed_statement(void **state)
{
	struct tfx *f = *state;
	struct nest_ctx n;

	assert_int_equal(put_row(f->db, 2, 0), 0);
	memset(&n, 0, sizeof n);
	n.inner = (struct tx_ctx){ 2, 0, 0, 0 };         /* duplicate key */
	assert_int_equal(db_tx(f->db, tx_outer, &n), 0);
	assert_int_equal(n.inner_rc, JS_ERR_EXISTS);
	assert_int_equal(row_exists(f->db, 1), 1);
	assert_int_equal(row_exists(f->db, 3), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 3);
}

static void
test_tx_nested_busy_propagates(void **state)
{
	struct tfx *f = *state;
	struct nest_ctx n;

	memset(&n, 0, sizeof n);
	n.busy_once = 1;
	assert_int_equal(db_tx(f->db, tx_outer, &n), 0);
	assert_int_equal(n.outer_calls, 2);
	/* the first attempt's writes, inner and outer, were all rolled back */
	assert_int_equal(row_exists(f->db, 21), 0);
	assert_int_equal(row_exists(f->db, 22), 1);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 2);
}

struct retry_ctx {
	int calls;
	int fail_first;
};

static int
tx_retry(struct db *db, void *ud)
{
	struct retry_ctx *c = ud;
	int r;

	c->calls++;
	if ((r = put_row(db, 100 + c->calls, c->calls)) != 0)
		return r;
	return c->calls <= c->fail_first ? JS_ERR_BUSY : 0;
}

static void
test_tx_retry(void **state)
{
	struct tfx *f = *state;
	struct retry_ctx c = { 0, 2 };

	assert_int_equal(db_tx(f->db, tx_retry, &c), 0);
	assert_int_equal(c.calls, 3);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 1);
	assert_int_equal(row_exists(f->db, 103), 1);
	assert_int_equal(get_n(f->db, 103), 3);
	assert_false(db_in_tx(f->db));
	/* giving up after DB_TX_RETRIES: see test_busy_mapping (about a second per store) */
}

struct snap_ctx {
	const char *url;
	int64_t first, second;
	int write_rc;
};

static int
tx_snapshot_fn(struct db *db, void *ud)
{
	struct snap_ctx *c = ud;
	struct db *other;
	char err[256];

	/* the first read starts the snapshot (SQLite: the WAL read transaction) */
	c->first = get_n(db, 1);
	if (db_open(c->url, &other, err, sizeof err) != 0)
		return JS_ERR_DB;
	c->write_rc = db_exec(other, "UPDATE scratch SET n = 20 WHERE id = 1;"
	    " INSERT INTO scratch (id, n) VALUES (2, 2)");
	db_close(other);
	c->second = get_n(db, 1);
	if (tfx_int(db, "SELECT COUNT(*) FROM scratch") != 1)
		return JS_ERR_STATE;
	return 0;
}

static int
tx_snapshot_nested_fn(struct db *db, void *ud)
{
	(void)ud;
	return db_in_tx(db) ? JS_ERR_CONFLICT : JS_ERR_STATE;
}

static void
test_tx_snapshot(void **state)
{
	struct tfx *f = *state;
	struct snap_ctx c = { f->url, 0, 0, -1 };

	assert_int_equal(put_row(f->db, 1, 10), 0);
	assert_int_equal(db_tx_snapshot(f->db, tx_snapshot_fn, &c), 0);
	assert_int_equal(c.write_rc, 0);
	assert_int_equal(c.first, 10);
	assert_int_equal(c.second, 10);
	assert_false(db_in_tx(f->db));
	/* after the snapshot ends the new value is visible */
	assert_int_equal(get_n(f->db, 1), 20);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 2);
	/* fn's result comes back, and fn runs in a transaction */
	assert_int_equal(db_tx_snapshot(f->db, tx_snapshot_nested_fn, NULL), JS_ERR_CONFLICT);
	assert_false(db_in_tx(f->db));
}

/* One read in a snapshot: the scratch row's n into *ud. */
static int
snapshot_read_fn(struct db *db, void *ud)
{
	*(int64_t *)ud = get_n(db, 1);
	return 0;
}

/*
 * PostgreSQL: a snapshot's ROLLBACK is sent, not waited for: a snapshot with one read
 * costs one round trip, yet the server has ended the transaction (the backend is idle,
 * holding no snapshot) before the connection is used again; and the next statements,
 * deferred or not, read the ROLLBACK's results out of the way.
 */
static void
test_snapshot_end_unawaited(void **state)
{
	struct tfx *f = *state;
	struct db *other;
	char err[256], sql[160];
	unsigned long before;
	int64_t pid, n = 0, idle = 0;
	int i;

	if (db_dialect(f->db) != DB_PG)
		skip();
	assert_int_equal(put_row(f->db, 1, 10), 0);
	pid = tfx_int(f->db, "SELECT pg_backend_pid()");
	assert_int_equal(get_n(f->db, 1), 10);      /* prepared before it is counted */
	before = db_round_trips(f->db);
	assert_int_equal(db_tx_snapshot(f->db, snapshot_read_fn, &n), 0);
	assert_int_equal(n, 10);
	assert_int_equal(db_round_trips(f->db) - before, 1);
	assert_int_equal(db_open(f->url, &other, err, sizeof err), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE pid = %lld"
	    " AND state = 'idle' AND backend_xmin IS NULL AND backend_xid IS NULL",
	    (long long)pid);
	for (i = 0; i < 200 && idle == 0; i++) {
		idle = tfx_int(other, sql);
		if (idle == 0)
			usleep(10000);
	}
	db_close(other);
	assert_int_equal(idle, 1);
	/* the next statement on the connection, then a snapshot again, then a writer */
	assert_int_equal(get_n(f->db, 1), 10);
	assert_int_equal(db_tx_snapshot(f->db, snapshot_read_fn, &n), 0);
	assert_int_equal(put_row(f->db, 2, 30), 0);
	assert_int_equal(db_tx_snapshot(f->db, snapshot_read_fn, &n), 0);
	assert_int_equal(db_tx_snapshot(f->db, snapshot_read_fn, &n), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 2);
	assert_false(db_in_tx(f->db));
}

/* SQLite's connection settings (docs/db.md): durable commits, rare checkpoints. */
static void
test_sqlite_settings(void **state)
{
	struct tfx *f = *state;

	if (db_dialect(f->db) != DB_SQLITE)
		skip();
	assert_int_equal(tfx_int(f->db, "PRAGMA synchronous"), 2);            /* FULL */
	assert_int_equal(tfx_int(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(tfx_int(f->db, "PRAGMA wal_autocheckpoint"), 10000);
	assert_int_equal(tfx_int(f->db, "PRAGMA journal_size_limit"), 64 << 20);
	/* A new database: 1 KiB pages, so a commit's WAL frames are small (docs/db.md). */
	assert_int_equal(tfx_int(f->db, "PRAGMA page_size"), 1024);
	/* js_has_tokens: every term a whole space-separated token of the document */
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('ab abc x', 'abc x')"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('ab abc x', 'x ab')"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('abcd xabc', 'abc')"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('ab abc', 'abc ac')"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('设计 网站设计', '网站')"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('设计 网站', '网站 设计')"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('a b', '')"), 1);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens(NULL, 'a')"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('a', NULL)"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('a', 'abcdefghijkl')"), 0);
	assert_int_equal(tfx_int(f->db, "SELECT js_has_tokens('ab  c', 'c ab')"), 1);
}

/*
 * The wait for SQLite's write lock: 1, 2, then 5 ms between tries, never longer (SQLite's
 * own handler grows to 100 ms and starves a waiter under steady writes: docs/db.md), and
 * about 5 s in all before JS_ERR_BUSY.
 */
static void
test_sqlite_busy_naps(void **state)
{
	long slept = 0;
	int tries;

	(void)state;
	assert_int_equal(db_sqlite_busy_nap(0), 1);
	assert_int_equal(db_sqlite_busy_nap(1), 2);
	for (tries = 0; db_sqlite_busy_nap(tries) > 0; tries++) {
		assert_true(db_sqlite_busy_nap(tries) <= 5);
		assert_true(tries < 2 || db_sqlite_busy_nap(tries) == 5);
		slept += db_sqlite_busy_nap(tries);
	}
	assert_true(slept >= 5000 && slept < 5010);
	assert_int_equal(tries, 1002);       /* 1 + 2 + 1,000 × 5 ms */
	assert_int_equal(db_sqlite_busy_nap(-1), 0);
	assert_int_equal(db_sqlite_busy_nap(1 << 30), 0);
}

/*
 * A database made before the 1 KiB page size keeps its 4 KiB pages: the pragma is
 * only taken by an empty file, and opening, writing and reading the older one works.
 */
static void
test_sqlite_page_size_kept(void **state)
{
	/* mkdtemp's template: a directory of its own for the older database */
	char dir[] = "/tmp/jishi-pagesize-XXXXXX", path[64], url[80], err[256];
	struct db *db = NULL;
	sqlite3 *h = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/old.db", dir);
	snprintf(url, sizeof url, "sqlite:%s", path);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;"
	    " CREATE TABLE t (x TEXT)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(db_open(url, &db, err, sizeof err), 0);
	assert_int_equal(tfx_int(db, "PRAGMA page_size"), 4096);
	assert_int_equal(db_exec(db, "INSERT INTO t (x) VALUES ('老数据库')"), 0);
	assert_int_equal(tfx_int(db, "SELECT COUNT(*) FROM t"), 1);
	db_close(db);
	testdb_drop(url);            /* the file, its -wal and -shm, the directory */
	assert_int_equal(access(dir, F_OK), -1);
}

/* PostgreSQL: 1 when prepared statements are planned once (force_generic_plan). */
static int
generic_now(struct db *db)
{
	return (int)tfx_int(db, "SELECT CASE WHEN current_setting('plan_cache_mode') ="
	    " 'force_generic_plan' THEN 1 ELSE 0 END");
}

/* db_generic_plans, then what PostgreSQL plans with into *seen (SQLite: left as set). */
static int
generic_seen(struct db *db, void *ud)
{
	int *seen = ud;
	int r;

	if ((r = db_generic_plans(db)) != 0)
		return r;
	if (db_dialect(db) == DB_PG)
		*seen = generic_now(db);
	return 0;
}

/* db_generic_plans acts only inside db_tx_snapshot's own transaction, until its end. */
static void
test_generic_plans(void **state)
{
	struct tfx *f = *state;
	int seen = 1;

	assert_int_equal(db_generic_plans(f->db), 0);         /* no transaction: nothing */
	if (db_dialect(f->db) == DB_PG)
		assert_int_equal(generic_now(f->db), 0);
	assert_int_equal(db_tx_snapshot(f->db, generic_seen, &seen), 0);
	assert_int_equal(seen, 1);
	if (db_dialect(f->db) == DB_PG)
		assert_int_equal(generic_now(f->db), 0);        /* SET LOCAL: gone at the end */
	seen = 0;
	assert_int_equal(db_tx(f->db, generic_seen, &seen), 0);   /* a writer's: untouched */
	assert_int_equal(seen, 0);
}

/* Writes row 1 (on PostgreSQL first taking its lock without waiting) and row 501. */
static int
tx_waiter(struct db *db, void *ud)
{
	struct retry_ctx *c = ud;
	struct db_stmt *st;
	int r;

	c->calls++;
	if (db_dialect(db) == DB_PG) {
		if ((r = db_prepare(db, "SELECT n FROM scratch WHERE id = $1 FOR UPDATE NOWAIT",
		    &st)) != 0 || (r = db_bind_int64(st, 1, 1)) != 0)
			return r;
		if ((r = db_step(st)) != DB_ROW)
			return r < 0 ? r : JS_ERR_NOT_FOUND;
		db_reset(st);
	}
	if ((r = db_exec(db, "UPDATE scratch SET n = n + 1 WHERE id = 1")) != 0)
		return r;
	return put_row(db, 501, 0);
}

/* Busy errors from a real second connection map to JS_ERR_BUSY. */
static void
test_busy_mapping(void **state)
{
	struct tfx *f = *state;
	struct retry_ctx c = { 0, 0 };
	struct db *b;
	struct db_stmt *st;
	char err[256];
	double t0;

	assert_int_equal(put_row(f->db, 1, 1), 0);
	assert_int_equal(db_open(f->url, &b, err, sizeof err), 0);
	if (db_dialect(b) == DB_SQLITE) {
		/* without waiting: the lock is held for the whole test */
		assert_int_equal(db_exec(b, "PRAGMA busy_timeout = 0"), 0);
		assert_int_equal(db_exec(f->db, "BEGIN IMMEDIATE"), 0);
		assert_int_equal(db_exec(b, "BEGIN IMMEDIATE"), JS_ERR_BUSY);
		assert_true(strlen(db_errmsg(b)) > 0);
		assert_int_equal(put_row(b, 2, 2), JS_ERR_BUSY);
	} else {
		assert_int_equal(db_exec(f->db, "BEGIN"), 0);
		assert_int_equal(db_prepare(f->db, "SELECT n FROM scratch WHERE id = $1 FOR UPDATE",
		    &st), 0);
		assert_int_equal(db_bind_int64(st, 1, 1), 0);
		assert_int_equal(db_step(st), DB_ROW);
		db_reset(st);
		assert_int_equal(db_prepare(b, "SELECT n FROM scratch WHERE id = $1 FOR UPDATE NOWAIT",
		    &st), 0);
		assert_int_equal(db_bind_int64(st, 1, 1), 0);
		assert_int_equal(db_step(st), JS_ERR_BUSY);
		assert_non_null(strstr(db_errmsg(b), "55P03"));
		db_reset(st);
	}
	/* db_tx on the blocked connection retries, then gives up with JS_ERR_BUSY */
	t0 = now_ms();
	assert_int_equal(db_tx(b, tx_waiter, &c), JS_ERR_BUSY);
	if (db_dialect(b) == DB_SQLITE)
		assert_int_equal(c.calls, 0);     /* BEGIN IMMEDIATE itself was refused */
	else
		assert_int_equal(c.calls, DB_TX_RETRIES + 1);
	assert_true(now_ms() - t0 < 10000);
	assert_false(db_in_tx(b));
	assert_int_equal(tfx_int1(b, "SELECT COUNT(*) FROM scratch"
	    " WHERE id = $1", 501), 0);
	assert_int_equal(db_exec(f->db, "ROLLBACK"), 0);
	/* released: the other connection gets through */
	c = (struct retry_ctx){ 0, 0 };
	assert_int_equal(db_tx(b, tx_waiter, &c), 0);
	assert_int_equal(c.calls, 1);
	db_close(b);
	assert_int_equal(row_exists(f->db, 501), 1);
	assert_int_equal(get_n(f->db, 1), 2);
}

/* A second writer holds the lock for a while in another thread; db_tx waits it out. */
struct holder {
	const char *url;
	int pipefd[2];
	long hold_ms;
	int rc;
};

static void *
holder_main(void *arg)
{
	struct holder *h = arg;
	struct db *db;
	char err[256], ok = 'L';
	int sqlite;

	if ((h->rc = db_open(h->url, &db, err, sizeof err)) != 0) {
		ok = 'E';
		if (write(h->pipefd[1], &ok, 1) != 1)
			h->rc = JS_ERR_IO;
		return NULL;
	}
	sqlite = db_dialect(db) == DB_SQLITE;
	if ((h->rc = db_exec(db, sqlite ? "BEGIN IMMEDIATE" : "BEGIN")) != 0 ||
	    (h->rc = db_exec(db, sqlite ? "INSERT INTO scratch (id, n) VALUES (500, 1)" :
	    "SELECT n FROM scratch WHERE id = 1 FOR UPDATE")) != 0 ||
	    (h->rc = db_exec(db, "UPDATE scratch SET c = 7 WHERE id = 1")) != 0)
		ok = 'E';
	if (write(h->pipefd[1], &ok, 1) != 1)
		h->rc = JS_ERR_IO;
	if (ok == 'L') {
		sleep_ms(h->hold_ms);
		h->rc = db_exec(db, "COMMIT");
	}
	db_close(db);
	return NULL;
}

static void
test_concurrent_writer(void **state)
{
	struct tfx *f = *state;
	struct holder h;
	struct retry_ctx c = { 0, 0 };
	pthread_t th;
	double t0, dt;
	char got = 0;

	assert_int_equal(put_row(f->db, 1, 1), 0);
	if (db_dialect(f->db) == DB_SQLITE)   /* short waits, so that db_tx's retry is used */
		assert_int_equal(db_exec(f->db, "PRAGMA busy_timeout = 10"), 0);
	memset(&h, 0, sizeof h);
	h.url = f->url;
	h.hold_ms = 300;
	assert_int_equal(pipe(h.pipefd), 0);
	assert_int_equal(pthread_create(&th, NULL, holder_main, &h), 0);
	assert_int_equal(read(h.pipefd[0], &got, 1), 1);
	assert_int_equal(got, 'L');

	t0 = now_ms();
	assert_int_equal(db_tx(f->db, tx_waiter, &c), 0);
	dt = now_ms() - t0;
	assert_int_equal(pthread_join(th, NULL), 0);
	close(h.pipefd[0]);
	close(h.pipefd[1]);
	assert_int_equal(h.rc, 0);
	assert_true(dt >= 200 && dt < 5000);
	if (db_dialect(f->db) == DB_SQLITE)
		assert_int_equal(c.calls, 1);     /* only BEGIN IMMEDIATE was retried */
	else
		assert_true(c.calls > 1);
	/* both writers' work is there */
	assert_int_equal(get_n(f->db, 1), 2);
	assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM scratch"
	    " WHERE c = $1", 7), 1);
	assert_int_equal(row_exists(f->db, 501), 1);
	if (db_dialect(f->db) == DB_SQLITE)
		assert_int_equal(row_exists(f->db, 500), 1);
}

/* Empty the scratch tables between the parts of one test. */
static void
scratch_clear(struct tfx *f)
{
	assert_int_equal(db_exec(f->db, "DELETE FROM scratch; DELETE FROM scratch_child"), 0);
}

/*
 * Each test below gets a fresh database; on PostgreSQL that costs up to a second
 * (CREATE DATABASE from the template), so related parts share one.
 */
static void
test_values(void **state)
{
	test_int64_values(state);
	scratch_clear(*state);
	test_text_values(state);
	scratch_clear(*state);
	test_blob_values(state);
}

static void
test_sql_text(void **state)
{
	test_placeholders(state);
	scratch_clear(*state);
	test_sql_dialect_live(state);
}

static void
test_changes_all(void **state)
{
	test_changes(state);
	scratch_clear(*state);
	test_changes_per_statement(state);
}

static void
test_tx_basic(void **state)
{
	test_tx_commit_rollback(state);
	scratch_clear(*state);
	test_tx_retry(state);
}

static void
test_tx_nesting(void **state)
{
	test_tx_nested(state);
	scratch_clear(*state);
	test_tx_nested_failed_statement(state);
	scratch_clear(*state);
	test_tx_nested_busy_propagates(state);
}

/* ---- deferred statements (db_step_defer; pipelined on PostgreSQL) ---- */

static int
defer_row(struct db *db, int64_t id, const char *u)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO scratch (id, n, u) VALUES ($1, $1, $2)",
	    &st)) != 0 || (r = db_bind_int64(st, 1, id)) != 0 ||
	    (r = db_bind_text(st, 2, u)) != 0)
		return r;
	return db_step_defer(st);
}

struct defer_ctx {
	int mode;
	int rc_inner;        /* what the nested db_tx returned */
	int rc_read;         /* what the reading statement after the bad one returned */
};

/* mode 0: 40 good rows then read them back (more than one pipeline's worth);
 * 1: a bad row then a read; 2: a bad row, commit; 3: nested tx with a bad row, then
 * a good row outside it; 4: a bad row in a nested tx that then refuses (rolls back). */
static int
tx_defer(struct db *db, void *ud)
{
	struct defer_ctx *c = ud;
	struct db_stmt *st;
	int64_t i;
	int r;

	switch (c->mode) {
	case 0:
		for (i = 1; i <= 40; i++)
			if ((r = defer_row(db, i, NULL)) != 0)
				return r;
		assert_int_equal(tfx_int(db, "SELECT COUNT(*) FROM scratch"), 41);
		return 0;
	case 1:
		/* SQLite runs it at once and says so itself */
		if ((r = defer_row(db, 100, "dup")) != 0)
			return c->rc_read = r;
		if ((r = db_prepare(db, "SELECT COUNT(*) FROM scratch", &st)) != 0)
			return r;
		c->rc_read = db_step(st);
		db_reset(st);
		return c->rc_read < 0 ? c->rc_read : 0;
	case 2:
		return defer_row(db, 100, "dup");
	case 3:
		c->mode = 2;
		c->rc_inner = db_tx(db, tx_defer, c);
		c->mode = 3;
		return defer_row(db, 101, "fine");
	case 4:
		c->mode = 2;
		(void)db_tx(db, tx_defer, c);
		c->mode = 4;
		return put_row(db, 102, 1);
	}
	return JS_ERR_INVALID;
}

static void
test_defer(void **state)
{
	struct tfx *f = *state;
	struct defer_ctx c;
	struct db_stmt *st;

	/* outside a transaction: runs at once */
	assert_int_equal(defer_row(f->db, 1000, "dup"), 0);
	assert_int_equal(row_exists(f->db, 1000), 1);
	assert_int_equal(defer_row(f->db, 1001, "dup"), JS_ERR_EXISTS);

	memset(&c, 0, sizeof c);
	assert_int_equal(db_tx(f->db, tx_defer, &c), 0);
	assert_int_equal(tfx_int(f->db, "SELECT COUNT(*) FROM scratch"), 41);

	/* a failed deferred statement is reported by the next one that waits ... */
	c.mode = 1;
	assert_int_equal(db_tx(f->db, tx_defer, &c), JS_ERR_EXISTS);
	assert_int_equal(c.rc_read, JS_ERR_EXISTS);
	assert_int_equal(row_exists(f->db, 100), 0);
	/* ... and at the latest by COMMIT: the transaction never commits over it */
	c.mode = 2;
	assert_int_equal(db_tx(f->db, tx_defer, &c), JS_ERR_EXISTS);
	assert_int_equal(row_exists(f->db, 100), 0);
	/* a nested transaction fails by it and undoes only itself */
	c.mode = 3;
	assert_int_equal(db_tx(f->db, tx_defer, &c), 0);
	assert_int_equal(c.rc_inner, JS_ERR_EXISTS);
	assert_int_equal(row_exists(f->db, 100), 0);
	assert_int_equal(row_exists(f->db, 101), 1);
	c.mode = 4;
	assert_int_equal(db_tx(f->db, tx_defer, &c), 0);
	assert_int_equal(row_exists(f->db, 102), 1);
	/* the connection is fine afterwards */
	assert_int_equal(db_sync(f->db), 0);
	assert_int_equal(db_prepare(f->db, "SELECT COUNT(*) FROM scratch", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int64(st, 0), 43);
	db_reset(st);
}

static void
test_busy(void **state)
{
	test_busy_mapping(state);
	scratch_clear(*state);
	test_concurrent_writer(state);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tfx_teardown)

int
main(void)
{
	const struct CMUnitTest common[] = {
		cmocka_unit_test(test_open_bad_urls),
		cmocka_unit_test(test_open_unreachable),
		cmocka_unit_test(test_sql_for_sqlite),
		cmocka_unit_test(test_sqlite_page_size_kept),
		cmocka_unit_test(test_sqlite_busy_naps),
	};
	const struct CMUnitTest per_store[] = {
		T(test_values), T(test_sql_text), T(test_stmt_cache), T(test_changes_all),
		T(test_constraint_errors), T(test_tx_basic), T(test_tx_nesting),
		T(test_tx_snapshot), T(test_snapshot_end_unawaited), T(test_generic_plans), T(test_sqlite_settings), T(test_busy), T(test_defer),
	};
	int failed;

	srandom((unsigned)time(NULL));
	failed = cmocka_run_group_tests_name("db", common, NULL, NULL);
	failed += tfx_run_both("db", per_store, TFX_COUNT(per_store));
	return failed != 0;
}
