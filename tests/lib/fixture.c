/* fixture.c: shared unit-test scaffolding (see fixture.h): databases, users, uploads,
 * one-value queries and the two-store main. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "fixture.h"
#include "order_fixture.h"
#include "testdb.h"

enum testdb_store tfx_store = TESTDB_SQLITE;

static int
run_on(enum testdb_store s, const char *name, const struct CMUnitTest *tests, size_t n)
{
	char group[128];

	tfx_store = s;
	snprintf(group, sizeof group, "%s/%s", name, testdb_store_name(s));
	return _cmocka_run_group_tests(group, tests, n, NULL, NULL);
}

int
tfx_run_both(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int failed;

	failed = run_on(TESTDB_SQLITE, name, tests, n);
	if (testdb_have_pg())
		failed += run_on(TESTDB_PG, name, tests, n);
	else
		printf("[  SKIPPED ] %s/%s: JISHI_TEST_PG is not set\n", name,
		    testdb_store_name(TESTDB_PG));
	return failed;
}

int
tfx_setup(void **state)
{
	static struct tfx f;

	memset(&f, 0, sizeof f);
	f.store = tfx_store;
	f.db = tfx_open(f.url, sizeof f.url);
	*state = &f;
	return 0;
}

int
tfx_teardown(void **state)
{
	struct tfx *f = *state;

	tfx_close(f->db, f->url);
	f->db = NULL;
	return 0;
}

struct db *
tfx_open(char *url, size_t len)
{
	return testdb_open_new(tfx_store, url, len);
}

void
tfx_close(struct db *db, const char *url)
{
	db_close(db);
	testdb_drop(url);
}

void
tfx_key_make(struct tfx_key *k, const char *tag)
{
	ofx_key_make(tag, k->b64, k->fp);
}

int64_t
tfx_user_with(struct db *db, const char *handle, const struct tfx_user_opts *o)
{
	struct account_signup s;
	struct tfx_key k;
	const char *bad = NULL;
	int64_t id = 0;
	int r;

	tfx_key_make(&k, handle);
	memset(&s, 0, sizeof s);
	s.handle = handle;
	s.display_name = o->display_name != NULL ? o->display_name : "王芳";
	s.is_client = o->is_client || !o->is_freelancer;
	s.is_freelancer = o->is_freelancer;
	s.locale = o->locale != NULL ? o->locale : "zh_CN";
	s.email = o->email;
	s.password = o->password;
	s.key_type = "ssh-ed25519";
	s.key_b64 = k.b64;
	s.key_fp = k.fp;
	if ((r = account_signup(db, &s, &id, &bad)) != 0)
		fail_msg("tfx_user %s: account_signup: %d (field %s)", handle, r,
		    bad != NULL ? bad : "-");
	assert_true(id > 0);
	return id;
}

int64_t
tfx_user(struct db *db, const char *handle, int freelancer)
{
	struct tfx_user_opts o = { .is_freelancer = freelancer != 0 };

	return tfx_user_with(db, handle, &o);
}

void
tfx_make_admin(struct db *db, int64_t user)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(db, "UPDATE users SET is_admin = 1 WHERE id = $1", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, user), 0);
	assert_int_equal(db_step_done(st), 0);
	assert_int_equal(db_changes(st), 1);
}

int64_t
tfx_upload(struct db *db, int64_t user, const char *name, const char *mime,
    const char *status)
{
	static int seq;
	struct db_stmt *st;
	char stored[40];
	int64_t id;

	/* the shape upload_path accepts: "ab/ab" and 30 more lowercase hex digits */
	snprintf(stored, sizeof stored, "ab/ab%030d", ++seq);
	assert_int_equal(db_prepare(db, "INSERT INTO uploads (user_id, original_name,"
	    " stored_name, mime_type, size_bytes, sha256, status) VALUES ($1, $2, $3, $4,"
	    " 1234, '0000000000000000000000000000000000000000000000000000000000000000', $5)"
	    " RETURNING id", &st), 0);
	assert_int_equal(db_bind_int64(st, 1, user), 0);
	assert_int_equal(db_bind_text(st, 2, name), 0);
	assert_int_equal(db_bind_text(st, 3, stored), 0);
	assert_int_equal(db_bind_text(st, 4, mime), 0);
	assert_int_equal(db_bind_text(st, 5, status), 0);
	assert_int_equal(db_step(st), DB_ROW);
	id = db_col_int64(st, 0);
	assert_int_equal(db_step(st), DB_DONE);
	return id;
}

/* Prepare sql, failing the test with the store's message if it does not compile. */
static struct db_stmt *
prep(struct db *db, const char *sql)
{
	struct db_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st)) != 0)
		fail_msg("%s: prepare %d: %s", sql, r, db_errmsg(db));
	return st;
}

/* Step st (prepared and bound) to its one row and return column 0. */
static int64_t
one_int(struct db *db, struct db_stmt *st, const char *sql)
{
	int64_t v;
	int r;

	if ((r = db_step(st)) != DB_ROW)
		fail_msg("%s: step %d, not a row: %s", sql, r, db_errmsg(db));
	v = db_col_int64(st, 0);
	if ((r = db_step(st)) != DB_DONE)
		fail_msg("%s: more than one row (%d)", sql, r);
	return v;
}

int64_t
tfx_int(struct db *db, const char *sql)
{
	return one_int(db, prep(db, sql), sql);
}

int64_t
tfx_int1(struct db *db, const char *sql, int64_t v)
{
	struct db_stmt *st = prep(db, sql);

	assert_int_equal(db_bind_int64(st, 1, v), 0);
	return one_int(db, st, sql);
}

int64_t
tfx_int_text(struct db *db, const char *sql, const char *s)
{
	struct db_stmt *st = prep(db, sql);

	assert_int_equal(db_bind_text(st, 1, s), 0);
	return one_int(db, st, sql);
}
