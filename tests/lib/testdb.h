/* testdb.h: fresh databases for tests, on SQLite always and PostgreSQL when configured. */
#ifndef JS_TESTDB_H
#define JS_TESTDB_H

#include <stddef.h>

#include "db.h"

enum testdb_store { TESTDB_SQLITE, TESTDB_PG };

/*
 * PostgreSQL is used when JISHI_TEST_PG holds a URL of a server where the user may
 * CREATE DATABASE (tests/run sets it to a throwaway server when it is not set).
 */
int testdb_have_pg(void);
const char *testdb_store_name(enum testdb_store s);

/*
 * Create a new empty database on store s with all migrations applied and write its URL
 * into url. Each call gives a separate database; testdb_drop removes it.
 * Exits the test program with a message on failure (tests cannot go on without it).
 */
void testdb_create(enum testdb_store s, char *url, size_t len);
void testdb_drop(const char *url);

/* testdb_create + db_open; *db is the caller's. */
struct db *testdb_open_new(enum testdb_store s, char *url, size_t len);

#endif
