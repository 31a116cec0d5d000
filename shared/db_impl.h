/* db_impl.h: what db.c shares with its two backends; nothing outside shared/db*.c includes it. */
#ifndef JS_DB_IMPL_H
#define JS_DB_IMPL_H

#include "db.h"

struct db_ops {
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db *db, struct db_stmt *st);  /* compile st->native_sql */
	void (*finalize)(struct db_stmt *st);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t n);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	int64_t (*changes)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);                  /* also clears bindings */
	int (*col_count)(struct db_stmt *st);
	int (*col_is_null)(struct db_stmt *st, int i);
	int64_t (*col_int64)(struct db_stmt *st, int i);
	const char *(*col_text)(struct db_stmt *st, int i);
	const void *(*col_blob)(struct db_stmt *st, int i, size_t *len);
	void (*close)(struct db *db);
	/* Optional (NULL: db.c runs the statement at once). Only called inside a
	 * transaction; see db_step_defer in db.h and docs/db.md. */
	int (*step_defer)(struct db_stmt *st);              /* send, do not wait */
	int (*exec_defer)(struct db *db, const char *sql);  /* one statement, no rows */
	int (*sync)(struct db *db);                         /* wait for all deferred */
	/* Optional (NULL: db_exec): a statement that ends a read-only transaction, on
	 * the wire now, its result read with the next statement's (db_tx_snapshot). */
	int (*exec_send)(struct db *db, const char *sql);
	unsigned long (*round_trips)(const struct db *db);  /* optional: 0 */
};

struct db_stmt {
	struct db *db;
	char *sql;            /* the program's text: the cache key */
	char *native_sql;     /* translated for the backend */
	unsigned hash;
	int active;           /* stepped and not yet reset */
	int64_t changes;      /* SQLite: rows changed when st last ran to completion */
	struct db_stmt *next; /* hash chain */
	void *impl;           /* backend state */
};

#define DB_CACHE_BUCKETS 256

struct db {
	enum db_dialect dialect;
	const struct db_ops *ops;
	void *impl;
	int tx_depth;
	int in_snapshot;           /* the open transaction is db_tx_snapshot's own */
	unsigned savepoint_seq;
	char errmsg[512];
	struct db_stmt *cache[DB_CACHE_BUCKETS];
};

/* Backends: open the connection, set db->ops/impl. */
int db_sqlite_open(struct db *db, const char *path);
/* SQLite's wait for the write lock: ms to sleep before try tries + 1, 0: give up. */
int db_sqlite_busy_nap(int tries);
int db_pg_open(struct db *db, const char *conninfo);

/* Record an error text for db_errmsg. */
void db_set_error(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Translate program SQL for SQLite: $N -> ?N and FOR UPDATE clauses dropped, outside
 * quotes and comments. Returns a new string (caller frees) or NULL on out of memory.
 */
char *db_sql_for_sqlite(const char *sql);

#endif
