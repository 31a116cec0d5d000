/* db_pg_impl.h: what db_pg.c (statements, rows) and db_pg_exec.c (statements without
 * rows, the pipeline, errors) share of the PostgreSQL backend. Private to them. */
#ifndef JS_DB_PG_IMPL_H
#define JS_DB_PG_IMPL_H

#include <libpq-fe.h>

#include "db_impl.h"

/* Deferred statements in flight before a sync is forced (bounds both sides' buffers). */
#define PG_MAX_PENDING 32

struct pg_conn {
	PGconn *conn;
	unsigned next_name;
	/* Pipeline mode: statements sent and not yet answered (db_step_defer, deferred
	 * BEGIN / SAVEPOINT), their program text for error messages. */
	int npending;
	const char *pending[PG_MAX_PENDING];
	/* Counted for JISHI_DB_STATS (printed at close): statements sent, waits for the
	 * server (round trips). */
	unsigned long nstmt, nwait;
	int draining;         /* dbpg_exec_send's statement and Sync not yet read */
};

#define CONN(db) (((struct pg_conn *)(db)->impl)->conn)

/* Map a failed result (NULL: the connection's error) to a JS_ERR_* code and record its
 * message; the same for a libpq call that failed, with what it was. */
int dbpg_result_err(struct db *db, const PGresult *res);
int dbpg_conn_err(struct db *db, const char *what);

/*
 * Pipeline mode (docs/db.md). dbpg_pipeline_finish: Sync and read every pending result
 * (the waiting statement's, the last one sent, into *last when last is not NULL), then
 * leave pipeline mode; dbpg_sync: the same with no waiting statement, after draining;
 * dbpg_defer_room: room for one more deferred statement, in pipeline mode;
 * dbpg_send_failed: the error of a failed send, out of pipeline mode when nothing else
 * is in flight; dbpg_drain: read what dbpg_exec_send left in flight.
 */
int dbpg_pipeline_finish(struct db *db, PGresult **last);
int dbpg_sync(struct db *db);
int dbpg_defer_room(struct db *db);
int dbpg_send_failed(struct db *db);
int dbpg_drain(struct db *db);

/* The db_ops of statements without rows: exec, exec_defer, exec_send. */
int dbpg_exec(struct db *db, const char *sql);
int dbpg_exec_defer(struct db *db, const char *sql);
int dbpg_exec_send(struct db *db, const char *sql);

#endif
