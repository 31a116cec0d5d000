/* fixture.h: the scaffolding every store test shares: a fresh database per test, users,
 * uploads, one-value queries, and a main that runs a group on SQLite and PostgreSQL. */
#ifndef JS_FIXTURE_H
#define JS_FIXTURE_H

/*
 * Linked into every unit test (tests/lib/ is on the include path). A store test is:
 *
 *	#include "fixture.h"
 *
 *	static void
 *	test_thing(void **state)
 *	{
 *		struct tfx *f = *state;                 // fresh migrated db on tfx_store
 *		int64_t me = tfx_user(f->db, "lihua", 1);  // a freelancer, key-only
 *
 *		...
 *		assert_int_equal(tfx_int1(f->db, "SELECT COUNT(*) FROM gigs"
 *		    " WHERE seller_id = $1", me), 1);
 *	}
 *
 *	int
 *	main(void)
 *	{
 *		const struct CMUnitTest tests[] = {
 *			TFX_TEST(test_thing),
 *		};
 *
 *		return tfx_run_both("thing", tests, TFX_COUNT(tests)) != 0;
 *	}
 *
 * A test that needs more in its fixture (users made in setup, big structs kept off the
 * stack) keeps its own `struct fx` with `struct db *db; char url[TFX_URL_MAX];` and calls
 * tfx_open / tfx_close from its setup / teardown.
 *
 * Every helper asserts (cmocka) on failure: they are for test bodies and fixtures only.
 * Helpers:
 *	tfx_store, tfx_run_both       which store; run a group on both (SKIPPED line if no PG)
 *	tfx_setup, tfx_teardown       fixture = struct tfx (a db and its url); TFX_TEST
 *	tfx_open, tfx_close           a fresh db on tfx_store for a test's own fixture
 *	tfx_user, tfx_user_with       an account through account_signup (key from handle)
 *	tfx_key_make                  the made-up SSH key tfx_user gives a handle
 *	tfx_make_admin                set users.is_admin
 *	tfx_upload                    an uploads row, as upload_commit would leave it
 *	tfx_int, tfx_int1, tfx_int_text   the one integer a one-row query returns
 */

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "testdb.h"

struct CMUnitTest;

/* Room for any test database URL (testdb_create). */
#define TFX_URL_MAX 1024
/* Elements of an array (a test table). */
#define TFX_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The store the running group uses; set by tfx_run_both, read by tfx_setup/tfx_open. */
extern enum testdb_store tfx_store;

/*
 * Run the cmocka group `tests` (n of them) as "NAME/sqlite", then as "NAME/postgresql"
 * when testdb_have_pg(), else print a "[  SKIPPED ]" line. Sets tfx_store before each.
 * Returns the number of failed tests of both runs.
 */
int tfx_run_both(const char *name, const struct CMUnitTest *tests, size_t n);

/* A cmocka test entry with the tfx_setup / tfx_teardown fixture. */
#define TFX_TEST(fn) cmocka_unit_test_setup_teardown(fn, tfx_setup, tfx_teardown)

/* The fixture of tests that need only a database. */
struct tfx {
	enum testdb_store store;      /* the store db is on */
	struct db *db;
	char url[TFX_URL_MAX];
};

/*
 * cmocka setup / teardown: *state becomes a struct tfx (static storage, one test at a
 * time) with a fresh migrated database on tfx_store; the teardown closes and drops it.
 * A setup that needs more may call tfx_setup first and then add to f->db.
 */
int tfx_setup(void **state);
int tfx_teardown(void **state);

/* A fresh migrated database on tfx_store; its URL goes into url. The caller owns the
 * result and gives it back with tfx_close(db, url), which closes and drops it. */
struct db *tfx_open(char *url, size_t len);
void tfx_close(struct db *db, const char *url);

/* An ed25519 public key whose blob and real SHA256 fingerprint derive from tag (the same
 * tag gives the same key: a test may look the account up by fingerprint). */
struct tfx_key {
	char b64[96], fp[64];
};
void tfx_key_make(struct tfx_key *k, const char *tag);

/* What tfx_user_with signs up with; NULL / 0 fields take the defaults. */
struct tfx_user_opts {
	const char *display_name;     /* NULL: "王芳" */
	const char *locale;           /* NULL: "zh_CN" */
	const char *email;            /* NULL: none */
	const char *password;         /* NULL: none (key-only) */
	int is_client, is_freelancer; /* both 0: a client only */
};

/*
 * An active account through account_signup, with the key tfx_key_make(handle); returns
 * its id. tfx_user: a freelancer only (freelancer != 0) or a client only, named "王芳".
 */
int64_t tfx_user(struct db *db, const char *handle, int freelancer);
int64_t tfx_user_with(struct db *db, const char *handle, const struct tfx_user_opts *o);

/* Make user an administrator. */
void tfx_make_admin(struct db *db, int64_t user);

/*
 * An uploads row of user, as upload_commit would leave it (no file on disk): a unique
 * stored name, size 1234; status "active", "deleted", "quarantined". Returns its id.
 */
int64_t tfx_upload(struct db *db, int64_t user, const char *name, const char *mime,
                   const char *status);

/*
 * The integer in the first column of the one row sql returns (NULL reads as 0); asserts
 * that there is exactly one row. sql may be a SELECT or an INSERT ... RETURNING id. tfx_int1 binds $1 = v; tfx_int_text binds $1 = s.
 * sql is a fixed program text (db_prepare caches by it).
 */
int64_t tfx_int(struct db *db, const char *sql);
int64_t tfx_int1(struct db *db, const char *sql, int64_t v);
int64_t tfx_int_text(struct db *db, const char *sql, const char *s);

#endif
