/* testdb.c: fresh migrated databases for tests (PostgreSQL via a per-process template). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "log.h"
#include "migrate.h"
#include "testdb.h"

static int testdb_seq;
static char template_name[64];

static void
testdb_die(const char *what, const char *detail)
{
	fprintf(stderr, "testdb: %s: %s\n", what, detail);
	exit(2);
}

int
testdb_have_pg(void)
{
	const char *u = getenv("JISHI_TEST_PG");

	return u != NULL && u[0] != '\0';
}

const char *
testdb_store_name(enum testdb_store s)
{
	return s == TESTDB_SQLITE ? "sqlite" : "postgresql";
}

/* The URL of JISHI_TEST_PG with its database name replaced by `name`. */
static void
pg_url_with_db(const char *name, char *out, size_t len)
{
	const char *base = getenv("JISHI_TEST_PG"), *p, *slash, *q;

	p = strstr(base, "://");
	if (p == NULL)
		testdb_die("JISHI_TEST_PG is not a postgres:// URL", base);
	slash = strchr(p + 3, '/');
	if (slash == NULL) {
		q = strchr(p + 3, '?');
		if (q == NULL)
			snprintf(out, len, "%s/%s", base, name);
		else
			snprintf(out, len, "%.*s/%s%s", (int)(q - base), base, name, q);
		return;
	}
	q = strchr(slash, '?');
	snprintf(out, len, "%.*s/%s%s", (int)(slash - base), base, name, q ? q : "");
}

static void
admin_exec(const char *sql)
{
	char err[256];
	struct db *db;

	if (db_open(getenv("JISHI_TEST_PG"), &db, err, sizeof err) != 0)
		testdb_die("cannot connect to JISHI_TEST_PG", err);
	if (db_exec(db, sql) != 0)
		testdb_die(sql, db_errmsg(db));
	db_close(db);
}

static void
migrate_url(const char *url)
{
	char err[512];
	struct db *db;

	if (db_open(url, &db, err, sizeof err) != 0)
		testdb_die("cannot open test database", err);
	if (migrate_run(db, migrations_builtin, migrations_builtin_count, NULL, err,
	    sizeof err) != 0)
		testdb_die("migrate", err);
	db_close(db);
}

/* Drop the template when the process ends. */
static void
template_cleanup(void)
{
	char sql[128];

	if (template_name[0] == '\0')
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", template_name);
	admin_exec(sql);
}

void
testdb_create(enum testdb_store s, char *url, size_t len)
{
	char name[64], sql[256];

	log_set_level(LOG_LVL_WARN);   /* no "applied migration" line per test */
	if (s == TESTDB_SQLITE) {
		char dir[] = "/tmp/jishi-test-XXXXXX";

		if (mkdtemp(dir) == NULL)
			testdb_die("mkdtemp", "failed");
		snprintf(url, len, "sqlite:%s/jishi.db", dir);
		migrate_url(url);
		return;
	}
	if (!testdb_have_pg())
		testdb_die("PostgreSQL test requested", "JISHI_TEST_PG is not set");
	if (template_name[0] == '\0') {
		char turl[1024];

		snprintf(template_name, sizeof template_name, "jt_tmpl_%ld", (long)getpid());
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", template_name);
		admin_exec(sql);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", template_name);
		admin_exec(sql);
		pg_url_with_db(template_name, turl, sizeof turl);
		migrate_url(turl);
		atexit(template_cleanup);
	}
	snprintf(name, sizeof name, "jt_%ld_%d", (long)getpid(), ++testdb_seq);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
	admin_exec(sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY", name,
	    template_name);
	admin_exec(sql);
	pg_url_with_db(name, url, len);
}

void
testdb_drop(const char *url)
{
	char path[1024], sql[256];
	const char *p, *end;
	size_t n;

	if (strncmp(url, "sqlite:", 7) == 0) {
		snprintf(path, sizeof path, "%s", url + 7);
		unlink(path);
		strncat(path, "-wal", sizeof path - strlen(path) - 1);
		unlink(path);
		snprintf(path, sizeof path, "%s-shm", url + 7);
		unlink(path);
		snprintf(path, sizeof path, "%s", url + 7);
		if ((p = strrchr(path, '/')) != NULL) {
			path[p - path] = '\0';
			rmdir(path);
		}
		return;
	}
	/* postgres URL: database name between the third '/' and '?' */
	p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (p == NULL)
		return;
	p++;
	end = strchr(p, '?');
	n = end ? (size_t)(end - p) : strlen(p);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.*s WITH (FORCE)", (int)n, p);
	admin_exec(sql);
}

struct db *
testdb_open_new(enum testdb_store s, char *url, size_t len)
{
	char err[512];
	struct db *db;

	testdb_create(s, url, len);
	if (db_open(url, &db, err, sizeof err) != 0)
		testdb_die("cannot open test database", err);
	return db;
}
