/* db_pg_exec.c: PostgreSQL statements without rows (exec, deferred, sent and not waited
 * for), the pipeline that carries deferred statements, and the mapping of errors. */
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "db_pg_impl.h"
#include "err.h"

/* Map a failed result to a JS_ERR_* code and record its message. */
int
dbpg_result_err(struct db *db, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(CONN(db));
	size_t n;

	db_set_error(db, "postgres: %s%s%s", state ? state : "", state ? " " : "", msg);
	n = strlen(db->errmsg);
	while (n > 0 && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
	if (state == NULL)
		return JS_ERR_DB;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return JS_ERR_BUSY;      /* serialization failure, deadlock, lock not available */
	if (strcmp(state, "23505") == 0)
		return JS_ERR_EXISTS;
	if (strncmp(state, "23", 2) == 0)
		return JS_ERR_CONSTRAINT;
	if (strcmp(state, "54000") == 0)
		return JS_ERR_TOO_BIG;
	return JS_ERR_DB;
}

int
dbpg_conn_err(struct db *db, const char *what)
{
	db_set_error(db, "postgres: %s: %s", what, PQerrorMessage(CONN(db)));
	return JS_ERR_DB;
}

/*
 * Pipeline mode (docs/db.md): db_step_defer and the deferred BEGIN / SAVEPOINT only
 * send. The next statement that must wait - one whose rows or count are read, COMMIT,
 * RELEASE - is sent behind them, then a Sync, and all their results are read in order:
 * the deferred statements and the waiting one cost one round trip together. A failed
 * deferred statement makes the server skip the rest up to the Sync, so the waiting
 * statement reports that first error instead of its own result.
 */
static int
pg_pipeline_enter(struct db *db)
{
	if (PQpipelineStatus(CONN(db)) == PQ_PIPELINE_ON)
		return 0;
	return PQenterPipelineMode(CONN(db)) == 1 ? 0 : dbpg_conn_err(db, "pipeline");
}

/*
 * Sync and read every pending result, then leave pipeline mode. When `last` is not
 * NULL the last statement sent is the waiting one: its result goes to *last (NULL when
 * it failed or was skipped). Returns the first error, else 0.
 */
int
dbpg_pipeline_finish(struct db *db, PGresult **last)
{
	struct pg_conn *pc = db->impl;
	int n = pc->npending + (last != NULL), i, r = 0;
	PGresult *res;

	if (last != NULL)
		*last = NULL;
	pc->nwait++;
	if (PQpipelineSync(pc->conn) != 1) {
		r = dbpg_conn_err(db, "pipeline sync");
		n = 0;
	}
	for (i = 0; i < n; i++) {
		ExecStatusType s;

		if ((res = PQgetResult(pc->conn)) == NULL) {
			if (r == 0)
				r = dbpg_conn_err(db, "pipeline result missing");
			break;
		}
		s = PQresultStatus(res);
		if (s == PGRES_FATAL_ERROR && r == 0) {
			r = dbpg_result_err(db, res);
			if (i < pc->npending) {
				size_t len = strlen(db->errmsg);

				snprintf(db->errmsg + len, sizeof db->errmsg - len,
				    " (deferred: %.120s)", pc->pending[i]);
			}
		}
		if (last != NULL && i == n - 1 && s != PGRES_FATAL_ERROR &&
		    s != PGRES_PIPELINE_ABORTED)
			*last = res;
		else
			PQclear(res);
		/* Each statement's results end with a NULL. */
		if ((res = PQgetResult(pc->conn)) != NULL) {
			PQclear(res);
			if (r == 0)
				r = dbpg_conn_err(db, "pipeline out of step");
			break;
		}
	}
	pc->npending = 0;
	if (i == n) {
		res = PQgetResult(pc->conn);
		if (PQresultStatus(res) != PGRES_PIPELINE_SYNC && r == 0)
			r = dbpg_conn_err(db, "pipeline sync missing");
		PQclear(res);
	}
	if (PQexitPipelineMode(pc->conn) != 1 && r == 0)
		r = dbpg_conn_err(db, "pipeline exit");
	if (r == 0 && last != NULL && *last == NULL)
		r = dbpg_conn_err(db, "pipeline result lost");
	if (r != 0 && last != NULL && *last != NULL) {
		PQclear(*last);
		*last = NULL;
	}
	return r;
}

int
dbpg_sync(struct db *db)
{
	struct pg_conn *pc = db->impl;
	int r;

	if ((r = dbpg_drain(db)) != 0)
		return r;
	if (pc->npending == 0)
		return 0;
	return dbpg_pipeline_finish(db, NULL);
}

/*
 * A deferred send failed (the connection is broken): with nothing else in flight, leave
 * pipeline mode so that later statements do not all fail with "not allowed in pipeline
 * mode" instead of the connection's own error.
 */
int
dbpg_send_failed(struct db *db)
{
	struct pg_conn *pc = db->impl;
	int r = dbpg_conn_err(db, "send");

	if (pc->npending == 0)
		(void)PQexitPipelineMode(pc->conn);
	return r;
}

/* Make room for one more deferred statement and enter pipeline mode. */
int
dbpg_defer_room(struct db *db)
{
	struct pg_conn *pc = db->impl;
	int r;

	if ((r = dbpg_drain(db)) != 0)
		return r;
	if (pc->npending >= PG_MAX_PENDING && (r = dbpg_sync(db)) != 0)
		return r;
	return pg_pipeline_enter(db);
}

int
dbpg_exec_defer(struct db *db, const char *sql)
{
	struct pg_conn *pc = db->impl;
	int r;

	if ((r = dbpg_defer_room(db)) != 0)
		return r;
	if (PQsendQueryParams(pc->conn, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
		return dbpg_send_failed(db);
	pc->nstmt++;
	pc->pending[pc->npending++] = sql[0] == 'B' ? "BEGIN" : sql[1] == 'A' ? "SAVEPOINT" :
	    "SET LOCAL";
	return 0;
}

/*
 * A read-only transaction's ROLLBACK (db_tx_snapshot), sent with a Sync and not waited
 * for: the server ends the transaction and goes idle at once, and its two results are
 * read (dbpg_drain) when the connection is next used, by which time they have long
 * arrived. Waiting for them here cost every search a round trip (~40 µs of 0.6-0.8 ms
 * for a browse). With anything still in flight it is an ordinary statement.
 */
int
dbpg_exec_send(struct db *db, const char *sql)
{
	struct pg_conn *pc = db->impl;
	int r;

	if (pc->npending > 0 || pc->draining)
		return dbpg_exec(db, sql);
	if ((r = pg_pipeline_enter(db)) != 0)
		return r;
	pc->nstmt++;
	if (PQsendQueryParams(pc->conn, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
		return dbpg_send_failed(db);
	if (PQpipelineSync(pc->conn) != 1)
		return dbpg_conn_err(db, "pipeline sync");
	pc->draining = 1;
	return 0;
}

/* Read what dbpg_exec_send left in flight (its result, then its Sync); leave pipeline
 * mode. */
int
dbpg_drain(struct db *db)
{
	struct pg_conn *pc = db->impl;
	PGresult *res;
	int r = 0, i;

	if (!pc->draining)
		return 0;
	pc->draining = 0;
	for (i = 0; i < 3; i++) {
		ExecStatusType want = i == 0 ? PGRES_COMMAND_OK : PGRES_PIPELINE_SYNC;

		res = PQgetResult(pc->conn);
		if (i == 1) {                 /* the statement's results end with a NULL */
			if (res != NULL && r == 0)
				r = dbpg_conn_err(db, "pipeline out of step");
			PQclear(res);
			continue;
		}
		if (res == NULL) {            /* nothing more will come: the connection broke */
			if (r == 0)
				r = dbpg_conn_err(db, "pipeline drain");
			break;
		}
		/* a failed statement's NULL and the Sync still follow: read them too */
		if (PQresultStatus(res) != want && r == 0)
			r = PQresultStatus(res) == PGRES_FATAL_ERROR ? dbpg_result_err(db, res) :
			    dbpg_conn_err(db, "pipeline drain");
		PQclear(res);
	}
	if (PQexitPipelineMode(pc->conn) != 1 && r == 0)
		r = dbpg_conn_err(db, "pipeline exit");
	return r;
}

int
dbpg_exec(struct db *db, const char *sql)
{
	struct pg_conn *pc = db->impl;
	PGresult *res;
	ExecStatusType s;
	int r = 0;

	if ((r = dbpg_drain(db)) != 0)
		return r;
	pc->nstmt++;
	if (pc->npending > 0) {
		if (strchr(sql, ';') != NULL) {
			/* Several statements need the simple protocol: no pipeline. */
			if ((r = dbpg_sync(db)) != 0)
				return r;
			res = PQexec(pc->conn, sql);
		} else {
			/* COMMIT, RELEASE ...: behind the deferred ones, one round trip. */
			if (PQsendQueryParams(pc->conn, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
				return dbpg_conn_err(db, "send");
			if ((r = dbpg_pipeline_finish(db, &res)) != 0)
				return r;
		}
	} else {
		pc->nwait++;
		res = PQexec(pc->conn, sql);
	}
	s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		r = dbpg_result_err(db, res);
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0 &&
	    strcmp(sql, "COMMIT") == 0) {
		/* COMMIT of a transaction an earlier error aborted "succeeds" as ROLLBACK. */
		db_set_error(db, "postgres: transaction was aborted, commit rolled back");
		r = JS_ERR_DB;
	}
	PQclear(res);
	return r;
}
